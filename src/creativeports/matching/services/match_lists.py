"""Stored match lists: every organisation's best candidates with their evidence, so that reading
recommendations is a lookup (selectors.organisation_matches) rather than a search per request.

The batch takes organisations in blocks: one matrix product per semantic component gives a
block's similarities with the whole index at once, then each organisation's pool is scored by the
same pipeline the live path runs. A profile edit refreshes the lists it can change (its own, and
those of organisations whose vectors are close to its old or new ones) in the background.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
from django.db import transaction

from creativeports.directory.listing.query import Filters, visible_mask
from creativeports.directory.listing.snapshot import Snapshot
from creativeports.directory.models import Organisation
from creativeports.matching.embedder import embedder_current
from creativeports.matching.engine import lexical
from creativeports.matching.engine.embedding import Matrix
from creativeports.matching.index import MatchIndex, match_index_current
from creativeports.matching.models import Dismissal, IndexVersion, MatchList
from creativeports.matching.pipeline import Scored, method_fingerprint, texts_of
from creativeports.matching.selectors import STORED, STORED_SCOPE, organisation_candidates

Progress = Callable[[int, int], None]
# Organisations whose similarities one matrix product computes (a block-by-index float32 matrix each).
BLOCK = 64
# Nearest organisations per semantic direction whose lists a changed profile may enter or leave.
AFFECTED = 100
# Texts kept in memory during a batch (each candidate turns up in many pools).
TEXT_CACHE = 30_000
# Documents whose term vectors a batch remembers (about 4.5 KB each with the text that keys
# them): enough for the pools of thousands of neighbouring organisations, so that a text's terms
# are rarely worked out twice, while the batch's memory stays bounded (about 270 MB).
TERM_VECTORS = 60_000


def match_lists_version_bump() -> None:
    """Cached recommendation pages are stale: tell every process (the vectors stay loaded)."""
    token = uuid.uuid4().hex
    if not IndexVersion.objects.filter(pk=1).update(lists=token):
        IndexVersion.objects.update_or_create(pk=1, defaults={"lists": token, "token": uuid.uuid4().hex})


def _row(item: Scored) -> list[Any]:
    e = item.evidence
    values = (item.score, e.need_offer, e.offer_need, e.profile, e.lexical, e.dismissed_like)
    return [e.candidate.id, *(round(float(v), 5) for v in values), e.shared_words]


class _Texts:
    """The batch's text loader: candidates' texts, remembered across pools, bounded."""

    def __init__(self) -> None:
        self.cache: OrderedDict[int, Mapping[str, Any]] = OrderedDict()

    def __call__(self, ids: list[int]) -> Mapping[int, Mapping[str, Any]]:
        missing = [i for i in ids if i not in self.cache]
        self.cache.update(texts_of(missing))
        while len(self.cache) > TEXT_CACHE:
            self.cache.popitem(last=False)
        return {i: self.cache[i] for i in ids if i in self.cache}


def _block_similarities(index: MatchIndex, organisations: list[Organisation]) -> list[dict[str, Any]]:
    """Per organisation, each semantic component's similarities with the whole index part."""
    result: list[dict[str, Any]] = [{} for _ in organisations]
    directions = (("need_offer", index.needs, index.profiles), ("offer_need", index.profiles, index.needs))
    for name, mine, theirs in (*directions, ("profile", index.profiles, index.profiles)):
        rows: list[tuple[int, Matrix]] = []
        for i, organisation in enumerate(organisations):
            vector = mine.vector(organisation.pk)
            if vector is not None:
                rows.append((i, vector))
        if not rows or not len(theirs):
            continue
        products = np.stack([v for _i, v in rows]) @ theirs.matrix.T
        for (i, _v), similarities in zip(rows, products, strict=True):
            result[i][name] = similarities
    return result


# Neighbourhoods the batch walks through one after the other (see _by_neighbourhood).
NEIGHBOURHOODS = 256


def _by_neighbourhood(index: MatchIndex, organisations: list[Organisation]) -> list[Organisation]:
    """The organisations ordered so that similar ones follow each other: their pools overlap, so
    the candidates' texts and term counts are still remembered when the next pool needs them
    (in register order, most were forgotten). Each joins the nearest of a fixed sample of profiles."""
    part = index.profiles
    if len(part) <= NEIGHBOURHOODS or len(organisations) <= BLOCK:
        return organisations
    rng = np.random.default_rng(len(part))
    centres = part.matrix[rng.choice(len(part), size=NEIGHBOURHOODS, replace=False)]
    keys = []
    for organisation in organisations:
        vector = part.vector(organisation.pk)
        keys.append(int(np.argmax(centres @ vector)) if vector is not None else NEIGHBOURHOODS)
    order = np.argsort(np.asarray(keys), kind="stable")
    return [organisations[i] for i in order]


class _Batch:
    """What every block of a batch shares: the directory as stored lists see it, the index, the
    method's fingerprint and the candidates' texts."""

    def __init__(self, *, snapshot: Snapshot, allowed: np.ndarray, index: MatchIndex, embedder_name: str) -> None:
        self.snapshot, self.allowed, self.index, self.embedder_name = snapshot, allowed, index, embedder_name
        self.fingerprint = method_fingerprint()
        self.load_texts = _Texts()

    def lists(self, block: list[Organisation]) -> list[MatchList]:
        """The match lists of a block of organisations (not saved)."""
        dismissals: dict[int, list[int]] = {}
        for organisation_id, candidate_id in (
            Dismissal.objects.filter(organisation__in=[o.pk for o in block])
            .order_by("-created")
            .values_list("organisation_id", "candidate_id")
        ):
            dismissals.setdefault(organisation_id, []).append(candidate_id)
        lists = []
        for organisation, similarities in zip(block, _block_similarities(self.index, block), strict=True):
            dismissed = dismissals.get(organisation.pk, [])
            mine = self.allowed.copy()
            mine[self.snapshot.positions_of([organisation.pk, *dismissed])] = False
            best = organisation_candidates(
                snapshot=self.snapshot,
                index=self.index,
                organisation=organisation,
                allowed=mine,
                dismissed=dismissed,
                similarities=similarities,
                load_texts=self.load_texts,
            )[:STORED]
            for item in best:
                item.add_shared_words()
            lists.append(
                MatchList(
                    organisation=organisation,
                    items=[_row(i) for i in best],
                    embedder=self.embedder_name,
                    weights=self.fingerprint,
                )
            )
        return lists


def match_lists_refresh(*, ids: Iterable[int] | None = None, progress: Progress | None = None) -> int:
    """Recompute and store the match lists of the organisations `ids` (all when None). Returns how
    many lists were written; without an embedder none (recommendations are then computed live)."""
    index = match_index_current()
    embedder = embedder_current()
    if index is None or embedder is None:
        return 0
    snapshot, allowed = visible_mask(scope=STORED_SCOPE, filters=Filters())
    organisations = Organisation.objects.filter(merged_into__isnull=True).only("pk", "needs", "offers").order_by("pk")
    wanted = None if ids is None else sorted(set(ids))
    todo = (
        list(organisations)
        if wanted is None
        else [
            o for start in range(0, len(wanted), 900) for o in organisations.filter(pk__in=wanted[start : start + 900])
        ]
    )
    todo = _by_neighbourhood(index, todo)
    batch = _Batch(snapshot=snapshot, allowed=allowed, index=index, embedder_name=embedder.name)
    written = 0
    with lexical.remembering(min(2 * len(todo), TERM_VECTORS)):
        for start in range(0, len(todo), BLOCK):
            lists = batch.lists(todo[start : start + BLOCK])
            with transaction.atomic():
                MatchList.objects.bulk_create(
                    lists,
                    update_conflicts=True,
                    unique_fields=["organisation"],
                    update_fields=["items", "embedder", "weights", "computed"],
                )
            written += len(lists)
            if progress:
                progress(written, len(todo))
    if written:
        match_lists_version_bump()
    return written


def match_lists_affected(ids: Iterable[int]) -> set[int]:
    """Organisations whose stored lists a change of `ids`' vectors may alter: those whose needs
    these profiles answer, whose profiles answer these needs, and the most alike profiles."""
    index = match_index_current()
    if index is None:
        return set()
    found: set[int] = set()
    for organisation_id in ids:
        profile, needs = index.profiles.vector(organisation_id), index.needs.vector(organisation_id)
        if profile is not None:
            found.update(index.needs.search(profile, AFFECTED)[0].tolist())
            found.update(index.profiles.search(profile, AFFECTED // 3)[0].tolist())
        if needs is not None:
            found.update(index.profiles.search(needs, AFFECTED)[0].tolist())
    return found
