"""The process's embedder, chosen by CREATIVEPORTS_EMBEDDER and loaded once."""

from __future__ import annotations

import threading
from functools import lru_cache

from django.conf import settings

from creativeports.matching.engine.embedding import Embedder, Matrix, clean_text, load_embedder

_lock = threading.Lock()
_loaded: dict[str, Embedder | None] = {}
# Query vectors a process remembers (1.5 KB each): a reader who pages, sorts or filters the
# results of the same need would otherwise pay the embedding (most of a search's time) again.
QUERY_CACHE = 1024


def embedder_current() -> Embedder | None:
    """The configured embedder, or None when it is off or unavailable (matching then falls back to
    lexical and structured evidence, and says so)."""
    name = settings.CREATIVEPORTS_EMBEDDER
    if name not in _loaded:
        with _lock:
            if name not in _loaded:
                _loaded[name] = load_embedder(name, settings.CREATIVEPORTS_EMBEDDER_THREADS)
    return _loaded[name]


def query_vector(embedder: Embedder, text: str) -> Matrix:
    """`text` embedded in the query role, remembered per process (read-only: it is shared)."""
    return _query_vector(embedder, clean_text(text))


@lru_cache(maxsize=QUERY_CACHE)
def _query_vector(embedder: Embedder, cleaned: str) -> Matrix:
    vector: Matrix = embedder.queries([cleaned])[0]
    vector.flags.writeable = False
    return vector
