"""Reads of matching: ranked, explained partner recommendations for an organisation, and partner
search for a typed need. Both return only organisations the reader may see (the directory's
visibility rule), never the organisation itself or its dismissed candidates.

Recommendations without filters come from the organisation's stored match list
(services.match_lists, refreshed in the background): a lookup, the reader's visibility, and the
reasons of what is shown. With filters, before the list exists, or when the reader may see more
than the list covers, they are computed live by the same pipeline (matching.pipeline) that
partner search runs: candidates by embeddings (or, without an embedder, by full-text search and
shared domains), lexical and structured evidence for the pool, the blend.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from creativeports.common.languages import detect_language
from creativeports.directory import permissions
from creativeports.directory.listing.query import Filters, visible_mask
from creativeports.directory.listing.snapshot import Snapshot
from creativeports.directory.models import Organisation
from creativeports.directory.permissions import VisibleScope
from creativeports.directory.search import search_hits
from creativeports.directory.selectors import organisations_by_ids
from creativeports.matching.embedder import embedder_current, query_vector
from creativeports.matching.engine.lexical import distinctive_words, quote
from creativeports.matching.engine.scoring import Evidence, Profile, Reason, blend
from creativeports.matching.index import MatchIndex, match_index_current
from creativeports.matching.models import Dismissal, MatchList
from creativeports.matching.pipeline import (
    POOL,
    Positions,
    Scored,
    Semantic,
    dismissed_like,
    match_weights,
    method_fingerprint,
    profiles,
    scored,
    semantic_pool,
    sharing_a_domain,
    texts_of,
    top,
)
from creativeports.matching.texts import needs_text, search_text

MAX_LIMIT = 50
# Candidates a stored match list keeps: more than a page, as some are hidden from some readers.
STORED = 60
# Full-text lookups per request when there are no embeddings, one per distinctive word.
LEXICAL_WORDS = 6
LEXICAL_HITS_PER_WORD = 400
# Who may see the candidates of stored lists: everyone's scope but the secretariat's.
STORED_SCOPE = VisibleScope(everything=False, audiences=("public", "members"), own=frozenset())


@dataclass
class Match:
    organisation: Organisation
    score: float
    reasons: list[Reason]
    profile: Profile  # its structured fields (domains, languages…) as matching saw them


@dataclass
class Matches:
    items: list[Match] = field(default_factory=list)
    # False when the embedder is off or missing: ranked by lexical and structured evidence only.
    semantic: bool = True


def _lexical_pool(snapshot: Snapshot, text: str, allowed: np.ndarray, me: int | None = None) -> Positions:
    """Without embeddings: allowed rows sharing the most distinctive words with `text`; for
    recommendations (`me`: the organisation's id), then those sharing a CCI domain with it, so
    that partners writing in another language still reach the structured evidence."""
    hits = np.zeros(snapshot.size, dtype=np.float32)
    for word in distinctive_words(text, LEXICAL_WORDS):
        ids, ranks = search_hits([word])
        best = np.asarray(ids, dtype=np.int64)[np.argsort(-np.asarray(ranks), kind="stable")[:LEXICAL_HITS_PER_WORD]]
        positions = snapshot.positions_of(best)
        hits[positions] += 1.0
    mine = snapshot.positions_of([me] if me is not None else [])
    if mine.size:
        # Below one shared word: a domain in common only fills the pool's free places.
        hits[sharing_a_domain(snapshot, int(mine[0]))] += 0.5
    return top(hits, allowed, POOL)


def _dismissed(organisation: Organisation) -> list[int]:
    return list(
        Dismissal.objects.filter(organisation=organisation).order_by("-created").values_list("candidate_id", flat=True)
    )


def _quotes(organisation: Organisation) -> dict[str, str]:
    return {
        "need_offer": quote(organisation.offers or organisation.description or ""),
        "offer_need": quote(organisation.needs or ""),
        "profile": quote(organisation.description or ""),
    }


# The organisation fields a result row shows or quotes (see _quotes).
SHOWN_FIELDS = ("name", "slug", "city", "country", "type", "offers", "description", "needs")


def _shown(*, user: Any, best: list[Scored], me: Profile | None) -> list[Match]:
    """The candidates to show, as the reader may see them, each with its reasons."""
    # What result rows show and their reasons quote, and no other column; linked values
    # (domains…) come from the profiles, not more queries.
    queryset = Organisation.objects.select_related("type", "country").only(*SHOWN_FIELDS)
    ids = [s.evidence.candidate.id for s in best]
    organisations = {o.pk: o for o in organisations_by_ids(user=user, ids=ids, queryset=queryset)}
    weights = match_weights()
    shown = []
    for item in best:
        organisation = organisations.get(item.evidence.candidate.id)
        if organisation is None:
            continue
        # Quotes and words in common only matter for the reasons of what is shown.
        item.evidence.quotes = _quotes(organisation)
        if not item.evidence.shared_words:
            item.add_shared_words()
        reasons = blend(item.evidence, me, weights)[1]
        shown.append(
            Match(
                organisation=organisation,
                score=round(item.score, 4),
                reasons=reasons,
                profile=item.evidence.candidate,
            )
        )
    return shown


def _me(snapshot: Snapshot, organisation_ids: list[int]) -> Profile | None:
    positions = snapshot.positions_of(organisation_ids[:1])
    return profiles(snapshot, positions).get(organisation_ids[0]) if positions.size else None


def _from_list(*, user: Any, organisation: Organisation, limit: int, dismissed: list[int]) -> Matches | None:
    """The recommendations from the stored match list, or None when it cannot answer for this
    reader (no list, made with another embedder, weights or glossary, or too few candidates left)."""
    scope = permissions.visible_scope(user)
    if scope.everything:
        return None  # the secretariat may see private profiles, which stored lists leave out
    stored = MatchList.objects.filter(organisation=organisation).values_list("items", "embedder", "weights").first()
    embedder = embedder_current()
    if stored is None or embedder is None:
        return None
    items, embedder_name, fingerprint = stored
    if embedder_name != embedder.name or fingerprint != method_fingerprint():
        return None
    snapshot, allowed = visible_mask(scope=scope, filters=Filters())
    skipped = {organisation.pk, *dismissed, *scope.own}
    best: list[Scored] = []
    candidate_ids = [int(item[0]) for item in items if int(item[0]) not in skipped]
    positions = snapshot.positions_of(candidate_ids)
    visible = {int(snapshot.ids[p]) for p in positions[allowed[positions]]}
    # Twice a page: profiles may have changed since the list was made, so the candidates are
    # blended again as they are now, which can reorder them.
    wanted = limit * 2
    candidates = profiles(snapshot, snapshot.positions_of([i for i in candidate_ids if i in visible][:wanted]))
    for candidate_id, score, need_offer, offer_need, alike, lexical, disliked, words in items:
        if candidate_id in candidates and len(best) < wanted:
            evidence = Evidence(
                candidate=candidates[candidate_id],
                need_offer=need_offer,
                offer_need=offer_need,
                profile=alike,
                lexical=lexical,
                dismissed_like=disliked,
                shared_words=list(words),
            )
            best.append(Scored(score, evidence, None))
    if len(best) < limit and len(items) >= STORED:
        return None  # the reader may see fewer than a page of a full list: search instead
    me = _me(snapshot, [organisation.pk])
    weights = match_weights()
    for item in best:
        item.score = blend(item.evidence, me, weights)[0]
    best.sort(key=lambda item: (-item.score, item.evidence.candidate.id))
    return Matches(items=_shown(user=user, best=best[:limit], me=me), semantic=True)


def organisation_matches(
    *, user: Any, organisation: Organisation, limit: int = 10, filters: Filters | None = None
) -> Matches:
    """Recommended partners for `organisation`, best first, each with its reasons.

    The caller checks that the reader may see `organisation` (selectors.organisation_get_visible).
    """
    limit = max(1, min(limit, MAX_LIMIT))
    filters = filters or Filters()
    dismissed = _dismissed(organisation)
    if filters == Filters():
        # Before the vector index: a stored list needs none, and a process builds its index
        # (seconds at 100,000) at start and after vectors change.
        stored = _from_list(user=user, organisation=organisation, limit=limit, dismissed=dismissed)
        if stored is not None:
            return stored
    index = match_index_current()
    scope = permissions.visible_scope(user)
    snapshot, allowed = visible_mask(scope=scope, filters=filters)
    allowed[snapshot.positions_of([organisation.pk, *dismissed, *scope.own])] = False
    best = organisation_candidates(
        snapshot=snapshot, index=index, organisation=organisation, allowed=allowed, dismissed=dismissed
    )
    me = _me(snapshot, [organisation.pk])
    semantic = index is not None and any(p.vector(organisation.pk) is not None for p in (index.needs, index.profiles))
    return Matches(items=_shown(user=user, best=best[:limit], me=me), semantic=semantic)


def organisation_candidates(
    *,
    snapshot: Snapshot,
    index: MatchIndex | None,
    organisation: Organisation,
    allowed: np.ndarray,
    dismissed: list[int],
    similarities: dict[str, Any] | None = None,
    load_texts: Callable[[list[int]], Mapping[int, Mapping[str, Any]]] = texts_of,
) -> list[Scored]:
    """Every scored candidate of `organisation`'s pool among `allowed` rows, best first.

    `similarities` may bring the semantic similarities already computed (the batch computes them
    for many organisations at once); `load_texts` may read the candidates' texts from a cache.
    """
    my_needs = needs_text({"needs": organisation.needs})
    components: dict[str, Semantic | None] = {"need_offer": None, "offer_need": None, "profile": None}
    disliked = None
    if index is not None:
        vectors = {
            "need_offer": ("profiles", index.needs.vector(organisation.pk)),
            "offer_need": ("needs", index.profiles.vector(organisation.pk)),
            "profile": ("profiles", index.profiles.vector(organisation.pk)),
        }
        for name, (kind, vector) in vectors.items():
            given = (similarities or {}).get(name)
            if given is not None:
                components[name] = Semantic.of(snapshot, index, kind, given)
            elif vector is not None:
                components[name] = Semantic.for_vector(snapshot, index, kind, vector)
    if any(component is not None for component in components.values()):
        assert index is not None  # noqa: S101  # components come from the index
        pool = semantic_pool(components, allowed)
        if dismissed:
            disliked = dismissed_like(snapshot, index, dismissed, pool)
    else:
        # No embedder, or this organisation's texts are not embedded yet (the worker is on it).
        pool = _lexical_pool(snapshot, f"{my_needs} {organisation.offers}", allowed, me=organisation.pk)
    return scored(
        snapshot=snapshot,
        pool=pool,
        components=components,
        me=_me(snapshot, [organisation.pk]),
        texts=load_texts([int(i) for i in snapshot.ids[pool]]),
        lexical_pairs=[(my_needs, "profile"), (organisation.offers, "needs")],
        disliked=disliked,
    )


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
    snapshot, allowed = visible_mask(scope=permissions.visible_scope(user), filters=filters or Filters())
    own = sorted(permissions.organisation_ids_of(user)) if getattr(user, "is_authenticated", False) else []
    searcher = [on_behalf_of.pk] if on_behalf_of is not None else own if len(own) == 1 else []
    me = _me(snapshot, searcher) if searcher else None
    allowed[snapshot.positions_of([*own, *searcher])] = False
    embedder = embedder_current()
    index = match_index_current() if embedder is not None else None
    components: dict[str, Semantic | None] = {"need_offer": None}
    # Without profile vectors (none embedded yet) there is nothing to compare a need with.
    if embedder is not None and index is not None and len(index.profiles):
        vector = index.query(query_vector(embedder, search_text(text)), detect_language(text))
        components["need_offer"] = Semantic.for_vector(snapshot, index, "profiles", vector)
        pool = semantic_pool(components, allowed)
    else:
        pool = _lexical_pool(snapshot, text, allowed)
    best = scored(
        snapshot=snapshot,
        pool=pool,
        components=components,
        me=me,
        texts=texts_of([int(i) for i in snapshot.ids[pool]]),
        lexical_pairs=[(text, "profile")],
    )
    return Matches(items=_shown(user=user, best=best[:limit], me=me), semantic=components["need_offer"] is not None)
