"""The ranking pipeline that both ways of answering share: the live one (selectors, per request)
and the batch one (services.match_lists, which stores every organisation's best candidates).

For one reader: each semantic component's similarities over the whole index and their statistics
(`Semantic`), a pool of the most similar candidates the reader may see, then lexical and
structured evidence for the pool only (they cost Python time per candidate) and the blend.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings

from creativeports.directory.listing.snapshot import Snapshot
from creativeports.directory.models import Organisation
from creativeports.matching.engine.centring import CENTRING
from creativeports.matching.engine.embedding import Matrix
from creativeports.matching.engine.index import VectorIndex
from creativeports.matching.engine.lexical import LexicalScorer, glossary_version
from creativeports.matching.engine.scoring import (
    Evidence,
    Profile,
    SemanticStats,
    Weights,
    blend,
    pool_z,
    semantic_scaled,
    semantic_stats,
)
from creativeports.matching.index import MatchIndex
from creativeports.matching.innovation import innovation_ranks
from creativeports.matching.texts import needs_text, profile_text

Positions = npt.NDArray[np.int64]

# Candidates scored in full per reader: the most similar by each of the two need/offer
# components, and a third as many by profile likeness.
POOL = 80
# Dismissals that inform ranking (the most recent ones).
DISMISSALS_CONSIDERED = 5
SIDES = {"profile": profile_text, "needs": needs_text}


@cache
def _weights_from_settings(raw: str) -> Weights:
    return Weights.from_mapping(json.loads(raw)) if raw else Weights()


def match_weights() -> Weights:
    """The weights in force (CREATIVEPORTS_MATCH_WEIGHTS over the documented defaults)."""
    return _weights_from_settings(settings.CREATIVEPORTS_MATCH_WEIGHTS)


def method_fingerprint() -> str:
    """What a stored match list was made with besides the embedder: the weights in force, the
    glossary behind the lexical evidence and the language centring of the vectors. Lists made
    otherwise are read live until recomputed."""
    text = f"{match_weights().fingerprint()}:{glossary_version()}:{CENTRING}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _rows_by_position(snapshot: Snapshot, index: MatchIndex, kind: str) -> tuple[Positions, Positions]:
    """For each snapshot row its row in the index part `kind` (or -1), and for each index row its
    snapshot row (or -1): computed once per snapshot and index (kept on the snapshot, which is
    replaced whenever the directory's data changes)."""
    cached: dict[tuple[str, str], tuple[Positions, Positions]] = snapshot.__dict__.setdefault("_matching_rows", {})
    key = (index.token, kind)
    found = cached.get(key)
    if found is None:
        part: VectorIndex = getattr(index, kind)
        rows = np.full(snapshot.size, -1, dtype=np.int64)
        positions = np.full(len(part), -1, dtype=np.int64)
        if len(part) and snapshot.size:
            candidates = np.minimum(np.searchsorted(snapshot.ids, part.ids), snapshot.size - 1)
            present = snapshot.ids[candidates] == part.ids
            rows[candidates[present]] = np.flatnonzero(present)
            positions[present] = candidates[present]
        if len(cached) > 8:  # indexes come and go; keep only recent ones
            cached.clear()
        found = cached[key] = (rows, positions)
    return found


# With approximate search: nearest rows asked for per pool place, as some are filtered out.
OVERSAMPLE = 4


@dataclass(frozen=True)
class Semantic:
    """One semantic component for one reader: how similar the reader's vector is to the vectors
    of one index part, with the statistics that scale it (so scaling a few candidates is cheap).

    Exact: the similarities with every vector. Approximate (large indexes): the reader's vector,
    the nearest rows from the graph, and similarities computed only for the rows that need one.
    """

    part: VectorIndex
    rows: Positions  # per snapshot row, the row in `part` or -1
    positions: Positions  # per row of `part`, the snapshot row or -1
    stats: SemanticStats
    similarities: Matrix | None = None  # per row of `part`, when computed for all
    vector: Matrix | None = None  # the reader's vector, when they are not

    @classmethod
    def of(cls, snapshot: Snapshot, index: MatchIndex, kind: str, similarities: Matrix) -> Semantic:
        part: VectorIndex = getattr(index, kind)
        rows, positions = _rows_by_position(snapshot, index, kind)
        stats = semantic_stats(similarities, part.languages)
        return cls(part=part, rows=rows, positions=positions, stats=stats, similarities=similarities)

    @classmethod
    def for_vector(cls, snapshot: Snapshot, index: MatchIndex, kind: str, vector: Matrix) -> Semantic:
        part: VectorIndex = getattr(index, kind)
        if part.approximate is None or part.sample is None:
            return cls.of(snapshot, index, kind, part.similarities(vector))
        rows, positions = _rows_by_position(snapshot, index, kind)
        languages = part.languages[part.sample] if part.languages is not None else None
        stats = semantic_stats(part.similarities_of_rows(vector, part.sample), languages)
        return cls(part=part, rows=rows, positions=positions, stats=stats, vector=vector)

    def _of_rows(self, rows: Positions) -> Matrix:
        if self.similarities is not None:
            result: Matrix = self.similarities[rows]
            return result
        assert self.vector is not None  # noqa: S101  # one of the two is always set
        return self.part.similarities_of_rows(self.vector, rows)

    def top(self, allowed: npt.NDArray[np.bool_], k: int) -> Positions:
        """The snapshot rows of the `k` most similar allowed candidates."""
        if self.similarities is not None:
            # Rows without a vector (-1: not embedded yet) stay at 0, never below any candidate.
            has = self.rows >= 0
            raw = np.zeros(self.rows.size, dtype=np.float32)
            raw[has] = self.similarities[self.rows[has]]
            return top(raw, allowed, k)
        assert self.vector is not None  # noqa: S101
        found = self.positions[self.part.nearest_rows(self.vector, k * OVERSAMPLE)]
        found = found[found >= 0]
        found = found[allowed[found]][:k]
        if found.size >= k:
            return found
        # Filters left too few of the nearest: search the allowed rows exactly (fewer, by then).
        candidates = np.flatnonzero(allowed & (self.rows >= 0))
        if candidates.size > k:
            candidates = candidates[np.argpartition(-self._of_rows(self.rows[candidates]), k - 1)[:k]]
        return candidates

    def scaled(self, positions: Positions) -> Matrix:
        """The component (0 to 1) for the snapshot rows at `positions`."""
        rows = self.rows[positions]
        has = rows >= 0
        out = np.zeros(positions.size, dtype=np.float32)
        if has.any():
            languages = self.part.languages[rows[has]] if self.part.languages is not None else None
            out[has] = semantic_scaled(self._of_rows(rows[has]), languages, self.stats)
        return out


def top(values: Matrix, allowed: npt.NDArray[np.bool_], k: int) -> Positions:
    """Positions of the `k` largest values among allowed rows with a value above 0."""
    candidates = np.flatnonzero(allowed & (values > 0))
    if candidates.size > k:
        candidates = candidates[np.argpartition(-values[candidates], k - 1)[:k]]
    return candidates


def semantic_pool(components: Mapping[str, Semantic | None], allowed: npt.NDArray[np.bool_]) -> Positions:
    """The most similar allowed rows by each component (need/offer ones weigh most)."""
    pool = np.empty(0, dtype=np.int64)
    for name, component in components.items():
        if component is not None:
            size = POOL // 3 if name == "profile" else POOL
            pool = np.union1d(pool, component.top(allowed, size))
    return pool


def sharing_a_domain(snapshot: Snapshot, position: int) -> npt.NDArray[np.bool_]:
    """Per snapshot row, whether it shares a CCI domain with the organisation at `position`."""
    rows, values = _links_by_row(snapshot)["domain"]
    start, end = np.searchsorted(rows, [position, position + 1])
    shared: npt.NDArray[np.bool_] = np.bincount(rows[np.isin(values, values[start:end])], minlength=snapshot.size) > 0
    return shared


def profiles(snapshot: Snapshot, positions: Positions) -> dict[int, Profile]:
    """Profiles (structured fields) of the organisations at `positions`, by id, from the snapshot."""
    groups: dict[int, dict[str, set[Any]]] = {}
    for facet, (rows, values) in _links_by_row(snapshot).items():
        codes = snapshot.links[facet].codes.values
        starts = np.searchsorted(rows, positions, side="left")
        ends = np.searchsorted(rows, positions, side="right")
        for position, start, end in zip(positions.tolist(), starts.tolist(), ends.tolist(), strict=True):
            if end > start:
                groups.setdefault(position, {})[facet] = {codes[v] for v in values[start:end].tolist()}
    country_codes, countries = snapshot.scalars["country"]
    type_codes, types = snapshot.scalars["type"]
    ranks = innovation_ranks()
    result = {}
    for position in positions.tolist():
        linked = groups.get(position, {})
        country = str(country_codes.values[countries[position]])
        result[int(snapshot.ids[position])] = Profile(
            id=int(snapshot.ids[position]),
            country=country,
            type=str(type_codes.values[types[position]]),
            domains=frozenset(linked.get("domain", ())),
            languages=frozenset(linked.get("language", ())),
            sdgs=frozenset(int(v) for v in linked.get("sdg", ())),
            innovation_rank=ranks.get(country),
        )
    return result


def _links_by_row(snapshot: Snapshot) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per linked facet, its link values ordered by row and those rows, built once per snapshot."""
    cached: dict[str, tuple[np.ndarray, np.ndarray]] | None = snapshot.__dict__.get("_matching_links")
    if cached is None:
        cached = {}
        for facet, links in snapshot.links.items():
            order = np.argsort(links.rows, kind="stable")
            cached[facet] = (links.rows[order], links.values[order])
        snapshot.__dict__["_matching_links"] = cached
    return cached


def texts_of(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The texts lexical evidence compares, by organisation id."""
    result: dict[int, dict[str, Any]] = {}
    wanted = list(ids)
    for start in range(0, len(wanted), 900):  # below SQLite's limit of variables per statement
        rows = Organisation.objects.filter(pk__in=wanted[start : start + 900]).values(
            "pk", "name", "description", "offers", "needs"
        )
        result.update((row["pk"], dict(row)) for row in rows)
    return result


def dismissed_like(snapshot: Snapshot, index: MatchIndex, dismissed: Sequence[int], pool: Positions) -> Matrix:
    """Per pool row, how much it resembles the most recently dismissed candidates (0 to 1)."""
    result = np.zeros(pool.size, dtype=np.float32)
    for id_ in dismissed[:DISMISSALS_CONSIDERED]:
        vector = index.profiles.vector(id_)
        if vector is not None:
            result = np.maximum(result, Semantic.for_vector(snapshot, index, "profiles", vector).scaled(pool))
    return result


@dataclass
class Scored:
    score: float
    evidence: Evidence
    lexical: tuple[LexicalScorer, str] | None  # the scorer and reader text behind the lexical part

    def add_shared_words(self) -> None:
        if self.lexical is not None:
            scorer, text = self.lexical
            self.evidence.shared_words = scorer.shared_words(text, self.evidence.candidate.id)


def scored(
    *,
    snapshot: Snapshot,
    pool: Positions,
    components: Mapping[str, Semantic | None],
    me: Profile | None,
    texts: Mapping[int, Mapping[str, Any]],
    lexical_pairs: Sequence[tuple[str, str]],
    disliked: Matrix | None = None,
) -> list[Scored]:
    """The pool's candidates with their evidence and blended score, best first.

    `lexical_pairs` says which texts to compare: ("…my needs…", "profile") compares the reader's
    needs with each candidate's profile text, ("…my offers…", "needs") with their needs.
    """
    if not pool.size:
        return []
    ids = [int(i) for i in snapshot.ids[pool]]
    lexical: dict[int, float] = dict.fromkeys(ids, 0.0)
    best_pair: dict[int, tuple[LexicalScorer, str]] = {}
    for my_text, their_side in lexical_pairs:
        if not my_text:
            continue
        scorer = LexicalScorer.fit({i: SIDES[their_side](texts.get(i, {})) for i in ids})
        for key, value in scorer.scores(my_text, ids).items():
            if value > lexical[key]:
                lexical[key] = value
                best_pair[key] = (scorer, my_text)
    lexical_z = pool_z(lexical)
    values = {
        name: component.scaled(pool) if component is not None else np.zeros(pool.size, dtype=np.float32)
        for name, component in components.items()
    }
    candidates = profiles(snapshot, pool)
    weights = match_weights()
    result = []
    for i, id_ in enumerate(ids):
        evidence = Evidence(
            candidate=candidates[id_],
            need_offer=float(values["need_offer"][i]) if "need_offer" in values else 0.0,
            offer_need=float(values["offer_need"][i]) if "offer_need" in values else 0.0,
            profile=float(values["profile"][i]) if "profile" in values else 0.0,
            lexical=lexical_z.get(id_, 0.0),
            dismissed_like=float(disliked[i]) if disliked is not None else 0.0,
        )
        result.append(Scored(blend(evidence, me, weights)[0], evidence, best_pair.get(id_)))
    result.sort(key=lambda item: (-item.score, item.evidence.candidate.id))
    return result
