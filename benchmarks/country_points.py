"""Set the countries' points in ``ingest/data/countries.json`` to GeoNames' own country points.

GeoNames places each country (its PCLI feature) at one point: the middle of the
contiguous United States (39.76, -98.5), not the factbook's rounded (38, -97);
Tokyo for Japan. Geoparsing gold data uses those points, and so should dkg, so
that "the U.S." lies where other gazetteers put it.

No package on PyPI ships those points. The source read here is ``countries.csv``
of the public data set gvenzl/sample-data (folder countries-cities-currencies,
commit ff00f9e, CC BY 4.0 by Gerald Venzl; its data sources are GeoNames.org
and the National Geographic Atlas of the World), whose LATITUDE/LONGITUDE are
GeoNames' country points for 196 states. Countries it lacks (territories, Kosovo,
the European Union) keep the points they have. Credit for both stands in the
data file's ``_comment``.

The file is rewritten in place, one country per line as before; only
``latitude`` and ``longitude`` change. Run it again after updating the source;
``--check`` only lists what would change.

Examples:
    python benchmarks/country_points.py ../sample-data/countries-cities-currencies/countries.csv
    python benchmarks/country_points.py countries.csv --check
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ROOT / "ingest" / "data" / "countries.json"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def read_points(path: Path) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 code -> (latitude, longitude) from the source CSV."""
    points: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("COUNTRY_CODE") or "").strip().upper()
            lat, lon = (row.get("LATITUDE") or "").strip(), (row.get("LONGITUDE") or "").strip()
            if len(code) == 2 and lat and lon:
                points[code] = (round(float(lat), 5), round(float(lon), 5))
    return points


def render(data: dict) -> str:
    """countries.json as the project writes it: one country per line."""
    rows = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in data["countries"])
    comment = json.dumps(data["_comment"], ensure_ascii=False)
    return f'{{\n  "_comment": {comment},\n  "countries": [\n{rows}\n  ]\n}}\n'


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="countries.csv of gvenzl/sample-data")
    parser.add_argument("--check", action="store_true", help="list the changes, write nothing")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        parser.error(f"no file {args.source}")
    points = read_points(args.source)
    data = json.loads(COUNTRIES.read_text(encoding="utf-8"))
    changed = []
    for row in data["countries"]:
        point = points.get(row["iso"])
        if point is None or (row["latitude"], row["longitude"]) == point:
            continue
        km = _km(row["latitude"], row["longitude"], *point)
        changed.append((km, row["iso"], row["name"], (row["latitude"], row["longitude"]), point))
        row["latitude"], row["longitude"] = point
    known = {row["iso"] for row in data["countries"]}
    for km, iso, name, old, new in sorted(changed, reverse=True):
        print(f"{iso} {name:<32} {old[0]:>9}, {old[1]:>10} -> {new[0]:>9}, {new[1]:>10}  {km:,.0f} km")
    unused = sorted(set(points) - known)
    print(
        f"{len(changed)} of {len(known)} points changed ({sum(k > 161 for k, *_ in changed)} by more than"
        f" 161 km); {len(points)} in the source"
        + (f", not in countries.json: {' '.join(unused)}" if unused else ""),
        file=sys.stderr,
    )
    if not args.check:
        COUNTRIES.write_text(render(data), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
