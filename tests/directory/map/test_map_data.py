"""The map data endpoint: GeoJSON of what the reader may see, with the directory's filters."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from creativeports.directory import map as map_module
from creativeports.directory.listing import Filters
from creativeports.directory.models import Organisation
from creativeports.directory.selectors import directory_filters_from_query
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.integration

DATA_URL = reverse("directory:organisation.map_data")


def _located(**kwargs):
    kwargs.setdefault("latitude", 54.35227)
    kwargs.setdefault("longitude", 18.64912)
    return OrganisationFactory(**kwargs)


def _get(client, query=""):
    response = client.get(DATA_URL + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def _names(collection):
    return sorted(feature["properties"]["n"] for feature in collection["features"])


def test_map_data_feature_has_compact_properties_and_rounded_coordinates(client, db):
    organisation = _located(
        name="Amber Sound", latitude=54.352271234, longitude=18.649129876, location_approximate=True
    )

    collection = _get(client)

    assert collection["type"] == "FeatureCollection"
    assert collection["count"] == 1
    assert collection["clustered"] is False
    assert collection["features"] == [
        {
            "type": "Feature",
            "id": organisation.pk,
            "geometry": {"type": "Point", "coordinates": [18.6491, 54.3523]},
            "properties": {
                "n": "Amber Sound",
                "t": "company",
                "c": "PL",
                "u": reverse("directory:organisation.detail", args=[organisation.slug]),
                "a": 1,
            },
        }
    ]


def test_map_data_leaves_out_organisations_without_coordinates(client, db):
    _located(name="Placed")
    OrganisationFactory(name="Nowhere")

    assert _names(_get(client)) == ["Placed"]


def test_map_data_anonymous_sees_only_public_profiles(client, db):
    _located(name="Public")
    _located(name="Members only", profile_visibility="members")
    _located(name="Private", profile_visibility="private")
    _located(name="Merged", merged_into=_located(name="Target"))

    assert _names(_get(client)) == ["Public", "Target"]


def test_map_data_member_sees_members_profiles_and_own_private_one(client, db):
    own = _located(name="Own private", profile_visibility="private")
    client.force_login(MembershipFactory(organisation=own).user)
    _located(name="Members only", profile_visibility="members")
    _located(name="Other private", profile_visibility="private")

    assert _names(_get(client)) == ["Members only", "Own private"]


def test_map_data_secretariat_sees_private_and_merged_profiles(client, secretariat):
    client.force_login(secretariat)
    _located(name="Private", profile_visibility="private")
    _located(name="Merged", merged_into=_located(name="Target"))

    assert _names(_get(client)) == ["Merged", "Private", "Target"]


def test_map_data_filters_like_the_directory(client, db):
    games = _located(name="Pixel Forge", country_id="SE")
    games.domains.set(["games"])
    _located(name="Baltic Ink", country_id="SE", type_id="ngo")
    _located(name="Amber Sound", country_id="PL")

    assert _names(_get(client, "?country=se")) == ["Baltic Ink", "Pixel Forge"]
    assert _names(_get(client, "?country=SE&type=ngo")) == ["Baltic Ink"]
    assert _names(_get(client, "?domain=games")) == ["Pixel Forge"]
    assert _names(_get(client, "?q=amber")) == ["Amber Sound"]


def test_directory_filters_from_query_maps_every_directory_parameter():
    params = QueryDict(
        "q= board &country=pl&country=SE&country=pl&region=PL22&type=ngo&domain=games&size=micro"
        "&language=lt&sdg=4&sdg=8&verified=1&page=2&bbox=1,2,3,4"
    )

    assert directory_filters_from_query(params) == Filters(
        q="board",
        country=("PL", "SE"),
        region=("PL22",),
        type=("ngo",),
        domain=("games",),
        size=("micro",),
        language=("lt",),
        sdg=(4, 8),
        verified=True,
    )


def test_directory_filters_from_query_without_parameters_filters_nothing():
    assert directory_filters_from_query(QueryDict("")) == Filters()


def test_map_data_several_values_of_a_filter_are_alternatives(client, db):
    _located(name="Pixel Forge", country_id="SE")
    _located(name="Baltic Ink", country_id="EE")
    _located(name="Amber Sound", country_id="PL")

    assert _names(_get(client, "?country=SE&country=EE")) == ["Baltic Ink", "Pixel Forge"]


@pytest.mark.parametrize(
    "query",
    [
        "?sdg=abc",
        "?sdg=99999999999999999999",
        "?verified=yes",
        "?country=%00",
        "?type=nope",
        "?domain=" + "x" * 500,
        "?language=zz&q=" + "a" * 5000,
    ],
)
def test_map_data_odd_filters_answer_200(client, db, query):
    _located()

    response = client.get(DATA_URL + query)

    assert response.status_code == 200


def test_map_data_bbox_keeps_only_organisations_inside(client, db):
    _located(name="Gdańsk", latitude=54.35, longitude=18.65)
    _located(name="Malmö", latitude=55.6, longitude=13.0)

    assert _names(_get(client, "?bbox=17,53,20,56")) == ["Gdańsk"]


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "20,53,17,56", "17,56,20,53", "nan,1,2,3", "inf,1,2,3"])
def test_map_data_bad_bbox_is_400_with_the_error_shape(client, db, bbox):
    response = client.get(DATA_URL, {"bbox": bbox})

    assert response.status_code == 400
    assert json.loads(response.content)["errors"][0]["field"] == "bbox"


def test_map_data_above_the_threshold_sends_grid_cells_with_counts(client, db, monkeypatch):
    monkeypatch.setattr(map_module, "CLUSTER_THRESHOLD", 2)
    for offset in (0.0, 0.01, 0.02):
        _located(latitude=54.35 + offset, longitude=18.65 + offset)
    _located(latitude=59.33, longitude=18.07)

    collection = _get(client)

    assert collection["clustered"] is True
    assert collection["count"] == 4
    assert sorted(feature["properties"]["k"] for feature in collection["features"]) == [1, 3]
    assert all("n" not in feature["properties"] for feature in collection["features"])


def test_map_data_grid_counts_each_organisation_once_with_a_join_filter(client, db, monkeypatch):
    monkeypatch.setattr(map_module, "CLUSTER_THRESHOLD", 1)
    for offset in (0.0, 0.01):
        organisation = _located(latitude=54.35 + offset, longitude=18.65)
        organisation.domains.set(["games", "design"])

    collection = _get(client, "?domain=games")

    assert [feature["properties"]["k"] for feature in collection["features"]] == [2]


def test_map_data_below_the_threshold_in_a_box_sends_points_again(client, db, monkeypatch):
    monkeypatch.setattr(map_module, "CLUSTER_THRESHOLD", 2)
    _located(name="Gdańsk", latitude=54.35, longitude=18.65)
    _located(name="Stockholm", latitude=59.33, longitude=18.07)
    _located(name="Malmö", latitude=55.6, longitude=13.0)

    collection = _get(client, "?bbox=17,53,20,56")

    assert collection["clustered"] is False
    assert _names(collection) == ["Gdańsk"]


def _count_queries(client, query):
    """Steady-state queries: asked once first, so a listing rebuild after a write is not counted
    (see tests/directory/queryguard.py)."""
    _get(client, query)
    with CaptureQueriesContext(connection) as queries:
        _get(client, query)
    return len(queries)


@pytest.mark.parametrize("query", ["", "?country=PL&type=company&domain=games&q=board"])
@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_map_data_queries_same_for_1_and_3_organisations(client, db, query, viewer):
    def rich():
        organisation = _located()
        organisation.domains.set(["games", "design"])
        organisation.languages.set(["pl", "en"])
        return organisation

    if viewer == "member":
        client.force_login(MembershipFactory(organisation=rich()).user)
    else:
        rich()
    _get(client, query)  # warm-up: sessions, content types
    one = _count_queries(client, query)
    rich()
    rich()

    three = _count_queries(client, query)

    assert Organisation.objects.count() == 3
    assert three == one


def test_map_page_renders_filters_and_list_link_with_the_same_filters(client, db):
    response = client.get(reverse("directory:organisation.map") + "?country=SE&type=ngo&bbox=1,2,3,4")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("directory:organisation.list")}?country=SE&amp;type=ngo"' in html
    assert f'data-data-url="{DATA_URL}"' in html
    assert '<option value="SE" selected>' in html
    assert 'data-tiles=""' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_map_form_state_selects_the_first_value_and_keeps_the_rest_hidden():
    filters = directory_filters_from_query(
        QueryDict("q=film&country=PL&country=SE&type=ngo&region=PL22&language=lt&sdg=4&verified=1")
    )

    chosen, kept = map_module.map_form_state(filters)

    assert chosen == {"country": "PL", "type": "ngo", "domain": ""}
    assert kept == [("country", "SE"), ("region", "PL22"), ("language", "lt"), ("sdg", "4"), ("verified", "1")]


def test_map_page_keeps_the_directory_filters_it_has_no_control_for(client, db):
    response = client.get(reverse("directory:organisation.map") + "?country=PL&country=SE&language=lt")

    html = response.content.decode()
    assert '<option value="PL" selected>' in html
    assert '<option value="SE" selected>' not in html
    assert '<input type="hidden" name="country" value="SE">' in html
    assert '<input type="hidden" name="language" value="lt">' in html
    assert "Also filtered as in the directory list." in html


def test_map_page_without_other_filters_has_no_hidden_fields(client, db):
    html = client.get(reverse("directory:organisation.map") + "?country=PL").content.decode()

    assert 'type="hidden"' not in html.split('id="map-filters"', 1)[1].split("</form>", 1)[0]
    assert "Also filtered as in the directory list." not in html


def test_map_data_with_the_kept_filters_answers_as_the_directory(client, db):
    lithuanian = _located(name="Garso Dirbtuves", country_id="LT")
    lithuanian.languages.set(["lt"])
    _located(name="Amber Sound", country_id="LT")

    assert _names(_get(client, "?country=LT&language=lt")) == ["Garso Dirbtuves"]


def test_map_page_passes_the_tile_setting(client, db, settings):
    settings.CREATIVEPORTS_MAP_TILES = "https://tiles.example.org/{z}/{x}/{y}.png"

    response = client.get(reverse("directory:organisation.map"))

    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in response.content.decode()


def test_map_page_offers_the_chosen_country_outside_the_network(client, db):
    _located(name="Atelier Lumière", country_id="FR")

    html = client.get(reverse("directory:organisation.map") + "?country=FR").content.decode()

    # Selected in the menu, so the next change of another filter keeps it.
    assert '<option value="FR" selected>' in html
    assert '<option value="PL">' in html
    # Countries outside the network are not all listed: only the one asked for.
    assert '<option value="NL"' not in html
