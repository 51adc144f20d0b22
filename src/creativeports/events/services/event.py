"""Organisers create and change events; publishing opens registration, cancelling tells everyone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from creativeports.common.mail import mail_on_commit
from creativeports.common.services.audit import audit_record
from creativeports.directory.models import Organisation
from creativeports.events.models import Event, EventOrganiser, Registration
from creativeports.events.permissions import can_manage_event, managed_organisation_ids


@transaction.atomic
def event_create(*, actor: Any, organisation: Organisation, fields: Mapping[str, Any]) -> Event:
    """A draft event organised by `organisation`. Raises PermissionDenied unless the actor is one of
    its admins. `fields` come validated (forms.EventForm)."""
    if organisation.pk not in managed_organisation_ids(actor):
        raise PermissionDenied
    event = Event.objects.create(**fields, status=Event.Status.DRAFT, created_by=actor)
    EventOrganiser.objects.create(event=event, organisation=organisation, role=EventOrganiser.Role.ORGANISER)
    audit_record(actor=actor, action="event.create", obj=event, changes={"title": [None, event.title]})
    return event


@transaction.atomic
def event_update(*, actor: Any, event: Event, fields: Mapping[str, Any]) -> Event:
    """Change an event's description (validated fields). Raises PermissionDenied for non-organisers."""
    if not can_manage_event(actor, event):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean(exclude=["created_by"])
    event.save()
    audit_record(actor=actor, action="event.update", obj=event, changes={"fields": [None, sorted(fields)]})
    return event


@transaction.atomic
def event_status_set(*, actor: Any, event: Event, status: str) -> Event:
    """Publish (registration opens) or cancel (everyone registered gets an email)."""
    if not can_manage_event(actor, event):
        raise PermissionDenied
    previous = event.status
    event.status = status
    event.full_clean(exclude=["created_by"])
    event.save(update_fields=["status", "updated"])
    audit_record(actor=actor, action="event.status", obj=event, changes={"status": [previous, status]})
    if status == Event.Status.CANCELLED and previous != status:
        emails = sorted(
            event.registrations.exclude(status=Registration.Status.CANCELLED).values_list("user__email", flat=True)
        )
        for email in emails:
            mail_on_commit([email], "events/email/cancelled", {"event": event})
    return event
