"""Splitting what a reader typed into search words: the only input either backend's query language sees."""

from __future__ import annotations

import re
import unicodedata

# Letters and digits of any script; everything else (quotes, operators, brackets, NUL) separates words,
# so no user input can reach FTS5 or tsquery syntax.
_WORD = re.compile(r"[^\W_]+")
# More words than anyone types; bounds the query the database has to plan.
MAX_TERMS = 12


def search_terms(q: str) -> list[str]:
    """The words of `q`, lowercased and NFKC-normalised (so decomposed accents stay in their word)."""
    normalised = unicodedata.normalize("NFKC", q or "").lower()
    # A combining mark left over after NFKC (no precomposed form) is not \w and would split its word in
    # two; both indexes ignore diacritics anyway, so it is dropped. Modifier letters (Lm, such as the
    # apostrophe-like U+02BC) are dropped too: PostgreSQL's unaccent turns them into quotes and colons.
    normalised = "".join(c for c in normalised if unicodedata.category(c) not in {"Mn", "Lm"})
    return _WORD.findall(normalised)[:MAX_TERMS]
