"""Pure functions of the export formats: formula neutralising, spreadsheet rows, schema.org nodes."""

from __future__ import annotations

import pytest

from creativeports.common.spreadsheet import neutralise_cell
from creativeports.directory.exports.formats import COLUMNS, organisation_jsonld, organisation_row

pytestmark = pytest.mark.unit


def _data(**changes):
    """An `organisation_as_dict` result with every list filled."""
    data = {
        "id": 7,
        "name": "Amber Sound",
        "slug": "amber-sound",
        "url": "https://example.org/organisations/amber-sound/",
        "type": "company",
        "type_label": "Company",
        "country": "LT",
        "country_name": "Lithuania",
        "region": "Vilnius County",
        "city": "Vilnius",
        "latitude": 54.68,
        "longitude": 25.28,
        "domains": ["music", "audiovisual"],
        "nace_codes": ["59.20"],
        "size": "micro",
        "founded": 2011,
        "languages": ["lt", "en"],
        "website": "https://amber.example",
        "social_links": ["https://vimeo.com/amber"],
        "logo_url": "https://example.org/media/logos/amber.png",
        "description": "Recording studio.",
        "description_lang": "en",
        "offers": "",
        "offers_lang": "",
        "needs": "",
        "needs_lang": "",
        "target_markets": ["DE", "SE"],
        "international_experience": "some",
        "sdgs": [8],
        "is_verified": True,
        "is_demo": False,
        "contact": {"email": "hello@amber.example", "phone": "+370 5 000 0000"},
        "updated": "2026-01-02T03:04:05+00:00",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_neutralise_cell_prefixes_formula_starts(value):
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Studio", " =1", "a=b", "", "'quoted", 12, -3.5, True, None])
def test_neutralise_cell_keeps_other_values(value):
    assert neutralise_cell(value) == value


def test_neutralise_cell_removes_control_characters_before_checking():
    assert neutralise_cell("\x00\x1b=cmd") == "'=cmd"


def test_organisation_row_follows_the_columns():
    row = dict(zip(COLUMNS, organisation_row(_data()), strict=True))

    assert row["lat"] == 54.68
    assert row["nace"] == "59.20"
    assert row["domains"] == "music;audiovisual"
    assert row["phone"] == "'+370 5 000 0000"
    assert row["contact_name"] == ""
    assert row["is_verified"] is True


def test_organisation_jsonld_maps_schema_org_terms():
    node = organisation_jsonld(_data())

    assert node == {
        "@type": "Organization",
        "@id": "https://example.org/organisations/amber-sound/",
        "name": "Amber Sound",
        "url": "https://example.org/organisations/amber-sound/",
        "description": "Recording studio.",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Vilnius",
            "addressRegion": "Vilnius County",
            "addressCountry": "LT",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 54.68, "longitude": 25.28},
        "foundingDate": "2011",
        "numberOfEmployees": {"@type": "QuantitativeValue", "minValue": 2, "maxValue": 9},
        "knowsLanguage": ["lt", "en"],
        "areaServed": [{"@type": "Country", "identifier": "DE"}, {"@type": "Country", "identifier": "SE"}],
        "sameAs": ["https://amber.example", "https://vimeo.com/amber"],
        "logo": "https://example.org/media/logos/amber.png",
        "email": "hello@amber.example",
        "telephone": "+370 5 000 0000",
        "keywords": ["music", "audiovisual"],
    }


def test_organisation_jsonld_largest_size_band_has_no_upper_bound():
    node = organisation_jsonld(_data(size="large"))

    assert node["numberOfEmployees"] == {"@type": "QuantitativeValue", "minValue": 250}


def test_organisation_jsonld_leaves_out_what_is_empty_or_hidden():
    data = _data(
        description="",
        region="",
        city="",
        latitude=None,
        founded=None,
        size="",
        languages=[],
        target_markets=[],
        website="",
        social_links=[],
        logo_url=None,
        domains=[],
        contact={},
    )

    node = organisation_jsonld(data)

    assert node == {
        "@type": "Organization",
        "@id": data["url"],
        "name": "Amber Sound",
        "url": data["url"],
        "address": {"@type": "PostalAddress", "addressCountry": "LT"},
    }
