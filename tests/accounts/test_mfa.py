"""Optional two-factor sign-in with an authenticator app (allauth.mfa TOTP), through allauth's pages.

allauth checks codes against the current 30-second step; the tests stop that clock so that a
code computed by pyotp (the "phone") cannot fall into the next step half-way through a test.
"""

from __future__ import annotations

import re
import time
from types import SimpleNamespace
from urllib.parse import urlencode

import pyotp
import pytest
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import sign_in, signed_in_user
from tests.factories import PASSWORD

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

INCORRECT_CODE = get_mfa_adapter().error_messages["incorrect_code"]


@pytest.fixture
def now(monkeypatch):
    """The moment allauth's TOTP check sees, held still for the test."""
    frozen = time.time()
    monkeypatch.setattr(totp_auth, "time", SimpleNamespace(time=lambda: frozen))
    return frozen


def code_at(secret, moment):
    return pyotp.TOTP(secret).at(moment)


def another_code(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def secret_on_page(response):
    """The secret the activation page shows next to the QR code."""
    field = re.search(r'<input[^>]*id="authenticator_secret"[^>]*>', response.content.decode())
    return re.search(r'value="([A-Z2-7]+)"', field.group(0)).group(1)


def open_activation_page(client, password=PASSWORD):
    """Activation asks for the password again first; then it shows the QR code and the secret."""
    reauthenticate = client.get(reverse("mfa_activate_totp"))["Location"]
    client.post(reauthenticate, {"password": password})
    return client.get(reverse("mfa_activate_totp"))


def activate_totp(user, moment):
    """Turn on the authenticator app for `user` in a browser of its own; returns the secret."""
    browser = Client()
    sign_in(browser, user.email)
    secret = secret_on_page(open_activation_page(browser))
    browser.post(reverse("mfa_activate_totp"), {"code": code_at(secret, moment)})
    return secret


@pytest.fixture
def totp_secret(user, now):
    return activate_totp(user, now)


def test_totp_activation_asks_for_the_password_again(client, user):
    sign_in(client, user.email)

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('account_reauthenticate')}?{urlencode({'next': reverse('mfa_activate_totp')})}"
    )


def test_totp_activation_page_shows_the_secret_kept_in_the_session(client, user):
    sign_in(client, user.email)

    response = open_activation_page(client)

    assert response.status_code == 200
    assert secret_on_page(response) == client.session[totp_auth.SECRET_SESSION_KEY]


def test_totp_activation_with_the_right_code_turns_two_factor_on(client, user, now):
    sign_in(client, user.email)
    secret = secret_on_page(open_activation_page(client))

    response = client.post(reverse("mfa_activate_totp"), {"code": code_at(secret, now)})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert list(Authenticator.objects.filter(user=user).values_list("type", flat=True).order_by("type")) == [
        Authenticator.Type.RECOVERY_CODES,
        Authenticator.Type.TOTP,
    ]
    assert totp_auth.SECRET_SESSION_KEY not in client.session


def test_totp_activation_with_a_wrong_code_is_refused(client, user, now):
    sign_in(client, user.email)
    secret = secret_on_page(open_activation_page(client))

    response = client.post(reverse("mfa_activate_totp"), {"code": another_code(code_at(secret, now))})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": [INCORRECT_CODE]}
    assert Authenticator.objects.filter(user=user).exists() is False


def test_totp_login_asks_for_a_code_after_the_password(client, user, totp_secret):
    response = sign_in(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user(client).is_authenticated is False


def test_totp_login_protected_pages_stay_closed_until_the_code(client, user, totp_secret):
    sign_in(client, user.email)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('dashboard')}"


def test_totp_login_wrong_code_is_refused(client, user, totp_secret, now):
    sign_in(client, user.email)

    response = client.post(reverse("mfa_authenticate"), {"code": another_code(code_at(totp_secret, now))})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": [INCORRECT_CODE]}
    assert signed_in_user(client).is_authenticated is False


def test_totp_login_right_code_signs_in(client, user, totp_secret, now):
    sign_in(client, user.email)

    response = client.post(reverse("mfa_authenticate"), {"code": code_at(totp_secret, now)})

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert signed_in_user(client) == user


def test_totp_login_code_cannot_be_used_twice(client, user, totp_secret, now):
    first_browser = Client()
    sign_in(first_browser, user.email)
    first_browser.post(reverse("mfa_authenticate"), {"code": code_at(totp_secret, now)})
    sign_in(client, user.email)

    response = client.post(reverse("mfa_authenticate"), {"code": code_at(totp_secret, now)})

    assert response.context["form"].errors == {"code": [INCORRECT_CODE]}
    assert signed_in_user(client).is_authenticated is False


def test_totp_login_code_of_another_time_step_is_refused(client, user, totp_secret, now):
    earlier = now - 90
    while code_at(totp_secret, earlier) == code_at(totp_secret, now):  # one chance in a million
        earlier -= 30
    sign_in(client, user.email)

    response = client.post(reverse("mfa_authenticate"), {"code": code_at(totp_secret, earlier)})

    assert signed_in_user(client).is_authenticated is False
    assert response.status_code == 200


def test_totp_admin_sign_in_goes_through_the_code_too(client, secretariat, now):
    secret = activate_totp(secretariat, now)
    site_login = client.get(reverse("admin:index"), follow=True).redirect_chain[-1][0]

    after_password = client.post(site_login, {"login": secretariat.email, "password": PASSWORD})
    after_code = client.post(after_password["Location"], {"code": code_at(secret, now)})

    assert after_password["Location"] == reverse("mfa_authenticate")
    assert after_code["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
