"""Event pages: list, detail with the programme grid, registration, agenda, calendar feeds, and
the organiser's participant list (check-in, export)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from creativeports.common.forms import form_add_service_errors, posted_object_or_404
from creativeports.common.spreadsheet import table_download
from creativeports.directory.models import Organisation
from creativeports.directory.permissions import organisation_ids_of
from creativeports.events import permissions, selectors
from creativeports.events.forms import RegistrationForm
from creativeports.events.ical import calendar
from creativeports.events.models import CalendarToken, Event, Registration, Session
from creativeports.events.services.programme import calendar_token_get, calendar_token_reset, star_set
from creativeports.events.services.registration import (
    registration_cancel,
    registration_check_in,
    registration_create,
)
from creativeports.taxonomy.models import Language

ICS_TYPE = "text/calendar; charset=utf-8"


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = list(selectors.events_visible(user=request.user))
    now = timezone.now()
    return render(
        request,
        "events/list.html",
        {
            "upcoming": [e for e in events if e.ends >= now],
            "past": [e for e in reversed(events) if e.ends < now],
            "can_organise": bool(permissions.managed_organisation_ids(request.user)),
        },
    )


def _registration_form(request: HttpRequest, event: Event, data: Any = None) -> RegistrationForm:
    mine = Organisation.objects.filter(pk__in=organisation_ids_of(request.user)).order_by("name")
    return RegistrationForm(data, event=event, organisations=mine)


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_visible(user=request.user, slug=slug)
    filters = selectors.ProgrammeFilters.from_query(request.GET)
    tz = selectors.user_time_zone(request, event.time_zone)
    registration = selectors.registration_of(user=request.user, event=event)
    used_kinds = set(event.sessions.values_list("kind", flat=True))
    response = render(
        request,
        "events/detail.html",
        {
            "event": event,
            "tz": tz,
            "grid": selectors.programme_grid(selectors.programme(event=event, filters=filters), tz=tz),
            "filters": filters,
            "kinds": [(k, label) for k, label in Session.Kind.choices if k in used_kinds],
            "rooms": list(event.rooms.all()),
            "languages": Language.objects.filter(pk__in=event.sessions.values("language_id")).order_by("pk"),
            "registration": registration,
            "form": _registration_form(request, event) if request.user.is_authenticated else None,
            "starred": selectors.starred_ids(user=request.user, event=event),
            "join_link": event.stream_url if permissions.can_see_join_link(request.user, event) else "",
            "can_manage": permissions.can_manage_event(request.user, event),
            "participants": selectors.participants_listed(event=event) if registration else None,
            "now": timezone.now(),
        },
    )
    if request.GET.get("tz") == tz.key:
        # Remembered for the next pages: participants see their own time zone everywhere.
        response.set_cookie("tz", tz.key, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure())
    return response


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_visible(user=request.user, slug=slug)
    form = _registration_form(request, event, request.POST)
    if form.is_valid():
        try:
            registration = registration_create(
                event=event,
                user=request.user,
                organisation=form.cleaned_data["organisation"],
                answers=form.answers(),
                share_consent=form.cleaned_data["share_consent"],
                attends_online=form.cleaned_data.get("attends_online", False),
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("You are registered. A confirmation is on its way by email."))
            else:
                messages.info(request, _("The event is full: you are on the waiting list."))
            return redirect(event)
    for error in form.errors.get("__all__", []) + [
        e for name, es in form.errors.items() if name != "__all__" for e in es
    ]:
        messages.error(request, error)
    return redirect(event)


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_visible(user=request.user, slug=slug)
    registration = selectors.registration_of(user=request.user, event=event)
    if registration is None:
        raise Http404("Not registered.")
    registration_cancel(registration=registration, actor=request.user)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


@login_required
@require_POST
def star(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_get_visible(user=request.user, slug=slug)
    session = get_object_or_404(event.sessions, pk=pk)
    starred = request.POST.get("starred") == "1"
    star_set(user=request.user, session=session, starred=starred)
    if request.htmx:  # type: ignore[attr-defined]  # django-htmx middleware
        return render(request, "events/_star.html", {"event": event, "session": session, "is_starred": starred})
    return redirect(event)


@require_GET
def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_get_visible(user=request.user, slug=slug)
    session = get_object_or_404(selectors.programme(event=event), pk=pk)
    return render(
        request,
        "events/session.html",
        {"event": event, "session": session, "tz": selectors.user_time_zone(request, event.time_zone)},
    )


def _ics(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's programme as iCalendar; the same filters as the page (type, language, room)."""
    event = selectors.event_get_visible(user=request.user, slug=slug)
    filters = selectors.ProgrammeFilters.from_query(request.GET)
    link = event.stream_url if permissions.can_see_join_link(request.user, event) else ""
    entries = selectors.session_entries(selectors.programme(event=event, filters=filters), join_link=link)
    return _ics(
        calendar(entries, name=event.title, description=event.description[:500], stamp=timezone.now()),
        f"{event.slug}.ics",
    )


@require_GET
def personal_ics(request: HttpRequest, token: str) -> HttpResponse:
    """A person's own feed, found by the secret in its URL (calendar apps send no cookies)."""
    owner = CalendarToken.objects.filter(token=token).select_related("user").first()
    if owner is None or not owner.user.is_active:
        raise Http404("No such feed.")
    entries = selectors.personal_entries(user=owner.user)
    return _ics(calendar(entries, name=_("My Creative Ports agenda"), stamp=timezone.now()), "agenda.ics")


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The personal feed's address, and a button that gives it a new secret."""
    token = (
        calendar_token_reset(user=request.user) if request.method == "POST" else calendar_token_get(user=request.user)
    )
    if request.method == "POST":
        messages.success(request, _("Your calendar address is new; the old one no longer works."))
        return redirect("events:calendar")
    feed = request.build_absolute_uri(reverse("events:calendar.feed", args=[token.token]))
    return render(request, "events/calendar.html", {"feed": feed})


def _managed(request: HttpRequest, slug: str) -> Event:
    event = selectors.event_get_visible(user=request.user, slug=slug)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    return event


@login_required
@require_http_methods(["GET", "POST"])
def participants(request: HttpRequest, slug: str) -> HttpResponse:
    """The organiser's list: registrations by status, check-in (POST), export (?format=csv)."""
    event = _managed(request, slug)
    if request.method == "POST":
        registration = posted_object_or_404(event.registrations.all(), request.POST.get("registration"))
        try:
            registration_check_in(registration=registration, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("events:participants", slug=event.slug)
    registrations = selectors.registrations_for_organiser(event=event)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        # Organisers see email addresses only of people who agreed to be listed.
        header = [_("name"), _("organisation"), _("status"), _("online"), _("checked in"), _("email")]
        rows = (
            [
                r.user.full_name,
                r.organisation.name if r.organisation else "",
                r.get_status_display(),
                _("yes") if r.attends_online else "",
                r.checked_in.isoformat() if r.checked_in else "",
                r.user.email if r.share_consent else "",
            ]
            for r in registrations
        )
        return table_download(header=header, rows=rows, fmt=fmt, filename=f"{event.slug}-participants")
    return render(request, "events/participants.html", {"event": event, "registrations": registrations})
