"""Registering for events: seats, the waiting list (promoted when a seat frees), cancellation, check-in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from creativeports.common.mail import mail_on_commit
from creativeports.common.services.audit import audit_record
from creativeports.directory.models import Organisation
from creativeports.directory.permissions import organisation_ids_of
from creativeports.events.models import Event, Registration

MAX_ANSWER_CHARS = 2000


def _locked(event: Event) -> Event:
    """The event row locked until the transaction ends: seat counting is serialised per event
    (PostgreSQL row lock; SQLite writes one transaction at a time, begun IMMEDIATE)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _clean_answers(event: Event, answers: Mapping[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in event.questions.all():
        value = " ".join(str(answers.get(str(question.pk), "")).split())[:MAX_ANSWER_CHARS]
        if question.required and not value:
            errors[f"answer_{question.pk}"] = _("Please answer: %(question)s") % {"question": question.label}
        if value:
            cleaned[str(question.pk)] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _seats_taken(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _mail(registration: Registration, template: str) -> None:
    url = reverse("events:detail", args=[registration.event.slug])
    mail_on_commit(
        [registration.user.email],
        f"events/email/{template}",
        {"registration": registration, "event": registration.event, "path": url},
    )


@transaction.atomic
def registration_create(
    *,
    event: Event,
    user: Any,
    organisation: Organisation | None = None,
    answers: Mapping[str, Any] | None = None,
    share_consent: bool = False,
    attends_online: bool = False,
) -> Registration:
    """Register `user`: a seat when one is free, otherwise a place on the waiting list.

    Raises ValidationError when registration is closed (draft, cancelled or past event), the
    person is already registered or waiting, a required answer is missing, the organisation is not
    theirs, or they ask to attend online an event that is only in person. Emails the person on commit.
    """
    event = _locked(event)
    if event.status != Event.Status.PUBLISHED or event.ends <= timezone.now():
        raise ValidationError(_("Registration for this event is closed."))
    if organisation is not None and organisation.pk not in organisation_ids_of(user):
        raise ValidationError({"organisation": _("You can only register on behalf of your own organisation.")})
    if attends_online and not event.has_online_part:
        raise ValidationError({"attends_online": _("This event takes place in person only.")})
    cleaned = _clean_answers(event, answers or {})
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status != Registration.Status.CANCELLED:
        raise ValidationError(
            _("You are already registered for this event.")
            if registration.status == Registration.Status.CONFIRMED
            else _("You are already on the waiting list for this event.")
        )
    # Online participants need no seat; the capacity counts the room.
    full = event.capacity is not None and not attends_online and _seats_taken(event) >= event.capacity
    status = Registration.Status.WAITING if full else Registration.Status.CONFIRMED
    values = {
        "organisation": organisation,
        "status": status,
        "answers": cleaned,
        "share_consent": share_consent,
        "attends_online": attends_online,
        "status_changed": timezone.now(),
        "checked_in": None,
    }
    if registration is None:
        registration = Registration.objects.create(event=event, user=user, **values)
    else:
        for name, value in values.items():
            setattr(registration, name, value)
        registration.save()
    audit_record(actor=user, action="event.register", obj=event, changes={"status": [None, status]})
    _mail(registration, "registered" if status == Registration.Status.CONFIRMED else "waiting")
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: Any) -> Registration | None:
    """Cancel a registration (or a place on the waiting list). When it held a seat, the first person
    waiting gets it and an email. Returns the promoted registration, if any. Cancelling twice is a no-op."""
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return None
    held_seat = registration.status == Registration.Status.CONFIRMED and not registration.attends_online
    registration.status = Registration.Status.CANCELLED
    registration.status_changed = timezone.now()
    registration.save(update_fields=["status", "status_changed"])
    audit_record(
        actor=actor, action="event.cancel_registration", obj=event, changes={"user": [registration.user_id, None]}
    )
    promoted = _promote(event) if held_seat else None
    return promoted


def _promote(event: Event) -> Registration | None:
    if event.capacity is not None and _seats_taken(event) >= event.capacity:
        return None
    first = (
        event.registrations.select_related("user", "event")
        .filter(status=Registration.Status.WAITING)
        .order_by("status_changed", "id")
        .first()
    )
    if first is None:
        return None
    first.status = Registration.Status.CONFIRMED
    first.status_changed = timezone.now()
    first.save(update_fields=["status", "status_changed"])
    audit_record(actor=None, action="event.promote", obj=event, changes={"user": [None, first.user_id]})
    _mail(first, "promoted")
    return first


@transaction.atomic
def event_capacity_set(*, event: Event, capacity: int | None, actor: Any) -> list[Registration]:
    """Change the number of seats; people waiting move up while seats are free. Returns them."""
    if capacity is not None and capacity < 0:
        raise ValidationError({"capacity": _("The number of seats cannot be negative.")})
    event = _locked(event)
    event.capacity = capacity
    event.save(update_fields=["capacity", "updated"])
    audit_record(actor=actor, action="event.capacity", obj=event, changes={"capacity": [None, capacity]})
    promoted = []
    while (moved := _promote(event)) is not None:
        promoted.append(moved)
    return promoted


@transaction.atomic
def registration_check_in(*, registration: Registration, actor: Any) -> Registration:
    """Mark a confirmed participant as arrived. Raises ValidationError for anyone else."""
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only confirmed participants can be checked in."))
    if registration.checked_in is None:
        registration.checked_in = timezone.now()
        registration.save(update_fields=["checked_in"])
        audit_record(
            actor=actor, action="event.check_in", obj=registration.event, changes={"user": [None, registration.user_id]}
        )
    return registration
