"""Filtering, facet counts and ordering over a snapshot: what the directory, map, API and exports ask."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from creativeports.directory.listing.snapshot import SEARCH_CACHE_SIZE, VISIBILITY, Snapshot, snapshot_current
from creativeports.directory.permissions import VisibleScope
from creativeports.directory.search import search_hits, search_terms

# The filters that take several values (OR within one, AND across them), in the order pages show them.
MULTI_FILTERS = ("country", "region", "type", "domain", "size", "language", "sdg")
# Facets: the filters whose options show counts.
FACETS = (*MULTI_FILTERS, "verified")
# Regions are free text: only the most frequent ones are offered.
MAX_REGION_OPTIONS = 30
SORTS = ("relevance", "name", "newest")


@dataclass(frozen=True)
class Filters:
    """The directory's filters, cleaned (see selectors.directory_filters): empty means "any"."""

    q: str = ""
    country: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    domain: tuple[str, ...] = ()
    size: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    sdg: tuple[int, ...] = ()
    verified: bool | None = None


@dataclass
class Listing:
    """The organisations matching some filters for one reader: positions in display order, and counts."""

    snapshot: Snapshot
    order: np.ndarray  # row positions, in the requested order

    @property
    def count(self) -> int:
        return len(self.order)

    @property
    def ids(self) -> np.ndarray:
        ids: np.ndarray = self.snapshot.ids[self.order]
        return ids

    def distinct_count(self, facet: str) -> int:
        """How many different values of a scalar facet (say, countries) the organisations have."""
        _codes, column = self.snapshot.scalars[facet]
        return int(np.unique(column[self.order]).size)


def _scope_mask(snapshot: Snapshot, scope: VisibleScope) -> np.ndarray:
    if scope.everything:
        return np.ones(snapshot.size, dtype=bool)
    wanted = [VISIBILITY.index(a) for a in scope.audiences if a in VISIBILITY]
    mask: np.ndarray = np.isin(snapshot.visibility, wanted) & ~snapshot.merged
    if scope.own:
        mask[snapshot.positions_of(sorted(scope.own))] = True
    return mask


def _search(snapshot: Snapshot, q: str, using: str) -> tuple[np.ndarray, np.ndarray]:
    """Positions and ranks of the organisations whose public texts match `q`, remembered per snapshot."""
    terms = tuple(search_terms(q))
    with snapshot.searches_lock:
        cached = snapshot.searches.get(terms)
        if cached is not None:
            snapshot.searches.move_to_end(terms)
            return cached
    ids, ranks = search_hits(list(terms), using=using)
    positions = snapshot.positions_of(ids)
    # positions_of drops ids the snapshot lacks (written since); keep ranks aligned with what stays.
    kept = np.isin(np.asarray(ids, dtype=np.int64), snapshot.ids)
    result = (positions, np.asarray(ranks, dtype=np.float64)[kept])
    with snapshot.searches_lock:
        snapshot.searches[terms] = result
        if len(snapshot.searches) > SEARCH_CACHE_SIZE:
            snapshot.searches.popitem(last=False)
    return result


def _filter_masks(snapshot: Snapshot, filters: Filters) -> dict[str, np.ndarray]:
    """One mask per active filter (facet filters by name, plus "q")."""
    masks: dict[str, np.ndarray] = {}
    for facet, (codes, column) in snapshot.scalars.items():
        wanted = getattr(filters, facet)
        if wanted:
            masks[facet] = np.isin(column, codes.codes_of(list(wanted)))
    for facet, links in snapshot.links.items():
        wanted = getattr(filters, facet)
        if wanted:
            mask = np.zeros(snapshot.size, dtype=bool)
            mask[links.rows[np.isin(links.values, links.codes.codes_of(list(wanted)))]] = True
            masks[facet] = mask
    if filters.verified is not None:
        masks["verified"] = snapshot.verified == filters.verified
    return masks


def _all(base: np.ndarray, masks: Iterable[np.ndarray]) -> np.ndarray:
    result = base.copy()
    for mask in masks:
        result &= mask
    return result


def facet_counts(snapshot: Snapshot, base: np.ndarray, masks: Mapping[str, np.ndarray]) -> dict[str, dict[Any, int]]:
    """Per facet, organisations per value under all the *other* active filters (`base`: reader and search)."""
    counts: dict[str, dict[Any, int]] = {}
    for facet in FACETS:
        under = _all(base, (m for name, m in masks.items() if name != facet))
        if facet in snapshot.scalars:
            codes, column = snapshot.scalars[facet]
            tally = np.bincount(column[under], minlength=len(codes.values))
            values = codes.values
        elif facet in snapshot.links:
            links = snapshot.links[facet]
            tally = np.bincount(links.values[under[links.rows]], minlength=len(links.codes.values))
            values = links.codes.values
        else:  # verified
            verified = int(np.count_nonzero(snapshot.verified & under))
            counts[facet] = {k: n for k, n in ((True, verified), (False, int(under.sum()) - verified)) if n}
            continue
        counts[facet] = {values[i]: int(tally[i]) for i in np.flatnonzero(tally)}
    regions = counts["region"]
    regions.pop("", None)
    top = sorted(regions.items(), key=lambda item: (-item[1], item[0]))[:MAX_REGION_OPTIONS]
    counts["region"] = dict(top)
    return counts


def visible_mask(*, scope: VisibleScope, filters: Filters, using: str = "default") -> tuple[Snapshot, np.ndarray]:
    """Which snapshot rows the reader may see under `filters` (a boolean per row; no search, no
    order), for callers that rank the rows themselves (matching)."""
    if filters.q:
        raise ValueError("visible_mask takes no text search; use listing()")
    snapshot = snapshot_current(using)
    return snapshot, _all(_scope_mask(snapshot, scope), _filter_masks(snapshot, filters).values())


def listing(
    *, scope: VisibleScope, filters: Filters, sort: str = "name", with_counts: bool = False, using: str = "default"
) -> tuple[Listing, dict[str, dict[Any, int]]]:
    """The matching organisations in `sort` order, and (when asked) the facet counts.

    `relevance` needs a search; without one it falls back to `name`.
    """
    snapshot = snapshot_current(using)
    base = _scope_mask(snapshot, scope)
    ranks: np.ndarray | None = None
    if filters.q:
        positions, hit_ranks = _search(snapshot, filters.q, using)
        hits = np.zeros(snapshot.size, dtype=bool)
        hits[positions] = True
        base &= hits
        ranks = np.zeros(snapshot.size, dtype=np.float64)
        ranks[positions] = hit_ranks
    masks = _filter_masks(snapshot, filters)
    matching = _all(base, masks.values())
    if sort == "newest":
        order = snapshot.by_newest[matching[snapshot.by_newest]]
    else:
        order = snapshot.by_name[matching[snapshot.by_name]]
        if sort == "relevance" and ranks is not None:
            # Stable sort by descending rank keeps name order among equal ranks.
            order = order[np.argsort(-ranks[order], kind="stable")]
    counts = facet_counts(snapshot, base, masks) if with_counts else {}
    return Listing(snapshot=snapshot, order=order), counts
