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
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

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
    # Function words (folded) that are no evidence: "mūsu" ("our") shared by a Latvian need and a
    # Latvian offer says nothing about fit, yet it is rare in a multilingual pool.
    stopwords: frozenset[str] = frozenset()

    @classmethod
    def of(cls, data: dict[str, dict[str, list[str]]], stopwords: dict[str, list[str]] | None = None) -> Glossary:
        concepts = {
            fold(stem): name for name, languages in data.items() for stems in languages.values() for stem in stems
        }
        return cls(
            concepts=concepts,
            lengths=tuple(sorted({len(s) for s in concepts}, reverse=True)),
            stopwords=frozenset(fold(word) for words in (stopwords or {}).values() for word in words),
        )

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
    parsed = json.loads(data.decode("utf-8"))
    return Glossary.of(parsed["concepts"], parsed.get("stopwords"))


@cache
def glossary_version() -> str:
    """A digest of the shipped glossary: results stored with another glossary's lexical
    evidence no longer count (see pipeline.method_fingerprint)."""
    return hashlib.sha256(_glossary_file()).hexdigest()[:16]


def _words(folded: str) -> Iterator[str]:
    stopwords = glossary().stopwords
    return (w for w in _WORD.findall(folded) if len(w) >= MIN_WORD and w not in stopwords)


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


def concepts(text: str) -> list[str]:
    """The glossary's concepts the text names, by their English names ("board game"), sorted."""
    return sorted({term[len(CONCEPT) :].replace("_", " ") for term in terms(text) if term.startswith(CONCEPT)})


@lru_cache(maxsize=8192)
def _term_weights(text: str) -> dict[str, float]:
    """The text's terms with their damped frequencies (1 + log count). The same candidates come
    back in pool after pool (and in every pool of a batch), so this is remembered by text;
    callers never change a returned dict."""
    return {t: 1 + math.log(c) for t, c in terms(text).items()}


# Texts whose term vectors and spelled words a process remembers; a batch raises the bound for
# term vectors while it runs (see `remembering`).
TEXTS_REMEMBERED = 8192


class _TextMemo[T]:
    """Remembers `compute(text)` for up to `maxsize` texts (the oldest stored goes first). Unlike
    lru_cache, its bound can be raised for a while (`remembering`)."""

    def __init__(self, compute: Callable[[str], T], maxsize: int) -> None:
        self.compute = compute
        self.maxsize = maxsize
        self.data: OrderedDict[str, T] = OrderedDict()

    def __call__(self, text: str) -> T:
        found = self.data.get(text)
        if found is None:
            found = self.data[text] = self.compute(text)
            while len(self.data) > self.maxsize:
                self.data.popitem(last=False)
        return found

    def resize(self, maxsize: int) -> None:
        self.maxsize = maxsize
        while len(self.data) > maxsize:
            self.data.popitem(last=False)


def _spelled_terms_of(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The text's words of four letters or more as written, each with its terms. Remembered by
    text, like the weights: the same candidates' words are looked at for reader after reader."""
    # The folded text has the same words in the same order as the original, one for one.
    pairs = zip(_WORD.findall(text), _WORD.findall(fold(text)), strict=False)
    stopwords = glossary().stopwords
    return tuple((word, _word_terms(folded)) for word, folded in pairs if len(word) >= 4 and folded not in stopwords)


_spelled_terms = _TextMemo(_spelled_terms_of, TEXTS_REMEMBERED)


# Terms as integers, so a pool's documents become arrays (numpy scores them in a few vector
# operations). Process-wide: ids only grow, with the region's vocabulary of stems and concepts.
_term_ids: dict[str, int] = {}
_term_ids_lock = threading.Lock()


def _term_id(term: str) -> int:
    found = _term_ids.get(term)
    if found is None:
        with _term_ids_lock:
            found = _term_ids.setdefault(term, len(_term_ids))
    return found


def _term_vector_of(text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The text's term weights as arrays: term ids and damped frequencies (read-only: shared)."""
    weights = _term_weights(text)
    ids = np.fromiter((_term_id(t) for t in weights), dtype=np.int64, count=len(weights))
    values = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
    ids.flags.writeable = values.flags.writeable = False
    return ids, values


_term_vector = _TextMemo(_term_vector_of, TEXTS_REMEMBERED)


@contextmanager
def remembering(texts: int) -> Iterator[None]:
    """Remember the term vectors of up to `texts` documents for a while: a batch meets each
    organisation's texts in pool after pool, and working them out again costs most of its time.
    Afterwards the process goes back to remembering TEXTS_REMEMBERED."""
    _term_vector.resize(max(texts, TEXTS_REMEMBERED))
    try:
        yield
    finally:
        _term_vector.resize(TEXTS_REMEMBERED)


@dataclass(frozen=True)
class LexicalScorer:
    """TF-IDF cosine similarity between a text and a set of documents, and the words they share.

    The documents are one sparse matrix: an entry per (document, term) with the term's damped
    frequency in that document.
    """

    originals: dict[int, str]
    rows: dict[int, int]  # document key -> its row
    terms: npt.NDArray[np.int64]  # the documents' distinct term ids, ascending
    df: npt.NDArray[np.int64]  # per distinct term, how many documents have it
    entry_rows: npt.NDArray[np.int64]  # per entry, its document's row
    entry_terms: npt.NDArray[np.int64]  # per entry, its term's place in `terms`
    entry_values: npt.NDArray[np.float64]  # per entry, the damped frequency

    @classmethod
    def fit(cls, texts: dict[int, str]) -> LexicalScorer:
        vectors = [_term_vector(text) for text in texts.values()]
        ids = np.concatenate([v[0] for v in vectors]) if vectors else np.zeros(0, dtype=np.int64)
        values = np.concatenate([v[1] for v in vectors]) if vectors else np.zeros(0, dtype=np.float64)
        entry_rows = np.repeat(np.arange(len(vectors), dtype=np.int64), [v[0].size for v in vectors])
        terms, entry_terms, df = np.unique(ids, return_inverse=True, return_counts=True)
        return cls(
            originals=texts,
            rows={key: row for row, key in enumerate(texts)},
            terms=terms,
            df=df,
            entry_rows=entry_rows,
            entry_terms=entry_terms,
            entry_values=values,
        )

    def _places(self, ids: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """For each term id, its place in `terms` and whether it is there at all (`terms` is
        not empty)."""
        places = np.minimum(np.searchsorted(self.terms, ids), self.terms.size - 1)
        return places, self.terms[places] == ids

    def document_frequency(self, term: str) -> int:
        """How many documents have `term`."""
        id_ = _term_ids.get(term)
        if id_ is None or not self.terms.size:
            return 0
        places, known = self._places(np.asarray([id_], dtype=np.int64))
        return int(self.df[places[0]]) if known[0] else 0

    def scores(self, text: str, keys: Iterable[int]) -> dict[int, float]:
        """Similarity of `text` with each document of `keys`, 0 to 1."""
        if not self.terms.size:  # no document has a word
            return dict.fromkeys(keys, 0.0)
        count = len(self.rows)
        idf = np.log((count + 1) / (self.df + 0.5))
        # Every document term counts towards its norm; only the query's towards the product.
        weighted = self.entry_values * idf[self.entry_terms]
        norms = np.sqrt(np.bincount(self.entry_rows, weights=weighted * weighted, minlength=count))
        norms[norms == 0] = 1.0
        query_ids, query_values = _term_vector(text)
        places, known = self._places(query_ids)
        unknown = math.log((count + 1) / 0.5)  # a query term no document has
        query = query_values * np.where(known, idf[places], unknown)
        query_norm = float(np.sqrt(np.dot(query, query))) or 1.0
        by_term = np.zeros(self.terms.size, dtype=np.float64)
        by_term[places[known]] = query[known]
        dots = np.bincount(self.entry_rows, weights=weighted * by_term[self.entry_terms], minlength=count)
        similarity = dots / (query_norm * norms)
        return {key: float(similarity[self.rows[key]]) if key in self.rows else 0.0 for key in keys}

    def shared_words(self, text: str, key: int, limit: int = 3) -> list[str]:
        """Distinctive words of document `key` that `text` uses too (rarest first), as the document
        spells them. Words in more than a fifth of the documents are not distinctive."""
        mine = _term_weights(text)
        limit_df = max(2, len(self.rows) // 5)
        spelled: dict[str, str] = {}  # term (stem or concept) -> the document's word for it
        df: dict[str, int] = {}
        for word, word_terms in _spelled_terms(self.originals.get(key, "")):
            for term in word_terms:
                if term in mine and term not in spelled:
                    df[term] = self.document_frequency(term)
                    if df[term] <= limit_df:
                        spelled[term] = word
        ranked = sorted(spelled, key=lambda term: (df[term], -len(spelled[term])))
        words: list[str] = []
        for term in ranked:  # a word that shares its stem and its concept is named once
            if spelled[term] not in words:
                words.append(spelled[term])
        return words[:limit]


def distinctive_words(text: str, limit: int = 8) -> list[str]:
    """The longest words of `text`, folded (for looking candidates up in the full-text index)."""
    stopwords = glossary().stopwords
    seen = sorted(
        {w for w in _WORD.findall(fold(text)) if len(w) >= 4 and w not in stopwords}, key=lambda w: (-len(w), w)
    )
    return seen[:limit]


def quote(text: str, max_chars: int = 160) -> str:
    """The text's first sentence, cut at a word boundary, for a short quote in a reason."""
    first = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    if len(first) <= max_chars:
        return first
    return first[:max_chars].rsplit(" ", 1)[0] + "…"
