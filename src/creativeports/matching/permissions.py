"""Who may do what in matching: write for an organisation, read a conversation, dismiss."""

from __future__ import annotations

from typing import Any

from creativeports.accounts.roles import is_secretariat
from creativeports.directory.models import Organisation
from creativeports.directory.permissions import organisation_ids_of
from creativeports.matching.models import ContactRequest


def can_act_for(user: Any, organisation: Organisation) -> bool:
    """Its people (any role) contact others, reply, block and record outcomes for it."""
    return organisation.pk in organisation_ids_of(user) and organisation.merged_into_id is None


def sides_of(user: Any, contact: ContactRequest) -> set[int]:
    """The sides (organisation ids) of the conversation the user belongs to."""
    return {contact.sender_id, contact.recipient_id} & organisation_ids_of(user)


def can_read_contact(user: Any, contact: ContactRequest) -> bool:
    """The people of both sides; the secretariat once someone reported the conversation."""
    return bool(sides_of(user, contact)) or (is_secretariat(user) and contact.reports.exists())
