"""The demo partner calls `make run` loads: open calls to look at, an interest to answer, a closed call."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from creativeports.accounts.models import User
from creativeports.matching.models import CallInterest, PartnerCall

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_calls", verbosity=0)


def test_demo_calls_load_once_with_open_calls_and_a_closed_one(demo):
    call_command("load_demo_calls", verbosity=0)

    calls = list(PartnerCall.objects.all())
    assert len(calls) == 4
    assert sum(call.is_open for call in calls) == 3
    closed = next(call for call in calls if not call.is_open)
    assert sorted(c.pk for c in closed.countries.all()) == ["LT"]
    assert CallInterest.objects.count() == 1


def test_a_newcomer_sees_the_open_demo_calls_and_can_read_the_closed_one(client, demo):
    page = client.get(reverse("matching:calls"))

    assert [call.title for call in page.context["calls"]] == [
        "Wymiana praw autorskich z wydawnictwami ze Skandynawii",
        "Illustrators and co-publishers for a Baltic picture-book series",
        "Partnercluster für ein Interreg-Projekt: Kreativunternehmen gemeinsam auf Auslandsmärkte",
    ]
    [closed] = page.context["closed"]
    assert closed.title == "Co-producer in Lithuania for a documentary on the Curonian Spit"
    response = client.get(closed.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>closed</strong>" in response.content.decode()


def test_the_demo_organisation_admin_has_an_interest_to_answer(client, demo):
    call = PartnerCall.objects.get(organisation__name="Forlaget Svanesø")
    client.force_login(User.objects.get(email="orgadmin@demo.example"))

    response = client.get(call.get_absolute_url())

    interests = response.context["interests"]
    assert [interest.organisation.name for interest, _form in interests] == ["Rūta Žemaitė Iliustracijos"]
    assert call.created_by.email == "orgadmin@demo.example"


def test_the_demo_member_finds_a_call_that_fits_the_publisher(client, demo):
    client.force_login(User.objects.get(email="member@demo.example"))

    page = client.get(reverse("matching:calls"))

    assert [(organisation.name, call.title) for organisation, call in page.context["fitting"]] == [
        ("Forlaget Svanesø", "Wymiana praw autorskich z wydawnictwami ze Skandynawii")
    ]
