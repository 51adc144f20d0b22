"""Authentication: personal tokens, the browser session with CSRF, and what happens without either."""

from __future__ import annotations

import pytest
from django.test import Client

from creativeports.accounts.services.account import api_token_create, api_token_revoke
from creativeports.directory.models import Organisation
from creativeports.taxonomy.models import OrganisationType
from tests.api.helpers import API, assert_error_shape, bearer, valid_body
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ME = f"{API}/me"
LIST = f"{API}/organisations"


def test_me_with_token_returns_user_and_roles(client, org_admin):
    response = client.get(ME, headers=bearer(org_admin))

    assert response.status_code == 200
    assert response.json() == {
        "id": org_admin.pk,
        "email": org_admin.email,
        "full_name": org_admin.full_name,
        "roles": ["member", "org_admin"],
    }


def test_me_roles_of_intermediary_and_secretariat(client, secretariat):
    cluster_person = MembershipFactory(
        organisation__type=OrganisationType.objects.get(code="cluster"), role="member"
    ).user

    cluster_roles = client.get(ME, headers=bearer(cluster_person)).json()["roles"]
    secretariat_roles = client.get(ME, headers=bearer(secretariat)).json()["roles"]

    assert cluster_roles == ["member", "intermediary"]
    assert secretariat_roles == ["secretariat"]


def test_me_with_session_returns_user(client, user):
    client.force_login(user)

    response = client.get(ME)

    assert response.status_code == 200
    assert response.json()["id"] == user.pk
    assert response.json()["roles"] == []


def test_me_anonymous_is_401(client):
    response = client.get(ME)

    assert response.status_code == 401
    assert assert_error_shape(response)["errors"] == []


@pytest.mark.parametrize("secret", ["cp_not-a-real-token", "no-prefix-at-all", ""])
@pytest.mark.parametrize("url", [ME, LIST])
def test_wrong_token_is_401_not_anonymous(client, organisation, secret, url):
    response = client.get(url, headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 401
    assert assert_error_shape(response)["detail"] == "Invalid or revoked API token."


def test_wrong_token_is_401_even_with_a_session(client, user):
    client.force_login(user)

    response = client.get(ME, headers={"Authorization": "Bearer cp_forged"})

    assert response.status_code == 401
    assert_error_shape(response)


def test_revoked_token_is_401(client, user):
    token, secret = api_token_create(user=user, name="CRM sync")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(ME, headers=headers).status_code == 200

    api_token_revoke(user=user, token_id=token.pk)
    response = client.get(ME, headers=headers)

    assert response.status_code == 401
    assert assert_error_shape(response)["detail"] == "Invalid or revoked API token."


def test_token_of_deactivated_user_is_401(client, user):
    headers = bearer(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = client.get(LIST, headers=headers)

    assert response.status_code == 401
    assert_error_shape(response)


def test_token_records_last_use(client, user):
    token, secret = api_token_create(user=user, name="CRM sync")

    client.get(ME, headers={"Authorization": f"Bearer {secret}"})

    token.refresh_from_db()
    assert token.last_used is not None


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_write_without_credentials_is_401(client, organisation, method):
    url = LIST if method == "post" else f"{LIST}/{organisation.pk}"

    response = getattr(client, method)(url, data={"name": "Hijacked"}, content_type="application/json")

    assert response.status_code == 401
    assert_error_shape(response)
    assert list(Organisation.objects.values_list("name", flat=True)) == [organisation.name]


def test_write_with_other_auth_scheme_is_401(client, organisation):
    response = client.post(
        LIST, data=valid_body(), content_type="application/json", headers={"Authorization": "Basic dXNlcjpwYXNz"}
    )

    assert response.status_code == 401
    assert Organisation.objects.count() == 1


def test_session_write_without_csrf_token_is_rejected(organisation, org_admin):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(org_admin)

    response = csrf_client.patch(f"{LIST}/{organisation.pk}", data={"city": "Sopot"}, content_type="application/json")

    assert response.status_code == 403
    assert_error_shape(response)
    organisation.refresh_from_db()
    assert organisation.city == "Gdańsk"


def test_session_write_with_csrf_token_succeeds(organisation, org_admin):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(org_admin)
    csrf_client.get("/organisations/")  # any page sets the CSRF cookie
    token = csrf_client.cookies["csrftoken"].value

    response = csrf_client.patch(
        f"{LIST}/{organisation.pk}",
        data={"city": "Sopot"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.city == "Sopot"


def test_token_write_needs_no_csrf_token(user):
    csrf_client = Client(enforce_csrf_checks=True)

    response = csrf_client.post(LIST, data=valid_body(), content_type="application/json", headers=bearer(user))

    assert response.status_code == 201
    assert Organisation.objects.filter(pk=response.json()["id"]).exists()
