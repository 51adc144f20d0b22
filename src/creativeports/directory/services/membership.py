"""People of organisations: invitations by email, accepting them, roles, leaving."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from creativeports.common.services.audit import audit_record
from creativeports.directory.enums import MembershipRole
from creativeports.directory.models import Invitation, Membership, Organisation

INVITATION_VALID_FOR = timedelta(days=14)
# An admin can have this many invitations open at once: enough for a team, too few to spam with.
MAX_OPEN_INVITATIONS = 50


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *, actor: Any, organisation: Organisation, email: str, role: str = MembershipRole.MEMBER
) -> Invitation:
    """Invite a person by email. Sends the email after commit.

    Raises ValidationError when the person already belongs to the organisation, when an open
    invitation for the address exists, or when too many invitations are open.
    """
    email = email.strip().lower()
    with transaction.atomic():
        if organisation.memberships.filter(user__email__iexact=email).exists():
            raise ValidationError({"email": _("This person already belongs to the organisation.")})
        open_invitations = organisation.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        if open_invitations.filter(email__iexact=email).exists():
            raise ValidationError({"email": _("An invitation to this address is already waiting to be accepted.")})
        if open_invitations.count() >= MAX_OPEN_INVITATIONS:
            raise ValidationError(_("Too many invitations are open; revoke some before sending more."))
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            token_hash=_token_hash(token),
            invited_by=actor,
            expires_at=timezone.now() + INVITATION_VALID_FOR,
        )
        audit_record(actor=actor, action="invitation.create", obj=organisation, changes={"invited": [None, role]})
        url = settings.SITE_URL + reverse("directory:invitation.accept", kwargs={"token": token})
        context = {"invitation": invitation, "url": url, "inviter": actor, "organisation": organisation}
        subject = _("%(organisation)s invites you to Creative Ports") % {"organisation": organisation.name}
        body = render_to_string("directory/email/invitation.txt", context)
        transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation


def invitation_get_by_token(*, token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation", "invited_by").filter(token_hash=_token_hash(token)).first()


@transaction.atomic
def invitation_accept(*, user: Any, token: str) -> Membership:
    """Join the organisation of an open invitation sent to one of the user's verified addresses.

    Raises ValidationError when the invitation is unknown, used, revoked or expired, or addressed
    to someone else.
    """
    invitation = Invitation.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
    if invitation is None or not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid. Ask for a new one."))
    verified = EmailAddress.objects.filter(user=user, verified=True, email__iexact=invitation.email).exists()
    if not verified:
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address (verified) to accept it.")
            % {"email": invitation.email}
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created and invitation.role == MembershipRole.ADMIN and membership.role != MembershipRole.ADMIN:
        membership.role = MembershipRole.ADMIN
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user, action="membership.join", obj=invitation.organisation, changes={"member": [None, membership.role]}
    )
    return membership


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="invitation.revoke", obj=invitation.organisation, changes={})


def _ensure_an_admin_remains(organisation: Organisation, *, without: Membership) -> None:
    others = organisation.memberships.exclude(pk=without.pk).filter(role=MembershipRole.ADMIN)
    if without.role == MembershipRole.ADMIN and not others.exists():
        raise ValidationError(_("An organisation needs at least one admin. Make someone else admin first."))


@transaction.atomic
def membership_set_role(*, actor: Any, membership: Membership, role: str) -> Membership:
    """Change a person's role. Raises ValidationError if that would leave the organisation without admins."""
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role != MembershipRole.ADMIN:
        _ensure_an_admin_remains(membership.organisation, without=membership)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(actor=actor, action="membership.role", obj=membership.organisation, changes={"role": [old, role]})
    return membership


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    """Remove a person from an organisation (or leave it). Keeps at least one admin."""
    _ensure_an_admin_remains(membership.organisation, without=membership)
    organisation = membership.organisation
    membership.delete()
    audit_record(actor=actor, action="membership.remove", obj=organisation, changes={})
