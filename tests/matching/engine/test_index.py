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


def test_above_the_threshold_search_is_approximate_and_finds_nearly_all_nearest():
    rng = np.random.default_rng(7)
    centres = _unit_rows(rng, 40, 32)
    noisy = centres[rng.integers(0, 40, size=3000)] + rng.normal(scale=0.08, size=(3000, 32))
    matrix = (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)
    ids = np.arange(3000) * 3 + 1
    exact = VectorIndex.build(ids, matrix)
    approximate = VectorIndex.build(ids, matrix, approximate_above=1000)
    queries = _unit_rows(rng, 30, 32)

    recalls = []
    for query in queries:
        wanted = set(exact.search(query, 50)[0].tolist())
        found, scores = approximate.search(query, 50)
        recalls.append(len(wanted & set(found.tolist())) / 50)
        assert list(scores) == sorted(scores, reverse=True)
        np.testing.assert_allclose(scores, matrix[(found - 1) // 3] @ query, rtol=1e-5)

    assert exact.approximate is None
    assert approximate.approximate is not None
    assert approximate.sample is not None
    assert approximate.sample.size == 3000  # all rows: fewer than the sample size
    assert np.mean(recalls) >= 0.9
    assert approximate.nbytes > exact.nbytes  # the graph is counted
