"""Upper bounds on the best objective: a combinatorial one that costs nothing, and the LP
relaxation's (through `lp.dual_bound`, valid whatever the solver's accuracy)."""

from __future__ import annotations

import math

import numpy as np

from creativeports.events.scheduling import lp
from creativeports.events.scheduling.problem import BoolArray, FloatArray, Problem

# Objectives are whole numbers: a bound within this of the next integer is taken as that integer.
# Far above the error of summing a few hundred thousand doubles, far below any real gap.
TOLERANCE = 1e-6


def integral(bound: float) -> float:
    """The largest whole number a schedule's objective can reach under `bound`."""
    return float(math.floor(bound + TOLERANCE))


def combinatorial_bound(problem: Problem) -> float:
    """Each participant has at most min(cap, usable slots) meetings, at best its heaviest requests;
    every meeting is counted by both participants, so half the sum bounds the objective. Also at
    most the sum of all requests that could meet at all."""
    usable = problem.allowed.any(axis=1)
    total = float(problem.weight[usable].sum())
    n = len(problem.ids)
    per_participant: list[list[int]] = [[] for _ in range(n)]
    for a, b, w in zip(
        problem.ra[usable].tolist(), problem.rb[usable].tolist(), problem.weight[usable].tolist(), strict=True
    ):
        per_participant[a].append(w)
        per_participant[b].append(w)
    slots_of = np.zeros((n, problem.slots), dtype=np.bool_)
    np.logical_or.at(slots_of, problem.ra, problem.allowed)
    np.logical_or.at(slots_of, problem.rb, problem.allowed)
    most = np.minimum(problem.cap, slots_of.sum(axis=1)).tolist()
    halves = 0.0
    for weights, k in zip(per_participant, most, strict=True):
        if k > 0 and weights:
            halves += sum(sorted(weights, reverse=True)[:k])
    return problem.pinned_objective + min(total, halves / 2, _tables_and_stands(problem, usable, most))


def _tables_and_stands(problem: Problem, usable: BoolArray, most: list[int]) -> float:
    """Meetings without an exhibitor fit on the general tables of all slots, at best the heaviest
    such requests; each exhibitor's meetings are at most its heaviest few."""
    general = usable & problem.general
    on_tables = np.sort(problem.weight[general])[::-1][: int(problem.tables.sum())].sum()
    exhibitor_weights: dict[int, list[int]] = {}
    fixed = problem.instance
    for r in np.flatnonzero(usable & ~problem.general).tolist():
        a, b = int(problem.ra[r]), int(problem.rb[r])
        # Seated at the first exhibitor's table, as the schedule does.
        owner = a if fixed.participant(problem.ids[a]).fixed_table else b
        exhibitor_weights.setdefault(owner, []).append(int(problem.weight[r]))
    at_stands = sum(sum(sorted(ws, reverse=True)[: most[e]]) for e, ws in exhibitor_weights.items())
    return float(on_tables) + at_stands


def lp_meet_share(problem: Problem, model: lp.Model, values: FloatArray) -> FloatArray:
    """How much the LP relaxation meets each request (0..1)."""
    share = np.zeros(problem.size, dtype=np.float64)
    np.add.at(share, model.col_request, np.clip(values, 0.0, 1.0))
    return np.clip(share, 0.0, 1.0)
