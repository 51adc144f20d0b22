"""`solve`: the best schedule found within a wall-clock limit, with a proven bound.

1. Greedy by weight, then scarcity: a complete schedule in a fraction of a second.
2. The LP relaxation with HiGHS' first-order solver (PDLP), for at most a share of the time: its
   prices give a proven upper bound (see `lp.dual_bound`) and its values tell which requests an
   optimal schedule tends to meet; a second greedy takes those first, and the better one is kept.
3. Large-neighbourhood search (`lns`) until the time is up or the objective reaches the bound.

Every step checks the clock and every HiGHS call gets the time that is left, so the limit holds
(the last step, building the schedule, is linear in its size).
"""

from __future__ import annotations

import time

import numpy as np

from creativeports.events.scheduling import lp
from creativeports.events.scheduling.bound import combinatorial_bound, integral, lp_meet_share
from creativeports.events.scheduling.greedy import fill, greedy_by_weight
from creativeports.events.scheduling.lns import Search
from creativeports.events.scheduling.model import Instance, Schedule
from creativeports.events.scheduling.problem import FloatArray, Problem, compile_problem, to_schedule
from creativeports.events.scheduling.state import State

# Share of the time limit the LP relaxation may take (it usually needs far less).
LP_SHARE = 0.4
# What building the LP costs per column, generously (about 2.2 µs measured on an idle machine).
BUILD_SECONDS_PER_COLUMN = 5e-6
# Time kept back at the end for building the schedule and for a late clock check: a fixed part,
# a part of the limit and a part per request.
RESERVE_SECONDS = 0.05
RESERVE_SHARE = 0.002
RESERVE_PER_REQUEST = 3e-6


def solve(instance: Instance, *, time_limit: float, seed: int = 0) -> Schedule:
    """The best schedule found within `time_limit` seconds of wall-clock time (a valid one always,
    if need be only the pinned meetings), its objective and a proven upper bound (or None)."""
    started = time.monotonic()
    problem = compile_problem(instance)
    time_limit = max(0.0, time_limit)
    reserve = RESERVE_SECONDS + RESERVE_SHARE * time_limit + RESERVE_PER_REQUEST * problem.size
    deadline = started + time_limit - reserve
    state = greedy_by_weight(problem, deadline=deadline)
    bound: float | None = None
    if time.monotonic() < deadline:
        bound = integral(combinatorial_bound(problem))
    guide: FloatArray | None = None
    if bound is not None and state.objective < bound and time.monotonic() < deadline:
        lp_bound, guide = _relaxation(problem, deadline, started, time_limit, seed)
        if lp_bound is not None:
            bound = min(bound, integral(lp_bound))
        if guide is not None and time.monotonic() < deadline:
            state = _better(state, _guided(problem, guide, deadline))
    if bound is None or state.objective < bound:
        target = None if bound is None else int(bound)
        search = Search(state, seed=seed, guide=guide)
        search.run(deadline, target=target)
        if search.bound is not None:
            bound = search.bound if bound is None else min(bound, search.bound)
    return to_schedule(problem, state.array(), bound=bound, seconds=time.monotonic() - started)


def _relaxation(
    problem: Problem, deadline: float, started: float, time_limit: float, seed: int
) -> tuple[float | None, FloatArray | None]:
    def left() -> float:
        return min(deadline - time.monotonic(), started + LP_SHARE * time_limit - time.monotonic())

    # Building the model cannot be interrupted: start only when it takes a small part of the time.
    if BUILD_SECONDS_PER_COLUMN * int(problem.allowed.sum()) > 0.3 * left():
        return None, None
    model = lp.build_whole(problem)
    limit = left()
    if limit <= 0.01:
        return None, None
    result = lp.solve(model, time_limit=limit, method="pdlp", seed=seed)
    if result.bound is None:
        return None, None
    bound = result.bound + problem.pinned_objective
    guide = lp_meet_share(problem, model, result.values) if result.values is not None else None
    return bound, guide


def _guided(problem: Problem, share: FloatArray, deadline: float) -> State:
    """The greedy with the requests the LP relaxation meets most first (then by weight)."""
    state = State(problem)
    order = np.lexsort((-problem.weight, -np.round(share, 2))).tolist()
    fill(state, order, deadline=deadline)
    return state


def _better(current: State, other: State) -> State:
    return other if other.objective > current.objective else current
