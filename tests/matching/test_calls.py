"""Partner calls: posting, candidates, calls that fit, interest, answers; pages and API."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from creativeports.matching.models import CallInterest, PartnerCall
from creativeports.matching.services.vectors import profile_vectors_refresh
from tests.api.helpers import bearer
from tests.factories import MembershipFactory, UserFactory
from tests.matching.profiles import make, make_all

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NEXT_MONTH = (timezone.localdate() + dt.timedelta(days=30)).isoformat()


@pytest.fixture
def network(db):
    organisations = make_all()
    profile_vectors_refresh()
    people = {key: MembershipFactory(organisation=o).user for key, o in organisations.items()}
    return organisations, people


def _post_call(client, organisation, user, **data):
    client.force_login(user)
    payload = {
        "organisation": organisation.pk,
        "title": "Creative Europe co-publishing of a narrative game",
        "description": "We look for a publisher and a localisation partner for our adventure game.",
        "programme": "Creative Europe",
        "deadline": NEXT_MONTH,
        "partners_wanted": 2,
        **data,
    }
    return client.post(reverse("matching:call.new"), payload)


def test_posting_a_call_and_seeing_recommended_candidates(client, network):
    organisations, people = network

    response = _post_call(client, organisations["studio_pl"], people["studio_pl"], countries=["DK", "DE", "SE"])

    call = PartnerCall.objects.get()
    assert response.status_code == 302
    assert sorted(c.pk for c in call.countries.all()) == ["DE", "DK", "SE"]
    page = client.get(call.get_absolute_url())
    candidates = [row["organisation"] for row in page.context["candidates"]]
    assert organisations["studio_pl"] not in candidates
    assert {o.country_id for o in candidates} <= {"DK", "DE", "SE"}
    assert organisations["publisher_dk"] in candidates[:2]


def test_a_call_with_a_past_deadline_is_refused(client, network):
    organisations, people = network

    response = _post_call(client, organisations["studio_pl"], people["studio_pl"], deadline="2020-01-01")

    assert response.status_code == 200
    assert response.context["form"].errors["deadline"] == ["The deadline has passed already."]
    assert PartnerCall.objects.count() == 0


def test_candidates_see_fitting_calls_express_interest_and_get_an_answer(
    client, network, django_capture_on_commit_callbacks
):
    organisations, people = network
    _post_call(client, organisations["studio_pl"], people["studio_pl"], countries=["DK"])
    call = PartnerCall.objects.get()

    client.force_login(people["publisher_dk"])
    listing = client.get(reverse("matching:calls"))
    assert [(o, c) for o, c in listing.context["fitting"]] == [(organisations["publisher_dk"], call)]
    client.force_login(people["sound_se"])
    assert client.get(reverse("matching:calls")).context["fitting"] == []  # Sweden is not wanted

    client.force_login(people["publisher_dk"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            call.get_absolute_url(),
            {"action": "interest", "organisation": organisations["publisher_dk"].pk, "message": "We publish games."},
        )
    interest = CallInterest.objects.get()
    assert [m.to for m in mail.outbox] == [[people["studio_pl"].email]]

    client.force_login(people["studio_pl"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            call.get_absolute_url(),
            {"action": "answer", "interest": interest.pk, "status": "shortlisted", "answer": "Let us talk."},
        )
    interest.refresh_from_db()
    assert (interest.status, interest.answer) == ("shortlisted", "Let us talk.")
    assert "Your answer: Let us talk." in client.get(call.get_absolute_url()).content.decode()
    assert mail.outbox[-1].to == [people["publisher_dk"].email]


def test_interest_twice_or_in_a_closed_call_is_refused(client, network):
    organisations, people = network
    _post_call(client, organisations["studio_pl"], people["studio_pl"])
    call = PartnerCall.objects.get()
    client.force_login(people["publisher_dk"])
    body = {"action": "interest", "organisation": organisations["publisher_dk"].pk, "message": "Us!"}
    client.post(call.get_absolute_url(), body)

    again = client.post(call.get_absolute_url(), body)

    assert (again.status_code, again.context["error"]) == (400, "Your organisation has expressed interest already.")
    client.force_login(people["studio_pl"])
    client.post(call.get_absolute_url(), {"action": "close"})
    client.force_login(people["sound_se"])
    closed = client.post(
        call.get_absolute_url(), {"action": "interest", "organisation": organisations["sound_se"].pk, "message": "Us"}
    )
    assert closed.context["error"] == "This call is closed."
    assert CallInterest.objects.count() == 1
    assert client.get(call.get_absolute_url()).status_code == 200  # closed calls stay readable


def test_the_owner_answers_each_interest_with_a_form_of_its_own_ids(client, network):
    organisations, people = network
    _post_call(client, organisations["studio_pl"], people["studio_pl"])
    call = PartnerCall.objects.get()
    for key in ("publisher_dk", "sound_se"):
        client.force_login(people[key])
        body = {"action": "interest", "organisation": organisations[key].pk, "message": "Us"}
        client.post(call.get_absolute_url(), body)

    client.force_login(people["studio_pl"])
    html = client.get(call.get_absolute_url()).content.decode()

    ids = re.findall(r'\bid="([^"]+)"', html)
    assert [i for i in set(ids) if ids.count(i) > 1] == []
    for interest in CallInterest.objects.all():
        assert f'<label for="id_interest_{interest.pk}_status">' in html
        assert f'id="id_interest_{interest.pk}_answer"' in html


def test_only_the_owner_answers_or_closes(client, network):
    organisations, people = network
    _post_call(client, organisations["studio_pl"], people["studio_pl"])
    call = PartnerCall.objects.get()
    client.force_login(UserFactory())

    response = client.post(call.get_absolute_url(), {"action": "close"})

    assert response.status_code == 403
    call.refresh_from_db()
    assert call.status == "open"


def test_api_calls_interest_and_answer(client, network):
    organisations, people = network
    owner, candidate = bearer(people["studio_pl"]), bearer(people["publisher_dk"])
    created = client.post(
        "/api/v1/calls",
        {
            "organisation_id": organisations["studio_pl"].pk,
            "title": "Co-publishing",
            "description": "A publisher for our game.",
            "deadline": NEXT_MONTH,
            "countries": ["DK"],
        },
        content_type="application/json",
        headers=owner,
    )
    assert created.status_code == 201
    call_id = created.json()["id"]
    assert [c["id"] for c in client.get("/api/v1/calls").json()] == [call_id]

    interest = client.post(
        f"/api/v1/calls/{call_id}/interests",
        {"organisation_id": organisations["publisher_dk"].pk, "message": "We publish games."},
        content_type="application/json",
        headers=candidate,
    ).json()
    answered = client.post(
        f"/api/v1/calls/{call_id}/interests/{interest['id']}/answer",
        {"status": "shortlisted"},
        content_type="application/json",
        headers=owner,
    )

    assert answered.json()["status"] == "shortlisted"
    candidates = client.get(f"/api/v1/calls/{call_id}/candidates", headers=owner).json()["items"]
    assert {item["organisation"]["country"] for item in candidates} == {"DK"}
    assert client.get(f"/api/v1/calls/{call_id}/candidates", headers=candidate).status_code == 403


def test_api_call_with_unknown_codes_is_422(client, network):
    organisations, people = network

    response = client.post(
        "/api/v1/calls",
        {
            "organisation_id": organisations["studio_pl"].pk,
            "title": "X",
            "description": "Y",
            "deadline": NEXT_MONTH,
            "countries": ["XX"],
        },
        content_type="application/json",
        headers=bearer(people["studio_pl"]),
    )

    assert response.status_code == 422
    assert PartnerCall.objects.count() == 0


def test_calls_of_hidden_organisations_are_not_listed(client, db):
    hidden = make("studio_pl", profile_visibility="members")
    PartnerCall.objects.create(
        organisation=hidden, title="Members only", description="x", deadline=timezone.localdate()
    )

    assert client.get("/api/v1/calls").json() == []
    assert client.get(reverse("matching:call.detail", args=[PartnerCall.objects.get().pk])).status_code == 404


def test_the_calls_page_lists_closed_calls_and_each_organisations_own(client, db):
    studio, publisher = make("studio_pl"), make("publisher_dk")
    hidden = make("sound_se", profile_visibility="members")
    today = timezone.localdate()
    soon = today + dt.timedelta(days=5)
    open_call = PartnerCall.objects.create(organisation=studio, title="Open call", description="x", deadline=soon)
    closed = PartnerCall.objects.create(
        organisation=studio, title="Closed call", description="x", deadline=soon, status="closed"
    )
    past = PartnerCall.objects.create(
        organisation=publisher, title="Past call", description="x", deadline=today - dt.timedelta(days=1)
    )
    CallInterest.objects.create(call=open_call, organisation=publisher, message="Us")
    members_only = PartnerCall.objects.create(
        organisation=hidden, title="Members' closed call", description="x", deadline=today, status="closed"
    )

    anonymous = client.get(reverse("matching:calls"))

    assert anonymous.context["calls"] == [open_call]
    assert anonymous.context["closed"] == [closed, past]  # the latest deadline first; none for members only
    assert anonymous.context["own"] == []
    client.force_login(MembershipFactory(organisation=studio).user)
    page = client.get(reverse("matching:calls"))
    assert page.context["own"] == [closed, open_call]  # newest first, open or closed
    assert page.context["closed"] == [closed, members_only, past]
    html = page.content.decode()
    assert html.count("<strong>closed</strong>") == 4  # the own closed call, and the 3 closed
    assert html.count("1 organisation interested") == 1
    assert html.count("0 organisations interested") == 1


def test_api_lists_closed_calls_on_request_and_refuses_an_unknown_status(client, db):
    studio = make("studio_pl")
    today = timezone.localdate()
    PartnerCall.objects.create(organisation=studio, title="Open", description="x", deadline=today)
    PartnerCall.objects.create(organisation=studio, title="Closed", description="x", deadline=today, status="closed")

    assert [c["title"] for c in client.get("/api/v1/calls").json()] == ["Open"]
    closed = client.get("/api/v1/calls", {"status": "closed"}).json()
    assert [(c["title"], c["open"]) for c in closed] == [("Closed", False)]
    assert client.get("/api/v1/calls", {"status": "archived"}).status_code == 422


def test_the_interest_form_offers_only_organisations_that_have_not_answered_yet(client, network):
    organisations, people = network
    _post_call(client, organisations["studio_pl"], people["studio_pl"])
    call = PartnerCall.objects.get()
    person = people["publisher_dk"]
    MembershipFactory(user=person, organisation=organisations["sound_se"])
    client.force_login(person)
    body = {"action": "interest", "organisation": organisations["publisher_dk"].pk, "message": "Us!"}

    client.post(call.get_absolute_url(), body)

    form = client.get(call.get_absolute_url()).context["interest_form"]
    assert list(form.fields["organisation"].queryset) == [organisations["sound_se"]]
    client.post(call.get_absolute_url(), body | {"organisation": organisations["sound_se"].pk})
    page = client.get(call.get_absolute_url())
    assert page.context["interest_form"] is None
    assert "Express interest" not in page.content.decode()


def test_an_organisations_page_lists_its_open_calls(client, db):
    studio = make("studio_pl")
    today = timezone.localdate()
    PartnerCall.objects.create(organisation=studio, title="Publisher wanted", description="x", deadline=today)
    PartnerCall.objects.create(organisation=studio, title="Old call", description="x", deadline=today, status="closed")

    page = client.get(studio.get_absolute_url()).content.decode()

    assert "Looking for partners" in page
    assert "Publisher wanted" in page
    assert "Old call" not in page
    assert "Looking for partners" not in client.get(make("publisher_dk").get_absolute_url()).content.decode()


def test_a_cached_organisation_page_shows_a_new_call_and_drops_a_closed_one(client, db, page_cache):
    studio = make("studio_pl")
    url = studio.get_absolute_url()
    assert "Looking for partners" not in client.get(url).content.decode()  # now in the page cache

    call = PartnerCall.objects.create(
        organisation=studio, title="Publisher wanted", description="x", deadline=timezone.localdate()
    )
    assert "Publisher wanted" in client.get(url).content.decode()

    call.status = PartnerCall.Status.CLOSED
    call.save()
    assert "Publisher wanted" not in client.get(url).content.decode()
