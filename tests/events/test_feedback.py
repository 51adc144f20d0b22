"""After the event: the survey, and meeting outcomes recorded as matching outcomes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from creativeports.events.models import Event, EventFeedback, MeetingFeedback
from creativeports.events.services.b2b import (
    availability_set,
    meeting_book,
    meeting_request_answer,
    meeting_request_create,
)
from creativeports.events.services.feedback import event_feedback_save, meeting_feedback_save
from creativeports.events.services.programme import session_create
from creativeports.events.services.registration import registration_create
from creativeports.matching.models import Outcome, OutcomeSource
from tests.events.factories import at, make_event
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def _met():
    """Two organisations' people who met at an event that has started."""
    event = make_event(b2b_mode=Event.B2BMode.DIRECT)
    session_create(event=event, actor=None, title="B2B", kind="b2b", starts=at(0, 14), ends=at(0, 16))
    people = []
    for _ in range(2):
        membership = MembershipFactory()
        user = type(membership.user).objects.get(pk=membership.user.pk)
        registration = registration_create(event=event, user=user, organisation=membership.organisation)
        availability_set(registration=registration, slots=[0])
        people.append(registration)
    request = meeting_request_create(requester=people[0], recipient=people[1])
    meeting_request_answer(request=request, accept=True, actor=people[1].user)
    meeting = meeting_book(request=request, slot=0, actor=people[0].user)
    Event.objects.filter(pk=event.pk).update(starts=at(-40, 9))  # the event has begun
    for person in people:
        person.refresh_from_db()
    return meeting, people


def test_what_came_of_a_meeting_becomes_outcomes_for_the_impact_figures():
    meeting, (a, b) = _met()

    meeting_feedback_save(
        meeting=meeting, registration=a, happened=True, useful=5, outcomes=["cooperation"], actor=a.user
    )
    meeting_feedback_save(
        meeting=meeting, registration=a, happened=True, useful=4, outcomes=["cooperation"], actor=a.user
    )

    outcomes = Outcome.objects.filter(source=OutcomeSource.MEETING)
    assert sorted(outcomes.values_list("kind", flat=True)) == ["cooperation", "meeting"]  # once each
    assert {o.organisation for o in outcomes} == {a.organisation}
    assert {o.counterpart for o in outcomes} == {b.organisation}
    assert MeetingFeedback.objects.get(registration=a).useful == 4


@pytest.mark.parametrize(
    "kwargs",
    [
        {"happened": False, "outcomes": ["contract"]},
        {"happened": True, "outcomes": ["bribe"]},
        {"happened": True, "useful": 9},
    ],
)
def test_bad_answers_are_refused_and_nothing_is_recorded(kwargs):
    meeting, (a, _b) = _met()

    with pytest.raises(ValidationError):
        meeting_feedback_save(meeting=meeting, registration=a, actor=a.user, **kwargs)
    assert not Outcome.objects.exists()
    assert not MeetingFeedback.objects.exists()


def test_only_the_two_sides_answer_and_not_before_the_event():
    meeting, (a, _b) = _met()
    stranger = registration_create(event=meeting.event, user=MembershipFactory().user)
    with pytest.raises(ValidationError, match="not your meeting"):
        meeting_feedback_save(meeting=meeting, registration=stranger, happened=True, actor=stranger.user)

    upcoming = make_event()
    early = registration_create(event=upcoming, user=a.user)
    with pytest.raises(ValidationError, match="opens"):
        event_feedback_save(registration=early, rating=5)


def test_the_survey_page(client):
    meeting, (a, b) = _met()
    client.force_login(a.user)
    url = reverse("events:feedback", args=[meeting.event.slug])

    assert b.user.full_name in client.get(url).content.decode()
    client.post(url, {"action": "event", "rating": "4", "comment": "Well run"})
    client.post(url, {"action": "meeting", "meeting": meeting.pk, "happened": "yes", "outcomes": ["joint_application"]})

    assert EventFeedback.objects.get(registration=a).rating == 4
    assert Outcome.objects.filter(kind="joint_application", organisation=a.organisation).exists()


def test_the_dashboard_counts_a_meeting_as_held_by_the_participants_answers():
    from creativeports.events.dashboard import meeting_counts
    from creativeports.events.services.registration import registration_check_in

    meeting, (a, b) = _met()
    assert meeting_counts(event=meeting.event).held == 0
    for person in (a, b):
        registration_check_in(registration=person, actor=None)
    assert meeting_counts(event=meeting.event).held == 1  # both were there: held, until someone says otherwise

    meeting_feedback_save(meeting=meeting, registration=a, happened=False, actor=a.user)
    assert meeting_counts(event=meeting.event).held == 0
    meeting_feedback_save(meeting=meeting, registration=b, happened=True, actor=b.user)
    assert meeting_counts(event=meeting.event).held == 1
