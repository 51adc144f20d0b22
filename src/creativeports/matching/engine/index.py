"""The in-process vector index: top-k by cosine similarity over L2-normalised vectors.

Exact search with numpy (one matrix product) answers in a few milliseconds up to a few hundred
thousand vectors; an approximate index would sit behind the same methods above that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from creativeports.matching.engine.embedding import Matrix

Ids = npt.NDArray[np.int64]


@dataclass(frozen=True)
class VectorIndex:
    ids: Ids  # sorted ascending
    matrix: Matrix  # one L2-normalised row per id
    languages: npt.NDArray[np.int16] | None = None  # a code per row for the text's language

    @classmethod
    def build(cls, ids: Sequence[int] | Ids, matrix: Matrix, languages: Sequence[int] | None = None) -> VectorIndex:
        order = np.argsort(np.asarray(ids, dtype=np.int64), kind="stable")
        return cls(
            ids=np.asarray(ids, dtype=np.int64)[order],
            matrix=np.ascontiguousarray(matrix[order], dtype=np.float32),
            languages=None if languages is None else np.asarray(languages, dtype=np.int16)[order],
        )

    @classmethod
    def empty(cls, dim: int) -> VectorIndex:
        return cls(ids=np.zeros(0, dtype=np.int64), matrix=np.zeros((0, dim), dtype=np.float32))

    def __len__(self) -> int:
        return int(self.ids.size)

    @property
    def nbytes(self) -> int:
        return int(self.ids.nbytes + self.matrix.nbytes + (0 if self.languages is None else self.languages.nbytes))

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

    def search(self, vector: Matrix, k: int) -> tuple[Ids, Matrix]:
        """The `k` most similar ids and their similarities, best first."""
        scores = self.similarities(vector)
        if k <= 0 or not scores.size:
            return self.ids[:0], scores[:0]
        k = min(k, scores.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return self.ids[top], scores[top]
