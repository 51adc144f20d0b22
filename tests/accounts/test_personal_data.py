"""GDPR: "download my data" and account erasure, with the erasure rules of directory/personal_data.py."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from creativeports.accounts.models import ApiToken, User
from creativeports.accounts.services.account import api_token_create, user_data_export, user_delete
from creativeports.common.models import AuditEntry
from creativeports.common.services.audit import audit_record
from creativeports.directory.enums import MembershipRole
from creativeports.directory.models import Invitation, Membership, Organisation
from tests.accounts.helpers import signed_in_user
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory

ADMIN, MEMBER = MembershipRole.ADMIN, MembershipRole.MEMBER


def invitation(organisation, email, invited_by=None):
    return Invitation.objects.create(
        organisation=organisation,
        email=email,
        token_hash=f"hash-{email}-{organisation.pk}",
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=14),
    )


def joined(membership, days_ago):
    Membership.objects.filter(pk=membership.pk).update(created=timezone.now() - timedelta(days=days_ago))
    return membership


def roles(organisation):
    return {m.user.email: m.role for m in organisation.memberships.select_related("user")}


# Download my data ---------------------------------------------------------------------------


@pytest.fixture
def other_organisation(db):
    """An organisation the person has nothing to do with, with people of its own."""
    organisation = OrganisationFactory(name="Elsewhere Records", email="secret@elsewhere.example")
    MembershipFactory(organisation=organisation, role=ADMIN)
    return organisation


@pytest.fixture
def download(client, org_member, other_organisation):
    client.force_login(org_member)
    return client.get(reverse("accounts:data_export"))


@pytest.mark.integration
def test_data_export_is_a_json_attachment(download):
    assert download.status_code == 200
    assert download["Content-Type"] == "application/json"
    assert download["Content-Disposition"].startswith('attachment; filename="creativeports-my-data-')


@pytest.mark.integration
def test_data_export_contains_the_account(download, org_member):
    data = json.loads(download.content)

    assert data["account"]["email"] == org_member.email
    assert data["account"]["full_name"] == org_member.full_name
    assert data["email_addresses"] == [{"email": org_member.email, "verified": True, "primary": True}]


@pytest.mark.integration
def test_data_export_contains_memberships_with_the_whole_profile(download, organisation):
    memberships = json.loads(download.content)["directory"]["memberships"]

    assert [(m["organisation"], m["role"]) for m in memberships] == [(organisation.name, MEMBER)]
    profile = memberships[0]["profile"]
    assert (profile["name"], profile["email"], profile["phone"]) == (
        organisation.name,
        organisation.email,
        organisation.phone,
    )


@pytest.mark.integration
def test_data_export_leaves_out_other_organisations_and_other_people(download, other_organisation, org_admin):
    text = download.content.decode()

    assert other_organisation.name not in text
    assert other_organisation.email not in text
    assert org_admin.email not in text


@pytest.mark.integration
def test_data_export_lists_tokens_without_their_secret(client, user):
    token, secret = api_token_create(user=user, name="CRM sync")
    client.force_login(user)

    response = client.get(reverse("accounts:data_export"))

    data = json.loads(response.content)
    assert [(t["name"], t["prefix"]) for t in data["api_tokens"]] == [("CRM sync", token.prefix)]
    assert secret not in response.content.decode()
    assert token.key_hash not in response.content.decode()


@pytest.mark.unit
def test_user_data_export_lists_own_audit_entries_and_sent_invitations(org_admin, organisation):
    audit_record(actor=org_admin, action="organisation.update", obj=organisation, changes={})
    invitation(organisation, "colleague@example.org", invited_by=org_admin)

    data = user_data_export(user=org_admin)

    assert [(e["action"], e["object"]) for e in data["audit_log_entries_by_you"]] == [
        ("organisation.update", str(organisation))
    ]
    assert [(i["organisation"], i["email"]) for i in data["directory"]["invitations_sent"]] == [
        (organisation.name, "colleague@example.org")
    ]


# Delete my account --------------------------------------------------------------------------


@pytest.mark.integration
def test_account_delete_page_shows_the_password_form(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:delete"))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["password"]


@pytest.mark.integration
def test_account_delete_wrong_password_keeps_the_account(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:delete"), {"password": "not the password"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password"]
    assert User.objects.filter(pk=user.pk).exists() is True
    assert signed_in_user(client) == user


@pytest.mark.integration
def test_account_delete_right_password_erases_the_account_and_signs_out(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert User.objects.filter(pk=user.pk).exists() is False
    assert signed_in_user(client).is_authenticated is False


@pytest.mark.integration
def test_account_delete_applies_the_erasure_rules(client, org_admin, organisation):
    client.force_login(org_admin)

    client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert Organisation.objects.filter(pk=organisation.pk).exists() is False


@pytest.mark.unit
def test_user_delete_removes_addresses_tokens_and_memberships(org_member):
    api_token_create(user=org_member, name="CRM sync")

    user_delete(user=org_member)

    assert EmailAddress.objects.filter(email=org_member.email).exists() is False
    assert ApiToken.objects.count() == 0
    assert Membership.objects.filter(user_id=org_member.pk).exists() is False


@pytest.mark.unit
def test_user_delete_deletes_organisations_where_the_person_is_the_only_member(org_admin, organisation):
    user_delete(user=org_admin)

    assert Organisation.objects.filter(pk=organisation.pk).exists() is False


@pytest.mark.unit
def test_user_delete_only_member_with_member_role_also_deletes_the_organisation(organisation):
    only = MembershipFactory(organisation=organisation, role=MEMBER).user

    user_delete(user=only)

    assert Organisation.objects.filter(pk=organisation.pk).exists() is False


@pytest.mark.unit
def test_user_delete_keeps_organisations_where_others_remain(org_admin, org_member, organisation):
    user_delete(user=org_admin)

    assert Organisation.objects.filter(pk=organisation.pk).exists() is True


@pytest.mark.unit
def test_user_delete_only_admin_makes_the_longest_standing_member_admin(organisation):
    leaving = joined(MembershipFactory(organisation=organisation, role=ADMIN), days_ago=300).user
    newcomer = joined(MembershipFactory(organisation=organisation, role=MEMBER), days_ago=10).user
    veteran = joined(MembershipFactory(organisation=organisation, role=MEMBER), days_ago=200).user

    user_delete(user=leaving)

    assert roles(organisation) == {veteran.email: ADMIN, newcomer.email: MEMBER}


@pytest.mark.unit
def test_user_delete_with_another_admin_left_promotes_nobody(organisation):
    leaving = joined(MembershipFactory(organisation=organisation, role=ADMIN), days_ago=300).user
    veteran = joined(MembershipFactory(organisation=organisation, role=MEMBER), days_ago=200).user
    other_admin = joined(MembershipFactory(organisation=organisation, role=ADMIN), days_ago=10).user

    user_delete(user=leaving)

    assert roles(organisation) == {veteran.email: MEMBER, other_admin.email: ADMIN}


@pytest.mark.unit
def test_user_delete_plain_member_leaving_changes_no_roles(org_admin, org_member, organisation):
    stays = MembershipFactory(organisation=organisation, role=MEMBER).user

    user_delete(user=org_member)

    assert roles(organisation) == {org_admin.email: ADMIN, stays.email: MEMBER}


@pytest.mark.unit
def test_user_delete_deletes_invitations_addressed_to_the_person(user, org_admin, organisation):
    invitation(organisation, user.email.upper(), invited_by=org_admin)
    kept = invitation(organisation, "someone.else@example.org", invited_by=org_admin)

    user_delete(user=user)

    assert list(Invitation.objects.all()) == [kept]


@pytest.mark.unit
def test_user_delete_keeps_invitations_the_person_sent_without_the_sender(org_admin, org_member, organisation):
    sent = invitation(organisation, "colleague@example.org", invited_by=org_admin)

    user_delete(user=org_admin)

    sent.refresh_from_db()
    assert sent.invited_by is None


@pytest.mark.unit
def test_user_delete_keeps_the_persons_audit_entries_without_the_author(org_admin, org_member, organisation):
    entry = audit_record(actor=org_admin, action="organisation.update", obj=organisation, changes={"city": ["a", "b"]})

    user_delete(user=org_admin)

    entry.refresh_from_db()
    assert (entry.actor, entry.action, entry.changes) == (None, "organisation.update", {"city": ["a", "b"]})


@pytest.mark.unit
def test_user_delete_records_the_deletion_without_personal_data(user):
    user_pk = user.pk

    user_delete(user=user)

    entry = AuditEntry.objects.get(action="account.delete")
    assert (entry.actor, entry.object_id, entry.object_repr, entry.changes) == (
        None,
        str(user_pk),
        "deleted account",
        {},
    )


@pytest.mark.unit
def test_user_delete_leaves_other_peoples_organisations_alone(user, other_organisation):
    user_delete(user=user)

    assert Organisation.objects.filter(pk=other_organisation.pk).exists() is True
    assert User.objects.filter(memberships__organisation=other_organisation).count() == 1
