"""The person's own account: data export, erasure, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from creativeports.accounts import personal_data
from creativeports.accounts.models import ApiToken, User
from creativeports.common.models import AuditEntry
from creativeports.common.services.audit import audit_record

TOKEN_PREFIX = "cp_"  # noqa: S105  # a public marker that makes tokens recognisable, not a secret


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about the person, as JSON-ready data (GDPR art. 15 and 20)."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_secretariat": user.is_secretariat,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created": t.created.isoformat(),
                "last_used": t.last_used.isoformat() if t.last_used else None,
            }
            for t in user.api_tokens.all()
        ],
        "audit_log_entries_by_you": [
            {"when": e.created.isoformat(), "action": e.action, "object": e.object_repr}
            for e in AuditEntry.objects.filter(actor=user).order_by("created")
        ],
    }
    for section, exporter in personal_data.exporters().items():
        data[section] = exporter(user)
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Erase the account (GDPR art. 17). Each app's eraser runs first; see docs/privacy.md for the rules."""
    for eraser in personal_data.erasers().values():
        eraser(user)
    audit_record(actor=None, action="account.delete", obj=user, changes={})
    # The entry above is about the account, not the person: it keeps no name or address.
    AuditEntry.objects.filter(action="account.delete", object_id=str(user.pk)).update(object_repr="deleted account")
    user.delete()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns the model and the secret, which is never stored or shown again."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "API", prefix=secret[:10], key_hash=_hash(secret)
    )
    audit_record(actor=user, action="api_token.create", obj=user, changes={"token": [None, token.prefix]})
    return token, secret


def api_token_authenticate(*, secret: str) -> User | None:
    """The active user a token belongs to, or None. Records when the token was last used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(secret)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> bool:
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0
