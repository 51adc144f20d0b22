"""Reads for exports: the organisations a reader may see, for the directory's current filter, in chunks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from creativeports.directory import selectors
from creativeports.directory.listing import Filters
from creativeports.directory.serializers import organisation_as_dict

# Rows fetched (and prefetched) per database round trip: memory stays bounded at 100,000 organisations.
EXPORT_CHUNK_SIZE = 1000


def organisation_export_items(
    *, user: Any, filters: Filters | None = None, chunk_size: int = EXPORT_CHUNK_SIZE
) -> Iterator[dict[str, Any]]:
    """Each organisation the user may see that matches `filters`, by name, as `organisation_as_dict`
    shows it to this user; rows are read `chunk_size` at a time, so memory does not grow with the register."""
    result, _counts = selectors.organisation_listing(user=user, filters=filters or selectors.directory_filters())
    ids = result.ids
    for start in range(0, len(ids), chunk_size):
        for organisation in selectors.organisations_by_ids(
            user=user, ids=ids[start : start + chunk_size], queryset=selectors.organisation_detail_queryset()
        ):
            yield organisation_as_dict(organisation, user=user)
