"""Contact between organisations through the platform: requests, replies, declining, blocking,
reporting abuse, and recording what came of it. Nobody's email address is shown to the other side;
notifications go to the people of the receiving organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from creativeports.accounts.models import User
from creativeports.common.mail import mail_on_commit
from creativeports.common.services.audit import audit_record
from creativeports.directory.models import Organisation
from creativeports.directory.permissions import can_view_organisation
from creativeports.matching.models import (
    AbuseReport,
    Block,
    ContactMessage,
    ContactRequest,
    Outcome,
    OutcomeKind,
    OutcomeSource,
)
from creativeports.matching.permissions import can_act_for, sides_of
from creativeports.matching.services.notify import organisation_emails


def _notify(contact: ContactRequest, to: Organisation, template: str, *, actor: Any) -> None:
    other = contact.sender if to.pk == contact.recipient_id else contact.recipient
    url = settings.SITE_URL + reverse("matching:contact.detail", args=[contact.pk])
    mail_on_commit(
        organisation_emails(to, exclude=actor),
        f"matching/email/{template}",
        {"contact": contact, "to": to, "other": other, "url": url},
    )


def _check_rate(actor: Any) -> None:
    count, seconds = settings.CREATIVEPORTS_CONTACT_RATE
    since = timezone.now() - dt.timedelta(seconds=seconds)
    if ContactRequest.objects.filter(sent_by=actor, created__gte=since).count() >= count:
        raise ValidationError(
            _("You have sent %(count)d contact requests recently; please wait before sending more.") % {"count": count},
            code="rate_limited",
        )


@transaction.atomic
def contact_request_create(
    *, actor: Any, sender: Organisation, recipient: Organisation, subject: str, body: str
) -> ContactRequest:
    """Write to `recipient` on behalf of `sender`. Raises PermissionDenied when the actor may not
    write for `sender` or see `recipient`; ValidationError for oneself, a block, an open conversation
    already, or too many requests lately. Emails the recipient's people; writes the audit log."""
    if not can_act_for(actor, sender) or not can_view_organisation(actor, recipient):
        raise PermissionDenied
    if sender.pk == recipient.pk:
        raise ValidationError(_("An organisation cannot contact itself."), code="self")
    if Block.objects.filter(blocker=recipient, blocked=sender).exists():
        raise ValidationError(_("%(name)s does not accept contact from your organisation.") % {"name": recipient.name})
    if ContactRequest.objects.filter(sender=sender, recipient=recipient, status=ContactRequest.Status.OPEN).exists():
        raise ValidationError(
            _("You already have an open conversation with %(name)s; continue it in your inbox.")
            % {"name": recipient.name},
            code="open",
        )
    _check_rate(actor)
    contact = ContactRequest.objects.create(sender=sender, recipient=recipient, sent_by=actor, subject=subject)
    ContactMessage.objects.create(contact=contact, author=sender, written_by=actor, body=body)
    audit_record(actor=actor, action="contact.create", obj=sender, changes={"recipient": [None, recipient.pk]})
    _notify(contact, recipient, "contact_new", actor=actor)
    return contact


@transaction.atomic
def contact_reply(*, actor: Any, contact: ContactRequest, body: str) -> ContactMessage:
    """Add a message for one's side. Raises PermissionDenied for outsiders, ValidationError when the
    conversation was declined or one side blocked the other. Emails the other side."""
    sides = sides_of(actor, contact)
    if not sides:
        raise PermissionDenied
    if contact.status == ContactRequest.Status.DECLINED:
        raise ValidationError(_("This conversation was declined."), code="declined")
    author_id = contact.recipient_id if contact.recipient_id in sides else contact.sender_id
    other_id = contact.sender_id if author_id == contact.recipient_id else contact.recipient_id
    if Block.objects.filter(blocker_id=other_id, blocked_id=author_id).exists():
        raise ValidationError(_("The other organisation does not accept messages from yours."), code="blocked")
    message = ContactMessage.objects.create(contact=contact, author_id=author_id, written_by=actor, body=body)
    contact.save(update_fields=["updated"])
    other = contact.sender if other_id == contact.sender_id else contact.recipient
    _notify(contact, other, "contact_reply", actor=actor)
    return message


@transaction.atomic
def contact_decline(*, actor: Any, contact: ContactRequest) -> None:
    """The recipient closes the conversation. Raises PermissionDenied for anyone else."""
    if contact.recipient_id not in sides_of(actor, contact):
        raise PermissionDenied
    contact.status = ContactRequest.Status.DECLINED
    contact.save(update_fields=["status", "updated"])
    audit_record(actor=actor, action="contact.decline", obj=contact.recipient, changes={"contact": [None, contact.pk]})


@transaction.atomic
def block_create(*, actor: Any, blocker: Organisation, blocked: Organisation) -> Block:
    """`blocked` may no longer contact or write to `blocker`; its open requests to it are declined."""
    if not can_act_for(actor, blocker):
        raise PermissionDenied
    if blocker.pk == blocked.pk:
        raise ValidationError(_("An organisation cannot block itself."))
    block, created = Block.objects.get_or_create(blocker=blocker, blocked=blocked, defaults={"blocked_by": actor})
    if created:
        ContactRequest.objects.filter(sender=blocked, recipient=blocker, status=ContactRequest.Status.OPEN).update(
            status=ContactRequest.Status.DECLINED
        )
        audit_record(actor=actor, action="contact.block", obj=blocker, changes={"blocked": [None, blocked.pk]})
    return block


@transaction.atomic
def abuse_report_create(*, actor: Any, contact: ContactRequest, reason: str) -> AbuseReport:
    """Report a conversation to the secretariat (who may then read it). Emails the secretariat."""
    if not sides_of(actor, contact):
        raise PermissionDenied
    report = AbuseReport.objects.create(contact=contact, reporter=actor, reason=reason)
    audit_record(actor=actor, action="contact.report", obj=contact.recipient, changes={"contact": [None, contact.pk]})
    secretariat = User.objects.filter(is_active=True, is_secretariat=True).values_list("email", flat=True)
    url = settings.SITE_URL + reverse("matching:contact.detail", args=[contact.pk])
    mail_on_commit(sorted(secretariat), "matching/email/abuse_report", {"report": report, "url": url})
    return report


@transaction.atomic
def outcome_record(
    *, actor: Any, contact: ContactRequest, kind: str, note: str = "", happened_on: dt.date | None = None
) -> Outcome:
    """Record, for the actor's side, what came of a contact (idempotent per kind: the note and date
    are updated). Raises PermissionDenied for outsiders, ValidationError for a date in the future."""
    sides = sides_of(actor, contact)
    if not sides:
        raise PermissionDenied
    if happened_on is not None and happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("An outcome cannot be in the future.")})
    organisation_id = contact.sender_id if contact.sender_id in sides else contact.recipient_id
    outcome, _created = Outcome.objects.update_or_create(
        contact=contact,
        organisation_id=organisation_id,
        kind=kind,
        defaults={"note": note, "happened_on": happened_on, "recorded_by": actor},
    )
    audit_record(actor=actor, action="contact.outcome", obj=outcome.organisation, changes={"outcome": [None, kind]})
    return outcome


@transaction.atomic
def outcome_record_for_meeting(
    *, actor: Any, organisation: Organisation, counterpart: Organisation | None, kind: str, note: str = ""
) -> Outcome:
    """Record what came of a B2B meeting for `organisation` (the events' feedback survey calls
    this); idempotent per organisation, counterpart and kind. Raises ValidationError for an
    unknown kind."""
    if kind not in OutcomeKind.values:
        raise ValidationError({"kind": _("Unknown outcome.")})
    outcome, _created = Outcome.objects.update_or_create(
        contact=None,
        source=OutcomeSource.MEETING,
        organisation=organisation,
        counterpart=counterpart,
        kind=kind,
        defaults={"note": note[:2000], "happened_on": timezone.localdate(), "recorded_by": actor},
    )
    audit_record(actor=actor, action="meeting.outcome", obj=organisation, changes={"outcome": [None, kind]})
    return outcome
