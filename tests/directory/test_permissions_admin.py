"""The Django admin is the secretariat's workbench: nobody else gets in, whatever their organisation role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from creativeports.common.models import AuditEntry
from creativeports.directory.models import Organisation
from tests.directory.cases import ROLES
from tests.directory.pages import form_fields
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.integration

MODERATORS = {"secretariat", "superuser"}


def _change_url(organisation: Organisation) -> str:
    return reverse("admin:directory_organisation_change", args=[organisation.pk])


def _admin_login_redirect(path: str) -> str:
    return f"{reverse('admin:login')}?next={path}"


@pytest.mark.parametrize("role", ROLES)
def test_admin_change_page_only_for_moderators(client_as, organisation, role):
    path = _change_url(organisation)

    response = client_as(role).get(path)

    if role in MODERATORS:
        assert response.status_code == 200
        assert organisation.email in response.text
    else:
        assert response.status_code == 302
        assert response.url == _admin_login_redirect(path)


@pytest.mark.parametrize("role", ROLES)
def test_admin_changelist_only_for_moderators(client_as, organisation, role):
    path = reverse("admin:directory_organisation_changelist")

    response = client_as(role).get(path)

    if role in MODERATORS:
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [organisation]
    else:
        assert response.url == _admin_login_redirect(path)


@pytest.mark.parametrize("role", ROLES)
def test_admin_change_post_saves_only_for_moderators(client_as, organisation, secretariat, role, client):
    # The form a moderator would submit, read from the page itself; then sent by the role under test.
    client.force_login(secretariat)
    fields = form_fields(client.get(_change_url(organisation)).text, "organisation_form")
    client.logout()
    fields["name"] = ["Renamed by the admin"]

    response = client_as(role).post(_change_url(organisation), fields)

    organisation.refresh_from_db()
    if role in MODERATORS:
        assert response.url == reverse("admin:directory_organisation_changelist")
        assert organisation.name == "Renamed by the admin"
    else:
        assert response.url == _admin_login_redirect(_change_url(organisation))
        assert organisation.name != "Renamed by the admin"


def test_admin_change_post_writes_audit_entry_with_only_the_changed_field(client, organisation, secretariat):
    old_name = organisation.name
    client.force_login(secretariat)
    fields = form_fields(client.get(_change_url(organisation)).text, "organisation_form")
    fields["name"] = ["Renamed by the admin"]

    client.post(_change_url(organisation), fields)

    entry = AuditEntry.objects.get(action="organisation.admin_change")
    assert entry.actor == secretariat
    assert entry.changes == {"name": [old_name, "Renamed by the admin"]}


def test_admin_change_page_shows_people_inline_to_secretariat(client, organisation, org_admin, secretariat):
    client.force_login(secretariat)

    response = client.get(_change_url(organisation))

    formsets = {f.formset.prefix: f for f in response.context["inline_admin_formsets"]}
    assert sorted(formsets) == ["memberships", "social_links"]
    assert [form.instance.user for form in formsets["memberships"].formset.forms] == [org_admin]


def test_admin_inline_changes_a_membership_role(client, organisation, org_member, org_admin, secretariat):
    client.force_login(secretariat)
    fields = form_fields(client.get(_change_url(organisation)).text, "organisation_form")
    index = next(k.split("-")[1] for k, v in fields.items() if k.endswith("-user") and v == [str(org_member.pk)])
    fields[f"memberships-{index}-role"] = ["admin"]

    response = client.post(_change_url(organisation), fields)

    assert response.status_code == 302
    assert org_member.memberships.get().role == "admin"


def test_admin_action_verify_marks_selected_and_audits(client, organisation, secretariat):
    client.force_login(secretariat)

    response = client.post(
        reverse("admin:directory_organisation_changelist"),
        {"action": "verify", "_selected_action": [organisation.pk]},
    )

    organisation.refresh_from_db()
    assert response.status_code == 302
    assert organisation.is_verified is True
    assert organisation.verified_by == secretariat
    assert AuditEntry.objects.filter(action="organisation.verify", object_id=str(organisation.pk)).count() == 1


def test_admin_action_unverify_removes_verification(client, organisation, secretariat):
    Organisation.objects.filter(pk=organisation.pk).update(is_verified=True)
    client.force_login(secretariat)

    client.post(
        reverse("admin:directory_organisation_changelist"),
        {"action": "unverify", "_selected_action": [organisation.pk]},
    )

    organisation.refresh_from_db()
    assert organisation.is_verified is False


def test_admin_action_merge_into_oldest_folds_the_newer_profile(client, organisation, secretariat):
    newer = OrganisationFactory(city="", website="https://newer.example")
    person = MembershipFactory(organisation=newer, role="admin").user
    client.force_login(secretariat)

    client.post(
        reverse("admin:directory_organisation_changelist"),
        {"action": "merge_into_oldest", "_selected_action": [organisation.pk, newer.pk]},
    )

    newer.refresh_from_db()
    organisation.refresh_from_db()
    assert newer.merged_into == organisation
    assert organisation.website == "https://newer.example"
    assert person.memberships.get().organisation == organisation


def test_admin_action_merge_with_one_selected_changes_nothing(client, organisation, secretariat):
    client.force_login(secretariat)

    client.post(
        reverse("admin:directory_organisation_changelist"),
        {"action": "merge_into_oldest", "_selected_action": [organisation.pk]},
    )

    organisation.refresh_from_db()
    assert organisation.merged_into is None


@pytest.mark.parametrize("role", ["outsider", "member", "admin"])
def test_admin_action_refused_for_non_moderators(client_as, organisation, role):
    response = client_as(role).post(
        reverse("admin:directory_organisation_changelist"),
        {"action": "verify", "_selected_action": [organisation.pk]},
    )

    organisation.refresh_from_db()
    assert response.status_code == 302
    assert organisation.is_verified is False


@pytest.mark.parametrize("object_id", ["999999", "not-a-number"])
def test_admin_change_page_forged_id_redirects_without_error(client, secretariat, object_id):
    client.force_login(secretariat)

    response = client.get(f"/admin/directory/organisation/{object_id}/change/")

    assert response.status_code == 302
    assert response.url == reverse("admin:index")
