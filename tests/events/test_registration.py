"""Registration: seats, the waiting list and its promotion by email, cancellation, bad input."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from creativeports.events.models import Event, Registration, RegistrationQuestion
from creativeports.events.services.registration import (
    event_capacity_set,
    registration_cancel,
    registration_check_in,
    registration_create,
)
from tests.events.factories import make_event
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def test_seats_then_the_waiting_list(django_capture_on_commit_callbacks):
    event = make_event(capacity=2)
    people = [UserFactory() for _ in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [registration_create(event=event, user=p).status for p in people]

    assert statuses == ["confirmed", "confirmed", "waiting"]
    assert [m.to for m in mail.outbox] == [[p.email] for p in people]
    assert "waiting list" in mail.outbox[2].subject


def test_a_freed_seat_goes_to_the_first_person_waiting_with_an_email(django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    seat = registration_create(event=event, user=first)
    registration_create(event=event, user=second)
    registration_create(event=event, user=third)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=seat, actor=first)

    assert promoted is not None
    assert promoted.user == second
    assert Registration.objects.get(event=event, user=third).status == Registration.Status.WAITING
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert "seat is yours" in mail.outbox[0].subject


def test_cancelling_a_waiting_place_promotes_nobody():
    event = make_event(capacity=1)
    registration_create(event=event, user=UserFactory())
    waiting = registration_create(event=event, user=UserFactory())

    assert registration_cancel(registration=waiting, actor=waiting.user) is None
    assert registration_cancel(registration=waiting, actor=waiting.user) is None  # twice: a no-op


def test_registering_twice_is_refused_and_changes_nothing():
    event = make_event()
    person = UserFactory()
    registration_create(event=event, user=person)

    with pytest.raises(ValidationError, match="already registered"):
        registration_create(event=event, user=person)
    assert Registration.objects.filter(event=event).count() == 1


def test_registering_again_after_cancelling_reuses_the_row():
    event = make_event()
    person = UserFactory()
    registration = registration_create(event=event, user=person)
    registration_cancel(registration=registration, actor=person)

    again = registration_create(event=event, user=person)

    assert (again.pk, again.status) == (registration.pk, "confirmed")


@pytest.mark.parametrize(
    "fields",
    [{"status": Event.Status.DRAFT}, {"status": Event.Status.CANCELLED}],
)
def test_registration_is_closed_for_drafts_and_cancelled_events(fields):
    event = make_event(**fields)

    with pytest.raises(ValidationError, match="closed"):
        registration_create(event=event, user=UserFactory())


def test_registration_is_closed_after_the_event():
    from tests.events.factories import at

    event = make_event(starts=at(-60, 9), ends=at(-59, 17))

    with pytest.raises(ValidationError, match="closed"):
        registration_create(event=event, user=UserFactory())


def test_online_participants_take_no_seat():
    event = make_event(capacity=1)
    registration_create(event=event, user=UserFactory())

    online = registration_create(event=event, user=UserFactory(), attends_online=True)

    assert online.status == "confirmed"


def test_online_attendance_of_an_in_person_event_is_refused():
    event = make_event(mode=Event.Mode.IN_PERSON)

    with pytest.raises(ValidationError) as error:
        registration_create(event=event, user=UserFactory(), attends_online=True)
    assert "attends_online" in error.value.message_dict


def test_required_answers_and_own_organisations_only():
    event = make_event()
    question = RegistrationQuestion.objects.create(event=event, label="What do you look for?", required=True)
    person = UserFactory()
    someone_elses = OrganisationFactory()

    with pytest.raises(ValidationError) as missing:
        registration_create(event=event, user=person, answers={})
    with pytest.raises(ValidationError) as not_mine:
        registration_create(event=event, user=person, organisation=someone_elses, answers={str(question.pk): "x"})

    assert f"answer_{question.pk}" in missing.value.message_dict
    assert "organisation" in not_mine.value.message_dict
    assert not Registration.objects.exists()
    own = MembershipFactory(user=person).organisation
    person = type(person).objects.get(pk=person.pk)  # memberships are remembered per user object
    done = registration_create(
        event=event, user=person, organisation=own, answers={str(question.pk): "  a  publisher "}
    )
    assert done.answers == {str(question.pk): "a publisher"}


def test_more_seats_move_people_up_from_the_waiting_list(django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    registration_create(event=event, user=UserFactory())
    waiting = [registration_create(event=event, user=UserFactory()) for _ in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        promoted = event_capacity_set(event=event, capacity=3, actor=None)

    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    assert Registration.objects.get(pk=waiting[2].pk).status == "waiting"


def test_check_in_only_for_confirmed_participants():
    event = make_event(capacity=1)
    confirmed = registration_create(event=event, user=UserFactory())
    waiting = registration_create(event=event, user=UserFactory())

    assert registration_check_in(registration=confirmed, actor=None).checked_in is not None
    with pytest.raises(ValidationError):
        registration_check_in(registration=waiting, actor=None)
