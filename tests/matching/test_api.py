"""Matching in the API: shapes, privacy, cross-language ranking, bad input and the fallback."""

from __future__ import annotations

import pytest
from django.test import Client

from creativeports.matching.models import Dismissal
from creativeports.matching.services.vectors import profile_vectors_refresh
from tests.api.helpers import bearer
from tests.directory.queryguard import queries_of
from tests.factories import MembershipFactory, UserFactory
from tests.matching.profiles import make, make_all

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEARCH = "/api/v1/partner-search"


def matches_url(organisation_id: int, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/organisations/{organisation_id}/matches" + (f"?{query}" if query else "")


@pytest.fixture
def network(db):
    organisations = make_all()
    profile_vectors_refresh()
    return organisations


def test_matches_rank_the_publisher_first_for_the_polish_studio_with_reasons(client, network):
    response = client.get(matches_url(network["studio_pl"].pk, limit="3"))

    assert response.status_code == 200
    body = response.json()
    assert body["semantic"] is True
    first = body["items"][0]
    assert first["organisation"]["id"] == network["publisher_dk"].pk
    assert set(first["organisation"]) == {"id", "name", "slug", "url", "country", "type", "city", "domains"}
    assert first["reasons"][0].startswith("What they offer answers what you look for: “Vi udgiver")
    assert [item["score"] for item in body["items"]] == sorted((item["score"] for item in body["items"]), reverse=True)
    assert network["studio_pl"].pk not in [item["organisation"]["id"] for item in body["items"]]


def test_partner_search_in_latvian_finds_the_german_and_swedish_offers(client, network):
    translation = "Meklējam tulkotāju, kas lokalizē mūsu datorspēli vācu valodā."
    music = "Meklējam komponistu, kas radīs mūziku un skaņas mūsu datorspēlei."

    for_translation = client.get(SEARCH, {"q": translation, "limit": 3}).json()["items"]
    for_music = client.get(SEARCH, {"q": music, "limit": 3}).json()["items"]

    # The translator ranks at least second (a game studio's sound partner is close in meaning).
    assert network["localisation_de"].pk in [item["organisation"]["id"] for item in for_translation[:2]]
    assert for_music[0]["organisation"]["id"] == network["sound_se"].pk
    assert network["fashion_fi"].pk not in [i["organisation"]["id"] for i in for_translation + for_music]


def test_partner_search_filters_by_country(client, network):
    body = client.get(SEARCH, {"q": "music for our game", "country": "SE"}).json()

    assert [item["organisation"]["country"] for item in body["items"]] == ["SE"]


def test_anonymous_callers_see_public_organisations_only(client, network):
    hidden = make("sound_se", name="Hidden Sound", profile_visibility="members")
    profile_vectors_refresh()

    body = client.get(SEARCH, {"q": "ljuddesign och musik för datorspel", "limit": 10}).json()

    assert hidden.pk not in [item["organisation"]["id"] for item in body["items"]]
    assert client.get(matches_url(hidden.pk)).status_code == 404


def test_dismissed_partner_is_never_recommended_again(client, network):
    Dismissal.objects.create(organisation=network["studio_pl"], candidate=network["publisher_dk"])

    body = client.get(matches_url(network["studio_pl"].pk, limit="10")).json()

    assert network["publisher_dk"].pk not in [item["organisation"]["id"] for item in body["items"]]


def test_matches_of_an_unknown_organisation_is_404(client, db):
    response = client.get(matches_url(999_999))

    assert (response.status_code, set(response.json())) == (404, {"detail", "errors"})


@pytest.mark.parametrize("q", ["", "   ", "\x00\x01\x02\x03", "1234 5678 !!!"])
def test_partner_search_without_words_is_a_clear_422(client, db, q):
    response = client.get(SEARCH, {"q": q})

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "q", "message": "Describe what you are looking for in a few words."}]


def test_partner_search_huge_query_is_truncated_not_refused(client, network):
    response = client.get(SEARCH, {"q": "Szukamy wydawcy gier na Steamie. " * 400})

    assert response.status_code == 200
    assert response.json()["items"]


@pytest.mark.parametrize("limit", ["0", "51", "many"])
def test_partner_search_bad_limit_is_422(client, db, limit):
    assert client.get(SEARCH, {"q": "a publisher", "limit": limit}).status_code == 422


def test_without_an_embedder_matching_falls_back_and_says_so(client, db, no_embedder):
    organisations = make_all()

    body = client.get(SEARCH, {"q": "Übersetzung von Videospielen ins Deutsche"}).json()
    matches = client.get(matches_url(organisations["studio_pl"].pk)).json()

    assert (body["semantic"], matches["semantic"]) == (False, False)
    assert body["notice"] == "Semantic matching is unavailable; ranked by shared words and profile fit."
    assert body["items"][0]["organisation"]["id"] == organisations["localisation_de"].pk
    # No word in common across languages: the games organisations still come by their domain.
    recommended = {item["organisation"]["id"] for item in matches["items"]}
    assert recommended == {organisations[k].pk for k in ("publisher_dk", "localisation_de", "sound_se")}


def test_before_any_profile_is_embedded_matching_falls_back_and_says_so(client, db):
    # The embedder is there, but the worker has not embedded anything yet (a new deployment, a
    # first import): the index is empty, and a search must not fail on it.
    organisations = make_all()

    body = client.get(SEARCH, {"q": "Übersetzung von Videospielen ins Deutsche"}).json()
    matches = client.get(matches_url(organisations["studio_pl"].pk)).json()

    assert (body["semantic"], matches["semantic"]) == (False, False)
    assert body["items"][0]["organisation"]["id"] == organisations["localisation_de"].pk
    assert organisations["publisher_dk"].pk in [item["organisation"]["id"] for item in matches["items"]]


def test_an_organisation_not_embedded_yet_gets_recommendations_from_shared_words(client, db):
    organisations = make_all()
    profile_vectors_refresh()
    newcomer = make("localisation_de", name="Neu Lokalisierung GmbH")  # added after the embedding run

    matches = client.get(matches_url(newcomer.pk)).json()
    search = client.get(SEARCH, {"q": "Übersetzung von Videospielen ins Deutsche"}).json()

    assert matches["semantic"] is False
    assert matches["items"]
    assert search["semantic"] is True
    assert organisations["localisation_de"].pk in [item["organisation"]["id"] for item in search["items"]]


def test_matches_queries_same_for_1_and_3_results(client, db):
    studio = make("studio_pl")
    make("publisher_dk")
    profile_vectors_refresh()
    url = matches_url(studio.pk)
    client.get(url)
    one = queries_of(client, url)
    make("localisation_de")
    make("sound_se")
    profile_vectors_refresh()

    assert len(client.get(url).json()["items"]) == 3
    assert queries_of(client, url) == one


def test_api_dismissal_by_the_organisations_people_and_undo(client, network):
    studio, publisher = network["studio_pl"], network["publisher_dk"]
    headers = bearer(MembershipFactory(organisation=studio).user)
    url = f"/api/v1/organisations/{studio.pk}/dismissals"

    created = client.post(url, {"candidate_id": publisher.pk}, content_type="application/json", headers=headers)
    shown = [i["organisation"]["id"] for i in client.get(matches_url(studio.pk, limit="10")).json()["items"]]
    removed = client.delete(f"{url}/{publisher.pk}", headers=headers)

    assert (created.status_code, removed.status_code) == (204, 204)
    assert publisher.pk not in shown
    assert Dismissal.objects.count() == 0


def test_api_dismissal_for_someone_elses_organisation_is_403(client, network):
    studio, publisher = network["studio_pl"], network["publisher_dk"]

    response = client.post(
        f"/api/v1/organisations/{studio.pk}/dismissals",
        {"candidate_id": publisher.pk},
        content_type="application/json",
        headers=bearer(UserFactory()),
    )

    assert response.status_code == 403
    assert Dismissal.objects.count() == 0


def test_partner_search_by_post_takes_a_need_too_long_for_an_address(client, network):
    need = "Meklējam tulkotāju, kas lokalizē mūsu datorspēli vācu valodā. "
    headers = bearer(UserFactory())

    short = client.get(SEARCH, {"q": need, "limit": 3}).json()["items"]
    long = client.post(SEARCH, {"q": need * 150, "limit": 3}, content_type="application/json", headers=headers)
    in_germany = client.post(
        SEARCH, {"q": need * 150, "country": "DE"}, content_type="application/json", headers=headers
    )

    assert len((need * 150).encode()) > 8192
    assert long.status_code == 200
    assert network["localisation_de"].pk in [item["organisation"]["id"] for item in short[:2]]
    assert network["localisation_de"].pk in [item["organisation"]["id"] for item in long.json()["items"][:2]]
    assert [item["organisation"]["id"] for item in in_germany.json()["items"]] == [network["localisation_de"].pk]


def test_partner_search_by_post_needs_a_token_or_the_csrf_token(network):
    response = Client(enforce_csrf_checks=True).post(
        SEARCH, {"q": "a publisher for our game"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.parametrize("body", [{"q": "!!!"}, {"q": "a publisher", "limit": 0}, {}])
def test_partner_search_by_post_with_bad_fields_is_a_clear_422(client, db, body):
    response = client.post(SEARCH, body, content_type="application/json", headers=bearer(UserFactory()))

    assert response.status_code == 422
    assert response.json()["detail"]
