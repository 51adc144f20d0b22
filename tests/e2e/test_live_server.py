"""The live server the browser tests use answers requests that arrive together: a page and the data
it fetches, or several assets at once."""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.factories import OrganisationFactory


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  # the test's own server
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.e2e
def test_requests_made_at_once_are_all_answered(live_server):
    OrganisationFactory.create_batch(5)
    paths = ["/organisations/", "/organisations/map/data.json", "/api/v1/organisations", "/partners/calls/"] * 25

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(_status, [live_server.url + path for path in paths]))

    assert statuses == [200] * len(paths)
