"""A mutable assignment with what it uses up, for constructive heuristics and local search.

Plain Python ints and lists: the operations are tiny and numerous, where numpy's per-call cost
would dominate. Slot sets are bit masks (bit s set = slot s).
"""

from __future__ import annotations

import numpy as np

from creativeports.events.scheduling.problem import UNSCHEDULED, IntArray, Problem


def lowest_bit(mask: int) -> int:
    return (mask & -mask).bit_length() - 1


def bits(mask: int) -> list[int]:
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found


class State:
    def __init__(self, problem: Problem, slot_of: IntArray | None = None) -> None:
        self.problem = problem
        n, slots = len(problem.ids), problem.slots
        self.ra: list[int] = problem.ra.tolist()
        self.rb: list[int] = problem.rb.tolist()
        self.weight: list[int] = problem.weight.tolist()
        self.general: list[bool] = problem.general.tolist()
        self.allowed_mask = problem.allowed_mask
        self.cap: list[int] = problem.cap.tolist()
        self.tables: list[int] = problem.tables.tolist()
        self.slot_of: list[int] = [UNSCHEDULED] * problem.size
        self.busy: list[int] = [0] * n  # slots in which each participant meets
        self.count: list[int] = [0] * n
        self.used: list[int] = [0] * slots  # general tables taken per slot
        self.full = sum(1 << s for s in range(slots) if self.tables[s] <= 0)  # slots without a free table
        self.objective = problem.pinned_objective
        if slot_of is not None:
            for r, s in enumerate(slot_of.tolist()):
                if s >= 0:
                    self.place(r, s)

    def free_slots(self, r: int) -> int:
        """The slots where request r could be placed now (0 when a participant reached the cap)."""
        a, b = self.ra[r], self.rb[r]
        if self.count[a] >= self.cap[a] or self.count[b] >= self.cap[b]:
            return 0
        mask = self.allowed_mask[r] & ~(self.busy[a] | self.busy[b])
        if self.general[r]:
            mask &= ~self.full
        return mask

    def place(self, r: int, s: int) -> None:
        a, b = self.ra[r], self.rb[r]
        bit = 1 << s
        self.slot_of[r] = s
        self.busy[a] |= bit
        self.busy[b] |= bit
        self.count[a] += 1
        self.count[b] += 1
        if self.general[r]:
            self.used[s] += 1
            if self.used[s] >= self.tables[s]:
                self.full |= bit
        self.objective += self.weight[r]

    def remove(self, r: int) -> None:
        s = self.slot_of[r]
        a, b = self.ra[r], self.rb[r]
        bit = 1 << s
        self.slot_of[r] = UNSCHEDULED
        self.busy[a] &= ~bit
        self.busy[b] &= ~bit
        self.count[a] -= 1
        self.count[b] -= 1
        if self.general[r]:
            self.used[s] -= 1
            self.full &= ~bit
        self.objective -= self.weight[r]

    def array(self) -> IntArray:
        return np.array(self.slot_of, dtype=np.int64)
