"""Password reset by mailed link, through allauth's forms and the real outbox."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from tests.accounts.helpers import IP_A, NEW_PASSWORD, link_in, links_in, sign_in, signed_in_user
from tests.factories import PASSWORD

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def request_reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def set_password_from_link(client, link, password=NEW_PASSWORD):
    """Open the mailed link (allauth moves the key into the session) and send the new password."""
    form_url = client.get(link)["Location"]
    return client.post(form_url, {"password1": password, "password2": password})


def test_password_reset_request_mails_a_reset_link_to_the_account(client, user, mailoutbox):
    response = request_reset(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert resolve(link_in(mailoutbox[0])).url_name == "account_reset_password_from_key"


def test_password_reset_request_for_unknown_address_answers_the_same_and_mails_no_reset_link(client, db, mailoutbox):
    response = request_reset(client, "nobody@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mailoutbox) == 1
    assert [resolve(path).url_name for path in links_in(mailoutbox[0])] == ["account_signup"]


def test_password_reset_link_opens_the_new_password_form(client, user, mailoutbox):
    request_reset(client, user.email)

    response = client.get(link_in(mailoutbox[0]), follow=True)

    assert response.status_code == 200
    assert response.context["form"].user == user


def test_password_reset_new_password_is_set(client, user, mailoutbox):
    request_reset(client, user.email)

    response = set_password_from_link(client, link_in(mailoutbox[0]))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) is True
    assert user.check_password(PASSWORD) is False


def test_password_reset_new_password_signs_in_and_the_old_one_does_not(client, user, mailoutbox):
    request_reset(client, user.email)
    set_password_from_link(client, link_in(mailoutbox[0]))

    refused = sign_in(client, user.email, PASSWORD)
    accepted = sign_in(client, user.email, NEW_PASSWORD)

    assert refused.status_code == 200
    assert accepted["Location"] == reverse("dashboard")
    assert signed_in_user(client) == user


def test_password_reset_new_password_is_stored_as_argon2(project_password_hashers, client, user, mailoutbox):
    request_reset(client, user.email)

    set_password_from_link(client, link_in(mailoutbox[0]))

    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


def test_password_reset_weak_new_password_is_refused(client, user, mailoutbox):
    request_reset(client, user.email)

    response = set_password_from_link(client, link_in(mailoutbox[0]), password="password")

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password1"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD) is True


def test_password_reset_link_works_only_once(client, user, mailoutbox):
    request_reset(client, user.email)
    link = link_in(mailoutbox[0])
    set_password_from_link(client, link)

    response = client.get(link, follow=True)

    assert response.status_code == 200
    assert response.context["token_fail"] is True


def test_password_reset_lifts_a_sign_in_lockout(client, user, mailoutbox):
    for n in range(5):  # ACCOUNT_RATE_LIMITS["login_failed"]: 5 per account
        sign_in(client, user.email, "not the password", REMOTE_ADDR=f"203.0.113.{n + 1}")
    request_reset(client, user.email)
    set_password_from_link(client, link_in(mailoutbox[0]))

    sign_in(client, user.email, NEW_PASSWORD, REMOTE_ADDR=IP_A)

    assert signed_in_user(client) == user
