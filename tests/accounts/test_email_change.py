"""Changing the sign-in address (ACCOUNT_CHANGE_EMAIL): the new address is verified before it counts."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import resolve, reverse

from tests.accounts.helpers import link_in, sign_in, signed_in_user
from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NEW_EMAIL = "new.address@example.org"


def addresses(user):
    return sorted(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary"))


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return user


def change_email(client, email):
    return client.post(reverse("account_email"), {"action_add": "", "email": email})


def test_email_change_page_shows_the_current_address(client, signed_in):
    response = client.get(reverse("account_email"))

    assert response.status_code == 200
    assert response.context["current_emailaddress"].email == signed_in.email


def test_email_change_mails_a_verification_link_to_the_new_address(client, signed_in, mailoutbox):
    response = change_email(client, NEW_EMAIL)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [NEW_EMAIL]
    assert resolve(link_in(mailoutbox[0])).url_name == "account_confirm_email"


def test_email_change_before_verification_keeps_the_old_address(client, signed_in, mailoutbox):
    old_email = signed_in.email

    change_email(client, NEW_EMAIL)

    signed_in.refresh_from_db()
    assert signed_in.email == old_email
    assert addresses(signed_in) == [(NEW_EMAIL, False, False), (old_email, True, True)]


def test_email_change_after_verification_replaces_the_address(client, signed_in, mailoutbox):
    change_email(client, NEW_EMAIL)

    client.post(link_in(mailoutbox[0]))

    signed_in.refresh_from_db()
    assert signed_in.email == NEW_EMAIL
    assert addresses(signed_in) == [(NEW_EMAIL, True, True)]


def test_email_change_after_verification_signs_in_with_the_new_address_only(client, signed_in, mailoutbox):
    old_email = signed_in.email
    change_email(client, NEW_EMAIL)
    client.post(link_in(mailoutbox[0]))
    client.logout()

    refused = sign_in(client, old_email)
    accepted = sign_in(client, NEW_EMAIL)

    assert refused.status_code == 200
    assert accepted["Location"] == reverse("dashboard")
    assert signed_in_user(client) == signed_in


def test_email_change_invalid_address_is_refused(client, signed_in, mailoutbox):
    response = change_email(client, "not-an-email")

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]
    assert mailoutbox == []
    assert addresses(signed_in) == [(signed_in.email, True, True)]


def test_email_change_to_an_address_of_another_account_never_takes_it_over(client, signed_in, mailoutbox):
    other = UserFactory()
    change_email(client, other.email)

    client.post(link_in(mailoutbox[0]))

    signed_in.refresh_from_db()
    assert signed_in.email != other.email
    assert EmailAddress.objects.get(email=other.email, verified=True).user == other


def test_email_change_page_needs_sign_in(client, db):
    response = client.get(reverse("account_email"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('account_email')}"
