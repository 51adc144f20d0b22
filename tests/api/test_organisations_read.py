"""GET /api/v1/organisations and /api/v1/organisations/{id}: the contract other tools rely on."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from creativeports.taxonomy.models import CciDomain, Country, Language, OrganisationType, Sdg
from tests.api.helpers import API, assert_error_shape, errors_by_field, rich_organisation
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LIST = f"{API}/organisations"


def ids(response: Any) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def test_organisation_list_shape_is_count_and_items(client, organisation):
    response = client.get(LIST)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"count", "items"}
    assert body["count"] == 1
    item = body["items"][0]
    assert {"id", "name", "type", "country"} <= set(item)
    assert (item["id"], item["name"], item["type"], item["country"]) == (
        organisation.pk,
        organisation.name,
        "company",
        "PL",
    )


def test_organisation_list_item_carries_codes_of_relations(client):
    organisation = rich_organisation(name="Amber Looms", latitude=54.35, longitude=18.65, founded=2011)

    item = client.get(LIST).json()["items"][0]

    assert item["domains"] == ["design", "games"]
    assert sorted(item["languages"]) == ["en", "pl"]
    assert item["sdgs"] == [4, 11]
    assert sorted(item["social_links"]) == ["https://instagram.com/studio", "https://linkedin.com/company/x"]
    assert (item["latitude"], item["longitude"], item["founded"]) == (54.35, 18.65, 2011)
    assert item["slug"] == organisation.slug
    assert item["url"] == settings.SITE_URL + f"/organisations/{organisation.slug}/"
    assert item["country_name"] == "Poland"
    assert item["type_label"] == "Company"


def test_organisation_list_orders_by_name(client):
    names = ["Cedar Press", "Amber Looms", "Baltic Beats"]
    for name in names:
        OrganisationFactory(name=name)

    response = client.get(LIST)

    assert [item["name"] for item in response.json()["items"]] == sorted(names)


def test_organisation_list_pages_split_the_whole_list(client):
    created = sorted((OrganisationFactory() for _ in range(3)), key=lambda o: (o.name, o.pk))

    first = client.get(LIST, {"page": 1, "page_size": 2})
    second = client.get(LIST, {"page": 2, "page_size": 2})

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["count"] == second.json()["count"] == 3
    assert ids(first) + ids(second) == [o.pk for o in created]


def test_organisation_list_page_past_the_end_is_empty_with_the_count(client):
    for _ in range(3):
        OrganisationFactory()

    response = client.get(LIST, {"page": 3, "page_size": 2})

    assert response.status_code == 200
    assert response.json() == {"count": 3, "items": []}


@pytest.mark.parametrize("page_size", [1, settings.NINJA_PAGINATION_MAX_LIMIT])
def test_organisation_list_page_size_within_bounds_accepted(client, organisation, page_size):
    response = client.get(LIST, {"page_size": page_size})

    assert response.status_code == 200
    assert ids(response) == [organisation.pk]


@pytest.mark.parametrize("page_size", [0, settings.NINJA_PAGINATION_MAX_LIMIT + 1, -1])
def test_organisation_list_page_size_out_of_bounds_rejected(client, organisation, page_size):
    response = client.get(LIST, {"page_size": page_size})

    assert response.status_code == 422
    assert_error_shape(response)
    assert list(errors_by_field(response)) == ["page_size"]


@pytest.mark.parametrize("page", [0, -3, "two"])
def test_organisation_list_page_invalid_rejected(client, page):
    response = client.get(LIST, {"page": page})

    assert response.status_code == 422
    assert_error_shape(response)
    assert list(errors_by_field(response)) == ["page"]


def test_organisation_detail_returns_the_organisation(client, organisation):
    response = client.get(f"{LIST}/{organisation.pk}")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["name"], body["slug"], body["type"], body["country"], body["city"]) == (
        organisation.pk,
        organisation.name,
        organisation.slug,
        "company",
        "PL",
        "Gdańsk",
    )


def test_organisation_detail_matches_its_list_item(client):
    organisation = rich_organisation()

    detail = client.get(f"{LIST}/{organisation.pk}").json()
    listed = client.get(LIST).json()["items"][0]

    assert detail == listed


def test_organisation_detail_missing_id_is_404_in_error_shape(client):
    response = client.get(f"{LIST}/999999")

    assert response.status_code == 404
    assert assert_error_shape(response)["errors"] == []


# Each filter: (query, how to make the one organisation that matches).
FILTER_CASES = {
    "q_name": ({"q": "amber"}, lambda: OrganisationFactory(name="Amber Looms")),
    "q_city": ({"q": "KLAIP"}, lambda: OrganisationFactory(city="Klaipėda")),
    "q_description": ({"q": "puppetry"}, lambda: OrganisationFactory(description="Puppetry for schools.")),
    "q_offers": ({"q": "mastering"}, lambda: OrganisationFactory(offers="Audio mastering")),
    "q_needs": ({"q": "distributor"}, lambda: OrganisationFactory(needs="A distributor in Finland")),
    "country": ({"country": "DE"}, lambda: OrganisationFactory(country=Country.objects.get(code="DE"))),
    "country_lower_case": ({"country": "de"}, lambda: OrganisationFactory(country=Country.objects.get(code="DE"))),
    "type": ({"type": "cluster"}, lambda: OrganisationFactory(type=OrganisationType.objects.get(code="cluster"))),
    "domain": ({"domain": "music"}, lambda: _with(OrganisationFactory(), domains=CciDomain, codes=["music", "film"])),
    "language": ({"language": "lt"}, lambda: _with(OrganisationFactory(), languages=Language, codes=["lt", "en"])),
    "sdg": ({"sdg": 13}, lambda: _with(OrganisationFactory(), sdgs=Sdg, codes=[13, 5])),
}


def _with(organisation: Any, *, codes: list[Any], **relation: Any) -> Any:
    ((name, model),) = relation.items()
    getattr(organisation, name).set(model.objects.filter(pk__in=codes))
    return organisation


@pytest.mark.parametrize("case", list(FILTER_CASES))
def test_organisation_list_filter_narrows_to_matches(client, case):
    query, make_match = FILTER_CASES[case]
    other = OrganisationFactory(name="Zebra Prints", city="Tallinn", description="Posters.")
    _with(other, domains=CciDomain, codes=["design"])
    _with(other, languages=Language, codes=["et"])
    _with(other, sdgs=Sdg, codes=[4])
    match = make_match()

    response = client.get(LIST, query)

    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert ids(response) == [match.pk]


def test_organisation_list_filters_combine(client):
    de = Country.objects.get(code="DE")
    cluster = OrganisationType.objects.get(code="cluster")
    both = OrganisationFactory(country=de, type=cluster)
    OrganisationFactory(country=de)
    OrganisationFactory(type=cluster)

    response = client.get(LIST, {"country": "DE", "type": "cluster"})

    assert ids(response) == [both.pk]


def test_organisation_list_filter_without_matches_is_empty(client, organisation):
    response = client.get(LIST, {"q": "no such words anywhere"})

    assert response.json() == {"count": 0, "items": []}


@pytest.mark.parametrize(
    ("query", "field"), [({"sdg": 18}, "sdg"), ({"sdg": 0}, "sdg"), ({"country": "DEU"}, "country")]
)
def test_organisation_list_filter_invalid_rejected(client, query, field):
    response = client.get(LIST, query)

    assert response.status_code == 422
    assert_error_shape(response)
    assert list(errors_by_field(response)) == [field]
