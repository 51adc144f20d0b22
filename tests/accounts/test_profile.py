"""The person's profile page, and the pages that need a signed-in person."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_profile_page_shows_the_current_name(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    assert response.context["form"]["full_name"].value() == user.full_name


def test_profile_save_changes_the_full_name(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"full_name": "Agnieszka Wiśniewska"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.full_name == "Agnieszka Wiśniewska"


def test_profile_save_may_clear_the_name(client, user):
    client.force_login(user)

    client.post(reverse("accounts:profile"), {"full_name": ""})

    user.refresh_from_db()
    assert user.full_name == ""


def test_profile_save_too_long_name_is_refused(client, user):
    client.force_login(user)
    original = user.full_name

    response = client.post(reverse("accounts:profile"), {"full_name": "x" * 151})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["full_name"]
    user.refresh_from_db()
    assert user.full_name == original


def test_profile_save_cannot_change_other_fields(client, user):
    client.force_login(user)
    email = user.email

    client.post(
        reverse("accounts:profile"),
        {"full_name": "New Name", "email": "taken.over@example.org", "is_secretariat": "on", "is_superuser": "on"},
    )

    user.refresh_from_db()
    assert (user.email, user.is_secretariat, user.is_superuser) == (email, False, False)


def test_profile_delete_method_is_not_allowed(client, user):
    client.force_login(user)

    response = client.delete(reverse("accounts:profile"))

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("dashboard", "get"),
        ("accounts:profile", "get"),
        ("accounts:profile", "post"),
        ("accounts:data_export", "get"),
        ("accounts:delete", "get"),
        ("accounts:delete", "post"),
        ("accounts:api_tokens", "get"),
        ("accounts:api_tokens", "post"),
        ("account_email", "get"),
        ("account_change_password", "get"),
        ("mfa_index", "get"),
    ],
)
def test_pages_needing_sign_in_send_anonymous_visitors_to_the_login(client, db, url_name, method):
    url = reverse(url_name)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?{urlencode({'next': url}, safe='/')}"


def test_api_token_revoke_sends_anonymous_visitors_to_the_login(client, db):
    url = reverse("accounts:api_token.revoke", kwargs={"token_id": 1})

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?{urlencode({'next': url}, safe='/')}"
