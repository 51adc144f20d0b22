"""Reading instances: every kind of bad input is refused with a sentence naming the item."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from creativeports.events.scheduling import (
    FixedTable,
    InstanceError,
    Meeting,
    Participant,
    Request,
    Schedule,
    instance_from_json,
    instance_to_json,
    schedule_to_json,
)

pytestmark = pytest.mark.unit


def _valid() -> dict[str, Any]:
    return {
        "name": "tiny",
        "slots": 3,
        "tables": 2,
        "participants": [
            {"id": 10, "available_slots": [0, 1, 2], "max_meetings": None, "fixed_table": False},
            {"id": 20, "available_slots": [1, 2], "max_meetings": 1, "fixed_table": True},
            {"id": 30, "available_slots": [0, 2]},
        ],
        "requests": [{"a": 10, "b": 20, "weight": 3}, {"a": 30, "b": 10, "weight": 1}],
        "pinned": [{"a": 10, "b": 30, "slot": 0, "table": 1}],
    }


def test_instance_from_json_reads_a_valid_instance():
    instance = instance_from_json(_valid())

    assert instance.name == "tiny"
    assert instance.tables_per_slot == (2, 2, 2)
    assert instance.participants[1] == Participant(
        id=20, available_slots=frozenset({1, 2}), max_meetings=1, fixed_table=True
    )
    assert instance.requests == (Request(a=10, b=20, weight=3), Request(a=30, b=10, weight=1))
    assert instance.pinned == (Meeting(a=10, b=30, slot=0, table=1),)


def test_instance_from_json_tables_per_slot_overrides_tables():
    data = _valid() | {"tables_per_slot": [2, 5, 0]}

    assert instance_from_json(data).tables_per_slot == (2, 5, 0)


def test_instance_round_trips_through_json():
    instance = instance_from_json(_valid())

    assert instance_from_json(instance_to_json(instance)) == instance


def test_schedule_to_json_writes_fixed_tables_as_strings():
    schedule = Schedule(
        meetings=(Meeting(a=10, b=20, slot=1, table=FixedTable(20)), Meeting(a=10, b=30, slot=0, table=1)),
        objective=4,
        bound=4.0,
    )

    assert schedule_to_json(schedule) == {
        "meetings": [
            {"a": 10, "b": 30, "slot": 0, "table": 1},
            {"a": 10, "b": 20, "slot": 1, "table": "fixed:20"},
        ],
        "objective": 4,
        "bound": 4.0,
    }


def _set(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = _valid()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


BAD = [
    ("not an object", [], "the instance must be a JSON object, not list."),
    ("missing slots", _set(("slots",), KeyError), 'the instance has no "slots".'),
    ("missing tables", _set(("tables",), KeyError), 'the instance has no "tables".'),
    ("missing requests", _set(("requests",), KeyError), 'the instance has no "requests".'),
    ("slots not a number", _set(("slots",), "12"), "slots must be a whole number, not '12'."),
    ("slots a float", _set(("slots",), 3.0), "slots must be a whole number, not 3.0."),
    ("slots a boolean", _set(("slots",), True), "slots must be a whole number, not True."),
    ("negative tables", _set(("tables",), -1), "tables must be at least 0, not -1."),
    (
        "tables_per_slot wrong length",
        _set(("tables_per_slot",), [1, 2]),
        "tables_per_slot has 2 entries; it needs one per slot (3).",
    ),
    (
        "tables_per_slot negative",
        _set(("tables_per_slot",), [1, -2, 1]),
        "tables_per_slot entry 1 must be at least 0, not -2.",
    ),
    ("participants not a list", _set(("participants",), {}), "participants must be a list, not dict."),
    (
        "participant without id",
        _set(("participants", 1, "id"), KeyError),
        'participant at position 1 has no "id".',
    ),
    (
        "duplicate participant",
        _set(("participants", 2, "id"), 10),
        "participant 10 appears more than once (position 2).",
    ),
    (
        "slot out of range",
        _set(("participants", 1, "available_slots"), [1, 3]),
        "participant 20: available slot 3 is out of range (the instance has 3 slots, numbered 0 to 2).",
    ),
    (
        "negative slot",
        _set(("participants", 1, "available_slots"), [-1]),
        "participant 20: available slot -1 is out of range (the instance has 3 slots, numbered 0 to 2).",
    ),
    (
        "negative cap",
        _set(("participants", 0, "max_meetings"), -2),
        "max_meetings of participant 10 must be at least 0, not -2.",
    ),
    (
        "fixed_table not a boolean",
        _set(("participants", 0, "fixed_table"), "yes"),
        "participant 10: fixed_table must be true or false, not 'yes'.",
    ),
    (
        "unknown participant",
        _set(("requests", 1, "b"), 99),
        "request 1: participant 99 is not in the instance.",
    ),
    ("self request", _set(("requests", 1, "b"), 30), "request 1: participant 30 cannot meet themselves."),
    (
        "duplicate request reversed",
        _set(("requests", 1), {"a": 20, "b": 10, "weight": 2}),
        "request 1: participants 20 and 10 already have a request (request 0); one request per pair.",
    ),
    (
        "weight out of range",
        _set(("requests", 0, "weight"), 4),
        "request 0: weight 4 is out of range (weights are 1 to 3).",
    ),
    ("weight zero", _set(("requests", 0, "weight"), 0), "request 0: weight 0 is out of range (weights are 1 to 3)."),
    ("missing weight", _set(("requests", 0, "weight"), KeyError), 'request 0 has no "weight".'),
    ("request not an object", _set(("requests", 0), [10, 20]), "request 0 must be a JSON object, not list."),
    (
        "pinned slot out of range",
        _set(("pinned", 0, "slot"), 3),
        "pinned meeting 0: slot 3 is out of range (the instance has 3 slots, numbered 0 to 2).",
    ),
    (
        "pinned table out of range",
        _set(("pinned", 0, "table"), 2),
        "pinned meeting 0: table 2 is out of range (slot 0 has 2 general tables).",
    ),
    (
        "pinned at a stranger's fixed table",
        _set(("pinned", 0, "table"), "fixed:20"),
        "pinned meeting 0: table fixed:20 is not the own table of a fixed-table exhibitor in the meeting.",
    ),
    (
        "pinned table not a table",
        _set(("pinned", 0, "table"), "window"),
        "pinned meeting 0: table 'window' is neither a table number nor \"fixed:<participant id>\".",
    ),
]


@pytest.mark.parametrize(("data", "message"), [(d, m) for _, d, m in BAD], ids=[name for name, _, _ in BAD])
def test_instance_from_json_refuses_bad_input(data, message):
    with pytest.raises(InstanceError) as caught:
        instance_from_json(copy.deepcopy(data))

    assert str(caught.value) == message


def test_instance_from_json_refuses_two_pinned_meetings_of_one_participant_in_a_slot():
    data = _valid()
    data["pinned"].append({"a": 10, "b": 20, "slot": 0, "table": "fixed:20"})

    with pytest.raises(InstanceError) as caught:
        instance_from_json(data)

    assert str(caught.value) == "pinned meeting 1: participant 10 already has pinned meeting 0 in slot 0."


def test_instance_from_json_refuses_two_pinned_meetings_at_one_table():
    data = _valid()
    data["participants"].append({"id": 40, "available_slots": [0]})
    data["participants"].append({"id": 50, "available_slots": [0]})
    data["pinned"].append({"a": 40, "b": 50, "slot": 0, "table": 1})

    with pytest.raises(InstanceError) as caught:
        instance_from_json(data)

    assert str(caught.value) == "pinned meeting 1: table 1 in slot 0 is already taken by pinned meeting 0."
