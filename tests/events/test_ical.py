"""The iCalendar writer, read back by an independent parser written here from RFC 5545."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import icalendar  # a dev dependency: the independent reader always runs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creativeports.events.ical import CalendarEntry, calendar

pytestmark = pytest.mark.unit

UID = "session-42@creativeports.example"
WARSAW = ZoneInfo("Europe/Warsaw")
HELSINKI = ZoneInfo("Europe/Helsinki")
STAMP = datetime(2026, 5, 20, 7, 30, tzinfo=UTC)
STARTS = datetime(2026, 6, 10, 10, 0, tzinfo=WARSAW)
ENDS = datetime(2026, 6, 10, 11, 30, tzinfo=WARSAW)

LATVIAN = "Radošās industrijas Rīgā: ēdināšana, ģērbšanās, ķīmija, ļoti, ņemot, šķēres, žūrija un ūdens."
LITHUANIAN = "Kūrybinės industrijos Klaipėdoje: ąžuolas, čiuožykla, ęsti, ėjimas, įėjimas, šūvis, ųsas, ūkis."
POLISH = "Przemysły kreatywne w Gdańsku: zażółć gęślą jaźń, źdźbło, łódź, ćma, ńa, Łódź, Śląsk, Żółw."
EMOJI = "Open studios 🎨🎭🎬 with makers 👩‍🎨🧑🏽‍💻 and a 🇵🇱🇱🇹🇱🇻 flag parade 🎉"


# --- An independent reader: unfold, split properties, unescape. -----------------------------------


@dataclass
class Property:
    name: str
    params: dict[str, str]
    raw: str  # the value as written, still escaped


@dataclass
class Parsed:
    calendar: dict[str, Property] = field(default_factory=dict)
    events: list[dict[str, Property]] = field(default_factory=list)


def physical_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    for line in lines:
        assert "\r" not in line
        assert "\n" not in line
    return lines


def unfold(text: str) -> list[str]:
    logical: list[str] = []
    for line in physical_lines(text):
        if line.startswith((" ", "\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def parse_property(line: str) -> Property:
    # No property we write has quoted parameter values, so the first colon ends the name part.
    head, colon, raw = line.partition(":")
    assert colon == ":", line
    name, *params = head.split(";")
    assert re.fullmatch(r"[A-Z][A-Z0-9-]*", name), line
    return Property(name, dict(param.split("=", 1) for param in params), raw)


def parse(text: str) -> Parsed:
    parsed = Parsed()
    stack: list[str] = []
    for line in unfold(text):
        prop = parse_property(line)
        if prop.name == "BEGIN":
            stack.append(prop.raw)
            if prop.raw == "VEVENT":
                assert stack == ["VCALENDAR", "VEVENT"]
                parsed.events.append({})
            continue
        if prop.name == "END":
            assert stack.pop() == prop.raw
            continue
        assert stack, line
        target = parsed.events[-1] if stack == ["VCALENDAR", "VEVENT"] else parsed.calendar
        assert prop.name not in target, f"{prop.name} twice"
        target[prop.name] = prop
    assert stack == []
    return parsed


def unescape(raw: str) -> str:
    out: list[str] = []
    chars = iter(raw)
    for char in chars:
        if char in ";,":
            raise AssertionError(f"unescaped {char!r} in TEXT {raw!r}")
        if char != "\\":
            out.append(char)
            continue
        escaped = next(chars)
        out.append({"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}[escaped])
    return "".join(out)


def split_list(raw: str) -> list[str]:
    """A multi-valued TEXT: split at the commas that are not escaped, then unescape each."""
    values, current, escaped = [], [], False
    for char in raw:
        if escaped:
            current += ["\\", char]
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            values.append(unescape("".join(current)))
            current = []
        else:
            current.append(char)
    assert not escaped
    values.append(unescape("".join(current)))
    return values


def instant(raw: str) -> datetime:
    assert re.fullmatch(r"\d{8}T\d{6}Z", raw), raw
    return datetime.strptime(raw, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def decode_all(props: dict[str, Property]) -> dict[str, tuple[dict[str, str], object]]:
    """Every property decoded by its RFC 5545 value type."""
    decoded: dict[str, tuple[dict[str, str], object]] = {}
    for name, prop in props.items():
        value: object
        if name in {"DTSTAMP", "DTSTART", "DTEND", "LAST-MODIFIED"}:
            value = instant(prop.raw)
        elif name == "CATEGORIES":
            value = split_list(prop.raw)
        elif name in {"URL", "VERSION", "PRODID", "CALSCALE", "METHOD", "STATUS"}:
            value = prop.raw
        elif name == "SEQUENCE":
            value = int(prop.raw)
        else:
            value = unescape(prop.raw)
        decoded[name] = (prop.params, value)
    return decoded


def entry(**overrides: Any) -> CalendarEntry:
    values: dict[str, Any] = {"uid": UID, "summary": "Keynote", "starts": STARTS, "ends": ENDS}
    return CalendarEntry(**(values | overrides))


def render(*entries: CalendarEntry, description: str = "") -> str:
    return calendar(entries, name="Baltic Creative Days 2026", description=description, stamp=STAMP)


def single_event(text: str) -> dict[str, Property]:
    events = parse(text).events
    assert len(events) == 1
    return events[0]


def expected_text(value: str) -> str:
    """What a TEXT value should read back as: without C0/C1 controls except tab and newline (CR goes), and
    without surrogates. Written from Unicode categories, not from the writer's pattern."""
    return "".join(char for char in value if char in "\t\n" or unicodedata.category(char) not in {"Cc", "Cs"})


# --- Round trip ----------------------------------------------------------------------------------


def test_calendar_round_trips_every_property():
    full = entry(
        uid="session-42@creativeports.example",
        summary="Sound; light, and \\ backslashes: a workshop",
        starts=STARTS,
        ends=ENDS,
        description=f"Line one.\nLine two; with, punctuation.\n\n{LITHUANIAN}",
        location="Kalnapilio g. 5, Klaipėda; Hall B",
        url="https://creativeports.example/events/bcd-2026/sessions/42/?lang=lt,lv;x=1",
        categories=("Film, TV", "Music;Live", "Design\\Craft"),
        status="TENTATIVE",
        last_modified=datetime(2026, 5, 19, 18, 5, 9, tzinfo=HELSINKI),
        sequence=3,
    )
    meeting = entry(uid="meeting-7@creativeports.example", summary="B2B: Studio Ąžuolas × Rīgas Kino")

    parsed = parse(
        calendar(iter([full, meeting]), name="My, own; calendar", description="Starred\nand met", stamp=STAMP)
    )

    assert decode_all(parsed.calendar) == {
        "VERSION": ({}, "2.0"),
        "PRODID": ({}, "-//Creative Ports//Events//EN"),
        "CALSCALE": ({}, "GREGORIAN"),
        "METHOD": ({}, "PUBLISH"),
        "NAME": ({}, "My, own; calendar"),
        "X-WR-CALNAME": ({}, "My, own; calendar"),
        "DESCRIPTION": ({}, "Starred\nand met"),
        "X-WR-CALDESC": ({}, "Starred\nand met"),
    }
    assert [decode_all(event) for event in parsed.events] == [
        {
            "UID": ({}, "session-42@creativeports.example"),
            "DTSTAMP": ({}, datetime(2026, 5, 19, 15, 5, 9, tzinfo=UTC)),
            "DTSTART": ({}, datetime(2026, 6, 10, 8, 0, tzinfo=UTC)),
            "DTEND": ({}, datetime(2026, 6, 10, 9, 30, tzinfo=UTC)),
            "SUMMARY": ({}, "Sound; light, and \\ backslashes: a workshop"),
            "DESCRIPTION": ({}, f"Line one.\nLine two; with, punctuation.\n\n{LITHUANIAN}"),
            "LOCATION": ({}, "Kalnapilio g. 5, Klaipėda; Hall B"),
            "URL": ({"VALUE": "URI"}, "https://creativeports.example/events/bcd-2026/sessions/42/?lang=lt,lv;x=1"),
            "CATEGORIES": ({}, ["Film, TV", "Music;Live", "Design\\Craft"]),
            "STATUS": ({}, "TENTATIVE"),
            "SEQUENCE": ({}, 3),
            "LAST-MODIFIED": ({}, datetime(2026, 5, 19, 15, 5, 9, tzinfo=UTC)),
        },
        {
            "UID": ({}, "meeting-7@creativeports.example"),
            "DTSTAMP": ({}, STAMP),
            "DTSTART": ({}, datetime(2026, 6, 10, 8, 0, tzinfo=UTC)),
            "DTEND": ({}, datetime(2026, 6, 10, 9, 30, tzinfo=UTC)),
            "SUMMARY": ({}, "B2B: Studio Ąžuolas × Rīgas Kino"),
            "STATUS": ({}, "CONFIRMED"),
            "SEQUENCE": ({}, 0),
        },
    ]


def test_calendar_writes_the_header_in_order_and_nothing_optional_when_empty():
    text = calendar([], name="Programme", stamp=STAMP)

    assert physical_lines(text) == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Creative Ports//Events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:Programme",
        "X-WR-CALNAME:Programme",
        "END:VCALENDAR",
    ]


def test_calendar_writes_one_vevent_in_rfc_order():
    text = render(entry(description="About", location="Hall A", url="https://x.example/s/1", categories=("Talk",)))

    assert physical_lines(text)[7:] == [
        "BEGIN:VEVENT",
        "UID:session-42@creativeports.example",
        "DTSTAMP:20260520T073000Z",
        "DTSTART:20260610T080000Z",
        "DTEND:20260610T093000Z",
        "SUMMARY:Keynote",
        "DESCRIPTION:About",
        "LOCATION:Hall A",
        "URL;VALUE=URI:https://x.example/s/1",
        "CATEGORIES:Talk",
        "STATUS:CONFIRMED",
        "SEQUENCE:0",
        "END:VEVENT",
        "END:VCALENDAR",
    ]


def test_calendar_leaves_out_blank_categories_and_control_only_values():
    event = single_event(render(entry(description="\x00\r", location="\x07", url=" \r\n ", categories=("", "\x01"))))

    assert sorted(event) == ["DTEND", "DTSTAMP", "DTSTART", "SEQUENCE", "STATUS", "SUMMARY", "UID"]


# --- Escaping and cleaning -----------------------------------------------------------------------


def test_calendar_escapes_text_values_per_rfc_5545():
    text = render(
        entry(summary="a;b,c\\d\ne", location="x:y", categories=("Film, TV", "Music;Live", "a\\b")),
        description="One, two; three\nfour\\",
    )

    lines = physical_lines(text)
    assert "SUMMARY:a\\;b\\,c\\\\d\\ne" in lines
    assert "LOCATION:x:y" in lines
    assert "CATEGORIES:Film\\, TV,Music\\;Live,a\\\\b" in lines
    assert "X-WR-CALDESC:One\\, two\\; three\\nfour\\\\" in lines


def test_calendar_strips_control_characters_and_carriage_returns():
    text = render(entry(summary="a\x00b\x07c\x1bd\x7fe\x85f\tg", description="one\r\ntwo\rthree\n\x0bfour"))

    event = single_event(text)
    assert event["SUMMARY"].raw == "abcdef\tg"
    assert unescape(event["DESCRIPTION"].raw) == "one\ntwothree\nfour"


def test_calendar_strips_lone_surrogates_that_utf8_cannot_encode():
    text = render(entry(summary="bad \ud800 half"))

    assert single_event(text)["SUMMARY"].raw == "bad  half"
    assert text.encode("utf-8").decode("utf-8") == text


def test_calendar_writes_url_as_uri_without_text_escaping_or_injected_lines():
    text = render(entry(url="https://x.example/a,b;c\\d\r\nATTENDEE:mailto:evil@example.com"))

    event = single_event(text)
    assert event["URL"] == Property(
        "URL", {"VALUE": "URI"}, "https://x.example/a,b;c\\dATTENDEE:mailto:evil@example.com"
    )
    assert "ATTENDEE" not in event


def test_calendar_escapes_a_uid_with_reserved_characters():
    event = single_event(render(entry(uid="odd;uid,with\\stuff@example")))

    assert unescape(event["UID"].raw) == "odd;uid,with\\stuff@example"


# --- Line endings and folding --------------------------------------------------------------------


def test_calendar_ends_every_line_with_crlf():
    text = render(entry(summary="x\r\ny\rz\n", description="one\r\ntwo\nthree\r"), description="a\r\nb")

    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("\n") == text.count("\r\n") == text.count("\r")


@pytest.mark.parametrize("text", [LATVIAN, LITHUANIAN, POLISH, EMOJI, "x" * 400, "ą" * 300, "😀" * 100])
def test_calendar_folds_every_line_at_75_octets_and_unfolding_restores_it(text):
    rendered = render(entry(summary=text, description=(text + "\n") * 4, location=text, categories=(text, text[::-1])))

    lines = physical_lines(rendered)
    assert max(len(line.encode()) for line in lines) <= 75
    for line, following in pairwise(lines):
        if following.startswith(" "):
            # Folded only when the next character would not fit: the writer counts octets, not characters.
            assert len(line.encode()) + len(following[1].encode()) > 75
    event = single_event(rendered)
    assert unescape(event["SUMMARY"].raw) == text
    assert unescape(event["DESCRIPTION"].raw) == (text + "\n") * 4
    assert unescape(event["LOCATION"].raw) == text
    assert split_list(event["CATEGORIES"].raw) == [text, text[::-1]]


def test_calendar_does_not_fold_a_line_of_exactly_75_octets():
    lines = physical_lines(render(entry(summary="a" * 67)))

    assert "SUMMARY:" + "a" * 67 in lines


def test_calendar_folds_before_a_multibyte_character_that_would_cross_75_octets():
    lines = physical_lines(render(entry(summary="a" * 66 + "ąę" + "b" * 80)))

    start = lines.index("SUMMARY:" + "a" * 66)
    assert lines[start : start + 3] == [
        "SUMMARY:" + "a" * 66,  # 74 octets: "ą" takes two more
        " ąę" + "b" * 70,  # 1 + 4 + 70 = 75
        " " + "b" * 10,
    ]


def test_calendar_folds_emoji_whole():
    lines = physical_lines(render(entry(summary="😀" * 40)))

    start = lines.index("SUMMARY:" + "😀" * 16)  # 8 + 64 = 72: one more would be 76
    assert lines[start + 1 : start + 3] == [" " + "😀" * 18, " " + "😀" * 6]


# --- Times ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts", "ends", "dtstart", "dtend"),
    [
        pytest.param(
            datetime(2026, 1, 15, 9, 0, tzinfo=WARSAW),
            datetime(2026, 1, 15, 17, 0, tzinfo=WARSAW),
            "20260115T080000Z",
            "20260115T160000Z",
            id="warsaw-winter-cet",
        ),
        pytest.param(
            datetime(2026, 7, 1, 9, 0, tzinfo=WARSAW),
            datetime(2026, 7, 1, 17, 0, tzinfo=WARSAW),
            "20260701T070000Z",
            "20260701T150000Z",
            id="warsaw-summer-cest",
        ),
        pytest.param(
            # The clocks go from 02:00 to 03:00 on 29 March 2026: two wall-clock hours, one real hour.
            datetime(2026, 3, 29, 1, 30, tzinfo=WARSAW),
            datetime(2026, 3, 29, 3, 30, tzinfo=WARSAW),
            "20260329T003000Z",
            "20260329T013000Z",
            id="warsaw-across-spring-forward",
        ),
        pytest.param(
            datetime(2026, 3, 28, 10, 0, tzinfo=WARSAW),
            datetime(2026, 3, 30, 10, 0, tzinfo=WARSAW),
            "20260328T090000Z",
            "20260330T080000Z",
            id="warsaw-festival-weekend-across-dst",
        ),
        pytest.param(
            datetime(2026, 1, 15, 9, 0, tzinfo=HELSINKI),
            datetime(2026, 7, 1, 9, 0, tzinfo=HELSINKI),
            "20260115T070000Z",
            "20260701T060000Z",
            id="helsinki-eet-to-eest",
        ),
        pytest.param(
            # Helsinki repeats 03:00-04:00 on 25 October 2026: first in EEST (fold=0), then in EET (fold=1).
            datetime(2026, 10, 25, 2, 30, tzinfo=HELSINKI),
            datetime(2026, 10, 25, 3, 30, fold=1, tzinfo=HELSINKI),
            "20261024T233000Z",
            "20261025T013000Z",
            id="helsinki-across-fall-back-second-0330",
        ),
        pytest.param(
            datetime(2026, 10, 25, 2, 30, tzinfo=HELSINKI),
            datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI),
            "20261024T233000Z",
            "20261025T003000Z",
            id="helsinki-across-fall-back-first-0330",
        ),
        pytest.param(
            # Later in UTC, earlier on the wall clock: the order is judged in UTC.
            datetime(2026, 10, 25, 3, 50, tzinfo=HELSINKI),
            datetime(2026, 10, 25, 3, 10, fold=1, tzinfo=HELSINKI),
            "20261025T005000Z",
            "20261025T011000Z",
            id="helsinki-repeated-hour-ends-earlier-on-the-wall",
        ),
        pytest.param(
            datetime(2026, 6, 10, 10, 0, 0, 999_999, tzinfo=WARSAW),
            datetime(2026, 6, 10, 11, 0, 1, tzinfo=HELSINKI),
            "20260610T080000Z",
            "20260610T080001Z",
            id="mixed-zones-microseconds-dropped",
        ),
        pytest.param(
            datetime(2026, 6, 10, 23, 45, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
            datetime(2026, 6, 11, 0, 15, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
            "20260611T031500Z",
            "20260611T034500Z",
            id="fixed-offset-across-midnight",
        ),
    ],
)
def test_calendar_writes_times_in_utc(starts, ends, dtstart, dtend):
    event = single_event(render(entry(starts=starts, ends=ends)))

    assert (event["DTSTART"].raw, event["DTEND"].raw) == (dtstart, dtend)
    # Through astimezone: PEP 495 makes an inter-zone comparison in a repeated hour always unequal.
    assert instant(event["DTSTART"].raw) == starts.astimezone(UTC).replace(microsecond=0)
    assert instant(event["DTEND"].raw) == ends.astimezone(UTC).replace(microsecond=0)


def test_calendar_writes_last_modified_in_utc_and_uses_it_as_dtstamp():
    modified = datetime(2026, 10, 25, 3, 15, fold=1, tzinfo=HELSINKI)

    event = single_event(render(entry(last_modified=modified)))

    assert (event["DTSTAMP"].raw, event["LAST-MODIFIED"].raw) == ("20261025T011500Z", "20261025T011500Z")


def test_calendar_writes_the_stamp_in_utc():
    text = calendar([entry()], name="x", stamp=datetime(2026, 3, 29, 3, 0, tzinfo=WARSAW))

    assert single_event(text)["DTSTAMP"].raw == "20260329T010000Z"


# --- Validation ----------------------------------------------------------------------------------

ABOUT = f"Calendar entry {UID!r}: "
NAIVE = datetime(2026, 6, 10, 10, 0)  # noqa: DTZ001  # a naive datetime is the input under test


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts": NAIVE}, f"{ABOUT}starts must be a timezone-aware datetime, got 2026-06-10T10:00:00."),
        ({"ends": NAIVE}, f"{ABOUT}ends must be a timezone-aware datetime, got 2026-06-10T10:00:00."),
        ({"last_modified": NAIVE}, f"{ABOUT}last_modified must be a timezone-aware datetime, got 2026-06-10T10:00:00."),
        ({"ends": STARTS}, f"{ABOUT}ends (20260610T080000Z) must be after starts (20260610T080000Z)."),
        (
            {"ends": STARTS - timedelta(minutes=1)},
            f"{ABOUT}ends (20260610T075900Z) must be after starts (20260610T080000Z).",
        ),
        (
            {"ends": STARTS + timedelta(microseconds=500)},
            f"{ABOUT}ends (20260610T080000Z) must be after starts (20260610T080000Z).",
        ),
        (
            {
                "starts": datetime(2026, 10, 25, 3, 10, fold=1, tzinfo=HELSINKI),
                "ends": datetime(2026, 10, 25, 3, 50, tzinfo=HELSINKI),
            },
            f"{ABOUT}ends (20261025T005000Z) must be after starts (20261025T011000Z).",
        ),
        ({"uid": ""}, "A calendar entry needs a non-empty uid."),
        ({"uid": " \t\x00\r\n"}, "A calendar entry needs a non-empty uid."),
        (
            {"status": "confirmed"},
            f"{ABOUT}unknown status 'confirmed', expected one of CANCELLED, CONFIRMED, TENTATIVE.",
        ),
        ({"status": "DRAFT"}, f"{ABOUT}unknown status 'DRAFT', expected one of CANCELLED, CONFIRMED, TENTATIVE."),
        ({"sequence": -1}, f"{ABOUT}sequence must not be negative, got -1."),
    ],
)
def test_calendar_entry_refuses_invalid_values(overrides, message):
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        entry(**overrides)

    assert str(raised.value) == message


@pytest.mark.parametrize("status", ["CONFIRMED", "TENTATIVE", "CANCELLED"])
def test_calendar_entry_accepts_every_status(status):
    assert single_event(render(entry(status=status)))["STATUS"].raw == status


def test_calendar_refuses_a_naive_stamp():
    with pytest.raises(
        ValueError, match=re.escape("The calendar's stamp must be a timezone-aware datetime, got 2026-06-10T10:00:00.")
    ):
        calendar([entry()], name="x", stamp=NAIVE)


def test_calendar_refuses_two_entries_with_one_uid():
    with pytest.raises(
        ValueError, match=re.escape("Two calendar entries have the uid 'session-42@creativeports.example'.")
    ):
        render(entry(), entry(summary="Again"))


# --- Properties ----------------------------------------------------------------------------------

SPECIALS = ";,\\\n\r\t:\"' ąčęėįšųūžāēīķļņōŗźżłń€😀👩‍🎨\u0301\x00\x1b\x7f\x85"


@settings(max_examples=200, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.text(alphabet=st.sampled_from(SPECIALS), max_size=300),
        st.text(alphabet=st.characters(exclude_categories=()), max_size=120),
    )
)
def test_calendar_text_survives_escaping_folding_unfolding_and_unescaping(text):
    rendered = render(entry(summary=text, description=text, location=text, categories=(text, "fixed")))

    assert max(len(line.encode()) for line in physical_lines(rendered)) <= 75
    event = single_event(rendered)
    expected = expected_text(text)
    assert unescape(event["SUMMARY"].raw) == expected
    assert unescape(event["DESCRIPTION"].raw if "DESCRIPTION" in event else "") == expected
    assert unescape(event["LOCATION"].raw if "LOCATION" in event else "") == expected
    assert split_list(event["CATEGORIES"].raw) == ([expected, "fixed"] if expected else ["fixed"])


@settings(max_examples=100, deadline=None)
@given(url=st.one_of(st.text(max_size=200), st.text(alphabet=st.sampled_from("htps:/x.ampl?&=;,\\ \r\n\t\x00é😀"))))
def test_calendar_url_never_starts_another_property(url):
    event = single_event(render(entry(url=url)))

    expected = "".join(char for char in url if unicodedata.category(char) not in {"Cc", "Cs"}).strip()
    assert set(event) - {"URL"} == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS", "SEQUENCE"}
    assert (event["URL"].raw if "URL" in event else "") == expected


# --- A second, independent reader ----------------------------------------------------------------


def test_calendar_reads_back_with_the_icalendar_package():
    full = entry(
        summary="Sound; light, and \\ backslashes",
        description=f"{POLISH}\n{EMOJI}",
        location="Kalnapilio g. 5, Klaipėda",
        url="https://creativeports.example/s/42?a=1,2;b",
        categories=("Film, TV", "Music"),
        last_modified=datetime(2026, 5, 19, 18, 5, 9, tzinfo=HELSINKI),
        sequence=2,
    )

    parsed = icalendar.Calendar.from_ical(render(full, description="All, sessions"))

    events = parsed.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(parsed["X-WR-CALNAME"]) == "Baltic Creative Days 2026"
    assert str(parsed["DESCRIPTION"]) == "All, sessions"  # RFC 7986: a TEXT value it unescapes
    assert str(parsed["X-WR-CALDESC"]) == "All\\, sessions"  # an X- property: the library keeps it escaped
    assert str(event["UID"]) == "session-42@creativeports.example"
    assert str(event["SUMMARY"]) == "Sound; light, and \\ backslashes"
    assert str(event["DESCRIPTION"]) == f"{POLISH}\n{EMOJI}"
    assert str(event["LOCATION"]) == "Kalnapilio g. 5, Klaipėda"
    assert str(event["URL"]) == "https://creativeports.example/s/42?a=1,2;b"
    assert list(event["CATEGORIES"].cats) == ["Film, TV", "Music"]
    assert event.decoded("DTSTART") == datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 6, 10, 9, 30, tzinfo=UTC)
    assert event.decoded("LAST-MODIFIED") == datetime(2026, 5, 19, 15, 5, 9, tzinfo=UTC)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == 2
