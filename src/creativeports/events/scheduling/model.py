"""The scheduling problem's inputs and outputs, and their JSON form (see docs/scheduling.md).

`instance_from_json` is the only way in from outside: it checks everything a solver relies on and
raises `InstanceError` with one plain sentence naming the offending item.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MIN_WEIGHT = 1
MAX_WEIGHT = 3
FIXED_PREFIX = "fixed:"


class InstanceError(ValueError):
    """An instance that cannot be scheduled as given; the message names the offending item."""


@dataclass(frozen=True, slots=True)
class Participant:
    id: int
    available_slots: frozenset[int]
    max_meetings: int | None = None
    # An exhibitor with a stand: meets at its own table, never at a general one.
    fixed_table: bool = False


@dataclass(frozen=True, slots=True)
class Request:
    a: int
    b: int
    weight: int

    @property
    def pair(self) -> frozenset[int]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True, slots=True)
class FixedTable:
    """The own table of a fixed-table exhibitor (`"fixed:<owner>"` in JSON)."""

    owner: int


@dataclass(frozen=True, slots=True)
class Meeting:
    a: int
    b: int
    slot: int
    # A general table number (0 .. tables in the slot - 1) or an exhibitor's own table.
    table: int | FixedTable

    @property
    def pair(self) -> frozenset[int]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True, slots=True)
class Instance:
    slots: int
    tables_per_slot: tuple[int, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    # Confirmed meetings the solver keeps as they are and fits new requests around.
    pinned: tuple[Meeting, ...] = ()
    name: str = ""
    _by_id: Mapping[int, Participant] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {p.id: p for p in self.participants})

    def participant(self, participant_id: int) -> Participant:
        return self._by_id[participant_id]

    def has_participant(self, participant_id: int) -> bool:
        return participant_id in self._by_id


@dataclass(frozen=True, slots=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    # Total weight of the requests met (pinned meetings included).
    objective: int
    # A proven upper bound on the best possible objective, or None when none was computed in time.
    bound: float | None
    # Whether the objective is proven optimal (it reached the bound).
    optimal: bool = False
    # Wall-clock seconds the solver used.
    seconds: float = 0.0


def table_from_json(value: Any) -> int | FixedTable:
    if isinstance(value, str) and value.startswith(FIXED_PREFIX):
        owner = value.removeprefix(FIXED_PREFIX)
        if owner.lstrip("-").isdigit():
            return FixedTable(int(owner))
    if _is_int(value):
        return int(value)
    raise InstanceError(f'table {value!r} is neither a table number nor "fixed:<participant id>"')


def table_to_json(table: int | FixedTable) -> int | str:
    return f"{FIXED_PREFIX}{table.owner}" if isinstance(table, FixedTable) else table


def meeting_to_json(meeting: Meeting) -> dict[str, Any]:
    return {"a": meeting.a, "b": meeting.b, "slot": meeting.slot, "table": table_to_json(meeting.table)}


def schedule_to_json(schedule: Schedule) -> dict[str, Any]:
    """The output format: meetings sorted by slot, table and pair; the objective and the bound."""
    ordered = sorted(schedule.meetings, key=lambda m: (m.slot, str(table_to_json(m.table)).zfill(12), m.a, m.b))
    return {
        "meetings": [meeting_to_json(m) for m in ordered],
        "objective": schedule.objective,
        "bound": schedule.bound,
    }


def instance_to_json(instance: Instance) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": instance.name,
        "slots": instance.slots,
        "tables": max(instance.tables_per_slot, default=0),
        "tables_per_slot": list(instance.tables_per_slot),
        "participants": [
            {
                "id": p.id,
                "available_slots": sorted(p.available_slots),
                "max_meetings": p.max_meetings,
                "fixed_table": p.fixed_table,
            }
            for p in instance.participants
        ],
        "requests": [{"a": r.a, "b": r.b, "weight": r.weight} for r in instance.requests],
    }
    if instance.pinned:
        data["pinned"] = [meeting_to_json(m) for m in instance.pinned]
    return data


# --- validation -------------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    # JSON true/false arrive as bool, a subclass of int: not a number here.
    return isinstance(value, int) and not isinstance(value, bool)


def _int(value: Any, what: str, *, minimum: int | None = None) -> int:
    if not _is_int(value):
        raise InstanceError(f"{what} must be a whole number, not {value!r}.")
    if minimum is not None and value < minimum:
        raise InstanceError(f"{what} must be at least {minimum}, not {value}.")
    return int(value)


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InstanceError(f"{what} must be a JSON object, not {type(value).__name__}.")
    return value


def _list(value: Any, what: str) -> Sequence[Any]:
    if not isinstance(value, list | tuple):
        raise InstanceError(f"{what} must be a list, not {type(value).__name__}.")
    return value


def _key(data: Mapping[str, Any], key: str, what: str) -> Any:
    if key not in data:
        raise InstanceError(f'{what} has no "{key}".')
    return data[key]


def _slot_range(slots: int) -> str:
    return f"the instance has {slots} slots, numbered 0 to {slots - 1}" if slots else "the instance has no slots"


def _participant(item: Any, index: int, slots: int) -> Participant:
    what = f"participant at position {index}"
    data = _mapping(item, what)
    pid = _int(_key(data, "id", what), f"the id of the {what}")
    what = f"participant {pid}"
    available = set()
    for slot in _list(_key(data, "available_slots", what), f"available_slots of {what}"):
        number = _int(slot, f"an available slot of {what}")
        if not 0 <= number < slots:
            raise InstanceError(f"{what}: available slot {number} is out of range ({_slot_range(slots)}).")
        available.add(number)
    cap = data.get("max_meetings")
    if cap is not None:
        cap = _int(cap, f"max_meetings of {what}", minimum=0)
    fixed = data.get("fixed_table", False)
    if not isinstance(fixed, bool):
        raise InstanceError(f"{what}: fixed_table must be true or false, not {fixed!r}.")
    return Participant(id=pid, available_slots=frozenset(available), max_meetings=cap, fixed_table=fixed)


def _request(item: Any, index: int, known: Mapping[int, Participant]) -> Request:
    what = f"request {index}"
    data = _mapping(item, what)
    a = _int(_key(data, "a", what), f'"a" of {what}')
    b = _int(_key(data, "b", what), f'"b" of {what}')
    weight = _int(_key(data, "weight", what), f"the weight of {what}")
    for pid in (a, b):
        if pid not in known:
            raise InstanceError(f"{what}: participant {pid} is not in the instance.")
    if a == b:
        raise InstanceError(f"{what}: participant {a} cannot meet themselves.")
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        raise InstanceError(f"{what}: weight {weight} is out of range (weights are {MIN_WEIGHT} to {MAX_WEIGHT}).")
    return Request(a=a, b=b, weight=weight)


def _pinned(item: Any, index: int, slots: int, tables: Sequence[int], known: Mapping[int, Participant]) -> Meeting:
    what = f"pinned meeting {index}"
    data = _mapping(item, what)
    a = _int(_key(data, "a", what), f'"a" of {what}')
    b = _int(_key(data, "b", what), f'"b" of {what}')
    slot = _int(_key(data, "slot", what), f"the slot of {what}")
    try:
        table = table_from_json(_key(data, "table", what))
    except InstanceError as exc:
        raise InstanceError(f"{what}: {exc}.") from None
    for pid in (a, b):
        if pid not in known:
            raise InstanceError(f"{what}: participant {pid} is not in the instance.")
    if a == b:
        raise InstanceError(f"{what}: participant {a} cannot meet themselves.")
    if not 0 <= slot < slots:
        raise InstanceError(f"{what}: slot {slot} is out of range ({_slot_range(slots)}).")
    if isinstance(table, FixedTable):
        if table.owner not in (a, b) or not known[table.owner].fixed_table:
            raise InstanceError(
                f"{what}: table fixed:{table.owner} is not the own table of a fixed-table exhibitor in the meeting."
            )
    elif not 0 <= table < tables[slot]:
        raise InstanceError(f"{what}: table {table} is out of range (slot {slot} has {tables[slot]} general tables).")
    return Meeting(a=a, b=b, slot=slot, table=table)


def instance_from_json(data: Any) -> Instance:
    """An `Instance` from parsed JSON; raises `InstanceError` naming the first problem found."""
    root = _mapping(data, "the instance")
    name = root.get("name", "")
    if not isinstance(name, str):
        raise InstanceError(f"the instance's name must be a string, not {type(name).__name__}.")
    slots = _int(_key(root, "slots", "the instance"), "slots", minimum=0)
    if "tables_per_slot" in root and root["tables_per_slot"] is not None:
        raw = _list(root["tables_per_slot"], "tables_per_slot")
        if len(raw) != slots:
            raise InstanceError(f"tables_per_slot has {len(raw)} entries; it needs one per slot ({slots}).")
        tables = tuple(_int(t, f"tables_per_slot entry {i}", minimum=0) for i, t in enumerate(raw))
        if "tables" in root:
            _int(root["tables"], "tables", minimum=0)
    else:
        tables = (_int(_key(root, "tables", "the instance"), "tables", minimum=0),) * slots

    participants: dict[int, Participant] = {}
    for index, item in enumerate(_list(_key(root, "participants", "the instance"), "participants")):
        participant = _participant(item, index, slots)
        if participant.id in participants:
            raise InstanceError(f"participant {participant.id} appears more than once (position {index}).")
        participants[participant.id] = participant

    requests: list[Request] = []
    seen: dict[frozenset[int], int] = {}
    for index, item in enumerate(_list(_key(root, "requests", "the instance"), "requests")):
        request = _request(item, index, participants)
        if request.pair in seen:
            raise InstanceError(
                f"request {index}: participants {request.a} and {request.b} already have a request "
                f"(request {seen[request.pair]}); one request per pair."
            )
        seen[request.pair] = index
        requests.append(request)

    pinned: list[Meeting] = []
    busy: dict[tuple[int, int], int] = {}
    tables_taken: dict[tuple[int, int | FixedTable], int] = {}
    pinned_pairs: dict[frozenset[int], int] = {}
    for index, item in enumerate(_list(root.get("pinned") or [], "pinned")):
        meeting = _pinned(item, index, slots, tables, participants)
        for pid in (meeting.a, meeting.b):
            if (pid, meeting.slot) in busy:
                raise InstanceError(
                    f"pinned meeting {index}: participant {pid} already has pinned meeting "
                    f"{busy[pid, meeting.slot]} in slot {meeting.slot}."
                )
            busy[pid, meeting.slot] = index
        table_key = (meeting.slot, meeting.table)
        if table_key in tables_taken:
            raise InstanceError(
                f"pinned meeting {index}: table {table_to_json(meeting.table)} in slot {meeting.slot} is already "
                f"taken by pinned meeting {tables_taken[table_key]}."
            )
        tables_taken[table_key] = index
        if meeting.pair in pinned_pairs:
            raise InstanceError(
                f"pinned meeting {index}: participants {meeting.a} and {meeting.b} already meet in pinned meeting "
                f"{pinned_pairs[meeting.pair]}."
            )
        pinned_pairs[meeting.pair] = index
        pinned.append(meeting)

    return Instance(
        name=name,
        slots=slots,
        tables_per_slot=tables,
        participants=tuple(participants.values()),
        requests=tuple(requests),
        pinned=tuple(pinned),
    )
