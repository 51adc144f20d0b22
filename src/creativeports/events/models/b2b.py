from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from creativeports.events.models.event import Event
from creativeports.events.models.registration import Registration


class B2BSettings(models.Model):
    """How an event's B2B blocks become meeting slots, and its tables."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="b2b", primary_key=True)
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per meeting"), default=20)
    tables = models.PositiveSmallIntegerField(_("general tables"), default=10)
    max_meetings = models.PositiveSmallIntegerField(_("meetings per participant at most"), null=True, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    # The last scheduler run: meetings' total priority and the proven upper bound (for "X% of the best").
    objective = models.PositiveIntegerField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("B2B settings")
        verbose_name_plural = _("B2B settings")

    def __str__(self) -> str:
        return f"B2B of {self.event_id}"


class B2BProfile(models.Model):
    """A participant's part in the B2B meetings: when they are free and whether they have a table."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="b2b", primary_key=True)
    available = models.JSONField(_("free slots"), default=list, blank=True)  # slot numbers
    fixed_table = models.BooleanField(_("exhibitor with an own table"), default=False)
    max_meetings = models.PositiveSmallIntegerField(_("meetings at most"), null=True, blank=True)

    def __str__(self) -> str:
        return f"B2B profile of {self.registration_id}"


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", pgettext_lazy("meeting request", "accepted")
        DECLINED = "declined", pgettext_lazy("meeting request", "declined")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests_sent")
    recipient = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests_received")
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["requester", "recipient"], name="meeting_request_once"),
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("recipient")), name="meeting_request_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} → {self.recipient_id}"


class Meeting(models.Model):
    """A confirmed one-to-one meeting in one slot, at a general table, an exhibitor's table or online.

    Never a double booking: each participant holds one seat per slot (MeetingSeat, unique) and each
    general table one meeting per slot (unique), so parallel bookings fail in the database."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(
        MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting"
    )
    a = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    slot = models.PositiveSmallIntegerField(_("slot"))
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)  # general table number
    table_of = models.ForeignKey(  # an exhibitor's own table
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    online = models.BooleanField(_("online"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot", "table", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slot", "table"], condition=models.Q(table__isnull=False), name="meeting_table_once"
            ),
            models.CheckConstraint(condition=~models.Q(a=models.F("b")), name="meeting_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.a_id} & {self.b_id} in slot {self.slot}"


class MeetingSeat(models.Model):
    """One participant's place in one meeting's slot: at most one per participant and slot."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="meeting_seats")
    slot = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "slot"], name="meeting_seat_once")]

    def __str__(self) -> str:
        return f"{self.registration_id} in slot {self.slot}"
