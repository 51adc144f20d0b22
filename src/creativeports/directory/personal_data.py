"""What the directory holds about a person, and what erasing their account does to it.

Erasure rules (also in docs/privacy.md and on the delete-account page):
- organisations of which the person is the only member are deleted with the account;
- where others remain and the person was the only admin, the longest-standing member becomes admin;
- invitations addressed to the person are deleted; invitations they sent stay, without the sender;
- audit log entries they wrote stay, without the author.
"""

from __future__ import annotations

from typing import Any

from creativeports.directory.enums import MembershipRole
from creativeports.directory.models import Invitation, Membership
from creativeports.directory.services.organisation import organisation_delete, organisation_snapshot


def directory_export(user: Any) -> dict[str, Any]:
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    return {
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "since": m.created.isoformat(),
                # People of an organisation may read all of its profile, private fields included.
                "profile": organisation_snapshot(m.organisation),
            }
            for m in memberships
        ],
        "invitations_sent": [
            {"organisation": i.organisation.name, "email": i.email, "sent": i.created.isoformat()}
            for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
    }


def directory_erase(user: Any) -> None:
    for membership in Membership.objects.filter(user=user).select_related("organisation"):
        organisation = membership.organisation
        others = organisation.memberships.exclude(user=user).order_by("created")
        if not others.exists():
            organisation_delete(actor=None, organisation=organisation)
        elif membership.role == MembershipRole.ADMIN and not others.filter(role=MembershipRole.ADMIN).exists():
            others.filter(pk=others.first().pk).update(role=MembershipRole.ADMIN)  # type: ignore[union-attr]  # exists() checked above
    Invitation.objects.filter(email__iexact=user.email).delete()
