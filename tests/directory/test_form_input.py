"""Bad input on the create and edit forms: a clear error on the field, no server error, nothing saved.

Every case starts from the valid `form_data` and breaks one thing, so the set of fields with errors
must be exactly the broken one.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from creativeports.common.models import AuditEntry
from creativeports.directory.models import Organisation
from tests.directory.cases import BAD_INPUT, OWN_MESSAGES

pytestmark = pytest.mark.integration

CREATE = reverse("directory:organisation.create")


def test_create_valid_data_creates_profile_with_creator_as_admin(client, user, form_data):
    client.force_login(user)

    response = client.post(CREATE, form_data)

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert organisation.name == form_data["name"]
    assert list(organisation.memberships.values_list("user", "role")) == [(user.pk, "admin")]
    assert sorted(organisation.social_links.values_list("platform", flat=True)) == ["instagram", "vimeo"]


# The cases the page is checked with end to end (rendering the form costs time); test_forms.py checks
# every case on the form itself.
PAGE_CASES = {
    "bad-email",
    "bad-url",
    "unknown-country",
    "latitude-91",
    "longitude-minus-181",
    "description-5001",
    "unknown-domain",
    "unknown-sdg",
    "founded-next-year",
    "bad-phone-letters",
    "nine-social-links",
}


@pytest.mark.parametrize(("changes", "field"), [pytest.param(c, f, id=i) for i, c, f in BAD_INPUT if i in PAGE_CASES])
def test_create_bad_input_gives_field_error_and_saves_nothing(client, user, form_data, changes, field, request):
    client.force_login(user)

    response = client.post(CREATE, {**form_data, **changes})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert f'id="id_{field}_error"' in response.text
    case = request.node.callspec.id
    if case in OWN_MESSAGES:
        assert errors[field] == [OWN_MESSAGES[case]]
    assert Organisation.objects.count() == 0
    assert AuditEntry.objects.count() == 0


# The edit page validates with the same form class; a few cases show the page keeps the profile as it was.
EDIT_CASES = {"bad-email", "latitude-91", "unknown-domain", "nine-social-links"}


@pytest.mark.parametrize(("changes", "field"), [pytest.param(c, f, id=i) for i, c, f in BAD_INPUT if i in EDIT_CASES])
def test_edit_bad_input_gives_field_error_and_changes_nothing(
    client, organisation, org_admin, form_data, changes, field
):
    before = Organisation.objects.filter(pk=organisation.pk).values().get()
    client.force_login(org_admin)
    data = {**form_data, **changes}
    del data["consent"]

    response = client.post(reverse("directory:organisation.edit", kwargs={"slug": organisation.slug}), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert Organisation.objects.filter(pk=organisation.pk).values().get() == before
    assert organisation.domains.count() == 0
    assert AuditEntry.objects.count() == 0


def test_create_missing_consent_gives_field_error(client, user, form_data):
    client.force_login(user)
    del form_data["consent"]

    response = client.post(CREATE, form_data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["consent"]
    assert 'id="id_consent_error"' in response.text
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("missing", ["latitude", "longitude"])
def test_create_only_one_coordinate_gives_error_and_saves_nothing(client, user, form_data, missing):
    client.force_login(user)
    form_data[missing] = ""

    response = client.post(CREATE, form_data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": ["Give both latitude and longitude, or neither."]}
    assert "Give both latitude and longitude, or neither." in response.text
    assert Organisation.objects.count() == 0


def test_create_eight_social_links_accepted(client, user, form_data):
    client.force_login(user)
    form_data["social_links"] = "\n".join(f"https://example.org/{i}" for i in range(8))

    client.post(CREATE, form_data)

    assert Organisation.objects.get().social_links.count() == 8


def test_create_description_of_5000_characters_accepted(client, user, form_data):
    client.force_login(user)
    form_data["description"] = "x" * 5000

    client.post(CREATE, form_data)

    assert len(Organisation.objects.get().description) == 5000


@pytest.mark.parametrize(("latitude", "longitude"), [("90", "180"), ("-90", "-180"), ("0", "0")])
def test_create_coordinates_at_the_limits_accepted(client, user, form_data, latitude, longitude):
    client.force_login(user)

    client.post(CREATE, {**form_data, "latitude": latitude, "longitude": longitude})

    organisation = Organisation.objects.get()
    assert (organisation.latitude, organisation.longitude) == (float(latitude), float(longitude))


def test_create_founded_this_year_accepted(client, user, form_data):
    client.force_login(user)

    client.post(CREATE, {**form_data, "founded": str(timezone.now().year)})

    assert Organisation.objects.get().founded == timezone.now().year


def test_create_escapes_markup_in_texts(client, user, form_data):
    client.force_login(user)
    form_data["name"] = "<b>Bold</b> Studio"
    form_data["description"] = '<script src="https://evil.example/x.js"></script>'
    client.post(CREATE, form_data)

    response = client.get(Organisation.objects.get().get_absolute_url())

    assert "&lt;b&gt;Bold&lt;/b&gt; Studio" in response.text
    assert "evil.example/x.js" in response.text
    assert '<script src="https://evil.example' not in response.text


def test_create_page_requires_sign_in(client, db):
    response = client.get(CREATE)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={CREATE}"


# --- Forged identifiers in URLs ----------------------------------------------------------------------------------


PAGES_OF_FORGED_SLUG = [
    "/organisations/no-such-studio/",
    "/organisations/no-such-studio/edit/",
    "/organisations/no-such-studio/logo/",
    "/organisations/no-such-studio/delete/",
    "/organisations/no-such-studio/people/",
    "/organisations/no-such-studio/merge/",
    "/organisations/no-such-studio/audit/",
    "/organisations/%00/",
    "/organisations/studio%27%20OR%201=1/",
    "/organisations/../admin/",
]
ACTIONS_OF_FORGED_SLUG = [
    "/organisations/no-such-studio/people/999999/",
    "/organisations/no-such-studio/invitations/999999/revoke/",
    "/organisations/no-such-studio/verify/",
]


@pytest.mark.parametrize("path", PAGES_OF_FORGED_SLUG)
def test_forged_slug_get_is_404_even_for_secretariat(client, secretariat, path):
    client.force_login(secretariat)

    response = client.get(path)

    assert response.status_code == 404


@pytest.mark.parametrize("path", PAGES_OF_FORGED_SLUG + ACTIONS_OF_FORGED_SLUG)
def test_forged_slug_post_is_404_even_for_secretariat(client, secretariat, path):
    client.force_login(secretariat)

    response = client.post(path, {"action": "remove", "target": "1"})

    assert response.status_code == 404


@pytest.mark.parametrize("suffix", ["people/999999/", "invitations/999999/revoke/"])
def test_forged_ids_of_existing_organisation_are_404(client, organisation, org_admin, suffix):
    client.force_login(org_admin)

    response = client.post(f"/organisations/{organisation.slug}/{suffix}", {"action": "remove"})

    assert response.status_code == 404


@pytest.mark.parametrize("target", ["999999", "not-a-number", "-1", ""])
def test_merge_forged_target_id_gives_field_error(client, organisation, secretariat, target):
    client.force_login(secretariat)

    response = client.post(
        reverse("directory:organisation.merge", kwargs={"slug": organisation.slug}), {"target": target}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["target"]
    organisation.refresh_from_db()
    assert organisation.merged_into is None


def test_merge_into_itself_gives_error(client, organisation, secretariat):
    client.force_login(secretariat)

    response = client.post(
        reverse("directory:organisation.merge", kwargs={"slug": organisation.slug}), {"target": organisation.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["An organisation cannot be merged into itself."]
