"""Matching in the API: recommendations for an organisation, and partner search by free text.

Shapes (other tools rely on them): `{"items": [{"organisation": {...}, "score": n, "reasons": [...]}],
"semantic": bool}`, best first. Anonymous callers see public organisations only.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from creativeports.api.auth import optional_auth
from creativeports.api.errors import ErrorOut
from creativeports.directory import selectors as directory_selectors
from creativeports.matching.forms import MAX_QUERY_CHARS, clean_need_text
from creativeports.matching.reasons import reasons_as_text
from creativeports.matching.selectors import MAX_LIMIT, Matches, organisation_matches, partner_search

router = Router(tags=["matching"])


class MatchedOrganisation(Schema):
    id: int
    name: str
    slug: str
    url: str
    country: str
    type: str
    city: str
    domains: list[str]


class MatchOut(Schema):
    organisation: MatchedOrganisation
    score: float
    reasons: list[str]


class MatchesOut(Schema):
    items: list[MatchOut]
    semantic: bool = Field(description="False when the embedder is unavailable: lexical and structured evidence only.")
    notice: str = ""


class MatchFilters(Schema):
    limit: int = Field(10, ge=1, le=MAX_LIMIT)
    country: str | None = Field(None, max_length=2)
    domain: str | None = Field(None, max_length=32)
    type: str | None = Field(None, max_length=32)


class PartnerSearchFilters(MatchFilters):
    q: str = Field(..., description="A need in any language.", max_length=MAX_QUERY_CHARS * 2)


def _out(result: Matches) -> dict[str, Any]:
    texts = reasons_as_text([m.reasons for m in result.items])
    items = []
    for match, reasons in zip(result.items, texts, strict=True):
        o = match.organisation
        items.append(
            {
                "organisation": {
                    "id": o.pk,
                    "name": o.name,
                    "slug": o.slug,
                    "url": o.get_absolute_url(),
                    "country": o.country_id,
                    "type": o.type_id,
                    "city": o.city,
                    "domains": sorted(d.pk for d in o.domains.all()),
                },
                "score": match.score,
                "reasons": reasons,
            }
        )
    notice = "" if result.semantic else _("Semantic matching is unavailable; ranked by shared words and profile fit.")
    return {"items": items, "semantic": result.semantic, "notice": notice}


def _filters(given: MatchFilters) -> Any:
    loose = given.dict(exclude_none=True, exclude={"limit", "q"})
    return directory_selectors.directory_filters(**loose)


@router.get(
    "/organisations/{int:organisation_id}/matches", response={200: MatchesOut, 404: ErrorOut}, auth=optional_auth
)
def organisation_matches_endpoint(request: HttpRequest, organisation_id: int, filters: Query[MatchFilters]) -> Any:
    user = request.user
    organisation = directory_selectors.organisation_get_visible(user=user, pk=organisation_id)
    return _out(
        organisation_matches(user=user, organisation=organisation, limit=filters.limit, filters=_filters(filters))
    )


@router.get("/partner-search", response={200: MatchesOut, 422: ErrorOut}, auth=optional_auth)
def partner_search_endpoint(request: HttpRequest, filters: Query[PartnerSearchFilters]) -> Any:
    text = clean_need_text(filters.q)
    return _out(partner_search(user=request.user, text=text, filters=_filters(filters), limit=filters.limit))
