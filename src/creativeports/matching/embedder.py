"""The process's embedder, chosen by CREATIVEPORTS_EMBEDDER and loaded once."""

from __future__ import annotations

import threading

from django.conf import settings

from creativeports.matching.engine.embedding import Embedder, load_embedder

_lock = threading.Lock()
_loaded: dict[str, Embedder | None] = {}


def embedder_current() -> Embedder | None:
    """The configured embedder, or None when it is off or unavailable (matching then falls back to
    lexical and structured evidence, and says so)."""
    name = settings.CREATIVEPORTS_EMBEDDER
    if name not in _loaded:
        with _lock:
            if name not in _loaded:
                _loaded[name] = load_embedder(name, settings.CREATIVEPORTS_EMBEDDER_THREADS)
    return _loaded[name]
