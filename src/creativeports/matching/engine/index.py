"""The in-process vector index: top-k by cosine similarity over L2-normalised vectors.

Exact search with numpy (one matrix-vector product) answers in a few milliseconds up to about
200,000 vectors (4 ms at 100,000 on our 2-core machine). Above `approximate_above` vectors, top-k
queries go through an HNSW graph (usearch, half-precision, cosine) instead, and the statistics
that scale similarities come from a fixed sample of rows; everything else stays exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from creativeports.matching.engine.embedding import Matrix

Ids = npt.NDArray[np.int64]
Rows = npt.NDArray[np.int64]

# Above this many vectors, top-k queries are approximate (CREATIVEPORTS_MATCH_APPROXIMATE_ABOVE).
APPROXIMATE_ABOVE = 200_000
# Rows whose similarities stand for all of them in statistics when search is approximate.
STATS_SAMPLE = 20_000
# The graph's degree and search breadth: recall@80 ≈ 0.97 on 100,000 clustered 384-d vectors.
HNSW_CONNECTIVITY = 16
HNSW_EXPANSION = 96


@dataclass(frozen=True)
class VectorIndex:
    ids: Ids  # sorted ascending
    matrix: Matrix  # one L2-normalised row per id
    languages: npt.NDArray[np.int16] | None = None  # a code per row for the text's language
    approximate: Any = None  # a usearch HNSW index whose keys are row numbers, or None: exact
    sample: Rows | None = None  # with `approximate`: the rows that stand for all in statistics

    @classmethod
    def build(
        cls,
        ids: Sequence[int] | Ids,
        matrix: Matrix,
        languages: Sequence[int] | npt.NDArray[np.int16] | None = None,
        *,
        approximate_above: int = APPROXIMATE_ABOVE,
    ) -> VectorIndex:
        order = np.argsort(np.asarray(ids, dtype=np.int64), kind="stable")
        matrix = np.ascontiguousarray(matrix[order], dtype=np.float32)
        approximate = sample = None
        if len(order) > approximate_above:
            approximate = _hnsw(matrix)
            rng = np.random.default_rng(len(order))  # the same sample for the same data
            sample = np.sort(rng.choice(len(order), size=min(STATS_SAMPLE, len(order)), replace=False))
        return cls(
            ids=np.asarray(ids, dtype=np.int64)[order],
            matrix=matrix,
            languages=None if languages is None else np.asarray(languages, dtype=np.int16)[order],
            approximate=approximate,
            sample=sample,
        )

    @classmethod
    def empty(cls, dim: int) -> VectorIndex:
        return cls(ids=np.zeros(0, dtype=np.int64), matrix=np.zeros((0, dim), dtype=np.float32))

    def __len__(self) -> int:
        return int(self.ids.size)

    @property
    def nbytes(self) -> int:
        graph = int(self.approximate.memory_usage) if self.approximate is not None else 0
        return int(
            self.ids.nbytes + self.matrix.nbytes + (0 if self.languages is None else self.languages.nbytes) + graph
        )

    def vector(self, id_: int) -> Matrix | None:
        """The stored vector of `id_`, or None."""
        position = int(np.searchsorted(self.ids, id_))
        if position < self.ids.size and self.ids[position] == id_:
            row: Matrix = self.matrix[position]
            return row
        return None

    def similarities(self, vector: Matrix) -> Matrix:
        """Cosine similarity of `vector` with every row, aligned with `ids`."""
        if not len(self):
            return np.zeros(0, dtype=np.float32)
        return self.matrix @ vector.astype(np.float32, copy=False)

    def similarities_of_rows(self, vector: Matrix, rows: Rows) -> Matrix:
        """Cosine similarity of `vector` with the given rows only."""
        result: Matrix = self.matrix[rows] @ vector.astype(np.float32, copy=False)
        return result

    def nearest_rows(self, vector: Matrix, k: int) -> Rows:
        """The rows of the `k` most similar vectors, best first (approximately, above the threshold)."""
        k = min(k, len(self))
        if k <= 0:
            return np.zeros(0, dtype=np.int64)
        if self.approximate is not None:
            found = self.approximate.search(vector.astype(np.float32, copy=False), k)
            return np.asarray(found.keys, dtype=np.int64)
        scores = self.similarities(vector)
        top = np.argpartition(-scores, k - 1)[:k]
        rows: Rows = top[np.argsort(-scores[top], kind="stable")]
        return rows

    def search(self, vector: Matrix, k: int) -> tuple[Ids, Matrix]:
        """The `k` most similar ids and their similarities, best first."""
        rows = self.nearest_rows(vector, k)
        scores = self.similarities_of_rows(vector, rows)
        order = np.argsort(-scores, kind="stable")
        return self.ids[rows[order]], scores[order]


def _hnsw(matrix: Matrix) -> Any:
    from usearch.index import Index

    graph = Index(
        ndim=matrix.shape[1],
        metric="cos",
        dtype="f16",
        connectivity=HNSW_CONNECTIVITY,
        expansion_add=HNSW_EXPANSION,
        expansion_search=HNSW_EXPANSION,
    )
    graph.add(np.arange(matrix.shape[0], dtype=np.int64), matrix)
    return graph
