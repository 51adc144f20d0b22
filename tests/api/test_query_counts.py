"""Query-count guards: the list endpoint costs the same for 1 organisation as for 3."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import API, bearer, rich_organisation
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LIST = f"{API}/organisations"


def queries_for_list(client, person):
    # A fresh token for each request, so both requests also record the token's first use.
    headers = bearer(person) if person is not None else {}
    # Asked once first with another token: the first answer after a write also rebuilds the
    # directory's in-memory listing, a fixed number of queries (see tests/directory/queryguard.py).
    client.get(LIST, headers=bearer(person) if person is not None else {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, headers=headers)
    assert response.status_code == 200
    return len(captured), response.json()["count"]


def reader_for(reader, first, secretariat):
    if reader == "anonymous":
        return None
    if reader == "secretariat":
        return secretariat
    if reader == "signed_in":
        return UserFactory()
    return MembershipFactory(organisation=first, role=reader.removeprefix("own_")).user


@pytest.mark.parametrize("reader", ["anonymous", "signed_in", "own_member", "own_admin", "secretariat"])
def test_organisation_list_queries_do_not_grow_with_items(client, secretariat, reader):
    first = rich_organisation()
    person = reader_for(reader, first, secretariat)
    one_count, one_total = queries_for_list(client, person)
    rich_organisation()
    rich_organisation()

    three_count, three_total = queries_for_list(client, person)

    assert (one_total, three_total) == (1, 3)
    assert three_count == one_count
