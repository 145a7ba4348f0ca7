"""Cross-article resolution: one node per real-world actor, one event per real-world event.

Article graphs are never edited. :func:`resolve` reads every article graph
(SPARQL through :meth:`GraphStore.query`), decides which actor nodes name one
actor and which event nodes report one event, and replaces the named graph
:data:`graph.iris.RESOLUTION_GRAPH` as a whole with what it found:

- every actor node (person, organization, country) and every event node gets
  ``?node dkg:canonical ?canon`` — its canonical node, *itself* when it stands
  alone, so queries can always join through ``dkg:canonical`` (and still
  ``COALESCE`` to the node itself on stores that were never resolved);
- a canonical actor gets ``skos:prefLabel`` (its most used name) and every
  other name any article gives any member as ``skos:altLabel``; the other
  members point to it with ``owl:sameAs``; a country gets ``skos:exactMatch``
  its GeoNames feature when the shipped country table knows it;
- a canonical event gets ``dkg:reportedBy`` every article graph reporting one
  of its members, ``dkg:sourceCount`` (how many), and the other members point
  to it with ``dkg:sameEventAs``.

Actors. The same normalized name is already one IRI in every article. On top:

- persons: a spelling variant of one word other than the first name
  ("Zelensky"/"Zelenskyy", "Abdollahian"/"Abdullahian": small edit distance)
  with a shared title or affiliation, or a person or organization named
  alongside both; a first name spelt one letter apart
  ("Ivailo"/"Ivaylo Marinov") with the same position (title and
  affiliation) or a person or organization named alongside both; initials
  ("V. Raghunathan", "S.K. Iyer") and shorter forms from the same first name
  ("Abdirahman Warsame", "Dawit Alemu", "Javier Rocha") of exactly one
  fuller name with any shared context; a multi-word alias an article gives
  another node; an "organization" named exactly like a person (or like the
  end of a person's name) with no organization word in it, a misreading.
- a person named by a surname only ("Biden", "Ben-Shabbat", "Morales
  Pineda", "Benitez" of "Jorge Benitez Lara") is linked to the one fuller
  name ending so (or, for a family name written first, "Xi", starting so,
  when some article calls that person so) whose title, affiliation or
  co-mentioned persons and organizations (under any spelling) the article
  shares — in every article naming it so; a candidate the article names in
  full, or whose title or affiliation it gives, comes before one it only
  shares company with. A one-word IRI is shared by all articles, so when
  two articles point to two different people ("Price" of the State
  Department, "Price" of a British ministry) it is left alone: two different
  people called Price stay two.
- organizations: a leading "the"; a country or demonym prefix or an
  "of <country>" suffix ("U.S. State Department", "US State Department" are
  one; "National Customs of Bolivia"; a bare "State Department" joins them
  when that is the only country the store knows for it and every article
  naming it bare names the country); well-known aliases from
  ``ingest/data/actors.json`` ("G7", "Group of Seven"); an alias an article
  gives; initials of exactly one other organization's name ("BLA").
- countries: one node per ISO code already.

The canonical actor is a member node: full names before surnames, initials
and acronyms; then, for persons, the one most articles name, for
organizations the fullest name; then the smallest IRI. Its preferred label
is its most used label (then the longest, then the one keeping diacritics).

Events. Only events of different articles merge (an article's extractor has
already merged its own mentions). Two reports are one event when they have
the same kind, compatible dates (both known: one a prefix of the other; days
one apart only when one is a plan or only the article's own date; a plan
never matches something that had happened before it was reported, an undated
report of what had happened by its publication day nothing dated later), no
conflicting ordinals ("second round" vs "third round"; not "the first session
in two years", which numbers no round), places that do not
conflict (two different towns do, even in one region), and evidence that
they are one. Participants are compared through canonical actors and what
they stand for: a minister's country (any article's affiliation), the
country an organization is named after ("Malian Armed Forces"); a person,
organization, country or place one report has and the other only names in
its sentence counts too, for less. Evidence: a shared person or
organization, the same place, two shared countries, or — on the same day — a
shared country at a place inside the same country, or a report giving only
a place inside a country the other (placeless) has as a participant. When a
date is unknown the place must agree and the participants overlap (or one
report name none, event types that may name one event — meeting, talks,
summit, visit; attack, bombing, shooting; ... — published within a
fortnight), within 45 days; or two shared persons or organizations, the
undated report published within a week after the other; or, for a summons or
a phone call (one pair of countries rarely has two in a week), the same two
countries with one report placed in a country the other has as a party,
published within a week after the other's date — and a summons or call of
different countries' envoys never merges. A report whose
trigger and sentence are (nearly) word for word another article's (a
syndicated or lightly edited copy) is the same event — for a report with
neither date nor place only when the two articles are copies (most event
sentences shared) or, published within days, they name the same person or
organization, since a repeated background sentence ("several recent
attacks") names no identifiable event; an incident in the plural
("attacks") is several and only ever matches its copies. Candidate pairs
come only from blocks (kind + person/organization, kind + place, kind + two
countries + month, kind + country + day, a summons or call + two countries,
kind + sentence; what a sentence
names included), are scored (undated matches count less), and merged best
first with a union-find that never puts two events of one article, two
incompatible dates, two ordinals or a plan and an earlier happening into one
cluster. The canonical event is the member reported first (earliest
publication date, then smallest IRI), so later articles do not move it.

Everything is sorted before it is decided, so the resolution graph depends
only on the set of article graphs, never on the order they were ingested in.

>>> from graph.store import OxigraphStore
>>> report = resolve(OxigraphStore.in_memory())
>>> report.articles, report.canonical_events, report.changed
(0, 0, False)
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions

from graph.iris import RESOLUTION_GRAPH, normalize_key
from graph.store import GraphStore
from ontology.namespaces import DKG, OWL, SKOS, XSD

__all__ = ["Resolution", "ResolutionReport", "compute_resolution", "resolve"]

_PREFIXES = """
PREFIX dkg: <https://w3id.org/dkg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# Simple patterns, and as few rows as possible: turning a solution into Python objects costs far
# more than finding it, so what has many rows per article comes grouped (one row per article or
# per distinct value) and the joins are done in Python.
_Q_ARTICLES = (
    _PREFIXES
    + """
SELECT ?g ?issued WHERE { GRAPH ?g { ?g a dkg:Article . OPTIONAL { ?g dcterms:issued ?issued } } }
"""
)

#: Per article, its actors as "P<iri> O<iri> C<iri> N<iri>" (IRIs hold no spaces).
_Q_ACTORS = (
    _PREFIXES
    + """
SELECT ?g (GROUP_CONCAT(CONCAT(?k, STR(?n)); separator=" ") AS ?actors) WHERE {
  VALUES (?type ?k) { (dkg:Person "P") (dkg:Organization "O") (dkg:Country "C") (dkg:NewsOutlet "N") }
  GRAPH ?g { ?n a ?type }
}
GROUP BY ?g
"""
)

_Q_LABELS = (
    _PREFIXES
    + """
SELECT ?n ?label (COUNT(DISTINCT ?g) AS ?articles) WHERE {
  GRAPH ?g { ?n skos:prefLabel ?label } FILTER (?g != <RESOLUTION>)
}
GROUP BY ?n ?label
""".replace("RESOLUTION", RESOLUTION_GRAPH)
)

_Q_ALIASES = (
    _PREFIXES
    + """
SELECT DISTINCT ?n ?alt WHERE { GRAPH ?g { ?n skos:altLabel ?alt } FILTER (?g != <RESOLUTION>) }
""".replace("RESOLUTION", RESOLUTION_GRAPH)
)

_Q_ISO = (
    _PREFIXES
    + """
SELECT DISTINCT ?n ?iso WHERE { GRAPH ?g { ?n dkg:isoCode ?iso } }
"""
)

_Q_HOLDS = (
    _PREFIXES
    + """
SELECT ?n ?pos (GROUP_CONCAT(STR(?g); separator=" ") AS ?articles) WHERE { GRAPH ?g { ?n dkg:holds ?pos } }
GROUP BY ?n ?pos
"""
)

_Q_POSITIONS = (
    _PREFIXES
    + """
SELECT DISTINCT ?pos ?title ?aff WHERE {
  GRAPH ?g { ?pos dkg:title ?title . OPTIONAL { ?pos dkg:affiliation ?aff } }
}
"""
)

_Q_EVENTS = (
    _PREFIXES
    + """
SELECT ?g ?e ?kind ?type ?trigger ?status ?date WHERE {
  GRAPH ?g {
    ?e dkg:kind ?kind .
    OPTIONAL { ?e sem:eventType ?type }
    OPTIONAL { ?e dkg:trigger ?trigger }
    OPTIONAL { ?e dkg:status ?status }
    OPTIONAL { ?e dkg:date ?date }
  }
}
"""
)

_Q_SENTENCES = (
    _PREFIXES
    + """
SELECT ?e ?sentence WHERE { GRAPH ?g { ?e dkg:kind ?kind ; dkg:evidence ?ev . ?ev dkg:sentence ?sentence } }
"""
)

_Q_EVENT_ACTORS = (
    _PREFIXES
    + """
SELECT ?e (GROUP_CONCAT(STR(?a); separator=" ") AS ?actors) WHERE { GRAPH ?g { ?e sem:hasActor ?a } }
GROUP BY ?e
"""
)

_Q_EVENT_PLACES = (
    _PREFIXES
    + """
SELECT ?e ?p WHERE { GRAPH ?g { ?e sem:hasPlace ?p } }
"""
)

_Q_PLACE_COUNTRIES = (
    _PREFIXES
    + """
SELECT DISTINCT ?p ?cc WHERE { GRAPH ?g { ?p dkg:countryCode ?cc } }
"""
)

_Q_PLACE_TYPES = (
    _PREFIXES
    + """
SELECT DISTINCT ?p ?type WHERE { VALUES ?type { dkg:City dkg:Region } GRAPH ?g { ?p a ?type } }
"""
)

_DKG = "https://w3id.org/dkg/ontology#"
_KIND_OF_CODE = {"P": "person", "O": "organization", "N": "organization", "C": "country"}

#: How far apart (days) two reports may be when one of them gives no date.
UNDATED_WINDOW = 45
#: Most neighbours one event is compared with in one block (bounds the worst case).
MAX_BLOCK_NEIGHBOURS = 400


# ============================================================================ report


@dataclass
class ResolutionReport:
    """What a resolution run found.

    articles: article graphs read.
    persons, organizations, countries: canonical actors of each kind.
    actor_nodes: actor nodes read (one per distinct IRI).
    merged_actors: actor nodes linked to another canonical node.
    events: event nodes read (one per article that reports each).
    canonical_events: distinct events after merging.
    multi_source_events: canonical events reported by more than one article.
    quads: quads in the resolution graph.
    changed: whether the resolution graph was rewritten (False when it already held the same).
    seconds: wall-clock time.
    """

    articles: int = 0
    persons: int = 0
    organizations: int = 0
    countries: int = 0
    actor_nodes: int = 0
    merged_actors: int = 0
    events: int = 0
    canonical_events: int = 0
    multi_source_events: int = 0
    quads: int = 0
    changed: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "persons": self.persons,
            "organizations": self.organizations,
            "countries": self.countries,
            "actor_nodes": self.actor_nodes,
            "merged_actors": self.merged_actors,
            "events": self.events,
            "canonical_events": self.canonical_events,
            "multi_source_events": self.multi_source_events,
            "quads": self.quads,
            "changed": self.changed,
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        return (
            f"Resolved {self.articles} articles: {self.persons} persons, {self.organizations} organizations, "
            f"{self.countries} countries ({self.merged_actors} actor nodes merged); "
            f"{self.events} event reports -> {self.canonical_events} events "
            f"({self.multi_source_events} reported by several articles); "
            f"{self.seconds:.2f} s"
        )


@dataclass
class Resolution:
    """The derived layer in plain Python (what :func:`resolve` writes as quads).

    actor_canonical: actor node IRI -> canonical actor IRI (every actor node).
    actor_kind: canonical actor IRI -> "person", "organization" or "country".
    actor_label: canonical actor IRI -> preferred label.
    actor_aliases: canonical actor IRI -> sorted other labels.
    event_canonical: event node IRI -> canonical event IRI (every event node).
    event_sources: canonical event IRI -> sorted article graph IRIs reporting it.
    external: canonical actor IRI -> sorted external IRIs (skos:exactMatch).
    articles: how many article graphs were read.
    """

    actor_canonical: dict[str, str] = field(default_factory=dict)
    actor_kind: dict[str, str] = field(default_factory=dict)
    actor_label: dict[str, str] = field(default_factory=dict)
    actor_aliases: dict[str, list[str]] = field(default_factory=dict)
    event_canonical: dict[str, str] = field(default_factory=dict)
    event_sources: dict[str, list[str]] = field(default_factory=dict)
    external: dict[str, list[str]] = field(default_factory=dict)
    articles: int = 0

    def quads(self) -> list[Quad]:
        """The resolution graph, sorted (so equal resolutions give equal lists)."""
        g = NamedNode(RESOLUTION_GRAPH)
        canonical = NamedNode(str(DKG.canonical))
        same_as = NamedNode(str(OWL.sameAs))
        same_event = NamedNode(str(DKG.sameEventAs))
        pref = NamedNode(str(SKOS.prefLabel))
        alt = NamedNode(str(SKOS.altLabel))
        exact = NamedNode(str(SKOS.exactMatch))
        reported = NamedNode(str(DKG.reportedBy))
        count = NamedNode(str(DKG.sourceCount))
        integer = NamedNode(str(XSD.integer))
        out: list[Quad] = []
        for node, canon in self.actor_canonical.items():
            n, c = NamedNode(node), NamedNode(canon)
            out.append(Quad(n, canonical, c, g))
            if node != canon:
                out.append(Quad(n, same_as, c, g))
        for canon, label in self.actor_label.items():
            c = NamedNode(canon)
            out.append(Quad(c, pref, Literal(label), g))
            out.extend(Quad(c, alt, Literal(a), g) for a in self.actor_aliases.get(canon, ()))
            out.extend(Quad(c, exact, NamedNode(x), g) for x in self.external.get(canon, ()))
        for node, canon in self.event_canonical.items():
            n, c = NamedNode(node), NamedNode(canon)
            out.append(Quad(n, canonical, c, g))
            if node != canon:
                out.append(Quad(n, same_event, c, g))
        for canon, sources in self.event_sources.items():
            c = NamedNode(canon)
            out.extend(Quad(c, reported, NamedNode(s), g) for s in sources)
            out.append(Quad(c, count, Literal(str(len(sources)), datatype=integer), g))
        out.sort(key=str)
        return out


# ============================================================================ entry points


def resolve(store: GraphStore, *, write: bool = True) -> ResolutionReport:
    """Recompute the resolution graph from every article graph and store it (atomically).

    Deterministic and independent of ingestion order. When the store already
    holds the same resolution graph nothing is written (``changed`` is False);
    when it holds no article any more, the resolution graph is dropped.

    :param write: False to compute the report without touching the store.
    """
    started = time.perf_counter()
    resolution = compute_resolution(store)
    quads = resolution.quads()
    report = _report(resolution, quads)
    if write:
        if resolution.articles == 0:
            report.changed = store.remove_article(RESOLUTION_GRAPH)
        else:
            digest = _digest_quads(quads)
            if store.article_hash(RESOLUTION_GRAPH) != digest:
                store.replace_articles([(RESOLUTION_GRAPH, digest, quads)])
                report.changed = True
    report.seconds = time.perf_counter() - started
    return report


def compute_resolution(store: GraphStore) -> Resolution:
    """Read the article graphs and decide canonical actors and merged events (no writing)."""
    data = _read(store)
    resolution = Resolution(articles=len(data.articles))
    _resolve_actors(data, resolution)
    _resolve_events(data, resolution)
    return resolution


def _report(resolution: Resolution, quads: list[Quad]) -> ResolutionReport:
    kinds = Counter(resolution.actor_kind.values())
    return ResolutionReport(
        articles=resolution.articles,
        persons=kinds["person"],
        organizations=kinds["organization"],
        countries=kinds["country"],
        actor_nodes=len(resolution.actor_canonical),
        merged_actors=sum(1 for n, c in resolution.actor_canonical.items() if n != c),
        events=len(resolution.event_canonical),
        canonical_events=len(resolution.event_sources),
        multi_source_events=sum(1 for s in resolution.event_sources.values() if len(s) > 1),
        quads=len(quads),
    )


def _digest_quads(quads: list[Quad]) -> str:
    h = hashlib.sha256()
    for q in quads:
        h.update(str(q).encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    return "resolution:" + h.hexdigest()


# ============================================================================ reading


@dataclass
class _Actor:
    iri: str
    kind: str
    labels: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    outlet: bool = False
    iso: str | None = None


@dataclass
class _Event:
    iri: str
    article: str
    kind: str = "other"
    etype: str = ""
    trigger: str = ""
    status: str = "happened"
    date: str | None = None
    sentence: str = ""
    actors: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)


@dataclass
class _Place:
    iri: str
    label: str = ""
    cc: str | None = None
    city: bool = False
    region: bool = False


@dataclass
class _Data:
    articles: dict[str, date | None] = field(default_factory=dict)
    actors: dict[str, _Actor] = field(default_factory=dict)
    #: article -> actor IRIs it mentions
    mentions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: (article, person) -> titles (normalized) and affiliation IRIs
    titles: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    #: person -> (title, affiliation) of every position any article gives them
    positions: dict[str, set[tuple[str, str | None]]] = field(default_factory=lambda: defaultdict(set))
    affiliations: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    events: dict[str, _Event] = field(default_factory=dict)
    places: dict[str, _Place] = field(default_factory=dict)


def _rows(store: GraphStore, sparql: str) -> Iterator[tuple[Any, ...]]:
    answer = store.query(sparql)
    if not isinstance(answer, QuerySolutions):  # pragma: no cover - every query here is a SELECT
        raise TypeError("expected a SELECT answer")
    for solution in answer:
        yield tuple(solution)


def _v(term: Any) -> str | None:
    return None if term is None else str(term.value)


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _read(store: GraphStore) -> _Data:
    data = _Data()
    for g, issued in _rows(store, _Q_ARTICLES):
        if g.value != RESOLUTION_GRAPH:
            data.articles[g.value] = _parse_date(_v(issued))
    articles = data.articles
    actors = data.actors
    for g, packed in _rows(store, _Q_ACTORS):
        if g.value not in articles:
            continue
        mentions = data.mentions[g.value]
        for item in packed.value.split():
            code, iri = item[0], item[1:]
            kind = _KIND_OF_CODE[code]
            actor = actors.get(iri)
            if actor is None:
                actor = actors[iri] = _Actor(iri, kind)
            elif kind != actor.kind and actor.kind == "organization" and kind == "country":
                actor.kind = kind  # typed both ways somewhere: the country wins
            if code == "N":
                actor.outlet = True
            actor.articles.add(g.value)
            mentions.add(iri)
    place_labels: dict[str, str] = {}
    for n, label, count in _rows(store, _Q_LABELS):
        actor = actors.get(n.value)
        if actor is not None:
            actor.labels[label.value] += int(count.value)
        elif n.value not in place_labels or label.value < place_labels[n.value]:
            place_labels[n.value] = label.value
    for n, alt in _rows(store, _Q_ALIASES):
        actor = actors.get(n.value)
        if actor is not None:
            actor.aliases.add(alt.value)
    for n, iso in _rows(store, _Q_ISO):
        actor = actors.get(n.value)
        if actor is not None:
            actor.iso = iso.value.upper()
    positions: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for pos, title, aff in _rows(store, _Q_POSITIONS):
        positions[pos.value].append((_norm_title(title.value), _v(aff)))
    for n, pos, graphs in _rows(store, _Q_HOLDS):
        if n.value not in actors:
            continue
        for g in graphs.value.split():
            if g not in articles:
                continue
            for title, aff in positions.get(pos.value, ()):
                data.positions[n.value].add((title, aff))
                data.titles[(g, n.value)].add(title)
                if aff is not None:
                    data.affiliations[(g, n.value)].add(aff)
    for g, e, kind, etype, trigger, status, dt in _rows(store, _Q_EVENTS):
        if g.value not in articles:
            continue
        ev = data.events.get(e.value)
        if ev is None:
            ev = data.events[e.value] = _Event(e.value, g.value, kind=kind.value)
        if etype is not None:
            ev.etype = etype.value.rsplit("/", 1)[-1]
        if trigger is not None:
            ev.trigger = trigger.value
        if status is not None:
            ev.status = status.value
        if dt is not None and (ev.date is None or len(dt.value) > len(ev.date)):
            ev.date = dt.value
    for e, sentence in _rows(store, _Q_SENTENCES):
        ev = data.events.get(e.value)
        if ev is not None and len(sentence.value) > len(ev.sentence):
            ev.sentence = sentence.value
    for e, packed in _rows(store, _Q_EVENT_ACTORS):
        ev = data.events.get(e.value)
        if ev is not None:
            ev.actors.update(packed.value.split())
    for e, p in _rows(store, _Q_EVENT_PLACES):
        ev = data.events.get(e.value)
        if ev is not None:
            ev.places.add(p.value)
            if p.value not in data.places:
                data.places[p.value] = _Place(p.value, label=place_labels.get(p.value, ""))
    for p, cc in _rows(store, _Q_PLACE_COUNTRIES):
        place = data.places.get(p.value)
        if place is not None:
            place.cc = cc.value.upper()
    for p, ptype in _rows(store, _Q_PLACE_TYPES):
        place = data.places.get(p.value)
        if place is not None:
            if ptype.value.endswith("#City"):
                place.city = True
            else:
                place.region = True
    return data


# ============================================================================ actors


class _UnionFind:
    """Union-find over strings; the representative is chosen by the caller afterwards."""

    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Deterministic: the smaller string becomes the root.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for item in sorted(self.parent):
            out[self.find(item)].append(item)
        return out


_TITLE_VARIANTS = {"advisor": "adviser", "spokesman": "spokesperson", "spokeswoman": "spokesperson"}
_TITLE_SYNONYMS = {
    "minister of foreign affairs": "foreign minister",
    "secretary of state": "foreign minister",
}
_ORG_STOP = frozenset(
    {"of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "le", "al", "el", "to", "at"}
)
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}
_SINCE_RE = re.compile(
    r"(?:\s+of\s+(?:the\s+|their\s+|its\s+)?[\w-]+(?:\s+[\w-]+){0,3}?)?\s+(?:in\s+(?:almost\s+|nearly\s+|more\s+than\s+|"
    r"over\s+|about\s+)?(?:a|an|\w+)\s+(?:years?|months?|decades?|weeks?)|since\b)",
    re.IGNORECASE,
)
_ORDINAL_RE = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))"
    r"\s+(?:\w+\s+)?(round|session|phase|leg|meeting|summit|day)s?\b",
    re.IGNORECASE,
)


def _norm_title(title: str) -> str:
    words = normalize_key(title).split("-")
    text = " ".join(_TITLE_VARIANTS.get(w, w) for w in words)
    return _TITLE_SYNONYMS.get(text, text)


def _words(label: str) -> list[str]:
    return [w for w in label.split() if w.strip(".,")]


@lru_cache(maxsize=1)
def _country_forms() -> dict[str, str]:
    """Normalized country names, aliases and demonyms (as key prefixes) -> ISO code."""
    from ingest.lexicons import load_data

    forms: dict[str, str] = {}
    for entry in load_data("countries.json")["countries"]:
        iso = entry["iso"]
        for form in (entry["name"], *entry.get("aliases", ()), *entry.get("demonyms", ())):
            key = normalize_key(form)
            if key and key not in forms:
                forms[key] = iso
    forms.setdefault("u-s", "US")
    forms.setdefault("us", "US")
    return forms


@lru_cache(maxsize=1)
def _country_geonames() -> dict[str, int]:
    from ingest.lexicons import load_data

    return {
        e["iso"]: int(e["geonames_id"])
        for e in load_data("countries.json")["countries"]
        if e.get("geonames_id") is not None
    }


@lru_cache(maxsize=1)
def _org_lexicon() -> dict[str, str]:
    """Normalized well-known organization names and aliases -> normalized canonical name."""
    from ingest.lexicons import actor_lexicon

    out: dict[str, str] = {}
    for alias, name in actor_lexicon().organizations.items():
        out[_org_key(alias)] = _org_key(name)
    return out


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    from ingest.lexicons import actor_lexicon

    return actor_lexicon().org_words


def _org_key(label: str) -> str:
    key = normalize_key(label)
    return key[4:] if key.startswith("the-") else key


def _split_country(key: str) -> tuple[str, str] | None:
    """("US", "state-department") for "u-s-state-department", ("BO", "national-customs") for
    "national-customs-of-bolivia"; None when no country prefix or "of <country>" suffix."""
    tokens = key.split("-")
    forms = _country_forms()
    for k in range(len(tokens) - 1, 0, -1):
        if tokens[k] != "of":
            continue
        tail = tokens[k + 1 :]
        if tail[:1] == ["the"]:
            tail = tail[1:]
        iso = forms.get("-".join(tail))
        if iso is not None and k >= 1:
            return iso, "-".join(tokens[:k])
        break
    for k in range(min(4, len(tokens) - 1), 0, -1):
        iso = forms.get("-".join(tokens[:k]))
        if iso is None:
            continue
        rest = tokens[k:]
        if len(rest) >= 2 or rest[-1] in _org_words():
            return iso, "-".join(rest)
        return None
    return None


def _acronym(label: str) -> str | None:
    text = label.replace(".", "").strip()
    if 2 <= len(text) <= 8 and " " not in text and text.isupper() and text.isalpha():
        return text
    return None


def _initials(key: str) -> set[str]:
    tokens = [t for t in key.split("-") if t]
    out = set()
    if len(tokens) >= 2:
        out.add("".join(t[0] for t in tokens).upper())
    significant = [t for t in tokens if t not in _ORG_STOP]
    if len(significant) >= 2:
        out.add("".join(t[0] for t in significant).upper())
    return out


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a transposition counts 1), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _close_words(a: str, b: str) -> bool:
    """Two spellings of one name word: "zelensky"/"zelenskyy", "andriy"/"andrii"."""
    if a == b:
        return True
    shortest = min(len(a), len(b))
    if shortest < 4 or a[0] != b[0]:
        return False
    limit = 2 if shortest >= 6 else 1
    return _edit_distance(a, b, limit) <= limit


class _ActorContext:
    """What the store says about each actor node, for deciding whether two names are one actor."""

    def __init__(self, data: _Data) -> None:
        self.data = data
        self.titles: dict[str, set[str]] = defaultdict(set)
        self.affiliations: dict[str, set[str]] = defaultdict(set)
        for (_g, n), t in data.titles.items():
            self.titles[n] |= t
        for (_g, n), a in data.affiliations.items():
            self.affiliations[n] |= a
        self._strong: dict[str, set[str]] = {}
        self._all: dict[str, set[str]] = {}

    def roles(self, node: str) -> set[str]:
        """Titles and affiliations any article gives ``node``."""
        return {"title:" + t for t in self.titles.get(node, ())} | set(self.affiliations.get(node, ()))

    def comentions(self, node: str) -> set[str]:
        """Every actor named in the same articles as ``node``, with its own titles and affiliations."""
        cached = self._all.get(node)
        if cached is None:
            cached = set(self.roles(node))
            for g in self.data.actors[node].articles:
                cached |= self.data.mentions[g]
            self._all[node] = cached
        return cached

    def strong_comentions(self, node: str) -> set[str]:
        """Persons and organizations named in the same articles as ``node``."""
        cached = self._strong.get(node)
        if cached is None:
            data = self.data
            cached = set()
            for g in data.actors[node].articles:
                cached |= data.mentions[g]
            cached = {a for a in cached if a in data.actors and data.actors[a].kind != "country"}
            cached.discard(node)
            self._strong[node] = cached
        return cached

    def support(
        self, article: str, node: str, candidate_members: list[str], root: Callable[[str], str]
    ) -> int:
        """How strongly ``article``, naming ``node`` by one word, points to the person
        ``candidate_members``: 3 when the article names that person in full; 2 when it gives ``node``
        the same title or affiliation, or names the person's affiliation; 1 when it only names a
        person or organization named with them elsewhere; 0 otherwise.

        ``root`` gives an actor's cluster so far: a person named alongside both under two spellings
        ("Narek Vardanian" here, "Narek Vardanyan" there) still counts as the same company.
        """
        data = self.data
        titles = data.titles.get((article, node), set())
        affs = data.affiliations.get((article, node), set())
        in_article = data.mentions[article]
        if any(m in in_article for m in candidate_members):
            return 3
        for m in candidate_members:
            if titles & self.titles.get(m, set()) or affs & self.affiliations.get(m, set()):
                return 2
            if self.affiliations.get(m, set()) & in_article:
                return 2
        # A person or organization named with the candidate elsewhere and here too.
        here = {root(x) for x in in_article - {node} - set(candidate_members)}
        here.discard(root(node))
        return int(any(root(x) in here for m in candidate_members for x in self.strong_comentions(m)))


def _reclassify_misread_persons(data: _Data) -> None:
    """An "organization" named exactly like a known person, or like the end of a person's full name
    ("Stojanovska Petrova" of "Elena Stojanovska Petrova"), with no organization word in it, is that
    person misread: resolve it as a person."""
    actors = data.actors
    person_keys: set[str] = set()
    for iri, a in actors.items():
        if a.kind == "person":
            tokens = _iri_key(iri).split("-")
            person_keys.update("-".join(tokens[k:]) for k in range(len(tokens) - 1))
    words = _org_words()
    for iri, a in actors.items():
        if a.kind != "organization" or a.outlet or _is_acronym_only(a):
            continue
        key = _iri_key(iri)
        tokens = key.split("-")
        if len(tokens) >= 2 and key in person_keys and not any(t in words or t in _ORG_STOP for t in tokens):
            a.kind = "person"


def _resolve_actors(data: _Data, res: Resolution) -> None:
    actors = data.actors
    _reclassify_misread_persons(data)
    uf = _UnionFind(actors)
    ctx = _ActorContext(data)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for iri in sorted(actors):
        by_kind[actors[iri].kind].append(iri)

    _resolve_persons(by_kind["person"], data, ctx, uf)
    _resolve_organizations(by_kind["organization"], data, uf)

    # Canonical member and labels per cluster.
    groups = uf.groups()
    for members in groups.values():
        canon = min(members, key=lambda m: _canonical_rank(actors[m]))
        kind = actors[canon].kind
        labels: Counter[str] = Counter()
        for m in members:
            labels.update(actors[m].labels)
        own = actors[canon].labels or labels
        # Most used; then longest; then with diacritics kept ("Dembélé" over "Dembele").
        pref = (
            min(own, key=lambda lab: (-own[lab], -len(lab), -sum(not c.isascii() for c in lab), lab))
            if own
            else canon.rsplit("/", 1)[-1]
        )
        aliases = set(labels)
        for m in members:
            aliases |= actors[m].aliases
        aliases.discard(pref)
        for m in members:
            res.actor_canonical[m] = canon
        res.actor_kind[canon] = kind
        res.actor_label[canon] = pref
        res.actor_aliases[canon] = sorted(aliases)
        iso = next((actors[m].iso for m in members if actors[m].iso), None)
        if kind == "country" and iso and iso in _country_geonames():
            res.external[canon] = [f"https://sws.geonames.org/{_country_geonames()[iso]}/"]


def _iri_key(iri: str) -> str:
    """The normalized name an actor IRI was minted from ("u-s-state-department")."""
    return unquote(iri.rsplit("/", 1)[-1])


def _is_acronym_only(actor: _Actor) -> bool:
    return (
        "-" not in _iri_key(actor.iri) and bool(actor.labels) and all(_acronym(lab) for lab in actor.labels)
    )


def _is_short(actor: _Actor) -> bool:
    if actor.kind == "person":
        return len(_words(_main_label(actor))) < 2
    return _is_acronym_only(actor)


def _canonical_rank(actor: _Actor) -> tuple[bool, bool, int, int, str]:
    """Full names before surnames, initials and acronyms; then persons by use, organizations by fullness."""
    tokens = _iri_key(actor.iri).split("-")
    half = len(tokens) // 2
    # Initials ("V. Raghunathan") and doubled names ("David Gee David Gee") make poor canonical names.
    initial = any(len(t) == 1 for t in tokens) or (len(tokens) % 2 == 0 and tokens[:half] == tokens[half:])
    if actor.kind == "person":
        return (_is_short(actor), initial, -len(actor.articles), -len(tokens), actor.iri)
    return (_is_short(actor), False, -len(tokens), -len(actor.articles), actor.iri)


def _main_label(actor: _Actor) -> str:
    if not actor.labels:
        return _iri_key(actor.iri)
    return max(actor.labels, key=lambda lab: (actor.labels[lab], lab))


def _resolve_persons(persons: list[str], data: _Data, ctx: _ActorContext, uf: _UnionFind) -> None:
    actors = data.actors
    multi: list[str] = []
    single: list[str] = []
    tokens: dict[str, list[str]] = {}
    for p in persons:
        label = _main_label(actors[p])
        tokens[p] = [t for t in _iri_key(p).split("-") if t]
        (multi if len(_words(label)) >= 2 and len(tokens[p]) >= 2 else single).append(p)

    def shared_role(a: str, b: str) -> bool:
        return bool(ctx.roles(a) & ctx.roles(b))

    def shared_position(a: str, b: str) -> bool:
        """The same title for the same country or organization ("Foreign Minister" of Bulgaria)."""
        pa = {x for x in data.positions.get(a, ()) if x[1] is not None}
        return bool(pa & data.positions.get(b, set()))

    def shared_strong(a: str, b: str) -> bool:
        return bool((ctx.strong_comentions(a) & ctx.strong_comentions(b)) - {a, b})

    def shared_context(a: str, b: str) -> bool:
        """A title, an affiliation or any co-mentioned actor (a country too) in common."""
        return shared_role(a, b) or bool(ctx.comentions(a) & ctx.comentions(b) - {a, b})

    # 0. The same name under two kinds' IRIs (a person misread as an organization somewhere).
    same_name: dict[str, list[str]] = defaultdict(list)
    for p in persons:
        same_name["-".join(tokens[p])].append(p)
    for members in same_name.values():
        for m in members[1:]:
            uf.union(members[0], m)

    # 1. A multi-word alias one article gives a person is that person ("Mohammed al-Sudani").
    alias_owner: dict[str, set[str]] = defaultdict(set)
    for p in multi:
        for alias in actors[p].aliases:
            if len(_words(alias)) >= 2:
                alias_owner[normalize_key(alias)].add(p)
    for p in multi:
        owners = alias_owner.get("-".join(tokens[p]), set()) - {p}
        if len(owners) == 1:
            uf.union(p, next(iter(owners)))

    # 2. Spelling variants, initials and dropped middle names, blocked by last and by first word.
    #    Blocks: same surname (shorter forms), same surname + initial + length (initials, first-name
    #    spellings), same first name + length (other spellings).
    by_last: dict[str, list[str]] = defaultdict(list)
    by_first_name: dict[str, list[str]] = defaultdict(list)
    by_last_initial: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    by_first_len: dict[tuple[str, int], list[str]] = defaultdict(list)
    for p in multi:
        by_last[tokens[p][-1]].append(p)
        by_first_name[tokens[p][0]].append(p)
        by_last_initial[(tokens[p][-1], tokens[p][0][0], len(tokens[p]))].append(p)
        by_first_len[(tokens[p][0], len(tokens[p]))].append(p)

    def variant(a: list[str], b: list[str]) -> str | None:
        """How name b relates to name a: "spelling", "initial", "shorter" or None."""
        if len(a) == len(b):
            diffs = [(i, x, y) for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
            if diffs and all(
                (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)) for _i, x, y in diffs
            ):
                # "V. Raghunathan", "S.K. Iyer": initials, all on one side.
                if all(len(x) == 1 for _i, x, _y in diffs) or all(len(y) == 1 for _i, _x, y in diffs):
                    return "initial"
                return None
            if len(diffs) != 1:
                return None
            i, x, y = diffs[0]
            if not (x.isalpha() and y.isalpha() and _close_words(x, y)):
                return None
            # Same first name, one other word spelt a little differently ("Zelensky", "Zelenskyy"); or
            # the first name spelt differently ("Ivailo", "Ivaylo Marinov"), which needs more (below).
            return "spelling" if i > 0 else "first-name"
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        half = len(long_) // 2
        if len(long_) % 2 == 0 and long_[:half] == long_[half:]:
            return None  # "David Gee David Gee": a doubled name is a reading slip, not a fuller name
        # Fewer words in the same order, from the same first name: a dropped middle name ("Abdirahman
        # Warsame"), a patronymic or second family name left out ("Dawit Alemu", "Javier Rocha").
        if len(short) >= 2 and short[0] == long_[0]:
            it = iter(long_)
            if all(t in it for t in short):
                return "shorter"
        return None

    spelling: list[tuple[str, str]] = []
    fuller: dict[str, set[str]] = defaultdict(set)  # initialled or shorter name -> fuller names
    compared: set[tuple[str, str]] = set()
    shorter_blocks = [(block, True) for block in [*by_last.values(), *by_first_name.values()]]
    same_length_blocks = [(block, False) for block in [*by_last_initial.values(), *by_first_len.values()]]
    for block, shorter_only in shorter_blocks + same_length_blocks:
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if shorter_only and len(tokens[a]) == len(tokens[b]):
                    continue  # same length: compared in the other blocks
                if (a, b) in compared:
                    continue
                compared.add((a, b))
                how = variant(tokens[a], tokens[b])
                if how is None:
                    continue
                # A spelling variant needs the same title or affiliation, a differently spelt first name
                # the same position (title and affiliation), a shorter form some shared context.
                if how == "spelling":
                    # Or a person or organization named alongside both ("Elnur Mamedov" and "Elnur
                    # Mammadov", each with the same counterpart).
                    ok = shared_role(a, b) or shared_strong(a, b)
                elif how == "first-name":
                    # The same position, or one letter apart and named with the same person or
                    # organization ("Ivailo" and "Ivaylo Marinov", each with "Elena Stojanovska-Petrova").
                    close = _edit_distance(tokens[a][0], tokens[b][0], 1) <= 1
                    ok = shared_position(a, b) or (close and shared_strong(a, b))
                else:
                    ok = shared_context(a, b)
                if not ok:
                    continue
                if how in ("spelling", "first-name"):
                    spelling.append((a, b))
                elif how == "initial":
                    short = a if any(len(t) == 1 for t in tokens[a]) else b
                    fuller[short].add(b if short == a else a)
                else:
                    short = a if len(tokens[a]) < len(tokens[b]) else b
                    fuller[short].add(b if short == a else a)
    for a, b in sorted(spelling):
        uf.union(a, b)
    # A shorter or initialled form names a fuller person only when there is just one.
    for short in sorted(fuller, key=lambda x: (-len(tokens[x]), x)):  # longer forms first: chains fold up
        roots = {uf.find(x) for x in fuller[short]}
        if len(roots) == 1:
            uf.union(short, min(fuller[short]))

    # 3. A surname alone ("Biden", "Ben-Shabbat", "Morales Pineda", or "Benitez" of "Jorge Benitez
    #    Lara"): the one fuller name it ends with (or, for a family name written first, "Xi", starts
    #    with, when some article calls that person so), supported by every article naming it so.
    by_suffix: dict[str, set[str]] = defaultdict(set)
    by_first: dict[str, set[str]] = defaultdict(set)
    for p in multi:
        t = tokens[p]
        for k in range(1, len(t)):
            by_suffix["-".join(t[k:])].add(p)
        if len(t) >= 3 and len(t[-2]) >= 3:
            by_suffix[t[-2]].add(p)  # the first of two family names ("Benitez" of "Jorge Benitez Lara")
        if any(normalize_key(alias) == t[0] for alias in actors[p].aliases):
            by_first[t[0]].add(p)

    def link_partial(p: str) -> None:
        key = "-".join(tokens[p])
        if not key:
            return
        own = uf.find(p)
        names = {
            x for x in by_suffix.get(key, set()) | by_first.get(key, set()) if len(tokens[x]) > len(tokens[p])
        }
        roots = sorted({uf.find(x) for x in names} - {own})
        if not roots:
            return
        clusters = {r: [x for x in names if uf.find(x) == r] for r in roots}
        chosen: str | None = None
        for article in sorted(actors[p].articles):
            # The one candidate the article points to directly, else the one it points to at all.
            support = {r: ctx.support(article, p, clusters[r], uf.find) for r in roots}
            best = max(support.values())
            supported = [r for r in roots if support[r] == best]
            if best == 0 or len(supported) != 1 or (chosen is not None and supported[0] != chosen):
                return
            chosen = supported[0]
        if chosen is not None:
            uf.union(p, chosen)

    for p in multi:
        link_partial(p)
    for p in single:
        link_partial(p)


def _resolve_organizations(orgs: list[str], data: _Data, uf: _UnionFind) -> None:
    actors = data.actors
    keys = {o: _org_key(_iri_key(o)) for o in orgs}
    lexicon = _org_lexicon()

    # 1. Same name once "the", a country prefix's spelling and well-known aliases are set aside.
    by_norm: dict[str, list[str]] = defaultdict(list)
    split: dict[str, tuple[str, str]] = {}
    for o in orgs:
        k = keys[o]
        k = lexicon.get(k, k)
        parts = _split_country(k)
        if parts is not None:
            split[o] = parts
            by_norm[f"{parts[0]}|{parts[1]}"].append(o)
        else:
            by_norm[k].append(o)
    for members in by_norm.values():
        for m in members[1:]:
            uf.union(members[0], m)

    # 2. A bare name ("State Department") joins the one country-prefixed form the store knows,
    #    when every article naming it bare also names that country.
    isos_of_rest: dict[str, set[str]] = defaultdict(set)
    prefixed_of_rest: dict[str, list[str]] = defaultdict(list)
    for o, (iso, rest) in split.items():
        isos_of_rest[rest].add(iso)
        prefixed_of_rest[rest].append(o)
    country_of_iso: dict[str, str] = {}
    for a in actors.values():
        if a.kind == "country" and a.iso:
            country_of_iso.setdefault(a.iso, a.iri)
    for o in orgs:
        if o in split:
            continue
        rest = keys[o]
        isos = isos_of_rest.get(rest)
        if not isos or len(isos) != 1:
            continue
        iso = next(iter(isos))
        country = country_of_iso.get(iso)
        if country is None or not all(country in data.mentions[g] for g in actors[o].articles):
            continue
        uf.union(o, prefixed_of_rest[rest][0])

    # 3. A name an article gives as another organization's alias.
    alias_owner: dict[str, set[str]] = defaultdict(set)
    for o in orgs:
        for alias in actors[o].aliases:
            alias_owner[_org_key(alias)].add(o)
    for o in orgs:
        owners = {uf.find(x) for x in alias_owner.get(keys[o], set()) if x != o}
        owners.discard(uf.find(o))
        if len(owners) == 1:
            uf.union(o, next(iter(owners)))

    # 4. Initials of exactly one other organization's name ("BLA", "IAEA").
    by_initials: dict[str, set[str]] = defaultdict(set)
    for o in orgs:
        if not _is_acronym_only(actors[o]):
            for ini in _initials(keys[o]):
                by_initials[ini].add(o)
    for o in orgs:
        if not _is_acronym_only(actors[o]):
            continue
        acro = _acronym(_main_label(actors[o]))
        if acro is None:
            continue
        owners = {uf.find(x) for x in by_initials.get(acro, set())}
        owners.discard(uf.find(o))
        if len(owners) == 1:
            uf.union(o, next(iter(owners)))


# ============================================================================ events


def _interval(value: str) -> tuple[date, date] | None:
    try:
        if len(value) >= 10:
            d = date.fromisoformat(value[:10])
            return d, d
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            first = date(y, m, 1)
            last = (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)
            return first, last
        if len(value) == 4:
            y = int(value)
            return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None
    return None


def _dates_compatible(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _days_apart(a: str, b: str) -> int | None:
    """Days between two day-precision dates; None unless both are days."""
    if len(a) < 10 or len(b) < 10:
        return None
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def _dates_close(a: str, b: str) -> bool:
    """Dates one cluster may hold together: compatible, or days at most one apart."""
    if _dates_compatible(a, b):
        return True
    apart = _days_apart(a, b)
    return apart is not None and apart <= 1


#: Event types one event may be reported under: a meeting is also called talks, a negotiation, a
#: summit, a visit or a conference; an attack a bombing or a shooting; a seizure of people a
#: kidnapping; a deal a ceasefire. A phone call, a summons, a strategic dialogue, a Security Council
#: meeting, a sanction or a missile launch is only itself.
_ETYPE_FAMILIES = (
    frozenset({"meeting", "negotiation", "summit", "visit", "conference"}),
    frozenset(
        {
            "explosion",
            "attack",
            "airstrike",
            "bombing",
            "shelling",
            "shooting",
            "drone_attack",
            "assassination",
        }
    ),
    frozenset({"seizure", "detention", "kidnapping"}),
    frozenset({"agreement_signed", "ceasefire"}),
)
#: Words of a run in a sentence that may name an actor or a place (a capital or a digit starts it).
_NAME_WORD_SPLIT = re.compile(r"[^0-9A-Za-z]+")
#: Longest name looked up in a sentence, in words.
_LONGEST_NAME = 6
#: Two sentences this alike (shared words over all words) are one sentence lightly edited.
_NEAR_COPY = 0.8


@lru_cache(maxsize=1)
def _exclusive_types() -> frozenset[str]:
    """Event types one pair of parties rarely has twice in a week (a summons, a phone call): the
    coreference data of ``ingest/data/events.json``."""
    from ingest.lexicons import load_data

    return frozenset(load_data("events.json")["coreference"]["exclusive_types"])


def _etypes_compatible(a: str, b: str) -> bool:
    """Whether two event types may name one event (an unknown type is compatible with any)."""
    if not a or not b or a == b:
        return True
    return any(a in family and b in family for family in _ETYPE_FAMILIES)


def _name_runs(sentence: str) -> list[tuple[int, int, str]]:
    """(first word, word count, normalized key as :func:`normalize_key` makes it) of every run of up
    to six words of ``sentence`` that starts with a capital letter or a digit: the names it may hold."""
    text = unicodedata.normalize("NFKD", sentence)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("'s ", " ")
    words = [w for w in _NAME_WORD_SPLIT.split(text) if w]
    runs: list[tuple[int, int, str]] = []
    for i, word in enumerate(words):
        if not (word[0].isupper() or word[0].isdigit()):
            continue
        for n in range(1, min(_LONGEST_NAME, len(words) - i) + 1):
            runs.append((i, n, "-".join(words[i : i + n]).casefold()))
    return runs


def _sentence_words(sentence: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in re.findall(r"\w+", sentence))


def _near_copy(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sentences of at least eight words sharing nearly all their words ("Just days later, ..."
    and "Days later, ...")."""
    if len(a) < 8 or len(b) < 8:
        return False
    return len(a & b) >= _NEAR_COPY * len(a | b)


@dataclass
class _EventView:
    """An event (or a group of identical copies) as the comparison sees it.

    persons, orgs, countries: canonical participants. implied: countries the participants stand for
    (a minister's country, the country of "Malian Armed Forces"). named: canonical actors the evidence
    sentence names, participants or not; named_places: keys of the places it names. site_keys: keys of
    its places that are not whole regions. ccs: ISO codes of the countries and implied countries.
    """

    key: str
    kind: str
    etype: str
    trigger: str
    status: str
    when: str | None
    interval: tuple[date, date] | None
    pub: date | None
    date_is_pub: bool
    sentence: str
    words: frozenset[str]
    ordinals: frozenset[int]
    persons: frozenset[str]
    orgs: frozenset[str]
    countries: frozenset[str]
    implied: frozenset[str]
    named: frozenset[str]
    places: frozenset[str]
    place_keys: frozenset[str]
    site_keys: frozenset[str]
    named_places: frozenset[str]
    ccs: frozenset[str]
    anchor: int | None
    members: list[str]
    articles: set[str]

    @property
    def participants(self) -> frozenset[str]:
        return self.persons | self.orgs | self.countries

    @property
    def nations(self) -> frozenset[str]:
        """Participating countries, with those the other participants stand for."""
        return self.countries | self.implied


@dataclass(frozen=True)
class _Shared:
    """What two reports have in common.

    persons, orgs, countries: shared participants (countries through implied ones too).
    soft_strong, soft_countries: persons or organizations, and countries, one report has as
    participants and the other only names in its sentence.
    place: "same", "named" (one report's place named in the other's sentence), "near" (one inside the
    other's country), "host" (the one report's place lies in a country the other, placeless, names
    as a participant), "elsewhere" (the placeless report's sentence names only other places),
    "unknown" or "conflict".
    """

    persons: int
    orgs: int
    countries: int
    soft_strong: int
    soft_countries: int
    place: str

    @property
    def strong(self) -> int:
        return self.persons + self.orgs


def _ordinals(sentence: str) -> frozenset[int]:
    """The round numbers a sentence gives ("the fourth session", "2nd round"); not a first told
    against time ("the first ministerial session in almost two years", "the first meeting since
    2019"), which numbers no round."""
    out = set()
    for m in _ORDINAL_RE.finditer(sentence):
        if _SINCE_RE.match(sentence, m.end()):
            continue
        word = m.group(1).lower()
        if word in _ORDINALS:
            out.add(_ORDINALS[word])
        else:
            digits = "".join(c for c in word if c.isdigit())
            if digits:
                out.add(int(digits))
    return frozenset(out)


def _place_relation(a: _EventView, b: _EventView, places: dict[str, _Place]) -> str:
    """ "same", "near" (one inside the other's country), "unknown" or "conflict".

    A report naming a town or site and its region ("Sibi, Balochistan") is placed by the town: it is
    at the same place as a report giving only the region, not as one naming another town there.
    """
    if not a.places or not b.places:
        return "unknown"
    if a.site_keys & b.site_keys or (a.place_keys & b.place_keys and not (a.site_keys and b.site_keys)):
        return "same"
    for p in _specific(a, places):
        for q in _specific(b, places):
            pp, qq = places[p], places[q]
            if pp.cc is not None and pp.cc == qq.cc and not (pp.city and qq.city):
                return "near"
    # Different places, unless one of them could not be located at all.
    located = all(places[p].cc is not None for p in a.places | b.places)
    return "conflict" if located else "unknown"


def _specific(v: _EventView, places: dict[str, _Place]) -> list[str]:
    """A report's towns and sites, or its regions when it names nothing finer."""
    sites = sorted(p for p in v.places if not places[p].region)
    return sites or sorted(v.places)


def _hosts(placed: _EventView, placeless: _EventView, places: dict[str, _Place]) -> bool:
    """``placed`` happened at a place (not a whole region) in a country ``placeless`` has as a participant."""
    if placeless.places or not placeless.ccs:
        return False
    return any(
        not places[p].region and places[p].cc is not None and places[p].cc in placeless.ccs
        for p in placed.places
    )


def _names_place(placed: _EventView, other: _EventView) -> bool:
    """``other``'s sentence names ``placed``'s place: its town or site when it has one, not only the
    region around it ("Balochistan" does not name "Kalat, Balochistan")."""
    return bool((placed.site_keys or placed.place_keys) & other.named_places)


def _shared(a: _EventView, b: _EventView, places: dict[str, _Place]) -> _Shared:
    persons = a.persons & b.persons
    orgs = a.orgs & b.orgs
    countries = a.nations & b.nations
    hard_a, hard_b = a.participants | a.implied, b.participants | b.implied
    soft = ((hard_a & b.named) | (hard_b & a.named)) - persons - orgs - countries
    strong_any = a.persons | a.orgs | b.persons | b.orgs
    place = _place_relation(a, b, places)
    if place == "unknown":
        if _names_place(a, b) or _names_place(b, a):
            place = "named"
        elif _hosts(a, b, places) or _hosts(b, a, places):
            place = "host"
        elif (b.places and not a.places and a.named_places) or (a.places and not b.places and b.named_places):
            # The placeless report's sentence names somewhere else ("a first session due in Addis
            # Ababa" against talks in Djibouti City).
            place = "elsewhere"
    return _Shared(
        persons=len(persons),
        orgs=len(orgs),
        countries=len(countries),
        soft_strong=len(soft & strong_any),
        soft_countries=len(soft - strong_any),
        place=place,
    )


def _soon_after(a: _EventView, b: _EventView) -> bool:
    """An undated report published between the day before and a week after the other's date (both
    undated: within three days of each other)."""
    if a.pub is None or b.pub is None:
        return False
    if a.interval is not None or b.interval is not None:
        lo, hi = a.interval if a.interval is not None else b.interval  # type: ignore[misc]
        published = b.pub if a.interval is not None else a.pub
        return lo - timedelta(days=1) <= published <= hi + timedelta(days=7)
    return abs((a.pub - b.pub).days) <= 3


def _is_copy(a: _EventView, b: _EventView, copied: Callable[[_EventView, _EventView], bool] | None) -> bool:
    """One sentence (or one lightly edited) reporting the event with the same trigger: a syndicated copy."""
    if not a.sentence or a.trigger != b.trigger:
        return False
    if a.sentence != b.sentence and not _near_copy(a.words, b.words):
        return False
    if a.when or b.when or a.places or b.places:
        return True
    # A sentence with neither date nor place repeated as background ("Islamabad has blamed several
    # recent attacks on ...") names no identifiable event: only whole copies merge it, or two reports
    # published days apart that name the same person or organization as one event (not "attacks").
    if copied is not None and copied(a, b):
        return True
    if a.pub is None or b.pub is None or abs((a.pub - b.pub).days) > 3:
        return False
    return not _several(a) and bool((a.persons & b.persons) | (a.orgs & b.orgs))


def _several(v: _EventView) -> bool:
    """An incident reported in the plural ("several recent attacks", "ramped up attacks"): several
    events, none of them identifiable, which only a copy of the same sentence reports again."""
    trigger = v.trigger.lower()
    return v.kind == "incident" and trigger.endswith("s") and not trigger.endswith("ss")


def _date_relation(a: _EventView, b: _EventView) -> str | None:
    """ "day", "coarse", "adjacent" (days one apart), "none" (a date unknown), None (incompatible)."""
    if not (a.when and b.when):
        return "none"
    if _dates_compatible(a.when, b.when):
        return "day" if len(a.when) >= 10 and len(b.when) >= 10 else "coarse"
    if _days_apart(a.when, b.when) == 1 and (
        a.status == "planned" or b.status == "planned" or a.date_is_pub or b.date_is_pub
    ):
        # A plan for Wednesday and a report dated Thursday, or a date that is only the article's own
        # day: one day apart may be the same (multi-day) event.
        return "adjacent"
    return None


def _impossible_order(a: _EventView, b: _EventView) -> bool:
    """A plan reported on day P is not something that had already happened before P; an undated
    report of something that had happened by day P is not something that happens after P."""
    for x, y in ((a, b), (b, a)):
        if x.pub is None or y.interval is None:
            continue
        if x.status == "planned" and y.interval[1] < x.pub - timedelta(days=1):
            return True
        if x.status == "happened" and x.interval is None and y.interval[0] > x.pub + timedelta(days=1):
            return True
    return False


def _within_undated_window(a: _EventView, b: _EventView) -> bool:
    """When a date is unknown, the reports must be close in time (dates or publication days)."""
    limit = UNDATED_WINDOW if (a.when or b.when) else UNDATED_WINDOW // 3
    if a.anchor is None or b.anchor is None:
        return False
    dated, undated = (a, b) if a.interval is not None else (b, a)
    if dated.interval is not None and undated.pub is not None:
        lo, hi = dated.interval
        p = undated.pub
        return lo - timedelta(days=limit) <= p <= hi + timedelta(days=limit)
    return abs(a.anchor - b.anchor) <= limit


def _enough(a: _EventView, b: _EventView, date_rel: str, s: _Shared) -> bool:
    """Whether what the reports share is evidence enough for their date relation."""
    strong_any = s.strong + s.soft_strong
    countries_any = s.countries + s.soft_countries
    same_place = s.place in ("same", "named")
    conflict = s.place == "conflict"
    if conflict and s.strong == 0:
        return False
    compatible = _etypes_compatible(a.etype, b.etype)
    if a.etype == b.etype in _exclusive_types() and a.nations - b.nations and b.nations - a.nations:
        return False  # Iraq's envoy summoned is not Iran's envoy summoned
    silent = not a.participants or not b.participants
    if date_rel == "day":
        return (
            strong_any > 0
            or same_place
            or countries_any >= 2
            or (countries_any >= 1 and s.place == "near")
            # A report giving only a place, the other only the countries, one of them the place's.
            or (s.place == "host" and silent and compatible)
        )
    if date_rel == "coarse":
        return (
            s.strong > 0
            or s.place == "same"
            or (s.countries >= 2 and not conflict)
            or (s.place == "named" and (strong_any > 0 or countries_any > 0))
        )
    if date_rel == "adjacent":
        return (strong_any > 0 and not conflict) or (same_place and countries_any >= 1)
    # No date on one side: the place must agree and the participants overlap; or, when one report
    # names no participant at all, the same sort of event at the same place reported within a
    # fortnight; or the same two (or more) people or organizations in the same sort of event, the
    # undated report published within days of the other (a week after a dated one).
    close = a.pub is not None and b.pub is not None and abs((a.pub - b.pub).days) <= UNDATED_WINDOW // 3
    if same_place and (strong_any > 0 or countries_any > 0 or (silent and compatible and close)):
        return True
    if (
        s.place == "host"
        and a.etype == b.etype
        and a.etype in _exclusive_types()
        and countries_any >= 2
        and _soon_after(a, b)
    ):
        return True  # a summons in Abu Dhabi of Iran's envoy, told days after the dated one
    return (
        s.place not in ("conflict", "elsewhere")
        and compatible
        and s.strong >= 1
        and strong_any >= 2
        and _soon_after(a, b)
    )


def _score(a: _EventView, b: _EventView, date_rel: str, s: _Shared) -> float:
    score = 3.0 * s.persons + 2.0 * s.orgs + 1.0 * s.countries + 1.0 * s.soft_strong + 0.5 * s.soft_countries
    score += {"same": 3.0, "named": 2.0, "near": 1.0, "host": 1.0}.get(s.place, 0.0)
    score += {"day": 2.0, "coarse": 1.0, "adjacent": 0.5}.get(date_rel, 0.0)
    if a.when and a.when == b.when:
        score += 0.5
    if a.etype and a.etype == b.etype:
        score += 1.0
    elif a.etype and b.etype and _etypes_compatible(a.etype, b.etype):
        score += 0.5
    if a.trigger and a.trigger.lower() == b.trigger.lower():
        score += 0.5
    # A match without agreeing dates is less sure than one with: when an article reports one event
    # twice (once dated, once not), the dated report is the one to join.
    return score if date_rel != "none" else score * 0.6


def _compare(
    a: _EventView,
    b: _EventView,
    places: dict[str, _Place],
    copied: Callable[[_EventView, _EventView], bool] | None = None,
) -> float | None:
    """How strongly two reports are one event; None when they cannot be.

    ``copied(a, b)`` says whether the two reports come from copies of one article.
    """
    if a.kind != b.kind or a.articles & b.articles:
        return None
    if a.ordinals and b.ordinals and not (a.ordinals & b.ordinals):
        return None
    date_rel = _date_relation(a, b)
    if date_rel is None or _impossible_order(a, b):
        return None
    if _is_copy(a, b, copied):
        return 100.0
    if _several(a) or _several(b):
        return None
    if date_rel == "none" and not _within_undated_window(a, b):
        return None
    shared = _shared(a, b, places)
    if not _enough(a, b, date_rel, shared):
        return None
    return _score(a, b, date_rel, shared)


class _Participants:
    """Canonical participants of event reports, what they stand for, and what sentences name."""

    def __init__(self, data: _Data, res: Resolution) -> None:
        self.data = data
        self.res = res
        self.iso_country: dict[str, str] = {}
        self.country_iso: dict[str, str] = {}
        for iri, actor in sorted(data.actors.items()):
            if actor.kind == "country" and actor.iso:
                canon = res.actor_canonical.get(iri, iri)
                self.iso_country.setdefault(actor.iso, canon)
                self.country_iso.setdefault(canon, actor.iso)
        # A person's countries: every country any article makes them an official of.
        self.person_countries: dict[str, set[str]] = defaultdict(set)
        for (_g, n), affs in sorted(data.affiliations.items()):
            for aff in affs:
                c = res.actor_canonical.get(aff, aff)
                if res.actor_kind.get(c) == "country":
                    self.person_countries[res.actor_canonical.get(n, n)].add(c)
        # Places a sentence may name: any place some report has.
        self.place_names = {normalize_key(p.label) for p in data.places.values() if p.label}
        self._article_forms: dict[str, dict[str, set[str]]] = {}

    def kind(self, node: str) -> str:
        c = self.res.actor_canonical.get(node, node)
        return self.res.actor_kind.get(c) or (
            self.data.actors[node].kind if node in self.data.actors else "organization"
        )

    def split(self, ev: _Event) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """Canonical persons, organizations and countries of a report."""
        persons: set[str] = set()
        orgs: set[str] = set()
        countries: set[str] = set()
        for a in ev.actors:
            c = self.res.actor_canonical.get(a, a)
            k = self.kind(a)
            (persons if k == "person" else countries if k == "country" else orgs).add(c)
        return frozenset(persons), frozenset(orgs), frozenset(countries)

    def implied(self, ev: _Event) -> frozenset[str]:
        """Countries a report's persons are officials of, and those its organizations are named after
        ("Malian Armed Forces", "Ministry of Foreign Affairs of Bulgaria")."""
        out: set[str] = set()
        for a in ev.actors:
            k = self.kind(a)
            if k == "person":
                out |= self.person_countries.get(self.res.actor_canonical.get(a, a), set())
            elif k == "organization":
                iso = _org_country(_org_key(_iri_key(a)))
                if iso is not None and iso in self.iso_country:
                    out.add(self.iso_country[iso])
        return frozenset(out)

    def forms(self, article: str) -> dict[str, set[str]]:
        """Normalized names of the actors an article mentions -> their canonical actors."""
        cached = self._article_forms.get(article)
        if cached is None:
            cached = defaultdict(set)
            for node in self.data.mentions.get(article, ()):
                actor = self.data.actors.get(node)
                if actor is None:
                    continue
                canon = self.res.actor_canonical.get(node, node)
                for name in (*actor.labels, *actor.aliases):
                    key = normalize_key(name)
                    if key:
                        cached[key].add(canon)
            self._article_forms[article] = cached
        return cached

    def named(self, ev: _Event) -> tuple[frozenset[str], frozenset[str]]:
        """Canonical actors (the article's own, and any country by name or demonym) and place keys the
        report's sentence names. A place name inside a person's or organization's name ("Baloch" of
        "Baloch Liberation Army", "Rubio" of "Marco Rubio") names them, not the place; a capital
        standing for its country ("Addis Ababa") is still the place too."""
        if not ev.sentence:
            return frozenset(), frozenset()
        runs = _name_runs(ev.sentence)
        forms = self.forms(ev.article)
        countries = _country_forms()
        actors: set[str] = set()
        covered: set[int] = set()
        for i, n, key in runs:
            found = set(forms.get(key, ()))
            if any(self.res.actor_kind.get(x) != "country" for x in found):
                covered.update(range(i, i + n))
            iso = countries.get(key)
            if iso is not None and iso in self.iso_country:
                found.add(self.iso_country[iso])
            actors |= found
        places = {
            "label:" + key
            for i, n, key in runs
            if key in self.place_names and not covered.issuperset(range(i, i + n))
        }
        return frozenset(actors), frozenset(places)

    def isos(self, countries: Iterable[str]) -> frozenset[str]:
        return frozenset(self.country_iso[c] for c in countries if c in self.country_iso)


def _org_country(key: str) -> str | None:
    """The country an organization is named after: a country or demonym first ("malian-armed-forces",
    "sri-lanka-navy") or "of <country>" last; None otherwise."""
    parts = _split_country(key)
    if parts is not None:
        return parts[0]
    tokens = key.split("-")
    forms = _country_forms()
    for k in range(min(4, len(tokens) - 1), 0, -1):
        iso = forms.get("-".join(tokens[:k]))
        if iso is not None:
            return iso
    return None


def _resolve_events(data: _Data, res: Resolution) -> None:
    places = data.places
    who = _Participants(data, res)

    # Identical copies (same words, same facts) collapse first: k-th copy per article into the k-th group.
    # Two articles are copies of one story when most event sentences of the shorter are in the other.
    article_sentences: dict[str, set[str]] = defaultdict(set)
    for ev in data.events.values():
        if ev.sentence:
            article_sentences[ev.article].add(" ".join(ev.sentence.split()))

    # Articles with exactly the same event sentences (duplicates) form one class.
    same_sentences: dict[frozenset[str], str] = {}
    for article in sorted(article_sentences):
        same_sentences.setdefault(frozenset(article_sentences[article]), article)
    article_class = {a: same_sentences[frozenset(x)] for a, x in article_sentences.items()}

    signature_groups: dict[tuple[Any, ...], list[_Event]] = defaultdict(list)
    resolved: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {}
    for iri in sorted(data.events):
        ev = data.events[iri]
        resolved[iri] = who.split(ev)
        sig = (
            ev.kind,
            ev.etype,
            ev.trigger,
            ev.status,
            ev.date,
            ev.sentence,
            resolved[iri],
            tuple(sorted(ev.places)),
            # Neither date nor place: grouped only within duplicate articles; _compare checks near copies.
            article_class.get(ev.article, ev.article) if not (ev.date or ev.places) else "",
        )
        signature_groups[sig].append(ev)
    views: list[_EventView] = []
    for sig in sorted(signature_groups, key=repr):
        members = signature_groups[sig]
        seen: Counter[str] = Counter()
        split: dict[int, list[_Event]] = defaultdict(list)
        for ev in members:
            split[seen[ev.article]].append(ev)
            seen[ev.article] += 1
        for part in split.values():
            views.append(_view(part, resolved[part[0].iri], data, who))

    def copied(a: _EventView, b: _EventView) -> bool:
        x, y = article_sentences[min(a.articles)], article_sentences[min(b.articles)]
        return bool(x) and bool(y) and len(x & y) >= 0.8 * min(len(x), len(y))

    pairs = _candidate_pairs(views, who)
    scored: list[tuple[float, str, str, int, int]] = []
    for i, j in pairs:
        s = _compare(views[i], views[j], places, copied)
        if s is not None:
            a, b = views[i].key, views[j].key
            scored.append((-s, min(a, b), max(a, b), i, j))
    scored.sort()
    clusters = _cluster(views, scored)
    far = date.max
    for cluster in clusters:
        canon = min(cluster, key=lambda e: (data.articles.get(data.events[e].article) or far, e))
        for m in cluster:
            res.event_canonical[m] = canon
        res.event_sources[canon] = sorted({data.events[m].article for m in cluster})


def _candidate_pairs(views: list[_EventView], who: _Participants) -> set[tuple[int, int]]:
    """Pairs worth comparing, from blocks: kind + person/organization (a participant or named), kind +
    place (or named place), kind + two countries + month, kind + country + day (a participant's,
    a named one's or the place's), a summons or call + two countries, kind + sentence."""
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        named_strong = {x for x in v.named if who.res.actor_kind.get(x) in ("person", "organization")}
        for x in v.persons | v.orgs | named_strong:
            blocks[("a", v.kind, x)].append(i)
        for p in v.place_keys | v.named_places:
            blocks[("p", v.kind, p)].append(i)
        if v.when and len(v.when) >= 7:
            # Countries alone are weak evidence: two shared countries in one month, or one on one day.
            shared = sorted(v.nations)
            for n, c in enumerate(shared):
                for c2 in shared[n + 1 :]:
                    blocks[("cc", v.kind, c, c2, v.when[:7])].append(i)
            if len(v.when) >= 10:
                named_ccs = who.isos(x for x in v.named if who.res.actor_kind.get(x) == "country")
                place_ccs = {cc for p in v.places if (cc := who.data.places[p].cc) is not None}
                for cc in sorted(v.ccs | named_ccs | place_ccs):
                    blocks[("c", v.kind, cc, v.when)].append(i)
        if v.etype in _exclusive_types():
            # A summons or a call between two countries, dated or not (see ``_enough``).
            shared = sorted(v.nations)
            for n, c in enumerate(shared):
                for c2 in shared[n + 1 :]:
                    blocks[("x", v.kind, v.etype, c, c2)].append(i)
        if v.sentence:
            blocks[("s", v.kind, v.trigger, v.sentence)].append(i)
    pairs: set[tuple[int, int]] = set()
    window = UNDATED_WINDOW + 31
    for block_key in sorted(blocks):
        idx = blocks[block_key]
        if len(idx) < 2:
            continue
        idx.sort(key=lambda i: (views[i].anchor if views[i].anchor is not None else -1, i))
        for pos, i in enumerate(idx):
            ai = views[i].anchor
            for j in idx[pos + 1 : pos + 1 + MAX_BLOCK_NEIGHBOURS]:
                aj = views[j].anchor
                if ai is not None and aj is not None and aj - ai > window and block_key[0] != "s":
                    break
                pairs.add((i, j) if i < j else (j, i))
    return pairs


def _cluster_dates_fit(firm_a: set[str], weak_a: set[str], firm_b: set[str], weak_b: set[str]) -> bool:
    """Whether two clusters' dates may be one event's: firm dates (and weak ones between them)
    compatible or a day apart, a weak date (only an article's own day) up to two days from a firm one."""
    for x in firm_a | weak_a:
        for y in firm_b | weak_b:
            firm = (x in firm_a) + (y in firm_b)
            if not (_dates_close(x, y) or (firm == 1 and _days_apart(x, y) == 2)):
                return False
    return True


def _cluster(views: list[_EventView], scored: list[tuple[float, str, str, int, int]]) -> list[list[str]]:
    """Best first, never joining two events of one article, incompatible dates or ordinals, or a plan
    and something that had happened before it was reported."""
    parent = list(range(len(views)))
    articles = [set(v.articles) for v in views]
    # A date that is only the article's own day is weak: the event may have begun the day before
    # that (a summit on Thursday reported dated Friday), so it may sit two days from a firm date.
    dates = [{v.when} if v.when and not v.date_is_pub else set() for v in views]
    weak = [{v.when} if v.when and v.date_is_pub else set() for v in views]
    ordinals = [set(v.ordinals) for v in views]
    plan_pub = [v.pub if v.status == "planned" else None for v in views]
    date_end = [v.interval[1] if v.interval is not None else None for v in views]

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _s, _a, _b, i, j in scored:
        ri, rj = find(i), find(j)
        if ri == rj or articles[ri] & articles[rj]:
            continue
        if not _cluster_dates_fit(dates[ri], weak[ri], dates[rj], weak[rj]):
            continue
        if ordinals[ri] and ordinals[rj] and not (ordinals[ri] & ordinals[rj]):
            continue
        plan = max((x for x in (plan_pub[ri], plan_pub[rj]) if x is not None), default=None)
        end = min((y for y in (date_end[ri], date_end[rj]) if y is not None), default=None)
        if plan is not None and end is not None and end < plan - timedelta(days=1):
            continue
        if rj < ri:
            ri, rj = rj, ri
        parent[rj] = ri
        articles[ri] |= articles[rj]
        dates[ri] |= dates[rj]
        weak[ri] |= weak[rj]
        ordinals[ri] |= ordinals[rj]
        plan_pub[ri], date_end[ri] = plan, end

    clusters: dict[int, list[str]] = defaultdict(list)
    for i, v in enumerate(views):
        clusters[find(i)].extend(v.members)
    return list(clusters.values())


def _view(
    events: list[_Event],
    actors: tuple[frozenset[str], frozenset[str], frozenset[str]],
    data: _Data,
    who: _Participants,
) -> _EventView:
    first = events[0]
    pubs = [p for p in (data.articles.get(e.article) for e in events) if p is not None]
    pub = min(pubs) if pubs else None
    interval = _interval(first.date) if first.date else None
    anchor: int | None = None
    if interval is not None:
        anchor = interval[0].toordinal()
    elif pub is not None:
        anchor = pub.toordinal()
    place_keys: set[str] = set()
    site_keys: set[str] = set()
    for p in first.places:
        place = data.places.get(p)
        keys = {p, "label:" + normalize_key(place.label)} if place is not None and place.label else {p}
        place_keys |= keys
        if place is None or not place.region:
            site_keys |= keys
    implied = who.implied(first)
    named, named_places = who.named(first)
    return _EventView(
        key=min(e.iri for e in events),
        kind=first.kind,
        etype=first.etype,
        trigger=first.trigger,
        status=first.status,
        when=first.date,
        interval=interval,
        pub=pub,
        date_is_pub=any(
            e.date is not None
            and (pd := data.articles.get(e.article)) is not None
            and e.date == pd.isoformat()
            for e in events
        ),
        sentence=" ".join(first.sentence.split()),
        words=_sentence_words(first.sentence),
        ordinals=_ordinals(first.sentence),
        persons=actors[0],
        orgs=actors[1],
        countries=actors[2],
        implied=implied,
        named=named,
        places=frozenset(first.places),
        place_keys=frozenset(place_keys),
        site_keys=frozenset(site_keys),
        named_places=named_places - place_keys,
        ccs=who.isos(actors[2] | implied),
        anchor=anchor,
        members=[e.iri for e in events],
        articles={e.article for e in events},
    )
