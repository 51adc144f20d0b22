"""The export endpoint: the directory's current filter as a file, with only what the reader may see."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from creativeports.common.ratelimit import WINDOW_SECONDS, rate_allows
from creativeports.directory import selectors
from creativeports.directory.exports.formats import FORMATS, TEXT_WRITERS, xlsx_write
from creativeports.directory.exports.selectors import organisation_export_items


def export_filename(fmt: str) -> str:
    return f"creativeports-organisations-{timezone.localdate().isoformat()}.{FORMATS[fmt][1]}"


@require_safe
def organisation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    if not rate_allows(request, action="directory-export", per_minute=settings.CREATIVEPORTS_EXPORTS_PER_MINUTE):
        refused = render(request, "directory/export_refused.html", {"query": request.GET.urlencode()}, status=429)
        refused.headers["Retry-After"] = str(WINDOW_SECONDS)
        return refused
    items = organisation_export_items(user=request.user, filters=selectors.directory_filters_from_query(request.GET))
    content_type = FORMATS[fmt][0]
    response: HttpResponse
    if fmt == "xlsx":
        # A ZIP container cannot be streamed as it is written; openpyxl spools rows to disk instead of memory.
        spool = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it after sending
        xlsx_write(items, spool)
        spool.seek(0)
        response = FileResponse(spool, content_type=content_type)  # type: ignore[assignment]
    else:
        response = StreamingHttpResponse(TEXT_WRITERS[fmt](items), content_type=content_type)  # type: ignore[assignment]
    response.headers["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export_filename(fmt)
    )
    # The file depends on who asks: shared caches must not hand one reader's export to another.
    response.headers["Cache-Control"] = "private, no-store"
    return response
