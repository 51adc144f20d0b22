"""Build the map's offline base layer: country outlines of the region as one small GeoJSON file.

Why: the map must work without a tile server (closed networks, no third-party requests), so it
draws country outlines that ship with the project. They come from Natural Earth (public domain),
1:50m admin-0 countries, as redistributed in TopoJSON by the npm package world-atlas.

What it writes: src/creativeports/static/geo/region-countries.geojson - a FeatureCollection of the
countries that touch the region's box (REGION below), each clipped to that box, coordinates
rounded to 3 decimals (about 100 m, finer than the 1:50m source), with properties {"name": ...}.
Each country comes twice: its area (a MultiPolygon, filled without an outline) and its coasts and
borders (a MultiLineString, drawn), so that the straight cuts along the box are not drawn as lines.

How to rerun (needs npm only to fetch the package; the decoding is plain Python):

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/build_map_outlines.py /tmp/package/countries-50m.json
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

SOURCE = "Natural Earth 1:50m admin-0 countries (public domain), via npm world-atlas 2.0.2 (countries-50m.json)"
# West, south, east, north: beyond Iceland to beyond Moscow, the south of Germany to the North Cape.
REGION = (-32.0, 46.0, 50.0, 72.0)
DECIMALS = 3
OUTPUT = Path(__file__).resolve().parents[1] / "src/creativeports/static/geo/region-countries.geojson"

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """The topology's arcs as absolute longitude/latitude (TopoJSON quantises and delta-encodes them)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_from_arcs(arc_indexes: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for index in arc_indexes:
        # A negative index (~i) means arc i reversed; consecutive arcs share their joining point.
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)
    # Rings crossing the antimeridian (Russia's) jump from 180 to -180: unwrap them, or the jump
    # becomes a straight line across the whole map once clipped.
    unwrapped: Ring = ring[:1]
    for x, y in ring[1:]:
        previous_x = unwrapped[-1][0]
        while x - previous_x > 180:
            x -= 360
        while x - previous_x < -180:
            x += 360
        unwrapped.append((x, y))
    return unwrapped


def clip_ring(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland-Hodgman against the box; good enough for outlines drawn on a map."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    ]
    output = ring
    for inside, cross in edges:
        if not output:
            break
        points, output = output, []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    output.append(cross(previous, point))
                output.append(point)
            elif inside(previous):
                output.append(cross(previous, point))
            previous = point
    return output


def _cross_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _rounded(ring: Ring) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])  # GeoJSON rings are closed
    return out


def _on_box_edge(a: list[float], b: list[float]) -> bool:
    """Whether the segment a-b runs along one side of the box (a cut made by the clipping)."""
    west, south, east, north = (round(v, DECIMALS) for v in REGION)
    return any(a[i] == b[i] == edge for i, edge in ((0, west), (0, east), (1, south), (1, north)))


def border_lines(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    """The rings' segments without those along the box, as polylines."""
    lines: list[list[list[float]]] = []
    for ring in rings:
        current: list[list[float]] = []
        for a, b in itertools.pairwise(ring):
            if _on_box_edge(a, b):
                if len(current) >= 2:
                    lines.append(current)
                current = []
                continue
            if not current:
                current = [a]
            current.append(b)
        if len(current) >= 2:
            lines.append(current)
    return lines


def build(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        clipped = []
        for polygon in polygons:
            rings = [_rounded(clip_ring(ring_from_arcs(r, arcs), REGION)) for r in polygon]
            if rings and len(rings[0]) >= 4:
                clipped.append([ring for ring in rings if len(ring) >= 4])
        if clipped:
            name = geometry.get("properties", {}).get("name", "")
            lines = [line for polygon in clipped for line in border_lines(polygon)]
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": name},
                    "geometry": {"type": "MultiPolygon", "coordinates": clipped},
                }
            )
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": name},
                    "geometry": {"type": "MultiLineString", "coordinates": lines},
                }
            )
    # Areas first, then lines, so that no country's area covers its neighbour's border.
    features.sort(key=lambda feature: (feature["geometry"]["type"] != "MultiPolygon", feature["properties"]["name"]))
    return {"type": "FeatureCollection", "source": SOURCE, "bbox": list(REGION), "features": features}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    topology = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    collection = build(topology)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(collection['features']) // 2} countries, {OUTPUT.stat().st_size} bytes -> {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
