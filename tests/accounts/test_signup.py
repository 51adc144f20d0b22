"""Sign-up with mandatory email verification, through the real forms and the real outbox."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import resolve, reverse

from creativeports.accounts.models import User
from tests.accounts.helpers import IP_A, IP_B, NEW_PASSWORD, link_in, sign_in, sign_up, signed_in_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

EMAIL = "maja.nowak@example.org"


@pytest.fixture
def signed_up(client, mailoutbox):
    """A person who has just signed up in `client`'s browser; their mail is in the outbox."""
    sign_up(client, EMAIL)
    return User.objects.get(email=EMAIL)


def test_signup_valid_redirects_to_the_verification_notice(client):
    response = sign_up(client, EMAIL)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_signup_valid_sends_one_verification_link(client, mailoutbox):
    sign_up(client, EMAIL)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [EMAIL]
    assert resolve(link_in(mailoutbox[0])).url_name == "account_confirm_email"


def test_signup_verification_email_names_the_platform_not_the_host(client, mailoutbox):
    sign_up(client, EMAIL)

    assert mailoutbox[0].subject == "[Creative Ports] Please Confirm Your Email Address"
    assert "Hello from Creative Ports!" in mailoutbox[0].body
    assert "testserver" not in mailoutbox[0].body.split("http")[0]


def test_signup_valid_creates_an_account_with_an_unverified_primary_address(signed_up):
    address = EmailAddress.objects.get(user=signed_up)

    assert (address.email, address.verified, address.primary) == (EMAIL, False, True)
    assert signed_up.check_password(NEW_PASSWORD) is True


def test_signup_password_is_stored_as_an_argon2_hash(project_password_hashers, client):
    sign_up(client, EMAIL)

    stored = User.objects.get(email=EMAIL).password
    assert stored.startswith("argon2$argon2id$")
    assert NEW_PASSWORD not in stored


def test_signup_valid_does_not_sign_in(client, signed_up):
    assert signed_in_user(client).is_authenticated is False


def test_signup_unverified_account_cannot_sign_in(signed_up):
    other_browser = Client()

    response = sign_in(other_browser, EMAIL, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user(other_browser).is_authenticated is False


def test_signup_confirmation_link_get_shows_a_form_and_verifies_nothing(client, signed_up, mailoutbox):
    response = client.get(link_in(mailoutbox[0]))

    assert response.status_code == 200
    assert response.templates[0].name == "account/email_confirm.html"
    assert response.context["confirmation"].email_address.email == EMAIL
    assert EmailAddress.objects.get(user=signed_up).verified is False
    assert signed_in_user(client).is_authenticated is False


def test_signup_confirmation_link_post_verifies_and_signs_in(client, signed_up, mailoutbox):
    response = client.post(link_in(mailoutbox[0]))

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert EmailAddress.objects.get(user=signed_up).verified is True
    assert signed_in_user(client) == signed_up


def test_signup_confirmation_link_in_another_browser_verifies_without_signing_in(signed_up, mailoutbox):
    other_browser = Client()

    response = other_browser.post(link_in(mailoutbox[0]))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert EmailAddress.objects.get(user=signed_up).verified is True
    assert signed_in_user(other_browser).is_authenticated is False


def test_signup_verified_account_signs_in_with_its_password(signed_up, mailoutbox):
    Client().post(link_in(mailoutbox[0]))
    browser = Client()

    response = sign_in(browser, EMAIL, NEW_PASSWORD)

    assert response["Location"] == reverse("dashboard")
    assert signed_in_user(browser) == signed_up


def test_signup_confirmation_link_with_a_forged_key_verifies_nothing(client, signed_up, mailoutbox):
    forged = link_in(mailoutbox[0]).rstrip("/") + "x/"

    response = client.post(forged)

    assert response.status_code == 404
    assert EmailAddress.objects.get(user=signed_up).verified is False


@pytest.mark.parametrize(
    ("email", "password1", "password2", "expected_errors"),
    [
        ("not-an-email", NEW_PASSWORD, NEW_PASSWORD, {"email": ["invalid"]}),
        (EMAIL, NEW_PASSWORD, NEW_PASSWORD + "!", {"password2": [None]}),
        (EMAIL, "password", "password", {"password1": ["password_too_short", "password_too_common"]}),
        (EMAIL, "73829164520", "73829164520", {"password1": ["password_entirely_numeric"]}),
        (
            "lighthouse.keeper@example.org",
            "lighthouse.keeper",
            "lighthouse.keeper",
            {"password1": ["password_too_similar"]},
        ),
        (EMAIL, "", "", {"password1": ["required"], "password2": ["required"]}),
    ],
    ids=["bad-email", "mismatch", "short-and-common", "numeric", "similar-to-email", "empty"],
)
def test_signup_invalid_input_shows_field_errors_and_creates_nothing(
    client, mailoutbox, email, password1, password2, expected_errors
):
    response = sign_up(client, email, password1, password2)

    assert response.status_code == 200
    errors = {f: [e.code for e in errs] for f, errs in response.context["form"].errors.as_data().items()}
    assert errors == expected_errors
    assert User.objects.count() == 0
    assert mailoutbox == []


def test_signup_registered_email_creates_no_account_and_warns_the_owner(client, user, mailoutbox):
    # allauth prevents account enumeration: no field error, the same answer as for a new address,
    # and the owner of the address is told by mail instead.
    response = sign_up(client, user.email.upper())

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert resolve(link_in(mailoutbox[0])).url_name == "account_reset_password"


def test_signup_closed_by_setting_creates_nothing(client, settings):
    settings.CREATIVEPORTS_SIGNUP_OPEN = False

    response = sign_up(client, EMAIL)

    assert response.status_code == 200
    assert response.templates[0].name == "account/signup_closed.html"
    assert User.objects.count() == 0


SIGNUPS_PER_HOUR_PER_ADDRESS = 10  # ACCOUNT_RATE_LIMITS["signup"] == "10/h/ip"


@pytest.fixture
def address_a_used_up(client):
    for n in range(SIGNUPS_PER_HOUR_PER_ADDRESS):
        response = sign_up(client, f"person.{n}@example.org", REMOTE_ADDR=IP_A)
        assert response.status_code == 302


def test_signup_rate_limit_refuses_the_eleventh_signup_from_one_address(client, address_a_used_up, mailoutbox):
    sent_before = len(mailoutbox)

    response = sign_up(client, EMAIL, REMOTE_ADDR=IP_A)

    assert response.status_code == 429
    assert User.objects.filter(email=EMAIL).exists() is False
    assert len(mailoutbox) == sent_before


def test_signup_rate_limit_lets_other_addresses_sign_up(client, address_a_used_up):
    response = sign_up(client, EMAIL, REMOTE_ADDR=IP_B)

    assert response.status_code == 302
    assert User.objects.filter(email=EMAIL).exists() is True
