"""The graph as a network for analytics and pictures (networkx).

Two networks are built from a store:

- the **event network** (:func:`event_network`), a ``networkx.MultiDiGraph``
  whose nodes are events, actors and places (keyed by IRI) and whose edges
  run from an event to each participant (key ``"participant"``) and place
  (key ``"place"``);
- the **actor network** (:func:`actor_network`), a ``networkx.Graph`` of
  actors linked when they take part in the same event, weighted by the
  number of shared events.

Both can be cut down (:class:`NetworkFilter`): around an actor or place
(by label or alias) with N hops, to some event kinds, or to a date range.
Where the resolution layer has run (named graph :data:`RESOLUTION_GRAPH`
with ``?node dkg:canonical ?canon`` links), every actor and event node is
replaced by its canonical node, so one real-world actor or event is one node
whatever the number of articles naming it.

Node attributes (always present, never None): ``label``, ``type`` (the most
specific dkg class: Person, Organization, NewsOutlet, Country, City,
Facility, Region, WaterBody, Place, or Event), ``category`` (person,
organization, country, place, or the event's kind), ``kind`` (the event's
kind, "" for actors and places), ``date`` (the event's date, "" when
unknown), ``sources`` (how many articles report the event, or the events the
actor or place takes part in), ``articles`` (those articles' ``dkg:source``,
a sorted tuple), ``events`` (for actors and places: in how many events they
appear). Events also have ``trigger`` and ``status``; actors and places
``aliases``; located places ``lat``, ``lon`` and ``country``.

>>> from graph.store import OxigraphStore
>>> g = event_network(OxigraphStore.in_memory())
>>> g.number_of_nodes(), g.is_multigraph(), g.is_directed()
(0, True, True)
"""

from __future__ import annotations

import calendar
import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from string import Template
from typing import Any

import networkx as nx

from graph.errors import KGError
from graph.iris import normalize_key
from graph.queries import run_query
from graph.store import GraphStore

__all__ = [
    "ACTOR_TYPES",
    "EVENT_KINDS",
    "PLACE_TYPES",
    "RESOLUTION_GRAPH",
    "ActorNotFound",
    "NetworkFilter",
    "actor_network",
    "build_network",
    "date_span",
    "event_network",
    "filter_network",
    "find_nodes",
    "induced_subgraph",
    "load_network",
]

#: The named graph where the resolution layer keeps its ``dkg:canonical`` links.
RESOLUTION_GRAPH = "https://w3id.org/dkg/id/graph/resolution"

EVENT_KINDS = ("talks", "incident", "sanction", "agreement", "other")
#: Actor classes, most specific first (a news outlet is also an organization).
ACTOR_TYPES = ("Person", "NewsOutlet", "Organization", "Country")
#: Place classes, most specific first.
PLACE_TYPES = ("City", "Facility", "Region", "WaterBody", "Place")

_CATEGORY = {
    "Person": "person",
    "NewsOutlet": "organization",
    "Organization": "organization",
    "Country": "country",
    **{t: "place" for t in PLACE_TYPES},
}

_PREFIXES = """
PREFIX dkg: <https://w3id.org/dkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""

# Each event as each article reports it; merged events share their canonical IRI.
_EVENTS = _PREFIXES + Template(
    """
SELECT DISTINCT ?event ?kind ?date ?label ?trigger ?status ?source WHERE {
  GRAPH ?g {
    ?g dkg:source ?source .
    ?ev dkg:reportedBy ?g ; dkg:kind ?kind .
    OPTIONAL { ?ev rdfs:label ?label }
    OPTIONAL { ?ev dkg:trigger ?trigger }
    OPTIONAL { ?ev dkg:status ?status }
    OPTIONAL { ?ev dkg:date ?d }
  }
  OPTIONAL { GRAPH <$res> { ?ev dkg:canonical ?canon } }
  BIND(COALESCE(?canon, ?ev) AS ?event)
  BIND(STR(?d) AS ?date)
}
"""
).substitute(res=RESOLUTION_GRAPH)

# Who took part in each event, and where it happened.
_LINKS = _PREFIXES + Template(
    """
SELECT DISTINCT ?event ?rel ?node ?nodeLabel ?source WHERE {
  GRAPH ?g {
    ?g dkg:source ?source .
    ?ev dkg:reportedBy ?g .
    { ?ev sem:hasActor ?n . BIND("participant" AS ?rel) }
    UNION
    { ?ev sem:hasPlace ?n . BIND("place" AS ?rel) }
    ?n skos:prefLabel ?nodeLabel .
  }
  OPTIONAL { GRAPH <$res> { ?ev dkg:canonical ?evCanon } }
  OPTIONAL { GRAPH <$res> { ?n dkg:canonical ?nCanon } }
  BIND(COALESCE(?evCanon, ?ev) AS ?event)
  BIND(COALESCE(?nCanon, ?n) AS ?node)
}
"""
).substitute(res=RESOLUTION_GRAPH)

_CLASSES = " ".join(f"dkg:{t}" for t in (*ACTOR_TYPES, *PLACE_TYPES))

# Types, other names and coordinates of every actor and place.
_NODES = _PREFIXES + Template(
    """
SELECT DISTINCT ?node ?t ?alias ?lat ?long ?cc WHERE {
  ?n a ?type .
  VALUES ?type { $classes }
  BIND(STRAFTER(STR(?type), "#") AS ?t)
  OPTIONAL { ?n skos:altLabel ?alias }
  OPTIONAL { ?n geo:lat ?la ; geo:long ?lo }
  # STR(): some servers (Virtuoso 7.2) print doubles in answers with six digits, STR() keeps them whole
  BIND(STR(?la) AS ?lat)
  BIND(STR(?lo) AS ?long)
  OPTIONAL { ?n dkg:countryCode ?cc }
  OPTIONAL { GRAPH <$res> { ?n dkg:canonical ?canon } }
  BIND(COALESCE(?canon, ?n) AS ?node)
}
"""
).substitute(classes=_CLASSES, res=RESOLUTION_GRAPH)

# Labels the resolution layer gives its canonical nodes (none without it).
_CANON_LABELS = _PREFIXES + Template(
    """
SELECT DISTINCT ?node ?label WHERE {
  GRAPH <$res> { ?member dkg:canonical ?node . ?node skos:prefLabel ?label }
}
"""
).substitute(res=RESOLUTION_GRAPH)


class ActorNotFound(KGError):
    """No actor or place in the network has the name a user gave (or several do).

    suggestions: labels close to the name, best first, for a "did you mean" hint.
    """

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.suggestions = tuple(suggestions)


@dataclass(frozen=True, slots=True)
class NetworkFilter:
    """Which part of the network to keep.

    around: label or alias of an actor or place; keep what lies within
        ``hops`` of it (None keeps everything).
    hops: how far from ``around``: 1 keeps its events with their participants
        and places, 2 adds the events of those participants, and so on.
    kinds: event kinds to keep ("talks", "incident", ...); empty keeps all.
    start, end: keep events whose date overlaps this range (inclusive);
        undated events are dropped when either is given.
    """

    around: str | None = None
    hops: int = 1
    kinds: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None

    @property
    def is_empty(self) -> bool:
        """True when the filter keeps the whole network."""
        return self.around is None and not self.kinds and self.start is None and self.end is None

    def describe(self) -> str:
        """A short human description ("around Oslo, 2 hops; talks; from 2021-01-01")."""
        parts = []
        if self.around is not None:
            parts.append(f"around {self.around}, {self.hops} hop{'s' if self.hops != 1 else ''}")
        if self.kinds:
            parts.append(", ".join(self.kinds))
        if self.start is not None:
            parts.append(f"from {self.start.isoformat()}")
        if self.end is not None:
            parts.append(f"to {self.end.isoformat()}")
        return "; ".join(parts) or "whole graph"


# --------------------------------------------------------------------- loading
def _best(values: Iterable[str]) -> str:
    """The most frequent value; ties go to the longest, then the first alphabetically."""
    counts = Counter(v for v in values if v)
    if not counts:
        return ""
    return min(counts, key=lambda v: (-counts[v], -len(v), v))


def load_network(store: GraphStore) -> nx.MultiDiGraph:
    """The whole event network of a store (see the module docstring for the attributes)."""
    events: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in run_query(store, _EVENTS).rows:
        ev = events[r["event"]]
        for attr in ("kind", "date", "label", "trigger", "status", "source"):
            if r.get(attr):
                ev[attr].append(r[attr])

    links: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    labels: dict[str, list[str]] = defaultdict(list)
    for r in run_query(store, _LINKS).rows:
        if r["event"] not in events:
            continue
        links[(r["event"], r["node"], r["rel"])].add(r["source"])
        labels[r["node"]].append(r["nodeLabel"])

    types: dict[str, set[str]] = defaultdict(set)
    aliases: dict[str, set[str]] = defaultdict(set)
    coords: dict[str, tuple[float, float]] = {}
    country: dict[str, str] = {}
    for r in run_query(store, _NODES).rows:
        node = r["node"]
        types[node].add(r["t"])
        if r.get("alias"):
            aliases[node].add(r["alias"])
        if "lat" in r and "long" in r and node not in coords:
            try:
                coords[node] = (float(r["lat"]), float(r["long"]))
            except ValueError:
                pass
        if r.get("cc"):
            country.setdefault(node, r["cc"])
    canon_labels: dict[str, list[str]] = defaultdict(list)
    for r in run_query(store, _CANON_LABELS).rows:
        canon_labels[r["node"]].append(r["label"])

    g = nx.MultiDiGraph()
    for iri in sorted(events):
        ev = events[iri]
        kind = _best(ev["kind"]) or "other"
        articles = tuple(sorted(set(ev["source"])))
        g.add_node(
            iri,
            label=_best(ev["label"]) or kind,
            type="Event",
            category=kind,
            kind=kind,
            date=_best_date(ev["date"]),
            trigger=_best(ev["trigger"]),
            status=_best(ev["status"]),
            sources=len(articles),
            articles=articles,
        )
    for (ev_iri, node, rel), _sources in sorted(links.items()):
        if node not in g:
            node_type = _node_type(types.get(node, set()), rel)
            label = min(canon_labels[node]) if canon_labels.get(node) else _best(labels[node])
            attrs: dict[str, Any] = {
                "label": label,
                "type": node_type,
                "category": _CATEGORY.get(node_type, "place" if rel == "place" else "organization"),
                "kind": "",
                "date": "",
                "aliases": tuple(sorted((aliases.get(node, set()) | set(labels[node])) - {label})),
            }
            if node in coords:
                attrs["lat"], attrs["lon"] = coords[node]
            if node in country:
                attrs["country"] = country[node]
            g.add_node(node, **attrs)
        ev_data = g.nodes[ev_iri]
        g.add_edge(
            ev_iri,
            node,
            key=rel,
            relation=rel,
            label="took part" if rel == "participant" else "at",
            kind=ev_data["kind"],
            date=ev_data["date"],
        )
    _count_node_sources(g)
    return g


def _best_date(dates: Sequence[str]) -> str:
    """The date most articles give; ties go to the most precise."""
    return _best(dates)


def _node_type(types: set[str], rel: str) -> str:
    order = PLACE_TYPES + ACTOR_TYPES if rel == "place" else ACTOR_TYPES + PLACE_TYPES
    for t in order:
        if t in types:
            return t
    return "Place" if rel == "place" else "Organization"


def _count_node_sources(g: nx.MultiDiGraph) -> None:
    """Give each actor and place the number of its events and of the articles reporting them."""
    for node, data in g.nodes(data=True):
        if data["type"] == "Event":
            continue
        evs = {e for e in g.predecessors(node)}
        articles: set[str] = set()
        for e in evs:
            articles.update(g.nodes[e]["articles"])
        data["events"] = len(evs)
        data["articles"] = tuple(sorted(articles))
        data["sources"] = len(articles)


# --------------------------------------------------------------------- filtering
def date_span(value: str) -> tuple[date, date] | None:
    """The first and last day an xsd:date, gYearMonth or gYear stands for (None if unreadable).

    >>> date_span("2021-04")
    (datetime.date(2021, 4, 1), datetime.date(2021, 4, 30))
    >>> date_span("2021") == (date(2021, 1, 1), date(2021, 12, 31))
    True
    >>> date_span("") is None
    True
    """
    try:
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 3:
            d = date(*parts)
            return d, d
        if len(parts) == 2:
            y, m = parts
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        return None
    return None


def _keep_event(data: dict[str, Any], flt: NetworkFilter) -> bool:
    if flt.kinds and data["kind"] not in flt.kinds:
        return False
    if flt.start is None and flt.end is None:
        return True
    span = date_span(data["date"])
    if span is None:
        return False
    if flt.start is not None and span[1] < flt.start:
        return False
    return not (flt.end is not None and span[0] > flt.end)


def find_nodes(g: nx.MultiDiGraph, name: str) -> list[str]:
    """The nodes called ``name``: by label, else by alias, else by part of a label or alias.

    The match ignores case, accents and punctuation. At each step actors come
    before places ("Beijing" is the city, though China's alias; "Iran" the
    country). A name that is part of exactly one label or alias ("Blinken"
    for "Antony Blinken") matches too.

    :raises ActorNotFound: no node, or several different ones, have that name;
        the message suggests close names.
    """
    key = normalize_key(name)
    tiers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node, data in g.nodes(data=True):
        if data["type"] == "Event":
            continue
        group = "place" if data["category"] == "place" else "actor"
        label = normalize_key(data["label"])
        aliases = {normalize_key(a) for a in data.get("aliases", ())}
        if key == label:
            tiers[("label", group)].append(node)
        elif key in aliases:
            tiers[("alias", group)].append(node)
        elif any(f"-{key}-" in f"-{k}-" for k in (label, *aliases)):
            tiers[("part", group)].append(node)
    for tier in ("label", "alias"):
        for group in ("actor", "place"):
            if tiers[(tier, group)]:
                return sorted(tiers[(tier, group)])
    for group in ("actor", "place"):
        found = tiers[("part", group)]
        if len(found) == 1:
            return found
        if found:
            names = sorted({g.nodes[n]["label"] for n in found})
            raise ActorNotFound(
                f"{name!r} could be {_or_list(names[:8])}; give the full name.", suggestions=names
            )
    close = _close_names(g, name)
    hint = f"; did you mean {_or_list(close)}?" if close else "; list actors with 'dkg stats' or 'dkg query'."
    raise ActorNotFound(f"No actor or place named {name!r} takes part in any event{hint}", suggestions=close)


def _close_names(g: nx.MultiDiGraph, name: str, n: int = 5) -> list[str]:
    """Labels that look like ``name`` as a whole or in one of their words ("Blinkin" -> "Antony Blinken")."""
    query = name.casefold()
    scores: dict[str, float] = {}
    for _, data in g.nodes(data=True):
        if data["type"] == "Event":
            continue
        label = data["label"]
        best = 0.0
        for text in (label, *data.get("aliases", ())):
            folded = text.casefold()
            best = max(best, difflib.SequenceMatcher(None, query, folded).ratio())
            for word in folded.split():
                if len(word) > 2:
                    best = max(best, difflib.SequenceMatcher(None, query, word).ratio() - 0.02)
        if best >= 0.7:
            scores[label] = max(best, scores.get(label, 0.0))
    return sorted(scores, key=lambda lab: (-scores[lab], lab))[:n]


def _or_list(names: Sequence[str]) -> str:
    quoted = [repr(n) for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def filter_network(g: nx.MultiDiGraph, flt: NetworkFilter | None = None) -> nx.MultiDiGraph:
    """The part of an event network that ``flt`` keeps, as a new graph (``g`` is untouched).

    Events outside the kinds or dates are dropped, then (with ``around``)
    only the neighbourhood of the named node is kept: its events, their
    participants and places, and for each further hop the events of the
    participants found so far. Actors and places left with no event go.

    :raises ActorNotFound: ``around`` names no node of ``g``.
    """
    flt = flt or NetworkFilter()
    if flt.is_empty:
        return g.copy()
    kept_events = {n for n, d in g.nodes(data=True) if d["type"] == "Event" and _keep_event(d, flt)}
    seeds: list[str] = []
    if flt.around is not None:
        seeds = find_nodes(g, flt.around)
        events: set[str] = set()
        seen = set(seeds)
        frontier = set(seeds)
        for _ in range(max(flt.hops, 0)):
            new_events = {e for n in frontier for e in g.predecessors(n) if e in kept_events} - events
            events |= new_events
            frontier = {
                n
                for e in new_events
                for _, n, rel in g.out_edges(e, keys=True)
                if rel == "participant" and n not in seen
            }
            seen |= frontier
        kept_events = events
    nodes = set(kept_events) | set(seeds)
    for e in kept_events:
        nodes.update(g.successors(e))
    sub = induced_subgraph(g, nodes)
    _count_node_sources(sub)
    sub.graph["filter"] = flt.describe()
    sub.graph["seeds"] = tuple(seeds)
    return sub


def induced_subgraph(g: Any, nodes: Iterable[str]) -> Any:
    """A copy of ``g`` restricted to ``nodes``, keeping ``g``'s node and edge order.

    (``g.subgraph(set)`` would iterate in the set's order, which changes from
    one Python process to the next, and with it layouts and files.)
    """
    keep = set(nodes)
    h = g.__class__()
    h.graph.update(g.graph)
    h.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True) if n in keep)
    if g.is_multigraph():
        h.add_edges_from(
            (u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True) if u in keep and v in keep
        )
    else:
        h.add_edges_from((u, v, dict(d)) for u, v, d in g.edges(data=True) if u in keep and v in keep)
    return h


def event_network(
    store: GraphStore,
    flt: NetworkFilter | None = None,
) -> nx.MultiDiGraph:
    """The event network of a store, cut down by ``flt`` when given.

    :raises ActorNotFound: ``flt.around`` names no actor or place of the store.
    """
    g = load_network(store)
    return g if flt is None or flt.is_empty else filter_network(g, flt)


def build_network(store: GraphStore) -> nx.MultiDiGraph:
    """A ``networkx.MultiDiGraph`` of events, actors and places (the whole event network)."""
    return load_network(store)


# --------------------------------------------------------------------- actors
def actor_network(events: nx.MultiDiGraph) -> nx.Graph:
    """The co-participation network of an event network.

    Nodes are the actors (with their attributes from ``events``); two actors
    are linked when they take part in the same event. Edge attributes:
    ``weight`` (shared events), ``events`` (their IRIs, sorted), ``kinds``
    ("2 talks, 1 agreement"), ``label`` (the same), ``sources`` (articles
    reporting the shared events), ``first`` and ``last`` (earliest and latest
    known dates, "" when none is dated).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("e", type="Event", kind="talks", date="2021-04-02", articles=("a1",))
    >>> for n in "xy":
    ...     g.add_node(n, type="Person", label=n.upper())
    ...     _ = g.add_edge("e", n, key="participant")
    >>> a = actor_network(g)
    >>> a.edges["x", "y"]["weight"], a.edges["x", "y"]["label"]
    (1, '1 talks')
    """
    a = nx.Graph()
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node, data in events.nodes(data=True):
        if data.get("type") == "Event" or data.get("category") == "place" or data.get("type") in PLACE_TYPES:
            continue
        if any(rel == "participant" for _, _, rel in events.in_edges(node, keys=True)):
            a.add_node(node, **data)
    for ev, data in events.nodes(data=True):
        if data.get("type") != "Event":
            continue
        who = sorted({n for _, n, rel in events.out_edges(ev, keys=True) if rel == "participant"})
        for i, x in enumerate(who):
            for y in who[i + 1 :]:
                shared[(x, y)].append(ev)
    for (x, y), evs in sorted(shared.items()):
        kinds = Counter(events.nodes[e].get("kind", "") for e in evs)
        dates = sorted(d for e in evs if (d := events.nodes[e].get("date", "")))
        articles = {s for e in evs for s in events.nodes[e].get("articles", ())}
        label = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        a.add_edge(
            x,
            y,
            weight=len(evs),
            events=tuple(sorted(evs)),
            kinds=label,
            label=label,
            sources=len(articles),
            first=dates[0] if dates else "",
            last=dates[-1] if dates else "",
        )
    a.graph.update(events.graph)
    return a
