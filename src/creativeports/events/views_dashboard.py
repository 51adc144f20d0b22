"""The organiser's dashboard of an event: figures, charts and their tables, each table downloadable."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from creativeports.common.spreadsheet import table_download
from creativeports.events import permissions, selectors
from creativeports.events.dashboard import SECTIONS, EventDashboard


@require_GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """The page, or one table as a download (`?format=csv&table=<name>`, also `format=xlsx`)."""
    # An event the reader may not see is missing (404) before anything else, signed in or not.
    event = selectors.event_get_visible(user=request.user, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    figures = EventDashboard(event)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        name = request.GET.get("table", "")
        if name not in SECTIONS:
            raise Http404("No such table.")
        table = figures.section(name).table
        return table_download(header=table.header, rows=table.rows, fmt=fmt, filename=f"{event.slug}-{name}")
    return render(request, "events/dashboard.html", {"event": event, "sections": figures.sections()})
