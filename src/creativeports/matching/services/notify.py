"""Email to the people of an organisation, sent once the transaction commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from creativeports.accounts.models import User
from creativeports.directory.models import Membership, Organisation


def organisation_emails(organisation: Organisation, *, exclude: Any = None) -> list[str]:
    """The addresses of the organisation's active people (but `exclude`, the person acting)."""
    users = User.objects.filter(
        pk__in=Membership.objects.filter(organisation=organisation).values("user_id"), is_active=True
    )
    if exclude is not None and getattr(exclude, "pk", None) is not None:
        users = users.exclude(pk=exclude.pk)
    return sorted(users.values_list("email", flat=True))


def mail_on_commit(emails: Sequence[str], template: str, context: dict[str, Any]) -> None:
    """Render matching/email/<template>_subject.txt and <template>.txt and send them on commit."""
    if not emails:
        return
    context = {**context, "site_url": settings.SITE_URL}
    subject = render_to_string(f"matching/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"matching/email/{template}.txt", context)
    recipients = list(emails)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
