"""Signing in and out through allauth's forms, the password hashers and the sign-in rate limits."""

from __future__ import annotations

import pytest
from allauth.account.adapter import get_adapter
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from tests.accounts.helpers import IP_A, IP_B, sign_in, signed_in_user
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MISMATCH = get_adapter().error_messages["email_password_mismatch"]
TOO_MANY = get_adapter().error_messages["too_many_login_attempts"]
FAILED_SIGN_INS_ALLOWED = 5  # ACCOUNT_RATE_LIMITS["login_failed"] == "5/5m/ip,5/5m/key"


def test_login_right_password_signs_in_and_opens_the_dashboard(client, user):
    response = sign_in(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert signed_in_user(client) == user


def test_login_email_is_case_insensitive(client, user):
    sign_in(client, user.email.upper())

    assert signed_in_user(client) == user


def test_login_wrong_password_is_refused_with_one_message(client, user):
    response = sign_in(client, user.email, "not the password")

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [MISMATCH]}
    assert signed_in_user(client).is_authenticated is False


def test_login_unknown_email_gets_the_same_message_as_a_wrong_password(client, db):
    response = sign_in(client, "nobody@example.org", PASSWORD)

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [MISMATCH]}


def test_login_inactive_account_is_refused(client):
    inactive = UserFactory(is_active=False)

    response = sign_in(client, inactive.email)

    assert signed_in_user(client).is_authenticated is False
    assert response["Location"] == reverse("account_inactive")


def test_login_next_on_this_site_is_followed(client, user):
    profile = reverse("accounts:profile")

    response = sign_in(client, user.email, next_url=profile)

    assert response["Location"] == profile


def test_login_next_to_another_site_is_ignored(client, user):
    response = sign_in(client, user.email, next_url="https://evil.example/")

    assert response["Location"] == reverse("dashboard")


def test_login_old_pbkdf2_hash_is_upgraded_to_argon2(client, user):
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "pepperedsalt", iterations=1000)
    user.save(update_fields=["password"])

    sign_in(client, user.email)

    user.refresh_from_db()
    assert signed_in_user(client) == user
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD) is True


def test_logout_post_signs_out_and_goes_home(client, user):
    sign_in(client, user.email)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user(client).is_authenticated is False


def test_logout_get_only_asks_for_confirmation(client, user):
    sign_in(client, user.email)

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert signed_in_user(client) == user


# Rate limits. Each simulated visitor gets its own address so that the per-address and the
# per-account limits can be told apart.


def test_login_after_five_failures_for_one_account_refuses_even_the_right_password(client, user):
    for n in range(FAILED_SIGN_INS_ALLOWED):
        sign_in(client, user.email, "not the password", REMOTE_ADDR=f"203.0.113.{n + 1}")

    response = sign_in(client, user.email, PASSWORD, REMOTE_ADDR=IP_A)

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [TOO_MANY]}
    assert signed_in_user(client).is_authenticated is False


def test_login_four_failures_for_one_account_still_let_the_right_password_in(client, user):
    for n in range(FAILED_SIGN_INS_ALLOWED - 1):
        sign_in(client, user.email, "not the password", REMOTE_ADDR=f"203.0.113.{n + 1}")

    sign_in(client, user.email, PASSWORD, REMOTE_ADDR=IP_A)

    assert signed_in_user(client) == user


def test_login_lockout_of_one_account_leaves_other_accounts_alone(client, user):
    other = UserFactory()
    for n in range(FAILED_SIGN_INS_ALLOWED):
        sign_in(client, other.email, "not the password", REMOTE_ADDR=f"203.0.113.{n + 1}")

    sign_in(client, user.email, PASSWORD, REMOTE_ADDR=IP_A)

    assert signed_in_user(client) == user


def test_login_after_five_failures_from_one_address_refuses_every_account_from_it(client, user):
    for n in range(FAILED_SIGN_INS_ALLOWED):
        sign_in(client, f"guess{n}@example.org", "not the password", REMOTE_ADDR=IP_A)

    response = sign_in(client, user.email, PASSWORD, REMOTE_ADDR=IP_A)

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [TOO_MANY]}
    assert signed_in_user(client).is_authenticated is False


def test_login_failures_from_one_address_leave_other_addresses_alone(client, user):
    for n in range(FAILED_SIGN_INS_ALLOWED):
        sign_in(client, f"guess{n}@example.org", "not the password", REMOTE_ADDR=IP_A)

    sign_in(client, user.email, PASSWORD, REMOTE_ADDR=IP_B)

    assert signed_in_user(client) == user


def test_login_more_than_thirty_posts_a_minute_from_one_address_get_429(client, db):
    for n in range(30):  # ACCOUNT_RATE_LIMITS["login"] == "30/m/ip"
        sign_in(client, f"guess{n}@example.org", "not the password", REMOTE_ADDR=IP_A)

    response = sign_in(client, "guess30@example.org", "not the password", REMOTE_ADDR=IP_A)

    assert response.status_code == 429
