"""Pages of matching: an organisation's recommended partners, and "find partners"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from creativeports.directory import permissions
from creativeports.directory import selectors as directory_selectors
from creativeports.matching.forms import PartnerSearchForm
from creativeports.matching.reasons import reasons_as_text
from creativeports.matching.selectors import Matches, organisation_matches, partner_search
from creativeports.matching.services.dismissal import dismissal_create
from creativeports.taxonomy.models import CciDomain, OrganisationType
from creativeports.taxonomy.selectors import network_countries

RESULTS = 12


def _rows(result: Matches) -> list[dict[str, Any]]:
    texts = reasons_as_text([m.reasons for m in result.items])
    return [
        {"organisation": m.organisation, "score": m.score, "reasons": r}
        for m, r in zip(result.items, texts, strict=True)
    ]


def _choices() -> dict[str, Any]:
    return {
        "countries": network_countries(),
        "domains": list(CciDomain.objects.all()),
        "types": list(OrganisationType.objects.all()),
    }


def organisation_partners(request: HttpRequest, slug: str) -> HttpResponse:
    """Recommended partners of one organisation, with reasons; its people may dismiss them."""
    organisation = directory_selectors.organisation_get_visible(user=request.user, slug=slug)
    filters = directory_selectors.directory_filters_from_query(request.GET)
    result = organisation_matches(user=request.user, organisation=organisation, limit=RESULTS, filters=filters)
    return render(
        request,
        "matching/organisation_partners.html",
        {
            "organisation": organisation,
            "rows": _rows(result),
            "semantic": result.semantic,
            "can_dismiss": permissions.can_edit_organisation(request.user, organisation),
            "filters_selected": {
                "country": filters.country[0] if filters.country else "",
                "type": filters.type[0] if filters.type else "",
                "domain": filters.domain[0] if filters.domain else "",
            },
            **_choices(),
        },
    )


@login_required
@require_POST
def dismiss(request: HttpRequest, slug: str, candidate_id: int) -> HttpResponse:
    organisation = directory_selectors.organisation_get_visible(user=request.user, slug=slug)
    if not permissions.can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    candidate = directory_selectors.organisation_get_visible(user=request.user, pk=candidate_id)
    dismissal_create(actor=request.user, organisation=organisation, candidate=candidate)
    messages.success(request, _("%(name)s will not be recommended again.") % {"name": candidate.name})
    return redirect("matching:organisation.partners", slug=organisation.slug)


def find_partners(request: HttpRequest) -> HttpResponse:
    """A need typed in any language, and the organisations whose offers answer it."""
    form = PartnerSearchForm(request.GET or None)
    rows: list[dict[str, Any]] = []
    semantic = True
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = directory_selectors.directory_filters(
            **{k: data[k] for k in ("country", "domain", "type") if data.get(k)}
        )
        result = partner_search(user=request.user, text=data["q"], filters=filters, limit=RESULTS)
        rows, semantic = _rows(result), result.semantic
    return render(
        request,
        "matching/find_partners.html",
        {"form": form, "rows": rows, "semantic": semantic, **_choices()},
    )
