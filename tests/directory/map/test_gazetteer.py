"""The offline gazetteer: cities by name and country, without diacritics or case."""

from __future__ import annotations

import pytest

from creativeports.common.gazetteer import city_coordinates, normalise_place_name

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Gdansk", "Gdańsk"), ("MALMO", "Malmö"), ("Kobenhavn", "København"), ("lodz", "Łódź"), ("Tromso", "Tromsø")],
)
def test_normalise_place_name_without_diacritics_and_case_matches(typed, stored):
    assert normalise_place_name(typed) == normalise_place_name(stored)


def test_normalise_place_name_collapses_punctuation_and_spaces():
    assert normalise_place_name("  Frankfurt-am   Main ") == "frankfurt am main"


def test_city_coordinates_without_diacritics_finds_the_city():
    assert city_coordinates("Gdansk", "PL") == city_coordinates("Gdańsk", "PL")
    assert city_coordinates("Malmo", "se") == city_coordinates("Malmö", "SE")


def test_city_coordinates_of_gdansk_lie_in_gdansk():
    lat, lon = city_coordinates("Gdańsk", "PL")

    assert 54.2 < lat < 54.5
    assert 18.4 < lon < 18.8


def test_city_coordinates_alternate_name_finds_the_city():
    assert city_coordinates("Danzig", "PL") == city_coordinates("Gdańsk", "PL")
    assert city_coordinates("Åbo", "FI") == city_coordinates("Turku", "FI")
    assert city_coordinates("Copenhagen", "DK") == city_coordinates("København", "DK")


def test_city_coordinates_in_another_country_is_not_found():
    assert city_coordinates("Gdańsk", "SE") is None


@pytest.mark.parametrize(
    ("city", "country"), [("Nowhere-on-Sea", "PL"), ("", "PL"), ("Gdańsk", ""), (None, None), ("Gdańsk", "POL")]
)
def test_city_coordinates_unknown_or_incomplete_is_none(city, country):
    assert city_coordinates(city, country) is None
