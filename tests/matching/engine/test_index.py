"""The exact vector index against a brute-force reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creativeports.matching.engine.index import VectorIndex

pytestmark = pytest.mark.unit


def _unit_rows(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    rows = rng.normal(size=(n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 60), k=st.integers(1, 80), seed=st.integers(0, 10_000))
def test_search_returns_the_k_most_similar_best_first(n, k, seed):
    rng = np.random.default_rng(seed)
    ids = rng.permutation(np.arange(1000, 1000 + n))
    matrix = _unit_rows(rng, n, 8)
    query = _unit_rows(rng, 1, 8)[0]
    index = VectorIndex.build(ids, matrix)

    found, scores = index.search(query, k)

    similarities = matrix @ query
    assert np.allclose(scores, np.sort(similarities)[::-1][: min(k, n)], atol=1e-6)
    positions = [ids.tolist().index(found_id) for found_id in found.tolist()]
    assert np.allclose(scores, similarities[positions], atol=1e-6)
    assert len(set(found.tolist())) == found.size
    assert list(scores) == sorted(scores, reverse=True)


def test_vector_of_an_id_and_of_a_missing_one():
    rng = np.random.default_rng(1)
    matrix = _unit_rows(rng, 3, 4)
    index = VectorIndex.build([30, 10, 20], matrix)

    assert np.array_equal(index.vector(10), matrix[1])
    assert index.vector(15) is None
    assert index.vector(99) is None


def test_empty_index_finds_nothing():
    index = VectorIndex.empty(4)

    found, scores = index.search(np.ones(4, dtype=np.float32) / 2, 5)

    assert (len(index), found.size, scores.size) == (0, 0, 0)
