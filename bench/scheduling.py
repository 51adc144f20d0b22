#!/usr/bin/env python3
"""The B2B meeting scheduler: schedule quality against a proven bound, per size and seed.

Instances come from a seeded generator with a realistic structure (see `generate`): popular
participants get many requests (Zipf-like), availability is partial for many, some have caps,
about 10 % are exhibitors with their own tables, weights are 1–3 with 3 for mutual requests.

For each size and seed it runs the first-come baseline and `solve` with the size's time limit,
and measures both against the best proven bound: the bound `solve` returned, or a longer LP
relaxation solved here (`--bound-limit`), whichever is smaller. `--exact` also solves the whole
integer programme with HiGHS (slow beyond a few hundred participants) and uses its optimum or
its dual bound. Every schedule is checked by the tests' independent validator. It prints a table
per size, and with `--output FILE` writes them as Markdown too (docs/scheduling.md quotes them).

    .venv/bin/python bench/scheduling.py                          # the three target sizes, seed 1
    .venv/bin/python bench/scheduling.py --sizes 300 --seeds 1,2,3
    .venv/bin/python bench/scheduling.py --quick                  # small sizes, short limits
"""

from __future__ import annotations

import argparse
import importlib.metadata
import itertools
import os
import platform
import random
import shlex
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import _common as c

sys.path.insert(0, str(c.CHECKOUT / "src"))
sys.path.insert(0, str(c.CHECKOUT))

import numpy as np  # after the path set-up, as the rest

from creativeports.events.scheduling import (
    greedy_first_come,
    instance_from_json,
    lp,
    schedule_to_json,
    solve,
)
from creativeports.events.scheduling.bound import integral
from creativeports.events.scheduling.problem import compile_problem
from tests.events.scheduling.validator import check  # the independent validator


@dataclass(frozen=True)
class Size:
    participants: int
    requests: int
    slots: int
    tables: int
    time_limit: float
    target: float  # share of the optimum to reach


SIZES = {
    300: Size(300, 3_000, 12, 60, 10.0, 0.999),
    1000: Size(1_000, 12_000, 16, 150, 30.0, 0.995),
    3000: Size(3_000, 40_000, 20, 400, 60.0, 0.99),
}
QUICK = {
    60: Size(60, 400, 8, 12, 2.0, 0.99),
    150: Size(150, 1_200, 10, 30, 4.0, 0.99),
}


def generate(size: Size, seed: int) -> dict[str, Any]:
    """An instance in the JSON format, the same for the same size and seed."""
    rng = random.Random(f"{seed}-{size.participants}-{size.requests}")
    n, slots = size.participants, size.slots
    ids = rng.sample(range(1, 10 * n), n)
    participants = []
    for pid in ids:
        kind = rng.random()
        if kind < 0.5:
            available = list(range(slots))
        elif kind < 0.8:
            # Arrives late or leaves early: one contiguous block.
            length = rng.randint(max(1, slots // 2), slots)
            first = rng.randint(0, slots - length)
            available = list(range(first, first + length))
        else:
            available = sorted(s for s in range(slots) if rng.random() < 0.65)
        cap = rng.randint(2, max(2, slots * 2 // 3)) if rng.random() < 0.25 else None
        participants.append(
            {"id": pid, "available_slots": available, "max_meetings": cap, "fixed_table": rng.random() < 0.1}
        )
    # Popularity (being asked) and activity (asking) follow Zipf-like laws over random ranks;
    # exhibitors are asked twice as often.
    popularity = [1 / (rank + 1) ** 0.9 for rank in range(n)]
    rng.shuffle(popularity)
    popularity = [w * (2 if p["fixed_table"] else 1) for w, p in zip(popularity, participants, strict=True)]
    activity = [1 / (rank + 1) ** 0.5 for rank in range(n)]
    rng.shuffle(activity)
    cum_popularity = list(itertools.accumulate(popularity))
    cum_activity = list(itertools.accumulate(activity))
    everyone = range(n)
    pairs: set[frozenset[int]] = set()
    requests = []
    limit = min(size.requests, n * (n - 1) // 2)
    while len(requests) < limit:
        a = rng.choices(everyone, cum_weights=cum_activity)[0]
        b = rng.choices(everyone, cum_weights=cum_popularity)[0]
        pair = frozenset((a, b))
        if a == b or pair in pairs:
            continue
        pairs.add(pair)
        roll = rng.random()
        weight = 3 if roll < 0.2 else 2 if roll < 0.5 else 1
        requests.append({"a": ids[a], "b": ids[b], "weight": weight})
    return {
        "name": f"generated-{n}-seed{seed}",
        "slots": slots,
        "tables": size.tables,
        "participants": participants,
        "requests": requests,
    }


@dataclass
class Row:
    size: int
    seed: int
    requests: int
    first_come: int
    objective: int
    meetings: int
    seconds: float
    time_limit: float
    solver_bound: float | None
    bound: float | None
    bound_source: str
    target: float


def reference_bound(data: dict[str, Any], limit: float) -> float | None:
    """The LP relaxation solved to optimality with the interior-point method (slower than what
    `solve` does within its time, sometimes a little tighter); valid through `lp.dual_bound`."""
    problem = compile_problem(instance_from_json(data))
    model = lp.build_whole(problem)
    result = lp.solve(model, time_limit=limit, method="ipm")
    return None if result.bound is None else integral(problem.pinned_objective + result.bound)


def exact(data: dict[str, Any], limit: float, start: dict[str, Any]) -> tuple[float | None, bool]:
    """The whole integer programme with HiGHS from our schedule: its bound, and whether it is the optimum."""
    problem = compile_problem(instance_from_json(data))
    model = lp.build_whole(problem)
    instance = instance_from_json(data)
    slot_of = {frozenset((m["a"], m["b"])): m["slot"] for m in start["meetings"]}
    values = [
        1.0 if slot_of.get(instance.requests[int(problem.request_index[r])].pair) == s else 0.0
        for r, s in zip(model.col_request.tolist(), model.col_slot.tolist(), strict=True)
    ]
    result = lp.solve(model, time_limit=limit, mip=True, start=np.array(values))
    if result.bound is None:
        return None, False
    return integral(problem.pinned_objective + result.bound), result.complete


def one_run(size: Size, seed: int, args: argparse.Namespace) -> Row:
    data = generate(size, seed)
    instance = instance_from_json(data)
    first_come = greedy_first_come(instance)
    started = time.monotonic()
    schedule = solve(instance, time_limit=size.time_limit, seed=seed)
    seconds = time.monotonic() - started
    output = schedule_to_json(schedule)
    objective = check(data, output)
    check(data, schedule_to_json(first_come))
    bound, source = schedule.bound, "solve"
    if args.bound_limit > 0 and not schedule.optimal:
        reference = reference_bound(data, args.bound_limit)
        if reference is not None and (bound is None or reference < bound):
            bound, source = reference, "LP (IPM)"
    if args.exact_limit > 0 and not schedule.optimal:
        exact_bound, optimal = exact(data, args.exact_limit, output)
        if exact_bound is not None and (bound is None or exact_bound < bound):
            bound, source = exact_bound, "MIP optimum" if optimal else "MIP bound"
    return Row(
        size=size.participants,
        seed=seed,
        requests=len(instance.requests),
        first_come=first_come.objective,
        objective=objective,
        meetings=len(schedule.meetings),
        seconds=seconds,
        time_limit=size.time_limit,
        solver_bound=schedule.bound,
        bound=bound,
        bound_source=source,
        target=size.target,
    )


HEADERS = (
    "participants",
    "requests",
    "seed",
    "first-come",
    "first-come %",
    "ours",
    "ours %",
    "bound",
    "bound from",
    "time s (limit)",
    "meetings",
    "target met?",
)


def cells(row: Row) -> tuple[str, ...]:
    def share(value: int) -> str:
        if row.bound is None:
            return "–"
        return "100.00" if row.bound <= 0 else f"{100 * value / row.bound:.2f}"

    met = "–" if row.bound is None else ("yes" if row.bound <= 0 or row.objective / row.bound >= row.target else "NO")
    return (
        f"{row.size:,}",
        f"{row.requests:,}",
        str(row.seed),
        f"{row.first_come:,}",
        share(row.first_come),
        f"{row.objective:,}",
        share(row.objective),
        "none" if row.bound is None else f"{row.bound:,.0f}",
        row.bound_source,
        f"{row.seconds:.1f} ({row.time_limit:.0f})",
        f"{row.meetings:,}",
        f"{met} (≥ {100 * row.target:g} %)",
    )


def facts() -> dict[str, str]:
    return {
        "CPUs (nproc)": str(os.cpu_count()),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "Python": platform.python_version(),
        "highspy": importlib.metadata.version("highspy"),
        "OS": platform.platform(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=None, help="participants per size: 300,1000,3000 (the default)")
    parser.add_argument("--seeds", default="1", help="generator seeds, e.g. 1,2,3 (default 1)")
    parser.add_argument("--quick", action="store_true", help="small sizes with short limits (a smoke run)")
    parser.add_argument(
        "--bound-limit",
        type=float,
        default=300.0,
        help="seconds for the bench's own LP bound when solve did not prove optimality (0: none; default 300)",
    )
    parser.add_argument(
        "--exact-limit", type=float, default=0.0, help="seconds for the whole MIP with HiGHS (0: none, the default)"
    )
    parser.add_argument("--output", default="", help="also write the Markdown tables to this file")
    args = parser.parse_args(argv)
    table = QUICK if args.quick else SIZES
    wanted = [int(x) for x in args.sizes.split(",")] if args.sizes else list(table)
    unknown = [n for n in wanted if n not in table]
    if unknown:
        parser.error(f"unknown sizes {unknown}; choose from {sorted(table)}")
    seeds = [int(x) for x in args.seeds.split(",") if x.strip()]
    machine = facts()
    c.log(" · ".join(f"{k}: {v}" for k, v in machine.items()))
    sections = []
    for n in wanted:
        rows = []
        for seed in seeds:
            c.log(f"{n:,} participants, seed {seed}: solving (limit {table[n].time_limit:g} s)")
            row = one_run(table[n], seed, args)
            c.log(f"{n:,} participants, seed {seed}: {' | '.join(cells(row))}")
            rows.append(row)
        size = table[n]
        title = (
            f"{size.participants:,} participants / {size.requests:,} requests / {size.slots} slots / "
            f"{size.tables} tables, limit {size.time_limit:g} s"
        )
        print(f"\n{title}\n{c.text_table([cells(r) for r in rows], HEADERS)}\n", flush=True)
        sections.append(f"### {title}\n\n{c.markdown_table([cells(r) for r in rows], HEADERS)}\n")
    if args.output:
        command = shlex.join(["python", "bench/scheduling.py", *(sys.argv[1:] if argv is None else argv)])
        header = [f"- Command: `{command}`", *(f"- {k}: {v}" for k, v in machine.items()), ""]
        Path(args.output).write_text("\n".join(header) + "\n" + "\n".join(sections), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
