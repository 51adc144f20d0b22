"""Reads of matching: ranked, explained partner recommendations for an organisation, and partner
search for a typed need. Both return only organisations the reader may see (the directory's
visibility rule, via its listing), never the organisation itself or its dismissed candidates.

The pipeline: the candidates the reader may see under the filters (directory.listing), a pool of
the most similar ones by embeddings (or, without an embedder, by full-text search and shared
domains), lexical and structured evidence for the pool, the blend (engine.scoring), and the best
`limit` with their reasons.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from django.conf import settings

from creativeports.directory import permissions
from creativeports.directory.listing.query import Filters, Listing, listing
from creativeports.directory.listing.snapshot import Snapshot
from creativeports.directory.models import Organisation
from creativeports.directory.search import search_hits
from creativeports.directory.selectors import organisations_by_ids
from creativeports.matching.embedder import embedder_current
from creativeports.matching.engine.index import VectorIndex
from creativeports.matching.engine.lexical import LexicalScorer, distinctive_words, quote
from creativeports.matching.engine.scoring import Evidence, Profile, Reason, Weights, blend, pool_z, semantic_z
from creativeports.matching.index import MatchIndex, match_index_current
from creativeports.matching.innovation import innovation_ranks
from creativeports.matching.models import Dismissal
from creativeports.matching.texts import needs_text, profile_text

# Candidates scored in full per request: the most similar by each semantic component (the
# lexical and structured evidence cost Python time per candidate).
POOL = 80
# Dismissals that inform ranking (the most recent ones).
DISMISSALS_CONSIDERED = 5
MAX_LIMIT = 50
# Full-text lookups per request when there are no embeddings, one per distinctive word.
LEXICAL_WORDS = 6
LEXICAL_HITS_PER_WORD = 400


@dataclass
class Match:
    organisation: Organisation
    score: float
    reasons: list[Reason]


@dataclass
class Matches:
    items: list[Match] = field(default_factory=list)
    # False when the embedder is off or missing: ranked by lexical and structured evidence only.
    semantic: bool = True


@cache
def _weights_from_settings(raw: str) -> Weights:
    return Weights.from_mapping(json.loads(raw)) if raw else Weights()


def match_weights() -> Weights:
    """The weights in force (CREATIVEPORTS_MATCH_WEIGHTS over the documented defaults)."""
    return _weights_from_settings(settings.CREATIVEPORTS_MATCH_WEIGHTS)


def _profile_of(snapshot: Snapshot, position: int, groups: dict[int, dict[str, set[Any]]]) -> Profile:
    country_codes, countries = snapshot.scalars["country"]
    type_codes, types = snapshot.scalars["type"]
    linked = groups.get(position, {})
    country = str(country_codes.values[countries[position]])
    return Profile(
        id=int(snapshot.ids[position]),
        country=country,
        type=str(type_codes.values[types[position]]),
        domains=frozenset(linked.get("domain", ())),
        languages=frozenset(linked.get("language", ())),
        sdgs=frozenset(int(v) for v in linked.get("sdg", ())),
        innovation_rank=innovation_ranks().get(country),
    )


def _links_by_row(snapshot: Snapshot) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per linked facet, its link values ordered by row and those rows, built once per snapshot
    (kept on the snapshot, which is replaced whenever the data changes)."""
    cached: dict[str, tuple[np.ndarray, np.ndarray]] | None = snapshot.__dict__.get("_matching_links")
    if cached is None:
        cached = {}
        for facet, links in snapshot.links.items():
            order = np.argsort(links.rows, kind="stable")
            cached[facet] = (links.rows[order], links.values[order])
        snapshot.__dict__["_matching_links"] = cached
    return cached


def _profiles(snapshot: Snapshot, positions: np.ndarray) -> dict[int, Profile]:
    """Profiles (structured fields) of the organisations at `positions`, by id, from the snapshot."""
    groups: dict[int, dict[str, set[Any]]] = {}
    for facet, (rows, values) in _links_by_row(snapshot).items():
        codes = snapshot.links[facet].codes.values
        starts = np.searchsorted(rows, positions, side="left")
        ends = np.searchsorted(rows, positions, side="right")
        for position, start, end in zip(positions.tolist(), starts.tolist(), ends.tolist(), strict=True):
            if end > start:
                groups.setdefault(position, {})[facet] = {codes[v] for v in values[start:end].tolist()}
    return {int(snapshot.ids[p]): _profile_of(snapshot, int(p), groups) for p in positions}


def _aligned(index: VectorIndex, vector: np.ndarray | None, snapshot: Snapshot) -> tuple[np.ndarray, np.ndarray]:
    """One semantic component for every snapshot row: the raw cosine similarity (for choosing the
    pool) and its scaled z-score (for the blend); both 0 where a row has no vector."""
    raw = np.zeros(snapshot.size, dtype=np.float32)
    scaled = np.zeros(snapshot.size, dtype=np.float32)
    if vector is None or not len(index) or not snapshot.size:
        return raw, scaled
    similarities = index.similarities(vector)
    positions = np.minimum(np.searchsorted(snapshot.ids, index.ids), snapshot.size - 1)
    present = snapshot.ids[positions] == index.ids
    raw[positions[present]] = similarities[present]
    scaled[positions[present]] = semantic_z(similarities, index.languages)[present]
    return raw, scaled


def _top(values: np.ndarray, allowed: np.ndarray, k: int) -> np.ndarray:
    """Positions of the `k` largest values among allowed rows with a value above 0."""
    candidates = np.flatnonzero(allowed & (values > 0))
    if candidates.size > k:
        candidates = candidates[np.argpartition(-values[candidates], k - 1)[:k]]
    return candidates


def _lexical_pool(snapshot: Snapshot, text: str, allowed: np.ndarray) -> np.ndarray:
    """Without embeddings: allowed rows sharing the most distinctive words with `text`."""
    hits = np.zeros(snapshot.size, dtype=np.float32)
    for word in distinctive_words(text, LEXICAL_WORDS):
        ids, ranks = search_hits([word])
        best = np.asarray(ids, dtype=np.int64)[np.argsort(-np.asarray(ranks), kind="stable")[:LEXICAL_HITS_PER_WORD]]
        positions = snapshot.positions_of(best)
        hits[positions] += 1.0
    return _top(hits, allowed, POOL)


def _dismissed(organisation: Organisation) -> list[int]:
    return list(
        Dismissal.objects.filter(organisation=organisation).order_by("-created").values_list("candidate_id", flat=True)
    )


def _texts(ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = Organisation.objects.filter(pk__in=ids).values("pk", "name", "description", "offers", "needs")
    return {row["pk"]: dict(row) for row in rows}


def _rank(
    *,
    user: Any,
    snapshot: Snapshot,
    pool: np.ndarray,
    components: dict[str, np.ndarray],
    me: Profile | None,
    lexical_pairs: list[tuple[str, str]],
    limit: int,
    dismissed_like: np.ndarray | None = None,
) -> list[Match]:
    """Blend the evidence for the pool's candidates and return the best `limit`, best first.

    `lexical_pairs` says which texts to compare: ("needs", "profile") compares the reader's needs
    text (the key of `lexical_pairs`' first element in `mine`) with the candidate's profile text.
    """
    if not pool.size:
        return []
    ids = [int(i) for i in snapshot.ids[pool]]
    texts = _texts(ids)
    sides = {"profile": profile_text, "needs": needs_text}
    lexical: dict[int, float] = dict.fromkeys(ids, 0.0)
    best_pair: dict[int, tuple[LexicalScorer, str]] = {}
    for my_text, their_side in lexical_pairs:
        if not my_text:
            continue
        scorer = LexicalScorer.fit({i: sides[their_side](texts.get(i, {})) for i in ids})
        for key, value in scorer.scores(my_text, ids).items():
            if value > lexical[key]:
                lexical[key] = value
                best_pair[key] = (scorer, my_text)
    lexical_z = pool_z(lexical)
    profiles = _profiles(snapshot, pool)
    weights = match_weights()
    evidences: dict[int, Evidence] = {}
    scored: list[tuple[float, int]] = []
    for position, id_ in zip(pool, ids, strict=True):
        evidences[id_] = evidence = Evidence(
            candidate=profiles[id_],
            need_offer=float(components["need_offer"][position]),
            offer_need=float(components["offer_need"][position]),
            profile=float(components["profile"][position]),
            lexical=lexical_z.get(id_, 0.0),
            dismissed_like=float(dismissed_like[position]) if dismissed_like is not None else 0.0,
        )
        scored.append((blend(evidence, me, weights)[0], id_))
    scored.sort(key=lambda item: (-item[0], item[1]))
    best: list[tuple[float, int, list[Reason]]] = []
    for score, id_ in scored[:limit]:
        # Quotes and words in common only matter for the reasons of what is shown.
        row = texts.get(id_, {})
        evidences[id_].quotes = {
            "need_offer": quote(str(row.get("offers") or row.get("description") or "")),
            "offer_need": quote(str(row.get("needs") or "")),
            "profile": quote(str(row.get("description") or "")),
        }
        if id_ in best_pair:
            scorer, my_text = best_pair[id_]
            evidences[id_].shared_words = scorer.shared_words(my_text, id_)
        best.append((score, id_, blend(evidences[id_], me, weights)[1]))
    organisations = {o.pk: o for o in organisations_by_ids(user=user, ids=[id_ for _s, id_, _r in best])}
    return [
        Match(organisation=organisations[id_], score=round(score, 4), reasons=reasons)
        for score, id_, reasons in best
        if id_ in organisations
    ]


def _allowed(user: Any, filters: Filters) -> tuple[Listing, np.ndarray]:
    found, _counts = listing(scope=permissions.visible_scope(user), filters=filters)
    allowed = np.zeros(found.snapshot.size, dtype=bool)
    allowed[found.order] = True
    return found, allowed


def organisation_matches(
    *, user: Any, organisation: Organisation, limit: int = 10, filters: Filters | None = None
) -> Matches:
    """Recommended partners for `organisation`, best first, each with its reasons.

    The caller checks that the reader may see `organisation` (selectors.organisation_get_visible).
    """
    limit = max(1, min(limit, MAX_LIMIT))
    found, allowed = _allowed(user, filters or Filters())
    snapshot = found.snapshot
    dismissed = _dismissed(organisation)
    excluded = snapshot.positions_of([organisation.pk, *dismissed])
    allowed[excluded] = False
    me_position = snapshot.positions_of([organisation.pk])
    me = _profiles(snapshot, me_position).get(organisation.pk) if me_position.size else None
    my_needs = needs_text({"needs": organisation.needs})
    index = match_index_current()
    semantic = index is not None
    components = {name: np.zeros(snapshot.size, dtype=np.float32) for name in ("need_offer", "offer_need", "profile")}
    dismissed_like = None
    if index is not None:
        my_need_vector = index.needs.vector(organisation.pk)
        my_profile_vector = index.profiles.vector(organisation.pk)
        raw_need_offer, components["need_offer"] = _aligned(index.profiles, my_need_vector, snapshot)
        raw_offer_need, components["offer_need"] = _aligned(index.needs, my_profile_vector, snapshot)
        raw_profile, components["profile"] = _aligned(index.profiles, my_profile_vector, snapshot)
        dismissed_like = _dismissed_like(index, snapshot, dismissed)
        pool = np.union1d(
            np.union1d(_top(raw_need_offer, allowed, POOL), _top(raw_offer_need, allowed, POOL)),
            _top(raw_profile, allowed, POOL // 3),
        )
    else:
        pool = _lexical_pool(snapshot, f"{my_needs} {organisation.offers}", allowed)
    items = _rank(
        user=user,
        snapshot=snapshot,
        pool=pool,
        components=components,
        me=me,
        lexical_pairs=[(my_needs, "profile"), (organisation.offers, "needs")],
        limit=limit,
        dismissed_like=dismissed_like,
    )
    return Matches(items=items, semantic=semantic)


def _dismissed_like(index: MatchIndex, snapshot: Snapshot, dismissed: list[int]) -> np.ndarray | None:
    """Per row, how much it resembles the most recently dismissed candidates (0 to 1)."""
    vectors = [index.profiles.vector(id_) for id_ in dismissed[:DISMISSALS_CONSIDERED]]
    vectors = [v for v in vectors if v is not None]
    if not vectors:
        return None
    return np.max([_aligned(index.profiles, v, snapshot)[1] for v in vectors], axis=0)


def partner_search(
    *,
    user: Any,
    text: str,
    filters: Filters | None = None,
    limit: int = 10,
    on_behalf_of: Organisation | None = None,
) -> Matches:
    """Organisations whose offers answer the need `text` (any language), best first, with reasons.

    The searching organisation (`on_behalf_of`, or the reader's own when they have exactly one)
    gives the structured evidence and is left out of the results.
    """
    limit = max(1, min(limit, MAX_LIMIT))
    found, allowed = _allowed(user, filters or Filters())
    snapshot = found.snapshot
    own = sorted(permissions.organisation_ids_of(user)) if getattr(user, "is_authenticated", False) else []
    searcher = [on_behalf_of.pk] if on_behalf_of is not None else own if len(own) == 1 else []
    me = None
    if searcher:
        searcher_position = snapshot.positions_of(searcher)
        me = _profiles(snapshot, searcher_position).get(searcher[0]) if searcher_position.size else None
    allowed[snapshot.positions_of([*own, *searcher])] = False
    embedder = embedder_current()
    index = match_index_current() if embedder is not None else None
    components = {name: np.zeros(snapshot.size, dtype=np.float32) for name in ("need_offer", "offer_need", "profile")}
    if embedder is not None and index is not None:
        raw, components["need_offer"] = _aligned(index.profiles, embedder.queries([text])[0], snapshot)
        pool = _top(raw, allowed, POOL)
    else:
        pool = _lexical_pool(snapshot, text, allowed)
    items = _rank(
        user=user,
        snapshot=snapshot,
        pool=pool,
        components=components,
        me=me,
        lexical_pairs=[(text, "profile")],
        limit=limit,
    )
    return Matches(items=items, semantic=index is not None)
