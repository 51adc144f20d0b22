"""The organiser's dashboard of an event: registrations over time, B2B requests and meetings,
participants by country and CCI domain.

Each figure is one aggregate query, run on first use (a download of one table runs only the
queries that table needs). The tables are what the page shows and people download; the charts
are geometry for server-drawn SVG (no JavaScript, no inline styles: the CSP forbids them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from creativeports.events.models import Event, Meeting, MeetingRequest, Registration
from creativeports.taxonomy.models import CciDomain, Country

Cell = str | int | dt.date
# The page's sections in order, by the name their download asks for (`?format=csv&table=<name>`).
SECTIONS = ("summary", "registrations", "requests", "meetings", "countries", "domains")


def _percent(part: int, whole: int) -> int:
    return (200 * part + whole) // (2 * whole) if whole else 0  # rounded half up, in integers


# --- Reads --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationDay:
    """Registrations made on one day, by their status now, and all made up to that day."""

    day: dt.date
    confirmed: int
    waiting: int
    cancelled: int
    cumulative: int

    @property
    def total(self) -> int:
        return self.confirmed + self.waiting + self.cancelled


def registrations_per_day(*, event: Event) -> list[RegistrationDay]:
    """Every day from the first registration to the last (days without any included, so the
    running total reads as a line over time), by the day in the event's time zone. One query.

    A registration counts on the day it was first made: someone who cancels and registers again
    keeps their row (services.registration), so they stay on that first day, with their status now.
    """
    rows = (
        Registration.objects.filter(event=event)
        .annotate(day=TruncDate("created", tzinfo=event.tz))
        .values("day", "status")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts: dict[dt.date, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["day"], {})[row["status"]] = row["count"]
    if not counts:
        return []
    days: list[RegistrationDay] = []
    day, last, running = min(counts), max(counts), 0
    while day <= last:
        by_status = counts.get(day, {})
        confirmed = by_status.get(Registration.Status.CONFIRMED, 0)
        waiting = by_status.get(Registration.Status.WAITING, 0)
        cancelled = by_status.get(Registration.Status.CANCELLED, 0)
        running += confirmed + waiting + cancelled
        days.append(RegistrationDay(day, confirmed, waiting, cancelled, running))
        day += dt.timedelta(days=1)
    return days


@dataclass(frozen=True)
class RequestCounts:
    accepted: int
    declined: int
    pending: int

    @property
    def total(self) -> int:
        return self.accepted + self.declined + self.pending

    @property
    def acceptance_percent(self) -> int | None:
        """Accepted of the answered requests, in whole percent (pending ones have no answer yet);
        None before any answer."""
        answered = self.accepted + self.declined
        return _percent(self.accepted, answered) if answered else None


def meeting_request_counts(*, event: Event) -> RequestCounts:
    """The event's meeting requests by status. One query."""
    status = MeetingRequest.Status
    counts = MeetingRequest.objects.filter(event=event).aggregate(
        accepted=Count("id", filter=Q(status=status.ACCEPTED)),
        declined=Count("id", filter=Q(status=status.DECLINED)),
        pending=Count("id", filter=Q(status=status.PENDING)),
    )
    return RequestCounts(accepted=counts["accepted"], declined=counts["declined"], pending=counts["pending"])


@dataclass(frozen=True)
class MeetingCounts:
    scheduled: int
    held: int


def meeting_counts(*, event: Event) -> MeetingCounts:
    """Meetings booked or scheduled, and those held. One query.

    "Held": a participant said so in the feedback survey (MeetingFeedback.happened), or, without
    an answer, both participants were checked in at the event."""
    said_held = Q(feedback__happened=True)
    said_not = Q(feedback__happened=False)
    counts = Meeting.objects.filter(event=event).aggregate(
        scheduled=Count("id", distinct=True),
        held=Count(
            "id",
            distinct=True,
            filter=said_held | (~said_not & Q(a__checked_in__isnull=False, b__checked_in__isnull=False)),
        ),
    )
    return MeetingCounts(scheduled=counts["scheduled"], held=counts["held"])


@dataclass(frozen=True)
class Share:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Breakdown:
    """Counts by category, largest first, and how many had no category to count under."""

    shares: list[Share]
    without: int


def _breakdown(
    rows: Iterable[Mapping[str, Any]], code_key: str, names_key: str, taxonomy: type[Country | CciDomain]
) -> Breakdown:
    shares, without = [], 0
    for row in rows:
        if row[code_key] is None:
            without += row["count"]
            continue
        # Labels from the names already read: the active language, as everywhere else.
        label = taxonomy(pk=row[code_key], names=row[names_key] or {}).label
        shares.append(Share(code=row[code_key], label=label, count=row["count"]))
    shares.sort(key=lambda share: (-share.count, share.label))
    return Breakdown(shares=shares, without=without)


def _participants(event: Event) -> QuerySet[Registration]:
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)


def participants_by_country(*, event: Event) -> Breakdown:
    """Confirmed participants by the country of the organisation they registered with; `without`
    counts those who registered without an organisation. One query."""
    rows = (
        _participants(event)
        .values("organisation__country", "organisation__country__names")
        .annotate(count=Count("id"))
        .order_by()
    )
    return _breakdown(rows, "organisation__country", "organisation__country__names", Country)


def participants_by_domain(*, event: Event) -> Breakdown:
    """Confirmed participants with an organisation, by that organisation's CCI domains (someone
    counts once per domain, so the counts may add up to more than the participants); `without`
    counts those whose organisation names no domain. One query."""
    rows = (
        _participants(event)
        .filter(organisation__isnull=False)
        .values("organisation__domains", "organisation__domains__names")
        .annotate(count=Count("id"))
        .order_by()
    )
    return _breakdown(rows, "organisation__domains", "organisation__domains__names", CciDomain)


# --- Charts (geometry in the SVG's own units; the template draws it) ---------------------------

CHART_WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 10
BAR_LABEL_WIDTH = 210  # room for the category names left of the bars
BAR_VALUE_ROOM = 56  # room for the number right of the longest bar
LABEL_CHARS = 28  # longer names are shortened in the chart; the table below has them in full
MAX_MARKERS = 62  # a dot per day up to two months; beyond, the line alone stays readable


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    tone: str  # CSS class suffix: brand, accent, danger, muted
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    bar_x: int
    bar_height: int
    label_x: int


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(items: Sequence[tuple[str, int, str]]) -> BarChart:
    """Horizontal bars for (label, value, tone) items, scaled to the largest value."""
    largest = max((value for _label, value, _tone in items), default=0) or 1
    span = CHART_WIDTH - BAR_LABEL_WIDTH - BAR_VALUE_ROOM
    bars = []
    for index, (label, value, tone) in enumerate(items):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        width = round(span * value / largest)
        bars.append(
            Bar(
                label=_shorten(label),
                value=value,
                tone=tone,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 6,
                value_x=BAR_LABEL_WIDTH + width + 6,
            )
        )
    return BarChart(
        bars=bars,
        width=CHART_WIDTH,
        height=BAR_GAP + len(bars) * (BAR_HEIGHT + BAR_GAP),
        bar_x=BAR_LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        label_x=BAR_LABEL_WIDTH - 8,
    )


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    day: dt.date
    value: int


@dataclass(frozen=True)
class YTick:
    y: int
    text_y: int
    value: int


@dataclass(frozen=True)
class XTick:
    x: int
    day: dt.date
    anchor: str  # SVG text-anchor, so the first and last dates stay inside the chart


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    bottom: int
    label_x: int
    date_y: int
    points: list[Point]
    polyline: str
    y_ticks: list[YTick]
    x_ticks: list[XTick]
    markers: bool


def line_chart(series: Sequence[tuple[dt.date, int]]) -> LineChart:
    """A line through (day, value) points, evenly spaced by day, from zero to the largest value."""
    left, right, top, bottom = 48, CHART_WIDTH - 24, 16, 200
    largest = max((value for _day, value in series), default=0) or 1
    last = max(len(series) - 1, 1)
    points = []
    for index, (day, value) in enumerate(series):
        x = left + round((right - left) * index / last) if len(series) > 1 else (left + right) // 2
        points.append(Point(x=x, y=bottom - round((bottom - top) * value / largest), day=day, value=value))
    tick_values = sorted({0, largest // 2, largest}) if largest >= 4 else list(range(largest + 1))
    y_ticks = [
        YTick(y=(y := bottom - round((bottom - top) * value / largest)), text_y=y + 4, value=value)
        for value in tick_values
    ]
    x_ticks = []
    if points:
        x_ticks.append(XTick(x=points[0].x, day=points[0].day, anchor="start" if len(points) > 1 else "middle"))
    if len(points) > 2:
        middle = points[len(points) // 2]
        x_ticks.append(XTick(x=middle.x, day=middle.day, anchor="middle"))
    if len(points) > 1:
        x_ticks.append(XTick(x=points[-1].x, day=points[-1].day, anchor="end"))
    return LineChart(
        width=CHART_WIDTH,
        height=bottom + 32,
        left=left,
        right=right,
        bottom=bottom,
        label_x=left - 8,
        date_y=bottom + 22,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        markers=len(points) <= MAX_MARKERS,
    )


# --- The page: one section per table, with its chart --------------------------------------------


@dataclass(frozen=True)
class Table:
    caption: str
    header: list[str]
    rows: list[list[Cell]]  # the first cell of a row names it (a row header on the page)


@dataclass(frozen=True)
class Section:
    name: str  # also the `table` parameter of its download
    title: str
    table: Table
    summary: str = ""  # the chart in one sentence, for people who cannot see it
    note: str = ""
    empty: str = ""  # said instead of chart and table while there is nothing to show
    bar_chart: BarChart | None = None
    line_chart: LineChart | None = None


def _day(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


class EventDashboard:
    """The organiser's figures for one event; each query runs once, when first needed."""

    def __init__(self, event: Event) -> None:
        self.event = event

    @cached_property
    def days(self) -> list[RegistrationDay]:
        return registrations_per_day(event=self.event)

    @cached_property
    def requests(self) -> RequestCounts:
        return meeting_request_counts(event=self.event)

    @cached_property
    def meetings(self) -> MeetingCounts:
        return meeting_counts(event=self.event)

    @cached_property
    def countries(self) -> Breakdown:
        return participants_by_country(event=self.event)

    @cached_property
    def domains(self) -> Breakdown:
        return participants_by_domain(event=self.event)

    @property
    def has_b2b(self) -> bool:
        return self.event.b2b_mode != Event.B2BMode.NONE or bool(self.requests.total or self.meetings.scheduled)

    def sections(self) -> list[Section]:
        """What the page shows, in order (the B2B sections only for events with B2B meetings)."""
        names = [name for name in SECTIONS if self.has_b2b or name not in ("requests", "meetings")]
        return [self.section(name) for name in names]

    def section(self, name: str) -> Section:
        """One section by name (one of SECTIONS); KeyError for any other."""
        builders: dict[str, Callable[[], Section]] = {
            "summary": self._summary,
            "registrations": self._registrations,
            "requests": self._requests,
            "meetings": self._meetings,
            "countries": self._countries,
            "domains": self._domains,
        }
        return builders[name]()

    def _summary(self) -> Section:
        rows: list[list[Cell]] = [
            [_("Confirmed participants"), sum(day.confirmed for day in self.days)],
            [_("On the waiting list"), sum(day.waiting for day in self.days)],
            [_("Cancelled registrations"), sum(day.cancelled for day in self.days)],
        ]
        if self.has_b2b:
            rate = self.requests.acceptance_percent
            rows += [
                [_("Meeting requests"), self.requests.total],
                # A label, never formatted: "% o" is not a placeholder.
                # xgettext:no-python-format
                [_("Acceptance rate (% of answered requests)"), _("no answers yet") if rate is None else rate],
                [_("Meetings scheduled"), self.meetings.scheduled],
                [_("Meetings held"), self.meetings.held],
            ]
        return Section(
            name="summary",
            title=_("Key figures"),
            table=Table(caption=_("Key figures of the event"), header=[_("Figure"), _("Number")], rows=rows),
        )

    def _registrations(self) -> Section:
        days = self.days
        rows: list[list[Cell]] = [[d.day, d.confirmed, d.waiting, d.cancelled, d.total, d.cumulative] for d in days]
        summary = ""
        if days:
            total = days[-1].cumulative
            summary = ngettext(
                "Registrations over time: %(count)s registration from %(first)s to %(last)s.",
                "Registrations over time: %(count)s registrations from %(first)s to %(last)s.",
                total,
            ) % {"count": total, "first": _day(days[0].day), "last": _day(days[-1].day)}
        return Section(
            name="registrations",
            title=_("Registrations over time"),
            table=Table(
                caption=_("Registrations per day, by their status now"),
                header=[_("Day"), _("Confirmed"), _("Waiting"), _("Cancelled"), _("That day"), _("All so far")],
                rows=rows,
            ),
            summary=summary,
            note=_(
                "Days in the event's time zone. Each registration counts on the day it was made, with its "
                "status now; someone who cancelled and registered again counts on the day of their first "
                "registration."
            ),
            empty=_("Nobody has registered yet."),
            line_chart=line_chart([(d.day, d.cumulative) for d in days]) if days else None,
        )

    def _requests(self) -> Section:
        counts = self.requests
        items = [
            (_("Accepted"), counts.accepted, "accent"),
            (_("Declined"), counts.declined, "danger"),
            (_("Waiting for an answer"), counts.pending, "muted"),
        ]
        rows: list[list[Cell]] = []
        if counts.total:
            rows = [[label, value, _percent(value, counts.total)] for label, value, _tone in items]
            rows.append([_("All requests"), counts.total, 100])
        rate = counts.acceptance_percent
        return Section(
            name="requests",
            title=_("Meeting requests"),
            table=Table(
                caption=_("Meeting requests by answer"),
                header=[_("Answer"), _("Requests"), _("Share of all requests (%)")],
                rows=rows,
            ),
            summary=ngettext(
                "%(count)s meeting request: %(accepted)s accepted, %(declined)s declined, %(pending)s waiting "
                "for an answer.",
                "%(count)s meeting requests: %(accepted)s accepted, %(declined)s declined, %(pending)s waiting "
                "for an answer.",
                counts.total,
            )
            % {
                "count": counts.total,
                "accepted": counts.accepted,
                "declined": counts.declined,
                "pending": counts.pending,
            },
            note=(
                _("Acceptance rate: no request has been answered yet.")
                if rate is None
                else _("Acceptance rate: %(rate)s%% of the answered requests were accepted.") % {"rate": rate}
            ),
            empty=_("Nobody has asked for a meeting yet."),
            bar_chart=bar_chart(items) if counts.total else None,
        )

    def _meetings(self) -> Section:
        counts = self.meetings
        rows: list[list[Cell]] = []
        if counts.scheduled:
            rows = [
                [_("Scheduled"), counts.scheduled, 100],
                [_("Held"), counts.held, _percent(counts.held, counts.scheduled)],
            ]
        return Section(
            name="meetings",
            title=_("Meetings scheduled and held"),
            table=Table(
                caption=_("B2B meetings scheduled and held"),
                header=[_("Meetings"), _("Number"), _("Share of scheduled (%)")],
                rows=rows,
            ),
            summary=ngettext(
                "%(scheduled)s meeting scheduled, %(held)s held.",
                "%(scheduled)s meetings scheduled, %(held)s held.",
                counts.scheduled,
            )
            % {"scheduled": counts.scheduled, "held": counts.held},
            note=_(
                "A meeting counts as held when a participant says so in the feedback survey or, without "
                "an answer, when both participants were checked in at the event (online meetings too)."
            ),
            empty=_("No meetings are scheduled yet."),
            bar_chart=bar_chart([(_("Scheduled"), counts.scheduled, "brand"), (_("Held"), counts.held, "accent")])
            if counts.scheduled
            else None,
        )

    def _breakdown_section(
        self, *, name: str, title: str, caption: str, first: str, breakdown: Breakdown, note: str, empty: str
    ) -> Section:
        shares = breakdown.shares
        return Section(
            name=name,
            title=title,
            table=Table(
                caption=caption,
                header=[first, _("Participants")],
                rows=[[share.label, share.count] for share in shares],
            ),
            # Translators: a chart's summary, e.g. "Participants by country: Poland 3, Germany 1"
            summary=_("%(title)s: %(counts)s")
            % {"title": title, "counts": ", ".join(f"{share.label} {share.count}" for share in shares)}
            if shares
            else "",
            note=note,
            empty=empty,
            bar_chart=bar_chart([(share.label, share.count, "brand") for share in shares]) if shares else None,
        )

    def _countries(self) -> Section:
        without = self.countries.without
        return self._breakdown_section(
            name="countries",
            title=_("Participants by country"),
            caption=_("Confirmed participants by the country of their organisation"),
            first=_("Country"),
            breakdown=self.countries,
            note=ngettext(
                "Confirmed participants who registered with an organisation, by its country; %(count)s "
                "participant registered without one.",
                "Confirmed participants who registered with an organisation, by its country; %(count)s "
                "participants registered without one.",
                without,
            )
            % {"count": without},
            empty=_("No confirmed participant has registered with an organisation yet."),
        )

    def _domains(self) -> Section:
        without = self.domains.without
        return self._breakdown_section(
            name="domains",
            title=_("Participants by CCI domain"),
            caption=_("Confirmed participants by the CCI domains of their organisation"),
            first=_("CCI domain"),
            breakdown=self.domains,
            note=ngettext(
                "An organisation may work in several domains, so a participant can count more than once; "
                "the organisation of %(count)s participant names no domain.",
                "An organisation may work in several domains, so a participant can count more than once; "
                "the organisations of %(count)s participants name no domain.",
                without,
            )
            % {"count": without},
            empty=_("No confirmed participant's organisation names a CCI domain yet."),
        )
