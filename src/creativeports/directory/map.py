"""The map of the region: its page, and the GeoJSON its markers come from.

The data endpoint answers with the same organisations as the directory (same reader, same
filters). It must stay small at 100,000 organisations: rows come from `values_list` (no model
instances, no per-row templates), coordinates are rounded to 4 decimals (about 10 m), properties
use one-letter keys, and above CLUSTER_THRESHOLD points the database groups them into the cells of
a grid over the requested box, each sent as one point with a count; the page then asks again for
the box in view whenever the reader pans or zooms.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, F, QuerySet
from django.db.models.functions import Floor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from creativeports.directory import selectors
from creativeports.directory.models import Organisation
from creativeports.taxonomy.models import CciDomain, OrganisationType
from creativeports.taxonomy.selectors import network_countries

# Above this many points in the box, send grid cells with counts instead of points.
CLUSTER_THRESHOLD = 5000
# Cells along the longer side of the box: at most GRID_CELLS² cells, a few hundred kB at worst.
GRID_CELLS = 48
# West, south, east, north: the box the outlines cover (scripts/build_map_outlines.py).
REGION = (-32.0, 46.0, 50.0, 72.0)
DECIMALS = 4


# The directory's filters that take several values (?country=LT&country=LV).


def parse_bbox(value: str) -> tuple[float, float, float, float] | None:
    """ "west,south,east,north" in degrees, or None when absent or not a sensible box."""
    parts = value.split(",")
    if len(parts) != 4:
        return None
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        return None
    west, east = max(west, -180.0), min(east, 180.0)
    south, north = max(south, -90.0), min(north, 90.0)
    if west >= east or south >= north:
        return None
    return west, south, east, north


def _located(request: HttpRequest) -> QuerySet[Organisation]:
    organisations = selectors.organisation_filter(
        selectors.organisation_list_visible(user=request.user), **selectors.directory_filters_from_query(request.GET)
    )
    # Rows here are tuples and aggregates: nothing to prefetch.
    return organisations.prefetch_related(None).filter(latitude__isnull=False, longitude__isnull=False)


def _in_box(organisations: QuerySet[Organisation], box: tuple[float, float, float, float]) -> QuerySet[Organisation]:
    west, south, east, north = box
    return organisations.filter(longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north)


def _grid(organisations: QuerySet[Organisation], box: tuple[float, float, float, float]) -> list[dict[str, Any]]:
    """One feature per non-empty grid cell: at the mean position of its points, with their count."""
    if organisations.query.distinct:
        # GROUP BY over a DISTINCT join would count an organisation once per matching domain.
        organisations = Organisation.objects.filter(pk__in=organisations.values("pk"))
    west, south, east, north = box
    cell = max(east - west, north - south) / GRID_CELLS
    cells = (
        organisations.order_by()
        .annotate(gx=Floor((F("longitude") - west) / cell), gy=Floor((F("latitude") - south) / cell))
        .values("gx", "gy")
        .annotate(k=Count("pk"), lon=Avg("longitude"), lat=Avg("latitude"))
        .values_list("k", "lon", "lat")
    )
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon, DECIMALS), round(lat, DECIMALS)]},
            "properties": {"k": k},
        }
        for k, lon, lat in cells
    ]


def _points(organisations: QuerySet[Organisation]) -> list[dict[str, Any]]:
    prefix = reverse("directory:organisation.detail", args=["-"])[:-2]
    rows = organisations.order_by("pk").values_list(
        "pk", "name", "type_id", "country_id", "slug", "latitude", "longitude", "location_approximate"
    )
    return [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [round(lon, DECIMALS), round(lat, DECIMALS)]},
            # n name, t type code, c country code, u page, a approximate (city's coordinates).
            "properties": {"n": name, "t": type_id, "c": country_id, "u": f"{prefix}{slug}/", "a": int(approximate)},
        }
        for pk, name, type_id, country_id, slug, lat, lon, approximate in rows
    ]


@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    """GeoJSON FeatureCollection of the organisations the reader may see, with the directory's filters.

    `bbox=west,south,east,north` limits it to a box. `clustered` tells whether the features are grid
    cells (`k`: how many organisations) rather than organisations.
    """
    bbox_param = request.GET.get("bbox", "")
    box = parse_bbox(bbox_param) if bbox_param else REGION
    if box is None:
        return JsonResponse(
            {
                "detail": _("The request has errors."),
                "errors": [{"field": "bbox", "message": _("Give the box as west,south,east,north in degrees.")}],
            },
            status=400,
        )
    organisations = _located(request)
    if bbox_param:
        organisations = _in_box(organisations, box)
    count = organisations.count()
    clustered = count > CLUSTER_THRESHOLD
    features = _grid(organisations, box) if clustered else _points(organisations)
    return JsonResponse(
        {"type": "FeatureCollection", "count": count, "clustered": clustered, "features": features},
        json_dumps_params={"separators": (",", ":"), "ensure_ascii": False},
    )


@require_GET
def organisation_map(request: HttpRequest) -> HttpResponse:
    args = selectors.directory_filters_from_query(request.GET)
    params = request.GET.copy()
    params.pop("bbox", None)
    return render(
        request,
        "directory/organisation_map.html",
        {
            "filters": args,
            "query": params.urlencode(),
            "countries": network_countries(),
            "types": OrganisationType.objects.all(),
            "domains": CciDomain.objects.all(),
            "tiles": settings.CREATIVEPORTS_MAP_TILES,
            "tiles_attribution": settings.CREATIVEPORTS_MAP_TILES_ATTRIBUTION,
        },
    )
