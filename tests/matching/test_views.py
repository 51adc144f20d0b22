"""Pages of matching: find partners, an organisation's recommendations, dismissing one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from creativeports.common.models import AuditEntry
from creativeports.matching.models import Dismissal
from creativeports.matching.services.vectors import profile_vectors_refresh
from tests.factories import MembershipFactory, UserFactory
from tests.matching.profiles import make_all

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def network(db):
    organisations = make_all()
    profile_vectors_refresh()
    return organisations


def test_find_partners_page_lists_organisations_with_reasons(client, network):
    need = "Wir suchen einen Verlag, der unser Spiel auf Steam und Konsolen veröffentlicht und bewirbt."
    response = client.get(reverse("matching:find"), {"q": need})

    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0]["organisation"] == network["publisher_dk"]
    assert rows[0]["reasons"]
    assert rows[0]["reasons"][0] in response.content.decode()


def test_find_partners_page_escapes_script_in_the_need(client, network):
    response = client.get(reverse("matching:find"), {"q": "<script>alert(1)</script> publisher for games"})

    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


def test_find_partners_page_without_words_shows_the_error(client, db):
    response = client.get(reverse("matching:find"), {"q": "!!!"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"q": ["Describe what you are looking for in a few words."]}


def test_recommendations_page_of_an_organisation(client, network):
    studio = network["studio_pl"]

    response = client.get(reverse("matching:organisation.partners", args=[studio.slug]))

    assert response.status_code == 200
    assert response.context["rows"][0]["organisation"] == network["publisher_dk"]
    assert response.context["can_dismiss"] is False


def test_organisation_admin_dismisses_a_recommendation(client, network):
    studio, publisher = network["studio_pl"], network["publisher_dk"]
    admin = MembershipFactory(organisation=studio, role="admin").user
    client.force_login(admin)

    response = client.post(reverse("matching:dismiss", args=[studio.slug, publisher.pk]))

    assert response.status_code == 302
    assert Dismissal.objects.filter(organisation=studio, candidate=publisher).count() == 1
    assert AuditEntry.objects.filter(action="match.dismiss").count() == 1
    page = client.get(reverse("matching:organisation.partners", args=[studio.slug]))
    assert publisher not in [row["organisation"] for row in page.context["rows"]]


def test_outsider_cannot_dismiss_for_an_organisation(client, network):
    client.force_login(UserFactory())

    response = client.post(reverse("matching:dismiss", args=[network["studio_pl"].slug, network["publisher_dk"].pk]))

    assert response.status_code == 403
    assert Dismissal.objects.count() == 0


def test_recommendations_page_says_when_semantic_matching_is_off(client, db, no_embedder):
    studio = make_all()["studio_pl"]

    response = client.get(reverse("matching:organisation.partners", args=[studio.slug]))

    assert response.context["semantic"] is False
    assert "Semantic matching is unavailable right now" in response.content.decode()


# A need longer than any request line servers accept (gunicorn refuses 4 KB, proxies 8 KB).
LONG_NEED = "Meklējam komponistu, kas radīs mūziku un skaņas mūsu datorspēlei. " * 150


def test_find_partners_page_takes_a_long_need_as_a_post_with_the_csrf_token(network):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("matching:find"))
    token = page.context["csrf_token"]

    response = client.post(reverse("matching:find"), {"q": LONG_NEED, "csrfmiddlewaretoken": str(token)})

    assert len(LONG_NEED.encode()) > 8192
    assert response.status_code == 200
    assert response.context["rows"][0]["organisation"] == network["sound_se"]


def test_find_partners_page_refuses_a_post_without_the_csrf_token(network):
    response = Client(enforce_csrf_checks=True).post(reverse("matching:find"), {"q": LONG_NEED})

    assert response.status_code == 403


def test_find_partners_page_gets_searches_without_a_token_in_the_address(client, db):
    content = client.get(reverse("matching:find")).content.decode()

    # The token sits in an inert <template> that only a POST (a long need) takes into the form.
    form = content.split('id="partner-search"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in content.split('id="partner-search"', 1)[0].rsplit("<form", 1)[1]
    assert form.count("csrfmiddlewaretoken") == 1
    assert '<template id="partner-search-token"><input type="hidden" name="csrfmiddlewaretoken"' in form
