from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from creativeports.events.models.b2b import Meeting
from creativeports.events.models.registration import Registration


class EventFeedback(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("how was it"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    created = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"feedback of {self.registration_id}"


class MeetingFeedback(models.Model):
    """One side's answer on a B2B meeting: did it happen, was it useful (what came of it is
    recorded as matching outcomes, which the impact figures count)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="meeting_feedback")
    happened = models.BooleanField(_("the meeting took place"))
    useful = models.PositiveSmallIntegerField(
        _("how useful"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "registration"], name="meeting_feedback_once")]

    def __str__(self) -> str:
        return f"{self.registration_id} on meeting {self.meeting_id}"
