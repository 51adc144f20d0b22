"""Lexical evidence: the distinctive words two texts share.

Embeddings carry meaning across languages but blur names: a format ("EPUB3"), a tool ("Unreal
Engine"), a place ("Rīga"/"Riga"). Words are compared diacritics-folded and cut to their first six
letters, a crude stem that also joins close forms across the region's languages ("lokalizacja",
"lokalisering", "Lokalisierung"). Weights are inverse document frequencies over the texts being
compared, so words everybody uses count for little.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from creativeports.common.text import fold

_WORD = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*")
MIN_WORD = 3
STEM = 6


def terms(text: str) -> Counter[str]:
    """The text's folded, six-letter-stemmed words of at least three characters, with counts."""
    return Counter(w[:STEM] for w in _WORD.findall(fold(text)) if len(w) >= MIN_WORD)


@dataclass
class LexicalScorer:
    """TF-IDF cosine similarity between a text and a set of documents, and the words they share."""

    documents: dict[int, Counter[str]]
    originals: dict[int, str]
    df: Counter[str] = field(default_factory=Counter)

    @classmethod
    def fit(cls, texts: dict[int, str]) -> LexicalScorer:
        documents = {key: terms(text) for key, text in texts.items()}
        df: Counter[str] = Counter()
        for counts in documents.values():
            df.update(counts.keys())
        return cls(documents=documents, originals=texts, df=df)

    def _idf(self, term: str) -> float:
        return math.log((len(self.documents) + 1) / (self.df.get(term, 0) + 0.5))

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        return {t: (1 + math.log(c)) * self._idf(t) for t, c in counts.items()}

    def scores(self, text: str, keys: Iterable[int]) -> dict[int, float]:
        """Similarity of `text` with each document of `keys`, 0 to 1."""
        query = self._vector(terms(text))
        query_norm = math.sqrt(sum(v * v for v in query.values())) or 1.0
        result = {}
        for key in keys:
            doc = self._vector(self.documents.get(key, Counter()))
            norm = math.sqrt(sum(v * v for v in doc.values())) or 1.0
            result[key] = sum(weight * doc[t] for t, weight in query.items() if t in doc) / (query_norm * norm)
        return result

    def shared_words(self, text: str, key: int, limit: int = 3) -> list[str]:
        """Distinctive words of document `key` that `text` uses too (rarest first), as the document
        spells them. Words in more than a fifth of the documents are not distinctive."""
        mine = terms(text)
        limit_df = max(2, len(self.documents) // 5)
        spelled: dict[str, str] = {}
        original = self.originals.get(key, "")
        # The folded text has the same words in the same order as the original, one for one.
        for word, folded in zip(_WORD.findall(original), _WORD.findall(fold(original)), strict=False):
            stem = folded[:STEM]
            if len(word) >= 4 and stem in mine and self.df.get(stem, 0) <= limit_df:
                spelled.setdefault(stem, word)
        ranked = sorted(spelled, key=lambda stem: (self.df.get(stem, 0), -len(spelled[stem])))
        return [spelled[stem] for stem in ranked[:limit]]


def distinctive_words(text: str, limit: int = 8) -> list[str]:
    """The longest words of `text`, folded (for looking candidates up in the full-text index)."""
    seen = sorted({w for w in _WORD.findall(fold(text)) if len(w) >= 4}, key=lambda w: (-len(w), w))
    return seen[:limit]


def quote(text: str, max_chars: int = 160) -> str:
    """The text's first sentence, cut at a word boundary, for a short quote in a reason."""
    first = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    if len(first) <= max_chars:
        return first
    return first[:max_chars].rsplit(" ", 1)[0] + "…"
