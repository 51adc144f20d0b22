"""The instance compiled for the solvers: participants and slots as array positions, the pinned
meetings taken out (their participants' slots, tables and caps are used up, their requests met),
and the open requests with the slots each one may still use.

An assignment is an array `slot_of` with one entry per open request: its slot, or -1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from creativeports.events.scheduling.model import FixedTable, Instance, Meeting, Schedule

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

UNSCHEDULED = -1


@dataclass(frozen=True, slots=True, eq=False)
class Problem:
    instance: Instance
    ids: tuple[int, ...]  # participant position -> id
    slots: int
    # Open requests (not already met by a pinned meeting), by position.
    request_index: IntArray  # position in instance.requests
    ra: IntArray  # participant positions
    rb: IntArray
    weight: IntArray
    general: BoolArray  # True when the meeting needs a general table (neither is an exhibitor)
    allowed: BoolArray  # (requests, slots): both available and neither in a pinned meeting
    allowed_mask: tuple[int, ...]  # the same as bit masks
    cap: IntArray  # meetings each participant may still have (pinned ones counted)
    tables: IntArray  # general tables still free per slot
    pinned_objective: int  # weight of the requests the pinned meetings meet
    incident: tuple[tuple[int, ...], ...]  # participant position -> open requests it is part of

    @property
    def size(self) -> int:
        return int(self.ra.size)

    def objective(self, slot_of: IntArray) -> int:
        return self.pinned_objective + int(self.weight[slot_of >= 0].sum())


def compile_problem(instance: Instance) -> Problem:
    ids = tuple(p.id for p in instance.participants)
    position = {pid: i for i, pid in enumerate(ids)}
    n, slots = len(ids), instance.slots
    available = np.zeros((n, slots), dtype=np.bool_)
    cap = np.zeros(n, dtype=np.int64)
    fixed = np.zeros(n, dtype=np.bool_)
    for i, p in enumerate(instance.participants):
        available[i, sorted(p.available_slots)] = True
        # More meetings than slots is never possible: the slot count is a cap as good as none.
        cap[i] = slots if p.max_meetings is None else min(p.max_meetings, slots)
        fixed[i] = p.fixed_table
    tables = np.array(instance.tables_per_slot, dtype=np.int64)

    pinned_pairs = set()
    for m in instance.pinned:
        for pid in (m.a, m.b):
            available[position[pid], m.slot] = False
            cap[position[pid]] -= 1
        if not isinstance(m.table, FixedTable):
            tables[m.slot] -= 1
        pinned_pairs.add(m.pair)
    np.maximum(cap, 0, out=cap)

    pinned_objective = 0
    keep: list[int] = []
    for k, r in enumerate(instance.requests):
        if r.pair in pinned_pairs:
            pinned_objective += r.weight
        else:
            keep.append(k)
    request_index = np.array(keep, dtype=np.int64)
    ra = np.array([position[instance.requests[k].a] for k in keep], dtype=np.int64)
    rb = np.array([position[instance.requests[k].b] for k in keep], dtype=np.int64)
    weight = np.array([instance.requests[k].weight for k in keep], dtype=np.int64)
    allowed = available[ra] & available[rb]
    # A request neither participant can take part in any more is no use to anyone.
    allowed[(cap[ra] == 0) | (cap[rb] == 0)] = False
    general = ~(fixed[ra] | fixed[rb])
    allowed[np.ix_(general, tables <= 0)] = False
    incident_lists: list[list[int]] = [[] for _ in range(n)]
    for position_in_open, (a, b) in enumerate(zip(ra.tolist(), rb.tolist(), strict=True)):
        incident_lists[a].append(position_in_open)
        incident_lists[b].append(position_in_open)
    return Problem(
        instance=instance,
        ids=ids,
        slots=slots,
        request_index=request_index,
        ra=ra,
        rb=rb,
        weight=weight,
        general=general,
        allowed=allowed,
        allowed_mask=masks(allowed),
        cap=cap,
        tables=np.maximum(tables, 0),
        pinned_objective=pinned_objective,
        incident=tuple(tuple(lst) for lst in incident_lists),
    )


def masks(rows: BoolArray) -> tuple[int, ...]:
    """Each row of a boolean (n, slots) array as an int whose bit s is set when column s is."""
    slots = rows.shape[1]
    if slots <= 62:
        values = rows.astype(np.int64) @ (np.int64(1) << np.arange(slots, dtype=np.int64))
        return tuple(values.tolist())
    bits = [1 << s for s in range(slots)]
    return tuple(sum(bits[s] for s in np.flatnonzero(row).tolist()) for row in rows)


def to_schedule(problem: Problem, slot_of: IntArray, *, bound: float | None, seconds: float) -> Schedule:
    """The schedule of an assignment: the pinned meetings plus one meeting per scheduled request, at
    the first exhibitor's own table or at the next general table not taken in its slot."""
    instance = problem.instance
    taken: dict[int, set[int]] = {s: set() for s in range(problem.slots)}
    for m in instance.pinned:
        if not isinstance(m.table, FixedTable):
            taken[m.slot].add(m.table)
    next_table = dict.fromkeys(range(problem.slots), 0)
    meetings = list(instance.pinned)
    for r in np.flatnonzero(slot_of >= 0).tolist():
        request = instance.requests[int(problem.request_index[r])]
        slot = int(slot_of[r])
        table: int | FixedTable
        if instance.participant(request.a).fixed_table:
            table = FixedTable(request.a)
        elif instance.participant(request.b).fixed_table:
            table = FixedTable(request.b)
        else:
            number = next_table[slot]
            while number in taken[slot]:
                number += 1
            next_table[slot] = number + 1
            table = number
        meetings.append(Meeting(a=request.a, b=request.b, slot=slot, table=table))
    objective = problem.objective(slot_of)
    proven = None if bound is None else float(bound)
    return Schedule(
        meetings=tuple(meetings),
        objective=objective,
        bound=proven,
        optimal=proven is not None and objective >= proven,
        seconds=seconds,
    )
