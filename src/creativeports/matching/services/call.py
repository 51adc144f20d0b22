"""Partner calls: post one, close it, express interest in one, answer the interested."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from creativeports.common.mail import mail_on_commit
from creativeports.common.services.audit import audit_record
from creativeports.directory.models import Organisation
from creativeports.matching.models import CallInterest, PartnerCall
from creativeports.matching.permissions import can_act_for
from creativeports.matching.services.notify import organisation_emails


@transaction.atomic
def partner_call_create(
    *,
    actor: Any,
    organisation: Organisation,
    title: str,
    description: str,
    deadline: dt.date,
    partners_wanted: int = 1,
    programme: str = "",
    countries: Sequence[Any] = (),
    domains: Sequence[Any] = (),
    types: Sequence[Any] = (),
) -> PartnerCall:
    """Post a call for `organisation`. Raises PermissionDenied when the actor may not act for it,
    ValidationError for a deadline in the past. Writes the audit log."""
    if not can_act_for(actor, organisation):
        raise PermissionDenied
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline has passed already.")})
    call = PartnerCall(
        organisation=organisation,
        title=title,
        description=description,
        programme=programme,
        deadline=deadline,
        partners_wanted=partners_wanted,
        created_by=actor,
    )
    call.full_clean()
    call.save()
    call.countries.set(countries)
    call.domains.set(domains)
    call.types.set(types)
    audit_record(actor=actor, action="call.create", obj=organisation, changes={"call": [None, call.pk]})
    return call


@transaction.atomic
def partner_call_close(*, actor: Any, call: PartnerCall) -> None:
    """Stop taking interest; the call stays readable. Raises PermissionDenied for non-owners."""
    if not can_act_for(actor, call.organisation):
        raise PermissionDenied
    call.status = PartnerCall.Status.CLOSED
    call.save(update_fields=["status"])
    audit_record(actor=actor, action="call.close", obj=call.organisation, changes={"call": [call.pk, None]})


@transaction.atomic
def call_interest_create(*, actor: Any, call: PartnerCall, organisation: Organisation, message: str) -> CallInterest:
    """`organisation` is interested in `call`. Raises PermissionDenied when the actor may not act
    for it; ValidationError for one's own call, a closed call or a second expression. Emails the
    call's owner."""
    if not can_act_for(actor, organisation):
        raise PermissionDenied
    if organisation.pk == call.organisation_id:
        raise ValidationError(_("This is your own call."), code="own")
    if not call.is_open:
        raise ValidationError(_("This call is closed."), code="closed")
    if CallInterest.objects.filter(call=call, organisation=organisation).exists():
        raise ValidationError(_("Your organisation has expressed interest already."), code="twice")
    interest = CallInterest.objects.create(call=call, organisation=organisation, message=message, created_by=actor)
    audit_record(actor=actor, action="call.interest", obj=organisation, changes={"call": [None, call.pk]})
    emails = organisation_emails(call.organisation, exclude=actor)
    mail_on_commit(emails, "matching/email/call_interest", {"call": call, "interest": interest})
    return interest


@transaction.atomic
def call_interest_answer(*, actor: Any, interest: CallInterest, status: str, answer: str = "") -> CallInterest:
    """The call's owner shortlists or declines an interested organisation, with an answer the
    organisation is emailed about. Raises PermissionDenied for anyone else."""
    if not can_act_for(actor, interest.call.organisation):
        raise PermissionDenied
    if status not in (CallInterest.Status.SHORTLISTED, CallInterest.Status.DECLINED):
        raise ValidationError({"status": _("Choose to shortlist or to decline.")})
    interest.status, interest.answer = status, answer
    interest.save(update_fields=["status", "answer", "updated"])
    audit_record(
        actor=actor, action="call.answer", obj=interest.call.organisation, changes={"interest": [None, status]}
    )
    emails = organisation_emails(interest.organisation, exclude=actor)
    mail_on_commit(emails, "matching/email/call_answer", {"call": interest.call, "interest": interest})
    return interest
