"""A small iCalendar (RFC 5545) writer for the calendar feeds: pure Python, no Django.

`calendar` turns `CalendarEntry` values into one published VCALENDAR (METHOD:PUBLISH) with one
VEVENT each. Times are written in UTC, so the feed needs no VTIMEZONE and every client shows
them in its own zone. The text is returned as `str` with CRLF line endings; serve it encoded as
UTF-8 (`text/calendar; charset=utf-8`), which the folding at 75 octets assumes.

Invalid input raises `ValueError` with one sentence naming the entry: naive datetimes, an entry
that ends before it starts, an empty UID, an unknown status, a negative sequence, and two
entries with the same UID in one calendar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Creative Ports//Events//EN"
STATUSES = frozenset({"CONFIRMED", "TENTATIVE", "CANCELLED"})

# RFC 5545 3.1: content lines are folded at 75 octets, not counting the CRLF.
_LINE_OCTETS = 75
_CRLF = "\r\n"
# C0 and C1 controls except TAB (allowed in TEXT) and LF (escaped as "\n"); CR goes with them, so
# a CRLF becomes one newline. Lone surrogates go too: they cannot be encoded as UTF-8 at all.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# A URI has no escapes and no use for TAB or LF either: all controls go.
_URI_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# RFC 5545 3.3.11; one pass, so a backslash added by an escape is never escaped again.
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT: a session, or a confirmed B2B meeting, as it appears in a feed."""

    # Globally unique and stable across feeds and releases, e.g. "session-42@creativeports.example":
    # calendar clients update an event in place by its UID.
    uid: str
    summary: str
    starts: datetime
    ends: datetime
    description: str = ""
    location: str = ""
    # The entry's page, an absolute URL.
    url: str = ""
    categories: tuple[str, ...] = ()
    status: str = "CONFIRMED"
    # Also the DTSTAMP when given, so an unchanged entry renders the same bytes on every request.
    last_modified: datetime | None = None
    # Raise it on every change of time or place so that clients replace their copy.
    sequence: int = 0

    def __post_init__(self) -> None:
        if not _clean(self.uid).strip():
            raise ValueError("A calendar entry needs a non-empty uid.")
        starts = _utc(self.starts, f"Calendar entry {self.uid!r}: starts")
        ends = _utc(self.ends, f"Calendar entry {self.uid!r}: ends")
        # Compared in UTC at the precision written: the same zone compares wall-clock times and
        # ignores `fold`, which gets the order wrong in the hour repeated when DST ends.
        if ends <= starts:
            raise ValueError(
                f"Calendar entry {self.uid!r}: ends ({_format(ends)}) must be after starts ({_format(starts)})."
            )
        if self.status not in STATUSES:
            raise ValueError(
                f"Calendar entry {self.uid!r}: unknown status {self.status!r}, "
                f"expected one of {', '.join(sorted(STATUSES))}."
            )
        if self.last_modified is not None:
            _utc(self.last_modified, f"Calendar entry {self.uid!r}: last_modified")
        if self.sequence < 0:
            raise ValueError(f"Calendar entry {self.uid!r}: sequence must not be negative, got {self.sequence}.")


def calendar(entries: Iterable[CalendarEntry], *, name: str, description: str = "", stamp: datetime) -> str:
    """The VCALENDAR text (CRLF line endings), one VEVENT per entry.

    `stamp` is the DTSTAMP of entries without `last_modified`. Raises `ValueError` for a naive
    `stamp` and for two entries with the same UID.
    """
    dtstamp = _utc(stamp, "The calendar's stamp")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        # NAME and DESCRIPTION are RFC 7986; the X-WR- forms are what Apple, Google and Outlook read.
        f"NAME:{_text(name)}",
        f"X-WR-CALNAME:{_text(name)}",
    ]
    if _clean(description):
        lines += [f"DESCRIPTION:{_text(description)}", f"X-WR-CALDESC:{_text(description)}"]
    seen: set[str] = set()
    for entry in entries:
        uid = _text(entry.uid)
        if uid in seen:
            raise ValueError(f"Two calendar entries have the uid {entry.uid!r}.")
        seen.add(uid)
        lines += _event(entry, dtstamp)
    lines.append("END:VCALENDAR")
    return "".join(physical + _CRLF for line in lines for physical in _fold(line))


def _event(entry: CalendarEntry, dtstamp: datetime) -> list[str]:
    last_modified = None if entry.last_modified is None else _utc(entry.last_modified, "last_modified")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text(entry.uid)}",
        f"DTSTAMP:{_format(last_modified or dtstamp)}",
        f"DTSTART:{_format(_utc(entry.starts, 'starts'))}",
        f"DTEND:{_format(_utc(entry.ends, 'ends'))}",
        f"SUMMARY:{_text(entry.summary)}",
    ]
    if _clean(entry.description):
        lines.append(f"DESCRIPTION:{_text(entry.description)}")
    if _clean(entry.location):
        lines.append(f"LOCATION:{_text(entry.location)}")
    # A URI value is not TEXT: its commas and semicolons stay as they are. Stripping every control
    # keeps a CR or LF in a stored URL from starting a property of its own.
    url = _URI_CONTROLS.sub("", entry.url).strip()
    if url:
        lines.append(f"URL;VALUE=URI:{url}")
    categories = [_text(category) for category in entry.categories if _clean(category)]
    if categories:
        lines.append(f"CATEGORIES:{','.join(categories)}")
    lines += [f"STATUS:{entry.status}", f"SEQUENCE:{entry.sequence}"]
    if last_modified is not None:
        lines.append(f"LAST-MODIFIED:{_format(last_modified)}")
    lines.append("END:VEVENT")
    return lines


def _clean(value: str) -> str:
    return _CONTROLS.sub("", value)


def _text(value: str) -> str:
    """A TEXT value: controls stripped, then escaped (RFC 5545 3.3.11)."""
    return _clean(value).translate(_TEXT_ESCAPES)


def _utc(value: datetime, what: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {value.isoformat()}.")
    return value.astimezone(UTC).replace(microsecond=0)


def _format(value: datetime) -> str:
    # Not strftime: "%Y" is not zero-padded below the year 1000 on every platform.
    return f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"


def _fold(line: str) -> Iterator[str]:
    """The physical lines of one content line: at most 75 UTF-8 octets each, split only between
    characters; every continuation starts with one space (RFC 5545 3.1)."""
    if len(line) * 4 <= _LINE_OCTETS or len(line.encode()) <= _LINE_OCTETS:
        yield line
        return
    chunk: list[str] = []
    size = 0
    for char in line:
        octets = _utf8_octets(char)
        if size + octets > _LINE_OCTETS:
            yield "".join(chunk)
            chunk, size = [" "], 1
        chunk.append(char)
        size += octets
    yield "".join(chunk)


def _utf8_octets(char: str) -> int:
    code = ord(char)
    if code < 0x80:
        return 1
    if code < 0x800:
        return 2
    if code < 0x10000:
        return 3
    return 4
