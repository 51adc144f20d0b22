"""Pages of matching: an organisation's recommended partners, and "find partners"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from creativeports.common.forms import form_add_service_errors, posted_object_or_404
from creativeports.directory import permissions
from creativeports.directory import selectors as directory_selectors
from creativeports.directory.models import Organisation
from creativeports.matching.forms import (
    ContactForm,
    InterestAnswerForm,
    InterestForm,
    OutcomeForm,
    PartnerCallForm,
    PartnerSearchForm,
    ReplyForm,
    ReportForm,
)
from creativeports.matching.models import PartnerCall
from creativeports.matching.permissions import can_act_for, sides_of
from creativeports.matching.reasons import reasons_as_text
from creativeports.matching.selectors import Matches, organisation_matches, partner_search
from creativeports.matching.selectors_call import (
    partner_call_candidates,
    partner_call_get_visible,
    partner_calls_closed,
    partner_calls_fitting,
    partner_calls_of,
    partner_calls_open,
)
from creativeports.matching.selectors_contact import contact_get_visible, contact_inbox
from creativeports.matching.services.call import (
    call_interest_answer,
    call_interest_create,
    partner_call_close,
    partner_call_create,
)
from creativeports.matching.services.contact import (
    abuse_report_create,
    block_create,
    contact_decline,
    contact_reply,
    contact_request_create,
    outcome_record,
)
from creativeports.matching.services.dismissal import dismissal_create
from creativeports.matching.throttle import TOO_MANY_SEARCHES, partner_search_allowed
from creativeports.taxonomy.models import CciDomain, OrganisationType
from creativeports.taxonomy.selectors import network_countries

RESULTS = 12
# Closed calls listed on the calls page (older ones stay readable at their address).
CLOSED_CALLS_SHOWN = 20


def _rows(result: Matches) -> list[dict[str, Any]]:
    texts = reasons_as_text([m.reasons for m in result.items])
    return [
        {"organisation": m.organisation, "score": m.score, "reasons": r}
        for m, r in zip(result.items, texts, strict=True)
    ]


def _own_organisations(user: Any) -> Any:
    return Organisation.objects.filter(pk__in=permissions.organisation_ids_of(user), merged_into__isnull=True)


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


# Above this many bytes of encoded form fields the page's script sends a search as a POST: well
# below the smallest request-line limit of common web servers (gunicorn's 4,094 bytes).
POST_ABOVE_BYTES = 2000


@require_http_methods(["GET", "POST"])
def find_partners(request: HttpRequest) -> HttpResponse:
    """A need typed in any language, and the organisations whose offers answer it.

    A search is a GET (a link to it can be shared), except for long needs: web servers and
    proxies refuse long request lines before they reach us (gunicorn above 4 KB by default, most
    proxies above 8 KB), so the page's script sends those as a POST (CSRF-checked like any other
    POST) with the same fields.
    """
    form = PartnerSearchForm((request.POST if request.method == "POST" else request.GET) or None)
    rows: list[dict[str, Any]] = []
    semantic = True
    status = 200
    if form.is_bound and form.is_valid() and not partner_search_allowed(request):
        form.add_error(None, str(TOO_MANY_SEARCHES))
        status = 429
    elif form.is_valid():  # bound and valid, and within the limit
        data = form.cleaned_data
        filters = directory_selectors.directory_filters(
            **{k: data[k] for k in ("country", "domain", "type") if data.get(k)}
        )
        result = partner_search(user=request.user, text=data["q"], filters=filters, limit=RESULTS)
        rows, semantic = _rows(result), result.semantic
    return render(
        request,
        "matching/find_partners.html",
        {"form": form, "rows": rows, "semantic": semantic, "post_above": POST_ABOVE_BYTES, **_choices()},
        status=status,
    )


# Contact between organisations ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest, slug: str) -> HttpResponse:
    recipient = directory_selectors.organisation_get_visible(user=request.user, slug=slug)
    senders = _own_organisations(request.user).exclude(pk=recipient.pk)
    form = ContactForm(request.POST or None, senders=senders)
    if request.method == "POST" and form.is_valid():
        try:
            contact = contact_request_create(
                actor=request.user,
                sender=form.cleaned_data["sender"],
                recipient=recipient,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Your message was sent to %(name)s.") % {"name": recipient.name})
            return redirect("matching:contact.detail", pk=contact.pk)
    return render(
        request, "matching/contact_new.html", {"recipient": recipient, "form": form, "has_sender": senders.exists()}
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    contacts = list(contact_inbox(user=request.user)[:200])
    own = permissions.organisation_ids_of(request.user)
    rows = [{"contact": c, "other": c.recipient if c.sender_id in own else c.sender} for c in contacts]
    return render(request, "matching/inbox.html", {"rows": rows})


def _contact_context(request: HttpRequest, contact: Any, **forms_: Any) -> dict[str, Any]:
    sides = sides_of(request.user, contact)
    return {
        "contact": contact,
        "is_recipient": contact.recipient_id in sides,
        "is_side": bool(sides),
        "reply_form": forms_.get("reply_form") or ReplyForm(),
        "report_form": forms_.get("report_form") or ReportForm(),
        "outcome_form": forms_.get("outcome_form") or OutcomeForm(),
        "error": forms_.get("error", ""),
    }


@login_required
@require_http_methods(["GET", "POST"])
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A conversation; its POST actions: reply, decline, block, report, outcome."""
    contact = contact_get_visible(user=request.user, pk=pk)
    if request.method == "GET":
        return render(request, "matching/contact_detail.html", _contact_context(request, contact))
    action = request.POST.get("action", "")
    forms_: dict[str, Any] = {}
    try:
        if action == "reply":
            forms_["reply_form"] = form = ReplyForm(request.POST)
            if form.is_valid():
                contact_reply(actor=request.user, contact=contact, body=form.cleaned_data["body"])
                return redirect("matching:contact.detail", pk=contact.pk)
        elif action == "decline":
            contact_decline(actor=request.user, contact=contact)
            return redirect("matching:contact.detail", pk=contact.pk)
        elif action == "block":
            sides = sides_of(request.user, contact)
            own_id = contact.recipient_id if contact.recipient_id in sides else contact.sender_id
            other = contact.sender if own_id == contact.recipient_id else contact.recipient
            block_create(actor=request.user, blocker=Organisation.objects.get(pk=own_id), blocked=other)
            messages.success(request, _("%(name)s can no longer contact your organisation.") % {"name": other.name})
            return redirect("matching:contact.detail", pk=contact.pk)
        elif action == "report":
            forms_["report_form"] = form = ReportForm(request.POST)
            if form.is_valid():
                abuse_report_create(actor=request.user, contact=contact, reason=form.cleaned_data["reason"])
                messages.success(request, _("Thank you: the secretariat will look into it."))
                return redirect("matching:contact.detail", pk=contact.pk)
        elif action == "outcome":
            forms_["outcome_form"] = form = OutcomeForm(request.POST)
            if form.is_valid():
                outcome_record(actor=request.user, contact=contact, **form.cleaned_data)
                messages.success(request, _("Thank you: the outcome was recorded."))
                return redirect("matching:contact.detail", pk=contact.pk)
        else:
            forms_["error"] = _("Unknown action.")
    except ValidationError as exc:
        forms_["error"] = " ".join(exc.messages)
    contact = contact_get_visible(user=request.user, pk=pk)
    return render(request, "matching/contact_detail.html", _contact_context(request, contact, **forms_), status=400)


# Partner calls ----------------------------------------------------------------------------------


def calls(request: HttpRequest) -> HttpResponse:
    """Open partner calls; for signed-in people, first their organisations' own calls and those
    that fit their organisations; then the most recently closed ones."""
    fitting: list[Any] = []
    own: list[PartnerCall] = []
    if request.user.is_authenticated:
        organisations = _own_organisations(request.user)
        own = list(partner_calls_of(organisations=organisations)[:50])
        for organisation in organisations:
            fitting += [
                (organisation, call) for call in partner_calls_fitting(user=request.user, organisation=organisation)
            ]
    context = {
        "own": own,
        "fitting": fitting,
        "calls": list(partner_calls_open(user=request.user)[:200]),
        "closed": list(partner_calls_closed(user=request.user)[:CLOSED_CALLS_SHOWN]),
    }
    return render(request, "matching/calls.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def call_new(request: HttpRequest) -> HttpResponse:
    organisations = _own_organisations(request.user)
    form = PartnerCallForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            call = partner_call_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Your call is published."))
            return redirect(call)
    return render(request, "matching/call_new.html", {"form": form, "has_organisation": organisations.exists()})


@require_http_methods(["GET", "POST"])
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A call; its owner sees candidates and the interested (POST: answer, close); others may
    express interest (POST: interest)."""
    call = partner_call_get_visible(user=request.user, pk=pk)
    is_owner = can_act_for(request.user, call.organisation)
    mine = _own_organisations(request.user).exclude(pk=call.organisation_id) if request.user.is_authenticated else None
    # The form offers the reader's organisations that have not expressed interest yet; a post for
    # one that has is still taken, to be refused with the service's clear message.
    available = mine.exclude(call_interests__call=call) if mine is not None else None
    interest_form = InterestForm(organisations=available) if available is not None else None
    error = ""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{settings.LOGIN_URL}?next={request.path}")
        action = request.POST.get("action")
        try:
            if action == "interest" and mine is not None:
                interest_form = InterestForm(request.POST, organisations=mine)
                if interest_form.is_valid():
                    call_interest_create(actor=request.user, call=call, **interest_form.cleaned_data)
                    messages.success(request, _("Your interest was sent."))
                    return redirect(call)
            elif action == "answer" and is_owner:
                interest = posted_object_or_404(call.interests.all(), request.POST.get("interest"))
                answer_form = InterestAnswerForm(request.POST)
                if answer_form.is_valid():
                    call_interest_answer(actor=request.user, interest=interest, **answer_form.cleaned_data)
                    return redirect(call)
                error = " ".join(m for errors in answer_form.errors.values() for m in errors)
            elif action == "close" and is_owner:
                partner_call_close(actor=request.user, call=call)
                return redirect(call)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            error = " ".join(exc.messages)
    candidates = _rows(partner_call_candidates(user=request.user, call=call)) if is_owner and call.is_open else []
    interests = list(call.interests.select_related("organisation")) if is_owner else []
    return render(
        request,
        "matching/call_detail.html",
        {
            "call": call,
            "is_owner": is_owner,
            # One answer form per interest, each with its own ids: labels point at their own fields.
            "interests": [(i, InterestAnswerForm(auto_id=f"id_interest_{i.pk}_%s")) for i in interests],
            "my_interests": list(call.interests.filter(organisation__in=mine)) if mine is not None else [],
            "interest_form": interest_form if available is not None and available.exists() and not is_owner else None,
            "candidates": candidates,
            "semantic": True,
            "error": error,
        },
        status=400 if error or (interest_form is not None and interest_form.errors) else 200,
    )
