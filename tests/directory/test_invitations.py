"""Inviting colleagues by email, accepting the invitation, and managing roles without losing the last admin."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import resolve, reverse
from django.utils import timezone

from creativeports.directory.models import Invitation, Membership
from creativeports.directory.services.membership import MAX_OPEN_INVITATIONS
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.integration

INVITED = "new.colleague@example.org"


def _people(organisation) -> str:
    return reverse("directory:organisation.people", kwargs={"slug": organisation.slug})


def _change(organisation, membership) -> str:
    return reverse("directory:membership.change", kwargs={"slug": organisation.slug, "membership_id": membership.pk})


@pytest.fixture
def invite(client, organisation, org_admin, django_capture_on_commit_callbacks):
    """Invite an address as the organisation admin through the people page; returns the response."""

    def _invite(email=INVITED, role="member"):
        client.force_login(org_admin)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(_people(organisation), {"email": email, "role": role})

    return _invite


@pytest.fixture
def invitation_link(invite, mailoutbox, client):
    """The path of the accept link from the invitation email (the admin is signed out afterwards)."""

    def _link(email=INVITED, role="member"):
        invite(email, role)
        client.logout()
        match = re.search(re.escape(settings.SITE_URL) + r"(/\S+)", mailoutbox[-1].body)
        assert match is not None
        return match.group(1)

    return _link


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Sending -----------------------------------------------------------------------------------------------------


def test_invite_sends_one_email_with_accept_link(invite, organisation, mailoutbox):
    response = invite()

    assert response.status_code == 302
    assert response.url == _people(organisation)
    [mail] = mailoutbox
    assert mail.to == [INVITED]
    assert mail.subject == f"{organisation.name} invites you to Creative Ports"
    link = re.search(re.escape(settings.SITE_URL) + r"(/\S+)", mail.body).group(1)
    assert resolve(link).view_name == "directory:invitation.accept"


def test_invite_stores_only_a_hash_of_the_token(invitation_link):
    link = invitation_link()

    token = resolve(link).kwargs["token"]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert Invitation.objects.filter(token_hash=token).exists() is False


def test_invite_records_role_inviter_and_expiry(invite, org_admin):
    before = timezone.now()

    invite(role="admin")

    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (INVITED, "admin", org_admin)
    assert before + timedelta(days=14) <= invitation.expires_at <= timezone.now() + timedelta(days=14)


def test_invite_lowercases_the_address(invite):
    invite(email="New.Colleague@Example.ORG")

    assert Invitation.objects.get().email == INVITED


def test_invite_open_invitation_listed_for_admin(invite, client, organisation):
    invite()

    response = client.get(_people(organisation))

    assert [i.email for i in response.context["invitations"]] == [INVITED]


def test_invite_duplicate_address_gets_field_error(invite, mailoutbox):
    invite()

    response = invite()

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["An invitation to this address is already waiting to be accepted."]
    }
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("transform", [str, str.upper])
def test_invite_existing_member_gets_field_error(invite, org_member, mailoutbox, transform):
    response = invite(email=transform(org_member.email))

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["This person already belongs to the organisation."]}
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_invite_bad_address_gets_field_error(invite):
    response = invite(email="not an address")

    assert list(response.context["form"].errors) == ["email"]
    assert Invitation.objects.count() == 0


def test_invite_unknown_role_gets_field_error(invite):
    response = invite(role="owner")

    assert list(response.context["form"].errors) == ["role"]
    assert Invitation.objects.count() == 0


def test_invite_too_many_open_invitations_refused(invite, organisation, org_admin):
    expires = timezone.now() + timedelta(days=1)
    Invitation.objects.bulk_create(
        Invitation(organisation=organisation, email=f"p{i}@example.org", token_hash=f"{i:064d}", expires_at=expires)
        for i in range(MAX_OPEN_INVITATIONS)
    )

    response = invite()

    assert response.context["form"].non_field_errors() == [
        "Too many invitations are open; revoke some before sending more."
    ]
    assert Invitation.objects.count() == MAX_OPEN_INVITATIONS


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("outsider", 404)])
def test_invite_by_non_admin_refused_and_no_email(client_as, organisation, mailoutbox, role, status):
    response = client_as(role).post(_people(organisation), {"email": INVITED, "role": "admin"})

    assert response.status_code == status
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


# --- Accepting ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "admin"])
def test_accept_signed_in_with_invited_verified_address_joins_with_role(invitation_link, client, organisation, role):
    link = invitation_link(role=role)
    invited = UserFactory(email=INVITED)
    signed_in = client.post(reverse("account_login"), {"login": INVITED, "password": PASSWORD})

    page = client.get(link)
    response = client.post(link)

    assert signed_in.status_code == 302
    assert page.status_code == 200
    assert f"Join {organisation.name}" in page.text
    assert response.url == organisation.get_absolute_url()
    assert Membership.objects.get(user=invited).organisation == organisation
    assert Membership.objects.get(user=invited).role == role
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == invited
    assert invitation.accepted_at is not None


def test_accept_anonymous_page_offers_sign_in_and_sign_up(invitation_link, client):
    link = invitation_link()

    response = client.get(link)

    assert response.status_code == 200
    assert f'href="{reverse("account_login")}?next={link}"' in response.text
    assert f'href="{reverse("account_signup")}?next={link}"' in response.text


def test_accept_anonymous_post_creates_nothing(invitation_link, client):
    link = invitation_link()

    response = client.post(link)

    assert response.status_code == 200
    assert Membership.objects.filter(user__email=INVITED).exists() is False
    assert Invitation.objects.get().accepted_at is None


def test_accept_with_other_address_refused(invitation_link, client, organisation):
    link = invitation_link()
    someone_else = UserFactory(email="someone.else@example.org")
    client.force_login(someone_else)

    response = client.post(link)

    assert response.status_code == 200
    assert response.context["error"] == (
        f"This invitation was sent to {INVITED}. Sign in with that address (verified) to accept it."
    )
    assert someone_else.memberships.count() == 0
    assert Invitation.objects.get().accepted_at is None


def test_accept_with_unverified_invited_address_refused(invitation_link, client):
    link = invitation_link()
    unverified = UserFactory(email=INVITED, verified=False)
    EmailAddress.objects.create(user=unverified, email=INVITED, verified=False, primary=True)
    client.force_login(unverified)

    client.post(link)

    assert unverified.memberships.count() == 0


def test_accept_with_verified_secondary_address_joins(invitation_link, client, organisation):
    link = invitation_link()
    person = UserFactory(email="primary@example.org")
    EmailAddress.objects.create(user=person, email=INVITED, verified=True, primary=False)
    client.force_login(person)

    client.post(link)

    assert person.memberships.get().organisation == organisation


def test_accept_existing_member_invited_as_admin_is_promoted(invitation_link, client, organisation):
    link = invitation_link(role="admin")
    # Joined through another invitation before accepting this one.
    person = MembershipFactory(organisation=organisation, role="member", user=UserFactory(email=INVITED)).user
    client.force_login(person)

    client.post(link)

    assert person.memberships.get().role == "admin"


def _refused(client, link, person):
    client.force_login(person)
    page = client.get(link)
    response = client.post(link)
    return page, response


def test_accept_expired_invitation_refused(invitation_link, client):
    link = invitation_link()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    invited = UserFactory(email=INVITED)

    page, response = _refused(client, link, invited)

    assert "This invitation is no longer valid" in page.text
    assert response.context["error"] == "This invitation is no longer valid. Ask for a new one."
    assert invited.memberships.count() == 0


def test_accept_revoked_invitation_refused(invitation_link, client, organisation, org_admin):
    link = invitation_link()
    client.force_login(org_admin)
    invitation = Invitation.objects.get()
    client.post(
        reverse("directory:invitation.revoke", kwargs={"slug": organisation.slug, "invitation_id": invitation.pk})
    )
    invited = UserFactory(email=INVITED)

    _page, response = _refused(client, link, invited)

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert response.context["error"] == "This invitation is no longer valid. Ask for a new one."
    assert invited.memberships.count() == 0


def test_accept_used_invitation_refused_the_second_time(invitation_link, client, organisation):
    link = invitation_link()
    invited = UserFactory(email=INVITED)
    client.force_login(invited)
    client.post(link)
    Membership.objects.filter(user=invited).delete()  # left the organisation since

    response = client.post(link)

    assert response.context["error"] == "This invitation is no longer valid. Ask for a new one."
    assert invited.memberships.count() == 0


def test_accept_unknown_token_refused_without_error(client, user):
    client.force_login(user)
    link = reverse("directory:invitation.accept", kwargs={"token": "forged-token"})

    page = client.get(link)
    response = client.post(link)

    assert page.status_code == 200
    assert "This invitation is no longer valid" in page.text
    assert response.context["error"] == "This invitation is no longer valid. Ask for a new one."


# --- Revoking ----------------------------------------------------------------------------------------------------


def test_revoke_by_outsider_is_404_and_invitation_stays_open(invite, client, organisation, outsider):
    invite()
    invitation = Invitation.objects.get()
    client.force_login(outsider)

    response = client.post(
        reverse("directory:invitation.revoke", kwargs={"slug": organisation.slug, "invitation_id": invitation.pk})
    )

    invitation.refresh_from_db()
    assert response.status_code == 404
    assert invitation.revoked_at is None


def test_revoke_invitation_of_other_organisation_is_404(invite, client, organisation, outsider):
    invite()
    invitation = Invitation.objects.get()
    own = outsider.memberships.get().organisation
    client.force_login(outsider)

    response = client.post(
        reverse("directory:invitation.revoke", kwargs={"slug": own.slug, "invitation_id": invitation.pk})
    )

    invitation.refresh_from_db()
    assert response.status_code == 404
    assert invitation.revoked_at is None


# --- Roles and removal keep an admin -----------------------------------------------------------------------------


def test_role_change_last_admin_cannot_become_member(client, organisation, org_admin):
    membership = org_admin.memberships.get()
    client.force_login(org_admin)

    response = client.post(_change(organisation, membership), {"role": "member"}, follow=True)

    membership.refresh_from_db()
    assert membership.role == "admin"
    assert _messages(response) == ["An organisation needs at least one admin. Make someone else admin first."]


def test_remove_last_admin_refused(client, organisation, org_admin):
    membership = org_admin.memberships.get()
    client.force_login(org_admin)

    response = client.post(_change(organisation, membership), {"action": "remove"}, follow=True)

    assert Membership.objects.filter(pk=membership.pk).exists() is True
    assert _messages(response) == ["An organisation needs at least one admin. Make someone else admin first."]


def test_role_change_admin_promotes_member_then_steps_down(client, organisation, org_admin, org_member):
    client.force_login(org_admin)

    client.post(_change(organisation, org_member.memberships.get()), {"role": "admin"})
    client.post(_change(organisation, org_admin.memberships.get()), {"role": "member"})

    assert org_member.memberships.get().role == "admin"
    assert org_admin.memberships.get().role == "member"


def test_role_change_unknown_role_refused(client, organisation, org_admin, org_member):
    client.force_login(org_admin)

    response = client.post(_change(organisation, org_member.memberships.get()), {"role": "owner"}, follow=True)

    assert org_member.memberships.get().role == "member"
    assert _messages(response) == ["Unknown role."]


def test_remove_member_by_admin(client, organisation, org_admin, org_member):
    client.force_login(org_admin)

    client.post(_change(organisation, org_member.memberships.get()), {"action": "remove"})

    assert org_member.memberships.count() == 0


def test_member_leaves_by_removing_own_membership(client, organisation, org_admin, org_member):
    client.force_login(org_member)

    response = client.post(_change(organisation, org_member.memberships.get()), {"action": "remove"})

    assert response.url == reverse("dashboard")
    assert org_member.memberships.count() == 0


@pytest.mark.parametrize("data", [{"action": "remove"}, {"role": "member"}])
def test_member_cannot_change_or_remove_others(client, organisation, org_admin, org_member, data):
    client.force_login(org_member)

    response = client.post(_change(organisation, org_admin.memberships.get()), data)

    assert response.status_code == 403
    assert org_admin.memberships.get().role == "admin"


def test_member_cannot_promote_self(client, organisation, org_admin, org_member):
    client.force_login(org_member)

    response = client.post(_change(organisation, org_member.memberships.get()), {"role": "admin"})

    assert response.status_code == 403
    assert org_member.memberships.get().role == "member"


def test_membership_change_forged_membership_of_other_organisation_is_404(client, organisation, org_admin, outsider):
    foreign = outsider.memberships.get()
    client.force_login(org_admin)

    response = client.post(_change(organisation, foreign), {"action": "remove"})

    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists() is True


def test_membership_change_get_not_allowed(client, organisation, org_admin):
    client.force_login(org_admin)

    response = client.get(_change(organisation, org_admin.memberships.get()))

    assert response.status_code == 405
