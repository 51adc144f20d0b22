"""`creativeports load_demo_events`: the demo events (after `load_demo`, whose organisations organise them)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from creativeports.events.demo import events_demo_load


class Command(BaseCommand):
    help = "Create the demo events (a past hybrid conference and an upcoming matchmaking day) if missing."

    def handle(self, *args: Any, **options: Any) -> None:
        created = events_demo_load()
        self.stdout.write(f"Demo events: {created} created (existing ones kept).")
