"""A registry through which each app contributes to "download my data" and to account erasure.

Accounts sits below the domain apps, so it cannot know their models; each app registers, in its
AppConfig.ready, an exporter (what it holds about a person) and an eraser (what happens to it when
the person deletes their account).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], dict[str, Any]]
Eraser = Callable[[Any], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register(section: str, *, exporter: Exporter, eraser: Eraser | None = None) -> None:
    _exporters[section] = exporter
    if eraser is not None:
        _erasers[section] = eraser


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def erasers() -> dict[str, Eraser]:
    return dict(_erasers)
