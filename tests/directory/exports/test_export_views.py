"""The export endpoint: formats, headers, the directory's filters, and what each reader may see."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from creativeports.directory.exports.formats import COLUMNS
from tests.directory.exports.parsing import body_of, email_of, records_of, table_of
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.integration

FORMATS = ["csv", "xlsx", "json", "jsonld"]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "jsonld": "application/ld+json",
}


def _export(client, fmt, query=""):
    response = client.get(reverse("directory:organisation.export", args=[fmt]) + query)
    assert response.status_code == 200
    return records_of(fmt, body_of(response))


def _by_name(records):
    return {record["name"]: record for record in records}


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_headers_name_a_dated_file_of_the_right_type(client, organisation, fmt):
    response = client.get(reverse("directory:organisation.export", args=[fmt]))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == CONTENT_TYPES[fmt]
    today = datetime.date.today().isoformat()  # noqa: DTZ011 -- the test settings' time zone day
    extension = "jsonld" if fmt == "jsonld" else fmt
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="creativeports-organisations-{today}.{extension}"'
    )
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonld"])
def test_export_text_formats_stream(client, organisation, fmt):
    response = client.get(reverse("directory:organisation.export", args=[fmt]))

    assert response.streaming is True


def test_export_unknown_format_is_404(client, organisation):
    response = client.get(reverse("directory:organisation.export", args=["pdf"]))

    assert response.status_code == 404


def test_export_post_is_not_allowed(client, organisation):
    response = client.post(reverse("directory:organisation.export", args=["csv"]))

    assert response.status_code == 405


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_spreadsheet_has_one_row_per_organisation_under_the_columns(client, db, fmt):
    OrganisationFactory(name="Bravo Works", latitude=54.35, longitude=18.65, founded=2004, size="small")
    OrganisationFactory(name="Alpha Works")
    response = client.get(reverse("directory:organisation.export", args=[fmt]))

    header, *rows = table_of(fmt, body_of(response))

    assert header == list(COLUMNS)
    assert [row[COLUMNS.index("name")] for row in rows] == ["Alpha Works", "Bravo Works"]
    bravo = dict(zip(header, rows[1], strict=True))
    expected = {"lat": 54.35, "lon": 18.65, "founded": 2004, "size": "small", "country": "PL", "type": "company"}
    if fmt == "csv":
        expected = {key: str(value) for key, value in expected.items()}
    assert {key: bravo[key] for key in expected} == expected


def test_export_csv_joins_lists_with_semicolons(client, db):
    organisation = OrganisationFactory(name="Listy")
    organisation.domains.set(["games", "design"])
    organisation.languages.set(["pl", "en"])
    organisation.sdgs.set([4, 11])

    record = _by_name(_export(client, "csv"))["Listy"]

    assert (record["domains"], record["languages"], record["sdgs"]) == ("design;games", "en;pl", "4;11")


def test_export_json_items_are_the_api_shape(client, organisation):
    records = _export(client, "json")

    assert len(records) == 1
    assert records[0]["id"] == organisation.pk
    assert records[0]["slug"] == organisation.slug
    assert records[0]["contact"] == {"contact_name": "Ewa Kowalska"}


def test_export_jsonld_is_a_schema_org_graph(client, organisation):
    response = client.get(reverse("directory:organisation.export", args=["jsonld"]))

    document = json.loads(body_of(response))

    assert document["@context"] == "https://schema.org"
    assert [node["@type"] for node in document["@graph"]] == ["Organization"]
    assert document["@graph"][0]["name"] == organisation.name


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?country=LT", {"Vilnius Lab"}),
        ("?type=ngo", {"Riga Assoc"}),
        ("?q=puppets", {"Riga Assoc"}),
        ("?domain=music", {"Vilnius Lab"}),
        ("?language=lv", {"Riga Assoc"}),
        ("?sdg=4", {"Vilnius Lab"}),
        ("?sdg=x4&page=3", {"Vilnius Lab", "Riga Assoc", "Gdansk Games"}),
        ("?country=LT&country=LV", {"Vilnius Lab", "Riga Assoc"}),
        ("?verified=1", {"Riga Assoc"}),
        ("?size=small", {"Gdansk Games"}),
        ("?region=Latgale", {"Riga Assoc"}),
        ("", {"Vilnius Lab", "Riga Assoc", "Gdansk Games"}),
    ],
)
def test_export_follows_the_directory_filter(client, db, fmt, query, expected):
    lab = OrganisationFactory(name="Vilnius Lab", country_id="LT")
    lab.domains.set(["music"])
    lab.sdgs.set([4])
    assoc = OrganisationFactory(
        name="Riga Assoc",
        country_id="LV",
        type_id="ngo",
        region="Latgale",
        description="Puppets on tour.",
        is_verified=True,
    )
    assoc.languages.set(["lv"])
    OrganisationFactory(name="Gdansk Games", size="small")

    records = _export(client, fmt, query)

    assert {record["name"] for record in records} == expected


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("role", "sees_email", "sees_phone"),
    [("anonymous", False, False), ("outsider", False, True), ("member", True, True), ("secretariat", True, True)],
)
def test_export_contact_fields_only_for_their_audience(client_as, organisation, fmt, role, sees_email, sees_phone):
    reader = client_as(role)

    record = _by_name(_export(reader, fmt))[organisation.name]
    content = str(record)

    assert (email_of(fmt, record) == organisation.email) is sees_email
    assert (organisation.email in content) is sees_email
    assert ("58 000 0000" in content) is sees_phone


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {"Open Studio"}),
        ("outsider", {"Open Studio", "Members Studio"}),
        ("member", {"Open Studio", "Members Studio", "Own Private Studio"}),
        ("secretariat", {"Open Studio", "Members Studio", "Own Private Studio", "Other Private Studio", "Merged"}),
    ],
)
def test_export_lists_only_profiles_the_reader_may_see(client_as, organisation, fmt, role, expected):
    organisation.name, organisation.profile_visibility = "Own Private Studio", "private"
    organisation.save()
    open_studio = OrganisationFactory(name="Open Studio")
    OrganisationFactory(name="Members Studio", profile_visibility="members")
    OrganisationFactory(name="Other Private Studio", profile_visibility="private")
    OrganisationFactory(name="Merged", merged_into=open_studio)
    reader = client_as(role)

    names = {record["name"] for record in _export(reader, fmt)}

    # The outsider's own organisation (created by its fixture) is public and named "Studio N".
    assert {name for name in names if not name.startswith("Studio ")} == expected


FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("formula", FORMULAS)
def test_export_spreadsheet_neutralises_formulas_in_names_and_descriptions(client, db, fmt, formula):
    OrganisationFactory(name=formula, description=formula)

    records = _export(client, fmt)

    expected = "'" + formula
    if fmt == "xlsx":
        expected = expected.replace("\r", "\n")  # XML parsers read a carriage return as a line feed
    assert [(record["name"], record["description"]) for record in records] == [(expected, expected)]


@pytest.mark.parametrize("fmt", ["json", "jsonld"])
def test_export_json_keeps_text_as_written(client, db, fmt):
    OrganisationFactory(name="=1+1", description="-minus")

    records = _export(client, fmt)

    assert [(record["name"], record["description"]) for record in records] == [("=1+1", "-minus")]


def test_export_xlsx_drops_control_characters_that_would_hide_a_formula(client, db):
    OrganisationFactory(name="\x01=CMD()", description="bell\x07 inside")

    records = _export(client, "xlsx")

    assert [(record["name"], record["description"]) for record in records] == [("'=CMD()", "bell inside")]


def test_directory_page_links_each_export_with_the_current_filter(client, organisation):
    response = client.get(reverse("directory:organisation.list") + "?country=PL&domain=games&page=2")

    content = response.content.decode()
    for fmt in FORMATS:
        url = reverse("directory:organisation.export", args=[fmt])
        assert content.count(f'href="{url}?country=PL&amp;domain=games"') == 1
    # Also the way to the same organisations on the map.
    map_url = reverse("directory:organisation.map")
    assert content.count(f'href="{map_url}?country=PL&amp;domain=games"') == 1
    # No `download` attribute: a refused export (429) shows its page instead of a failed download.
    assert " download" not in content.split('id="export-links"', 1)[1].split("</div>", 1)[0]


@pytest.mark.django_db
def test_exports_past_the_limit_get_a_clear_429_and_a_way_back(client, organisation, settings, rate_window):
    settings.CREATIVEPORTS_EXPORTS_PER_MINUTE = 2
    url = reverse("directory:organisation.export", args=["csv"]) + "?country=PL"

    statuses = [client.get(url).status_code for _ in range(3)]
    refused = client.get(reverse("directory:organisation.export", args=["jsonld"]) + "?country=PL")

    assert statuses == [200, 200, 429]
    assert (refused.status_code, refused.headers["Retry-After"]) == (429, "60")
    assert "please wait a moment" in refused.content.decode()
    assert f'href="{reverse("directory:organisation.list")}?country=PL"' in refused.content.decode()
    assert organisation.name not in refused.content.decode()


@pytest.mark.django_db
def test_exports_are_counted_per_client(client, organisation, settings, rate_window):
    settings.CREATIVEPORTS_EXPORTS_PER_MINUTE = 1
    url = reverse("directory:organisation.export", args=["json"])

    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
    client.force_login(UserFactory())  # another client: the signed-in user, counted apart
    assert client.get(url).status_code == 200
