"""The demo data set: loads once (a second run creates nothing), and gives a working account per role."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from creativeports.accounts.models import User
from creativeports.directory.demo.loader import DEMO_DIR, DEMO_PASSWORD, DEMO_USERS, demo_load
from creativeports.directory.models import Membership, Organisation
from creativeports.directory.permissions import user_roles

pytestmark = pytest.mark.integration

# The role each demo account is there to show, as permissions.user_roles names it.
ROLE_CODES = {
    "member of an organisation": "member",
    "organisation admin": "org_admin",
    "intermediary": "intermediary",
    "public authority": "authority",
    "secretariat": "secretariat",
    "superuser": "superuser",
}


def _items(filename: str) -> list[dict]:
    return json.loads((DEMO_DIR / filename).read_text(encoding="utf-8"))["items"]


@pytest.fixture(scope="module")
def _loaded_once(django_db_setup, django_db_blocker):
    """Loading takes seconds, so the module loads once, inside a transaction rolled back at its end.

    Each test still runs in its own (nested) transaction through `loaded`, so what a test changes
    is undone before the next one.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_load()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(_loaded_once, db):
    """What the first run of the loader created; the demo data is in the database."""
    return _loaded_once


def test_demo_load_first_run_creates_every_organisation_and_user(loaded):
    expected = len(_items("partners.json")) + len(_items("fictional_organisations.json"))

    assert loaded == {"organisations": expected, "users": len(DEMO_USERS)}
    assert Organisation.objects.count() == expected
    assert User.objects.count() == len(DEMO_USERS)


def test_demo_load_second_run_creates_nothing(loaded):
    organisations, users, memberships = Organisation.objects.count(), User.objects.count(), Membership.objects.count()

    second = demo_load()

    assert second == {"organisations": 0, "users": 0}
    assert (Organisation.objects.count(), User.objects.count(), Membership.objects.count()) == (
        organisations,
        users,
        memberships,
    )


def test_demo_load_second_run_keeps_what_people_changed(loaded):
    organisation = Organisation.objects.filter(is_demo=True).first()
    Organisation.objects.filter(pk=organisation.pk).update(city="Changed by a person")

    demo_load()

    organisation.refresh_from_db()
    assert organisation.city == "Changed by a person"


def test_demo_load_marks_only_fictional_organisations_as_demo(loaded):
    assert Organisation.objects.filter(is_demo=True).count() == len(_items("fictional_organisations.json"))
    assert Organisation.objects.filter(is_demo=False).count() == len(_items("partners.json"))


def test_demo_organisations_have_unique_slugs_and_no_admin_of_their_own_except_demo_users(loaded):
    demo_emails = {u.email for u in DEMO_USERS}

    people = set(Membership.objects.values_list("user__email", flat=True))

    assert people <= demo_emails
    assert Organisation.objects.values("slug").distinct().count() == Organisation.objects.count()


@pytest.mark.parametrize("demo", DEMO_USERS, ids=[u.email for u in DEMO_USERS])
def test_demo_user_signs_in_with_demo_password(loaded, client, demo):
    response = client.post(reverse("account_login"), {"login": demo.email, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert int(client.session["_auth_user_id"]) == User.objects.get(email=demo.email).pk


@pytest.mark.parametrize("demo", DEMO_USERS, ids=[u.email for u in DEMO_USERS])
def test_demo_user_holds_the_role_it_shows(loaded, demo):
    user = User.objects.get(email=demo.email)

    assert ROLE_CODES[demo.role] in user_roles(user)


def test_demo_users_cover_every_role(loaded):
    roles = set()
    for demo in DEMO_USERS:
        roles.update(user_roles(User.objects.get(email=demo.email)))

    assert roles == set(ROLE_CODES.values())


def test_demo_user_dashboard_names_its_role(loaded, client):
    client.force_login(User.objects.get(email="intermediary@demo.example"))

    response = client.get(reverse("dashboard"))

    assert "intermediary" in response.context["roles"]
    assert '<span class="badge">intermediary</span>' in response.text


def test_load_demo_command_again_reports_nothing_created_and_lists_accounts(loaded):
    out = io.StringIO()
    organisations = Organisation.objects.count()

    call_command("load_demo", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "Demo data: 0 organisations and 0 users created (existing ones kept)."
    assert lines[2] == f"Demo accounts (password for all: {DEMO_PASSWORD}):"
    assert [line.split()[-1] for line in lines[3:]] == [u.email for u in DEMO_USERS]
    assert Organisation.objects.count() == organisations
