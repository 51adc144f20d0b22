"""Who may see and do what with organisations. Pages, API, admin, exports and search all ask here.

Roles:
- anonymous visitors read public profiles and public fields;
- members (any signed-in person) also read profiles and fields shared with members;
- people of an organisation (Membership) read its private fields; its admins edit it and manage people;
- intermediaries and public authorities are people of organisations of those categories
  (roles follow from data, see `user_roles`);
- the secretariat and superusers moderate everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from creativeports.accounts.roles import is_member, is_secretariat
from creativeports.common.enums import Visibility
from creativeports.directory.enums import MembershipRole
from creativeports.directory.models import Membership, Organisation
from creativeports.taxonomy.models import OrganisationType


def organisation_ids_of(user: Any, *, role: str | None = None) -> set[int]:
    """Ids of the organisations the user belongs to (cached on the user object per request)."""
    if not is_member(user):
        return set()
    cache: dict[str | None, set[int]] = user.__dict__.setdefault("_organisation_ids", {})
    if role not in cache:
        memberships = Membership.objects.filter(user=user)
        if role is not None:
            memberships = memberships.filter(role=role)
        cache[role] = set(memberships.values_list("organisation_id", flat=True))
    return cache[role]


@dataclass(frozen=True)
class VisibleScope:
    """Which organisations a reader may see: everything, or live profiles shared with one of
    `audiences` plus the reader's own organisations (whatever their visibility).

    The one statement of the rule; `visible_organisations_q` turns it into SQL and the directory's
    in-memory listing (directory.listing) into a mask, so both always agree.
    """

    everything: bool
    audiences: tuple[str, ...] = ()
    own: frozenset[int] = frozenset()


def visible_scope(user: Any) -> VisibleScope:
    if is_secretariat(user):
        return VisibleScope(everything=True)
    audiences = (Visibility.PUBLIC, Visibility.MEMBERS) if is_member(user) else (Visibility.PUBLIC,)
    return VisibleScope(
        everything=False, audiences=tuple(str(a) for a in audiences), own=frozenset(organisation_ids_of(user))
    )


def visible_organisations_q(user: Any) -> Q:
    """The filter for organisations the user may see at all, for any queryset of Organisation."""
    scope = visible_scope(user)
    if scope.everything:
        return Q()
    condition = Q(profile_visibility__in=scope.audiences, merged_into__isnull=True)
    if scope.own:
        condition |= Q(pk__in=scope.own)
    return condition


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    if is_secretariat(user) or organisation.pk in organisation_ids_of(user):
        return True
    if organisation.merged_into_id is not None:
        return False
    return can_see_audience(user, organisation, organisation.profile_visibility)


def can_see_audience(user: Any, organisation: Organisation, audience: str) -> bool:
    """Whether the user belongs to the audience a field (or profile) is shared with."""
    if audience == Visibility.PUBLIC:
        return True
    if audience == Visibility.MEMBERS and is_member(user):
        return True
    return is_secretariat(user) or organisation.pk in organisation_ids_of(user)


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    return is_secretariat(user) or organisation.pk in organisation_ids_of(user, role=MembershipRole.ADMIN)


def can_manage_people(user: Any, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)


def importable_intermediaries(user: Any) -> list[Organisation]:
    """The intermediaries whose members this person may import: those they are an admin of."""
    if not is_member(user):
        return []
    # One join, whatever the memberships: the pages that ask (the dashboard links the import page)
    # keep the same number of queries for every member.
    return list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__role=MembershipRole.ADMIN,
            type__category=OrganisationType.Category.INTERMEDIARY,
            merged_into__isnull=True,
        )
        .distinct()
        .order_by("name")
    )


def can_import(user: Any) -> bool:
    """The import page: the secretariat (anything), and intermediaries' admins (their own members)."""
    return is_secretariat(user) or bool(importable_intermediaries(user))


def can_import_for(user: Any, intermediary: Organisation | None) -> bool:
    """Importing on behalf of `intermediary` (None: for the register as a whole, secretariat only)."""
    if intermediary is None:
        return is_secretariat(user)
    if intermediary.type.category != OrganisationType.Category.INTERMEDIARY:
        return False
    return is_secretariat(user) or intermediary.pk in organisation_ids_of(user, role=MembershipRole.ADMIN)


def can_moderate(user: Any) -> bool:
    """Verify organisations, merge duplicates, read the audit log."""
    return is_secretariat(user)


def user_roles(user: Any) -> list[str]:
    """The roles a person holds, derived from their account and memberships (for display and checks)."""
    if not is_member(user):
        return []
    roles: list[str] = []
    memberships = list(Membership.objects.filter(user=user).select_related("organisation__type"))
    if memberships:
        roles.append("member")
    if any(m.role == MembershipRole.ADMIN for m in memberships):
        roles.append("org_admin")
    categories = {m.organisation.type.category for m in memberships}
    if OrganisationType.Category.INTERMEDIARY in categories:
        roles.append("intermediary")
    if OrganisationType.Category.AUTHORITY in categories:
        roles.append("authority")
    if user.is_secretariat:
        roles.append("secretariat")
    if user.is_superuser:
        roles.append("superuser")
    return roles
