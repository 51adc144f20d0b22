"""SQLite's search index: triggers that fold the letters FTS5's `remove_diacritics` keeps (ł, ø, æ, ß, ð,
þ...), and every row reindexed so, as PostgreSQL's unaccent already does. See directory.search.sqlite."""

from django.db import migrations


def reinstall(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from creativeports.directory.search import sqlite

    with schema_editor.connection.cursor() as cursor:
        sqlite.reinstall(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_organisation_identity_keys"),
    ]

    operations = [
        migrations.RunPython(reinstall, reinstall, elidable=False),
    ]
