"""Reads for exports: the organisations a reader may see, for the directory's current filter, in chunks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet

from creativeports.directory import selectors
from creativeports.directory.models import Organisation, SocialLink
from creativeports.directory.serializers import organisation_as_dict

# Rows fetched (and prefetched) per database round trip: memory stays bounded at 100,000 organisations.
EXPORT_CHUNK_SIZE = 1000


# The directory's filters that take several values (?country=LT&country=LV), as the list page reads them.


def organisation_export_queryset(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Organisation]:
    """The organisations the user may see, narrowed by the directory's filters, with every relation
    `organisation_as_dict` reads preloaded."""
    queryset = selectors.organisation_list_visible(user=user).prefetch_related(
        "nace_codes",
        "target_markets",
        "sdgs",
        Prefetch("social_links", queryset=SocialLink.objects.order_by("platform", "id")),
    )
    return selectors.organisation_filter(queryset, **(filters or {})).order_by("name", "id")


def organisation_export_items(
    queryset: QuerySet[Organisation], *, user: Any, chunk_size: int = EXPORT_CHUNK_SIZE
) -> Iterator[dict[str, Any]]:
    """Each organisation as `organisation_as_dict` for this user, fetched `chunk_size` at a time
    (the prefetches run per chunk too, so memory does not grow with the register)."""
    for organisation in queryset.iterator(chunk_size=chunk_size):
        yield organisation_as_dict(organisation, user=user)
