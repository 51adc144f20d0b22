"""Reads of partner calls: the open calls, the calls that fit an organisation, one call, and the
recommended candidates for a call."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from creativeports.directory import permissions
from creativeports.directory.models import Organisation
from creativeports.directory.selectors import directory_filters
from creativeports.matching.models import PartnerCall
from creativeports.matching.selectors import Matches, partner_search


def partner_calls_version() -> str:
    """Changes whenever the set of open calls may have: a call posted, closed or deleted, or a new
    day (deadlines pass at midnight). Calls are never edited otherwise."""
    figures = PartnerCall.objects.aggregate(
        count=Count("id"), last=Max("id"), closed=Count("id", filter=Q(status=PartnerCall.Status.CLOSED))
    )
    return f"{timezone.localdate().isoformat()}:{figures['count']}:{figures['last']}:{figures['closed']}"


def _visible() -> QuerySet[PartnerCall]:
    # A call is as public as its organisation's profile.
    return PartnerCall.objects.select_related("organisation", "organisation__country").prefetch_related(
        "countries", "domains", "types"
    )


def _visible_to(user: Any) -> QuerySet[PartnerCall]:
    return _visible().filter(organisation__in=Organisation.objects.filter(permissions.visible_organisations_q(user)))


def partner_calls_open(*, user: Any) -> QuerySet[PartnerCall]:
    """Open calls with a future deadline, of organisations the reader may see, soonest first."""
    return _visible_to(user).open()


def partner_calls_closed(*, user: Any) -> QuerySet[PartnerCall]:
    """Closed calls and calls past their deadline, of organisations the reader may see, the most
    recent deadline first: they stay readable (who looked for what, and with which programme)."""
    return _visible_to(user).closed().order_by("-deadline", "-id")


def partner_calls_open_of(organisation: Organisation) -> list[PartnerCall]:
    """`organisation`'s open calls, soonest deadline first; the caller shows them where the
    organisation itself may be seen (its profile page)."""
    return list(PartnerCall.objects.filter(organisation=organisation).open().order_by("deadline", "id"))


def partner_calls_of(*, organisations: QuerySet[Organisation]) -> QuerySet[PartnerCall]:
    """Every call of `organisations` (the reader's own), open or closed, the newest first, with
    how many organisations expressed interest (`interested`)."""
    return (
        _visible()
        .filter(organisation__in=organisations)
        .annotate(interested=Count("interests"))
        .order_by("-created", "-id")
    )


def partner_calls_fitting(*, user: Any, organisation: Organisation) -> QuerySet[PartnerCall]:
    """Open calls of others whose wanted countries, domains and types (each empty for "any")
    include `organisation`."""
    domains = list(organisation.domains.values_list("pk", flat=True))
    return (
        partner_calls_open(user=user)
        .exclude(organisation=organisation)
        .filter(Q(countries__isnull=True) | Q(countries=organisation.country_id))
        .filter(Q(types__isnull=True) | Q(types=organisation.type_id))
        .filter(Q(domains__isnull=True) | Q(domains__in=domains))
        .distinct()
    )


def partner_call_get_visible(*, user: Any, pk: int) -> PartnerCall:
    """One call whose organisation the reader may see (closed ones too); otherwise Http404."""
    call = _visible().filter(pk=pk).first()
    if call is None or not permissions.can_view_organisation(user, call.organisation):
        raise Http404("No partner call found.")
    return call


def partner_call_candidates(*, user: Any, call: PartnerCall, limit: int = 10) -> Matches:
    """Recommended candidates for a call: partner search with the call's text, restricted to the
    wanted countries, domains and types, from the calling organisation's point of view."""
    filters = directory_filters(
        country=[c.pk for c in call.countries.all()] or None,
        domain=[d.pk for d in call.domains.all()] or None,
        type=[t.pk for t in call.types.all()] or None,
    )
    return partner_search(
        user=user,
        text=f"{call.title}. {call.description}",
        filters=filters,
        limit=limit,
        on_behalf_of=call.organisation,
    )
