"""After the event: a survey on the event and on each B2B meeting; what came of a meeting becomes
matching outcomes, which the impact figures count alongside those of contacts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from creativeports.events.models import EventFeedback, Meeting, MeetingFeedback, Registration
from creativeports.matching.models import OutcomeKind
from creativeports.matching.services.contact import outcome_record_for_meeting


def _started(registration: Registration) -> None:
    if registration.event.starts > timezone.now():
        raise ValidationError(_("Feedback opens when the event begins."))
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only participants of the event can give feedback."))


@transaction.atomic
def event_feedback_save(*, registration: Registration, rating: int, comment: str = "") -> EventFeedback:
    """The participant's rating (1 to 5) and comment; saving again replaces them."""
    _started(registration)
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose from 1 to 5.")})
    feedback, _created = EventFeedback.objects.update_or_create(
        registration=registration, defaults={"rating": rating, "comment": comment.strip()[:3000]}
    )
    return feedback


@transaction.atomic
def meeting_feedback_save(
    *,
    meeting: Meeting,
    registration: Registration,
    happened: bool,
    useful: int | None = None,
    outcomes: Iterable[str] = (),
    actor: Any,
) -> MeetingFeedback:
    """One side's answer on a meeting. Outcomes (matching.OutcomeKind) are recorded for that side's
    organisation with the other side's as counterpart; a meeting that did not happen has none.
    Raises ValidationError for someone not in the meeting, a useful-ness out of 1..5, unknown
    outcomes, or outcomes of a meeting that did not take place."""
    _started(registration)
    if registration.pk not in (meeting.a_id, meeting.b_id):
        raise ValidationError(_("This is not your meeting."))
    kinds = sorted(set(outcomes))
    if any(kind not in OutcomeKind.values for kind in kinds):
        raise ValidationError({"outcomes": _("Unknown outcome.")})
    if useful is not None and not 1 <= useful <= 5:
        raise ValidationError({"useful": _("Choose from 1 to 5.")})
    if not happened and (kinds or useful is not None):
        raise ValidationError(_("A meeting that did not take place has no outcome."))
    feedback, _created = MeetingFeedback.objects.update_or_create(
        meeting=meeting, registration=registration, defaults={"happened": happened, "useful": useful}
    )
    other = meeting.b if meeting.a_id == registration.pk else meeting.a
    if registration.organisation is not None:
        for kind in [OutcomeKind.MEETING.value, *kinds] if happened else []:
            outcome_record_for_meeting(
                actor=actor,
                organisation=registration.organisation,
                counterpart=other.organisation,
                kind=kind,
                note=meeting.event.title,
            )
    return feedback
