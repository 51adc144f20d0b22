"""The page of a pitch session: the open call, the pitches, the audience vote, the jury's blind
scoring, the results and one-click follow-up meetings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from creativeports.common.forms import posted_object_or_404
from creativeports.directory.models import Organisation
from creativeports.directory.permissions import organisation_ids_of
from creativeports.events import selectors
from creativeports.events.models import Score, Session, Vote
from creativeports.events.services.pitch import (
    can_see_results,
    can_see_scores_of_others,
    followup_requests,
    jury_submit,
    pitch_results,
    pitch_settings,
    pitch_submit,
    scores_save,
    vote_cast,
)
from creativeports.taxonomy.models import Sdg


def _act(request: HttpRequest, session: Session) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    action = request.POST.get("action")
    if action == "submit":
        organisation = posted_object_or_404(Organisation.objects.all(), request.POST.get("organisation"))
        sdgs = Sdg.objects.filter(pk__in=[s for s in request.POST.getlist("sdgs") if s.isdigit()])
        pitch_submit(
            session=session,
            actor=request.user,
            organisation=organisation,
            title=request.POST.get("title", ""),
            summary=request.POST.get("summary", ""),
            sdgs=sdgs,
        )
        messages.success(request, _("Your pitch is submitted."))
    elif action == "vote":
        vote_cast(pitch=posted_object_or_404(session.pitches.all(), request.POST.get("pitch")), voter=request.user)
        messages.success(request, _("Your vote is counted."))
    elif action == "score":
        pitch = posted_object_or_404(session.pitches.all(), request.POST.get("pitch"))
        values = {}
        for criterion in session.criteria.all():
            raw = request.POST.get(f"criterion_{criterion.pk}", "")
            if raw:
                if not raw.isdigit():
                    raise ValidationError(_("Scores go from %(low)s to %(high)s.") % {"low": 1, "high": 5})
                values[criterion.pk] = int(raw)
        scores_save(pitch=pitch, juror=request.user, values=values)
        messages.success(request, _("Scores saved."))
    elif action == "submit_scores":
        jury_submit(session=session, juror=request.user)
        messages.success(request, _("Your scores are submitted."))
    elif action == "followup":
        top = request.POST.get("top", "3")
        sent = followup_requests(session=session, actor=request.user, top=int(top) if top.isdigit() else 3)
        messages.success(request, _("%(count)s meeting requests sent.") % {"count": sent})


@require_http_methods(["GET", "POST"])
def pitches(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_get_visible(user=request.user, slug=slug)
    session = get_object_or_404(event.sessions.filter(kind=Session.Kind.PITCH), pk=pk)
    settings_ = pitch_settings(session)
    if request.method == "POST":
        try:
            _act(request, session)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("events:pitches", slug=event.slug, pk=session.pk)
    user = request.user
    is_juror = user.is_authenticated and settings_.jurors.filter(pk=user.pk).exists()
    criteria = list(session.criteria.all())
    my_scores: dict[tuple[int, int], int] = {}
    if is_juror:
        my_scores = {
            (s.pitch_id, s.criterion_id): s.value for s in Score.objects.filter(pitch__session=session, juror=user)
        }
    pitches_ = list(session.pitches.select_related("organisation").prefetch_related("sdgs"))
    my_vote = (
        Vote.objects.filter(session=session, voter=user).values_list("pitch_id", flat=True).first()
        if user.is_authenticated
        else None
    )
    return render(
        request,
        "events/pitches.html",
        {
            "event": event,
            "session": session,
            "settings": settings_,
            "pitches": [(p, [(c, my_scores.get((p.pk, c.pk))) for c in criteria]) for p in pitches_],
            "criteria": criteria,
            "is_juror": is_juror,
            "submitted": is_juror and can_see_scores_of_others(session=session, juror=user),
            "results": pitch_results(session=session) if can_see_results(session=session, user=user) else None,
            "my_vote": my_vote,
            "organisations": Organisation.objects.filter(pk__in=organisation_ids_of(user)).order_by("name")
            if user.is_authenticated
            else [],
            "sdgs": Sdg.objects.all(),
            "scores": range(1, 6),
        },
    )
