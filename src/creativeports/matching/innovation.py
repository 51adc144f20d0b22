"""The innovation performance group of each country (European innovation scoreboards), which the
matching's "bridge" component uses. The data and its sources: data/innovation_groups.json."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "innovation_groups.json"


@cache
def innovation_ranks() -> dict[str, int]:
    """Country code -> 3 leader, 2 strong, 1 moderate, 0 emerging."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {code: int(entry["rank"]) for code, entry in data["countries"].items()}


@cache
def innovation_groups() -> dict[str, str]:
    """Country code -> the scoreboard's name of its group ("Innovation leader", ...)."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {code: str(entry["group"]) for code, entry in data["countries"].items()}
