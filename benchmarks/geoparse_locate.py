"""Measure ``ingest.gazetteer`` toponym resolution on GeoWebNews (GWN).

For every gold toponym that carries coordinates, the gold name (``extractedName``)
is resolved the way the pipeline would: a country name to the country's point,
a demonym ("Russian") to its country, anything else with ``locate``. The
predicted point is compared with the gold one: the share within 161 km (100
miles, "accuracy@161"), the median error, and the share with the exact GeoNames
id where both sides have one. Names the gazetteer does not know count as misses.

Four ways are compared:

- ``naive``: the most populous place with that name (countries as above);
- ``plain``: ``locate(name)`` with no context;
- ``context``: ``locate(name, context=[c])``, c the country the article names most
  often (by country names and demonyms among its gold toponyms);
- ``context+near``: also ``near`` = places already located earlier in the article.

The data file is read where it lies (``shared/``), never copied.

Example:
    python benchmarks/geoparse_locate.py
    python benchmarks/geoparse_locate.py --data ../shared/benchmarks/geoparsing/GWN.xml --errors 30
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest import gazetteer  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "geoparsing" / "GWN.xml"
MILES_100_KM = 161.0


@dataclass(frozen=True, slots=True)
class Toponym:
    name: str
    type: str
    start: int
    geonames_id: int | None
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    toponyms: tuple[Toponym, ...]


@dataclass(frozen=True, slots=True)
class Prediction:
    route: str  # "country", "demonym", "place" or "none"
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None


def read_gwn(path: Path) -> list[Article]:
    """The articles of GWN.xml with their gold toponyms that carry coordinates, in text order."""
    articles = []
    for node in ET.parse(path).getroot().iter("article"):
        toponyms = []
        for t in node.iter("toponym"):
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if not lat or not lon:
                continue
            gid = t.findtext("geonamesID")
            toponyms.append(
                Toponym(
                    name=t.findtext("extractedName") or "",
                    type=t.findtext("type") or "",
                    start=int(t.findtext("start") or 0),
                    geonames_id=int(gid) if gid else None,
                    latitude=float(lat),
                    longitude=float(lon),
                )
            )
        toponyms.sort(key=lambda t: t.start)
        articles.append(Article(node.get("file", ""), tuple(toponyms)))
    return articles


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def as_country(name: str) -> tuple[str, gazetteer.CountryInfo] | None:
    info = gazetteer.country(name)
    if info is not None:
        return "country", info
    info = gazetteer.country_from_demonym(name)
    if info is not None:
        return "demonym", info
    return None


def article_context(article: Article) -> list[str]:
    counts = Counter(found[1].iso for t in article.toponyms if (found := as_country(t.name)) is not None)
    return [counts.most_common(1)[0][0]] if counts else []


def most_populous(name: str) -> gazetteer.PlaceInfo | None:
    """Baseline: the most populous namesake (reads the gazetteer's private candidate table)."""
    for key in gazetteer._lookup_keys(name):
        candidates = gazetteer._candidates(key)
        if candidates:
            return max(candidates, key=lambda c: c.population).info
    return None


Resolver = Callable[[Toponym, Sequence[str], Sequence[tuple[float, float]]], gazetteer.PlaceInfo | None]


def resolve(article: Article, locator: Resolver, *, use_context: bool, use_near: bool) -> list[Prediction]:
    context = article_context(article) if use_context else []
    near: list[tuple[float, float]] = []
    out = []
    for t in article.toponyms:
        found = as_country(t.name)
        if found is not None:
            route, info = found
            out.append(Prediction(route, info.latitude, info.longitude, info.geonames_id))
            continue
        place = locator(t, context, near if use_near else ())
        if place is None or place.latitude is None or place.longitude is None:
            out.append(Prediction("none"))
            continue
        out.append(Prediction("place", place.latitude, place.longitude, place.geonames_id))
        near.append((place.latitude, place.longitude))
    return out


@dataclass(slots=True)
class Tally:
    total: int = 0
    found: int = 0
    within: int = 0
    errors: list[float] | None = None
    id_pairs: int = 0
    id_same: int = 0

    def add(self, gold: Toponym, pred: Prediction) -> float:
        if self.errors is None:
            self.errors = []
        self.total += 1
        if pred.latitude is None or pred.longitude is None:
            self.errors.append(math.inf)
            return math.inf
        self.found += 1
        km = distance_km(gold.latitude, gold.longitude, pred.latitude, pred.longitude)
        self.errors.append(km)
        self.within += km <= MILES_100_KM
        if gold.geonames_id is not None and pred.geonames_id is not None:
            self.id_pairs += 1
            self.id_same += gold.geonames_id == pred.geonames_id
        return km

    def row(self, label: str) -> str:
        errors = self.errors or [math.inf]
        median = statistics.median(errors)
        found = [e for e in errors if math.isfinite(e)]
        median_found = statistics.median(found) if found else math.inf
        ids = f"{self.id_same / self.id_pairs:6.1%} of {self.id_pairs:4d}" if self.id_pairs else "     -"
        total = max(self.total, 1)
        return (
            f"{label:<34} {self.total:5d} {self.found / total:7.1%} {self.within / total:8.1%}"
            f" {self.within / max(self.found, 1):8.1%} {median:8.0f} {median_found:8.0f}   {ids}"
        )


HEADER = (
    f"{'':<34} {'n':>5} {'found':>7} {'acc@161':>8} {'acc*':>8} {'med km':>8} {'med km*':>8}"
    "   same GeoNames id"
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"GWN.xml (default: {DEFAULT_DATA})")
    parser.add_argument("--errors", type=int, default=0, help="print the N largest place errors of 'context'")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"no file at {args.data}; pass --data PATH/TO/GWN.xml")

    started = time.perf_counter()
    gazetteer.locate("Paris")  # opens (or, the first time, builds) the index
    print(f"index ready in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    articles = read_gwn(args.data)
    n = sum(len(a.toponyms) for a in articles)
    print(f"GeoWebNews: {len(articles)} articles, {n} gold toponyms with coordinates")

    def plain(
        t: Toponym, context: Sequence[str], near: Sequence[tuple[float, float]]
    ) -> gazetteer.PlaceInfo | None:
        return gazetteer.locate(t.name, context=context, near=near)

    def naive(
        t: Toponym, context: Sequence[str], near: Sequence[tuple[float, float]]
    ) -> gazetteer.PlaceInfo | None:
        return most_populous(t.name)

    configs = [
        ("naive most-populous", naive, False, False),
        ("plain locate", plain, False, False),
        ("locate + context", plain, True, False),
        ("locate + context + near", plain, True, True),
    ]
    worst: list[tuple[float, str, str, Prediction, Toponym]] = []  # km, article, name, prediction, gold
    print()
    print(
        "acc@161: share within 161 km, names not found counting as misses; acc*: the same among names found."
    )
    print("med km: median error, names not found counting as infinitely far; med km*: among names found.")
    for label, locator, use_context, use_near in configs:
        overall, places, literal, countries = Tally(), Tally(), Tally(), Tally()
        started = time.perf_counter()
        for article in articles:
            for gold, pred in zip(
                article.toponyms,
                resolve(article, locator, use_context=use_context, use_near=use_near),
                strict=True,
            ):
                km = overall.add(gold, pred)
                if pred.route in ("country", "demonym"):
                    countries.add(gold, pred)
                else:
                    places.add(gold, pred)
                    if gold.type != "Metonymic":
                        literal.add(gold, pred)
                    if label == "locate + context" and km > MILES_100_KM:
                        worst.append((km, article.id, gold.name, pred, gold))
        elapsed = time.perf_counter() - started
        print()
        print(f"{label}  ({elapsed * 1e6 / n:.0f} us per toponym)")
        print(HEADER)
        print(overall.row("all toponyms"))
        print(countries.row("  countries and demonyms"))
        print(places.row("  other names (locate)"))
        print(literal.row("  other names, not metonymic"))
    if args.errors:
        wrong = Counter(name for km, _, name, pred, _ in worst if pred.route != "none")
        missing = Counter(name for km, _, name, pred, _ in worst if pred.route == "none")
        print()
        print(f"'locate + context', other names: {sum(wrong.values())} placed beyond 161 km, most frequent:")
        print("  " + ", ".join(f"{name} x{n}" for name, n in wrong.most_common(args.errors)))
        print(f"not found: {sum(missing.values())}, most frequent:")
        print("  " + ", ".join(f"{name} x{n}" for name, n in missing.most_common(args.errors)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
