"""Pitch sessions ("Pitching for a Better Baltic Sea"): an open call inside an event, pitches
tagged with SDGs, a jury scoring weighted criteria blind to one another until each submits, an
optional audience vote, results, and follow-up B2B requests to the best pitches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from creativeports.common.services.audit import audit_record
from creativeports.directory.models import Organisation
from creativeports.directory.permissions import organisation_ids_of
from creativeports.events.models import (
    Criterion,
    Event,
    JurySubmission,
    MeetingRequest,
    Pitch,
    PitchSettings,
    Registration,
    Score,
    Session,
    Vote,
)
from creativeports.events.permissions import can_manage_event
from creativeports.events.services.b2b import meeting_request_create
from creativeports.taxonomy.models import Sdg

MIN_SCORE, MAX_SCORE = 1, 5


def pitch_settings(session: Session) -> PitchSettings:
    if session.kind != Session.Kind.PITCH:
        raise ValidationError(_("This session is not a pitch session."))
    found, _created = PitchSettings.objects.get_or_create(session=session)
    return found


@transaction.atomic
def pitch_submit(
    *, session: Session, actor: Any, organisation: Organisation, title: str, summary: str, sdgs: Iterable[Sdg]
) -> Pitch:
    """Submit a pitch for one's organisation. Raises ValidationError when the call is closed, the
    event is over, the organisation already pitched here or is not the actor's, or no SDG is named."""
    settings_ = pitch_settings(session)
    event = session.event
    if not settings_.call_open or event.status != Event.Status.PUBLISHED or event.ends <= timezone.now():
        raise ValidationError(_("The call for pitches is closed."))
    if organisation.pk not in organisation_ids_of(actor):
        raise ValidationError({"organisation": _("You can only pitch for your own organisation.")})
    chosen = list(sdgs)
    if not chosen:
        raise ValidationError({"sdgs": _("Name at least one SDG the pitch serves.")})
    title, summary = " ".join(title.split())[:200], summary.strip()[:2000]
    if not title or not summary:
        raise ValidationError(_("A pitch needs a title and a summary."))
    try:
        with transaction.atomic():
            pitch = Pitch.objects.create(
                session=session, organisation=organisation, title=title, summary=summary, submitted_by=actor
            )
    except IntegrityError:
        raise ValidationError(_("Your organisation has already pitched in this session.")) from None
    pitch.sdgs.set(chosen)
    audit_record(actor=actor, action="event.pitch", obj=event, changes={"pitch": [None, title]})
    return pitch


def _juror(session: Session, juror: Any) -> PitchSettings:
    settings_ = pitch_settings(session)
    if not settings_.jurors.filter(pk=juror.pk).exists():
        raise PermissionDenied
    return settings_


@transaction.atomic
def scores_save(*, pitch: Pitch, juror: Any, values: Mapping[int, int]) -> list[Score]:
    """A juror's scores for one pitch, by criterion id (1 to 5). Raises PermissionDenied for
    non-jurors, ValidationError after the juror submitted, for unknown criteria or out-of-range values."""
    session = pitch.session
    _juror(session, juror)
    if JurySubmission.objects.filter(session=session, juror=juror).exists():
        raise ValidationError(_("You have submitted your scores; they can no longer change."))
    criteria = {c.pk: c for c in Criterion.objects.filter(session=session)}
    saved = []
    for criterion_id, value in values.items():
        if criterion_id not in criteria:
            raise ValidationError(_("Unknown criterion."))
        if not isinstance(value, int) or not MIN_SCORE <= value <= MAX_SCORE:
            raise ValidationError(_("Scores go from %(low)s to %(high)s.") % {"low": MIN_SCORE, "high": MAX_SCORE})
        score, _created = Score.objects.update_or_create(
            pitch=pitch, criterion=criteria[criterion_id], juror=juror, defaults={"value": value}
        )
        saved.append(score)
    return saved


@transaction.atomic
def jury_submit(*, session: Session, juror: Any) -> JurySubmission:
    """Hand in the scores: every pitch scored on every criterion. Then the juror sees the others'."""
    _juror(session, juror)
    expected = Pitch.objects.filter(session=session).count() * Criterion.objects.filter(session=session).count()
    given = Score.objects.filter(pitch__session=session, juror=juror).count()
    if given < expected:
        raise ValidationError(
            _("Score every pitch on every criterion first (%(given)s of %(expected)s).")
            % {
                "given": given,
                "expected": expected,
            }
        )
    submission, _created = JurySubmission.objects.get_or_create(session=session, juror=juror)
    return submission


@transaction.atomic
def vote_cast(*, pitch: Pitch, voter: Any) -> Vote:
    """The audience's vote: confirmed participants, one vote per session (a new vote replaces it)."""
    session = pitch.session
    if not pitch_settings(session).audience_vote:
        raise ValidationError(_("This session has no audience vote."))
    if not Registration.objects.filter(event=session.event, user=voter, status=Registration.Status.CONFIRMED).exists():
        raise ValidationError(_("Only participants of the event can vote."))
    vote, _created = Vote.objects.update_or_create(session=session, voter=voter, defaults={"pitch": pitch})
    return vote


@dataclass
class PitchResult:
    pitch: Pitch
    averages: dict[int, float | None] = field(default_factory=dict)  # by criterion id
    total: float | None = None  # weighted average over criteria, 1 to 5
    votes: int = 0
    rank: int = 0


def pitch_results(*, session: Session) -> list[PitchResult]:
    """Pitches ranked by the jury's weighted average (submitted jurors only), then audience votes."""
    criteria = list(Criterion.objects.filter(session=session))
    submitted = set(JurySubmission.objects.filter(session=session).values_list("juror_id", flat=True))
    sums: dict[tuple[int, int], list[int]] = {}
    for pitch_id, criterion_id, juror_id, value in Score.objects.filter(pitch__session=session).values_list(
        "pitch_id", "criterion_id", "juror_id", "value"
    ):
        if juror_id in submitted:
            sums.setdefault((pitch_id, criterion_id), []).append(value)
    votes: dict[int, int] = {}
    for pitch_id in Vote.objects.filter(session=session).values_list("pitch_id", flat=True):
        votes[pitch_id] = votes.get(pitch_id, 0) + 1
    results = []
    for pitch in Pitch.objects.filter(session=session).select_related("organisation").prefetch_related("sdgs"):
        averages = {c.pk: (sum(v) / len(v) if (v := sums.get((pitch.pk, c.pk))) else None) for c in criteria}
        scored: list[tuple[int, float]] = [
            (c.weight, average) for c in criteria if (average := averages[c.pk]) is not None
        ]
        total = sum(w * a for w, a in scored) / sum(w for w, _a in scored) if scored else None
        results.append(PitchResult(pitch=pitch, averages=averages, total=total, votes=votes.get(pitch.pk, 0)))
    results.sort(key=lambda r: (r.total is None, -(r.total or 0), -r.votes, r.pitch.pk))
    for position, result in enumerate(results, start=1):
        result.rank = position
    return results


def can_see_results(*, session: Session, user: Any) -> bool:
    """Organisers always; jurors once they submitted; everyone once the results are published."""
    settings_ = pitch_settings(session)
    if settings_.results_published or can_manage_event(user, session.event):
        return True
    return (
        bool(getattr(user, "is_authenticated", False))
        and JurySubmission.objects.filter(session=session, juror=user).exists()
    )


def can_see_scores_of_others(*, session: Session, juror: Any) -> bool:
    """Blind scoring: a juror sees the other jurors' scores only after submitting their own."""
    return JurySubmission.objects.filter(session=session, juror=juror).exists()


@transaction.atomic
def followup_requests(*, session: Session, actor: Any, top: int = 3) -> int:
    """Ask the people behind the best `top` pitches for B2B meetings, in one click. Returns how many
    requests were sent (those already asked, one's own and pitches whose people are not confirmed
    participants are skipped). Raises ValidationError for someone who is not a confirmed participant."""
    mine = Registration.objects.filter(event=session.event, user=actor, status=Registration.Status.CONFIRMED).first()
    if mine is None:
        raise ValidationError(_("Only confirmed participants can ask for meetings."))
    sent = 0
    for result in pitch_results(session=session)[: max(0, top)]:
        if result.pitch.submitted_by_id is None:
            continue
        pitcher = Registration.objects.filter(
            event=session.event, user_id=result.pitch.submitted_by_id, status=Registration.Status.CONFIRMED
        ).first()
        if pitcher is None or pitcher.pk == mine.pk:
            continue
        if MeetingRequest.objects.filter(requester=mine, recipient=pitcher).exists():
            continue
        meeting_request_create(
            requester=mine,
            recipient=pitcher,
            message=_("Following up on your pitch “%(title)s”.") % {"title": result.pitch.title},
        )
        sent += 1
    return sent


def criterion_add(*, session: Session, name: str, weight: int = 1) -> Criterion:
    """Add a jury criterion (weight 1 to 10)."""
    pitch_settings(session)
    if not 1 <= weight <= 10:
        raise ValidationError({"weight": _("A weight goes from 1 to 10.")})
    return Criterion.objects.create(session=session, name=name.strip()[:100], weight=weight)
