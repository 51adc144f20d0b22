"""The map page in a real browser: offline outlines, clustered markers, filters, popups."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from creativeports.taxonomy.models import Country
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.e2e

MAP_PATH = "/organisations/map/"


def _gdansk_studios():
    """Three organisations a few hundred metres apart: one cluster at the region's zoom."""
    return [
        OrganisationFactory(name=f"Gdańsk Studio {n}", latitude=54.35 + n * 0.003, longitude=18.65 + n * 0.003)
        for n in range(3)
    ]


def test_map_renders_country_outlines_without_a_tile_server(page, live_server, axe_check):
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlsplit(request.url).netloc))

    page.goto(live_server.url + MAP_PATH)

    outlines = page.locator("#map path.map-country")
    expect(outlines.first).to_be_attached()
    assert outlines.count() > 20
    assert page.locator("#map path.map-border").count() == outlines.count()
    expect(page.locator("#map .leaflet-tile")).to_have_count(0)
    expect(page.locator("#map")).to_have_attribute("aria-busy", "false")
    assert requested_hosts == {urlsplit(live_server.url).netloc}
    assert axe_check(page) == []


def test_map_clusters_nearby_organisations_with_their_count(page, live_server):
    _gdansk_studios()
    OrganisationFactory(
        name="Tallinn Film Lab", country=Country.objects.get(code="EE"), latitude=59.44, longitude=24.75
    )

    page.goto(live_server.url + MAP_PATH)

    cluster = page.locator("#map .marker-cluster")
    expect(cluster).to_have_count(1)
    expect(cluster).to_have_text("3")
    expect(page.locator("#map .leaflet-marker-icon[title='Tallinn Film Lab']")).to_have_count(1)
    expect(page.locator("#map-count")).to_have_text("4 organisations on the map")


def test_map_filter_changes_the_markers_and_the_url(page, live_server):
    _gdansk_studios()
    OrganisationFactory(
        name="Tallinn Film Lab", country=Country.objects.get(code="EE"), latitude=59.44, longitude=24.75
    )
    estonia = Country.objects.get(code="EE")
    page.goto(live_server.url + MAP_PATH)
    expect(page.locator("#map .marker-cluster")).to_have_count(1)

    page.get_by_label("Country", exact=True).select_option(label=estonia.label)

    expect(page.locator("#map .marker-cluster")).to_have_count(0)
    expect(page.locator("#map .leaflet-marker-icon")).to_have_count(1)
    expect(page.locator("#map .leaflet-marker-icon")).to_have_attribute("title", "Tallinn Film Lab")
    expect(page.locator("#map-count")).to_have_text("1 organisation on the map")
    assert parse_qs(urlsplit(page.url).query) == {"country": ["EE"]}
    assert parse_qs(urlsplit(page.locator("#map-list-link").get_attribute("href")).query) == {"country": ["EE"]}

    page.go_back()

    expect(page.locator("#map .marker-cluster")).to_have_count(1)
    assert page.get_by_label("Country", exact=True).input_value() == ""


def test_map_popup_links_to_the_organisation_and_notes_an_approximate_location(page, live_server):
    organisation = OrganisationFactory(
        name="Amber Sound", city="Gdańsk", latitude=54.35227, longitude=18.64912, location_approximate=True
    )
    page.goto(live_server.url + MAP_PATH)
    marker = page.locator("#map .leaflet-marker-icon[title='Amber Sound']")

    marker.focus()
    page.keyboard.press("Enter")

    popup = page.locator("#map .leaflet-popup-content")
    link = popup.get_by_role("link", name="Amber Sound")
    expect(link).to_have_attribute("href", f"/organisations/{organisation.slug}/")
    expect(popup.locator(".map-approximate")).to_have_count(1)
    link.click()
    expect(page).to_have_url(live_server.url + f"/organisations/{organisation.slug}/")


def test_map_keeps_the_directory_filters_it_has_no_control_for_across_back(page, live_server):
    OrganisationFactory(name="Amber Sound", country=Country.objects.get(code="PL"), latitude=54.35, longitude=18.65)
    OrganisationFactory(name="Malmö Loop", country=Country.objects.get(code="SE"), latitude=55.6, longitude=13.0)
    OrganisationFactory(
        name="Tallinn Film Lab", country=Country.objects.get(code="EE"), latitude=59.44, longitude=24.75
    )
    # Two countries, as the directory's facet can choose them; the map's select holds one.
    page.goto(live_server.url + MAP_PATH + "?country=PL&country=SE")
    expect(page.locator("#map-count")).to_have_text("2 organisations on the map")
    expect(page.get_by_text("Also filtered as in the directory list.")).to_be_visible()

    page.get_by_label("Type", exact=True).select_option("ngo")
    expect(page.locator("#map-count")).to_have_text("0 organisations on the map")
    assert parse_qs(urlsplit(page.url).query) == {"country": ["PL", "SE"], "type": ["ngo"]}

    page.go_back()

    expect(page.locator("#map-count")).to_have_text("2 organisations on the map")
    assert parse_qs(urlsplit(page.locator("#map-list-link").get_attribute("href")).query) == {"country": ["PL", "SE"]}
