"""The directory page: search, facets with counts, sorting, pagination state, HTMX partial with facets."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from creativeports.directory.views import PAGE_SIZE
from tests.directory.search.conftest import make
from tests.factories import MembershipFactory

pytestmark = pytest.mark.integration

LIST = reverse("directory:organisation.list")


def _names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


def _facet(response, name) -> dict[str, tuple[int, bool]]:
    facet = next(f for f in response.context["facets"] if f["name"] == name)
    return {o["value"]: (o["count"], o["checked"]) for o in facet["options"]}


def test_page_search_without_diacritics_finds_lithuanian_profile(client, register):
    response = client.get(LIST, {"q": "kurybine klaipeda"})

    assert _names(response) == ["Jūrų kūrybinė dirbtuvė"]


def test_page_search_orders_by_relevance_by_default(client, db):
    make("Aardvark Studio", description="Puppetry for children.")
    make("Puppetry Theatre", description="A theatre.")

    response = client.get(LIST, {"q": "puppetry"})

    assert _names(response) == ["Puppetry Theatre", "Aardvark Studio"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("name", ["Aardvark Studio", "Puppetry Theatre"]), ("newest", ["Puppetry Theatre", "Aardvark Studio"])],
)
def test_page_search_sort_chosen_by_reader(client, db, sort, expected):
    make("Aardvark Studio", description="Puppetry for children.")
    make("Puppetry Theatre", description="A theatre.")

    response = client.get(LIST, {"q": "puppetry", "sort": sort})

    assert _names(response) == expected


@pytest.mark.parametrize("sort", ["", "relevance", "bogus", "-name"])
def test_page_without_search_falls_back_to_name_order(client, db, sort):
    make("Zeta")
    make("Alpha")

    response = client.get(LIST, {"sort": sort})

    assert _names(response) == ["Alpha", "Zeta"]


def test_page_several_values_of_one_facet_are_alternatives(client, register):
    response = client.get(LIST, {"country": ["LT", "EE"]})

    assert _names(response) == ["Jūrų kūrybinė dirbtuvė", "Tartu Loomelabor"]


def test_page_facet_counts_shown_in_labels_with_selection(client, register):
    response = client.get(LIST, {"country": ["LT"]})

    country = _facet(response, "country")
    assert country["LT"] == (1, True)
    assert country["PL"] == (1, False)
    assert country["IS"] == (0, False)
    assert _facet(response, "type") == {
        code: (1 if code == "company" else 0, False) for code in _facet(response, "type")
    }
    label = re.search(r'<label for="f-country-LT">([^<]*)<span class="facet-count">\((\d+)\)</span>', response.text)
    assert label.group(2) == "1"


def test_page_facets_are_fieldsets_with_legends(client, register):
    response = client.get(LIST)

    legends = re.findall(r'<fieldset class="facet" id="facet-(\w+)">\s*<legend>([^<]+)</legend>', response.text)
    assert [name for name, _legend in legends] == [
        "country",
        "region",
        "domain",
        "type",
        "size",
        "language",
        "sdg",
        "verified",
    ]


def test_page_counts_hide_profiles_the_reader_may_not_see(client, db):
    make("Open", country="LT")
    make("Members Only", country="LT", profile_visibility="members")
    make("Private", country="LT", profile_visibility="private")

    anonymous = client.get(LIST, {"q": "open members private"})
    anonymous_all = client.get(LIST)

    assert _names(anonymous) == []
    assert _facet(anonymous_all, "country")["LT"] == (1, False)
    assert "Members Only" not in anonymous_all.text
    assert "Private" not in anonymous_all.text


def test_page_own_private_profile_visible_and_counted_for_its_member(client, db):
    private = make("Private Lagoon", country="LT", profile_visibility="private")
    client.force_login(MembershipFactory(organisation=private).user)

    response = client.get(LIST, {"q": "lagoon"})

    assert _names(response) == ["Private Lagoon"]
    assert _facet(response, "country")["LT"] == (1, False)


def test_page_search_for_private_email_finds_nothing(client, db):
    make("Quiet Studio", email="hidden.person@quiet.example", email_visibility="private")

    response = client.get(LIST, {"q": "hidden.person@quiet.example"})

    assert _names(response) == []
    assert response.context["page"].paginator.count == 0
    assert "Quiet Studio" not in response.text


def test_page_htmx_partial_carries_facets_out_of_band(client, register):
    response = client.get(LIST, {"country": "PL"}, headers={"HX-Request": "true"})

    assert "<form" not in response.text
    assert re.findall(r'<fieldset class="facet" id="facet-(\w+)" hx-swap-oob="true">', response.text) == [
        "country",
        "region",
        "domain",
        "type",
        "size",
        "language",
        "sdg",
        "verified",
    ]
    assert 'id="f-country-PL" name="country" value="PL" checked' in response.text
    assert response["Vary"].split(", ").count("HX-Request") == 1


def test_page_history_restore_request_gets_whole_page(client, register):
    response = client.get(LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert response.text.lstrip().startswith("<!DOCTYPE html>")
    assert 'hx-swap-oob="true"' not in response.text


def test_page_whole_page_has_plain_get_form_and_htmx_push_url(client, db):
    response = client.get(LIST)

    assert f'method="get" action="{LIST}"' in response.text
    assert 'hx-push-url="true"' in response.text
    assert '<button type="submit" class="button">Show results</button>' in response.text


def test_page_pagination_links_keep_the_whole_state(client, db):
    for i in range(PAGE_SIZE + 1):
        organisation = make(f"Mosaic {i:02d}", country="LT", size="micro", is_verified=True)
        organisation.domains.set(["games"])

    response = client.get(
        LIST,
        {
            "q": "mosaic",
            "country": "LT",
            "domain": ["games", "music"],
            "size": "micro",
            "verified": "1",
            "sort": "name",
        },
    )

    expected = (
        "?q=mosaic&amp;country=LT&amp;domain=games&amp;domain=music&amp;size=micro"
        "&amp;verified=1&amp;sort=name&amp;page=2"
    )
    assert f'href="{expected}"' in response.text
    assert f'hx-get="{expected}"' in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"country": ["PL"] * 500},
        {"sdg": ["0", "-1", "abc", "1e9", "99999999999999999999"]},
        {"verified": ["yes", "1"]},
        {"region": ["x" * 5000]},
        {"q": "\x00\x00", "country": "\x00"},
        {"q": 'NEAR("a" b) AND OR NOT ^ * : ( ) {x}'},
        {"page": "1e99"},
    ],
)
def test_page_odd_query_strings_are_answered(client, register, query):
    response = client.get(LIST, query)

    assert response.status_code == 200
