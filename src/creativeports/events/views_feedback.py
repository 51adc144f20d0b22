"""The after-event survey page: the event, and each of my B2B meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from creativeports.common.forms import posted_object_or_404
from creativeports.events import selectors
from creativeports.events.models import Meeting, Registration
from creativeports.events.services.feedback import event_feedback_save, meeting_feedback_save
from creativeports.matching.models import OutcomeKind


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_visible(user=request.user, slug=slug)
    mine = selectors.registration_of(user=request.user, event=event)
    if mine is None or mine.status != Registration.Status.CONFIRMED:
        raise Http404("Not a participant.")
    meetings = Meeting.objects.filter(Q(a=mine) | Q(b=mine)).select_related(
        "a__user", "b__user", "a__organisation", "b__organisation"
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "meeting":
                meeting = posted_object_or_404(meetings, request.POST.get("meeting"))
                meeting_feedback_save(
                    meeting=meeting,
                    registration=mine,
                    happened=request.POST.get("happened") == "yes",
                    useful=_number(request.POST.get("useful")),
                    outcomes=request.POST.getlist("outcomes"),
                    actor=request.user,
                )
            else:
                rating = _number(request.POST.get("rating"))
                if rating is None:
                    raise ValidationError(_("Choose from 1 to 5."))
                event_feedback_save(registration=mine, rating=rating, comment=request.POST.get("comment", ""))
            messages.success(request, _("Thank you: your answer is saved."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("events:feedback", slug=event.slug)
    return render(
        request,
        "events/feedback.html",
        {
            "event": event,
            "meetings": [(m, m.b if m.a_id == mine.pk else m.a) for m in meetings],
            "outcome_kinds": [(k, label) for k, label in OutcomeKind.choices if k not in ("meeting", "nothing")],
            "ratings": range(1, 6),
        },
    )
