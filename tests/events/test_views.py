"""Event pages and feeds through the test client: visibility, registration, join links, stars,
calendar feeds, the organiser's participant list."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from creativeports.directory.enums import MembershipRole
from creativeports.events.models import Event, EventOrganiser, Registration
from creativeports.events.services.programme import calendar_token_get, session_create, star_set
from creativeports.events.services.registration import registration_create
from tests.directory.queryguard import queries_of
from tests.events.factories import at, make_event, make_room
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SECRET = "https://meet.example.org/secret-room"


def _unfolded(text: str) -> str:
    return text.replace("\r\n ", "")


def test_anonymous_readers_see_published_public_events_only(client):
    shown = make_event(title="Open conference")
    draft = make_event(title="Draft day", status=Event.Status.DRAFT)
    members = make_event(title="Members day", audience=Event.Audience.MEMBERS)

    page = client.get(reverse("events:list")).content.decode()

    assert "Open conference" in page
    assert "Draft day" not in page
    assert "Members day" not in page
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(members.get_absolute_url()).status_code == 404
    assert client.get(shown.get_absolute_url()).status_code == 200


def test_members_see_members_events_and_organisers_their_drafts(client):
    organiser = MembershipFactory(role=MembershipRole.ADMIN)
    draft = make_event(status=Event.Status.DRAFT, organiser=organiser.organisation)
    members = make_event(audience=Event.Audience.MEMBERS)

    client.force_login(organiser.user)

    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(members.get_absolute_url()).status_code == 200


def test_the_join_link_is_for_confirmed_participants_only(client):
    event = make_event(capacity=1)
    confirmed, waiting = UserFactory(), UserFactory()
    registration_create(event=event, user=confirmed)
    registration_create(event=event, user=waiting)
    session_create(event=event, actor=None, title="Keynote", starts=at(0, 10), ends=at(0, 11))
    feed = reverse("events:ics", args=[event.slug])

    assert SECRET not in client.get(event.get_absolute_url()).content.decode()
    assert SECRET not in _unfolded(client.get(feed).content.decode())
    client.force_login(waiting)
    assert SECRET not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(confirmed)
    assert SECRET in client.get(event.get_absolute_url()).content.decode()
    assert SECRET in _unfolded(client.get(feed).content.decode())


def test_registering_through_the_page_and_cancelling(client, mailoutbox):
    event = make_event()
    person = UserFactory()
    client.force_login(person)

    response = client.post(reverse("events:register", args=[event.slug]), {"share_consent": "on"})
    assert response.status_code == 302
    registration = Registration.objects.get(event=event, user=person)
    assert (registration.status, registration.share_consent) == ("confirmed", True)
    assert "You are registered" in client.get(event.get_absolute_url()).content.decode()

    again = client.post(reverse("events:register", args=[event.slug]), follow=True)
    assert "already registered" in again.content.decode()

    client.post(reverse("events:cancel", args=[event.slug]))
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"


def test_anonymous_people_are_asked_to_sign_in_to_register(client):
    event = make_event()

    response = client.post(reverse("events:register", args=[event.slug]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_starring_a_session_with_htmx_returns_the_button(client):
    event = make_event()
    session = session_create(event=event, actor=None, title="Keynote", starts=at(0, 10), ends=at(0, 11))
    person = UserFactory()
    client.force_login(person)

    response = client.post(
        reverse("events:star", args=[event.slug, session.pk]), {"starred": "1"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert person.starred_sessions.count() == 1


def test_the_event_feed_is_icalendar_and_filters_by_type(client):
    event = make_event()
    hall = make_room(event)
    session_create(event=event, actor=None, title="Keynote", room=hall, starts=at(0, 10), ends=at(0, 11))
    session_create(event=event, actor=None, title="Pitches", kind="pitch", starts=at(0, 12), ends=at(0, 13))

    everything = client.get(reverse("events:ics", args=[event.slug]))
    pitches = client.get(reverse("events:ics", args=[event.slug]), {"kind": "pitch"})

    assert everything["Content-Type"].startswith("text/calendar")
    body = everything.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    assert _unfolded(pitches.content.decode()).count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Pitches" in pitches.content.decode()


def test_the_personal_feed_needs_its_secret_and_a_reset_retires_the_old_one(client):
    event = make_event()
    session = session_create(event=event, actor=None, title="Keynote", starts=at(0, 10), ends=at(0, 11))
    session_create(event=event, actor=None, title="Not starred", starts=at(0, 12), ends=at(0, 13))
    person = UserFactory()
    registration_create(event=event, user=person)
    star_set(user=person, session=session, starred=True)
    old = calendar_token_get(user=person).token

    feed = client.get(reverse("events:calendar.feed", args=[old])).content.decode()
    assert "SUMMARY:Keynote" in feed
    assert "Not starred" not in feed
    assert SECRET in _unfolded(feed)  # a confirmed participant's own feed carries the join link

    client.force_login(person)
    client.post(reverse("events:calendar"))
    assert client.get(reverse("events:calendar.feed", args=[old])).status_code == 404
    new = calendar_token_get(user=person).token
    assert client.get(reverse("events:calendar.feed", args=[new])).status_code == 200
    assert client.get(reverse("events:calendar.feed", args=["guess"])).status_code == 404


def test_participants_are_for_organisers_and_the_export_respects_consent(client):
    organiser = MembershipFactory(role=MembershipRole.ADMIN)
    event = make_event(organiser=organiser.organisation)
    listed = UserFactory(full_name="=HYPERLINK(evil)")
    unlisted = UserFactory()
    registration_create(event=event, user=listed, share_consent=True)
    registration_create(event=event, user=unlisted)
    url = reverse("events:participants", args=[event.slug])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(organiser.user)
    export = client.get(url, {"format": "csv"}).content.decode()

    assert listed.email in export
    assert unlisted.email not in export
    assert "'=HYPERLINK(evil)" in export  # a formula never reaches a spreadsheet


def test_organisers_check_people_in(client):
    organiser = MembershipFactory(role=MembershipRole.ADMIN)
    event = make_event(organiser=organiser.organisation)
    registration = registration_create(event=event, user=UserFactory())
    client.force_login(organiser.user)

    client.post(reverse("events:participants", args=[event.slug]), {"registration": registration.pk})

    registration.refresh_from_db()
    assert registration.checked_in is not None


def test_event_list_queries_same_for_1_and_3_events(client):
    organiser = MembershipFactory(role=MembershipRole.ADMIN).organisation
    make_event(organiser=organiser)
    url = reverse("events:list")
    one = queries_of(client, url)
    make_event(organiser=organiser)
    make_event(organiser=organiser)

    assert queries_of(client, url) == one


def test_event_page_queries_same_for_1_and_3_sessions(client):
    event = make_event()
    hall = make_room(event)
    session_create(event=event, actor=None, title="One", room=hall, starts=at(0, 10), ends=at(0, 11))
    one = queries_of(client, event.get_absolute_url())
    session_create(event=event, actor=None, title="Two", room=hall, starts=at(0, 11), ends=at(0, 12))
    session_create(event=event, actor=None, title="Three", starts=at(0, 11), ends=at(0, 12))

    assert queries_of(client, event.get_absolute_url()) == one


def test_demo_events_load_once(db):
    from django.core.management import call_command

    call_command("load_demo_events")
    call_command("load_demo_events")

    szczecin = Event.objects.get(slug="creative-ports-final-conference-szczecin-2021")
    assert Event.objects.count() == 2
    assert szczecin.is_past
    assert szczecin.mode == Event.Mode.HYBRID
    assert not Event.objects.get(slug="baltic-cci-matchmaking-day").is_past


def test_participants_download_as_xlsx_with_formulas_neutralised(client):
    import io

    from openpyxl import load_workbook

    organiser = MembershipFactory(role=MembershipRole.ADMIN)
    event = make_event(organiser=organiser.organisation)
    registration_create(event=event, user=UserFactory(full_name="@SUM(A1)"), share_consent=True)
    client.force_login(organiser.user)

    response = client.get(reverse("events:participants", args=[event.slug]), {"format": "xlsx"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "'@SUM(A1)"


def test_the_scheduling_data_download_is_for_organisers(client):
    organiser = MembershipFactory(role=MembershipRole.ADMIN)
    event = make_event(organiser=organiser.organisation, b2b_mode=Event.B2BMode.SCHEDULED)
    url = reverse("events:b2b.instance", args=[event.slug])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(organiser.user)
    data = client.get(url).json()
    assert set(data) >= {"slots", "tables", "participants", "requests", "pinned"}


def test_a_chosen_time_zone_is_remembered(client):
    event = make_event()

    response = client.get(event.get_absolute_url(), {"tz": "Europe/Helsinki"})

    assert response.cookies["tz"].value == "Europe/Helsinki"
    assert "times in Europe/Helsinki" in client.get(event.get_absolute_url()).content.decode()


def test_the_demo_matchmaking_day_has_people_to_meet_and_a_jury(db):
    from django.core.management import call_command

    from creativeports.events.models import PitchSettings

    call_command("load_demo", verbosity=0)
    call_command("load_demo_events")

    day = Event.objects.get(slug="baltic-cci-matchmaking-day")
    listed = day.registrations.filter(status="confirmed", share_consent=True)
    assert listed.count() == 3
    assert all(r.b2b.available for r in listed)
    pitching = PitchSettings.objects.get(session__event=day)
    assert list(pitching.jurors.values_list("email", flat=True)) == ["secretariat@demo.example"]


def test_the_programme_filters_and_their_feed(client):
    event = make_event()
    hall = make_room(event)
    session_create(event=event, actor=None, title="Keynote", room=hall, starts=at(0, 10), ends=at(0, 11))
    session_create(event=event, actor=None, title="Pitches", kind="pitch", starts=at(0, 12), ends=at(0, 13))

    page = client.get(event.get_absolute_url(), {"kind": "pitch"}).content.decode()

    assert "Pitches" in page
    assert "Keynote" not in page
    assert 'href="/events/event-1/calendar.ics?kind=pitch"' in page.replace(event.slug, "event-1")
    assert "Subscribe to this selection" in page


def test_the_programme_filters_by_the_languages_of_its_sessions(client):
    from creativeports.taxonomy.models import Language

    event = make_event()
    german, polish = Language.objects.get(pk="de"), Language.objects.get(pk="pl")
    session_create(event=event, actor=None, title="Vortrag", starts=at(0, 10), ends=at(0, 11), language=german)
    session_create(event=event, actor=None, title="Wykład", starts=at(0, 12), ends=at(0, 13), language=polish)

    page = client.get(event.get_absolute_url(), {"language": "pl"}).content.decode()

    # The interface's language switcher once shadowed the sessions' languages in this menu.
    options = re.findall(r'<option value="(\w*)"( selected)?>([^<]*)</option>', page.split('id="id_language"')[1])
    assert options[:3] == [("", "", "All languages"), ("de", "", str(german)), ("pl", " selected", str(polish))]
    assert "Wykład" in page
    assert "Vortrag" not in page


def test_event_page_queries_same_for_1_and_3_organisers(client):
    organisations = [MembershipFactory().organisation for _ in range(3)]
    event = make_event(organiser=organisations[0])
    one = queries_of(client, event.get_absolute_url())
    for organisation in organisations[1:]:
        EventOrganiser.objects.create(event=event, organisation=organisation, role="co_organiser")

    assert queries_of(client, event.get_absolute_url()) == one
