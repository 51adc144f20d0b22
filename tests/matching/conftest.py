"""Matching tests: a fresh in-memory index per test, and helpers to embed profiles for real."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from creativeports.matching.index import match_index_reset


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    match_index_reset()
    yield
    match_index_reset()


@pytest.fixture
def no_embedder(settings: Any) -> Any:
    """Matching without embeddings, as on a machine where the package is missing or fails to load."""
    settings.CREATIVEPORTS_EMBEDDER = "none"
    return settings
