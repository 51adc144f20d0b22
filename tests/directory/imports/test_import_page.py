"""The upload page of the import (secretariat only for now)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from creativeports.common.models import AuditEntry
from creativeports.directory.models import Affiliation, ImportJob, Organisation
from tests.directory.imports.conftest import good_row, write_csv
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.tasks import run_queued_tasks

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = reverse("directory:organisation.import")


def _csv_upload(tmp_path, rows, name="orgs.csv"):
    path = write_csv(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


def _run_worker():
    """What `make run`'s worker does: run the queued tasks."""
    assert run_queued_tasks() >= 1


def _upload_and_run(client, data):
    """Upload, check the import waits for the worker, run the worker, and return the import's page."""
    response = client.post(URL, data)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("directory:organisation.import_job", kwargs={"job_id": job.pk})
    waiting = client.get(response["Location"])
    assert waiting.context["report"] is None
    assert b"Waiting for the background worker" in waiting.content
    _run_worker()
    return client.get(response["Location"])


def test_import_page_anonymous_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_import_page_is_refused_to_organisation_admins(client, org_admin):
    client.force_login(org_admin)

    response = client.get(URL)

    assert response.status_code == 403


def _cluster_admin(name="Baltic Games Cluster"):
    cluster = OrganisationFactory(name=name, type_id="cluster")
    person = UserFactory()
    MembershipFactory(user=person, organisation=cluster, role="admin")
    return person, cluster


def test_import_page_is_refused_to_plain_members_of_an_intermediary(client):
    person = UserFactory()
    MembershipFactory(user=person, organisation=OrganisationFactory(type_id="cluster"), role="member")
    client.force_login(person)

    assert client.get(URL).status_code == 403


def test_import_page_intermediary_admin_chooses_among_their_intermediaries_only(client):
    person, cluster = _cluster_admin()
    OrganisationFactory(name="Other Cluster", type_id="cluster")
    client.force_login(person)

    response = client.get(URL)

    field = response.context["form"].fields["intermediary"]
    assert response.status_code == 200
    assert list(field.queryset) == [cluster]
    assert field.required is True


def test_import_page_intermediary_imports_new_members_linked_to_it(client, tmp_path):
    person, cluster = _cluster_admin()
    client.force_login(person)

    response = _upload_and_run(client, {"file": _csv_upload(tmp_path, [good_row(1)]), "intermediary": cluster.pk})

    assert response.status_code == 200
    member = Organisation.objects.get(name="Amber Studio 1")
    assert list(Affiliation.objects.filter(member=member).values_list("intermediary", flat=True)) == [cluster.pk]
    assert AuditEntry.objects.get(action="organisation.import").changes["intermediary"] == [None, cluster.pk]


def test_import_page_intermediary_may_not_import_for_another_intermediary(client, tmp_path):
    person, _cluster = _cluster_admin()
    other = OrganisationFactory(name="Other Cluster", type_id="cluster")
    client.force_login(person)

    response = client.post(URL, {"file": _csv_upload(tmp_path, [good_row(1)]), "intermediary": other.pk})

    assert response.status_code == 200
    assert "intermediary" in response.context["form"].errors
    assert ImportJob.objects.count() == 0


def test_import_page_intermediary_updates_its_members_and_leaves_others_alone(client, tmp_path):
    person, cluster = _cluster_admin()
    own = OrganisationFactory(name="Amber Studio 1", city="Gdańsk", description="Old text.")
    Affiliation.objects.create(intermediary=cluster, member=own)
    foreign = OrganisationFactory(name="Amber Studio 2", city="Gdańsk", description="Not yours.")
    client.force_login(person)
    rows = [good_row(1, description="New text."), good_row(2, description="Taken over?")]

    response = _upload_and_run(
        client, {"file": _csv_upload(tmp_path, rows), "intermediary": cluster.pk, "update": "on"}
    )

    report = response.context["report"]
    assert (report.ok, report.updated, report.skipped) == (True, 1, 1)
    assert [(p.row, p.level) for p in report.problems] == [(3, "warning")]
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.description == "New text."
    assert foreign.description == "Not yours."
    assert not Affiliation.objects.filter(member=foreign).exists()


def test_import_page_secretariat_sees_the_form(client, secretariat):
    client.force_login(secretariat)

    response = client.get(URL)

    assert response.status_code == 200
    assert b'type="file"' in response.content


def test_import_page_dry_run_writes_nothing(client, secretariat, tmp_path):
    client.force_login(secretariat)
    before = Organisation.objects.count()

    response = _upload_and_run(client, {"file": _csv_upload(tmp_path, [good_row(1), good_row(2)]), "dry_run": "on"})

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.ok, report.dry_run, report.created) == (True, True, 2)
    assert Organisation.objects.count() == before


def test_import_page_imports_as_the_secretariat(client, secretariat, tmp_path):
    client.force_login(secretariat)

    response = _upload_and_run(client, {"file": _csv_upload(tmp_path, [good_row(1)])})

    assert response.status_code == 200
    organisation = Organisation.objects.get(name="Amber Studio 1")
    assert organisation.consent_by == secretariat
    assert AuditEntry.objects.get(action="organisation.import").actor == secretariat


def test_import_page_reports_problems_by_row_and_column(client, secretariat, tmp_path):
    client.force_login(secretariat)
    before = Organisation.objects.count()

    response = _upload_and_run(client, {"file": _csv_upload(tmp_path, [good_row(1), good_row(2, sdgs="18")])})

    assert response.status_code == 422
    assert [(p.row, p.column) for p in response.context["report"].problems] == [(3, "sdgs")]
    assert Organisation.objects.count() == before
    assert b'class="import-error"' in response.content


def test_import_page_binary_file_is_a_report_not_an_error_page(client, secretariat):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("orgs.xlsx", b"\x00\x01not a spreadsheet\xff", content_type="application/octet-stream")

    response = _upload_and_run(client, {"file": upload})

    assert response.status_code == 422
    assert [(p.row, p.level) for p in response.context["report"].problems] == [(None, "error")]


def test_import_page_without_a_file_shows_the_form_error(client, secretariat):
    client.force_login(secretariat)

    response = client.post(URL, {})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["file"]


def test_import_job_page_shows_progress_to_htmx_polling_and_stops_when_done(client, secretariat, tmp_path):
    client.force_login(secretariat)
    client.post(URL, {"file": _csv_upload(tmp_path, [good_row(1)]), "dry_run": "on"})
    page = reverse("directory:organisation.import_job", kwargs={"job_id": ImportJob.objects.get().pk})

    polling = client.get(page, headers={"HX-Request": "true"})
    _run_worker()
    done = client.get(page, headers={"HX-Request": "true"})

    assert b'hx-trigger="every 1s"' in polling.content
    assert b"<progress" in polling.content
    assert b"<html" not in polling.content
    assert b"hx-trigger" not in done.content
    assert b'id="import-report"' in done.content


def test_import_job_without_javascript_refreshes_until_done(client, secretariat, tmp_path):
    client.force_login(secretariat)
    client.post(URL, {"file": _csv_upload(tmp_path, [good_row(1)]), "dry_run": "on"})
    page = reverse("directory:organisation.import_job", kwargs={"job_id": ImportJob.objects.get().pk})

    waiting = client.get(page)
    _run_worker()
    done = client.get(page)

    assert b'http-equiv="refresh"' in waiting.content
    assert b'http-equiv="refresh"' not in done.content


def test_import_job_page_is_only_for_its_uploader(client, secretariat, tmp_path):
    client.force_login(secretariat)
    client.post(URL, {"file": _csv_upload(tmp_path, [good_row(1)]), "dry_run": "on"})
    page = reverse("directory:organisation.import_job", kwargs={"job_id": ImportJob.objects.get().pk})
    other = UserFactory(is_secretariat=True)

    client.force_login(other)

    assert client.get(page).status_code == 404


def test_import_job_removes_the_uploaded_file_once_run(client, secretariat, tmp_path, settings):
    client.force_login(secretariat)
    client.post(URL, {"file": _csv_upload(tmp_path, [good_row(1)]), "dry_run": "on"})
    folder = settings.PRIVATE_FILES_DIR / "imports"
    assert len(list(folder.glob("*.upload"))) == 1

    _run_worker()

    assert list(folder.glob("*.upload")) == []
    assert ImportJob.objects.get().status == ImportJob.Status.DONE


def test_import_job_run_twice_imports_once(client, secretariat, tmp_path):
    from creativeports.directory.imports.jobs import import_job_run

    client.force_login(secretariat)
    client.post(URL, {"file": _csv_upload(tmp_path, [good_row(1)])})
    _run_worker()
    job = ImportJob.objects.get()

    import_job_run(str(job.pk))

    assert Organisation.objects.filter(name="Amber Studio 1").count() == 1


@pytest.mark.django_db(transaction=True)
def test_import_job_is_run_by_the_real_worker_command(client, tmp_path):
    """The command `make run` starts, in batch mode: it finds the committed job and runs it."""
    importer = UserFactory(is_secretariat=True)
    client.force_login(importer)
    client.post(URL, {"file": _csv_upload(tmp_path, [good_row(1)])})

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    assert job.report["created"] == 1, job.report
    assert Organisation.objects.filter(name="Amber Studio 1").exists()


def _plain_member_of_a_cluster():
    person = UserFactory()
    MembershipFactory(user=person, organisation=OrganisationFactory(type_id="cluster"), role="member")
    return person


@pytest.mark.parametrize(
    ("who", "sees_link"),
    [
        (lambda: UserFactory(is_secretariat=True), True),
        (lambda: _cluster_admin()[0], True),
        (_plain_member_of_a_cluster, False),
        (UserFactory, False),
    ],
    ids=["secretariat", "intermediary-admin", "intermediary-member", "no-organisation"],
)
def test_dashboard_links_to_the_import_page_for_those_who_may_import(client, who, sees_link):
    client.force_login(who())

    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    assert (f'href="{URL}"' in response.content.decode()) is sees_link
