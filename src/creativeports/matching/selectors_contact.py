"""Reads of contact between organisations: a person's inbox and one conversation."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from creativeports.directory.permissions import organisation_ids_of
from creativeports.matching.models import ContactRequest
from creativeports.matching.permissions import can_read_contact


def contact_inbox(*, user: Any) -> QuerySet[ContactRequest]:
    """The conversations of the user's organisations, most recently active first."""
    own = organisation_ids_of(user)
    return (
        ContactRequest.objects.filter(Q(sender_id__in=own) | Q(recipient_id__in=own))
        .select_related("sender", "recipient")
        .order_by("-updated", "-id")
    )


def contact_get_visible(*, user: Any, pk: int) -> ContactRequest:
    """One conversation the user may read; missing and forbidden are the same 404."""
    contact = (
        ContactRequest.objects.select_related("sender", "recipient")
        .prefetch_related("messages__author", "outcomes__organisation")
        .filter(pk=pk)
        .first()
    )
    if contact is None or not can_read_contact(user, contact):
        raise Http404("No conversation found.")
    return contact
