"""The directory list: filters by country, type and free text; the HTMX partial; pagination."""

from __future__ import annotations

import pytest
from django.urls import reverse

from creativeports.directory.views import PAGE_SIZE
from creativeports.taxonomy.models import Country, OrganisationType
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.integration

LIST = reverse("directory:organisation.list")


@pytest.fixture
def three(db):
    """Three profiles that differ in country, type and texts."""
    return {
        "board": OrganisationFactory(
            name="Board Game Works",
            country=Country.objects.get(code="PL"),
            city="Gdańsk",
            description="We design board games.",
        ),
        "hamburg": OrganisationFactory(
            name="Harbour Culture e.V.",
            country=Country.objects.get(code="DE"),
            type=OrganisationType.objects.get(code="ngo"),
            city="Hamburg",
            description="Cultural events by the harbour.",
            offers="Rehearsal rooms",
        ),
        "lab": OrganisationFactory(
            name="Sound Lab",
            country=Country.objects.get(code="FI"),
            type=OrganisationType.objects.get(code="university"),
            city="Turku",
            description="Research on music.",
            needs="Partners in film production",
        ),
    }


def _names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


def test_list_without_filters_shows_all_in_name_order(client, three):
    response = client.get(LIST)

    assert _names(response) == ["Board Game Works", "Harbour Culture e.V.", "Sound Lab"]
    assert "3 organisations" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=PL", ["Board Game Works"]),
        ("country=pl", ["Board Game Works"]),
        ("country=DE", ["Harbour Culture e.V."]),
        ("type=ngo", ["Harbour Culture e.V."]),
        ("type=company", ["Board Game Works"]),
        ("country=FI&type=university", ["Sound Lab"]),
        ("country=FI&type=company", []),
        ("q=board", ["Board Game Works"]),
        ("q=HAMBURG", ["Harbour Culture e.V."]),
        ("q=rehearsal", ["Harbour Culture e.V."]),
        ("q=film", ["Sound Lab"]),
        ("q=music&country=FI", ["Sound Lab"]),
        ("q=music&country=PL", []),
        ("q=%20%20board%20%20", ["Board Game Works"]),
        ("country=ZZ", []),
        ("type=no-such-type", []),
        ("q=%25", []),
    ],
)
def test_list_filters_narrow_results(client, three, query, expected):
    response = client.get(f"{LIST}?{query}")

    assert response.status_code == 200
    assert _names(response) == expected


def test_list_filter_values_kept_in_form(client, three):
    response = client.get(f"{LIST}?country=DE&type=ngo&q=harbour")

    assert response.context["state"]["country"] == ["DE"]
    assert response.context["state"]["type"] == ["ngo"]
    assert response.context["q"] == "harbour"
    assert '<input type="checkbox" id="f-country-DE" name="country" value="DE" checked>' in response.text
    assert '<input type="checkbox" id="f-type-ngo" name="type" value="ngo" checked>' in response.text
    assert 'value="harbour"' in response.text


def test_list_long_query_is_cut_not_an_error(client, three):
    response = client.get(f"{LIST}?q={'b' * 5000}")

    assert response.status_code == 200
    assert response.context["q"] == "b" * 200


def test_list_no_match_says_so(client, three):
    response = client.get(f"{LIST}?q=nothing-like-this")

    assert "No organisation matches these filters." in response.text


def test_list_country_choices_are_the_network_members_then_neighbours(client, db):
    response = client.get(LIST)

    codes = [c.code for c in response.context["countries"]]
    assert codes == ["DE", "DK", "EE", "FI", "LT", "LV", "PL", "SE", "IS", "NO"]


# --- HTMX --------------------------------------------------------------------------------------------------------


def test_list_htmx_request_returns_results_partial_only(client, three):
    response = client.get(f"{LIST}?country=PL", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "directory/partials/results.html"
    assert "directory/organisation_list.html" not in [t.name for t in response.templates]
    assert "<html" not in response.text
    assert "<form" not in response.text
    assert "Board Game Works" in response.text
    assert "Sound Lab" not in response.text


def test_list_without_htmx_header_returns_whole_page(client, three):
    response = client.get(LIST)

    assert response.text.lstrip().startswith("<!DOCTYPE html>")
    assert 'id="results"' in response.text
    assert "directory/partials/results.html" in [t.name for t in response.templates]


def test_list_form_targets_results_with_htmx(client, db):
    response = client.get(LIST)

    assert f'hx-get="{LIST}"' in response.text
    assert 'hx-target="#results"' in response.text


# --- Pagination --------------------------------------------------------------------------------------------------


@pytest.fixture
def many(db):
    return [OrganisationFactory(name=f"Org {i:02d}") for i in range(PAGE_SIZE + 1)]


def test_list_pages_hold_page_size_and_rest(client, many):
    first = client.get(LIST)
    second = client.get(f"{LIST}?page=2")

    assert len(_names(first)) == PAGE_SIZE
    assert _names(second) == [f"Org {PAGE_SIZE:02d}"]


@pytest.mark.parametrize(("page", "number"), [("abc", 1), ("999", 2), ("-1", 2), ("", 1)])
def test_list_bad_page_number_falls_back(client, many, page, number):
    response = client.get(f"{LIST}?page={page}")

    assert response.status_code == 200
    assert response.context["page"].number == number


def test_list_page_links_keep_filters(client, many):
    response = client.get(f"{LIST}?country=PL&type=company&q=org")

    assert 'href="?q=org&amp;country=PL&amp;type=company&amp;page=2"' in response.text
