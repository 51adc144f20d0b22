"""Serving uploaded files safely, from the app itself (the same in `make run` and in production)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.templatetags.static import static
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

# Only what our own upload code writes is ever served; anything else is a 404.
SERVABLE_TYPES = {".png": "image/png", ".jpg": "image/jpeg"}


@require_safe
def media_serve(request: HttpRequest, path: str) -> HttpResponseBase:
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except SuspiciousFileOperation as exc:  # a path that leaves MEDIA_ROOT
        raise Http404 from exc
    content_type = SERVABLE_TYPES.get(full.suffix.lower())
    if content_type is None or not full.is_file():
        raise Http404
    response = FileResponse(full.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the admin, JSON, media)."""
    return HttpResponseRedirect(static("img/logo.svg"))
