"""Organisers' pages: create an event (a draft), edit it, publish or cancel it, add sessions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from creativeports.common.forms import form_add_service_errors
from creativeports.directory.models import Organisation
from creativeports.events import permissions, selectors
from creativeports.events.forms import EventForm, SessionForm
from creativeports.events.models import Event, Room
from creativeports.events.services.event import event_create, event_status_set, event_update
from creativeports.events.services.programme import session_create


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.filter(pk__in=permissions.managed_organisation_ids(request.user)).order_by(
        "name"
    )
    if not organisations.exists():
        raise PermissionDenied
    form = EventForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "organisation"}
        event = event_create(actor=request.user, organisation=form.cleaned_data["organisation"], fields=fields)
        messages.success(request, _("The event is saved as a draft. Add its programme, then publish it."))
        return redirect("events:edit", slug=event.slug)
    return render(request, "events/edit.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_visible(user=request.user, slug=slug)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    form = EventForm(instance=event)
    session_form = SessionForm(event=event)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("publish", "cancel"):
            status = Event.Status.PUBLISHED if action == "publish" else Event.Status.CANCELLED
            event_status_set(actor=request.user, event=event, status=status)
            messages.success(
                request, _("The event is published.") if action == "publish" else _("The event is cancelled.")
            )
            return redirect(event)
        if action == "session":
            session_form = SessionForm(request.POST, event=event)
            if session_form.is_valid():
                data = session_form.cleaned_data
                room = None
                if data["room"]:
                    room, _created = Room.objects.get_or_create(event=event, name=data["room"].strip())
                try:
                    session_create(
                        event=event,
                        actor=request.user,
                        title=data["title"],
                        kind=data["kind"],
                        room=room,
                        starts=data["starts"],
                        ends=data["ends"],
                        description=data["description"],
                    )
                except ValidationError as exc:
                    form_add_service_errors(session_form, exc)
                else:
                    messages.success(request, _("The session is added."))
                    return redirect("events:edit", slug=event.slug)
        else:
            form = EventForm(request.POST, instance=Event.objects.get(pk=event.pk))
            if form.is_valid():
                try:
                    event_update(actor=request.user, event=event, fields=form.cleaned_data)
                except ValidationError as exc:
                    form_add_service_errors(form, exc)
                else:
                    messages.success(request, _("The event is saved."))
                    return redirect("events:edit", slug=event.slug)
    return render(
        request,
        "events/edit.html",
        {"form": form, "event": event, "session_form": session_form, "sessions": selectors.programme(event=event)},
    )
