"""The language switcher in the header changes the interface language."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from creativeports.taxonomy.models import Country


@pytest.mark.e2e
def test_language_switcher_de_switches_interface_to_german(page, live_server):
    with translation.override("de"):
        directory_de = translation.gettext("Directory")
    assert directory_de != "Directory"  # the German catalogue translates it
    germany = Country.objects.get(code="DE")
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="DE", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("button", name="DE", exact=True)).to_have_attribute("aria-pressed", "true")
    # The choice sticks on the next page, and reference data speaks German too.
    page.get_by_role("navigation").get_by_role("link", name=directory_de, exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(directory_de)
    expect(page.locator("label[for='f-country-DE']")).to_contain_text(germany.names["de"])
