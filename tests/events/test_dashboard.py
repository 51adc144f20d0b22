"""The organiser's dashboard through the test client: its figures for a hand-built event, who may
see it, its charts and tables, downloads (with formulas neutralised), and its query count."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from creativeports.directory.enums import MembershipRole
from creativeports.events.models import Event, Registration
from creativeports.events.services.b2b import (
    availability_set,
    meeting_book,
    meeting_request_answer,
    meeting_request_create,
)
from creativeports.events.services.programme import session_create
from creativeports.events.services.registration import (
    registration_cancel,
    registration_check_in,
    registration_create,
)
from creativeports.taxonomy.models import Country
from tests.directory.queryguard import queries_of
from tests.events.factories import WARSAW, at, make_event
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

FIRST_DAY = dt.date(2025, 3, 3)


def _url(event, **query):
    url = reverse("events:dashboard", args=[event.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _organiser_of(event):
    admin = MembershipFactory(role=MembershipRole.ADMIN)
    event.organiser_links.create(organisation=admin.organisation)
    return admin.user


def _register(event, organisation=None, *, day=0):
    """A person registered for `event` (on behalf of `organisation`), dated `day` days after FIRST_DAY."""
    user = MembershipFactory(organisation=organisation).user if organisation else UserFactory()
    registration = registration_create(event=event, user=user, organisation=organisation)
    created = dt.datetime.combine(FIRST_DAY + dt.timedelta(days=day), dt.time(12), tzinfo=WARSAW)
    Registration.objects.filter(pk=registration.pk).update(created=created)
    return registration


def _met(requester, recipient, *, slot):
    request = meeting_request_create(requester=requester, recipient=recipient)
    meeting_request_answer(request=request, accept=True, actor=recipient.user)
    request.refresh_from_db()
    return meeting_book(request=request, slot=slot, actor=requester.user)


@pytest.fixture
def event():
    """Four seats, B2B meetings; participants from Poland (one organisation in games and design,
    one without domains) and Germany (music), one without an organisation; one waiting, one cancelled;
    registrations on the first, second and fourth day (none on the third)."""
    event = make_event(capacity=4, b2b_mode=Event.B2BMode.DIRECT)
    session_create(event=event, actor=None, title="B2B", kind="b2b", starts=at(0, 14), ends=at(0, 16))
    studio, agency, label = (
        OrganisationFactory(country=Country.objects.get(code="PL")),
        OrganisationFactory(country=Country.objects.get(code="PL")),
        OrganisationFactory(country=Country.objects.get(code="DE")),
    )
    studio.domains.set(["games", "design"])
    label.domains.set(["music"])
    anna, bartek = _register(event, studio, day=0), _register(event, agency, day=0)
    carla = _register(event, label, day=1)
    dawid = _register(event, day=3)
    _register(event, label, day=3)  # waiting: the four seats are taken
    registration_cancel(registration=_register(event, day=3), actor=None)
    for person in (anna, bartek, carla, dawid):
        availability_set(registration=person, slots=[0, 1, 2])
    _met(anna, carla, slot=0)  # both check in: held
    _met(dawid, anna, slot=1)  # Dawid does not come: not held
    declined = meeting_request_create(requester=bartek, recipient=carla)
    meeting_request_answer(request=declined, accept=False, actor=carla.user)
    meeting_request_create(requester=carla, recipient=dawid)  # no answer yet
    for person in (anna, carla):
        registration_check_in(registration=person, actor=None)
    return event


def _tables(response):
    return {section.name: section.table.rows for section in response.context["sections"]}


def test_dashboard_figures_of_a_hand_built_event(client, event):
    client.force_login(_organiser_of(event))

    response = client.get(_url(event))

    assert response.status_code == 200
    day = [FIRST_DAY + dt.timedelta(days=n) for n in range(4)]
    assert _tables(response) == {
        "summary": [
            ["Confirmed participants", 4],
            ["On the waiting list", 1],
            ["Cancelled registrations", 1],
            ["Meeting requests", 4],
            ["Acceptance rate (% of answered requests)", 67],
            ["Meetings scheduled", 2],
            ["Meetings held", 1],
        ],
        "registrations": [
            [day[0], 2, 0, 0, 2, 2],
            [day[1], 1, 0, 0, 1, 3],
            [day[2], 0, 0, 0, 0, 3],
            [day[3], 1, 1, 1, 3, 6],
        ],
        "requests": [
            ["Accepted", 2, 50],
            ["Declined", 1, 25],
            ["Waiting for an answer", 1, 25],
            ["All requests", 4, 100],
        ],
        "meetings": [["Scheduled", 2, 100], ["Held", 1, 50]],
        "countries": [["Poland", 2], ["Germany", 1]],
        "domains": [["Design", 1], ["Games", 1], ["Music", 1]],
    }


def test_dashboard_notes_who_is_not_counted_and_what_held_means(client, event):
    client.force_login(_organiser_of(event))

    notes = {section.name: section.note for section in client.get(_url(event)).context["sections"]}

    assert notes["countries"] == (
        "Confirmed participants who registered with an organisation, by its country; "
        "1 participant registered without one."
    )
    assert notes["domains"] == (
        "An organisation may work in several domains, so a participant can count more than once; "
        "the organisation of 1 participant names no domain."
    )
    assert notes["requests"] == "Acceptance rate: 67% of the answered requests were accepted."
    assert notes["meetings"].startswith("A meeting counts as held when a participant says so in the feedback survey")


def test_dashboard_charts_come_with_summaries_and_tables(client, event):
    client.force_login(_organiser_of(event))

    page = client.get(_url(event)).content.decode()

    assert page.count('role="img"') == 5
    assert page.count("<caption") == 6
    assert page.count("?format=csv&amp;table=") == 6
    assert 'aria-label="4 meeting requests: 2 accepted, 1 declined, 1 waiting for an answer."' in page
    assert "<title>Participants by country: Poland 2, Germany 1</title>" in page
    assert '<th scope="row">Poland</th>' in page
    assert "style=" not in page  # the CSP forbids inline styles
    assert "<script" not in page.split("<main", 1)[1]


def test_dashboard_of_an_event_without_registrations_says_so(client):
    event = make_event()
    client.force_login(_organiser_of(event))

    response = client.get(_url(event))

    assert [section.name for section in response.context["sections"]] == [
        "summary",
        "registrations",
        "countries",
        "domains",
    ]  # no B2B meetings at this event
    page = response.content.decode()
    assert "Nobody has registered yet." in page
    assert "<svg" not in page


def test_dashboard_is_forbidden_to_a_participant(client, event):
    participant = Registration.objects.filter(event=event, status="confirmed").first().user
    client.force_login(participant)

    assert client.get(_url(event)).status_code == 403
    assert client.get(_url(event, format="csv", table="countries")).status_code == 403


@pytest.mark.parametrize("fields", [{"status": Event.Status.DRAFT}, {"audience": Event.Audience.MEMBERS}])
def test_dashboard_of_a_hidden_event_is_missing_for_anonymous_readers(client, fields):
    event = make_event(**fields)

    assert client.get(_url(event)).status_code == 404


def test_dashboard_of_a_public_event_sends_anonymous_readers_to_sign_in(client):
    event = make_event()

    response = client.get(_url(event))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_dashboard_is_open_to_the_secretariat(client, event, secretariat):
    client.force_login(secretariat)

    assert client.get(_url(event)).status_code == 200


def test_dashboard_table_downloads_as_csv(client, event):
    client.force_login(_organiser_of(event))

    response = client.get(_url(event, format="csv", table="registrations"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}-registrations.csv"'
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["Day", "Confirmed", "Waiting", "Cancelled", "That day", "All so far"],
        ["2025-03-03", "2", "0", "0", "2", "2"],
        ["2025-03-04", "1", "0", "0", "1", "3"],
        ["2025-03-05", "0", "0", "0", "0", "3"],
        ["2025-03-06", "1", "1", "1", "3", "6"],
    ]


def test_dashboard_download_neutralises_formulas(client):
    event = make_event()
    for code, name in [("XA", "=HYPERLINK(1)"), ("XB", "+1"), ("XC", "-1"), ("XD", "@SUM(A1)")]:
        country = Country.objects.create(code=code, names={"en": name})
        _register(event, OrganisationFactory(country=country))
    client.force_login(_organiser_of(event))

    response = client.get(_url(event, format="csv", table="countries"))

    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["Country", "Participants"],
        ["'+1", "1"],
        ["'-1", "1"],
        ["'=HYPERLINK(1)", "1"],
        ["'@SUM(A1)", "1"],
    ]


def test_dashboard_download_of_an_unknown_table_is_missing(client, event):
    client.force_login(_organiser_of(event))

    assert client.get(_url(event, format="csv", table="secrets")).status_code == 404


def _event_with(count):
    event = make_event(b2b_mode=Event.B2BMode.DIRECT)
    people = []
    for n in range(count):
        organisation = OrganisationFactory(country=Country.objects.get(code=["PL", "DE", "SE"][n]))
        organisation.domains.set([["games", "music", "design"][n]])
        people.append(_register(event, organisation, day=n))
    if count > 1:
        meeting_request_create(requester=people[0], recipient=people[1])
    return event


def test_dashboard_queries_do_not_grow_with_registrations(client):
    one, three = _event_with(1), _event_with(3)
    organiser = MembershipFactory(role=MembershipRole.ADMIN)
    for event in (one, three):
        event.organiser_links.create(organisation=organiser.organisation)
    client.force_login(organiser.user)

    assert queries_of(client, _url(one)) == queries_of(client, _url(three))


def test_event_page_links_organisers_to_the_dashboard(client, event):
    participant = Registration.objects.filter(event=event, status="confirmed").first().user
    link = f'href="{_url(event)}"'

    client.force_login(participant)
    assert link not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(_organiser_of(event))
    assert link in client.get(event.get_absolute_url()).content.decode()
