"""Matching in the API: recommendations for an organisation, and partner search by free text.

Shapes (other tools rely on them): `{"items": [{"organisation": {...}, "score": n, "reasons": [...]}],
"semantic": bool}`, best first. Anonymous callers see public organisations only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from creativeports.api.auth import optional_auth, required_auth
from creativeports.api.errors import ErrorOut
from creativeports.common.page_cache import cache_public_page
from creativeports.directory import selectors as directory_selectors
from creativeports.directory.models import Organisation
from creativeports.directory.permissions import organisation_ids_of
from creativeports.matching.forms import MAX_QUERY_CHARS, clean_need_text
from creativeports.matching.index import matching_version
from creativeports.matching.models import CallInterest, ContactRequest, OutcomeKind, PartnerCall
from creativeports.matching.permissions import can_act_for
from creativeports.matching.reasons import reasons_as_text
from creativeports.matching.selectors import MAX_LIMIT, Matches, organisation_matches, partner_search
from creativeports.matching.selectors_call import (
    partner_call_candidates,
    partner_call_get_visible,
    partner_calls_closed,
    partner_calls_open,
)
from creativeports.matching.selectors_contact import contact_get_visible, contact_inbox
from creativeports.matching.services.call import call_interest_answer, call_interest_create, partner_call_create
from creativeports.matching.services.contact import contact_reply, contact_request_create, outcome_record
from creativeports.matching.services.dismissal import dismissal_create, dismissal_delete
from creativeports.matching.throttle import TOO_MANY_SEARCHES, partner_search_allowed
from creativeports.taxonomy.models import CciDomain, Country, OrganisationType

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
                    "domains": sorted(match.profile.domains),
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
@decorate_view(cache_public_page("api.matches", matching_version))
def organisation_matches_endpoint(request: HttpRequest, organisation_id: int, filters: Query[MatchFilters]) -> Any:
    user = request.user
    # Matching reads the organisation's own texts; its links come from the in-memory listing.
    organisation = directory_selectors.organisation_get_visible(
        user=user, pk=organisation_id, queryset=Organisation.objects.all()
    )
    return _out(
        organisation_matches(user=user, organisation=organisation, limit=filters.limit, filters=_filters(filters))
    )


@router.get("/partner-search", response={200: MatchesOut, 422: ErrorOut, 429: ErrorOut}, auth=optional_auth)
@decorate_view(cache_public_page("api.partner-search", matching_version))
def partner_search_endpoint(request: HttpRequest, filters: Query[PartnerSearchFilters]) -> Any:
    return _partner_search(request, filters)


@router.post(
    "/partner-search", response={200: MatchesOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut}, auth=optional_auth
)
def partner_search_post_endpoint(request: HttpRequest, search: PartnerSearchFilters) -> Any:
    """The same search with the fields in a JSON body, for needs too long for an address (servers
    and proxies refuse request lines above 4 to 8 KB). A POST needs a token, or the session with
    its CSRF token, like every other POST."""
    return _partner_search(request, search)


def _partner_search(request: HttpRequest, given: PartnerSearchFilters) -> Any:
    try:
        text = clean_need_text(given.q)
    except ValidationError as error:
        raise ValidationError({"q": error.messages}) from error
    if not partner_search_allowed(request):
        raise HttpError(429, str(TOO_MANY_SEARCHES))
    return _out(partner_search(user=request.user, text=text, filters=_filters(given), limit=given.limit))


# Contact between organisations -------------------------------------------------------------------


class ContactIn(Schema):
    sender_id: int
    recipient_id: int
    subject: str = Field(..., min_length=1, max_length=150)
    body: str = Field(..., min_length=1, max_length=5000)


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=5000)


class OutcomeIn(Schema):
    kind: OutcomeKind
    note: str = Field("", max_length=2000)
    happened_on: dt.date | None = None


class MessageOut(Schema):
    author_id: int
    author: str
    body: str
    created: dt.datetime


class OutcomeOut(Schema):
    organisation_id: int
    kind: str
    note: str
    happened_on: dt.date | None


class ContactOut(Schema):
    id: int
    sender_id: int
    sender: str
    recipient_id: int
    recipient: str
    subject: str
    status: str
    created: dt.datetime
    updated: dt.datetime


class ContactDetailOut(ContactOut):
    messages: list[MessageOut]
    outcomes: list[OutcomeOut]


def _contact(contact: ContactRequest, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": contact.pk,
        "sender_id": contact.sender_id,
        "sender": contact.sender.name,
        "recipient_id": contact.recipient_id,
        "recipient": contact.recipient.name,
        "subject": contact.subject,
        "status": contact.status,
        "created": contact.created,
        "updated": contact.updated,
    }
    if detail:
        data["messages"] = [
            {"author_id": m.author_id, "author": m.author.name, "body": m.body, "created": m.created}
            for m in contact.messages.all()
        ]
        data["outcomes"] = [
            {"organisation_id": o.organisation_id, "kind": o.kind, "note": o.note, "happened_on": o.happened_on}
            for o in contact.outcomes.all()
        ]
    return data


@router.get("/contacts", response={200: list[ContactOut], 401: ErrorOut}, auth=required_auth, tags=["contact"])
def contact_list(request: HttpRequest) -> Any:
    """The conversations of the caller's organisations, most recently active first."""
    return [_contact(c) for c in contact_inbox(user=request.user)[:200]]


@router.post(
    "/contacts",
    response={201: ContactDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=required_auth,
    tags=["contact"],
)
def contact_create_endpoint(request: HttpRequest, payload: ContactIn) -> Any:
    user = request.user
    recipient = directory_selectors.organisation_get_visible(user=user, pk=payload.recipient_id)
    sender = directory_selectors.organisation_get_visible(user=user, pk=payload.sender_id)
    contact = contact_request_create(
        actor=user, sender=sender, recipient=recipient, subject=payload.subject, body=payload.body
    )
    return Status(201, _contact(contact_get_visible(user=user, pk=contact.pk), detail=True))


@router.get(
    "/contacts/{int:contact_id}",
    response={200: ContactDetailOut, 401: ErrorOut, 404: ErrorOut},
    auth=required_auth,
    tags=["contact"],
)
def contact_detail_endpoint(request: HttpRequest, contact_id: int) -> Any:
    return _contact(contact_get_visible(user=request.user, pk=contact_id), detail=True)


@router.post(
    "/contacts/{int:contact_id}/messages",
    response={201: ContactDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=required_auth,
    tags=["contact"],
)
def contact_message_endpoint(request: HttpRequest, contact_id: int, payload: MessageIn) -> Any:
    contact = contact_get_visible(user=request.user, pk=contact_id)
    contact_reply(actor=request.user, contact=contact, body=payload.body)
    return Status(201, _contact(contact_get_visible(user=request.user, pk=contact_id), detail=True))


@router.post(
    "/contacts/{int:contact_id}/outcomes",
    response={201: ContactDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=required_auth,
    tags=["contact"],
)
def contact_outcome_endpoint(request: HttpRequest, contact_id: int, payload: OutcomeIn) -> Any:
    contact = contact_get_visible(user=request.user, pk=contact_id)
    outcome_record(
        actor=request.user, contact=contact, kind=payload.kind, note=payload.note, happened_on=payload.happened_on
    )
    return Status(201, _contact(contact_get_visible(user=request.user, pk=contact_id), detail=True))


# Partner calls -----------------------------------------------------------------------------------


class CallIn(Schema):
    organisation_id: int
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=5000)
    programme: str = Field("", max_length=150)
    deadline: dt.date
    partners_wanted: int = Field(1, ge=1, le=50)
    countries: list[str] = Field(default_factory=list, max_length=20)
    domains: list[str] = Field(default_factory=list, max_length=20)
    types: list[str] = Field(default_factory=list, max_length=20)


class CallOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    title: str
    description: str
    programme: str
    deadline: dt.date
    partners_wanted: int
    countries: list[str]
    domains: list[str]
    types: list[str]
    open: bool


class InterestIn(Schema):
    organisation_id: int
    message: str = Field(..., min_length=1, max_length=3000)


class InterestAnswerIn(Schema):
    status: str = Field(..., pattern="^(shortlisted|declined)$")
    answer: str = Field("", max_length=3000)


class InterestOut(Schema):
    id: int
    call_id: int
    organisation_id: int
    status: str
    message: str
    answer: str


def _call(call: PartnerCall) -> dict[str, Any]:
    return {
        "id": call.pk,
        "organisation_id": call.organisation_id,
        "organisation": call.organisation.name,
        "title": call.title,
        "description": call.description,
        "programme": call.programme,
        "deadline": call.deadline,
        "partners_wanted": call.partners_wanted,
        "countries": sorted(c.pk for c in call.countries.all()),
        "domains": sorted(d.pk for d in call.domains.all()),
        "types": sorted(t.pk for t in call.types.all()),
        "open": call.is_open,
    }


def _interest(interest: CallInterest) -> dict[str, Any]:
    return {
        "id": interest.pk,
        "call_id": interest.call_id,
        "organisation_id": interest.organisation_id,
        "status": interest.status,
        "message": interest.message,
        "answer": interest.answer,
    }


def _codes(model: Any, codes: list[str], field: str) -> list[Any]:
    found = list(model.objects.filter(pk__in=codes))
    if len(found) != len(set(codes)):
        raise ValidationError(
            {
                field: _("Unknown code: %(codes)s.")
                % {"codes": ", ".join(sorted(set(codes) - {str(o.pk) for o in found}))}
            }
        )
    return found


@router.get("/calls", response=list[CallOut], auth=optional_auth, tags=["partner calls"])
def call_list(request: HttpRequest, status: Literal["open", "closed"] = "open") -> Any:
    """Partner calls of organisations the caller may see: the open ones, soonest deadline first,
    or with `status=closed` the closed ones and those past their deadline, latest deadline first."""
    calls = partner_calls_open(user=request.user) if status == "open" else partner_calls_closed(user=request.user)
    return [_call(c) for c in calls[:500]]


@router.post(
    "/calls",
    response={201: CallOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=required_auth,
    tags=["partner calls"],
)
def call_create_endpoint(request: HttpRequest, payload: CallIn) -> Any:
    organisation = directory_selectors.organisation_get_visible(user=request.user, pk=payload.organisation_id)
    call = partner_call_create(
        actor=request.user,
        organisation=organisation,
        title=payload.title,
        description=payload.description,
        programme=payload.programme,
        deadline=payload.deadline,
        partners_wanted=payload.partners_wanted,
        countries=_codes(Country, payload.countries, "countries"),
        domains=_codes(CciDomain, payload.domains, "domains"),
        types=_codes(OrganisationType, payload.types, "types"),
    )
    return Status(201, _call(partner_call_get_visible(user=request.user, pk=call.pk)))


@router.get("/calls/{int:call_id}", response={200: CallOut, 404: ErrorOut}, auth=optional_auth, tags=["partner calls"])
def call_detail_endpoint(request: HttpRequest, call_id: int) -> Any:
    return _call(partner_call_get_visible(user=request.user, pk=call_id))


@router.get(
    "/calls/{int:call_id}/candidates",
    response={200: MatchesOut, 403: ErrorOut, 404: ErrorOut},
    auth=required_auth,
    tags=["partner calls"],
)
def call_candidates_endpoint(request: HttpRequest, call_id: int, limit: int = 10) -> Any:
    call = partner_call_get_visible(user=request.user, pk=call_id)
    if not can_act_for(request.user, call.organisation):
        raise PermissionDenied
    return _out(partner_call_candidates(user=request.user, call=call, limit=max(1, min(limit, MAX_LIMIT))))


@router.get(
    "/calls/{int:call_id}/interests",
    response={200: list[InterestOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=required_auth,
    tags=["partner calls"],
)
def call_interests_endpoint(request: HttpRequest, call_id: int) -> Any:
    """The owner sees every expression of interest; others see their own organisations' ones."""
    call = partner_call_get_visible(user=request.user, pk=call_id)
    interests = call.interests.all()
    if not can_act_for(request.user, call.organisation):
        interests = interests.filter(organisation_id__in=organisation_ids_of(request.user))
    return [_interest(i) for i in interests]


@router.post(
    "/calls/{int:call_id}/interests",
    response={201: InterestOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=required_auth,
    tags=["partner calls"],
)
def call_interest_endpoint(request: HttpRequest, call_id: int, payload: InterestIn) -> Any:
    call = partner_call_get_visible(user=request.user, pk=call_id)
    organisation = directory_selectors.organisation_get_visible(user=request.user, pk=payload.organisation_id)
    interest = call_interest_create(actor=request.user, call=call, organisation=organisation, message=payload.message)
    return Status(201, _interest(interest))


@router.post(
    "/calls/{int:call_id}/interests/{int:interest_id}/answer",
    response={200: InterestOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=required_auth,
    tags=["partner calls"],
)
def call_answer_endpoint(request: HttpRequest, call_id: int, interest_id: int, payload: InterestAnswerIn) -> Any:
    call = partner_call_get_visible(user=request.user, pk=call_id)
    interest = call.interests.filter(pk=interest_id).first()
    if interest is None:
        raise Http404
    return _interest(
        call_interest_answer(actor=request.user, interest=interest, status=payload.status, answer=payload.answer)
    )


# Dismissing a recommendation ---------------------------------------------------------------------


class DismissalIn(Schema):
    candidate_id: int


@router.post(
    "/organisations/{int:organisation_id}/dismissals",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=required_auth,
    tags=["matching"],
)
def dismissal_create_endpoint(request: HttpRequest, organisation_id: int, payload: DismissalIn) -> Any:
    """Never recommend `candidate_id` to this organisation again (its people only)."""
    organisation = directory_selectors.organisation_get_visible(user=request.user, pk=organisation_id)
    if not can_act_for(request.user, organisation):
        raise PermissionDenied
    candidate = directory_selectors.organisation_get_visible(user=request.user, pk=payload.candidate_id)
    dismissal_create(actor=request.user, organisation=organisation, candidate=candidate)
    return Status(204, None)


@router.delete(
    "/organisations/{int:organisation_id}/dismissals/{int:candidate_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=required_auth,
    tags=["matching"],
)
def dismissal_delete_endpoint(request: HttpRequest, organisation_id: int, candidate_id: int) -> Any:
    """Recommend `candidate_id` again."""
    organisation = directory_selectors.organisation_get_visible(user=request.user, pk=organisation_id)
    if not can_act_for(request.user, organisation):
        raise PermissionDenied
    candidate = directory_selectors.organisation_get_visible(user=request.user, pk=candidate_id)
    dismissal_delete(actor=request.user, organisation=organisation, candidate=candidate)
    return Status(204, None)
