"""The B2B page of an event: my free slots, participants to meet (with the recommendation
engine's reasons), requests and answers, booking, my meetings; the organiser's scheduler run."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from creativeports.common.forms import posted_object_or_404
from creativeports.events import permissions, selectors
from creativeports.events.models import Event, MeetingRequest, Registration
from creativeports.events.services.b2b import (
    availability_set,
    b2b_settings,
    meeting_book,
    meeting_request_answer,
    meeting_request_create,
    meetings_schedule,
    scheduling_instance,
)
from creativeports.matching.reasons import reasons_as_text
from creativeports.matching.selectors import organisation_matches

SCHEDULER_SECONDS = 10.0


def _reasons_for(user: Any, registration: Registration | None) -> dict[int, list[str]]:
    """The recommendation engine's reasons, by organisation, for the reader's organisation."""
    if registration is None or registration.organisation is None:
        return {}
    found = organisation_matches(user=user, organisation=registration.organisation, limit=50)
    texts = reasons_as_text([m.reasons for m in found.items])
    return {m.organisation.pk: t for m, t in zip(found.items, texts, strict=True)}


def _act(request: HttpRequest, event: Event, mine: Registration | None, can_manage: bool) -> None:
    action = request.POST.get("action")
    if action == "schedule" and can_manage:
        meetings_schedule(event=event, actor=request.user, time_limit=SCHEDULER_SECONDS)
        count = event.meetings.count()
        messages.success(request, _("The meetings are scheduled and published (%(count)s in all).") % {"count": count})
        return
    if mine is None:
        raise ValidationError(_("Only confirmed participants take part in B2B meetings."))
    if action == "availability":
        availability_set(registration=mine, slots=[int(s) for s in request.POST.getlist("slot") if s.isdigit()])
        messages.success(request, _("Your free slots are saved."))
    elif action == "request":
        # Only people who agreed to be listed can be asked from this page (pitchers, who present in
        # public, are also asked through the pitch session's follow-up).
        recipient = posted_object_or_404(event.registrations.filter(share_consent=True), request.POST.get("recipient"))
        meeting_request_create(requester=mine, recipient=recipient, message=request.POST.get("message", ""))
        messages.success(request, _("Your request was sent."))
    elif action in ("accept", "decline"):
        asked = posted_object_or_404(MeetingRequest.objects.filter(recipient=mine), request.POST.get("request"))
        meeting_request_answer(request=asked, accept=action == "accept", actor=request.user)
    elif action == "book":
        asked = posted_object_or_404(MeetingRequest.objects.filter(event=event), request.POST.get("request"))
        slot = request.POST.get("slot", "")
        if not slot.isdigit():
            raise ValidationError(_("Choose a slot."))
        meeting_book(request=asked, slot=int(slot), actor=request.user)
        messages.success(request, _("The meeting is booked."))


@login_required
@require_GET
def b2b_instance(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's B2B data in the scheduler's format, for organisers' what-ifs with
    `creativeports schedule_meetings` (docs/scheduling.md)."""
    event = selectors.event_get_visible(user=request.user, slug=slug)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    response = JsonResponse(scheduling_instance(event), json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-b2b-instance.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def b2b(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_visible(user=request.user, slug=slug)
    registration = selectors.registration_of(user=request.user, event=event)
    mine = registration if registration and registration.status == Registration.Status.CONFIRMED else None
    can_manage = permissions.can_manage_event(request.user, event)
    if request.method == "POST":
        try:
            _act(request, event, mine, can_manage)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("events:b2b", slug=event.slug)
    slots = selectors.b2b_slots(event)
    tz = selectors.user_time_zone(request, event.time_zone)
    reasons = _reasons_for(request.user, mine)
    others = [p for p in selectors.participants_listed(event=event) if mine is None or p.pk != mine.pk]
    others.sort(key=lambda p: (p.organisation_id not in reasons, p.user.full_name))
    settings_ = b2b_settings(event)
    meetings = list(event.meetings.select_related("a__user", "b__user", "a__organisation", "b__organisation"))
    share = None
    if settings_.objective is not None and settings_.bound:
        share = round(100 * settings_.objective / settings_.bound, 1)
    return render(
        request,
        "events/b2b.html",
        {
            "event": event,
            "tz": tz,
            "slots": list(enumerate(slots)),
            "mine": mine,
            "available": set(getattr(getattr(mine, "b2b", None), "available", []) or []) if mine else set(),
            "participants": [(p, reasons.get(p.organisation_id, [])) for p in others],
            "received": mine.requests_received.select_related("requester__user") if mine else [],
            "sent": mine.requests_sent.select_related("recipient__user") if mine else [],
            "my_meetings": [
                (m, slots[m.slot] if m.slot < len(slots) else None, m.b if m.a_id == mine.pk else m.a)
                for m in meetings
                if mine and mine.pk in (m.a_id, m.b_id)
            ],
            "can_manage": can_manage,
            "settings": settings_,
            "share": share,
            "all_meetings": meetings if can_manage else [],
            "direct": event.b2b_mode == Event.B2BMode.DIRECT,
        },
    )
