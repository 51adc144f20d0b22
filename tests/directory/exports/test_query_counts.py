"""Query-count guard of the export endpoint: 1 and 3 organisations cost the same number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.directory.queryguard import queries_of, rich_organisation

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _no_export_limit(settings):
    # The per-minute counter's queries depend on the clock (a new minute's first export adds its
    # key, later ones increment it), not on the number of organisations this guard is about.
    settings.CREATIVEPORTS_EXPORTS_PER_MINUTE = 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "jsonld"])
@pytest.mark.parametrize("query", ["", "?country=PL&domain=games"])
def test_export_queries_same_for_1_and_3_organisations(viewer, fmt, query):
    path = reverse("directory:organisation.export", args=[fmt]) + query
    rich_organisation()
    viewer.get(path)  # warm-up: sessions, content types
    one = queries_of(viewer, path)
    rich_organisation()
    rich_organisation(profile_visibility="members")

    three = queries_of(viewer, path)

    assert three == one
