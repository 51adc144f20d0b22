"""Reads of organisations, always through the permission rules of directory.permissions."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from creativeports.common.models import AuditEntry
from creativeports.directory import permissions
from creativeports.directory.models import Invitation, Membership, Organisation, SocialLink

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


def organisation_filter(
    queryset: QuerySet[Organisation],
    *,
    q: str = "",
    country: str = "",
    type: str = "",
    domain: str = "",
    language: str = "",
    sdg: int | None = None,
) -> QuerySet[Organisation]:
    """Narrow a queryset by the directory's filters (shared by pages and API)."""
    # NUL cannot be compared with PostgreSQL text and is never meaningful in a filter.
    q, country, type, domain, language = (v.replace("\x00", "").strip() for v in (q, country, type, domain, language))
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q)
            | Q(city__icontains=q)
            | Q(description__icontains=q)
            | Q(offers__icontains=q)
            | Q(needs__icontains=q)
        )
    if country:
        queryset = queryset.filter(country_id=country.upper())
    if type:
        queryset = queryset.filter(type_id=type)
    if domain:
        queryset = queryset.filter(domains__code=domain)
    if language:
        queryset = queryset.filter(languages__code=language.lower())
    if sdg:
        queryset = queryset.filter(sdgs__number=sdg)
    if domain or language or sdg:
        queryset = queryset.distinct()
    return queryset


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
