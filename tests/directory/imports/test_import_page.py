"""The upload page of the import (secretariat only for now)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from creativeports.common.models import AuditEntry
from creativeports.directory.models import Organisation
from tests.directory.imports.conftest import good_row, write_csv
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = reverse("directory:organisation.import")


def _csv_upload(tmp_path, rows, name="orgs.csv"):
    path = write_csv(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


def test_import_page_anonymous_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_import_page_is_refused_to_organisation_admins(client, org_admin):
    client.force_login(org_admin)

    response = client.get(URL)

    assert response.status_code == 403


def test_import_page_is_refused_to_intermediaries_until_they_have_members(client):
    # "Their own members" needs a relation the register does not have yet.
    person = UserFactory()
    MembershipFactory(user=person, organisation=OrganisationFactory(type_id="cluster"), role="admin")
    client.force_login(person)

    response = client.get(URL)

    assert response.status_code == 403


def test_import_page_secretariat_sees_the_form(client, secretariat):
    client.force_login(secretariat)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["report"] is None


def test_import_page_dry_run_writes_nothing(client, secretariat, tmp_path):
    client.force_login(secretariat)
    before = Organisation.objects.count()

    response = client.post(URL, {"file": _csv_upload(tmp_path, [good_row(1), good_row(2)]), "dry_run": "on"})

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.ok, report.dry_run, report.created) == (True, True, 2)
    assert Organisation.objects.count() == before


def test_import_page_imports_as_the_secretariat(client, secretariat, tmp_path):
    client.force_login(secretariat)

    response = client.post(URL, {"file": _csv_upload(tmp_path, [good_row(1)])})

    assert response.status_code == 200
    organisation = Organisation.objects.get(name="Amber Studio 1")
    assert organisation.consent_by == secretariat
    assert AuditEntry.objects.get(action="organisation.import").actor == secretariat


def test_import_page_reports_problems_by_row_and_column(client, secretariat, tmp_path):
    client.force_login(secretariat)
    before = Organisation.objects.count()

    response = client.post(URL, {"file": _csv_upload(tmp_path, [good_row(1), good_row(2, sdgs="18")])})

    assert response.status_code == 422
    assert [(p.row, p.column) for p in response.context["report"].problems] == [(3, "sdgs")]
    assert Organisation.objects.count() == before
    assert b'class="import-error"' in response.content


def test_import_page_binary_file_is_a_report_not_an_error_page(client, secretariat):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("orgs.xlsx", b"\x00\x01not a spreadsheet\xff", content_type="application/octet-stream")

    response = client.post(URL, {"file": upload})

    assert response.status_code == 422
    assert [(p.row, p.level) for p in response.context["report"].problems] == [(None, "error")]


def test_import_page_without_a_file_shows_the_form_error(client, secretariat):
    client.force_login(secretariat)

    response = client.post(URL, {})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["file"]
