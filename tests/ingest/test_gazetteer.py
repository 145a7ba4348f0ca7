"""Tests for ingest.gazetteer: countries (names, demonyms, capitals) and places (locate)."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import time
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ingest import gazetteer
from ingest.gazetteer import (
    ArticleContext,
    CountryInfo,
    PlaceInfo,
    article_context,
    country,
    country_by_iso,
    country_from_capital,
    country_from_demonym,
    is_country_name,
    locate,
    locate_capital,
)

# ---------------------------------------------------------------------------
# Countries


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("United States", "US"),
        ("the United States", "US"),
        ("U.S.", "US"),
        ("US", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("the U.S.", "US"),
        ("America", "US"),
        ("United States of America", "US"),
        ("the States", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("Russian Federation", "RU"),
        ("DPRK", "KP"),
        ("Democratic People's Republic of Korea", "KP"),
        ("ROK", "KR"),
        ("Republic of Korea", "KR"),
        ("PRC", "CN"),
        ("People's Republic of China", "CN"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Islamic Republic of Iran", "IR"),
        ("Czechia", "CZ"),
        ("DRC", "CD"),
        ("DR Congo", "CD"),
        ("Congo-Brazzaville", "CG"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d’Ivoire", "CI"),
        ("Burma", "MM"),
        ("Holland", "NL"),
        ("The Netherlands", "NL"),
        ("Palestinian territories", "PS"),
        ("UAE", "AE"),
        ("St. Lucia", "LC"),
        ("Saint Lucia", "LC"),
        ("EU", "EU"),
        ("E.U.", "EU"),
        ("European Union", "EU"),
        ("the European Union", "EU"),
    ],
)
def test_gazetteer_country_aliases(written: str, iso: str) -> None:
    info = country(written)
    assert info is not None, written
    assert info.iso == iso


@pytest.mark.parametrize(
    ("iso", "name"),
    [
        ("US", "United States"),
        ("GB", "United Kingdom"),
        ("RU", "Russia"),
        ("CN", "China"),
        ("KP", "North Korea"),
        ("KR", "South Korea"),
        ("TR", "Turkey"),
        ("IR", "Iran"),
        ("SY", "Syria"),
        ("VN", "Vietnam"),
        ("LA", "Laos"),
        ("TW", "Taiwan"),
        ("CZ", "Czech Republic"),
        ("CD", "Democratic Republic of the Congo"),
        ("CG", "Republic of the Congo"),
        ("CI", "Ivory Coast"),
        ("PS", "Palestine"),
        ("EU", "European Union"),
    ],
)
def test_gazetteer_country_canonical_names(iso: str, name: str) -> None:
    info = country_by_iso(iso)
    assert info is not None
    assert info.name == name
    assert country(name) == info


@pytest.mark.parametrize("written", ["us", "Us", "States", "London", "European", "Kremlin", "", "   "])
def test_gazetteer_country_rejects_non_countries(written: str) -> None:
    assert country(written) is None


def test_gazetteer_country_is_case_and_accent_insensitive() -> None:
    assert country("UNITED KINGDOM") == country("united kingdom") == country_by_iso("GB")
    assert country("turkiye") == country("TÜRKIYE") == country_by_iso("TR")


def test_gazetteer_country_by_iso() -> None:
    assert country_by_iso("us") == country_by_iso("USA") == country("United States")
    assert country_by_iso("XX") is None


def test_gazetteer_country_record() -> None:
    info = country("Iran")
    assert isinstance(info, CountryInfo)
    assert (info.iso, info.iso3, info.capital, info.geonames_id) == ("IR", "IRN", "Tehran", 130758)
    assert info.latitude is not None and info.longitude is not None
    assert 25 < info.latitude < 40 and 44 < info.longitude < 64
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.name = "Persia"  # type: ignore[misc]


def test_gazetteer_european_union() -> None:
    eu = country("EU")
    assert eu is not None
    assert eu.name == "European Union"
    assert eu.demonyms == ()  # "European" is too broad
    assert eu.geonames_id is None
    assert country_from_demonym("European") is None


@pytest.mark.parametrize(
    ("word", "iso"),
    [
        ("Israeli", "IL"),
        ("Israelis", "IL"),
        ("Iranian", "IR"),
        ("Iranians", "IR"),
        ("American", "US"),
        ("Americans", "US"),
        ("British", "GB"),
        ("Briton", "GB"),
        ("Britons", "GB"),
        ("Chinese", "CN"),
        ("Russian", "RU"),
        ("Ukrainian", "UA"),
        ("Ukrainians", "UA"),
        ("Emirati", "AE"),
        ("Emiratis", "AE"),
        ("Saudi", "SA"),
        ("Saudis", "SA"),
        ("Pakistani", "PK"),
        ("Pakistanis", "PK"),
        ("Filipino", "PH"),
        ("Filipinos", "PH"),
        ("Philippine", "PH"),
        ("North Korean", "KP"),
        ("South Koreans", "KR"),
        ("Palestinian", "PS"),
        ("Taiwanese", "TW"),
        ("Dutch", "NL"),
        ("Congolese", "CD"),
        ("Ivorian", "CI"),
        ("Nigerien", "NE"),
        ("Nigerian", "NG"),
    ],
)
def test_gazetteer_country_from_demonym(word: str, iso: str) -> None:
    info = country_from_demonym(word)
    assert info is not None, word
    assert info.iso == iso


@pytest.mark.parametrize("word", ["Korean", "European", "Arab", "Kurdish", "Tehran"])
def test_gazetteer_country_from_demonym_unknown(word: str) -> None:
    assert country_from_demonym(word) is None


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("Tehran", "IR"),
        ("Washington", "US"),
        ("Washington, D.C.", "US"),
        ("Kyiv", "UA"),
        ("Kiev", "UA"),
        ("Beijing", "CN"),
        ("Moscow", "RU"),
        ("Jerusalem", "IL"),
        ("Pyongyang", "KP"),
        ("Seoul", "KR"),
        ("Ankara", "TR"),
        ("Tripoli", "LY"),
        ("Bogotá", "CO"),
        ("Bogota", "CO"),
        ("the Kremlin", "RU"),
        ("Kremlin", "RU"),
        ("the White House", "US"),
        ("White House", "US"),
        ("Downing Street", "GB"),
        ("the Elysee", "FR"),
        ("Élysée Palace", "FR"),
        ("Brussels", "EU"),
    ],
)
def test_gazetteer_country_from_capital(name: str, iso: str) -> None:
    info = country_from_capital(name)
    assert info is not None, name
    assert info.iso == iso


@pytest.mark.parametrize("name", ["Springfield", "Iran", "Israeli", "the"])
def test_gazetteer_country_from_capital_unknown(name: str) -> None:
    assert country_from_capital(name) is None


def test_gazetteer_is_country_name() -> None:
    assert is_country_name("Britain")
    assert is_country_name("U.S.")
    assert is_country_name("Georgia")
    assert not is_country_name("London")
    assert not is_country_name("Israeli")


def test_gazetteer_countries_data_is_consistent() -> None:
    text = resources.files("ingest").joinpath("data", "countries.json").read_text(encoding="utf-8")
    rows = json.loads(text)["countries"]
    assert 240 <= len(rows) <= 260
    isos = [r["iso"] for r in rows]
    assert len(set(isos)) == len(isos)
    assert len({r["name"] for r in rows}) == len(rows)
    for r in rows:
        assert len(r["iso"]) == 2 and r["iso"].isupper(), r
        assert len(r["iso3"]) == 3 and r["iso3"].isupper(), r
        assert -90 <= r["latitude"] <= 90 and -180 <= r["longitude"] <= 180, r
        info = country_by_iso(r["iso"])
        assert info is not None
        for written in (r["name"], *r["aliases"]):
            assert country(written) == info, written  # no alias is shadowed by another country's
        for word in r["demonyms"]:
            assert country_from_demonym(word) == info, word


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return gazetteer._distance_km(lat1, lon1, lat2, lon2)


# ---------------------------------------------------------------------------
# Country points (ingest/data/make_country_points.py)

_REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def points() -> ModuleType:
    """The country-points script, loaded from its file (ingest/data is no package)."""
    path = _REPO / "ingest" / "data" / "make_country_points.py"
    spec = importlib.util.spec_from_file_location("make_country_points", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_country_points_are_up_to_date(points: ModuleType) -> None:
    """countries.json holds what the script computes from the shipped map (rerun it if this fails)."""
    current = points.COUNTRIES.read_text(encoding="utf-8")
    topology = json.loads(points.MAP.read_text(encoding="utf-8"))
    assert points.dump(points.updated(json.loads(current), topology)) == current
    rows = json.loads(current)["countries"]
    assert {r["point"] for r in rows} == {"landmass", "curated"}
    assert sum(r["point"] == "landmass" for r in rows) >= 30


@pytest.mark.parametrize(
    ("iso", "lat", "lon"),
    [
        ("US", 39.83, -98.58),  # geographic centre of the contiguous United States (Kansas)
        ("IN", 23.0, 79.0),  # mainland India, not its southern tip
        ("RU", 60.0, 100.0),  # central Siberia, though the Chukotka ring crosses the antimeridian
        ("AU", -25.6, 134.4),  # centre of the Australian mainland
    ],
)
def test_country_point_is_the_middle_of_its_main_landmass(iso: str, lat: float, lon: float) -> None:
    info = country_by_iso(iso)
    assert info is not None and info.latitude is not None and info.longitude is not None
    assert _km(info.latitude, info.longitude, lat, lon) < 161


def test_country_points_keep_curated_where_there_is_no_main_landmass() -> None:
    """Archipelagos keep a point between their islands; the EU stays at Brussels."""
    text = resources.files("ingest").joinpath("data", "countries.json").read_text(encoding="utf-8")
    rows = {r["iso"]: r for r in json.loads(text)["countries"]}
    for iso in ("ID", "PH", "NZ", "EU", "AQ"):
        assert rows[iso]["point"] == "curated", iso


def test_country_points_centroid_across_the_antimeridian(points: ModuleType) -> None:
    arcs = [[(178.0, -1.0), (-178.0, -1.0), (-178.0, 1.0), (178.0, 1.0), (178.0, -1.0)]]
    ring = points.stitch(arcs, [0])
    assert max(lon for lon, _ in ring) == 182.0
    lat, lon = points.centroid([[ring]])
    assert abs(lat) < 1e-9 and abs(abs(lon) - 180.0) < 1e-9
    assert points.on_land([[ring]], 0.0, -179.5) and not points.on_land([[ring]], 0.0, 170.0)


def test_country_points_main_landmass_rules(points: ModuleType) -> None:
    def square(x: float, y: float, size: float, arc: int) -> Any:
        ring = [(x, y), (x + size, y), (x + size, y + size), (x, y + size)]
        return [ring], frozenset({arc})

    big, small = square(0, 0, 4, 1), square(10, 0, 1, 2)
    assert points.main_landmass([big, small]) == [big[0]]
    halves = [square(0, 0, 2, 1), square(10, 0, 2, 2)]  # no island holds two thirds: an archipelago
    assert points.main_landmass(halves) is None
    joined = [square(0, 0, 2, 1), (square(2, 0, 2, 3)[0], frozenset({1, 3}))]  # shared border: one landmass
    assert len(points.main_landmass(joined) or []) == 2
    assert points.landmass_point([big], others=[]) == (2.0, 2.0)
    assert points.landmass_point([big], others=[(1.0, 1.0)]) is None  # holds another country


# ---------------------------------------------------------------------------
# Places


@pytest.fixture(scope="module", autouse=True)
def _index() -> None:
    """Opens the place index once (the first run on a machine builds it: about 10 s)."""
    assert locate("Paris") is not None


@pytest.mark.parametrize(
    ("name", "context", "iso", "kind"),
    [
        ("Alexandria", [], "EG", "city"),
        ("Alexandria", ["EG"], "EG", "city"),
        ("Alexandria", ["US"], "US", "city"),
        ("Paris", [], "FR", "city"),
        ("Tripoli", [], "LY", "city"),
        ("Tripoli", ["LB"], "LB", "city"),
        ("Hyderabad", [], "IN", "city"),
        ("Hyderabad", ["PK"], "PK", "city"),
        ("Georgia", ["US"], "US", "region"),
        ("Vienna", [], "AT", "city"),
        ("Natanz", [], "IR", "city"),
        ("Texas", [], "US", "region"),
        ("Bavaria", [], "DE", "region"),
        ("Calif.", [], "US", "region"),
        ("Mosul", [], "IQ", "city"),
        ("Qamishli", [], "SY", "city"),
        ("Hodeidah", [], "YE", "city"),
        ("St. Petersburg", [], "RU", "city"),
        ("New York", [], "US", "city"),
        ("Gaza Strip", [], "PS", "region"),
        ("Crimea", [], "UA", "region"),
        ("Red Sea", [], None, "water"),
        ("the Red Sea", [], None, "water"),
        ("Strait of Hormuz", [], None, "water"),
        ("South China Sea", ["CN"], None, "water"),
    ],
)
def test_gazetteer_locate(name: str, context: list[str], iso: str | None, kind: str) -> None:
    place = locate(name, context=context)
    assert place is not None, name
    assert (place.country_code, place.kind) == (iso, kind)
    assert place.latitude is not None and place.longitude is not None


def test_gazetteer_locate_record() -> None:
    place = locate("Vienna")
    assert isinstance(place, PlaceInfo)
    assert place.geonames_id == 2761369
    assert place.population > 1_000_000
    assert abs(place.latitude - 48.21) < 0.1 and abs(place.longitude - 16.37) < 0.1  # type: ignore[operator]
    region = locate("Texas")
    assert region is not None and region.population == 0  # regions carry no population


@pytest.mark.parametrize(("one", "other"), [("Kyiv", "Kiev"), ("Bogota", "Bogotá"), ("Sanaa", "Sana'a")])
def test_gazetteer_locate_spellings_give_one_place(one: str, other: str) -> None:
    first, second = locate(one), locate(other)
    assert first is not None and second is not None
    assert first.geonames_id is not None
    assert first == second


def test_gazetteer_locate_near() -> None:
    alone = locate("Springfield")
    near_boston = locate("Springfield", near=[(42.36, -71.06)])
    assert alone is not None and near_boston is not None
    assert near_boston.country_code == "US" and abs(near_boston.longitude - -72.6) < 0.5  # type: ignore[operator]
    assert alone.geonames_id != near_boston.geonames_id


@pytest.mark.parametrize("name", ["The", "the", "Will", "May", "us", "", "  ", "Xyzzyville Qwerty", "a"])
def test_gazetteer_locate_unknown_or_common_word(name: str) -> None:
    assert locate(name) is None


def test_gazetteer_locate_is_fast_after_warm_up() -> None:
    names = ["Paris", "Alexandria", "Tripoli", "Natanz", "Red Sea", "Georgia", "Springfield", "Kiev"]
    for name in names:
        locate(name, context=["US"])
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        for name in names:
            locate(name, context=["US-TX", "US", "FR"], near=[(40.0, -75.0)])
    per_call = (time.perf_counter() - started) / (rounds * len(names))
    assert per_call < 500e-6  # typical is ~25 us; the bound only catches gross regressions


@pytest.mark.parametrize(
    ("name", "context", "region"),
    [
        ("Paris", ["US-TX"], "US-TX"),
        ("Paris", ["US-TN", "US"], "US-TN"),
        ("Paris", ["US", "US-KY"], "US-KY"),
        ("Springfield", ["US-IL"], "US-IL"),
        ("Springfield", ["US-MO"], "US-MO"),
        ("Alexandria", ["US-VA"], "US-VA"),
        ("Alexandria", ["US-LA"], "US-LA"),
        ("Athens", ["US-GA"], "US-GA"),
        ("Georgia", ["US-GA"], "US-GA"),
        ("Texas", [], "US-TX"),
        ("London", [], "GB-ENG"),
        ("Geneva", [], "CH-GE"),
    ],
)
def test_gazetteer_locate_region_context(name: str, context: list[str], region: str) -> None:
    place = locate(name, context=context)
    assert place is not None
    assert place.region == region


def test_gazetteer_locate_region_context_implies_its_country() -> None:
    assert locate("Alexandria", context=["us-va"]) == locate("Alexandria", context=["US-VA", "US"])
    place = locate("Alexandria", context=["US-VA"])
    assert place is not None and place.country_code == "US"


def test_gazetteer_place_region() -> None:
    springfield = locate("Springfield", context=["US-IL"])
    assert springfield is not None and springfield.region == "US-IL"
    texas, paris = locate("Texas"), locate("Paris")
    assert texas is not None and texas.region == "US-TX" and texas.kind == "region"
    assert paris is not None and paris.region is None  # GeoNames' French admin1 codes are not ISO codes
    sea = locate("Red Sea")
    assert sea is not None and sea.region is None


@pytest.mark.parametrize(
    ("name", "city", "iso"),
    [
        ("Moscow", "Moscow", "RU"),
        ("the Kremlin", "Moscow", "RU"),
        ("White House", "Washington", "US"),
        ("Washington", "Washington", "US"),
        ("Downing Street", "London", "GB"),
        ("Kiev", "Kyiv", "UA"),
        ("Beijing", "Beijing", "CN"),
        ("Tehran", "Tehran", "IR"),
        ("Élysée Palace", "Paris", "FR"),
        ("Brussels", "Brussels", "BE"),  # the European Union's seat
    ],
)
def test_gazetteer_locate_capital(name: str, city: str, iso: str) -> None:
    place = locate_capital(name)
    assert place is not None, name
    assert (place.name, place.country_code, place.kind) == (city, iso, "city")
    assert place.latitude is not None and place.longitude is not None
    seat = country_from_capital(name)
    assert seat is not None and seat.iso in (iso, "EU")


@pytest.mark.parametrize("name", ["Springfield", "Iran", "Russian", "Texas", ""])
def test_gazetteer_locate_capital_not_a_capital(name: str) -> None:
    assert locate_capital(name) is None


def test_gazetteer_locate_capital_namesake_in_context() -> None:
    assert locate_capital("Paris", context=["US-TX"]) is None  # Paris, Texas: not France speaking
    assert locate_capital("Dublin", context=["US-OH"]) is None
    paris = locate_capital("Paris", context=["FR"])
    assert paris is not None and paris.country_code == "FR"
    kremlin = locate_capital("the Kremlin", context=["US-TX"])  # a seat of power has no namesake
    assert kremlin is not None and kremlin.name == "Moscow"


@pytest.mark.parametrize(
    ("dateline", "countries", "regions", "city"),
    [
        ("SPRINGFIELD, Ill.", ("US",), ("US-IL",), (39.8, -89.6)),
        ("SPRINGFIELD, Mass.", ("US",), ("US-MA",), (42.1, -72.6)),
        ("PARIS, Texas", ("US",), ("US-TX",), (33.7, -95.6)),
        ("LOS ANGELES", ("US",), ("US-CA",), (34.05, -118.2)),
        ("KYIV, Ukraine", ("UA",), (), (50.45, 30.5)),
        ("SEOUL, South Korea", ("KR",), (), (37.6, 127.0)),
        ("TEHRAN", ("IR",), (), (35.7, 51.4)),
        ("ISLAMABAD/PENTAGON", ("PK",), (), (33.7, 73.0)),
        ("Dublin, Ohio", ("US",), ("US-OH",), (40.1, -83.1)),
        ("By Nate Raymond. BOSTON", ("US",), ("US-MA",), (42.36, -71.06)),
    ],
)
def test_gazetteer_article_context_dateline(
    dateline: str, countries: tuple[str, ...], regions: tuple[str, ...], city: tuple[float, float]
) -> None:
    ctx = article_context(dateline)
    assert isinstance(ctx, ArticleContext)
    assert (ctx.countries, ctx.regions) == (countries, regions)
    assert len(ctx.near) == 1 and _km(*ctx.near[0], *city) < 30
    assert ctx.context == (*regions, *countries)


@pytest.mark.parametrize(
    ("dateline", "countries", "regions"),
    [
        ("HORRY COUNTY, SC", ("US",), ("US-SC",)),  # a place the gazetteer lacks: its qualifier still counts
        ("CAMP MURRAY, Wash.", ("US",), ("US-WA",)),
        ("UN", (), ()),  # too short to be taken for a place
        ("ORIGINAL STORY", (), ()),
    ],
)
def test_gazetteer_article_context_dateline_unlocated(
    dateline: str, countries: tuple[str, ...], regions: tuple[str, ...]
) -> None:
    ctx = article_context(dateline)
    assert (ctx.countries, ctx.regions, ctx.near) == (countries, regions, ())


def test_gazetteer_article_context_country_dateline() -> None:
    ctx = article_context("SINGAPORE")
    assert ctx.countries == ("SG",) and ctx.regions == ()


def test_gazetteer_article_context_names() -> None:
    ctx = article_context(None, ["Texas", "Tenn.", "Tennessee", "Georgia", "Iraq", "Paris", "Red Sea"])
    assert ctx.regions == ("US-TN", "US-TX")  # most named first; Georgia is a country first
    assert ctx.countries == ("US",)
    assert ctx.near == ()
    paris = locate("Paris", context=ctx.context)
    assert paris is not None and paris.region == "US-TN"


def test_gazetteer_article_context_dateline_first() -> None:
    ctx = article_context("DALLAS", ["Ohio", "Ohio", "Ohio"])
    assert ctx.regions == ("US-TX", "US-OH")
    assert ctx.countries == ("US",)


@pytest.mark.parametrize("dateline", [None, "", "   ", "Xyzzyville Qwerty"])
def test_gazetteer_article_context_empty(dateline: str | None) -> None:
    ctx = article_context(dateline, ["Iraq", "the Gulf"])
    assert ctx == ArticleContext() and ctx.context == ()


def test_gazetteer_key_normalization() -> None:
    assert gazetteer._key("  Bogotá, D.C. ") == "bogota dc"
    assert gazetteer._key("Port-au-Prince") == gazetteer._key("port au prince")
    assert gazetteer._key("St. Louis") == gazetteer._key("Saint Louis")
    assert gazetteer._key("Cote d’Ivoire") == gazetteer._key("Côte d'Ivoire")
