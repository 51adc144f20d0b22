"""Query-count guard of the export endpoint: 1 and 3 organisations cost the same number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from creativeports.directory.models import SocialLink
from tests.directory.exports.parsing import body_of
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.integration


def _rich_organisation(**kwargs):
    """Something in every related list, so a missing prefetch shows as extra queries."""
    organisation = OrganisationFactory(**kwargs)
    organisation.domains.set(["games", "design"])
    organisation.nace_codes.set(["32.12"])
    organisation.languages.set(["pl", "en"])
    organisation.sdgs.set([4])
    organisation.target_markets.set(["DE"])
    SocialLink.objects.create(organisation=organisation, platform="vimeo", url="https://vimeo.com/x")
    return organisation


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        body_of(response)  # a streamed body runs its queries while it is read
    assert response.status_code == 200
    return len(queries)


@pytest.fixture(params=["anonymous", "member", "secretariat"])
def viewer(request, client, db):
    if request.param == "member":
        client.force_login(MembershipFactory(organisation=_rich_organisation()).user)
    elif request.param == "secretariat":
        client.force_login(request.getfixturevalue("secretariat"))
    return client


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "jsonld"])
@pytest.mark.parametrize("query", ["", "?country=PL&domain=games"])
def test_export_queries_same_for_1_and_3_organisations(viewer, fmt, query):
    path = reverse("directory:organisation.export", args=[fmt]) + query
    _rich_organisation()
    viewer.get(path)  # warm-up: sessions, content types
    one = _count(viewer, path)
    _rich_organisation()
    _rich_organisation(profile_visibility="members")

    three = _count(viewer, path)

    assert three == one
