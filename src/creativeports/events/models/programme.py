from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creativeports.directory.models import Organisation
from creativeports.events.models.event import Event
from creativeports.taxonomy.models import Language


class Room(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["position", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="room_name_unique")]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One item of the programme. Sessions in one room never overlap (services.programme)."""

    class Kind(models.TextChoices):
        TALK = "talk", _("talk")
        PANEL = "panel", _("panel")
        WORKSHOP = "workshop", _("workshop")
        PITCH = "pitch", _("pitch session")
        B2B = "b2b", _("B2B meetings")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.TALK)
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    description = models.TextField(_("description"), max_length=5000, blank=True)
    language = models.ForeignKey(
        Language, verbose_name=_("language"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts", "room__position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")), name="session_ends_after_start")
        ]
        indexes = [models.Index(fields=["event", "starts"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:session", args=[self.event.slug, self.pk])


class Speaker(models.Model):
    """A speaker of a session: a person by name, linked to their account and organisation when known."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("organisation")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Star(models.Model):
    """A session in someone's personal agenda."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="starred_sessions")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="stars")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="star_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} ★ {self.session_id}"
