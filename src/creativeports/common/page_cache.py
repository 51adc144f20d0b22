"""A whole-response cache for what anonymous visitors read most: the directory, its map data, the
public API list and organisation pages.

Why not Django's cache middleware: every page carries a CSRF token (the language switcher is a
form), and a cached token would be someone else's. Pages rendered for the cache carry a placeholder
instead (see `context_processor`), replaced with the reader's own token on the way out.

Entries are keyed by a version the view supplies (for the directory, the database's change token,
which triggers move on every write), the language, the HTMX headers and the full path, and live
`CREATIVEPORTS_PAGE_CACHE_SECONDS` at most, which bounds staleness of anything the version does not
cover (labels of reference data, translations after a deploy). Only anonymous requests without a
session, pending messages or credentials are served from or stored in it.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

CACHE_ALIAS = "pages"
# Rendered in place of the CSRF token; never a valid token, so a leak would fail closed.
CSRF_PLACEHOLDER = "csrf-placeholder-0000000000000000000000000000000000000000000000000000"
# Headers a cached response keeps; everything else is added again by the middleware on the way out.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Cache-Control", "Content-Disposition")
_ACTIVE = "_page_cache_active"
# Versions other apps add to a namespace's own (see page_version_add).
_ADDED_VERSIONS: dict[str, list[Callable[[HttpRequest], str]]] = {}


def page_version_add(namespace: str, version: Callable[[HttpRequest], str]) -> None:
    """Make the pages cached under `namespace` depend on `version` too. An app that adds a part to
    a page of an app below it (matching's open calls on the directory's organisation page)
    registers its part's version here, at start-up, as the page's app must not import it."""
    _ADDED_VERSIONS.setdefault(namespace, []).append(version)


def context_processor(request: HttpRequest) -> dict[str, Any]:
    """Listed after Django's built-in CSRF processor, so it wins while a cached page is rendered."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, _ACTIVE, False) else {}


def is_cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or settings.CREATIVEPORTS_PAGE_CACHE_SECONDS <= 0:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.user.is_authenticated


def _key(request: HttpRequest, namespace: str, version: str) -> str:
    parts = [
        namespace,
        version,
        get_language() or "",
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-History-Restore-Request", ""),
        request.get_full_path(),
    ]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _personalised(request: HttpRequest, status: int, content: bytes, headers: dict[str, str]) -> HttpResponse:
    if CSRF_PLACEHOLDER.encode() in content:
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response.headers[name] = value
    return response


def cache_public_page(namespace: str, version: Callable[[HttpRequest], str]) -> Callable[[Any], Any]:
    """Serve the view from the page cache for anonymous readers; `version(request)` names the data
    state the response depends on (a new version means new entries)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_cacheable(request):
                return view(request, *args, **kwargs)
            cache = caches[CACHE_ALIAS]
            versions = [version(request), *(added(request) for added in _ADDED_VERSIONS.get(namespace, ()))]
            key = _key(request, namespace, ":".join(versions))
            hit = cache.get(key)
            if hit is not None:
                return _personalised(request, *hit)
            setattr(request, _ACTIVE, True)
            try:
                response = view(request, *args, **kwargs)
            finally:
                setattr(request, _ACTIVE, False)
            if response.status_code != 200 or response.streaming or response.cookies:
                # Not cached; a page rendered with the placeholder still gets the reader's token.
                if not response.streaming and CSRF_PLACEHOLDER.encode() in response.content:
                    response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
                return response
            headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
            entry = (response.status_code, response.content, headers)
            cache.set(key, entry, settings.CREATIVEPORTS_PAGE_CACHE_SECONDS)
            return _personalised(request, *entry)

        return wrapped

    return decorator


class VersionMemo:
    """A data version read from the database at most every CREATIVEPORTS_PAGE_VERSION_SECONDS per
    process, so that a page served from the cache costs no query at all (on PostgreSQL a round
    trip under load costs more than the rest of a cache hit); an edit reaches anonymous readers
    that much later."""

    def __init__(self, read: Callable[[], str]) -> None:
        self._read = read
        self._memo: tuple[float, str] = (float("-inf"), "")  # swapped whole: safe across threads

    def __call__(self, request: Any = None) -> str:
        ttl = settings.CREATIVEPORTS_PAGE_VERSION_SECONDS
        now = time.monotonic()
        read_at, version = self._memo
        if ttl <= 0 or now - read_at >= ttl:
            version = self._read()
            self._memo = (now, version)
        return version
