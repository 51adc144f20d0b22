from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from creativeports.directory.models import Organisation
from creativeports.events.models.event import Event


class Registration(models.Model):
    """A person's place at an event: confirmed, on the waiting list, or cancelled. One row per person
    and event; registering again after cancelling reuses it."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("registration", "confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration", "cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("organisation")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # Whether the organiser may share name and organisation with other participants and in exports.
    share_consent = models.BooleanField(_("list me among the participants"), default=False)
    attends_online = models.BooleanField(_("I take part online"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    status_changed = models.DateTimeField(auto_now_add=True)
    checked_in = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["status_changed", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="registration_unique")]
        indexes = [models.Index(fields=["event", "status", "status_changed"])]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.event_id}: {self.status}"


class RegistrationQuestion(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a person's personal calendar feed URL; resetting it makes old URLs stop working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar token of {self.user_id}"
