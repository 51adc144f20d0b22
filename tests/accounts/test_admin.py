"""The admin is the secretariat's workbench: closed to everyone else, and signed into through the site."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from creativeports.accounts.services.account import api_token_create
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ADMIN_INDEX = "admin:index"


def admin_login_for(next_url):
    return f"{reverse('admin:login')}?next={next_url}"


def site_login_for(next_url):
    return f"{reverse('account_login')}?{urlencode({'next': next_url})}"


def test_admin_anonymous_is_sent_to_the_admin_login(client, db):
    response = client.get(reverse(ADMIN_INDEX))

    assert response.status_code == 302
    assert response["Location"] == admin_login_for(reverse(ADMIN_INDEX))


def test_admin_login_sends_to_the_sites_login(client, db):
    response = client.get(admin_login_for(reverse(ADMIN_INDEX)))

    assert response.status_code == 302
    assert response["Location"] == site_login_for(reverse(ADMIN_INDEX))


def test_admin_login_without_next_comes_back_to_the_admin_index(client, db):
    response = client.get(reverse("admin:login"))

    assert response["Location"] == site_login_for(reverse(ADMIN_INDEX))


def test_admin_login_form_post_signs_nobody_in(client, secretariat):
    response = client.post(reverse("admin:login"), {"username": secretariat.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == site_login_for(reverse(ADMIN_INDEX))
    assert client.get(reverse(ADMIN_INDEX)).status_code == 302


@pytest.mark.parametrize("person", ["user", "org_member", "org_admin", "staff_only"])
def test_admin_refuses_signed_in_people_outside_the_secretariat(client, request, person):
    people = {"staff_only": lambda: UserFactory(is_staff=True)}
    client.force_login(people[person]() if person in people else request.getfixturevalue(person))

    response = client.get(reverse(ADMIN_INDEX), follow=True)

    assert response.status_code == 403
    assert response.redirect_chain == [(admin_login_for(reverse(ADMIN_INDEX)), 302)]


def test_admin_model_page_refuses_an_organisation_admin(client, org_admin):
    client.force_login(org_admin)
    url = reverse("admin:directory_organisation_changelist")

    response = client.get(url, follow=True)

    assert response.status_code == 403
    assert response.redirect_chain == [(admin_login_for(url), 302)]


@pytest.mark.parametrize("person", ["secretariat", "superuser"])
def test_admin_opens_for_the_secretariat_and_superusers(client, request, person):
    client.force_login(request.getfixturevalue(person))

    response = client.get(reverse(ADMIN_INDEX))

    assert response.status_code == 200


def test_admin_secretariat_sees_the_organisations(client, secretariat, organisation):
    client.force_login(secretariat)

    response = client.get(reverse("admin:directory_organisation_changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [organisation]


def test_admin_deactivated_secretariat_is_refused(client):
    former = UserFactory(is_secretariat=True)
    client.force_login(former)
    former.is_active = False
    former.save(update_fields=["is_active"])

    response = client.get(reverse(ADMIN_INDEX))

    assert response.status_code == 302


def test_admin_signed_in_secretariat_at_the_admin_login_ends_in_the_admin(client, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("admin:login"), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1] == (reverse(ADMIN_INDEX), 302)


def test_admin_secretariat_cannot_grant_superuser_powers(client, secretariat, user):
    client.force_login(secretariat)

    response = client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert response.status_code == 200
    assert {"is_staff", "is_superuser"} & set(response.context["adminform"].form.fields) == set()


def test_admin_superuser_can_grant_superuser_powers(client, superuser, user):
    client.force_login(superuser)

    response = client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert {"is_staff", "is_superuser"} <= set(response.context["adminform"].form.fields)


def test_admin_secretariat_cannot_delete_accounts(client, secretariat, user):
    client.force_login(secretariat)

    response = client.get(reverse("admin:accounts_user_delete", args=[user.pk]))

    assert response.status_code == 403


def test_admin_superuser_can_open_the_account_delete_page(client, superuser, user):
    client.force_login(superuser)

    response = client.get(reverse("admin:accounts_user_delete", args=[user.pk]))

    assert response.status_code == 200


def test_admin_nobody_adds_accounts_in_the_admin(client, superuser):
    client.force_login(superuser)

    response = client.get(reverse("admin:accounts_user_add"))

    assert response.status_code == 403


def test_admin_audit_log_is_read_only(client, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("admin:common_auditentry_add"))

    assert response.status_code == 403


def test_admin_api_token_page_does_not_show_the_hash(client, secretariat, user):
    token, secret = api_token_create(user=user, name="CRM sync")
    client.force_login(secretariat)

    response = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))

    assert response.status_code == 200
    assert token.key_hash not in response.content.decode()
    assert secret not in response.content.decode()
