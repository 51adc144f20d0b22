"""The texts of a profile that matching embeds and compares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def needs_text(row: Mapping[str, Any]) -> str:
    """What the organisation looks for."""
    return str(row.get("needs") or "").strip()


def profile_text(row: Mapping[str, Any]) -> str:
    """Who the organisation is and what it offers: its name, offers first, then its description."""
    parts = [str(row.get(name) or "").strip() for name in ("name", "offers", "description")]
    return ". ".join(part for part in parts if part)
