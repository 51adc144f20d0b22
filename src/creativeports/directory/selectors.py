"""Reads of organisations, always through the permission rules of directory.permissions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.http import Http404, QueryDict

from creativeports.common.models import AuditEntry
from creativeports.directory import permissions
from creativeports.directory.listing import MULTI_FILTERS, Filters, Listing, listing
from creativeports.directory.models import Invitation, Membership, Organisation, SocialLink

# Contact fields and the field holding each one's audience.
CONTACT_FIELDS = {
    "contact_name": "contact_name_visibility",
    "email": "email_visibility",
    "phone": "phone_visibility",
}


# Upper bound of values per filter: more than any form offers, and it bounds the work a URL can ask for.
MAX_FILTER_VALUES = 50
DIRECTORY_MULTI_FILTERS = MULTI_FILTERS

FilterValue = str | int | Iterable[str | int] | None


def _values(value: FilterValue, *, case: str = "") -> tuple[str, ...]:
    """A filter's values as a clean tuple: one value or many, NUL-free, stripped, deduplicated."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str | int) else list(value)
    cleaned: list[str] = []
    for item in items[:MAX_FILTER_VALUES]:
        text = str(item).replace("\x00", "").strip()[:100]
        text = text.upper() if case == "upper" else text.lower() if case == "lower" else text
        if text and text not in cleaned:
            cleaned.append(text)
    return tuple(cleaned)


def _sdg_numbers(value: FilterValue) -> tuple[int, ...]:
    numbers: list[int] = []
    for item in _values(value):
        try:
            number = int(item)
        except ValueError:
            continue
        # Bounded like the column (smallint): a number no SDG can have is dropped, like other junk.
        if 1 <= number <= 32767 and number not in numbers:
            numbers.append(number)
    return tuple(numbers)


def directory_filters(
    *,
    q: str | None = "",
    country: FilterValue = None,
    region: FilterValue = None,
    type: FilterValue = None,
    domain: FilterValue = None,
    size: FilterValue = None,
    language: FilterValue = None,
    sdg: FilterValue = None,
    verified: bool | None = None,
) -> Filters:
    """The directory's filters from loose values (one or several per filter), cleaned.

    Each takes one value or several (OR within a filter, AND across filters); empty means "any";
    unknown values simply match nothing.
    """
    return Filters(
        q=(q or "").replace("\x00", "").strip()[:200],
        country=_values(country, case="upper"),
        region=_values(region),
        type=_values(type),
        domain=_values(domain),
        size=_values(size),
        language=_values(language, case="lower"),
        sdg=_sdg_numbers(sdg),
        verified=verified,
    )


def directory_filters_from_query(params: QueryDict) -> Filters:
    """The directory's GET parameters as filters.

    The one place that reads them: the directory page, the map and the exports all call it, so a
    new filter is added here once.
    """
    return directory_filters(
        q=params.get("q", ""),
        **{name: params.getlist(name) for name in DIRECTORY_MULTI_FILTERS},
        verified=True if params.get("verified") == "1" else None,
    )


def organisation_listing(
    *, user: Any, filters: Filters, sort: str = "name", with_counts: bool = False
) -> tuple[Listing, dict[str, dict[Any, int]]]:
    """The organisations the user may see that match `filters`, in `sort` order (see directory.listing),
    and with `with_counts` the facet counts: per facet and value, under all the other active filters,
    never counting what the reader may not see."""
    return listing(scope=permissions.visible_scope(user), filters=filters, sort=sort, with_counts=with_counts)


def organisations_by_ids(
    *, user: Any, ids: Iterable[int], queryset: QuerySet[Organisation] | None = None
) -> list[Organisation]:
    """The organisations with these ids, in the given order, as list pages show them.

    The permission rule applies again here, so a listing built a moment before a profile turned
    private can never show it.
    """
    wanted = [int(i) for i in ids]
    if queryset is None:
        # What organisation cards show.
        queryset = Organisation.objects.select_related("type", "country").prefetch_related("domains", "languages")
    found = {o.pk: o for o in queryset.filter(permissions.visible_organisations_q(user), pk__in=wanted)}
    return [found[pk] for pk in wanted if pk in found]


def organisation_detail_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("type", "country", "merged_into").prefetch_related(
        "domains",
        "nace_codes",
        "languages",
        "target_markets",
        "sdgs",
        Prefetch("social_links", queryset=SocialLink.objects.order_by("platform", "id")),
    )


def organisation_get_visible(
    *, user: Any, slug: str | None = None, pk: int | None = None, queryset: QuerySet[Organisation] | None = None
) -> Organisation:
    """One organisation the user may see (from `queryset` when a page needs less than the detail
    page does). Missing and hidden both raise the same Http404."""
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    organisation = (organisation_detail_queryset() if queryset is None else queryset).filter(**lookup).first()
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
