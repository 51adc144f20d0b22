"""B2B meetings: slots, availability, requests, first-come booking without double bookings (also
under parallel clients on PostgreSQL), and the organiser's optimal schedule."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from creativeports.directory.enums import MembershipRole
from creativeports.events.models import B2BProfile, Event, Meeting, MeetingRequest, MeetingSeat
from creativeports.events.selectors import b2b_slots
from creativeports.events.services.b2b import (
    availability_set,
    b2b_settings,
    meeting_book,
    meeting_request_answer,
    meeting_request_create,
    meetings_schedule,
    scheduling_instance,
)
from creativeports.events.services.programme import session_create
from creativeports.events.services.registration import registration_create
from tests.events.factories import at, make_event
from tests.events.scheduling.validator import check
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def _b2b_event(mode=Event.B2BMode.DIRECT, tables=10, **fields):
    event = make_event(b2b_mode=mode, **fields)
    session_create(event=event, actor=None, title="B2B", kind="b2b", starts=at(0, 14), ends=at(0, 16))
    settings_ = b2b_settings(event)
    settings_.tables = tables
    settings_.save()
    return event


def _people(event, count, *, free=(0, 1, 2)):
    people = [registration_create(event=event, user=UserFactory(), share_consent=True) for _ in range(count)]
    for person in people:
        availability_set(registration=person, slots=free)
    return people


def _accepted(requester, recipient):
    request = meeting_request_create(requester=requester, recipient=recipient)
    return meeting_request_answer(request=request, accept=True, actor=recipient.user)


def test_slots_cut_the_b2b_blocks_into_meetings():
    event = _b2b_event()

    slots = b2b_slots(event)

    assert len(slots) == 6  # two hours of 20-minute meetings
    assert slots[0] == (at(0, 14), at(0, 14, 20))
    assert slots[-1][1] == at(0, 16)


def test_availability_outside_the_slots_is_refused():
    event = _b2b_event()
    (person,) = _people(event, 1)

    with pytest.raises(ValidationError):
        availability_set(registration=person, slots=[0, 6])
    assert B2BProfile.objects.get(registration=person).available == [0, 1, 2]


def test_requests_refuse_oneself_twice_and_the_unconfirmed(django_capture_on_commit_callbacks):
    event = _b2b_event(capacity=2)
    a, b = _people(event, 2)
    waiting = registration_create(event=event, user=UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_create(requester=a, recipient=b, message="Let us talk about  localisation")
    assert [m.to for m in mail.outbox] == [[b.user.email]]
    for recipient, message in ((a, "yourself"), (b, "already asked"), (waiting, "confirmed participants")):
        with pytest.raises(ValidationError, match=message):
            meeting_request_create(requester=a, recipient=recipient)
    assert MeetingRequest.objects.count() == 1


def test_booking_a_free_slot_and_never_twice_for_one_person():
    event = _b2b_event()
    a, b, c = _people(event, 3)
    first = meeting_book(request=_accepted(a, b), slot=0, actor=a.user)

    with pytest.raises(ValidationError, match="just taken"):
        meeting_book(request=_accepted(a, c), slot=0, actor=a.user)

    assert (first.slot, first.table) == (0, 0)
    assert Meeting.objects.count() == 1
    assert MeetingSeat.objects.filter(registration=a, slot=0).count() == 1


def test_booking_refuses_a_slot_someone_is_not_free_in_and_full_tables():
    event = _b2b_event(tables=1)
    a, b, c, d = _people(event, 4, free=(0,))
    availability_set(registration=d, slots=[0, 1])

    request = _accepted(a, b)
    with pytest.raises(ValidationError, match="not free"):
        meeting_book(request=request, slot=1, actor=a.user)
    meeting_book(request=request, slot=0, actor=a.user)
    with pytest.raises(ValidationError, match="tables are taken"):
        meeting_book(request=_accepted(c, d), slot=0, actor=c.user)


def test_exhibitors_meet_at_their_own_table_and_need_no_general_one():
    event = _b2b_event(tables=1)
    a, b, exhibitor, d = _people(event, 4, free=(0,))
    B2BProfile.objects.filter(registration=exhibitor).update(fixed_table=True)
    meeting_book(request=_accepted(a, b), slot=0, actor=a.user)

    meeting = meeting_book(request=_accepted(d, exhibitor), slot=0, actor=d.user)

    assert (meeting.table, meeting.table_of) == (None, exhibitor)


def test_unaccepted_requests_cannot_be_booked_and_scheduled_events_are_the_organisers():
    event = _b2b_event()
    a, b = _people(event, 2)
    pending = meeting_request_create(requester=a, recipient=b)
    with pytest.raises(ValidationError, match="not been accepted"):
        meeting_book(request=pending, slot=0, actor=a.user)

    scheduled = _b2b_event(mode=Event.B2BMode.SCHEDULED)
    c, d = _people(scheduled, 2)
    with pytest.raises(ValidationError, match="organisers schedule"):
        meeting_book(request=_accepted(c, d), slot=0, actor=c.user)


def test_the_organisers_schedule_keeps_confirmed_meetings_and_publishes(django_capture_on_commit_callbacks):
    event = _b2b_event(mode=Event.B2BMode.DIRECT, tables=2)
    people = _people(event, 6)
    kept = meeting_book(request=_accepted(people[0], people[1]), slot=1, actor=people[0].user)
    event.b2b_mode = Event.B2BMode.SCHEDULED
    event.save()
    for a, b in ((0, 2), (0, 3), (1, 2), (3, 4), (4, 5), (2, 5), (1, 4)):
        meeting_request_create(requester=people[a], recipient=people[b])
    meeting_request_create(requester=people[2], recipient=people[0])  # both asked: weight 3
    instance = scheduling_instance(event)

    with django_capture_on_commit_callbacks(execute=True):
        settings_ = meetings_schedule(event=event, actor=None, time_limit=5)

    meetings = list(Meeting.objects.filter(event=event))
    schedule = {
        "meetings": [
            {"a": m.a_id, "b": m.b_id, "slot": m.slot, "table": f"fixed:{m.table_of_id}" if m.table_of_id else m.table}
            for m in meetings
        ],
        "objective": settings_.objective,
    }
    assert check(instance, schedule) == settings_.objective  # every rule holds, the objective is right
    assert Meeting.objects.filter(pk=kept.pk, slot=1, table=kept.table).exists()
    assert settings_.bound is not None
    assert settings_.objective <= settings_.bound
    assert settings_.published is not None
    assert len(meetings) > 1
    assert mail.outbox
    assert all("B2B meetings" in m.subject for m in mail.outbox)
    newly_met = {r.user.email for m in meetings if m.pk != kept.pk for r in (m.a, m.b)}
    assert {m.to[0] for m in mail.outbox} == newly_met  # each person their own schedule
    assert all("table " in m.body for m in mail.outbox)  # no exhibitors here: general tables


def test_the_b2b_page_for_participants_and_the_organiser(client):
    organiser = MembershipFactory(role=MembershipRole.ADMIN)
    event = _b2b_event(mode=Event.B2BMode.SCHEDULED, organiser=organiser.organisation)
    a, b = _people(event, 2)
    url = reverse("events:b2b", args=[event.slug])

    client.force_login(a.user)
    page = client.get(url).content.decode()
    assert b.user.full_name in page
    client.post(url, {"action": "request", "recipient": b.pk, "message": "Hello"})
    assert MeetingRequest.objects.filter(requester=a, recipient=b, message="Hello").exists()
    client.post(url, {"action": "request", "recipient": a.pk})  # oneself: a clear message, nothing written
    assert MeetingRequest.objects.count() == 1

    client.force_login(organiser.user)
    client.post(url, {"action": "schedule"})
    assert "of the best possible" in client.get(url).content.decode()
    assert Meeting.objects.filter(event=event).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_clients_never_double_book_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and parallel transactions: PostgreSQL")
    event = _b2b_event()
    people = _people(event, 9, free=(0,))
    host = people[0]
    requests = [_accepted(host, other) for other in people[1:]]
    results: list[str] = []
    barrier = threading.Barrier(len(requests))

    def book(request):
        from django.db import connections

        try:
            barrier.wait()
            meeting_book(request=request, slot=0, actor=host.user)
            results.append("booked")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["booked"] + ["refused"] * (len(requests) - 1)
    assert MeetingSeat.objects.filter(registration=host, slot=0).count() == 1


def test_the_personal_feed_carries_confirmed_meetings(client):
    from creativeports.events.services.programme import calendar_token_get

    event = _b2b_event()
    a, b = _people(event, 2)
    meeting_book(request=_accepted(a, b), slot=2, actor=a.user)

    feed = client.get(reverse("events:calendar.feed", args=[calendar_token_get(user=a.user).token])).content
    text = feed.decode().replace("\r\n ", "")

    assert f"SUMMARY:B2B meeting: {b.user.full_name}" in text
    assert "DTSTART:" + at(0, 14, 40).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ") in text


def test_the_page_asks_only_people_who_agreed_to_be_listed(client):
    event = _b2b_event()
    (a,) = _people(event, 1)
    unlisted = registration_create(event=event, user=UserFactory())
    client.force_login(a.user)

    response = client.post(reverse("events:b2b", args=[event.slug]), {"action": "request", "recipient": unlisted.pk})

    assert response.status_code == 404
    assert not MeetingRequest.objects.exists()


@pytest.mark.parametrize("value", ["abc", "", "-1", "99999"])
def test_tampered_ids_on_the_b2b_page_are_404_not_500(client, value):
    event = _b2b_event()
    (a,) = _people(event, 1)
    client.force_login(a.user)
    url = reverse("events:b2b", args=[event.slug])

    for action, field in (("request", "recipient"), ("accept", "request"), ("book", "request")):
        response = client.post(url, {"action": action, field: value, "slot": "0"})
        assert response.status_code == 404, (action, value)
    assert not MeetingRequest.objects.exists()
