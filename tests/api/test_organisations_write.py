"""POST, PATCH and DELETE on /api/v1/organisations: who may write, and what changes."""

from __future__ import annotations

import pytest

from creativeports.directory.enums import MembershipRole
from creativeports.directory.models import Membership, Organisation
from tests.api.helpers import API, assert_error_shape, bearer, errors_by_field, rich_organisation, valid_body
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LIST = f"{API}/organisations"


def test_organisation_create_with_consent_makes_creator_admin(client, user):
    headers = bearer(user)

    response = client.post(LIST, data=valid_body(city="Rostock"), content_type="application/json", headers=headers)

    assert response.status_code == 201
    body = response.json()
    created = Organisation.objects.get(pk=body["id"])
    assert (body["name"], body["type"], body["country"], body["city"]) == (
        "Harbour Sound Lab",
        "company",
        "DE",
        "Rostock",
    )
    assert list(Membership.objects.filter(organisation=created).values_list("user_id", "role")) == [
        (user.pk, MembershipRole.ADMIN)
    ]
    assert created.consent_by == user
    assert created.consent_at is not None
    assert client.get(f"{API}/me", headers=headers).json()["roles"] == ["member", "org_admin"]


def test_organisation_create_stores_all_fields(client, user):
    body = valid_body(
        region="Mecklenburg-Vorpommern",
        latitude=54.09,
        longitude=12.13,
        domains=["music", "audiovisual"],
        nace_codes=["18"],
        languages=["de", "en"],
        target_markets=["PL", "SE"],
        sdgs=[4, 8],
        website="https://harbour-sound.example",
        social_links=["https://vimeo.com/harbour", "https://bsky.app/profile/harbour"],
        description="Wir produzieren Hörspiele und Podcasts für Museen.",
        founded=2015,
        size="micro",
        international_experience="some",
        contact_name="Jonas Berg",
        email="hello@harbour-sound.example",
        phone="+49 381 000000",
    )

    response = client.post(LIST, data=body, content_type="application/json", headers=bearer(user))

    assert response.status_code == 201
    created = Organisation.objects.get(pk=response.json()["id"])
    assert sorted(created.domains.values_list("code", flat=True)) == ["audiovisual", "music"]
    assert list(created.nace_codes.values_list("code", flat=True)) == ["18"]
    assert sorted(created.languages.values_list("code", flat=True)) == ["de", "en"]
    assert sorted(created.target_markets.values_list("code", flat=True)) == ["PL", "SE"]
    assert sorted(created.sdgs.values_list("number", flat=True)) == [4, 8]
    assert sorted(created.social_links.values_list("url", flat=True)) == sorted(body["social_links"])
    assert (created.latitude, created.longitude, created.founded) == (54.09, 12.13, 2015)
    assert (created.website, created.email, created.phone) == (body["website"], body["email"], body["phone"])
    assert response.json()["contact"] == {
        "contact_name": "Jonas Berg",
        "email": "hello@harbour-sound.example",
        "phone": "+49 381 000000",
    }


@pytest.mark.parametrize("consent", [False, None])
def test_organisation_create_without_consent_is_422_on_consent(client, user, consent):
    body = valid_body()
    if consent is None:
        del body["consent"]
    else:
        body["consent"] = consent

    response = client.post(LIST, data=body, content_type="application/json", headers=bearer(user))

    assert response.status_code == 422
    assert_error_shape(response)
    assert list(errors_by_field(response)) == ["consent"]
    assert Organisation.objects.count() == 0
    assert Membership.objects.count() == 0


def test_organisation_update_by_admin_changes_only_what_was_sent(client, org_admin):
    organisation = rich_organisation(website="https://studio.example", founded=2001)
    MembershipFactory(organisation=organisation, user=org_admin, role=MembershipRole.ADMIN)
    headers = bearer(org_admin)
    before = client.get(f"{LIST}/{organisation.pk}", headers=headers).json()

    response = client.patch(
        f"{LIST}/{organisation.pk}", data={"city": "Sopot"}, content_type="application/json", headers=headers
    )

    assert response.status_code == 200
    after = client.get(f"{LIST}/{organisation.pk}", headers=headers).json()
    assert after["city"] == "Sopot"
    # Moving to another city re-places a profile that had no coordinates of its own (gazetteer).
    unchanged = {key for key in before if key not in {"city", "updated", "latitude", "longitude"}}
    assert {key: after[key] for key in unchanged} == {key: before[key] for key in unchanged}
    organisation.refresh_from_db()
    assert (organisation.email_visibility, organisation.phone_visibility, organisation.profile_visibility) == (
        "private",
        "members",
        "public",
    )


def test_organisation_update_replaces_a_list_field_only(client, org_admin):
    organisation = rich_organisation()
    MembershipFactory(organisation=organisation, user=org_admin, role=MembershipRole.ADMIN)

    response = client.patch(
        f"{LIST}/{organisation.pk}",
        data={"domains": ["music"], "social_links": []},
        content_type="application/json",
        headers=bearer(org_admin),
    )

    assert response.status_code == 200
    assert response.json()["domains"] == ["music"]
    assert response.json()["social_links"] == []
    assert sorted(response.json()["languages"]) == ["en", "pl"]
    assert response.json()["sdgs"] == [4, 11]


def test_organisation_update_sets_social_links(client, organisation, org_admin):
    links = ["https://vimeo.com/studio", "https://www.behance.net/studio"]

    response = client.patch(
        f"{LIST}/{organisation.pk}",
        data={"social_links": links},
        content_type="application/json",
        headers=bearer(org_admin),
    )

    assert response.status_code == 200
    assert sorted(response.json()["social_links"]) == sorted(links)
    assert dict(organisation.social_links.values_list("url", "platform")) == {
        "https://vimeo.com/studio": "vimeo",
        "https://www.behance.net/studio": "behance",
    }


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_organisation_write_by_other_organisations_admin_is_404(client, organisation, outsider, method):
    response = getattr(client, method)(
        f"{LIST}/{organisation.pk}",
        data={"name": "Taken over"},
        content_type="application/json",
        headers=bearer(outsider),
    )

    assert response.status_code == 404
    assert assert_error_shape(response) == client.get(f"{LIST}/999999").json()
    organisation.refresh_from_db()
    assert organisation.name != "Taken over"


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_organisation_write_by_plain_member_is_404(client, organisation, org_member, method):
    response = getattr(client, method)(
        f"{LIST}/{organisation.pk}",
        data={"name": "Renamed"},
        content_type="application/json",
        headers=bearer(org_member),
    )

    assert response.status_code == 404
    assert_error_shape(response)
    assert Organisation.objects.get(pk=organisation.pk).name == organisation.name


def test_organisation_delete_by_admin_is_204_and_gone(client, organisation, org_admin):
    headers = bearer(org_admin)

    response = client.delete(f"{LIST}/{organisation.pk}", headers=headers)

    assert response.status_code == 204
    assert response.content == b""
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert client.get(f"{LIST}/{organisation.pk}", headers=headers).status_code == 404
    assert client.get(LIST, headers=headers).json() == {"count": 0, "items": []}


def test_organisation_update_by_secretariat_of_any_profile(client, secretariat):
    private = OrganisationFactory(profile_visibility="private")

    response = client.patch(
        f"{LIST}/{private.pk}",
        data={"name": "Renamed by secretariat"},
        content_type="application/json",
        headers=bearer(secretariat),
    )

    assert response.status_code == 200
    private.refresh_from_db()
    assert private.name == "Renamed by secretariat"


def test_organisation_delete_by_secretariat(client, organisation, secretariat):
    response = client.delete(f"{LIST}/{organisation.pk}", headers=bearer(secretariat))

    assert response.status_code == 204
    assert Organisation.objects.count() == 0
