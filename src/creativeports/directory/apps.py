from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "creativeports.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from creativeports.accounts import personal_data
        from creativeports.directory.personal_data import directory_erase, directory_export

        personal_data.register("directory", exporter=directory_export, eraser=directory_erase)
        post_migrate.connect(_restore_sqlite_triggers, sender=self)


def _restore_sqlite_triggers(using: str = "default", **kwargs: Any) -> None:
    """Django alters a SQLite table by rebuilding it, which drops its triggers: put them back."""
    from django.db import connections

    from creativeports.directory.listing import changes
    from creativeports.directory.search import sqlite

    connection = connections[using]
    if connection.vendor == "sqlite":
        sqlite.ensure_triggers(connection)
        changes.ensure_triggers(connection)
