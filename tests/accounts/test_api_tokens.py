"""Personal API tokens: created on the tokens page, shown once, stored only as a hash, revocable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from creativeports.accounts.models import ApiToken
from creativeports.accounts.services.account import (
    TOKEN_PREFIX,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from creativeports.common.models import AuditEntry
from tests.factories import UserFactory

TOKENS_URL = "accounts:api_tokens"


def revoke_url(token):
    return reverse("accounts:api_token.revoke", kwargs={"token_id": token.pk})


@pytest.fixture
def created(client, user):
    """The answer to creating a token on the page, signed in as `user`."""
    client.force_login(user)
    return client.post(reverse(TOKENS_URL), {"name": "CRM sync"})


@pytest.mark.integration
def test_api_tokens_create_shows_the_secret_once(created, user):
    secret = created.context["secret"]

    assert created.status_code == 200
    assert secret.startswith(TOKEN_PREFIX)
    assert secret in created.content.decode()
    assert api_token_authenticate(secret=secret) == user


@pytest.mark.integration
def test_api_tokens_create_stores_only_a_hash(created):
    secret = created.context["secret"]
    token = ApiToken.objects.get()

    assert token.name == "CRM sync"
    assert token.key_hash != secret
    assert secret not in token.key_hash
    assert token.prefix == secret[: len(token.prefix)]
    assert len(token.prefix) < len(secret)


@pytest.mark.integration
def test_api_tokens_page_later_lists_the_token_without_its_secret(client, created):
    secret = created.context["secret"]
    token = ApiToken.objects.get()

    response = client.get(reverse(TOKENS_URL))

    assert response.status_code == 200
    assert response.context["secret"] is None
    assert list(response.context["tokens"]) == [token]
    assert secret not in response.content.decode()
    assert token.prefix in response.content.decode()


@pytest.mark.integration
def test_api_tokens_create_writes_the_audit_log(created, user):
    entry = AuditEntry.objects.get(action="api_token.create")

    assert (entry.actor, entry.changes) == (user, {"token": [None, ApiToken.objects.get().prefix]})


@pytest.mark.integration
def test_api_tokens_create_without_a_name_is_refused(client, user):
    client.force_login(user)

    response = client.post(reverse(TOKENS_URL), {"name": ""})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["name"]
    assert ApiToken.objects.count() == 0


@pytest.mark.integration
def test_api_tokens_page_lists_only_own_tokens(client, user):
    own, _ = api_token_create(user=user, name="Mine")
    api_token_create(user=UserFactory(), name="Theirs")
    client.force_login(user)

    response = client.get(reverse(TOKENS_URL))

    assert list(response.context["tokens"]) == [own]


@pytest.mark.integration
def test_api_token_revoke_deletes_own_token(client, user):
    token, secret = api_token_create(user=user, name="CRM sync")
    client.force_login(user)

    response = client.post(revoke_url(token))

    assert response.status_code == 302
    assert response["Location"] == reverse(TOKENS_URL)
    assert ApiToken.objects.filter(pk=token.pk).exists() is False
    assert api_token_authenticate(secret=secret) is None


@pytest.mark.integration
def test_api_token_revoke_of_another_users_token_changes_nothing(client, user):
    theirs, secret = api_token_create(user=UserFactory(), name="Theirs")
    client.force_login(user)

    response = client.post(revoke_url(theirs))

    assert response.status_code == 302
    assert response["Location"] == reverse(TOKENS_URL)
    assert ApiToken.objects.filter(pk=theirs.pk).exists() is True
    assert api_token_authenticate(secret=secret) == theirs.user


@pytest.mark.integration
def test_api_token_revoke_by_get_is_not_allowed(client, user):
    token, _ = api_token_create(user=user, name="CRM sync")
    client.force_login(user)

    response = client.get(revoke_url(token))

    assert response.status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists() is True


@pytest.mark.integration
def test_api_token_revoked_is_refused_by_the_api(client, user):
    token, secret = api_token_create(user=user, name="CRM sync")
    api_token_revoke(user=user, token_id=token.pk)

    response = client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 401


@pytest.mark.integration
def test_api_token_live_is_accepted_by_the_api(client, user):
    _, secret = api_token_create(user=user, name="CRM sync")

    response = client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 200


@pytest.mark.unit
def test_api_token_create_gives_different_secrets_each_time(user):
    _, first = api_token_create(user=user, name="One")
    _, second = api_token_create(user=user, name="Two")

    assert first != second


@pytest.mark.unit
def test_api_token_create_blank_name_becomes_api(user):
    token, _ = api_token_create(user=user, name="   ")

    assert token.name == "API"


@pytest.mark.unit
@pytest.mark.parametrize("secret", ["", "cp_", "not-a-token", f"{TOKEN_PREFIX}unknown"])
def test_api_token_authenticate_unknown_secret_is_none(user, secret):
    api_token_create(user=user, name="CRM sync")

    assert api_token_authenticate(secret=secret) is None


@pytest.mark.unit
def test_api_token_authenticate_inactive_user_is_none(user):
    _, secret = api_token_create(user=user, name="CRM sync")
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert api_token_authenticate(secret=secret) is None


@pytest.mark.unit
def test_api_token_authenticate_records_first_use(user):
    token, secret = api_token_create(user=user, name="CRM sync")

    api_token_authenticate(secret=secret)

    token.refresh_from_db()
    assert token.last_used is not None


@pytest.mark.unit
def test_api_token_authenticate_writes_last_use_at_most_once_a_minute(user):
    token, secret = api_token_create(user=user, name="CRM sync")
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used=recent)

    api_token_authenticate(secret=secret)

    token.refresh_from_db()
    assert token.last_used == recent


@pytest.mark.unit
def test_api_token_authenticate_updates_a_last_use_older_than_a_minute(user):
    token, secret = api_token_create(user=user, name="CRM sync")
    old = timezone.now() - timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used=old)

    api_token_authenticate(secret=secret)

    token.refresh_from_db()
    assert token.last_used > old


@pytest.mark.unit
def test_api_token_revoke_of_another_users_token_is_false(user):
    theirs, _ = api_token_create(user=UserFactory(), name="Theirs")

    assert api_token_revoke(user=user, token_id=theirs.pk) is False
    assert ApiToken.objects.filter(pk=theirs.pk).exists() is True
