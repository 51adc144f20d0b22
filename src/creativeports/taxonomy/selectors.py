"""Reading reference data."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from creativeports.taxonomy.models import Country, NetworkMembership


def network_countries(*, network: str | None = None, include_neighbours: bool = True) -> QuerySet[Country]:
    """The countries of the deployment's network (members first in code order, then neighbours)."""
    roles = [NetworkMembership.Role.MEMBER]
    if include_neighbours:
        roles.append(NetworkMembership.Role.NEIGHBOUR)
    return Country.objects.filter(
        network_memberships__network_id=network or settings.CREATIVEPORTS_NETWORK,
        network_memberships__role__in=roles,
    ).order_by("network_memberships__role", "code")
