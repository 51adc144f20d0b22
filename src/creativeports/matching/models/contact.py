from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from creativeports.directory.models import Organisation


class ContactRequest(models.Model):
    """One organisation writing to another through the platform; neither sees the other's email
    address. Replies form a thread (ContactMessage); both sides may later record outcomes."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("contact request", "open")
        DECLINED = "declined", pgettext_lazy("contact request", "declined")

    sender = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts_sent")
    recipient = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts_received")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(_("subject"), max_length=150)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-updated", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(sender=models.F("recipient")), name="contact_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id}: {self.subject}"


class ContactMessage(models.Model):
    contact = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("message"), max_length=5000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.body[:40]}"


class Block(models.Model):
    """An organisation that may no longer contact another."""

    blocker = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    blocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique")]

    def __str__(self) -> str:
        return f"{self.blocker_id} ⊘ {self.blocked_id}"


class AbuseReport(models.Model):
    """A contact request someone reported to the secretariat."""

    contact = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("what is wrong"), max_length=2000)
    created = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(_("handled by the secretariat"), default=False)

    class Meta:
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        ordering = ["handled", "-created"]

    def __str__(self) -> str:
        return f"report on {self.contact_id}"


class OutcomeKind(models.TextChoices):
    MEETING = "meeting", _("a meeting was held")
    COOPERATION = "cooperation", _("cooperation agreed")
    JOINT_APPLICATION = "joint_application", _("a joint funding application")
    CONTRACT = "contract", _("a contract")
    PRODUCT = "product", _("a new product or service")
    NOTHING = "nothing", _("nothing came of it")


class OutcomeSource(models.TextChoices):
    CONTACT = "contact", _("a contact through the platform")
    MEETING = "b2b_meeting", _("a B2B meeting at an event")


class Outcome(models.Model):
    """What came of a contact or a B2B meeting, as one side records it (the impact figures count
    these). Outcomes of meetings name the other organisation instead of a contact."""

    contact = models.ForeignKey(
        ContactRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="outcomes"
    )
    source = models.CharField(max_length=12, choices=OutcomeSource.choices, default=OutcomeSource.CONTACT)
    counterpart = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=20, choices=OutcomeKind.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    happened_on = models.DateField(_("when"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "organisation", "kind"], name="outcome_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.kind}"
