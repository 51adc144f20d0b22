"""The organisation form on its own: every kind of bad input is refused on the field it concerns."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from creativeports.directory.forms import (
    MAX_SOCIAL_LINKS,
    OrganisationCreateForm,
    OrganisationForm,
    social_platform_for,
)
from tests.directory.cases import BAD_INPUT, OWN_MESSAGES

pytestmark = pytest.mark.unit


def _post_data(data: dict) -> QueryDict:
    """Form data as the browser sends it (lists become repeated keys)."""
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


@pytest.mark.parametrize(("changes", "field"), [pytest.param(c, f, id=i) for i, c, f in BAD_INPUT])
def test_create_form_bad_input_gives_error_on_that_field_only(form_data, changes, field, request):
    form = OrganisationCreateForm(_post_data({**form_data, **changes}))

    assert form.is_valid() is False
    assert list(form.errors) == [field]
    case = request.node.callspec.id
    if case in OWN_MESSAGES:
        assert form.errors[field] == [OWN_MESSAGES[case]]


def test_create_form_valid_data_is_valid(form_data):
    form = OrganisationCreateForm(_post_data(form_data))

    assert form.errors == {}


@pytest.mark.parametrize("missing", ["latitude", "longitude"])
def test_form_one_coordinate_only_is_refused(form_data, missing):
    form = OrganisationCreateForm(_post_data({**form_data, missing: ""}))

    assert form.errors == {"__all__": ["Give both latitude and longitude, or neither."]}


def test_form_no_coordinates_is_valid(form_data):
    form = OrganisationCreateForm(_post_data({**form_data, "latitude": "", "longitude": ""}))

    assert form.errors == {}


def test_form_social_links_cleaned_with_platforms(form_data):
    links = "https://www.linkedin.com/company/x\n\n  https://vimeo.com/x  \nhttps://example.org/x"
    form = OrganisationCreateForm(_post_data({**form_data, "social_links": links}))

    assert form.is_valid()
    assert form.cleaned_data["social_links"] == [
        {"platform": "linkedin", "url": "https://www.linkedin.com/company/x"},
        {"platform": "vimeo", "url": "https://vimeo.com/x"},
        {"platform": "other", "url": "https://example.org/x"},
    ]


def test_form_social_links_at_the_limit_accepted(form_data):
    links = "\n".join(f"https://example.org/{i}" for i in range(MAX_SOCIAL_LINKS))

    form = OrganisationCreateForm(_post_data({**form_data, "social_links": links}))

    assert form.is_valid()
    assert len(form.cleaned_data["social_links"]) == MAX_SOCIAL_LINKS


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://instagram.com/a", "instagram"),
        ("https://www.instagram.com/a", "instagram"),
        ("https://de.linkedin.com/in/a", "linkedin"),
        ("https://bsky.app/profile/a", "bluesky"),
        ("https://mastodon.social/@a", "mastodon"),
        ("https://instagram.com.evil.example/a", "other"),
        ("https://notinstagram.com/a", "other"),
    ],
)
def test_social_platform_for_recognises_hosts_not_lookalikes(url, platform):
    assert social_platform_for(url) == platform


def test_form_service_fields_leave_out_consent_and_logo(form_data):
    form = OrganisationCreateForm(_post_data(form_data))
    form.is_valid()

    fields = form.service_fields()

    assert "consent" not in fields
    assert "logo_file" not in fields
    assert fields["name"] == form_data["name"]


def test_edit_form_shows_stored_social_links(organisation):
    organisation.social_links.create(platform="vimeo", url="https://vimeo.com/a")
    organisation.social_links.create(platform="other", url="https://example.org/b")

    form = OrganisationForm(instance=organisation)

    # In the order the profile shows them: by platform.
    assert form.initial["social_links"] == "https://example.org/b\nhttps://vimeo.com/a"


def test_form_language_choices_offer_detection_and_configured_languages(db, settings):
    settings.CREATIVEPORTS_CONTENT_LANGUAGES = ["en", "pl"]

    form = OrganisationForm()

    assert [code for code, _ in form.fields["description_lang"].choices] == ["", "en", "pl"]
