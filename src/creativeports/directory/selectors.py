"""Reads of organisations, always through the permission rules of directory.permissions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Prefetch, QuerySet
from django.http import Http404, QueryDict

from creativeports.common.models import AuditEntry
from creativeports.directory import permissions
from creativeports.directory.models import Invitation, Membership, Organisation, SocialLink
from creativeports.directory.search import organisation_search

# Contact fields and the field holding each one's audience.
CONTACT_FIELDS = {
    "contact_name": "contact_name_visibility",
    "email": "email_visibility",
    "phone": "phone_visibility",
}


def organisation_list_visible(*, user: Any) -> QuerySet[Organisation]:
    """Organisations the user may see, with what list pages and the API show preloaded."""
    return (
        Organisation.objects.filter(permissions.visible_organisations_q(user))
        .select_related("type", "country")
        .prefetch_related("domains", "languages")
    )


# Upper bound of values per filter: more than any form offers, and it bounds the SQL a URL can ask for.
MAX_FILTER_VALUES = 50
# The directory's filters that take several values (OR within one, AND across them).
DIRECTORY_MULTI_FILTERS = ("country", "region", "type", "domain", "size", "language", "sdg")


def directory_filters_from_query(params: QueryDict) -> dict[str, Any]:
    """The directory's GET parameters, cleaned, as `organisation_filter` keywords.

    The one place that reads them: the directory page, the map and the exports all call it, so a
    new filter is added here once.
    """
    filters: dict[str, Any] = {"q": params.get("q", "").replace("\x00", "").strip()[:200]}
    for name in DIRECTORY_MULTI_FILTERS:
        values = (v.replace("\x00", "").strip()[:100] for v in params.getlist(name)[:MAX_FILTER_VALUES])
        filters[name] = list(dict.fromkeys(v for v in values if v))
    filters["country"] = [code.upper() for code in filters["country"]]
    filters["verified"] = True if params.get("verified") == "1" else None
    return filters


FilterValue = str | Iterable[str]


def _values(value: FilterValue | None, *, case: str = "") -> list[str]:
    """A filter's values as a clean list: one string or many, NUL-free, stripped, deduplicated."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    cleaned: list[str] = []
    for item in items[:MAX_FILTER_VALUES]:
        # NUL cannot be compared with PostgreSQL text and is never meaningful in a filter.
        text = str(item).replace("\x00", "").strip()
        text = text.upper() if case == "upper" else text.lower() if case == "lower" else text
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def _sdg_numbers(value: int | str | Iterable[int | str] | None) -> list[int]:
    items = [value] if isinstance(value, int | str) else list(value or [])
    numbers: list[int] = []
    for item in items[:MAX_FILTER_VALUES]:
        try:
            number = int(str(item).strip())
        except ValueError:
            continue
        # Bounded like the column (smallint), so a huge number is "no match", not an overflow.
        if 1 <= number <= 32767 and number not in numbers:
            numbers.append(number)
    return numbers


def _m2m_ids(field: str, column: str, values: list[Any]) -> QuerySet[Any]:
    """Ids of organisations linked to any of `values` through a many-to-many field (OR within the facet).

    A subquery rather than a join: no duplicate rows, so no DISTINCT over the whole result.
    """
    through: type[Model] = getattr(Organisation, field).through
    links: QuerySet[Any] = through._default_manager.filter(**{f"{column}__in": values})
    return links.values("organisation_id")


def organisation_filter(
    queryset: QuerySet[Organisation],
    *,
    q: str = "",
    country: FilterValue = "",
    type: FilterValue = "",
    domain: FilterValue = "",
    language: FilterValue = "",
    sdg: int | str | Iterable[int | str] | None = None,
    region: FilterValue = "",
    size: FilterValue = "",
    verified: bool | None = None,
    ranked: bool = False,
) -> QuerySet[Organisation]:
    """Narrow a queryset by the directory's filters (shared by pages, API and facet counts).

    Each filter takes one value or several (OR within a filter, AND across filters); empty means
    "any". `q` is the full-text search (see directory.search); with `ranked=True` the result is
    annotated with `search_rank` for ordering by relevance (outermost queryset only).
    """
    q = q.replace("\x00", "").strip()
    if q:
        queryset = organisation_search(queryset, q, ranked=ranked)
    if countries := _values(country, case="upper"):
        queryset = queryset.filter(country_id__in=countries)
    if regions := _values(region):
        queryset = queryset.filter(region__in=regions)
    if types := _values(type):
        queryset = queryset.filter(type_id__in=types)
    if sizes := _values(size):
        queryset = queryset.filter(size__in=sizes)
    if verified is not None:
        queryset = queryset.filter(is_verified=verified)
    if domains := _values(domain):
        queryset = queryset.filter(pk__in=_m2m_ids("domains", "ccidomain_id", domains))
    if languages := _values(language, case="lower"):
        queryset = queryset.filter(pk__in=_m2m_ids("languages", "language_id", languages))
    if sdgs := _sdg_numbers(sdg):
        queryset = queryset.filter(pk__in=_m2m_ids("sdgs", "sdg_id", sdgs))
    return queryset


# Facets: the filters whose options show counts on the directory page.
FACETS = ("country", "region", "type", "domain", "size", "language", "sdg", "verified")
# Scalar facets are counted by grouping the organisation table; many-to-many ones by grouping the link table.
_SCALAR_FACET_COLUMNS = {
    "country": "country_id",
    "region": "region",
    "type": "type_id",
    "size": "size",
    "verified": "is_verified",
}
_M2M_FACET_COLUMNS = {
    "domain": ("domains", "ccidomain_id"),
    "language": ("languages", "language_id"),
    "sdg": ("sdgs", "sdg_id"),
}
# Regions are free text: only the most frequent ones are offered.
MAX_REGION_OPTIONS = 30


def organisation_facet_counts(visible: QuerySet[Organisation], filters: dict[str, Any]) -> dict[str, dict[Any, int]]:
    """For each facet, the number of visible organisations per value, under all the *other* active filters.

    One aggregate query per facet. `visible` must already be limited to what the reader may see, so
    counts never include hidden profiles; `filters` are organisation_filter's keyword arguments.
    """
    counts: dict[str, dict[Any, int]] = {}
    base = visible.order_by()  # no default ordering: it would end up in GROUP BY
    for facet in FACETS:
        others = {k: v for k, v in filters.items() if k != facet and k != "ranked"}
        narrowed = organisation_filter(base, **others)
        if facet in _SCALAR_FACET_COLUMNS:
            column = _SCALAR_FACET_COLUMNS[facet]
            rows = narrowed.values(column).annotate(n=Count("pk")).values_list(column, "n")
            if facet == "region":
                rows = rows.exclude(region="").order_by("-n", "region")[:MAX_REGION_OPTIONS]
        else:
            field, column = _M2M_FACET_COLUMNS[facet]
            through = getattr(Organisation, field).through
            rows = (
                through.objects.filter(organisation_id__in=narrowed.values("pk"))
                .values(column)
                .annotate(n=Count("organisation_id"))
                .values_list(column, "n")
                .order_by()
            )
        counts[facet] = dict(rows)
    return counts


def organisation_detail_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("type", "country", "merged_into").prefetch_related(
        "domains",
        "nace_codes",
        "languages",
        "target_markets",
        "sdgs",
        Prefetch("social_links", queryset=SocialLink.objects.order_by("platform", "id")),
    )


def organisation_get_visible(*, user: Any, slug: str | None = None, pk: int | None = None) -> Organisation:
    """One organisation the user may see. Missing and hidden both raise the same Http404."""
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    organisation = organisation_detail_queryset().filter(**lookup).first()
    if organisation is None or not permissions.can_view_organisation(user, organisation):
        raise Http404("No organisation found.")
    return organisation


def organisation_get_editable(*, user: Any, slug: str | None = None, pk: int | None = None) -> Organisation:
    """One organisation the user may edit; Http404 when they may not (not even see it, or not edit it)."""
    organisation = organisation_get_visible(user=user, slug=slug, pk=pk)
    if not permissions.can_edit_organisation(user, organisation):
        raise Http404("No organisation found.")
    return organisation


def organisation_merge_target_id(*, slug: str, max_hops: int = 10) -> int | None:
    """The id of the profile a merged profile now lives in (following merges of merges), or None."""
    target_id = Organisation.objects.filter(slug=slug).values_list("merged_into_id", flat=True).first()
    for _hop in range(max_hops):
        if target_id is None:
            break
        next_id = Organisation.objects.filter(pk=target_id).values_list("merged_into_id", flat=True).first()
        if next_id is None:
            break
        target_id = next_id
    return target_id


def organisation_contact_visible(*, user: Any, organisation: Organisation) -> dict[str, str]:
    """The contact details this user may read, without the hidden ones (not even as empty keys)."""
    visible: dict[str, str] = {}
    for field, audience_field in CONTACT_FIELDS.items():
        value = getattr(organisation, field)
        audience = getattr(organisation, audience_field)
        if value and permissions.can_see_audience(user, organisation, audience):
            visible[field] = value
    return visible


def organisation_memberships(*, organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("created")


def organisation_invitations_open(*, organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).select_related(
        "invited_by"
    )


def organisation_audit_log(*, organisation: Organisation) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Organisation), object_id=str(organisation.pk)
    ).select_related("actor")


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    # The organisation cards show each organisation's domains: prefetched, not one query per card.
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation__type", "organisation__country")
        .prefetch_related("organisation__domains")
    )
