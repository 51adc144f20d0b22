"""Pitch sessions: the call, SDG tags, blind weighted jury scoring, audience vote, results,
follow-up meeting requests."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from creativeports.events.models import MeetingRequest, Pitch, Score
from creativeports.events.services.pitch import (
    can_see_results,
    criterion_add,
    followup_requests,
    jury_submit,
    pitch_results,
    pitch_settings,
    pitch_submit,
    scores_save,
    vote_cast,
)
from creativeports.events.services.programme import session_create
from creativeports.events.services.registration import registration_create
from creativeports.taxonomy.models import Sdg
from tests.events.factories import at, make_event
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


@pytest.fixture
def pitching():
    event = make_event(b2b_mode="scheduled")
    session = session_create(event=event, actor=None, title="Pitching", kind="pitch", starts=at(0, 10), ends=at(0, 12))
    settings_ = pitch_settings(session)
    impact = criterion_add(session=session, name="Impact on the Baltic Sea", weight=3)
    market = criterion_add(session=session, name="Market potential", weight=1)
    jurors = [UserFactory(), UserFactory()]
    settings_.jurors.set(jurors)
    pitchers = []
    for name in ("Kelp packaging", "Ghost-net yarn", "Ferry app"):
        membership = MembershipFactory()
        person = type(membership.user).objects.get(pk=membership.user.pk)
        registration_create(event=event, user=person)
        pitch = pitch_submit(
            session=session,
            actor=person,
            organisation=membership.organisation,
            title=name,
            summary=f"{name}: what it does.",
            sdgs=Sdg.objects.filter(number__in=[14]),
        )
        pitchers.append(pitch)
    return session, (impact, market), jurors, pitchers


def _score_all(juror, pitches, criteria, values):
    for pitch, (impact_value, market_value) in zip(pitches, values, strict=True):
        scores_save(pitch=pitch, juror=juror, values={criteria[0].pk: impact_value, criteria[1].pk: market_value})


def test_a_pitch_needs_an_sdg_an_open_call_and_ones_own_organisation(pitching):
    session, _criteria, _jurors, _pitches = pitching
    membership = MembershipFactory()
    person = type(membership.user).objects.get(pk=membership.user.pk)
    kwargs = {"session": session, "title": "T", "summary": "S"}

    with pytest.raises(ValidationError, match="SDG"):
        pitch_submit(actor=person, organisation=membership.organisation, sdgs=[], **kwargs)
    with pytest.raises(ValidationError, match="own organisation"):
        pitch_submit(actor=UserFactory(), organisation=membership.organisation, sdgs=Sdg.objects.all()[:1], **kwargs)
    settings_ = pitch_settings(session)
    settings_.call_open = False
    settings_.save()
    with pytest.raises(ValidationError, match="closed"):
        pitch_submit(actor=person, organisation=membership.organisation, sdgs=Sdg.objects.all()[:1], **kwargs)
    assert Pitch.objects.count() == 3


def test_jury_scores_are_blind_until_submitted_and_ranked_by_weight(pitching):
    session, criteria, (first, second), pitches = pitching
    # Impact weighs 3: the kelp pitch wins on impact although the ferry app has the better market.
    _score_all(first, pitches, criteria, [(5, 2), (3, 3), (2, 5)])

    assert not can_see_results(session=session, user=first)
    with pytest.raises(ValidationError, match="every pitch"):
        jury_submit(session=session, juror=second)
    jury_submit(session=session, juror=first)
    assert can_see_results(session=session, user=first)
    with pytest.raises(ValidationError, match="no longer change"):
        scores_save(pitch=pitches[0], juror=first, values={criteria[0].pk: 1})

    results = pitch_results(session=session)
    assert [r.pitch.title for r in results] == ["Kelp packaging", "Ghost-net yarn", "Ferry app"]
    assert results[0].total == pytest.approx((3 * 5 + 1 * 2) / 4)
    assert results[2].averages[criteria[1].pk] == 5

    # A juror who has not submitted counts for nothing yet.
    _score_all(second, pitches, criteria, [(1, 1), (1, 1), (5, 5)])
    assert pitch_results(session=session)[0].pitch.title == "Kelp packaging"


def test_scores_out_of_range_and_outsiders_are_refused(pitching):
    _session, criteria, (juror, _other), pitches = pitching

    with pytest.raises(ValidationError, match="1 to 5"):
        scores_save(pitch=pitches[0], juror=juror, values={criteria[0].pk: 6})
    with pytest.raises(PermissionDenied):
        scores_save(pitch=pitches[0], juror=UserFactory(), values={criteria[0].pk: 3})
    assert not Score.objects.exists()


def test_one_audience_vote_per_person_and_participants_only(pitching):
    session, _criteria, _jurors, pitches = pitching
    voter = UserFactory()
    registration_create(event=session.event, user=voter)

    vote_cast(pitch=pitches[0], voter=voter)
    vote_cast(pitch=pitches[1], voter=voter)  # a new vote replaces the old one
    with pytest.raises(ValidationError, match="participants"):
        vote_cast(pitch=pitches[0], voter=UserFactory())

    assert {r.pitch.pk: r.votes for r in pitch_results(session=session)} == {
        pitches[0].pk: 0,
        pitches[1].pk: 1,
        pitches[2].pk: 0,
    }


def test_one_click_follow_up_requests_to_the_top_pitches(pitching):
    session, criteria, (juror, _other), pitches = pitching
    _score_all(juror, pitches, criteria, [(5, 5), (4, 4), (1, 1)])
    jury_submit(session=session, juror=juror)
    investor = UserFactory()
    mine = registration_create(event=session.event, user=investor)

    assert followup_requests(session=session, actor=investor, top=2) == 2
    assert followup_requests(session=session, actor=investor, top=2) == 0  # already asked
    asked = set(MeetingRequest.objects.filter(requester=mine).values_list("recipient__user_id", flat=True))
    assert asked == {pitches[0].submitted_by_id, pitches[1].submitted_by_id}


def test_the_pitch_page_shows_results_only_when_allowed(client, pitching):
    session, _criteria, (_juror, _other), _pitches = pitching
    url = reverse("events:pitches", args=[session.event.slug, session.pk])

    assert "Results" not in client.get(url).content.decode()
    settings_ = pitch_settings(session)
    settings_.results_published = True
    settings_.save()
    page = client.get(url).content.decode()
    assert "Results" in page
    assert "Kelp packaging" in page


@pytest.mark.parametrize("field", ["organisation", "pitch"])
def test_tampered_ids_on_the_pitch_page_are_404_not_500(client, pitching, field):
    session, _criteria, _jurors, _pitches = pitching
    client.force_login(UserFactory())
    action = "submit" if field == "organisation" else "vote"

    response = client.post(
        reverse("events:pitches", args=[session.event.slug, session.pk]), {"action": action, field: "x1"}
    )

    assert response.status_code == 404
