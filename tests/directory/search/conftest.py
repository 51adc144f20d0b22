"""Fixtures of the search tests: a small register with texts in the region's languages."""

from __future__ import annotations

from typing import Any

import pytest

from creativeports.directory.models import Organisation
from creativeports.taxonomy.models import Country, OrganisationType
from tests.factories import OrganisationFactory


def make(name: str, *, country: str = "PL", type: str = "company", **fields: Any) -> Organisation:
    """An organisation with only the texts given (the factory's default texts would match too much)."""
    texts = {"city": "", "description": "", "offers": "", "needs": "", **fields}
    return OrganisationFactory(
        name=name,
        country=Country.objects.get(code=country),
        type=OrganisationType.objects.get(code=type),
        **texts,
    )


@pytest.fixture
def register(db: Any) -> dict[str, Organisation]:
    """Organisations whose texts carry diacritics of Polish, Swedish, Lithuanian, German, Latvian, Estonian."""
    return {
        "amber": make("Amber Games", city="Gdańsk", description="Wir entwickeln Brettspiele."),
        "malmo": make("Öresund Sound", country="SE", city="Malmö", description="Musikproduktion för film."),
        "klaipeda": make(
            "Jūrų kūrybinė dirbtuvė",
            country="LT",
            city="Klaipėda",
            description="Kūrybinė dirbtuvė uostamiestyje.",
            offers="Garso įrašai",
        ),
        "koln": make(
            "Kunstverein Nord", country="DE", city="Lübeck", description="Künstlerinnen und Künstler der Ostsee."
        ),
        "riga": make("Rīgas dizaina birojs", country="LV", city="Rīga", needs="Partneri ražošanai"),
        "tartu": make("Tartu Loomelabor", country="EE", city="Tartu", offers="Näitused ja töötoad"),
        "designers": make("Northern Designers Collective", country="FI", city="Turku"),
    }
