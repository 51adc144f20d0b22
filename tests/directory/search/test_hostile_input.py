"""Whatever a reader types or puts in the URL, search and filters answer, never with an error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creativeports.directory.search import search_hits, search_terms

pytestmark = pytest.mark.unit

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Query-language characters of FTS5 and tsquery, quotes, NUL, modifier letters, combining marks and words.
SYNTAX = st.sampled_from(
    [*"\"'*:()^{}[]&|!<>-+~\\\x00\u02bc\u02d0\u0149\u0307 ", "AND", "OR", "NOT", "NEAR", "ab", "Ł", "ß"]
)
HOSTILE = st.one_of(st.text(max_size=60), st.lists(SYNTAX, max_size=20).map("".join))


@FUZZ
@given(q=HOSTILE)
def test_search_any_text_does_not_raise(register, q):
    ids, ranks = search_hits(search_terms(q))

    assert set(ids) <= {o.pk for o in register.values()}
    assert len(ranks) == len(ids)


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["q", "country", "region", "type", "domain", "size", "language", "sdg", "verified", "sort", "page"]
        ),
        HOSTILE,
        max_size=5,
    )
)
def test_directory_page_any_query_is_200(register, params):
    response = Client().get(reverse("directory:organisation.list"), params, headers={"HX-Request": "true"})

    assert response.status_code == 200
