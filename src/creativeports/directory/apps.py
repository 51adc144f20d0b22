from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "creativeports.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from creativeports.accounts import personal_data
        from creativeports.directory.personal_data import directory_erase, directory_export

        personal_data.register("directory", exporter=directory_export, eraser=directory_erase)
