"""The people of an organisation to email (sending: common.mail.mail_on_commit)."""

from __future__ import annotations

from typing import Any

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
