"""The `import_organisations` command, run on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook

from creativeports.common.gazetteer import city_coordinates
from creativeports.common.models import AuditEntry
from creativeports.directory.models import Affiliation, Organisation
from tests.directory.imports.conftest import HEADER, good_row, write_csv, write_json
from tests.factories import OrganisationFactory
from tests.tasks import run_queued_tasks

pytestmark = [pytest.mark.unit, pytest.mark.django_db]

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"


def test_import_csv_creates_organisations_with_every_column(tmp_path, run_import):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1), good_row(2, type="NGO", country="de", lat="", lon="")])

    result = run_import(path)

    assert result.returncode == 0
    assert result.problems == []
    first = Organisation.objects.get(name="Amber Studio 1")
    assert (first.type_id, first.country_id, first.city) == ("company", "PL", "Gdańsk")
    assert (first.latitude, first.longitude) == (54.35, 18.65)
    assert sorted(first.domains.values_list("code", flat=True)) == ["audiovisual", "design"]
    assert sorted(first.languages.values_list("code", flat=True)) == ["en", "pl"]
    assert sorted(first.sdgs.values_list("number", flat=True)) == [4, 11]
    assert (first.founded, first.size, first.email_visibility) == (2015, "micro", "private")
    assert first.consent_at is not None
    second = Organisation.objects.get(name="Amber Studio 2")
    assert (second.type_id, second.country_id, second.latitude, second.longitude) == ("ngo", "DE", None, None)


def test_import_records_the_importer_and_one_audit_entry_per_batch(tmp_path, run_import, secretariat):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1), good_row(2)])

    result = run_import(path, "--user", secretariat.email)

    assert result.returncode == 0
    created = Organisation.objects.order_by("pk")
    assert [(o.consent_by_id, o.created_by_id) for o in created] == [(secretariat.pk, secretariat.pk)] * 2
    entries = AuditEntry.objects.filter(action="organisation.import")
    assert [(e.actor_id, e.changes["created"][1]) for e in entries] == [(secretariat.pk, [o.pk for o in created])]
    # The importer does not become an admin of what they import.
    assert secretariat.memberships.count() == 0


def test_import_domains_by_label_or_code_in_any_case(tmp_path, run_import):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1, domains="AUDIOVISUAL;visual arts;Games")])

    run_import(path)

    organisation = Organisation.objects.get()
    assert sorted(organisation.domains.values_list("code", flat=True)) == ["audiovisual", "games", "visual_arts"]


NEXT_YEAR = str(timezone.now().year + 1)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("type", "castle"),
        ("country", "XX"),
        ("lat", "91"),
        ("lon", "-181"),
        ("email", "not-an-email"),
        ("website", "not a web address"),
        ("domains", "basket weaving"),
        ("languages", "xx"),
        ("sdgs", "18"),
        ("founded", NEXT_YEAR),
        ("description", "x" * 5001),
        ("phone", "call us"),
        ("size", "huge"),
        ("email_visibility", "everyone"),
        ("name", ""),
    ],
)
def test_import_bad_value_is_reported_and_nothing_written(tmp_path, run_import, column, value):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1), good_row(2, **{column: value})])

    result = run_import(path)

    assert result.returncode == 1
    assert result.problems == [("3", column, "error")]
    assert result.messages[0] != ""
    assert Organisation.objects.count() == 0
    assert f"row 3, column {column}:" in result.stdout


def test_import_latitude_without_longitude_is_reported_on_lat(tmp_path, run_import):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1, lon="")])

    result = run_import(path)

    assert (result.returncode, result.problems) == (1, [("2", "lat", "error")])


def test_import_reports_every_problem_of_every_row(tmp_path, run_import):
    rows = [good_row(1, type="castle", email="bad"), good_row(2), good_row(3, sdgs="0")]
    path = write_csv(tmp_path / "orgs.csv", rows)

    result = run_import(path)

    assert result.returncode == 1
    assert sorted(result.problems) == [("2", "email", "error"), ("2", "type", "error"), ("4", "sdgs", "error")]
    assert Organisation.objects.count() == 0


def test_import_duplicate_name_in_file_normalised(tmp_path, run_import):
    rows = [good_row(1, name="Bałtyk Studio"), good_row(2, name="  BALTYK-studio. ")]
    path = write_csv(tmp_path / "orgs.csv", rows)

    result = run_import(path)

    assert (result.returncode, result.problems) == (1, [("3", "name", "error")])
    assert Organisation.objects.count() == 0


def test_import_same_name_in_another_country_is_not_a_duplicate(tmp_path, run_import):
    rows = [good_row(1, name="Nord Studio"), good_row(2, name="Nord Studio", country="SE")]
    path = write_csv(tmp_path / "orgs.csv", rows)

    result = run_import(path)

    assert result.returncode == 0
    assert Organisation.objects.count() == 2


def test_import_duplicate_website_domain_in_file_ignores_www(tmp_path, run_import):
    rows = [good_row(1, website="https://www.amber.example.org/"), good_row(2, website="http://amber.example.org/en")]
    path = write_csv(tmp_path / "orgs.csv", rows)

    result = run_import(path)

    assert (result.returncode, result.problems) == (1, [("3", "website", "error")])


def test_import_duplicate_of_database_by_name_is_an_error(tmp_path, run_import):
    existing = OrganisationFactory(name="Amber Studio 1", country_id="PL", city="Sopot")
    path = write_csv(tmp_path / "orgs.csv", [good_row(1)])

    result = run_import(path)

    assert (result.returncode, result.problems) == (1, [("2", "name", "error")])
    existing.refresh_from_db()
    assert existing.city == "Sopot"
    assert Organisation.objects.count() == 1


def test_import_duplicate_of_database_by_website_domain_is_an_error(tmp_path, run_import):
    OrganisationFactory(name="Completely Different", country_id="DE", website="https://www.amber1.example.org")
    path = write_csv(tmp_path / "orgs.csv", [good_row(1)])

    result = run_import(path)

    assert (result.returncode, result.problems) == (1, [("2", "website", "error")])
    assert Organisation.objects.count() == 1


def test_import_ignores_a_merged_duplicate_and_matches_the_profile_it_was_merged_into(tmp_path, run_import):
    target = OrganisationFactory(name="Bernstein Atelier", country_id="DE", website="https://amber1.example.org")
    OrganisationFactory(name="Amber Studio 1", country_id="PL", merged_into=target)
    path = write_csv(tmp_path / "orgs.csv", [good_row(1)])

    result = run_import(path)

    # The name's match is hidden (merged); the website still names the profile it lives on.
    assert (result.returncode, result.problems) == (1, [("2", "website", "error")])


def test_import_report_lists_problems_in_file_order_across_batches(tmp_path, run_import, monkeypatch):
    from creativeports.directory.imports import services

    # Rows 2, 3 and 5 are looked up together, after row 4's error was already found.
    monkeypatch.setattr(services, "BATCH_SIZE", 3)
    OrganisationFactory(name="Amber Studio 2", country_id="PL")
    rows = [good_row(1), good_row(2), good_row(3, country="XX"), good_row(4), good_row(1)]
    path = write_csv(tmp_path / "orgs.csv", rows)

    result = run_import(path)

    assert [problem[0] for problem in result.problems] == ["3", "4", "6"]


def test_import_update_changes_the_existing_organisation_with_audit(tmp_path, run_import):
    existing = OrganisationFactory(name="Amber Studio 1", country_id="PL", city="Sopot")
    path = write_csv(tmp_path / "orgs.csv", [good_row(1, name="AMBER studio 1")])

    result = run_import(path, "--update")

    assert result.returncode == 0
    existing.refresh_from_db()
    assert (existing.name, existing.city, existing.founded) == ("AMBER studio 1", "Gdańsk", 2015)
    assert sorted(existing.sdgs.values_list("number", flat=True)) == [4, 11]
    entry = AuditEntry.objects.get(action="organisation.update", object_id=str(existing.pk))
    assert entry.changes["city"] == ["Sopot", "Gdańsk"]
    assert Organisation.objects.count() == 1
    assert "Created 0, updated 1, unchanged 0" in result.stdout


def test_import_update_leaves_columns_absent_from_the_file(tmp_path, run_import):
    existing = OrganisationFactory(name="Amber Studio 1", country_id="PL", city="Sopot", phone="+48 1234567")
    path = write_csv(
        tmp_path / "orgs.csv",
        [{"name": "Amber Studio 1", "type": "company", "country": "PL", "city": "Gdynia"}],
        header=["name", "type", "country", "city"],
    )

    result = run_import(path, "--update")

    assert result.returncode == 0
    existing.refresh_from_db()
    assert (existing.city, existing.phone) == ("Gdynia", "+48 1234567")


def test_import_same_file_twice_creates_nothing_the_second_time(tmp_path, run_import):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1), good_row(2)])
    run_import(path)
    entries_before = AuditEntry.objects.count()

    result = run_import(path)

    assert result.returncode == 0
    assert Organisation.objects.count() == 2
    assert AuditEntry.objects.count() == entries_before
    assert "Created 0, updated 0, unchanged 2" in result.stdout


def test_import_same_file_twice_with_update_changes_nothing(tmp_path, run_import):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1)])
    run_import(path)
    entries_before = AuditEntry.objects.count()

    result = run_import(path, "--update")

    assert (result.returncode, AuditEntry.objects.count()) == (0, entries_before)
    assert "Created 0, updated 0, unchanged 1" in result.stdout


def test_import_dry_run_writes_nothing_and_counts(tmp_path, run_import):
    OrganisationFactory(name="Amber Studio 1", country_id="PL", city="Sopot")
    OrganisationFactory(name="Amber Studio 3", country_id="PL", city="Gdańsk", website="")
    path = write_csv(tmp_path / "orgs.csv", [good_row(1), good_row(2)])

    result = run_import(path, "--dry-run", "--update")

    assert result.returncode == 0
    assert Organisation.objects.count() == 2
    assert Organisation.objects.get(name="Amber Studio 1").city == "Sopot"
    assert "Would create 1, would update 1, unchanged 0" in result.stdout


def test_import_dry_run_with_errors_exits_1(tmp_path, run_import):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1, lat="91")])

    result = run_import(path, "--dry-run")

    assert (result.returncode, result.problems) == (1, [("2", "lat", "error")])


def test_import_csv_with_bom_and_semicolons(tmp_path, run_import):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1), good_row(2)], delimiter=";", bom=True)

    result = run_import(path)

    assert (result.returncode, result.problems) == (0, [])
    assert sorted(Organisation.objects.values_list("name", "city")) == [
        ("Amber Studio 1", "Gdańsk"),
        ("Amber Studio 2", "Gdańsk"),
    ]


def test_import_xlsx(tmp_path, run_import):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    row = good_row(1, description='=HYPERLINK("http://evil.example")', founded="")
    sheet.append([row[c] for c in HEADER])
    sheet["Q2"] = 1999  # founded, as a spreadsheet number
    sheet["E2"] = 54.5  # lat as a number
    path = tmp_path / "orgs.xlsx"
    workbook.save(path)

    result = run_import(path)

    assert (result.returncode, result.problems) == (0, [])
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.founded, organisation.latitude) == ("Amber Studio 1", 1999, 54.5)
    # A formula is text like any other: stored as given (exports neutralise it).
    assert organisation.description == '=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("wrapped", [False, True])
def test_import_json_list_or_items(tmp_path, run_import, wrapped):
    items = [good_row(1), {**good_row(2), "sdgs": [4, 11], "lat": 54.1, "lon": 18.2}]
    path = write_json(tmp_path / "orgs.json", {"items": items} if wrapped else items)

    result = run_import(path)

    assert (result.returncode, result.problems) == (0, [])
    assert sorted(Organisation.objects.get(name="Amber Studio 2").sdgs.values_list("number", flat=True)) == [4, 11]


def test_import_json_reports_items_by_number(tmp_path, run_import):
    path = write_json(tmp_path / "orgs.json", [good_row(1), "not an object", good_row(3, country="XX")])

    result = run_import(path)

    assert (result.returncode, result.problems) == (1, [("2", "", "error"), ("3", "country", "error")])
    assert "item 3, column country:" in result.stdout


def test_import_unknown_column_is_a_warning(tmp_path, run_import):
    path = write_csv(tmp_path / "orgs.csv", [{**good_row(1), "colour": "red"}], header=[*HEADER, "colour"])

    result = run_import(path)

    assert (result.returncode, result.problems) == (0, [("", "colour", "warning")])
    assert Organisation.objects.count() == 1


def test_import_missing_required_column_is_an_error(tmp_path, run_import):
    header = [c for c in HEADER if c != "country"]
    path = write_csv(tmp_path / "orgs.csv", [good_row(1)], header=header)

    result = run_import(path)

    assert (result.returncode, result.problems) == (1, [("", "country", "error")])


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n",
        b"name,type,country\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "name,type,country\nMalm\xf6 AB,company,SE\n".encode("latin-1"),
    ],
    ids=["empty", "blank", "header-only", "binary", "latin-1"],
)
def test_import_unreadable_csv_is_reported_without_traceback(tmp_path, run_import, content):
    path = tmp_path / "orgs.csv"
    path.write_bytes(content)

    result = run_import(path)

    assert result.returncode == 1
    assert [(row, level) for row, _column, level in result.problems] == [("", "error")]
    assert "Traceback" not in result.stdout + result.stderr
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_import_wrong_format_is_reported_without_traceback(tmp_path, run_import, fmt):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1)])

    result = run_import(path, "--format", fmt)

    assert (result.returncode, [p[2] for p in result.problems]) == (1, ["error"])
    assert Organisation.objects.count() == 0


def test_import_unknown_format_option_is_refused(tmp_path):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1)])

    with pytest.raises(CommandError, match="invalid choice"):
        call_command("import_organisations", str(path), "--format", "pdf")


def test_import_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_organisations", str(tmp_path / "nope.csv"))


@pytest.fixture
def database_refuses_boom():
    """A real database trigger that refuses an organisation named "Boom" when it is written."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON directory_organisation "
                "WHEN NEW.name = 'Boom' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN IF NEW.name = 'Boom' THEN "
                "RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON directory_organisation "
                "FOR EACH ROW EXECUTE FUNCTION refuse_boom()"
            )


def test_import_is_all_or_nothing_when_the_database_refuses(tmp_path, run_import, monkeypatch, database_refuses_boom):
    from creativeports.directory.imports import services

    # One organisation per batch, so the first batch is written before the second one fails.
    monkeypatch.setattr(services, "BATCH_SIZE", 1)
    path = write_csv(tmp_path / "orgs.csv", [good_row(1), good_row(2, name="Boom")])

    result = run_import(path)

    assert (result.returncode, result.problems) == (1, [("", "", "error")])
    assert Organisation.objects.count() == 0
    assert AuditEntry.objects.filter(action="organisation.import").count() == 0


def test_import_places_rows_without_coordinates_at_their_city_in_the_background(tmp_path, run_import):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1, lat="", lon=""), good_row(2, lat="", lon="", city="")])

    run_import(path)
    assert Organisation.objects.get(name="Amber Studio 1").latitude is None  # until the worker runs
    assert run_queued_tasks() == 1

    located = Organisation.objects.get(name="Amber Studio 1")
    assert (located.latitude, located.longitude) == city_coordinates("Gdańsk", "PL")
    assert located.location_approximate is True
    nowhere = Organisation.objects.get(name="Amber Studio 2")
    assert (nowhere.latitude, nowhere.longitude, nowhere.location_approximate) == (None, None, False)


def test_import_without_coordinates_twice_is_unchanged(tmp_path, run_import):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1, lat="", lon="")])
    run_import(path)
    run_queued_tasks()

    result = run_import(path)

    assert (result.returncode, result.problems) == (0, [])
    assert "Created 0, updated 0, unchanged 1" in result.stdout


def test_import_founded_this_year_is_accepted(tmp_path, run_import):
    path = write_csv(tmp_path / "orgs.csv", [good_row(1, founded=str(timezone.now().year))])

    result = run_import(path)

    assert result.returncode == 0


@pytest.mark.parametrize("name", ["organisations.csv", "organisations.json"])
def test_import_documented_samples_import_cleanly(run_import, name):
    path = SAMPLES / name

    result = run_import(path)

    assert (result.returncode, result.problems) == (0, [])
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Bursztyn Design Studio",
        "Kaunas Sound Lab",
        "Malmö Game Hub",
    ]


def test_import_row_numbers_count_records_not_lines(tmp_path, run_import):
    rows = [good_row(1, description="First line.\nSecond line."), good_row(2, country="XX")]
    path = write_csv(tmp_path / "orgs.csv", rows)

    result = run_import(path)

    assert result.problems == [("3", "country", "error")]


def test_import_detects_text_languages_in_the_background(tmp_path, run_import):
    estonian = "Meie stuudio teeb lastele mänge ja animatsioone ning otsib partnereid Soomes ja Rootsis."
    path = write_csv(tmp_path / "orgs.csv", [good_row(1, description=estonian)])

    run_import(path)
    waiting = Organisation.objects.get().description_lang
    run_queued_tasks()

    assert waiting == ""
    assert Organisation.objects.get().description_lang == "et"


def test_import_dry_run_or_refused_import_queues_no_background_work(tmp_path, run_import):
    from django_tasks_db.models import DBTaskResult

    run_import(write_csv(tmp_path / "ok.csv", [good_row(1)]), "--dry-run")
    run_import(write_csv(tmp_path / "bad.csv", [good_row(2, type="castle")]))

    assert DBTaskResult.objects.count() == 0


@pytest.mark.parametrize("column", ["name", "city", "description", "website", "email"])
def test_import_nul_character_in_json_is_a_row_problem_not_a_database_error(tmp_path, run_import, column):
    """A CSV with NUL is refused as a whole (not text); in JSON a "\u0000" is a value's problem."""
    value = {"name": "Amber\x00", "city": "Gda\x00nsk", "description": "a\x00b", "website": "https://a\x00.pl"}
    path = tmp_path / "orgs.json"
    path.write_text(json.dumps([good_row(1, **{column: value.get(column, "a\x00@b.pl")})]), encoding="utf-8")

    result = run_import(path)

    assert (result.returncode, result.problems) == (1, [("1", column, "error")])
    assert Organisation.objects.count() == 0


def test_import_for_an_intermediary_links_the_new_organisations(tmp_path, run_import):
    cluster = OrganisationFactory(name="Nordic Design Cluster", type_id="cluster")

    result = run_import(write_csv(tmp_path / "orgs.csv", [good_row(1)]), "--intermediary", cluster.slug)

    assert result.returncode == 0
    assert Affiliation.objects.get().member.name == "Amber Studio 1"


def test_import_for_an_organisation_that_is_no_intermediary_is_refused(tmp_path, run_import):
    company = OrganisationFactory(name="Plain Company", type_id="company")

    result = run_import(write_csv(tmp_path / "orgs.csv", [good_row(1)]), "--intermediary", company.slug)

    assert result.returncode != 0
    assert Organisation.objects.filter(name="Amber Studio 1").count() == 0
