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

import numpy as np
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from creativeports.common.page_cache import cache_public_page
from creativeports.directory import permissions, selectors
from creativeports.directory.listing import Filters, Snapshot
from creativeports.directory.listing.changes import directory_version
from creativeports.directory.models import Organisation
from creativeports.taxonomy.models import CciDomain, OrganisationType
from creativeports.taxonomy.selectors import network_countries_and

# Above this many points in the box, send grid cells with counts instead of points.
CLUSTER_THRESHOLD = 5000
# Cells along the longer side of the box: at most GRID_CELLS² cells, a few hundred kB at worst.
GRID_CELLS = 48
# West, south, east, north: the box the outlines cover (scripts/build_map_outlines.py).
REGION = (-32.0, 46.0, 50.0, 72.0)
DECIMALS = 4


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


def _located(request: HttpRequest, box: tuple[float, float, float, float] | None) -> tuple[np.ndarray, Snapshot]:
    """Row positions of the organisations the reader may see, with the directory's filters, that have
    coordinates (inside `box` when given)."""
    result, _counts = selectors.organisation_listing(
        user=request.user, filters=selectors.directory_filters_from_query(request.GET)
    )
    snapshot, rows = result.snapshot, np.sort(result.order)
    lon, lat = snapshot.longitude[rows], snapshot.latitude[rows]
    if box is None:
        return rows[~np.isnan(lon) & ~np.isnan(lat)], snapshot
    west, south, east, north = box
    # NaN (no coordinates) fails every comparison, so those rows drop out here too.
    inside = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
    return rows[inside], snapshot


def _grid(snapshot: Snapshot, rows: np.ndarray, box: tuple[float, float, float, float]) -> list[dict[str, Any]]:
    """One feature per non-empty grid cell: at the mean position of its points, with their count."""
    west, south, east, north = box
    cell = max(east - west, north - south) / GRID_CELLS
    lon, lat = snapshot.longitude[rows], snapshot.latitude[rows]
    gx = np.floor((lon - west) / cell).astype(np.int64)
    gy = np.floor((lat - south) / cell).astype(np.int64)
    if not len(rows):
        return []
    # Points outside the box (when no box was asked for) get cells beyond the grid: shifting by the
    # minimum keeps one integer key per cell whatever the range.
    gx, gy = gx - gx.min(), gy - gy.min()
    cells, which = np.unique(gy * (int(gx.max()) + 1) + gx, return_inverse=True)
    counts = np.bincount(which, minlength=len(cells))
    mean_lon = np.bincount(which, weights=lon, minlength=len(cells)) / counts
    mean_lat = np.bincount(which, weights=lat, minlength=len(cells)) / counts
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(float(x), DECIMALS), round(float(y), DECIMALS)]},
            "properties": {"k": int(k)},
        }
        for k, x, y in zip(counts, mean_lon, mean_lat, strict=True)
    ]


def _points(request: HttpRequest, ids: np.ndarray) -> list[dict[str, Any]]:
    prefix = reverse("directory:organisation.detail", args=["-"])[:-2]
    rows = (
        Organisation.objects.filter(permissions.visible_organisations_q(request.user), pk__in=[int(i) for i in ids])
        .order_by("pk")
        .values_list("pk", "name", "type_id", "country_id", "slug", "latitude", "longitude", "location_approximate")
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
        if lat is not None and lon is not None
    ]


@require_GET
@cache_public_page("directory.map", directory_version)
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
    rows, snapshot = _located(request, box if bbox_param else None)
    count = len(rows)
    clustered = count > CLUSTER_THRESHOLD
    features = _grid(snapshot, rows, box) if clustered else _points(request, snapshot.ids[rows])
    return JsonResponse(
        {"type": "FeatureCollection", "count": count, "clustered": clustered, "features": features},
        json_dumps_params={"separators": (",", ":"), "ensure_ascii": False},
    )


# The filters the map's form has a control for (one value each); the directory's others are kept.
MAP_CONTROLS = ("country", "type", "domain")


def map_form_state(filters: Filters) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The value of each of the map form's selects, and the rest of a directory filter (a region, a
    language, a second country...) as hidden fields: a list opened on the map keeps its filter."""
    chosen = {name: next(iter(getattr(filters, name)), "") for name in MAP_CONTROLS}
    kept: list[tuple[str, str]] = []
    for name in selectors.DIRECTORY_MULTI_FILTERS:
        values = [str(value) for value in getattr(filters, name)]
        kept.extend((name, value) for value in (values[1:] if name in MAP_CONTROLS else values))
    if filters.verified:
        kept.append(("verified", "1"))
    return chosen, kept


@require_GET
def organisation_map(request: HttpRequest) -> HttpResponse:
    args = selectors.directory_filters_from_query(request.GET)
    chosen, kept = map_form_state(args)
    params = request.GET.copy()
    params.pop("bbox", None)
    return render(
        request,
        "directory/organisation_map.html",
        {
            "filters": args,
            "chosen": chosen,
            "kept": kept,
            "query": params.urlencode(),
            "countries": network_countries_and([chosen["country"]]),
            "types": OrganisationType.objects.all(),
            "domains": CciDomain.objects.all(),
            "tiles": settings.CREATIVEPORTS_MAP_TILES,
            "tiles_attribution": settings.CREATIVEPORTS_MAP_TILES_ATTRIBUTION,
        },
    )
