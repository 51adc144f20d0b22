"""Lexical evidence: the distinctive words two texts share.

Embeddings carry meaning across languages but blur names: a format ("EPUB3"), a tool ("Unreal
Engine"), a place ("Rīga"/"Riga"). Words are compared diacritics-folded and cut to their first six
letters, a crude stem that also joins close forms across the region's languages ("lokalizacja",
"lokalisering", "Lokalisierung"). Weights are inverse document frequencies over the texts being
compared, so words everybody uses count for little.

Across languages, a glossary of the sector's vocabulary (data/cci_glossary.json: concepts, each
with the word stems that name it in the region's languages) adds a concept term for every word
that starts with one of its stems: "Verlag", "wydawca" and "kustantamo" all count as
`~publishing`, so a need in Polish and an offer in German share evidence that embeddings alone
blur.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from creativeports.common.text import fold

_WORD = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*")
MIN_WORD = 3
STEM = 6


# Concept terms are marked so that they never collide with a word's stem.
CONCEPT = "~"


@dataclass(frozen=True)
class Glossary:
    """Word stems (folded prefixes) and the concepts they name."""

    concepts: dict[str, str]  # stem -> concept
    lengths: tuple[int, ...]  # the stems' lengths, longest first

    @classmethod
    def of(cls, data: dict[str, dict[str, list[str]]]) -> Glossary:
        concepts = {
            fold(stem): name for name, languages in data.items() for stems in languages.values() for stem in stems
        }
        return cls(concepts=concepts, lengths=tuple(sorted({len(s) for s in concepts}, reverse=True)))

    def concept(self, folded_word: str) -> str | None:
        """The concept a folded word names (its longest matching stem decides), or None."""
        for length in self.lengths:
            if length <= len(folded_word):
                name = self.concepts.get(folded_word[:length])
                if name is not None:
                    return name
        return None


@cache
def _glossary_file() -> bytes:
    """The glossary shipped with the package, read once (empty when the file is missing)."""
    source = resources.files("creativeports.matching") / "data" / "cci_glossary.json"
    return source.read_bytes() if source.is_file() else b""


@cache
def glossary() -> Glossary:
    """The sector's glossary (no concepts when the file is missing)."""
    data = _glossary_file()
    if not data:
        return Glossary(concepts={}, lengths=())
    return Glossary.of(json.loads(data.decode("utf-8"))["concepts"])


@cache
def glossary_version() -> str:
    """A digest of the shipped glossary: results stored with another glossary's lexical
    evidence no longer count (see pipeline.method_fingerprint)."""
    return hashlib.sha256(_glossary_file()).hexdigest()[:16]


def _words(folded: str) -> Iterator[str]:
    return (w for w in _WORD.findall(folded) if len(w) >= MIN_WORD)


@lru_cache(maxsize=200_000)
def _word_terms(folded_word: str) -> tuple[str, ...]:
    """A folded word's stem, and its glossary concept when it names one. Remembered per word:
    a region's vocabulary is small next to its texts, and looking a word up in the glossary
    (one probe per stem length) cost most of a partner search's lexical step."""
    concept = glossary().concept(folded_word)
    stem = folded_word[:STEM]
    return (stem,) if concept is None else (stem, CONCEPT + concept)


def terms(text: str) -> Counter[str]:
    """The text's folded, six-letter-stemmed words of at least three characters and the
    glossary's concepts they name, with counts."""
    found: list[str] = []
    for word in _words(fold(text)):
        found.extend(_word_terms(word))
    return Counter(found)


@lru_cache(maxsize=8192)
def _term_weights(text: str) -> dict[str, float]:
    """The text's terms with their damped frequencies (1 + log count). The same candidates come
    back in pool after pool (and in every pool of a batch), so this is remembered by text;
    callers never change a returned dict."""
    return {t: 1 + math.log(c) for t, c in terms(text).items()}


@dataclass
class LexicalScorer:
    """TF-IDF cosine similarity between a text and a set of documents, and the words they share."""

    documents: dict[int, dict[str, float]]  # damped term frequencies per document
    originals: dict[int, str]
    df: Counter[str] = field(default_factory=Counter)

    @classmethod
    def fit(cls, texts: dict[int, str]) -> LexicalScorer:
        documents = {key: _term_weights(text) for key, text in texts.items()}
        df: Counter[str] = Counter()
        for weights in documents.values():
            df.update(weights.keys())
        return cls(documents=documents, originals=texts, df=df)

    def scores(self, text: str, keys: Iterable[int]) -> dict[int, float]:
        """Similarity of `text` with each document of `keys`, 0 to 1."""
        n = len(self.documents) + 1
        idf = {t: math.log(n / (c + 0.5)) for t, c in self.df.items()}
        unknown = math.log(n / 0.5)  # a query term no document has
        query = {t: w * idf.get(t, unknown) for t, w in _term_weights(text).items()}
        query_norm = math.sqrt(sum(v * v for v in query.values())) or 1.0
        result = {}
        for key in keys:
            weights = self.documents.get(key)
            if not weights:
                result[key] = 0.0
                continue
            # Every document term counts towards its norm; only the query's towards the product.
            norm = math.sqrt(sum((w * idf[t]) ** 2 for t, w in weights.items())) or 1.0
            dot = sum(q * weights[t] * idf[t] for t, q in query.items() if t in weights)
            result[key] = dot / (query_norm * norm)
        return result

    def shared_words(self, text: str, key: int, limit: int = 3) -> list[str]:
        """Distinctive words of document `key` that `text` uses too (rarest first), as the document
        spells them. Words in more than a fifth of the documents are not distinctive."""
        mine = terms(text)
        limit_df = max(2, len(self.documents) // 5)
        spelled: dict[str, str] = {}  # term (stem or concept) -> the document's word for it
        original = self.originals.get(key, "")
        # The folded text has the same words in the same order as the original, one for one.
        for word, folded in zip(_WORD.findall(original), _WORD.findall(fold(original)), strict=False):
            if len(word) < 4:
                continue
            for term in _word_terms(folded):
                if term in mine and self.df.get(term, 0) <= limit_df:
                    spelled.setdefault(term, word)
        ranked = sorted(spelled, key=lambda term: (self.df.get(term, 0), -len(spelled[term])))
        words: list[str] = []
        for term in ranked:  # a word that shares its stem and its concept is named once
            if spelled[term] not in words:
                words.append(spelled[term])
        return words[:limit]


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
