"""Folding text for comparisons that ignore case and diacritics ("Rīga" = "RIGA" = "riga").

Plain Python, no Django: the matching engine uses it too. One place for the rule, so duplicate
detection, the gazetteer and matching fold names the same way.
"""

from __future__ import annotations

import re
import unicodedata

# Letters Unicode does not decompose into a base letter and a combining mark (lowercase; SQLite's
# search index folds them with these too, see directory.search.sqlite).
UNDECOMPOSABLE_LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "ı": "i"}
_UNDECOMPOSABLE = str.maketrans(UNDECOMPOSABLE_LETTERS)
_HAS_UNDECOMPOSABLE = re.compile(f"[{''.join(UNDECOMPOSABLE_LETTERS)}]")
# The combining marks NFKD leaves in Latin-script text (accents, carons, ogoneks, macrons, dots):
# one substitution removes them, much faster than testing each character.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold_undecomposable(text: str) -> str:
    """Lowercase text with the letters above replaced ("łódź" -> "lódź"); other diacritics stay."""
    return text.translate(_UNDECOMPOSABLE) if _HAS_UNDECOMPOSABLE.search(text) else text


def fold(text: str) -> str:
    """Case-folded, without diacritics."""
    lowered = text.casefold()
    if lowered.isascii():
        return lowered
    stripped = _COMBINING.sub("", unicodedata.normalize("NFKD", lowered))
    if not stripped.isascii():
        # Other scripts have combining marks of their own (Devanagari vowel signs, kana voicing marks).
        # Test each distinct non-ASCII character once, not every character of the text: dashes,
        # quotes and € are common and a per-character loop costs most of the fold.
        marks = {ch for ch in _NON_ASCII.findall(stripped) if unicodedata.combining(ch)}
        if marks:
            stripped = stripped.translate(dict.fromkeys(map(ord, marks)))
    # After decomposing: "ǣ" is "æ" and a macron.
    return fold_undecomposable(stripped)
