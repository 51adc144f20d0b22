"""Reading reference data."""

from __future__ import annotations

from collections.abc import Iterable

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


def network_countries_and(codes: Iterable[str]) -> list[Country]:
    """The network's countries, then those of `codes` outside it, in code order: a filter offers
    the network first, and still shows a country it was given (a link from elsewhere, an
    organisation registered abroad)."""
    countries = list(network_countries())
    known = {country.code for country in countries}
    others = {code for code in codes if code and code not in known}
    return countries + list(Country.objects.filter(code__in=others).order_by("code")) if others else countries
