"""Loading the reference data files into the database (idempotent: run it as often as you like)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from creativeports.taxonomy.models import (
    CciDomain,
    Country,
    Language,
    NaceCode,
    Network,
    NetworkMembership,
    OrganisationType,
    Sdg,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def _items(name: str) -> list[dict[str, Any]]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        items: list[dict[str, Any]] = json.load(fh)["items"]
    return items


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    """Create or update every taxonomy from the shipped data files; return counts per taxonomy."""
    for item in _items("countries.json"):
        Country.objects.update_or_create(code=item["code"], defaults={"names": item["names"]})
    for item in _items("languages.json"):
        Language.objects.update_or_create(code=item["code"], defaults={"names": item["names"]})
    for item in _items("networks.json"):
        network, _ = Network.objects.update_or_create(code=item["code"], defaults={"names": item["names"]})
        wanted = {m["country"]: m["role"] for m in item["members"]}
        NetworkMembership.objects.filter(network=network).exclude(country_id__in=wanted).delete()
        for country, role in wanted.items():
            NetworkMembership.objects.update_or_create(network=network, country_id=country, defaults={"role": role})
    domains = _items("cci_domains.json")
    for position, item in enumerate(domains):
        CciDomain.objects.update_or_create(
            code=item["code"],
            defaults={
                "names": item["names"],
                "kind": item["kind"],
                "essnet_no": item.get("essnet_no"),
                "position": position,
                "status": item.get("status", ""),
                "source": item.get("source", ""),
            },
        )
    for item in domains:
        CciDomain.objects.get(code=item["code"]).related.set(item.get("related", []))
    for item in _items("nace_codes.json"):
        nace, _ = NaceCode.objects.update_or_create(
            code=item["code"],
            defaults={
                "names": item["names"],
                "section": item["section"],
                "status": item.get("status", ""),
                "source": item.get("source", ""),
            },
        )
        nace.domains.set(item.get("essnet_domains", []))
    for item in _items("sdgs.json"):
        Sdg.objects.update_or_create(number=item["code"], defaults={"names": item["names"]})
    for position, item in enumerate(_items("organisation_types.json")):
        OrganisationType.objects.update_or_create(
            code=item["code"], defaults={"names": item["names"], "category": item["category"], "position": position}
        )
    return {
        "countries": Country.objects.count(),
        "languages": Language.objects.count(),
        "networks": Network.objects.count(),
        "cci_domains": CciDomain.objects.count(),
        "nace_codes": NaceCode.objects.count(),
        "sdgs": Sdg.objects.count(),
        "organisation_types": OrganisationType.objects.count(),
    }
