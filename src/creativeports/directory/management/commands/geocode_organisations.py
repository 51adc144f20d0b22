from typing import Any

from django.core.management.base import BaseCommand

from creativeports.directory.services.geocoding import organisations_geocode_missing


class Command(BaseCommand):
    help = "Place organisations without coordinates at their city's (offline gazetteer), flagged approximate."

    def handle(self, *args: Any, **options: Any) -> None:
        placed, not_found = organisations_geocode_missing()
        self.stdout.write(f"{placed} organisations placed at their city; {not_found} cities not found.")
