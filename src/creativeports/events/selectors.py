"""Reads of events: what a reader may see, the programme as a grid, agendas and calendar entries."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from creativeports.events import permissions
from creativeports.events.ical import CalendarEntry
from creativeports.events.models import B2BSettings, Event, Meeting, Registration, Session, Speaker, Star


def events_visible(*, user: Any) -> QuerySet[Event]:
    return (
        Event.objects.filter(permissions.visible_events_q(user))
        .distinct()
        .select_related("country")
        .prefetch_related("organisers", "organiser_links__organisation")
    )


def event_get_visible(*, user: Any, slug: str) -> Event:
    """One event the reader may see; missing and hidden both raise the same Http404."""
    event = events_visible(user=user).filter(slug=slug).first()
    if event is None:
        raise Http404("No such event.")
    return event


@dataclass(frozen=True)
class ProgrammeFilters:
    kind: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    room: tuple[int, ...] = ()

    @classmethod
    def from_query(cls, query: Any) -> ProgrammeFilters:
        kinds = tuple(k for k in query.getlist("kind") if k in Session.Kind.values)
        languages = tuple(code[:8] for code in query.getlist("language") if code)
        rooms = tuple(int(r) for r in query.getlist("room") if r.isdigit())
        return cls(kind=kinds, language=languages, room=rooms)

    @property
    def active(self) -> bool:
        return bool(self.kind or self.language or self.room)


def programme(*, event: Event, filters: ProgrammeFilters | None = None) -> QuerySet[Session]:
    sessions = (
        event.sessions.select_related("room", "language")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.select_related("organisation")))
        .order_by("starts", "room__position", "id")
    )
    if filters is not None:
        if filters.kind:
            sessions = sessions.filter(kind__in=filters.kind)
        if filters.language:
            sessions = sessions.filter(language_id__in=filters.language)
        if filters.room:
            sessions = sessions.filter(room_id__in=filters.room)
    return sessions


@dataclass
class GridRow:
    starts: dt.datetime
    cells: list[list[Session]]  # one list per room (sessions starting in this row), then "no room"


@dataclass
class GridDay:
    day: dt.date
    rooms: list[str]
    rows: list[GridRow] = field(default_factory=list)


def programme_grid(sessions: Iterable[Session], *, tz: dt.tzinfo) -> list[GridDay]:
    """The programme by day, then by start time, one column per room used that day (and one for
    sessions without a room): a table that stays readable however many tracks run in parallel,
    since empty rooms are left out per day."""
    days: dict[dt.date, list[Session]] = {}
    for session in sessions:
        days.setdefault(session.starts.astimezone(tz).date(), []).append(session)
    grid = []
    for day, day_sessions in sorted(days.items()):
        rooms: list[Any] = []
        for session in day_sessions:
            if session.room not in rooms:
                rooms.append(session.room)
        rooms.sort(key=lambda r: (r is None, r.position if r else 0, r.name if r else ""))
        column = {room: i for i, room in enumerate(rooms)}
        rows: dict[dt.datetime, GridRow] = {}
        for session in day_sessions:
            row = rows.setdefault(session.starts, GridRow(starts=session.starts, cells=[[] for _ in rooms]))
            row.cells[column[session.room]].append(session)
        grid.append(GridDay(day=day, rooms=[r.name if r else "" for r in rooms], rows=[rows[k] for k in sorted(rows)]))
    return grid


def registration_of(*, user: Any, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, user=user).first()


def starred_ids(*, user: Any, event: Event) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Star.objects.filter(user=user, session__event=event).values_list("session_id", flat=True))


def participants_listed(*, event: Event) -> QuerySet[Registration]:
    """Confirmed participants who agreed to be listed (what other participants may see)."""
    return (
        event.registrations.filter(status=Registration.Status.CONFIRMED, share_consent=True)
        .select_related("user", "organisation")
        .order_by("user__full_name", "id")
    )


def registrations_for_organiser(*, event: Event) -> QuerySet[Registration]:
    return event.registrations.select_related("user", "organisation").order_by("status", "status_changed", "id")


def user_time_zone(request: Any, default: str) -> zoneinfo.ZoneInfo:
    """The reader's time zone: the `tz` query parameter or cookie (set by the page's zone picker),
    else the event's."""
    for candidate in (request.GET.get("tz"), request.COOKIES.get("tz")):
        if candidate and candidate in zoneinfo.available_timezones():
            return zoneinfo.ZoneInfo(candidate)
    return zoneinfo.ZoneInfo(default)


def _uid(kind: str, pk: int) -> str:
    """A calendar entry's stable, globally unique id: kind, id and the site's host name."""
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname or 'creativeports'}"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def session_entries(sessions: Iterable[Session], *, join_link: str = "") -> list[CalendarEntry]:
    """Calendar entries for sessions; the event's stream link only when the reader may see it."""
    entries = []
    for session in sessions:
        lines = [session.description]
        speakers = ", ".join(s.name for s in session.speakers.all())
        if speakers:
            lines.append(speakers)
        if join_link:
            lines.append(join_link)
        location = " · ".join(p for p in (session.room.name if session.room else "", session.event.venue) if p)
        entries.append(
            CalendarEntry(
                uid=_uid("session", session.pk),
                summary=session.title,
                starts=session.starts,
                ends=session.ends,
                description="\n\n".join(p for p in lines if p),
                location=location,
                url=_absolute(session.get_absolute_url()),
                categories=(session.get_kind_display(),),
                status="CANCELLED" if session.event.status == Event.Status.CANCELLED else "CONFIRMED",
                last_modified=session.updated,
            )
        )
    return entries


def personal_entries(*, user: Any) -> list[CalendarEntry]:
    """A person's feed: the sessions they starred at events they may still see."""
    sessions = (
        Session.objects.filter(stars__user=user, event__in=events_visible(user=user))
        .select_related("event", "room")
        .prefetch_related("speakers")
        .order_by("starts")
    )
    entries: list[CalendarEntry] = []
    links: dict[int, str] = {}
    for session in sessions:
        if session.event_id not in links:
            links[session.event_id] = (
                session.event.stream_url if permissions.can_see_join_link(user, session.event) else ""
            )
        entries += session_entries([session], join_link=links[session.event_id])
    return entries + meeting_entries(user=user)


# Minutes per B2B meeting when the organisers set none.
DEFAULT_SLOT_MINUTES = 20


def b2b_slots(event: Event) -> list[tuple[dt.datetime, dt.datetime]]:
    """The meeting slots, numbered from 0 in time order: each B2B block of the programme cut into
    meetings of the event's length."""
    minutes = B2BSettings.objects.filter(event=event).values_list("slot_minutes", flat=True).first()
    length = dt.timedelta(minutes=minutes or DEFAULT_SLOT_MINUTES)
    slots = []
    for block in event.sessions.filter(kind=Session.Kind.B2B).order_by("starts"):
        start = block.starts
        while start + length <= block.ends:
            slots.append((start, start + length))
            start += length
    return slots


def meeting_entries(*, user: Any) -> list[CalendarEntry]:
    """A person's confirmed B2B meetings, with whom, where, and the join link of online ones."""
    mine = Registration.objects.filter(user=user, status=Registration.Status.CONFIRMED)
    meetings = (
        Meeting.objects.filter(Q(a__in=mine) | Q(b__in=mine))
        .select_related("event", "a__user", "b__user", "a__organisation", "b__organisation")
        .order_by("event_id", "slot")
    )
    slots: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    entries = []
    for meeting in meetings:
        event_slots = slots.setdefault(meeting.event_id, b2b_slots(meeting.event))
        if meeting.slot >= len(event_slots):
            continue
        other = meeting.b if meeting.a.user_id == user.pk else meeting.a
        name = other.user.full_name + (f" ({other.organisation.name})" if other.organisation else "")
        if meeting.online:
            where = meeting.event.stream_url
        elif meeting.table_of_id:
            where = str(_("at the exhibitor's table"))
        else:
            where = str(_("table %(number)s") % {"number": (meeting.table or 0) + 1})
        starts, ends = event_slots[meeting.slot]
        entries.append(
            CalendarEntry(
                uid=_uid("meeting", meeting.pk),
                summary=str(_("B2B meeting: %(name)s") % {"name": name}),
                starts=starts,
                ends=ends,
                location=f"{meeting.event.title} · {where}",
                url=_absolute(reverse("events:b2b", args=[meeting.event.slug])),
            )
        )
    return entries
