"""Bad input is a 4xx in the one error shape, naming the field; nothing is ever a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creativeports.directory.models import Organisation
from tests.api.helpers import API, assert_error_shape, bearer, errors_by_field, valid_body

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LIST = f"{API}/organisations"

# (what is wrong, the fields to send, the field the error must name).
BAD_FIELDS = [
    ("email", {"email": "not-an-address"}, "email"),
    ("url", {"website": "not a web address"}, "website"),
    ("social_link", {"social_links": ["javascript:alert(1)"]}, "social_links"),
    ("country", {"country": "XX"}, "country"),
    ("type", {"type": "pirate_radio"}, "type"),
    ("latitude", {"latitude": 91, "longitude": 0}, "latitude"),
    ("longitude", {"latitude": 0, "longitude": -180.5}, "longitude"),
    ("description", {"description": "x" * 5001}, "description"),
    ("domain", {"domains": ["underwater_basket_weaving"]}, "domains"),
    ("sdg", {"sdgs": [18]}, "sdgs"),
    ("phone", {"phone": "call me maybe"}, "phone"),
    ("visibility", {"email_visibility": "everyone"}, "email_visibility"),
    ("latitude_type", {"latitude": "north", "longitude": 0}, "latitude"),
    ("name_type", {"name": 42}, "name"),
    ("domains_type", {"domains": "music"}, "domains"),
    ("founded_type", {"founded": "last year"}, "founded"),
    ("consent_type", {"consent": "please"}, "consent"),
]


@pytest.mark.parametrize(("fields", "field"), [case[1:] for case in BAD_FIELDS], ids=[c[0] for c in BAD_FIELDS])
def test_organisation_create_bad_input_is_422_naming_the_field(client, user, fields, field):
    response = client.post(LIST, data=valid_body(**fields), content_type="application/json", headers=bearer(user))

    assert response.status_code == 422
    body = assert_error_shape(response)
    assert body["detail"] == "The request is not valid."
    assert list(errors_by_field(response)) == [field]
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [case[1:] for case in BAD_FIELDS if case[0] != "consent_type"],
    ids=[c[0] for c in BAD_FIELDS if c[0] != "consent_type"],
)
def test_organisation_update_bad_input_is_422_and_changes_nothing(client, organisation, org_admin, fields, field):
    response = client.patch(
        f"{LIST}/{organisation.pk}", data=fields, content_type="application/json", headers=bearer(org_admin)
    )

    assert response.status_code == 422
    assert_error_shape(response)
    assert list(errors_by_field(response)) == [field]
    stored = Organisation.objects.get(pk=organisation.pk)
    assert (stored.name, stored.email, stored.latitude, stored.description) == (
        organisation.name,
        organisation.email,
        None,
        organisation.description,
    )


def test_organisation_update_huge_sdg_number_is_422(client, organisation, org_admin):
    response = client.patch(
        f"{LIST}/{organisation.pk}", data={"sdgs": [2**70]}, content_type="application/json", headers=bearer(org_admin)
    )

    assert response.status_code == 422
    assert list(errors_by_field(response)) == ["sdgs.0"]


def test_organisation_update_latitude_without_longitude_is_422(client, organisation, org_admin):
    response = client.patch(
        f"{LIST}/{organisation.pk}", data={"latitude": 54.4}, content_type="application/json", headers=bearer(org_admin)
    )

    assert response.status_code == 422
    assert list(errors_by_field(response)) == [None]


@pytest.mark.parametrize("raw", ["{not json", '{"name": "Unclosed', "\x00\x01", '{"name": "A",}'])
@pytest.mark.parametrize("method", ["post", "patch"])
def test_organisation_write_malformed_json_is_400_not_500(client, organisation, org_admin, raw, method):
    url = LIST if method == "post" else f"{LIST}/{organisation.pk}"

    response = getattr(client, method)(url, data=raw, content_type="application/json", headers=bearer(org_admin))

    assert response.status_code == 400
    assert assert_error_shape(response)["errors"] == []
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("reader", ["org_admin", "secretariat"])
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_organisation_forged_id_is_404(client, request, organisation, reader, method):
    headers = bearer(request.getfixturevalue(reader))

    response = getattr(client, method)(f"{LIST}/999999", data={}, content_type="application/json", headers=headers)

    assert response.status_code == 404
    assert assert_error_shape(response) == {"detail": "Not found.", "errors": []}
    assert Organisation.objects.count() == 1


def test_organisation_detail_id_beyond_integer_range_is_404(client):
    response = client.get(f"{LIST}/{10**30}")

    assert response.status_code == 404
    assert_error_shape(response)


# Fuzz-like queries: whatever arrives in the query string is a 200 or a 422 in the error shape.

QUERY_VALUES = st.one_of(
    st.text(max_size=250),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "page", "page_size", "country", "type", "domain", "language", "sdg"]),
        QUERY_VALUES,
        max_size=4,
    )
)
def test_organisation_list_any_query_is_not_a_server_error(organisation, params):
    response = Client().get(LIST, params)

    assert response.status_code < 500
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert set(response.json()) == {"count", "items"}
    else:
        assert_error_shape(response)


@FUZZ
@given(q=st.text(max_size=200), country=st.text(max_size=2), page=st.integers(min_value=1, max_value=1_000_000))
def test_organisation_list_valid_query_types_are_200(organisation, q, country, page):
    response = Client().get(LIST, {"q": q, "country": country, "page": page})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] in (0, 1)
    assert len(body["items"]) <= body["count"]


@FUZZ
@given(
    payload=st.dictionaries(
        st.sampled_from(["name", "city", "latitude", "longitude", "founded", "sdgs", "domains", "website", "email"]),
        st.one_of(
            st.none(),
            st.text(max_size=50),
            st.integers(),
            st.floats(),
            st.lists(st.integers(), max_size=3),
            st.lists(st.text(max_size=10), max_size=3),
        ),
        max_size=4,
    )
)
def test_organisation_update_any_json_is_not_a_server_error(organisation, org_admin, payload):
    response = Client().patch(
        f"{LIST}/{organisation.pk}", data=payload, content_type="application/json", headers=bearer(org_admin)
    )

    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert_error_shape(response)
