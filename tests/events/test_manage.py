"""Organisers create an event as a draft in its own time zone, add sessions, publish, cancel."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from creativeports.directory.enums import MembershipRole
from creativeports.events.models import Event, Session
from creativeports.events.services.registration import registration_create
from tests.events.factories import make_event, start_day
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _admin():
    membership = MembershipFactory(role=MembershipRole.ADMIN)
    return membership.user, membership.organisation


def _event_data(organisation, **extra):
    day = start_day().isoformat()
    return {
        "organisation": organisation.pk,
        "title": "Riga games meetup",
        "slug": "riga-games-meetup",
        "description": "",
        "mode": "in_person",
        "audience": "public",
        "time_zone": "Europe/Riga",
        "starts": f"{day}T09:00",
        "ends": f"{day}T17:00",
        "venue": "",
        "address": "",
        "city": "Riga",
        "country": "LV",
        "stream_url": "",
        "capacity": "40",
        "b2b_mode": "none",
        **extra,
    }


def test_an_organisation_admin_creates_a_draft_in_the_events_time_zone(client):
    user, organisation = _admin()
    client.force_login(user)

    response = client.post(reverse("events:new"), _event_data(organisation))

    event = Event.objects.get(slug="riga-games-meetup")
    assert response.status_code == 302
    assert event.status == Event.Status.DRAFT
    assert list(event.organisers.all()) == [organisation]
    assert event.starts == dt.datetime.combine(start_day(), dt.time(9), tzinfo=zoneinfo.ZoneInfo("Europe/Riga"))
    assert client.get(event.get_absolute_url()).status_code == 200  # organisers see their drafts


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ends": f"{start_day().isoformat()}T08:00"}, "ends"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"slug": "calendar"}, "slug"),
        ({"capacity": "-3"}, "capacity"),
    ],
)
def test_bad_event_input_is_explained_and_nothing_is_saved(client, extra, field):
    user, organisation = _admin()
    client.force_login(user)

    response = client.post(reverse("events:new"), _event_data(organisation, **extra))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Event.objects.exists()


def test_people_who_manage_no_organisation_cannot_create_events(client):
    client.force_login(UserFactory())

    assert client.get(reverse("events:new")).status_code == 403


def test_adding_a_session_and_publishing_then_cancelling_tells_the_registered(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user, organisation = _admin()
    event = make_event(organiser=organisation, status=Event.Status.DRAFT)
    client.force_login(user)
    url = reverse("events:edit", args=[event.slug])
    day = start_day().isoformat()

    client.post(
        url,
        {
            "action": "session",
            "title": "Keynote",
            "kind": "talk",
            "room": "Hall",
            "starts": f"{day}T10:00",
            "ends": f"{day}T11:00",
        },
    )
    clash = client.post(
        url,
        {
            "action": "session",
            "title": "Clash",
            "kind": "talk",
            "room": "Hall",
            "starts": f"{day}T10:30",
            "ends": f"{day}T11:30",
        },
    )
    assert "is taken by" in clash.content.decode()
    assert list(Session.objects.values_list("title", flat=True)) == ["Keynote"]

    client.post(url, {"action": "publish"})
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    registration_create(event=event, user=UserFactory())
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "cancel"})
    assert Event.objects.get(pk=event.pk).status == Event.Status.CANCELLED
    assert [m.subject for m in mailoutbox] == [f"Cancelled: {event.title}"]


def test_only_organisers_edit(client):
    _user, organisation = _admin()
    event = make_event(organiser=organisation)
    client.force_login(UserFactory())

    assert client.get(reverse("events:edit", args=[event.slug])).status_code == 403


def test_the_only_organisation_one_manages_is_chosen_already(client):
    user, organisation = _admin()
    client.force_login(user)

    form = client.get(reverse("events:new")).context["form"]

    assert form["organisation"].value() == organisation.pk


@pytest.mark.parametrize("slug", ["calendar", "new"])
def test_the_secretariats_admin_refuses_a_reserved_address_name(rf, slug):
    from django.contrib import admin

    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = admin.site._registry[Event].get_form(request)

    form = form_class(data={"title": "Riga games meetup", "slug": slug})

    assert not form.is_valid()
    assert form.errors["slug"] == ["This address name is reserved; choose another."]
