"""Query-count guard of the directory with search and facets: 1 and 3 organisations, same number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.directory.search.conftest import make
from tests.factories import MembershipFactory

pytestmark = pytest.mark.integration

LIST = reverse("directory:organisation.list")


def _rich(i: int):
    organisation = make(f"Lagoon Studio {i}", country=["PL", "LT", "SE"][i % 3], region=f"Region {i}", size="micro")
    organisation.domains.set(["games", "design"])
    organisation.languages.set(["pl", "en"])
    organisation.sdgs.set([4, 8])
    return organisation


def _count(client, params, headers=None) -> int:
    """Steady-state queries: asked once first, so a listing rebuild after a write is not counted
    (see tests/directory/queryguard.py)."""
    client.get(LIST, params, headers=headers or {})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params, headers=headers or {})
    assert response.status_code == 200
    return len(queries)


@pytest.fixture(params=["anonymous", "member", "secretariat"])
def viewer(request, client, db):
    if request.param == "member":
        client.force_login(MembershipFactory(organisation=_rich(100)).user)
    elif request.param == "secretariat":
        client.force_login(request.getfixturevalue("secretariat"))
    return client


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "lagoon"},
        {"q": "lagoon", "sort": "newest"},
        {"country": ["PL", "LT", "SE"], "domain": ["games"], "language": ["en"], "sdg": ["4"], "size": ["micro"]},
        {"q": "lagoon", "type": "company", "verified": "1", "region": ["Region 0", "Region 1", "Region 2"]},
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_directory_queries_same_for_1_and_3_organisations(viewer, params, htmx):
    headers = {"HX-Request": "true"} if htmx else None
    _rich(0)
    viewer.get(LIST, params, headers=headers or {})  # warm-up: sessions, content types
    one = _count(viewer, params, headers)
    _rich(1)
    _rich(2)

    three = _count(viewer, params, headers)

    assert three == one
