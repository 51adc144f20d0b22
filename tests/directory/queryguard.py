"""Shared pieces of the directory's query-count guards (1 and 3 items must cost the same queries)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from creativeports.directory.models import SocialLink
from tests.factories import OrganisationFactory


def rich_organisation(**kwargs: Any) -> Any:
    """A profile with something in every related list, so a missing prefetch shows as extra queries."""
    organisation = OrganisationFactory(**kwargs)
    organisation.domains.set(["games", "design"])
    organisation.nace_codes.set(["32.12"])
    organisation.languages.set(["pl", "en"])
    organisation.sdgs.set([4])
    organisation.target_markets.set(["DE"])
    SocialLink.objects.create(organisation=organisation, platform="vimeo", url="https://vimeo.com/x")
    return organisation


def _get(client: Any, path: str, headers: dict[str, str] | None) -> Any:
    response = client.get(path, headers=headers or {})
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def queries_of(client: Any, path: str, headers: dict[str, str] | None = None) -> int:
    """Queries made to answer `path` in the steady state, including those a streamed body runs while
    it is read.

    Asked twice, the second answer counted: the first after a write rebuilds the directory's
    in-memory listing, a fixed number of queries whatever the data (guarded on its own in
    tests/directory/listing), which would otherwise hide or fake a difference here.
    """
    _get(client, path, headers)
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, path, headers)
    assert response.status_code == 200
    return len(queries)
