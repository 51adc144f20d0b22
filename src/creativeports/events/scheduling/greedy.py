"""Constructive heuristics: first come first served (the baseline), and by weight then scarcity."""

from __future__ import annotations

import time
from collections.abc import Iterable

import numpy as np

from creativeports.events.scheduling.model import Instance, Schedule
from creativeports.events.scheduling.problem import FloatArray, Problem, compile_problem, to_schedule
from creativeports.events.scheduling.state import State, bits, lowest_bit


def greedy_first_come(instance: Instance) -> Schedule:
    """Requests in the order given, each at the earliest slot that still works (the baseline)."""
    started = time.monotonic()
    problem = compile_problem(instance)
    state = State(problem)
    for r in range(problem.size):
        mask = state.free_slots(r)
        if mask:
            state.place(r, lowest_bit(mask))
    return to_schedule(problem, state.array(), bound=None, seconds=time.monotonic() - started)


def scarcity_order(problem: Problem, requests: Iterable[int] | None = None) -> list[int]:
    """Heaviest first; among equals, those with the fewest possible slots, then those whose
    participants are the most contested (most requests for the slots they have)."""
    degree = np.zeros(len(problem.ids), dtype=np.float64)
    np.add.at(degree, problem.ra, 1.0)
    np.add.at(degree, problem.rb, 1.0)
    options = problem.allowed.sum(axis=1)
    contest = degree[problem.ra] + degree[problem.rb]
    keys = np.lexsort((-contest, options, -problem.weight))
    if requests is None:
        return [int(r) for r in keys.tolist()]
    wanted = set(requests)
    return [int(r) for r in keys.tolist() if r in wanted]


def demand(problem: Problem) -> FloatArray:
    """(participants, slots): how many open requests of each participant could use each slot."""
    pressure = np.zeros((len(problem.ids), problem.slots), dtype=np.float64)
    allowed = problem.allowed.astype(np.float64)
    np.add.at(pressure, problem.ra, allowed)
    np.add.at(pressure, problem.rb, allowed)
    return pressure


def fill(
    state: State, order: Iterable[int], *, pressure: FloatArray | None = None, deadline: float | None = None
) -> None:
    """Place each unscheduled request of `order` in turn at the free slot its two participants need
    least for their other requests (the slot that leaves the most room for the rest). Stops at the
    deadline (what is placed by then is a valid schedule)."""
    problem = state.problem
    if pressure is None:
        pressure = demand(problem)
    rows: list[list[float]] = pressure.tolist()
    table_load = [0.0] * problem.slots
    general_demand = problem.allowed[problem.general].sum(axis=0).tolist()
    for s in range(problem.slots):
        table_load[s] = general_demand[s] / max(1, state.tables[s])
    for done, r in enumerate(order):
        if deadline is not None and done % 512 == 0 and time.monotonic() > deadline:
            return
        if state.slot_of[r] >= 0:
            continue
        mask = state.free_slots(r)
        if not mask:
            continue
        pa, pb = rows[state.ra[r]], rows[state.rb[r]]
        if mask & (mask - 1) == 0:
            best = lowest_bit(mask)
        elif state.general[r]:
            best = min(bits(mask), key=lambda s: pa[s] + pb[s] + table_load[s])
        else:
            best = min(bits(mask), key=lambda s: pa[s] + pb[s])
        state.place(r, best)


def greedy_by_weight(problem: Problem, *, deadline: float | None = None) -> State:
    """Heaviest and scarcest requests first (`scarcity_order`), each at its least needed slot."""
    state = State(problem)
    fill(state, scarcity_order(problem), deadline=deadline)
    return state
