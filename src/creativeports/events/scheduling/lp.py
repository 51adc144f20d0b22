"""The scheduling problem as a linear (or integer) programme for HiGHS, and bounds from its duals.

One column per (request, slot) the request may use, value 1 when it meets then. Rows, each kept
only when it can bind (a row no assignment can violate is left out):

- a request meets at most once;
- a participant has at most one meeting per slot;
- at most the free general tables per slot are used by meetings without an exhibitor;
- a participant has at most its cap of meetings.

Bounds come from weak duality, not from the solver's word: for any row prices y ≥ 0,
`sum(rhs · y) + sum over columns of max(0, weight − prices on the column)` is at least the
value of every assignment. Any prices do, so a solve stopped by the time limit still gives a
valid (weaker) bound, and floating-point tolerances cannot make it wrong by more than rounding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import highspy
import numpy as np
from highspy._core import _Highs

from creativeports.events.scheduling.problem import BoolArray, FloatArray, IntArray, Problem

ObjSense = highspy.ObjSense
MatrixFormat = highspy.MatrixFormat


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    col_request: IntArray  # local request position of each column
    col_slot: IntArray
    cost: FloatArray  # the request's weight
    rhs: FloatArray  # row upper bounds (all rows are `≤ rhs`)
    start: IntArray  # column-wise sparse matrix (all coefficients 1)
    index: IntArray

    @property
    def columns(self) -> int:
        return int(self.cost.size)

    @property
    def rows(self) -> int:
        return int(self.rhs.size)


def _rows_for(
    keys: IntArray, limit: FloatArray | float, distinct: IntArray | None = None
) -> tuple[IntArray, FloatArray]:
    """Row ids (or -1 where no row is needed) for entries with the given keys, and their rhs.

    A row is needed when the entries with a key could add up to more than its limit: more
    entries than the limit, or with `distinct`, more distinct requests than the limit."""
    if keys.size == 0:
        return np.full(0, -1, dtype=np.int64), np.zeros(0, dtype=np.float64)
    unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    if distinct is not None:
        pairs = np.unique(np.stack([keys, distinct]), axis=1)
        counts = np.unique(pairs[0], return_counts=True)[1]
    limits = limit[unique] if isinstance(limit, np.ndarray) else np.full(unique.size, limit)
    needed = counts > limits
    row_of_unique = np.where(needed, np.cumsum(needed) - 1, -1)
    return row_of_unique[inverse].astype(np.int64), limits[needed].astype(np.float64)


def build(
    ra: IntArray,
    rb: IntArray,
    weight: IntArray,
    general: BoolArray,
    allowed: BoolArray,
    cap: IntArray,
    tables: IntArray,
) -> Model:
    """The model of the requests `ra[i]`–`rb[i]` that may use the slots `allowed[i]`, with the
    participants' remaining caps and the slots' remaining general tables."""
    slots = allowed.shape[1]
    col_request, col_slot = np.nonzero(allowed)
    col_request = col_request.astype(np.int64)
    col_slot = col_slot.astype(np.int64)
    columns = col_request.size
    col_ids = np.arange(columns, dtype=np.int64)
    a, b = ra[col_request], rb[col_request]

    entry_rows: list[IntArray] = []
    entry_cols: list[IntArray] = []
    rhs_parts: list[FloatArray] = []
    offset = 0

    def add(rows: IntArray, rhs: FloatArray, cols: IntArray) -> None:
        nonlocal offset
        keep = rows >= 0
        entry_rows.append(rows[keep] + offset)
        entry_cols.append(cols[keep])
        rhs_parts.append(rhs)
        offset += rhs.size

    add(*_rows_for(col_request, 1.0), col_ids)
    both = np.concatenate([a, b])
    both_cols = np.concatenate([col_ids, col_ids])
    add(*_rows_for(both * slots + np.concatenate([col_slot, col_slot]), 1.0), both_cols)
    general_cols = col_ids[general[col_request]]
    add(*_rows_for(col_slot[general_cols], tables.astype(np.float64)), general_cols)
    requests_of_entry = np.concatenate([col_request, col_request])
    add(*_rows_for(both, cap.astype(np.float64), distinct=requests_of_entry), both_cols)

    rows = np.concatenate(entry_rows) if entry_rows else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(entry_cols) if entry_cols else np.zeros(0, dtype=np.int64)
    order = np.lexsort((rows, cols))
    start = np.zeros(columns + 1, dtype=np.int64)
    np.cumsum(np.bincount(cols, minlength=columns), out=start[1:])
    return Model(
        col_request=col_request,
        col_slot=col_slot,
        cost=weight[col_request].astype(np.float64),
        rhs=np.concatenate(rhs_parts) if rhs_parts else np.zeros(0),
        start=start,
        index=rows[order],
    )


def build_whole(problem: Problem) -> Model:
    """The model of the whole problem (every open request, every slot it may use)."""
    return build(problem.ra, problem.rb, problem.weight, problem.general, problem.allowed, problem.cap, problem.tables)


def reduced_costs(model: Model, prices: FloatArray) -> FloatArray:
    """Each column's weight minus the prices (negatives count as 0) of its rows."""
    y = np.maximum(prices, 0.0)
    entry_col = np.repeat(np.arange(model.columns), np.diff(model.start))
    return model.cost - np.bincount(entry_col, weights=y[model.index], minlength=model.columns)


def dual_bound(model: Model, prices: FloatArray) -> float:
    """Weak duality: an upper bound on the model's value for any prices (negatives count as 0)."""
    return float(model.rhs @ np.maximum(prices, 0.0) + np.maximum(reduced_costs(model, prices), 0.0).sum())


@dataclass(frozen=True, slots=True)
class Solved:
    values: FloatArray | None  # column values, None when the solver produced none
    bound: float | None  # a proven upper bound on the value of the model
    complete: bool  # the solver finished (optimal)


def highs(time_limit: float, *, mip: bool = False, seed: int = 0) -> _Highs:
    # The solver itself, not highspy's `Highs` wrapper: the wrapper prints a banner on standard
    # output when first created and runs each solve on a helper thread to catch Ctrl-C; the
    # scheduler's output is its return value, and its solves are short and time-limited.
    h = _Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("parallel", "off")
    h.setOptionValue("random_seed", seed)
    h.setOptionValue("time_limit", max(0.01, time_limit))
    if mip:
        h.setOptionValue("mip_rel_gap", 0.0)
    return h


def solve(
    model: Model,
    *,
    time_limit: float,
    mip: bool = False,
    start: FloatArray | None = None,
    seed: int = 0,
    method: str = "choose",
) -> Solved:
    """Solve the LP relaxation (or with `mip`, the integer programme from the `start` solution)."""
    if model.columns == 0:
        return Solved(values=np.zeros(0), bound=0.0, complete=True)
    h = highs(time_limit, mip=mip, seed=seed)
    if not mip:
        h.setOptionValue("solver", method)
        if method == "pdlp":
            h.setOptionValue("pdlp_optimality_tolerance", 1e-4)
        if method == "ipm":
            h.setOptionValue("run_crossover", "off")
    n = model.columns
    integrality = np.full(n, 1 if mip else 0, dtype=np.int32)
    h.passModel(
        n,
        model.rows,
        int(model.index.size),
        int(MatrixFormat.kColwise),
        int(ObjSense.kMaximize),
        0.0,
        model.cost,
        np.zeros(n),
        np.ones(n),
        np.full(model.rows, -highspy.kHighsInf),
        model.rhs,
        model.start[:-1].astype(np.int32),
        model.index.astype(np.int32),
        np.ones(model.index.size),
        integrality,
    )
    if mip and start is not None:
        h.setSolution(n, np.arange(n, dtype=np.int32), start.astype(np.float64))
    h.run()
    status = h.getModelStatus()
    complete = status == highspy.HighsModelStatus.kOptimal
    info = h.getInfo()
    solution = h.getSolution()
    values = np.array(solution.col_value, dtype=np.float64) if solution.value_valid else None
    bound: float | None = None
    if mip:
        if info.mip_dual_bound is not None and math.isfinite(info.mip_dual_bound):
            bound = float(info.mip_dual_bound)
    elif len(solution.row_dual) == model.rows:
        # HiGHS prices a binding `≤` row of a maximisation with a positive dual. Prices from a
        # solve stopped early are still prices: the bound is weaker, never wrong.
        prices = np.nan_to_num(np.array(solution.row_dual, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
        bound = dual_bound(model, prices)
    return Solved(values=values, bound=bound, complete=complete)
