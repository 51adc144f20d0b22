"""The scheduler on hand-made instances with known optima, and on random ones against the
independent validator and a brute-force optimum."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creativeports.events.scheduling import (
    Meeting,
    greedy_first_come,
    instance_from_json,
    schedule_to_json,
    solve,
)
from tests.events.scheduling.validator import check

pytestmark = pytest.mark.unit

TIME_LIMIT = 5.0


def _people(*specs: tuple[int, list[int]], fixed: tuple[int, ...] = (), caps: dict[int, int] | None = None):
    caps = caps or {}
    return [
        {"id": pid, "available_slots": slots, "max_meetings": caps.get(pid), "fixed_table": pid in fixed}
        for pid, slots in specs
    ]


def _solve(data: dict[str, Any]) -> dict[str, Any]:
    schedule = schedule_to_json(solve(instance_from_json(data), time_limit=TIME_LIMIT))
    check(data, schedule)
    return schedule


def test_solve_gives_the_only_table_to_the_heaviest_request():
    data = {
        "slots": 1,
        "tables": 1,
        "participants": _people(*((pid, [0]) for pid in range(1, 7))),
        "requests": [{"a": 1, "b": 2, "weight": 1}, {"a": 3, "b": 4, "weight": 3}, {"a": 5, "b": 6, "weight": 2}],
    }

    schedule = _solve(data)

    assert schedule == {"meetings": [{"a": 3, "b": 4, "slot": 0, "table": 0}], "objective": 3, "bound": 3.0}


def test_solve_meets_exhibitors_at_their_own_tables_without_general_tables():
    data = {
        "slots": 1,
        "tables": 0,
        "participants": _people((1, [0]), (2, [0]), (3, [0]), (4, [0]), fixed=(1, 4)),
        "requests": [{"a": 2, "b": 1, "weight": 2}, {"a": 3, "b": 4, "weight": 1}, {"a": 2, "b": 3, "weight": 3}],
    }

    schedule = _solve(data)

    assert schedule["meetings"] == [
        {"a": 2, "b": 1, "slot": 0, "table": "fixed:1"},
        {"a": 3, "b": 4, "slot": 0, "table": "fixed:4"},
    ]
    assert (schedule["objective"], schedule["bound"]) == (3, 3.0)


def test_solve_seats_two_exhibitors_at_the_first_ones_table():
    data = {
        "slots": 1,
        "tables": 0,
        "participants": _people((1, [0]), (2, [0]), fixed=(1, 2)),
        "requests": [{"a": 2, "b": 1, "weight": 1}],
    }

    assert _solve(data)["meetings"] == [{"a": 2, "b": 1, "slot": 0, "table": "fixed:2"}]


def test_solve_keeps_to_the_caps():
    data = {
        "slots": 3,
        "tables": 5,
        "participants": _people((1, [0, 1, 2]), (2, [0, 1, 2]), (3, [0, 1, 2]), (4, [0, 1, 2]), caps={1: 1}),
        "requests": [
            {"a": 1, "b": 2, "weight": 2},
            {"a": 1, "b": 3, "weight": 3},
            {"a": 1, "b": 4, "weight": 1},
            {"a": 2, "b": 3, "weight": 1},
        ],
    }

    schedule = _solve(data)

    assert (schedule["objective"], schedule["bound"]) == (4, 4.0)
    assert sorted((m["a"], m["b"]) for m in schedule["meetings"]) == [(1, 3), (2, 3)]


def test_solve_uses_the_tables_of_each_slot():
    data = {
        "slots": 2,
        "tables": 7,
        "tables_per_slot": [0, 1],
        "participants": _people(*((pid, [0, 1]) for pid in range(1, 5))),
        "requests": [{"a": 1, "b": 2, "weight": 1}, {"a": 3, "b": 4, "weight": 2}],
    }

    schedule = _solve(data)

    assert schedule == {"meetings": [{"a": 3, "b": 4, "slot": 1, "table": 0}], "objective": 2, "bound": 2.0}


def test_solve_keeps_pinned_meetings_and_fits_new_requests_around_them():
    data = {
        "slots": 2,
        "tables": 1,
        "participants": _people((1, [0, 1]), (2, [0, 1]), (3, [0, 1])),
        "requests": [{"a": 1, "b": 2, "weight": 3}, {"a": 1, "b": 3, "weight": 2}, {"a": 2, "b": 3, "weight": 1}],
        "pinned": [{"a": 1, "b": 3, "slot": 0, "table": 0}],
    }

    schedule = _solve(data)

    assert schedule["meetings"] == [
        {"a": 1, "b": 3, "slot": 0, "table": 0},
        {"a": 1, "b": 2, "slot": 1, "table": 0},
    ]
    assert (schedule["objective"], schedule["bound"]) == (5, 5.0)


def test_solve_leaves_pinned_tables_alone():
    data = {
        "slots": 1,
        "tables": 2,
        "participants": _people(*((pid, [0]) for pid in range(1, 5))),
        "requests": [{"a": 3, "b": 4, "weight": 1}],
        # Confirmed before the organisers asked for weights: no request, still kept.
        "pinned": [{"a": 1, "b": 2, "slot": 0, "table": 0}],
    }

    schedule = _solve(data)

    assert schedule["meetings"] == [
        {"a": 1, "b": 2, "slot": 0, "table": 0},
        {"a": 3, "b": 4, "slot": 0, "table": 1},
    ]
    assert schedule["objective"] == 1


def test_solve_beats_first_come_when_the_first_slot_is_the_wrong_one():
    data = {
        "slots": 2,
        "tables": 9,
        "participants": _people((1, [0, 1]), (2, [0, 1]), (3, [0])),
        "requests": [{"a": 1, "b": 2, "weight": 1}, {"a": 1, "b": 3, "weight": 1}],
    }
    instance = instance_from_json(data)

    first_come = greedy_first_come(instance)
    best = solve(instance, time_limit=TIME_LIMIT)

    assert (first_come.objective, best.objective, best.bound, best.optimal) == (1, 2, 2.0, True)
    assert set(best.meetings) == {Meeting(a=1, b=2, slot=1, table=0), Meeting(a=1, b=3, slot=0, table=0)}


def test_solve_an_empty_instance():
    data = {"slots": 0, "tables": 0, "participants": [], "requests": []}

    assert _solve(data) == {"meetings": [], "objective": 0, "bound": 0.0}


def test_solve_without_time_still_returns_a_valid_schedule():
    data = {
        "slots": 4,
        "tables": 2,
        "participants": _people(*((pid, [0, 1, 2, 3]) for pid in range(10))),
        "requests": [{"a": a, "b": b, "weight": 1 + (a + b) % 3} for a, b in itertools.combinations(range(10), 2)],
        "pinned": [{"a": 0, "b": 1, "slot": 2, "table": 1}],
    }

    schedule = schedule_to_json(solve(instance_from_json(data), time_limit=0.0))

    assert check(data, schedule) == schedule["objective"]
    assert {"a": 0, "b": 1, "slot": 2, "table": 1} in schedule["meetings"]


# --- random instances -------------------------------------------------------------------------


@st.composite
def instances(draw: st.DrawFn) -> dict[str, Any]:
    slots = draw(st.integers(1, 3))
    n = draw(st.integers(2, 6))
    ids = draw(st.lists(st.integers(-40, 40), min_size=n, max_size=n, unique=True))
    participants = [
        {
            "id": pid,
            "available_slots": sorted(draw(st.sets(st.integers(0, slots - 1)))),
            "max_meetings": draw(st.none() | st.integers(0, 3)),
            "fixed_table": draw(st.integers(0, 4)) == 0,
        }
        for pid in ids
    ]
    pairs = list(itertools.combinations(ids, 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=7))
    requests = []
    for a, b in chosen:
        first, second = (a, b) if draw(st.booleans()) else (b, a)
        requests.append({"a": first, "b": second, "weight": draw(st.integers(1, 3))})
    data: dict[str, Any] = {"slots": slots, "participants": participants, "requests": requests}
    if draw(st.booleans()):
        data["tables"] = draw(st.integers(0, 3))
        tables = [data["tables"]] * slots
    else:
        tables = draw(st.lists(st.integers(0, 3), min_size=slots, max_size=slots))
        data["tables"] = 1
        data["tables_per_slot"] = tables
    data["pinned"] = _some_pinned(draw, data, tables)
    return data


def _some_pinned(draw: st.DrawFn, data: dict[str, Any], tables: list[int]) -> list[dict[str, Any]]:
    """Pinned meetings as the platform makes them: each one valid when it was confirmed."""
    people = {p["id"]: p for p in data["participants"]}
    pinned: list[dict[str, Any]] = []
    busy: set[tuple[int, int]] = set()
    count: dict[int, int] = dict.fromkeys(people, 0)
    used = [0] * data["slots"]
    for request in (
        draw(st.lists(st.sampled_from(data["requests"]), unique_by=id, max_size=2)) if data["requests"] else []
    ):
        a, b = request["a"], request["b"]
        for slot in sorted(set(people[a]["available_slots"]) & set(people[b]["available_slots"])):
            if (a, slot) in busy or (b, slot) in busy:
                continue
            if any(people[p]["max_meetings"] is not None and count[p] >= people[p]["max_meetings"] for p in (a, b)):
                continue
            exhibitor = next((p for p in (a, b) if people[p]["fixed_table"]), None)
            if exhibitor is None and used[slot] >= tables[slot]:
                continue
            table: int | str = f"fixed:{exhibitor}" if exhibitor is not None else used[slot]
            if exhibitor is None:
                used[slot] += 1
            busy |= {(a, slot), (b, slot)}
            count[a] += 1
            count[b] += 1
            pinned.append({"a": a, "b": b, "slot": slot, "table": table})
            break
    return pinned


def brute_force_optimum(data: dict[str, Any]) -> int:
    """Every way to give each request a slot or none; the best total weight that breaks no rule."""
    people = {p["id"]: p for p in data["participants"]}
    tables = data.get("tables_per_slot") or [data["tables"]] * data["slots"]
    pinned = data.get("pinned") or []
    pinned_pairs = {frozenset((m["a"], m["b"])) for m in pinned}
    base = sum(r["weight"] for r in data["requests"] if frozenset((r["a"], r["b"])) in pinned_pairs)
    open_requests = [r for r in data["requests"] if frozenset((r["a"], r["b"])) not in pinned_pairs]
    busy = {(p, m["slot"]) for m in pinned for p in (m["a"], m["b"])}
    count = {pid: sum(pid in (m["a"], m["b"]) for m in pinned) for pid in people}
    used = [sum(1 for m in pinned if m["slot"] == s and isinstance(m["table"], int)) for s in range(data["slots"])]

    def best(k: int) -> int:
        if k == len(open_requests):
            return 0
        request = open_requests[k]
        a, b = request["a"], request["b"]
        result = best(k + 1)
        general = not (people[a]["fixed_table"] or people[b]["fixed_table"])
        capped = any(people[p]["max_meetings"] is not None and count[p] >= people[p]["max_meetings"] for p in (a, b))
        for slot in range(data["slots"]):
            if capped or (a, slot) in busy or (b, slot) in busy:
                continue
            if slot not in people[a]["available_slots"] or slot not in people[b]["available_slots"]:
                continue
            if general and used[slot] >= tables[slot]:
                continue
            busy.update({(a, slot), (b, slot)})
            count[a] += 1
            count[b] += 1
            used[slot] += general
            result = max(result, request["weight"] + best(k + 1))
            busy.difference_update({(a, slot), (b, slot)})
            count[a] -= 1
            count[b] -= 1
            used[slot] -= general
        return result

    return base + best(0)


@settings(max_examples=120, deadline=None)
@given(data=instances())
def test_solve_random_instances_are_valid_optimal_and_bounded(data):
    instance = instance_from_json(data)

    schedule = schedule_to_json(solve(instance, time_limit=TIME_LIMIT, seed=3))
    first_come = schedule_to_json(greedy_first_come(instance))

    optimum = brute_force_optimum(data)
    assert check(data, schedule) == optimum
    assert check(data, first_come) <= optimum
    assert schedule["bound"] is not None
    assert schedule["bound"] >= optimum


def _medium(seed: int, n: int, slots: int, tables: int, requests: int) -> dict[str, Any]:
    """A random instance big enough that the search works on neighbourhoods, not on the whole."""
    rng = random.Random(seed)
    participants = [
        {
            "id": 1000 + pid,
            "available_slots": sorted(rng.sample(range(slots), rng.randint(1, slots))),
            "max_meetings": rng.choice([None, None, None, 1, 2, 4]),
            "fixed_table": rng.random() < 0.1,
        }
        for pid in range(n)
    ]
    pairs = rng.sample(list(itertools.combinations(range(1000, 1000 + n), 2)), requests)
    data: dict[str, Any] = {
        "slots": slots,
        "tables": tables,
        "participants": participants,
        "requests": [{"a": a, "b": b, "weight": rng.randint(1, 3)} for a, b in pairs],
    }
    data["pinned"] = []
    schedule = schedule_to_json(greedy_first_come(instance_from_json(data)))
    # Some of a first-come schedule, confirmed: the solver has to work around them.
    data["pinned"] = rng.sample(schedule["meetings"], len(schedule["meetings"]) // 5)
    return data


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(30, 60), slots=st.integers(2, 6), tables=st.integers(1, 12))
def test_solve_larger_random_instances_beat_first_come_within_the_bound(seed, n, slots, tables):
    data = _medium(seed, n, slots, tables, requests=min(400, n * (n - 1) // 2))
    instance = instance_from_json(data)

    schedule = schedule_to_json(solve(instance, time_limit=1.0, seed=seed))
    first_come = schedule_to_json(greedy_first_come(instance))

    objective = check(data, schedule)
    assert objective >= check(data, first_come)
    assert schedule["bound"] is not None
    assert objective <= schedule["bound"]
