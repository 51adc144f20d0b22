"""The API shows what the pages show: profiles and contact fields by audience."""

from __future__ import annotations

import pytest

from tests.api.helpers import API, assert_error_shape, bearer
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LIST = f"{API}/organisations"

# Who reads, and which contact fields of the `organisation` fixture they see
# (contact name public, phone members-only, email private).
READERS = {
    "anonymous": {"contact_name"},
    "user": {"contact_name", "phone"},
    "outsider": {"contact_name", "phone"},
    "org_member": {"contact_name", "phone", "email"},
    "org_admin": {"contact_name", "phone", "email"},
    "secretariat": {"contact_name", "phone", "email"},
    "superuser": {"contact_name", "phone", "email"},
}


def headers_of(request, reader):
    return {} if reader == "anonymous" else bearer(request.getfixturevalue(reader))


def expected_contact(organisation, visible):
    """Hidden fields are absent, not sent as null."""
    return {field: getattr(organisation, field) for field in ("contact_name", "email", "phone") if field in visible}


@pytest.mark.parametrize("reader", list(READERS))
def test_organisation_list_contact_follows_audiences(client, request, organisation, reader):
    headers = headers_of(request, reader)

    response = client.get(LIST, headers=headers)

    items = {item["id"]: item for item in response.json()["items"]}
    assert items[organisation.pk]["contact"] == expected_contact(organisation, READERS[reader])


@pytest.mark.parametrize("reader", list(READERS))
def test_organisation_detail_contact_follows_audiences(client, request, organisation, reader):
    headers = headers_of(request, reader)

    response = client.get(f"{LIST}/{organisation.pk}", headers=headers)

    assert response.status_code == 200
    assert response.json()["contact"] == expected_contact(organisation, READERS[reader])


@pytest.mark.parametrize("path", ["list", "detail"])
def test_organisation_private_email_never_in_anonymous_json(client, organisation, path):
    url = LIST if path == "list" else f"{LIST}/{organisation.pk}"

    response = client.get(url)

    assert response.status_code == 200
    assert organisation.email not in response.content.decode()
    assert organisation.phone not in response.content.decode()


def test_organisation_members_phone_shown_to_session_member(client, organisation, user):
    client.force_login(user)

    response = client.get(f"{LIST}/{organisation.pk}")

    assert response.json()["contact"]["phone"] == organisation.phone
    assert "email" not in response.json()["contact"]


@pytest.mark.parametrize("audience", ["members", "private"])
def test_organisation_hidden_profile_absent_for_anonymous(client, organisation, audience):
    hidden = OrganisationFactory(profile_visibility=audience)

    listed = client.get(LIST)
    detail = client.get(f"{LIST}/{hidden.pk}")
    missing = client.get(f"{LIST}/999999")

    assert listed.json()["count"] == 1
    assert [item["id"] for item in listed.json()["items"]] == [organisation.pk]
    assert detail.status_code == 404
    assert assert_error_shape(detail) == missing.json()


@pytest.mark.parametrize(
    ("reader", "sees_members", "sees_private"),
    [
        ("user", True, False),
        ("outsider", True, False),
        ("secretariat", True, True),
    ],
)
def test_organisation_hidden_profile_by_reader(client, request, reader, sees_members, sees_private):
    members_only = OrganisationFactory(profile_visibility="members")
    private = OrganisationFactory(profile_visibility="private")
    headers = bearer(request.getfixturevalue(reader))

    listed = client.get(LIST, headers=headers).json()
    members_detail = client.get(f"{LIST}/{members_only.pk}", headers=headers)
    private_detail = client.get(f"{LIST}/{private.pk}", headers=headers)

    listed_ids = {item["id"] for item in listed["items"]}
    assert (members_only.pk in listed_ids, private.pk in listed_ids) == (sees_members, sees_private)
    assert (members_detail.status_code, private_detail.status_code) == (
        200 if sees_members else 404,
        200 if sees_private else 404,
    )


def test_organisation_private_profile_visible_to_its_people(client):
    private = OrganisationFactory(profile_visibility="private")
    person = MembershipFactory(organisation=private, role="member").user
    headers = bearer(person)

    listed = client.get(LIST, headers=headers).json()
    detail = client.get(f"{LIST}/{private.pk}", headers=headers)

    assert [item["id"] for item in listed["items"]] == [private.pk]
    assert listed["count"] == 1
    assert detail.status_code == 200
    assert detail.json()["contact"]["email"] == private.email


def test_organisation_merged_hidden_except_for_secretariat(client, organisation, secretariat):
    merged = OrganisationFactory(merged_into=organisation)

    anonymous_detail = client.get(f"{LIST}/{merged.pk}")
    anonymous_list = client.get(LIST).json()
    secretariat_detail = client.get(f"{LIST}/{merged.pk}", headers=bearer(secretariat))

    assert anonymous_detail.status_code == 404
    assert [item["id"] for item in anonymous_list["items"]] == [organisation.pk]
    assert secretariat_detail.status_code == 200
