"""The directory's country facet: live with HTMX, and as a plain form without JavaScript."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from creativeports.taxonomy.models import Country
from tests.factories import OrganisationFactory


def _result_names(page):
    return page.locator("#results .organisation-card h3").all_inner_texts()


@pytest.mark.e2e
def test_directory_country_filter_updates_results_without_page_load(page, live_server):
    OrganisationFactory(name="Gdańsk Type Foundry", country=Country.objects.get(code="PL"))
    OrganisationFactory(name="Tallinn Film Lab", country=Country.objects.get(code="EE"))
    estonia = Country.objects.get(code="EE")
    page.goto(live_server.url + "/organisations/")
    expect(page.locator("#results .organisation-card")).to_have_count(2)
    page.evaluate("window.__sameDocument = 'still here'")

    page.locator("#facet-country").get_by_label(estonia.label).check()

    expect(page.locator("#results .organisation-card")).to_have_count(1)
    assert _result_names(page) == ["Tallinn Film Lab"]
    assert parse_qs(urlsplit(page.url).query).get("country") == ["EE"]
    assert page.evaluate("window.__sameDocument") == "still here"
    # The facet counts follow the results (out-of-band swap) and keep the selection.
    expect(page.locator("#facet-country").get_by_label(estonia.label)).to_be_checked()

    page.go_back()
    expect(page).to_have_url(live_server.url + "/organisations/")
    expect(page.locator("#results .organisation-card")).to_have_count(2)
    assert _result_names(page) == ["Gdańsk Type Foundry", "Tallinn Film Lab"]
    expect(page.locator("#facet-country").get_by_label(estonia.label)).not_to_be_checked()


@pytest.mark.e2e
def test_directory_country_filter_works_without_javascript(new_context, live_server):
    OrganisationFactory(name="Gdańsk Type Foundry", country=Country.objects.get(code="PL"))
    OrganisationFactory(name="Tallinn Film Lab", country=Country.objects.get(code="EE"))
    poland = Country.objects.get(code="PL")
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/organisations/")

    page.locator("#facet-country").get_by_label(poland.label).check()
    page.get_by_role("button", name="Show results").click()

    expect(page.locator("#results .organisation-card")).to_have_count(1)
    assert _result_names(page) == ["Gdańsk Type Foundry"]
    assert parse_qs(urlsplit(page.url).query).get("country") == ["PL"]


@pytest.mark.e2e
def test_typing_a_search_and_pressing_enter_asks_the_server_once(page, live_server):
    OrganisationFactory(name="Gdańsk Type Foundry", country=Country.objects.get(code="PL"))
    OrganisationFactory(name="Tallinn Film Lab", country=Country.objects.get(code="EE"))
    page.goto(live_server.url + "/organisations/")
    expect(page.locator("#results .organisation-card")).to_have_count(2)
    searches: list[str] = []
    page.on("request", lambda request: searches.append(request.url) if "q=" in request.url else None)

    page.locator("#id_q").press_sequentially("tallinn", delay=30)
    page.locator("#id_q").press("Enter")

    expect(page.locator("#results .organisation-card")).to_have_count(1)
    page.wait_for_timeout(1000)  # past the live search's pause, when a second request would leave
    assert len(searches) == 1, searches
    assert _result_names(page) == ["Tallinn Film Lab"]
    assert parse_qs(urlsplit(page.url).query).get("q") == ["tallinn"]

    # Back to the full list, and the same search again: the restored page's fields are what it shows.
    page.go_back()
    expect(page.locator("#results .organisation-card")).to_have_count(2)
    page.locator("#id_q").fill("tallinn")
    page.locator("#id_q").press("Enter")
    expect(page.locator("#results .organisation-card")).to_have_count(1)
    page.wait_for_timeout(1000)
    assert len(searches) == 2, searches
