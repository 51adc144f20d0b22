"""Events for tests: published, public, two days in Warsaw's time zone, a month from now."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.utils import timezone

from creativeports.events.models import Event, EventOrganiser, Room

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def start_day() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30)


def at(day_offset: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(start_day() + dt.timedelta(days=day_offset), dt.time(hour, minute), tzinfo=WARSAW)


def make_event(*, organiser: Any = None, **fields: Any) -> Event:
    values = {
        "title": "Baltic matchmaking day",
        "slug": f"event-{Event.objects.count() + 1}",
        "status": Event.Status.PUBLISHED,
        "starts": at(0, 9),
        "ends": at(1, 17),
        "time_zone": "Europe/Warsaw",
        "mode": Event.Mode.HYBRID,
        "stream_url": "https://meet.example.org/secret-room",
        **fields,
    }
    event = Event.objects.create(**values)
    if organiser is not None:
        EventOrganiser.objects.create(event=event, organisation=organiser)
    return event


def make_room(event: Event, name: str = "Main hall") -> Room:
    return Room.objects.create(event=event, name=name)
