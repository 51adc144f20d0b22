from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from creativeports.directory.models import Organisation
from creativeports.taxonomy.models import Country


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a time zone (e.g. Europe/Warsaw)."), params={"value": value})


# Paths under /events/ that an event's address name must not take (events/urls.py).
RESERVED_SLUGS = frozenset({"calendar", "new"})


def validate_event_slug(value: str) -> None:
    """On the model, so the organisers' form, the admin and the services all refuse them."""
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address name is reserved; choose another."), code="reserved")


class Event(models.Model):
    """A conference or matchmaking day: in person, online or hybrid, with a programme and
    registration. Join links are shown to registered participants only."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("event", "draft")
        PUBLISHED = "published", pgettext_lazy("event", "published")
        CANCELLED = "cancelled", pgettext_lazy("event", "cancelled")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("everyone")
        MEMBERS = "members", _("members of the network")

    class B2BMode(models.TextChoices):
        NONE = "none", _("no B2B meetings")
        DIRECT = "direct", _("participants book free slots")
        SCHEDULED = "scheduled", _("the organiser schedules requests")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=80, unique=True, validators=[validate_event_slug])
    description = models.TextField(_("description"), max_length=10_000, blank=True)
    mode = models.CharField(_("format"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    audience = models.CharField(_("open to"), max_length=8, choices=Audience.choices, default=Audience.PUBLIC)
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Berlin", validators=[validate_time_zone]
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    # Shown to registered participants only (selectors.event_join_link).
    stream_url = models.URLField(_("stream or meeting link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty: no limit. Beyond it, people join the waiting list.")
    )
    b2b_mode = models.CharField(_("B2B meetings"), max_length=10, choices=B2BMode.choices, default=B2BMode.NONE)
    organisers = models.ManyToManyField(
        Organisation, through="EventOrganiser", related_name="organised_events", verbose_name=_("organisers")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")), name="event_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_past(self) -> bool:
        return self.ends < timezone.now()

    @property
    def has_online_part(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)


class EventOrganiser(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("organiser")
        CO_ORGANISER = "co_organiser", _("co-organiser")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organiser_links")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.ORGANISER)

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        constraints = [models.UniqueConstraint(fields=["event", "organisation"], name="event_organiser_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"
