"""Per-client limits on expensive reads, such as a partner search that embeds a new need (about 55 ms of
a core each): enough to stop one client from taking the workers of everyone else.

A fixed one-minute window per client, counted in the shared cache (the database cache, so every
worker counts together). The client is the signed-in user, or else the address allauth's adapter
reads (the same one the sign-in limits use, honouring its trusted-proxy settings).
"""

from __future__ import annotations

import hashlib
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60


def _client(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{get_adapter().get_client_ip(request)}"


def rate_allows(request: HttpRequest, *, action: str, per_minute: int) -> bool:
    """Count one `action` for the request's client; False once it has had `per_minute` this minute.

    `per_minute` 0 or less means no limit (a load test from one address, say).
    """
    if per_minute <= 0:
        return True
    window = int(time.time() // WINDOW_SECONDS)
    client = hashlib.sha256(_client(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{action}:{window}:{client}"
    if cache.add(key, 1, timeout=2 * WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window's first hit
        cache.add(key, 1, timeout=2 * WINDOW_SECONDS)
        return True
    return count <= per_minute
