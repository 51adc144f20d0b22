"""Who may read and do what with an organisation, through the pages, role by role.

The `organisation` fixture has a public contact name, a members-only phone and a private email.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from creativeports.common.models import AuditEntry
from creativeports.directory.models import Invitation, Organisation
from creativeports.directory.services.organisation import organisation_merge
from tests.directory.cases import ROLES
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.integration

READERS_OF_PRIVATE = {"member", "admin", "secretariat", "superuser"}
READERS_OF_MEMBERS = {"outsider", "member", "admin", "secretariat", "superuser"}
EDITORS = {"admin", "secretariat", "superuser"}
MODERATORS = {"secretariat", "superuser"}


def _login_redirect(path: str) -> str:
    return f"{reverse('account_login')}?next={path}"


def _url(name: str, organisation: Organisation) -> str:
    return reverse(f"directory:{name}", kwargs={"slug": organisation.slug})


def _listed_names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


# --- Reading: contact fields on the detail and list pages -------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_detail_contact_fields_by_role(client_as, organisation, role):
    """Public contact name for everyone, members-only phone for the signed-in, private email for the
    people of the organisation and moderators; hidden fields are absent from the page, not blanked."""
    expected = {"contact_name": organisation.contact_name}
    if role in READERS_OF_MEMBERS:
        expected["phone"] = organisation.phone
    if role in READERS_OF_PRIVATE:
        expected["email"] = organisation.email

    response = client_as(role).get(organisation.get_absolute_url())

    assert response.status_code == 200
    assert response.context["contact"] == expected
    assert organisation.contact_name in response.text
    assert (organisation.phone in response.text) == (role in READERS_OF_MEMBERS)
    assert (organisation.email in response.text) == (role in READERS_OF_PRIVATE)


@pytest.mark.parametrize("role", ROLES)
def test_list_contact_details_absent_for_every_role(client_as, organisation, role):
    client = client_as(role)

    response = client.get(reverse("directory:organisation.list"))

    assert response.status_code == 200
    assert sorted(_listed_names(response)) == sorted(Organisation.objects.values_list("name", flat=True))
    assert organisation.email not in response.text
    assert organisation.phone not in response.text


def test_detail_anonymous_sees_sign_in_hint(client, organisation):
    response = client.get(organisation.get_absolute_url())

    assert "Sign in to see the contact details shared with members." in response.text


# --- Management links on the detail page --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_detail_management_links_by_role(client_as, organisation, role):
    response = client_as(role).get(organisation.get_absolute_url())

    assert response.context["can_edit"] == (role in EDITORS)
    assert (_url("organisation.edit", organisation) in response.text) == (role in EDITORS)
    assert (_url("organisation.logo", organisation) in response.text) == (role in EDITORS)
    assert (_url("organisation.people", organisation) in response.text) == (role in READERS_OF_PRIVATE)
    assert (_url("organisation.audit", organisation) in response.text) == (role in MODERATORS)
    assert (_url("organisation.verify", organisation) in response.text) == (role in MODERATORS)
    assert (_url("organisation.merge", organisation) in response.text) == (role in MODERATORS)


# --- Editing -----------------------------------------------------------------------------------------------------

EDIT_GET_STATUS = {"outsider": 404, "member": 404, "admin": 200, "secretariat": 200, "superuser": 200}


@pytest.mark.parametrize("page", ["organisation.edit", "organisation.logo", "organisation.delete"])
@pytest.mark.parametrize("role", ROLES)
def test_editor_pages_get_status_by_role(client_as, organisation, role, page):
    path = _url(page, organisation)

    response = client_as(role).get(path)

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url == _login_redirect(path)
    else:
        assert response.status_code == EDIT_GET_STATUS[role]


@pytest.mark.parametrize("role", ROLES)
def test_edit_post_saves_only_for_editors(client_as, organisation, role, form_data):
    data = {**form_data, "name": "Renamed Studio"}
    del data["consent"]
    path = _url("organisation.edit", organisation)

    response = client_as(role).post(path, data)

    organisation.refresh_from_db()
    if role in EDITORS:
        assert response.status_code == 302
        assert response.url == organisation.get_absolute_url()
        assert organisation.name == "Renamed Studio"
    else:
        assert response.status_code == (302 if role == "anonymous" else 404)
        assert organisation.name != "Renamed Studio"


@pytest.mark.parametrize("role", ROLES)
def test_delete_post_deletes_only_for_editors(client_as, organisation, role):
    path = _url("organisation.delete", organisation)

    response = client_as(role).post(path)

    exists = Organisation.objects.filter(pk=organisation.pk).exists()
    assert exists == (role not in EDITORS)
    if role in EDITORS:
        assert response.url == reverse("dashboard")
    else:
        assert response.status_code == (302 if role == "anonymous" else 404)


def test_edit_outsider_admin_of_other_organisation_gets_404_for_this_one(client, organisation, outsider):
    own = outsider.memberships.get().organisation
    client.force_login(outsider)

    own_response = client.get(_url("organisation.edit", own))
    other_response = client.get(_url("organisation.edit", organisation))

    assert own_response.status_code == 200
    assert other_response.status_code == 404


# --- People ------------------------------------------------------------------------------------------------------

PEOPLE_GET_STATUS = {"outsider": 404, "member": 200, "admin": 200, "secretariat": 200, "superuser": 200}


@pytest.mark.parametrize("role", ROLES)
def test_people_page_get_status_by_role(client_as, organisation, role):
    path = _url("organisation.people", organisation)

    response = client_as(role).get(path)

    if role == "anonymous":
        assert response.url == _login_redirect(path)
    else:
        assert response.status_code == PEOPLE_GET_STATUS[role]


@pytest.mark.parametrize("role", ["member", "admin", "secretariat", "superuser"])
def test_people_page_invite_form_only_for_editors(client_as, organisation, role):
    response = client_as(role).get(_url("organisation.people", organisation))

    assert response.context["can_manage"] == (role in EDITORS)
    assert ("Send invitation" in response.text) == (role in EDITORS)


INVITE_POST_STATUS = {"outsider": 404, "member": 403, "admin": 302, "secretariat": 302, "superuser": 302}


@pytest.mark.parametrize("role", ROLES)
def test_people_invite_post_only_for_editors(client_as, organisation, role):
    path = _url("organisation.people", organisation)

    response = client_as(role).post(path, {"email": "new.colleague@example.org", "role": "member"})

    if role == "anonymous":
        assert response.url == _login_redirect(path)
    else:
        assert response.status_code == INVITE_POST_STATUS[role]
    assert Invitation.objects.filter(organisation=organisation).count() == (1 if role in EDITORS else 0)


# --- Moderation: verify, merge, audit ----------------------------------------------------------------------------

MODERATION_STATUS = {"outsider": 403, "member": 403, "admin": 403, "secretariat": 200, "superuser": 200}


@pytest.mark.parametrize("role", ROLES)
def test_verify_post_only_for_moderators(client_as, organisation, role):
    path = _url("organisation.verify", organisation)

    response = client_as(role).post(path, {"verified": "1"})

    organisation.refresh_from_db()
    assert organisation.is_verified == (role in MODERATORS)
    if role == "anonymous":
        assert response.url == _login_redirect(path)
    elif role in MODERATORS:
        assert response.url == organisation.get_absolute_url()
    else:
        assert response.status_code == 403


def test_verify_post_zero_removes_verification(client, organisation, secretariat):
    Organisation.objects.filter(pk=organisation.pk).update(is_verified=True)
    client.force_login(secretariat)

    client.post(_url("organisation.verify", organisation), {"verified": "0"})

    organisation.refresh_from_db()
    assert organisation.is_verified is False
    assert organisation.verified_by is None


@pytest.mark.parametrize("page", ["organisation.merge", "organisation.audit"])
@pytest.mark.parametrize("role", ROLES)
def test_moderation_pages_get_status_by_role(client_as, organisation, role, page):
    path = _url(page, organisation)

    response = client_as(role).get(path)

    if role == "anonymous":
        assert response.url == _login_redirect(path)
    else:
        assert response.status_code == MODERATION_STATUS[role]


@pytest.mark.parametrize("role", ROLES)
def test_merge_post_only_for_moderators(client_as, organisation, role):
    target = OrganisationFactory()

    response = client_as(role).post(_url("organisation.merge", organisation), {"target": target.pk})

    organisation.refresh_from_db()
    assert (organisation.merged_into_id == target.pk) == (role in MODERATORS)
    if role in MODERATORS:
        assert response.url == target.get_absolute_url()


def test_audit_page_lists_the_entries_of_the_organisation(client, organisation, secretariat):
    client.force_login(secretariat)
    client.post(_url("organisation.verify", organisation), {"verified": "1"})

    response = client.get(_url("organisation.audit", organisation))

    entries = list(response.context["page"].object_list)
    assert [e.action for e in entries] == ["organisation.verify"]
    assert entries[0].actor == secretariat
    assert "organisation.verify" in response.text


# --- Whole-profile visibility ------------------------------------------------------------------------------------

# Which roles see a profile shared with each audience.
PROFILE_READERS = {
    "public": set(ROLES),
    "members": READERS_OF_MEMBERS,
    "private": READERS_OF_PRIVATE,
}


@pytest.mark.parametrize("visibility", ["public", "members", "private"])
@pytest.mark.parametrize("role", ROLES)
def test_profile_visibility_decides_detail_and_list(client_as, organisation, role, visibility):
    Organisation.objects.filter(pk=organisation.pk).update(profile_visibility=visibility)
    client = client_as(role)

    detail = client.get(organisation.get_absolute_url())
    listing = client.get(reverse("directory:organisation.list"))

    sees = role in PROFILE_READERS[visibility]
    assert detail.status_code == (200 if sees else 404)
    assert (organisation.name in _listed_names(listing)) == sees


# With `organisation` (public), one members-only and one private profile of strangers; the outsider
# fixture adds the outsider's own public organisation.
HOME_COUNT = {"anonymous": 1, "outsider": 3, "member": 2, "admin": 2, "secretariat": 3, "superuser": 3}


@pytest.mark.parametrize("role", ROLES)
def test_home_counts_only_visible_profiles(client_as, organisation, role):
    OrganisationFactory(profile_visibility="members")
    OrganisationFactory(profile_visibility="private")
    client = client_as(role)

    response = client.get(reverse("home"))

    assert response.context["organisation_count"] == HOME_COUNT[role]
    assert len(response.context["newest"]) == HOME_COUNT[role]


def test_private_profile_seen_by_its_own_member(client, org_member):
    organisation = org_member.memberships.get().organisation
    Organisation.objects.filter(pk=organisation.pk).update(profile_visibility="private")
    client.force_login(org_member)

    response = client.get(organisation.get_absolute_url())

    assert response.status_code == 200
    assert response.context["is_own"] is True


# --- Merged profiles ---------------------------------------------------------------------------------------------


@pytest.fixture
def merged(organisation, org_member, org_admin, secretariat):
    """`organisation` merged into a new profile; its people (created before the merge) moved over."""
    target = OrganisationFactory(name="Kept Studio")
    organisation_merge(actor=secretariat, source=organisation, target=target)
    organisation.refresh_from_db()
    return organisation, target


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_detail_merged_profile_redirects_to_the_one_it_was_merged_into(client_as, merged, role):
    source, target = merged

    response = client_as(role).get(source.get_absolute_url())

    assert response.status_code == 302
    assert response.url == target.get_absolute_url()


def test_detail_merged_profile_into_hidden_profile_is_404(client, merged):
    source, target = merged
    Organisation.objects.filter(pk=target.pk).update(profile_visibility="private")

    response = client.get(source.get_absolute_url())

    assert response.status_code == 404


def test_detail_merged_profile_shown_to_secretariat_with_badge(client, merged, secretariat):
    source, target = merged
    client.force_login(secretariat)

    response = client.get(source.get_absolute_url())

    assert response.status_code == 200
    assert f"Merged into {target.name}" in response.text


@pytest.mark.parametrize("role", ROLES)
def test_list_merged_profile_hidden_except_for_moderators(client_as, merged, role):
    source, target = merged

    response = client_as(role).get(reverse("directory:organisation.list"))

    names = _listed_names(response)
    assert (source.name in names) == (role in MODERATORS)
    assert target.name in names


# --- The audit trail of page actions -----------------------------------------------------------------------------


def test_edit_post_by_admin_writes_audit_entry_with_actor(client, organisation, org_admin, form_data):
    data = {**form_data, "name": "Renamed Studio"}
    client.force_login(org_admin)

    client.post(_url("organisation.edit", organisation), data)

    entry = AuditEntry.objects.filter(action="organisation.update").get()
    assert entry.actor == org_admin
    assert entry.changes["name"] == [organisation.name, "Renamed Studio"]


def test_member_of_two_organisations_edits_only_where_admin(client, organisation):
    person = MembershipFactory(organisation=organisation, role="member").user
    other = MembershipFactory(user=person, role="admin").organisation
    client.force_login(person)

    assert client.get(_url("organisation.edit", organisation)).status_code == 404
    assert client.get(_url("organisation.edit", other)).status_code == 200


def test_detail_merge_of_a_merge_target_redirects_to_the_last_profile(client, merged, secretariat):
    source, middle = merged
    last = OrganisationFactory(name="Final Studio")
    organisation_merge(actor=secretariat, source=middle, target=last)

    response = client.get(source.get_absolute_url(), follow=True)

    assert response.redirect_chain == [(last.get_absolute_url(), 302)]
    assert response.context["organisation"] == last


def test_detail_unknown_slug_is_404(client, db):
    response = client.get(reverse("directory:organisation.detail", kwargs={"slug": "no-such-studio"}))

    assert response.status_code == 404
