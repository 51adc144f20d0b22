"""Issue 3's journey in a real browser: the secretariat imports a file with errors, reads the report,
fixes the file and imports it, finds an organisation by a Lithuanian word typed without its
diacritics, sees it on the map, and downloads the filtered list as CSV and JSON-LD."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from creativeports.directory.models import Organisation
from tests.directory.imports.conftest import HEADER, good_row
from tests.e2e.steps import sign_in
from tests.factories import UserFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.e2e

LITHUANIAN = good_row(
    1,
    name="Šiaulių garso dirbtuvės",
    country="LT",
    city="Šiauliai",
    lat="55.9349",
    lon="23.3137",
    website="https://garsodirbtuves.example.lt",
    email="labas@garsodirbtuves.example.lt",
    domains="music",
    languages="lt;en",
    description="Kuriame žaidimų garso takelius ir įrašome chorus savo studijoje.",
    offers="Garso dizainas ir įgarsinimas žaidimams.",
)
POLISH = good_row(2, name="Gdańska Pracownia Form")
# Two mistakes in one row: a three-letter country code and an address without a domain.
ESTONIAN_WRONG = good_row(3, name="Tartu Light Lab", country="EST", city="Tartu", email="info@tartu")
ESTONIAN_FIXED = {**ESTONIAN_WRONG, "country": "EE", "email": "info@tartulight.example.ee"}


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import(page: Page, base: str, path: Path) -> None:
    """Upload the file for a real import, and let the background worker run it."""
    page.goto(base + "/organisations/import/")
    page.get_by_label("File:", exact=True).set_input_files(path)
    page.get_by_label("Only check the file; import nothing").uncheck()
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("status")).to_contain_text("Waiting for the background worker")
    assert run_queued_tasks() >= 1  # what `make run`'s worker does; the page polls for the result


def test_secretariat_imports_fixes_finds_maps_and_downloads(page, live_server, tmp_path):
    base = live_server.url
    sign_in(page, base, UserFactory(is_secretariat=True).email)

    # From the start page to the import page.
    page.goto(base + "/me/")
    page.get_by_role("link", name="Import organisations").click()
    expect(page.get_by_role("heading", name="Import organisations")).to_be_visible()

    # A file with errors: the report names the row and column of each; nothing is written.
    _import(page, base, _write(tmp_path / "members.csv", [LITHUANIAN, POLISH, ESTONIAN_WRONG]))
    report = page.locator("#import-report")
    expect(report.locator(".import-summary")).to_have_text("2 problems found; nothing was imported.")
    cells = [row.locator("td").all_inner_texts()[:2] for row in report.locator("tbody tr").all()]
    assert sorted(cells) == [["4", "country"], ["4", "email"]]
    assert Organisation.objects.count() == 0

    # The fixed file imports all three.
    _import(page, base, _write(tmp_path / "members-fixed.csv", [LITHUANIAN, POLISH, ESTONIAN_FIXED]))
    expect(page.locator("#import-report .import-summary")).to_have_text("Imported: 3 created, 0 updated, 0 unchanged.")
    assert Organisation.objects.count() == 3

    # "zaidimu" finds "žaidimų" in the Lithuanian description (the list follows the typing).
    page.goto(base + "/organisations/")
    page.get_by_role("searchbox", name="Search").fill("zaidimu")
    expect(page).to_have_url(re.compile(r"/organisations/\?q=zaidimu\b"))
    cards = page.locator("#results .organisation-card h3")
    expect(cards).to_have_count(1)
    expect(cards).to_have_text(LITHUANIAN["name"])

    # The same list on the map: one marker, at the coordinates of the file.
    page.get_by_role("link", name="Show these organisations on the map").click()
    expect(page.locator("#map-count")).to_have_text("1 organisation on the map")
    marker = page.locator(f"#map .leaflet-marker-icon[title='{LITHUANIAN['name']}']")
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#map .leaflet-popup-content").get_by_role("link", name=LITHUANIAN["name"])).to_be_visible()

    # Back to the list, and its downloads: only the organisation found.
    page.get_by_role("link", name="See these organisations as a list").click()
    expect(cards).to_have_count(1)
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV", exact=True).click()
    with Path(csv_download.value.path()).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["name"], row["country"]) for row in rows] == [(LITHUANIAN["name"], "LT")]
    with page.expect_download() as jsonld_download:
        page.get_by_role("link", name="JSON-LD (schema.org)").click()
    assert jsonld_download.value.suggested_filename.endswith(".jsonld")
    graph = json.loads(Path(jsonld_download.value.path()).read_text(encoding="utf-8"))["@graph"]
    assert [(node["@type"], node["name"]) for node in graph] == [("Organization", LITHUANIAN["name"])]


def test_a_refused_download_shows_why_and_the_way_back(page, live_server, settings, page_problems, rate_window):
    settings.CREATIVEPORTS_EXPORTS_PER_MINUTE = 1
    # Chromium logs any page that answers with an error status, this one included.
    page_problems.expect(r"export\.json\?country=PL: Failed to load resource: .* status of 429 ")
    page.goto(live_server.url + "/organisations/?country=PL")
    with page.expect_download():
        page.get_by_role("link", name="CSV", exact=True).click()

    page.get_by_role("link", name="JSON", exact=True).click()

    expect(page.get_by_role("heading", name="Too many downloads")).to_be_visible()
    page.get_by_role("link", name="Back to the directory").click()
    expect(page).to_have_url(live_server.url + "/organisations/?country=PL")
