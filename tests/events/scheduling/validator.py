"""An independent check of a schedule against its instance, written from the problem statement
(docs/scheduling.md) and working on the JSON forms only: it shares no code with the solver.

`check(instance, schedule)` returns the objective it recomputes and raises `InvalidScheduleError`
listing every broken rule.
"""

from __future__ import annotations

from collections import Counter
from typing import Any


class InvalidScheduleError(AssertionError):
    pass


def _pair(a: int, b: int) -> frozenset[int]:
    return frozenset((a, b))


def check(instance: dict[str, Any], schedule: dict[str, Any]) -> int:
    problems: list[str] = []
    slots = instance["slots"]
    tables = instance.get("tables_per_slot") or [instance["tables"]] * slots
    people = {p["id"]: p for p in instance["participants"]}
    weights = {_pair(r["a"], r["b"]): r["weight"] for r in instance["requests"]}
    pinned = [(m["a"], m["b"], m["slot"], m["table"]) for m in instance.get("pinned") or []]
    pinned_pairs = {_pair(a, b) for a, b, _, _ in pinned}
    meetings = [(m["a"], m["b"], m["slot"], m["table"]) for m in schedule["meetings"]]

    for kept in pinned:
        if kept not in meetings and (kept[1], kept[0], kept[2], kept[3]) not in meetings:
            problems.append(f"pinned meeting {kept} is missing or changed")

    pairs_seen: Counter[frozenset[int]] = Counter()
    busy: Counter[tuple[int, int]] = Counter()
    tables_taken: Counter[tuple[int, str]] = Counter()
    count: Counter[int] = Counter()
    objective = 0
    for a, b, slot, table in meetings:
        where = f"meeting {a}-{b} in slot {slot}"
        if a not in people or b not in people:
            problems.append(f"{where}: unknown participant")
            continue
        if a == b:
            problems.append(f"{where}: a participant meets themselves")
        pair = _pair(a, b)
        is_pinned = pair in pinned_pairs
        if pair not in weights and not is_pinned:
            problems.append(f"{where}: nobody asked for it")
        pairs_seen[pair] += 1
        objective += weights.get(pair, 0)
        if not (isinstance(slot, int) and 0 <= slot < slots):
            problems.append(f"{where}: slot out of range")
            continue
        if not is_pinned:
            for pid in (a, b):
                if slot not in people[pid]["available_slots"]:
                    problems.append(f"{where}: participant {pid} is not available")
        for pid in (a, b):
            busy[pid, slot] += 1
            count[pid] += 1
        exhibitors = [pid for pid in (a, b) if people[pid].get("fixed_table")]
        if exhibitors and not is_pinned:
            if table != f"fixed:{exhibitors[0]}":
                problems.append(f"{where}: should be at table fixed:{exhibitors[0]}, is at {table!r}")
        elif isinstance(table, str):
            if not is_pinned or table.removeprefix("fixed:") not in (str(a), str(b)):
                problems.append(f"{where}: table {table!r} is not a table of theirs")
        elif not (isinstance(table, int) and not isinstance(table, bool) and 0 <= table < tables[slot]):
            problems.append(f"{where}: general table {table!r} does not exist in the slot")
        tables_taken[slot, str(table)] += 1

    problems += [f"participants {sorted(p)} meet {n} times" for p, n in pairs_seen.items() if n > 1]
    problems += [f"participant {pid} has {n} meetings in slot {s}" for (pid, s), n in busy.items() if n > 1]
    problems += [f"table {t} in slot {s} holds {n} meetings" for (s, t), n in tables_taken.items() if n > 1]
    for pid, n in count.items():
        cap = people[pid].get("max_meetings")
        if cap is not None and n > cap:
            problems.append(f"participant {pid} has {n} meetings, more than the cap of {cap}")
    if schedule["objective"] != objective:
        problems.append(f"objective says {schedule['objective']}, the meetings are worth {objective}")
    bound = schedule.get("bound")
    if bound is not None and bound < objective:
        problems.append(f"bound {bound} is below the objective {objective}")
    if problems:
        raise InvalidScheduleError("; ".join(problems))
    return objective
