from typing import Any

from django.core.management.base import BaseCommand

from creativeports.directory.demo.loader import DEMO_PASSWORD, DEMO_USERS, demo_load
from creativeports.taxonomy.services import reference_data_load


class Command(BaseCommand):
    help = "Load reference data and the demo data set (idempotent), then print the demo accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        reference_data_load()
        created = demo_load()
        self.stdout.write(
            f"Demo data: {created['organisations']} organisations and {created['users']} users created "
            "(existing ones kept)."
        )
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.role:<28} {user.email}")
