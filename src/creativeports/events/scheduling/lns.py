"""Large-neighbourhood search: free a few hundred related requests, re-solve them exactly with
HiGHS around everything else, keep the result when it is at least as good.

Neighbourhoods (chosen at random, each iteration):

- *around a missed request*: an unscheduled request, picked with probability growing with its
  weight and its LP value, and the participants linked to it (its two participants, the people
  they meet, the people they asked), grown until enough requests are free; every request of a
  chosen participant is free, so meetings with people outside move to slots those people have free;
- *by slot*: two slots, the meetings in them and unscheduled requests that could use them: the
  tables of a slot are traded for heavier requests, and meetings are swapped between the slots;
- *random participants*: a spread-out sample, for diversification.

Each sub-problem starts from the current assignment (HiGHS gets it as the incumbent), so a step
never makes the schedule worse; equal results are kept too, which lets the search drift across
plateaus.
"""

from __future__ import annotations

import random
import time

import numpy as np

from creativeports.events.scheduling import lp
from creativeports.events.scheduling.bound import integral
from creativeports.events.scheduling.problem import UNSCHEDULED, FloatArray
from creativeports.events.scheduling.state import State, bits

# Requests freed per neighbourhood: a start, and the range the search adapts it within.
START_BUDGET = 250
MIN_BUDGET = 60
MAX_BUDGET = 1500


class Search:
    def __init__(self, state: State, *, seed: int, guide: FloatArray | None = None) -> None:
        self.state = state
        self.rng = random.Random(seed)  # noqa: S311  # the search's choices, not a secret
        self.seed = seed
        problem = state.problem
        # How much a request is worth chasing: its weight, more when the LP relaxation meets it.
        value = problem.weight.astype(np.float64)
        if guide is not None:
            value = value * (0.25 + guide)
        self.value: list[float] = value.tolist()
        self.budget = START_BUDGET
        # A bound proven by solving the whole problem as one neighbourhood, if it was small enough.
        self.bound: float | None = None
        self.iterations = 0
        self.improvements = 0
        self.kinds = ("missed", "missed", "slot", "random")

    def run(self, deadline: float, *, target: int | None = None) -> None:
        """Improve until the deadline, or until the objective reaches `target` (a proven bound).

        A problem small enough to free whole is solved whole: its optimum and bound are proven."""
        state = self.state
        everything = list(range(state.problem.size))
        while everything:
            left = deadline - time.monotonic()
            if left < 0.05 or (target is not None and state.objective >= target):
                return
            whole = len(everything) <= self.budget
            if whole:
                free = everything
            else:
                kind = self.rng.choice(self.kinds)
                if kind == "missed":
                    free = self.around_missed()
                elif kind == "slot":
                    free = by_slot(state, self.rng, self.budget)
                else:
                    free = random_participants(state, self.rng, self.budget)
            if not free:
                continue
            before = state.objective
            limit = min(left - 0.03, max(2.0, left / 4) if whole else 2.0)
            result = reoptimise(state, free, time_limit=limit, seed=self.seed + self.iterations)
            self.iterations += 1
            if state.objective > before:
                self.improvements += 1
            if whole and result.bound is not None:
                proven = integral(state.problem.pinned_objective + result.bound)
                self.bound = proven if self.bound is None else min(self.bound, proven)
                target = int(self.bound) if target is None else min(target, int(self.bound))
            # Grow the neighbourhoods while the sub-problems solve to optimality; shrink when they don't.
            if whole:
                pass
            elif result.complete:
                self.budget = min(self.budget + 10, MAX_BUDGET)
            else:
                self.budget = max(MIN_BUDGET, int(self.budget * 0.8))

    def around_missed(self) -> list[int]:
        state, rng = self.state, self.rng
        missed = [r for r, s in enumerate(state.slot_of) if s == UNSCHEDULED and state.allowed_mask[r]]
        if not missed:
            return random_participants(state, rng, self.budget)
        sample = rng.sample(missed, min(len(missed), 32))
        seed_request = max(sample, key=lambda r: self.value[r] * rng.random())
        return grow(state, rng, [state.ra[seed_request], state.rb[seed_request]], self.budget)


def grow(state: State, rng: random.Random, start: list[int], budget: int) -> list[int]:
    """All requests of participants reached from `start` through requests, until `budget`."""
    incident = state.problem.incident
    chosen: set[int] = set()
    free: set[int] = set()
    frontier = list(start)
    while frontier and len(free) < budget:
        p = frontier.pop(rng.randrange(len(frontier))) if rng.random() < 0.5 else frontier.pop(0)
        if p in chosen:
            continue
        chosen.add(p)
        for r in incident[p]:
            free.add(r)
            other = state.rb[r] if state.ra[r] == p else state.ra[r]
            if other not in chosen and (state.slot_of[r] >= 0 or rng.random() < 0.3):
                frontier.append(other)
    return sorted(free)


def by_slot(state: State, rng: random.Random, budget: int) -> list[int]:
    slots = state.problem.slots
    if slots == 0:
        return []
    picked = rng.sample(range(slots), min(2, slots))
    mask = sum(1 << s for s in picked)
    meeting = [r for r, s in enumerate(state.slot_of) if s in picked]
    rng.shuffle(meeting)
    free = meeting[: budget // 2]
    candidates = [
        r
        for r, s in enumerate(state.slot_of)
        if s == UNSCHEDULED and state.allowed_mask[r] & mask and state.count[state.ra[r]] < state.cap[state.ra[r]]
    ]
    rng.shuffle(candidates)
    candidates.sort(key=lambda r: -state.weight[r])
    return sorted(set(free) | set(candidates[: budget - len(free)]))


def random_participants(state: State, rng: random.Random, budget: int) -> list[int]:
    n = len(state.problem.ids)
    if n == 0:
        return []
    return grow(state, rng, rng.sample(range(n), min(n, 8)), budget)


def reoptimise(state: State, free: list[int], *, time_limit: float, seed: int) -> lp.Solved:
    """Re-solve the requests `free` exactly around the rest of `state` (in place, never worse).
    Returns HiGHS' answer (whether it proved the sub-problem optimal, its bound)."""
    problem = state.problem
    before = state.objective
    old = [state.slot_of[r] for r in free]
    for r, s in zip(free, old, strict=True):
        if s >= 0:
            state.remove(r)
    slots = problem.slots
    allowed = np.zeros((len(free), slots), dtype=np.bool_)
    for i, r in enumerate(free):
        for s in bits(state.free_slots(r)):
            allowed[i, s] = True
    index = np.array(free, dtype=np.int64)
    residual_cap = np.array(state.cap, dtype=np.int64) - np.array(state.count, dtype=np.int64)
    residual_tables = np.array(state.tables, dtype=np.int64) - np.array(state.used, dtype=np.int64)
    model = lp.build(
        problem.ra[index],
        problem.rb[index],
        problem.weight[index],
        problem.general[index],
        allowed,
        residual_cap,
        residual_tables,
    )
    start = np.zeros(model.columns)
    old_slot = np.array(old, dtype=np.int64)
    start[old_slot[model.col_request] == model.col_slot] = 1.0
    result = lp.solve(model, time_limit=time_limit, mip=True, start=start, seed=seed)
    chosen = start
    if result.values is not None and float(result.values @ model.cost) > float(start @ model.cost) + 0.5:
        chosen = np.round(result.values)
    _apply(state, free, model, chosen)
    if state.objective < before:
        # HiGHS' answer did not fit after all (tolerances): put the old meetings back.
        _apply(state, free, model, start)
    return result


def _apply(state: State, free: list[int], model: lp.Model, values: FloatArray) -> None:
    for r in free:
        if state.slot_of[r] >= 0:
            state.remove(r)
    for col in np.flatnonzero(values > 0.5).tolist():
        r = free[int(model.col_request[col])]
        s = int(model.col_slot[col])
        if state.slot_of[r] == UNSCHEDULED and state.free_slots(r) >> s & 1:
            state.place(r, s)
