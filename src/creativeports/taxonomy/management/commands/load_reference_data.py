from typing import Any

from django.core.management.base import BaseCommand

from creativeports.taxonomy.services import reference_data_load


class Command(BaseCommand):
    help = "Create or update countries, languages, CCI domains, NACE codes, SDGs and organisation types."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reference_data_load()
        if options["verbosity"] >= 1:
            for name, count in counts.items():
                self.stdout.write(f"{name}: {count}")
