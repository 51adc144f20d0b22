"""`creativeports load_demo_calls`: the demo partner calls (after `load_demo`, whose organisations post them)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from creativeports.matching.demo import calls_demo_load


class Command(BaseCommand):
    help = "Create the demo partner calls (three open, one closed) if missing."

    def handle(self, *args: Any, **options: Any) -> None:
        created = calls_demo_load()
        self.stdout.write(f"Demo partner calls: {created} created (existing ones kept).")
