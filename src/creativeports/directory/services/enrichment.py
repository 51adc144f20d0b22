"""What the register adds to bulk-written profiles after the fact, in the background: the language
of each text (Lingua, about a millisecond per text) and, for profiles with a city but no
coordinates, the city's coordinates from the offline gazetteer, flagged approximate.

A profile saved through the services gets both at once; an import of thousands of rows would spend
most of its time here, so it queues `organisations_enrich_task` (directory.tasks) for what it wrote.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from creativeports.common.gazetteer import city_coordinates
from creativeports.common.languages import detect_languages
from creativeports.directory.enums import TEXT_FIELDS
from creativeports.directory.models import Organisation
from creativeports.directory.signals import text_languages_detected_on_commit

# The first sentences tell a text's language as well as the whole text does, and the detector's
# time grows with the length: detecting on a prefix keeps long descriptions cheap.
LANGUAGE_SAMPLE = 300
BATCH_SIZE = 1000
UPDATE_BATCH_SIZE = 50


def language_sample(text: str) -> str:
    return text if len(text) <= LANGUAGE_SAMPLE else text[:LANGUAGE_SAMPLE].rsplit(" ", 1)[0]


def _enrich_batch(organisations: list[Organisation], languages_found: set[int]) -> list[str]:
    """Fill in languages and approximate coordinates on the instances; return the fields changed.
    Adds to `languages_found` the organisations that got a text's language."""
    changed: set[str] = set()
    pending = [
        (organisation, name)
        for organisation in organisations
        for name in TEXT_FIELDS
        if (getattr(organisation, name) or "").strip() and not getattr(organisation, f"{name}_lang")
    ]
    codes = detect_languages([language_sample(getattr(o, name)) for o, name in pending])
    for (organisation, name), code in zip(pending, codes, strict=True):
        if code:
            setattr(organisation, f"{name}_lang", code)
            changed.add(f"{name}_lang")
            languages_found.add(organisation.pk)
    for organisation in organisations:
        if organisation.latitude is None and organisation.longitude is None and organisation.city:
            found = city_coordinates(organisation.city, organisation.country_id)
            if found is not None:
                organisation.latitude, organisation.longitude = found
                organisation.location_approximate = True
                changed |= {"latitude", "longitude", "location_approximate"}
    return sorted(changed)


def organisations_enrich(*, ids: Sequence[int]) -> int:
    """Detect unknown text languages and place profiles without coordinates at their city, for
    these organisations; returns how many changed. Batches commit one by one (no long lock)."""
    fields = ["city", "country_id", "latitude", "longitude", *TEXT_FIELDS, *(f"{n}_lang" for n in TEXT_FIELDS)]
    updated = 0
    languages_found: set[int] = set()
    wanted = sorted({int(i) for i in ids})
    for start in range(0, len(wanted), BATCH_SIZE):
        organisations = list(Organisation.objects.filter(pk__in=wanted[start : start + BATCH_SIZE]).only(*fields))
        changed = _enrich_batch(organisations, languages_found)
        if changed:
            with transaction.atomic():
                # bulk_update writes one CASE per field with a branch per row: small statements keep
                # that linear (a thousand branches per CASE made it quadratic).
                Organisation.objects.bulk_update(organisations, changed, batch_size=UPDATE_BATCH_SIZE)
            updated += len(organisations)
    # Once for the whole call: a receiver may have every process reload what it computed from them.
    text_languages_detected_on_commit(languages_found)
    return updated
