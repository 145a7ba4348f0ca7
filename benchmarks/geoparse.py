"""Geoparsing on GeoWebNews and LGL: finding place names and locating them, bare spaCy against dkg.

Two tasks, scored as ``../shared/benchmarks/geoparsing/SOURCE.md`` prescribes:

- finding (geotagging): a predicted place span matches a gold toponym when
  the two overlap (one-to-one, largest overlap first); precision, recall and
  F1. Gold: in GWN the toponyms that carry coordinates, in LGL all of them.
  In GWN, figures are also given without the toponyms used for their people or
  government (type Metonymic, "Washington said"): those gold toponyms and the
  predictions overlapping them are then left out.
- locating (toponym resolution): for the matched toponyms with gold
  coordinates, the share placed within 161 km (100 miles) of the gold point
  (a toponym left without coordinates counts as a miss), the same share counting
  as right a point farther away that carries the gold GeoNames id (a country's
  point is the centre of its main landmass, not GeoNames' own point), the median error in km
  (unlocated = infinitely far) and the share with the gold GeoNames id, among
  those where both sides have one.

Systems:

- bare spaCy: the same model's GPE, LOC and FAC entities, each looked up
  naively: a country name gives the country's point (``gazetteer.country``),
  anything else ``gazetteer.locate(name)`` with no context (the best prior:
  population, capitals, main names).
- dkg: ``ingest.pipeline.extract``; every mention of a place (coordinates from
  ``Place.latitude/longitude``) and of a country (the country's point from
  ``gazetteer.country_by_iso``), nationality words ("Syrian") and capitals
  standing for their government ("Moscow said") included, since dkg reads them
  as the country. A country mention written as a capital or a seat of power
  ("Moscow", "the Kremlin") is placed at that city (``gazetteer.locate_capital``):
  the toponym's own point, whatever the actor.
- gold names: the gold toponyms' own text, looked up naively as for bare
  spaCy. Locating only: the figure comparable to the published ones, which
  assume the names are found.

The data is read where it lies, never copied into the project.

Examples:
    python benchmarks/geoparse.py
    python benchmarks/geoparse.py --corpus gwn --limit 30 --errors 10
    python benchmarks/geoparse.py --markdown
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.language import Language  # noqa: E402

from ingest import gazetteer  # noqa: E402
from ingest.pipeline import DEFAULT_MODEL, extract, load_pipeline  # noqa: E402
from ingest.records import Document  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "benchmarks" / "geoparsing"
CORPORA = {"gwn": ("GeoWebNews", "GWN.xml"), "lgl": ("LGL", "lgl.xml")}
MILES_100_KM = 161.0
SPACY_PLACE_LABELS = ("GPE", "LOC", "FAC")

#: Published figures quoted in SOURCE.md (Mordecai3, Halterman 2023), gold toponyms given.
PUBLISHED = {
    "gwn": "Mordecai3 (published; gold names given): exact GeoNames id 90.1%",
    "lgl": "Mordecai3 (published; gold names given): exact GeoNames id 79.4%",
    "all": "Mordecai3 README: 96.6% within 161 km, averaged over six sets (not these two alone)",
}
PUBLISHED_ID = {"gwn": 0.901, "lgl": 0.794}


@dataclass(frozen=True, slots=True)
class Toponym:
    """A gold toponym: its span in the article text, its type (GWN) and its point."""

    start: int
    end: int
    name: str
    type: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(slots=True)
class Article:
    id: str
    text: str
    gold: list[Toponym]  # what is scored
    unscored: list[Toponym] = field(default_factory=list)  # GWN annotations without coordinates


@dataclass(frozen=True, slots=True)
class Prediction:
    """A place name a system found, with the point it gave it.

    how: "place", "country" (a country's name), "demonym" ("Syrian"), "capital"
    (a capital or seat of power read as its country), or spaCy's label.
    """

    start: int
    end: int
    text: str
    how: str
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    resolved: str = ""  # the gazetteer's name and country of the point, for error reports


def _float(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


def _int(text: str | None) -> int | None:
    return int(text) if text not in (None, "") else None


def read_gwn(path: Path) -> list[Article]:
    articles: list[Article] = []
    for node in ET.parse(path).getroot().iter("article"):
        text = node.findtext("text") or ""
        gold: list[Toponym] = []
        unscored: list[Toponym] = []
        for t in node.iter("toponym"):
            top = Toponym(
                start=int(t.findtext("start") or 0),
                end=int(t.findtext("end") or 0),
                name=t.findtext("extractedName") or "",
                type=t.findtext("type") or "",
                latitude=_float(t.findtext("latitude")),
                longitude=_float(t.findtext("longitude")),
                geonames_id=_int(t.findtext("geonamesID")),
            )
            (gold if top.located else unscored).append(top)
        articles.append(Article(f"gwn-{node.get('file', len(articles))}", text, gold, unscored))
    return articles


def read_lgl(path: Path) -> list[Article]:
    articles: list[Article] = []
    for node in ET.parse(path).getroot().iter("article"):
        text = node.findtext("text") or ""
        gold: list[Toponym] = []
        for t in node.iter("toponym"):
            tag = t.find("gaztag")
            gold.append(
                Toponym(
                    start=int(t.findtext("start") or 0),
                    end=int(t.findtext("end") or 0),
                    name=t.findtext("phrase") or "",
                    latitude=_float(tag.findtext("lat")) if tag is not None else None,
                    longitude=_float(tag.findtext("lon")) if tag is not None else None,
                    geonames_id=_int(tag.get("geonameid")) if tag is not None else None,
                )
            )
        articles.append(Article(f"lgl-{node.get('docid', len(articles))}", text, gold))
    return articles


# --------------------------------------------------------------------------- systems


def naive_lookup(start: int, end: int, text: str, how: str) -> Prediction:
    """A country's point for a country name or nationality, else the best place with no context."""
    info = gazetteer.country(text) or gazetteer.country_from_demonym(text)
    if info is not None:
        return Prediction(start, end, text, how, info.latitude, info.longitude, info.geonames_id, info.name)
    place = gazetteer.locate(text)
    if place is None:
        return Prediction(start, end, text, how)
    resolved = f"{place.name}, {place.country_code or '-'}"
    return Prediction(start, end, text, how, place.latitude, place.longitude, place.geonames_id, resolved)


#: Other entities a system found, for telling why a toponym was missed: (start, end, label).
Other = tuple[int, int, str]


def spacy_system(
    nlp: Language, articles: Sequence[Article], batch_size: int
) -> tuple[list[list[Prediction]], list[list[Other]]]:
    preds: list[list[Prediction]] = []
    others: list[list[Other]] = []
    for doc in nlp.pipe((a.text for a in articles), batch_size=batch_size):
        found, rest = [], []
        for ent in doc.ents:
            start, end, text = ent.start_char, ent.end_char, ent.text
            if ent[0].lower_ == "the" and len(ent) > 1:
                start, text = ent[1].idx, ent[1:].text
            if ent.label_ in SPACY_PLACE_LABELS:
                found.append(naive_lookup(start, end, text, ent.label_))
            else:
                rest.append((start, end, f"spaCy {ent.label_}"))
        preds.append(found)
        others.append(rest)
    return preds, others


def _country_how(text: str) -> str:
    if gazetteer.country(text) is not None:
        return "country"
    if gazetteer.country_from_demonym(text) is not None:
        return "demonym"
    return "capital"


def dkg_system(
    nlp: Language, articles: Sequence[Article], batch_size: int
) -> tuple[list[list[Prediction]], list[list[Other]]]:
    documents = [Document(id=a.id, text=a.text) for a in articles]
    preds: list[list[Prediction]] = []
    others: list[list[Other]] = []
    for record in extract(documents, nlp=nlp, batch_size=batch_size):
        text = record.document.text
        found, rest = [], []
        for place in record.places:
            resolved = f"{place.name}, {place.country_code or '-'}" if place.latitude is not None else ""
            for m in place.mentions:
                found.append(
                    Prediction(
                        m.start,
                        m.end,
                        text[m.start : m.end],
                        "place",
                        place.latitude,
                        place.longitude,
                        place.geonames_id,
                        resolved,
                    )
                )
        for actor in record.actors:
            info = (
                gazetteer.country_by_iso(actor.iso_code)
                if actor.kind == "country" and actor.iso_code
                else None
            )
            for m in actor.mentions:
                if actor.kind != "country":
                    rest.append((m.start, m.end, f"dkg {actor.kind}"))
                    continue
                words = text[m.start : m.end]
                how = _country_how(words)
                city = gazetteer.locate_capital(words) if how == "capital" else None
                if city is not None:
                    found.append(
                        Prediction(
                            m.start,
                            m.end,
                            words,
                            how,
                            city.latitude,
                            city.longitude,
                            city.geonames_id,
                            f"{city.name}, {city.country_code or '-'}",
                        )
                    )
                elif info is None:
                    found.append(Prediction(m.start, m.end, words, how))
                else:
                    found.append(
                        Prediction(
                            m.start,
                            m.end,
                            words,
                            how,
                            info.latitude,
                            info.longitude,
                            info.geonames_id,
                            info.name,
                        )
                    )
        found.sort(key=lambda p: p.start)
        preds.append(found)
        others.append(rest)
    return preds, others


def gold_names(articles: Sequence[Article]) -> list[list[Prediction]]:
    """Every gold toponym, found by definition, looked up naively by its own text."""
    return [[naive_lookup(t.start, t.end, t.name, "gold") for t in a.gold] for a in articles]


# --------------------------------------------------------------------------- scoring


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def match(gold: Sequence[Toponym], pred: Sequence[Prediction]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index) of overlapping spans, largest overlap first."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if overlaps(g.start, g.end, p.start, p.end):
                pairs.append((min(g.end, p.end) - max(g.start, p.start), i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[float] = field(default_factory=list)  # km per matched toponym with gold coordinates
    by_id: int = 0  # of those, placed with the gold GeoNames id though farther than 161 km (big countries)
    id_pairs: int = 0
    id_same: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    def locate(self, gold: Toponym, pred: Prediction) -> float:
        if not gold.located:
            return math.nan
        if pred.latitude is None or pred.longitude is None:
            self.errors.append(math.inf)
            return math.inf
        assert gold.latitude is not None and gold.longitude is not None
        km = distance_km(gold.latitude, gold.longitude, pred.latitude, pred.longitude)
        self.errors.append(km)
        if gold.geonames_id is not None and pred.geonames_id is not None:
            self.id_pairs += 1
            self.id_same += gold.geonames_id == pred.geonames_id
            self.by_id += gold.geonames_id == pred.geonames_id and km > MILES_100_KM
        return km

    @property
    def acc161(self) -> float:
        return sum(e <= MILES_100_KM for e in self.errors) / len(self.errors) if self.errors else 0.0

    @property
    def acc161_or_id(self) -> float:
        """Within 161 km, or the gold GeoNames id: a country's point need not be GeoNames' point."""
        return self.acc161 + self.by_id / len(self.errors) if self.errors else 0.0

    @property
    def median_km(self) -> float:
        return statistics.median(self.errors) if self.errors else math.nan

    @property
    def same_id(self) -> float:
        return self.id_same / self.id_pairs if self.id_pairs else math.nan


@dataclass(slots=True)
class Result:
    """Finding with all gold toponyms, finding without metonymic ones, and locating."""

    all: Tally = field(default_factory=Tally)
    literal: Tally = field(default_factory=Tally)
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def evaluate(
    articles: Sequence[Article],
    preds: Sequence[Sequence[Prediction]],
    others: Sequence[Sequence[Other]] | None = None,
) -> Result:
    result = Result()
    for k, (article, pred) in enumerate(zip(articles, preds, strict=True)):
        pairs = match(article.gold, pred)
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        result.all.tp += len(pairs)
        result.all.fn += len(article.gold) - len(pairs)
        result.all.fp += len(pred) - len(pairs)
        metonymic = [g for g in article.gold if g.type == "Metonymic"]
        # Without metonymic toponyms: drop them and the predictions that touch them.
        neutral = {
            j for j, p in enumerate(pred) if any(overlaps(g.start, g.end, p.start, p.end) for g in metonymic)
        }
        result.literal.tp += sum(1 for i, _ in pairs if article.gold[i].type != "Metonymic")
        result.literal.fn += sum(
            1 for i, g in enumerate(article.gold) if i not in matched_g and g.type != "Metonymic"
        )
        result.literal.fp += sum(1 for j in range(len(pred)) if j not in matched_p and j not in neutral)
        for i, j in pairs:
            g, p = article.gold[i], pred[j]
            km = result.all.locate(g, p)
            if math.isinf(km):
                result.errors[f"unlocated {p.how}"].append(p.text)
            elif km > MILES_100_KM:
                result.errors[f"wrong point ({p.how})"].append(
                    f"{g.name} -> {p.resolved or '?'} ({km:,.0f} km)"
                )
        rest = others[k] if others is not None else ()
        for i, g in enumerate(article.gold):
            if i in matched_g:
                continue
            why = next((label for s, e, label in rest if overlaps(g.start, g.end, s, e)), "no entity")
            kind = f" ({g.type})" if g.type else ""
            result.errors[f"missed: {why}"].append(f"{g.name}{kind}")
        for j, p in enumerate(pred):
            if j in matched_p:
                continue
            clash = next((t.type for t in article.unscored if overlaps(t.start, t.end, p.start, p.end)), None)
            where = f", gold {clash}" if clash else ""
            result.errors[f"spurious {p.how}{where}"].append(p.text)
    return result


# --------------------------------------------------------------------------- output


def _pct(x: float) -> str:
    return "-" if math.isnan(x) else f"{x:.1%}"


def _km(x: float) -> str:
    return "-" if math.isnan(x) else ("inf" if math.isinf(x) else f"{x:,.0f}")


HEADER = (
    "corpus",
    "system",
    "P",
    "R",
    "F1",
    "P lit.",
    "R lit.",
    "F1 lit.",
    "located n",
    "acc@161",
    "acc@161 or id",
    "median km",
    "same GeoNames id",
)


def row(corpus: str, system: str, res: Result, *, finding: bool = True) -> list[str]:
    cells = [corpus, system]
    for tally in (res.all, res.literal):
        cells += [f"{x:.3f}" for x in tally.prf()] if finding else ["-", "-", "-"]
    loc = res.all
    ids = f"{_pct(loc.same_id)} of {loc.id_pairs}" if loc.id_pairs else "-"
    cells += [str(len(loc.errors)), _pct(loc.acc161), _pct(loc.acc161_or_id), _km(loc.median_km), ids]
    return cells


def print_table(rows: list[list[str]], *, markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(HEADER) + " |")
        print("| --- | --- |" + " ---: |" * (len(HEADER) - 2))
        for r in rows:
            print("| " + " | ".join(r) + " |")
        return
    widths = [max(len(str(r[i])) for r in [list(HEADER), *rows]) for i in range(len(HEADER))]
    for r in [list(HEADER), *rows]:
        print(
            "  ".join(
                c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )


def print_patterns(title: str, patterns: dict[str, list[str]], n: int) -> None:
    print()
    print(f"{title}: the {n} most frequent error patterns (count, commonest texts)")
    for name, texts in sorted(patterns.items(), key=lambda kv: -len(kv[1]))[:n]:
        common = Counter(t.split(" (")[0] if name.startswith("wrong") else t for t in texts).most_common(8)
        if name.startswith("wrong"):  # keep one full example per name
            example = {t.split(" (")[0]: t for t in texts}
            shown = ", ".join(f"{example[t]}" + (f" x{k}" if k > 1 else "") for t, k in common)
        else:
            shown = ", ".join(f"{t} x{k}" if k > 1 else t for t, k in common)
        print(f"  {name:<40} {len(texts):5d}  {shown}")


def load(corpus: str, directory: Path, limit: int) -> list[Article]:
    path = directory / CORPORA[corpus][1]
    articles = read_gwn(path) if corpus == "gwn" else read_lgl(path)
    return articles[:limit] if limit else articles


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DIR,
        help=f"folder of GWN.xml and lgl.xml (default: {DEFAULT_DIR})",
    )
    parser.add_argument("--corpus", choices=("gwn", "lgl", "all"), default="all")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles of each corpus")
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy pipeline (default: {DEFAULT_MODEL})")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--errors", type=int, default=0, help="print the N most frequent error patterns")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown rows")
    args = parser.parse_args(argv)
    corpora = ["gwn", "lgl"] if args.corpus == "all" else [args.corpus]
    for c in corpora:
        if not (args.data / CORPORA[c][1]).is_file():
            parser.error(f"no {CORPORA[c][1]} in {args.data}; pass --data FOLDER")

    import spacy

    started = time.perf_counter()
    bare = spacy.load(args.model)
    dkg_nlp = load_pipeline(args.model)
    gazetteer.locate("Paris")  # opens (or, the first time, builds) the place index
    print(f"models and gazetteer loaded in {time.perf_counter() - started:.1f} s; model {args.model}")

    rows: list[list[str]] = []
    reports: list[tuple[str, dict[str, list[str]]]] = []
    timings: list[str] = []
    for corpus in corpora:
        name = CORPORA[corpus][0]
        articles = load(corpus, args.data, args.limit)
        words = sum(len(a.text.split()) for a in articles)
        n_gold = sum(len(a.gold) for a in articles)
        n_located = sum(1 for a in articles for g in a.gold if g.located)
        print(
            f"{name}: {len(articles)} articles, {words} words,"
            f" {n_gold} gold toponyms ({n_located} with coordinates)"
        )
        started = time.perf_counter()
        preds, others = spacy_system(bare, articles, args.batch_size)
        base = evaluate(articles, preds, others)
        base_s = time.perf_counter() - started
        started = time.perf_counter()
        preds, others = dkg_system(dkg_nlp, articles, args.batch_size)
        dkg = evaluate(articles, preds, others)
        dkg_s = time.perf_counter() - started
        names = evaluate(articles, gold_names(articles))
        timings.append(f"{name}: bare spaCy {base_s:.1f} s, dkg {dkg_s:.1f} s ({words / dkg_s:,.0f} words/s)")
        rows.append(row(name, "bare spaCy + naive lookup", base))
        rows.append(row(name, "dkg", dkg))
        rows.append(row(name, "gold names + naive lookup", names, finding=False))
        pub = ["-"] * (len(HEADER) - 3) + [f"{PUBLISHED_ID[corpus]:.1%}"]
        rows.append([name, "Mordecai3 (published, gold names)", *pub])
        reports += [(f"{name}, bare spaCy", base.errors), (f"{name}, dkg", dkg.errors)]
        reports.append((f"{name}, gold names + naive lookup (locating only)", names.errors))

    print()
    print(
        "P/R/F1: finding, all gold toponyms; lit.: without the metonymic ones (GWN only; LGL has no types)."
    )
    print("Locating, over matched toponyms with gold coordinates: acc@161 = share within 161 km (unlocated")
    print(
        "count as misses); acc@161 or id: also right when farther but with the gold GeoNames id (countries);"
    )
    print("median km (unlocated = inf); same GeoNames id, where both sides have one.")
    print_table(rows, markdown=args.markdown)
    print(f"published: {PUBLISHED['all']}")
    if args.errors:
        for title, patterns in reports:
            print_patterns(title, patterns, args.errors)
    print()
    print("time: " + "; ".join(timings))
    summary = []
    for r in rows:
        if r[1] in ("bare spaCy + naive lookup", "dkg"):
            who = "dkg" if r[1] == "dkg" else "spaCy"
            summary.append(f"{r[0]} {who} F1 {r[4]} acc@161 {r[9]}")
    print("summary: " + " | ".join(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
