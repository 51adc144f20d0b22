"""GET /api/v1/taxonomies/*: every reference list with codes, labels in the asked language, and all names."""

from __future__ import annotations

import pytest

from creativeports.taxonomy.models import CciDomain, Country, Language, NaceCode, OrganisationType, Sdg
from creativeports.taxonomy.selectors import network_countries
from tests.api.helpers import API

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ENDPOINTS = {
    "countries": Country,
    "languages": Language,
    "cci-domains": CciDomain,
    "nace-codes": NaceCode,
    "sdgs": Sdg,
    "organisation-types": OrganisationType,
}


def expected_label(obj, language):
    return obj.names.get(language) or obj.names.get("en") or str(obj.pk)


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_taxonomy_lists_every_code_with_english_labels(client, name):
    objects = list(ENDPOINTS[name].objects.all())

    response = client.get(f"{API}/taxonomies/{name}", headers={"Accept-Language": "en"})

    assert response.status_code == 200
    items = response.json()
    assert [item["code"] for item in items] == [str(o.pk) for o in objects]
    assert [item["label"] for item in items] == [expected_label(o, "en") for o in objects]
    assert [item["names"] for item in items] == [o.names for o in objects]
    assert all(item["label"] for item in items)


@pytest.mark.parametrize("name", list(ENDPOINTS))
@pytest.mark.parametrize("language", ["de", "pl"])
def test_taxonomy_labels_follow_accept_language(client, name, language):
    objects = list(ENDPOINTS[name].objects.all())

    response = client.get(f"{API}/taxonomies/{name}", headers={"Accept-Language": language})

    assert [item["label"] for item in response.json()] == [expected_label(o, language) for o in objects]


def test_taxonomy_country_label_in_german(client):
    response = client.get(f"{API}/taxonomies/countries", HTTP_ACCEPT_LANGUAGE="de")

    labels = {item["code"]: item["label"] for item in response.json()}
    assert labels["DE"] == "Deutschland"
    assert labels["PL"] == "Polen"


def test_taxonomy_country_label_without_accept_language_is_english(client):
    response = client.get(f"{API}/taxonomies/countries")

    labels = {item["code"]: item["label"] for item in response.json()}
    assert labels["DE"] == "Germany"


def test_taxonomy_unsupported_language_falls_back_to_english(client):
    response = client.get(f"{API}/taxonomies/organisation-types", HTTP_ACCEPT_LANGUAGE="fr")

    labels = {item["code"]: item["label"] for item in response.json()}
    assert labels["company"] == "Company"


def test_taxonomy_countries_mark_the_network(client):
    members = set(network_countries().values_list("code", flat=True))

    response = client.get(f"{API}/taxonomies/countries")

    in_network = {item["code"] for item in response.json() if item["in_network"]}
    assert in_network == members
    assert {"DE", "PL", "SE"} <= in_network


def test_taxonomy_cci_domains_carry_kind_and_related(client):
    domains = list(CciDomain.objects.prefetch_related("related"))

    response = client.get(f"{API}/taxonomies/cci-domains")

    assert [(d["kind"], sorted(d["related"])) for d in response.json()] == [
        (d.kind, sorted(r.code for r in d.related.all())) for d in domains
    ]


def test_taxonomy_sdgs_are_the_seventeen_goals(client):
    response = client.get(f"{API}/taxonomies/sdgs")

    assert [item["code"] for item in response.json()] == [str(n) for n in range(1, 18)]
