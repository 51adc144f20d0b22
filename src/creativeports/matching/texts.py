"""The texts of a profile that matching embeds and compares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from creativeports.matching.engine.embedding import MAX_CHARS, clean_text
from creativeports.matching.engine.lexical import concepts


def needs_text(row: Mapping[str, Any]) -> str:
    """What the organisation looks for."""
    return str(row.get("needs") or "").strip()


def profile_text(row: Mapping[str, Any]) -> str:
    """Who the organisation is and what it offers: its name, offers first, then its description."""
    parts = [str(row.get(name) or "").strip() for name in ("name", "offers", "description")]
    return ". ".join(part for part in parts if part)


def search_text(need: str) -> str:
    """A typed need as "find partners" embeds it: followed by the English names of the sector
    concepts it names in any language ("Meklējam tulkotāju ... datorspēli (games, localisation,
    translation)").

    The glossary knows the sector's words in the region's languages; the embedder knows English
    best, so the names give it a second, language-neutral hint of what is wanted. On
    bench/match_eval this raised the search blend's cross-language recall@5 from 0.74 to 0.78
    (docs/matching-quality.md). Stored needs are embedded as written: expanding them as well
    brought nothing more there and would re-embed every need of the register.
    """
    cleaned = clean_text(need)
    names = concepts(cleaned)
    if not names:
        return cleaned
    suffix = f" ({', '.join(names)})"
    # The embedder reads MAX_CHARS characters: a long need is cut to leave room for the names.
    return cleaned[: max(0, MAX_CHARS - len(suffix))].rstrip() + suffix
