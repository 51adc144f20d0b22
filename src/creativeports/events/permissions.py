"""Who may see and manage events: the one place these rules live (pages, API and feeds ask here)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from creativeports.accounts.roles import is_member, is_secretariat
from creativeports.directory.enums import MembershipRole
from creativeports.directory.permissions import organisation_ids_of
from creativeports.events.models import Event, Registration


def managed_organisation_ids(user: Any) -> set[int]:
    return organisation_ids_of(user, role=MembershipRole.ADMIN)


def visible_events_q(user: Any) -> Q:
    """Published events for their audience; drafts and cancelled ones also to their organisers."""
    if is_secretariat(user):
        return Q()
    audiences = [Event.Audience.PUBLIC, Event.Audience.MEMBERS] if is_member(user) else [Event.Audience.PUBLIC]
    condition = Q(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED], audience__in=audiences)
    managed = managed_organisation_ids(user)
    if managed:
        condition |= Q(organiser_links__organisation_id__in=managed)
    return condition


def can_manage_event(user: Any, event: Event) -> bool:
    """The secretariat and the admins of an organising organisation."""
    if is_secretariat(user):
        return True
    managed = managed_organisation_ids(user)
    return bool(managed) and event.organiser_links.filter(organisation_id__in=managed).exists()


def can_see_join_link(user: Any, event: Event) -> bool:
    """Stream and meeting links are for confirmed participants and the organisers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_manage_event(user, event):
        return True
    return Registration.objects.filter(event=event, user=user, status=Registration.Status.CONFIRMED).exists()
