"""Fill in the coordinates of profiles that have none, from the offline gazetteer."""

from __future__ import annotations

from django.db import transaction

from creativeports.common.gazetteer import city_coordinates
from creativeports.directory.models import Organisation

BATCH_SIZE = 1000


def organisations_geocode_missing(*, batch_size: int = BATCH_SIZE) -> tuple[int, int]:
    """Place every profile without coordinates at its city's, flagged approximate.

    Returns (placed, not found). Profiles whose city the gazetteer does not know keep no coordinates.
    Runs in batches, each in its own transaction, so a large register does not hold one long lock.
    """
    placed = not_found = 0
    missing = (
        Organisation.objects.filter(latitude__isnull=True) | Organisation.objects.filter(longitude__isnull=True)
    ).exclude(city="")
    last_pk = 0
    while True:
        rows = list(missing.filter(pk__gt=last_pk).order_by("pk").values_list("pk", "city", "country_id")[:batch_size])
        if not rows:
            break
        last_pk = rows[-1][0]
        updates = []
        for pk, city, country in rows:
            found = city_coordinates(city, country)
            if found is None:
                not_found += 1
                continue
            updates.append(Organisation(pk=pk, latitude=found[0], longitude=found[1], location_approximate=True))
        with transaction.atomic():
            Organisation.objects.bulk_update(updates, ["latitude", "longitude", "location_approximate"])
        placed += len(updates)
    return placed, not_found
