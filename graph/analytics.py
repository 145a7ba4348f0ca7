"""Numbers about the graph: counts, central actors, communities, places, months; actor timelines.

Everything is computed with networkx on the networks of :mod:`graph.network`
(so merged actors and events count once where the resolution layer ran).
Centrality is measured on the actor co-participation network: *degree* is
the number of other actors an actor shares an event with, *betweenness*
how often it lies on the shortest paths between two others (sampled, with a
fixed seed, on large networks). Communities are Louvain communities of that
network (weighted by shared events, fixed seed), so the same graph always
gives the same answer.

>>> from graph.store import OxigraphStore
>>> s = stats(OxigraphStore.in_memory())
>>> s.counts["events"], s.top_degree
(0, ())
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from string import Template
from typing import Any

import networkx as nx

from graph.network import (
    EVENT_KINDS,
    RESOLUTION_GRAPH,
    NetworkFilter,
    actor_network,
    filter_network,
    find_nodes,
    load_network,
)
from graph.queries import run_query
from graph.store import GraphStore

__all__ = [
    "Community",
    "PlaceCount",
    "RankedActor",
    "Stats",
    "TimelineEntry",
    "format_timeline",
    "stats",
    "timeline",
]

#: Above this many actors, betweenness is estimated from this many sampled sources.
BETWEENNESS_SAMPLE = 500

_COUNTS = Template(
    """
PREFIX dkg: <https://w3id.org/dkg/ontology#>
SELECT ?type (COUNT(DISTINCT ?node) AS ?n) WHERE {
  ?member a ?cls .
  VALUES (?cls ?type) {
    (dkg:Article "articles") (dkg:Person "persons") (dkg:Organization "organizations")
    (dkg:NewsOutlet "news outlets") (dkg:Country "countries") (dkg:Place "places")
    (dkg:Event "events") (dkg:Talks "events") (dkg:Incident "events") (dkg:Sanction "events")
    (dkg:Agreement "events") (dkg:OtherEvent "events") (dkg:Position "positions")
  }
  OPTIONAL { GRAPH <$res> { ?member dkg:canonical ?canon } }
  BIND(COALESCE(?canon, ?member) AS ?node)
}
GROUP BY ?type
"""
).substitute(res=RESOLUTION_GRAPH)

_COUNT_ORDER = (
    "articles",
    "persons",
    "organizations",
    "news outlets",
    "countries",
    "places",
    "positions",
    "events",
)


@dataclass(frozen=True, slots=True)
class RankedActor:
    """An actor with a centrality score.

    iri: the actor node (canonical where resolution ran).
    label: its name.
    type: Person, Organization, NewsOutlet or Country.
    score: the measure ranked by (degree: co-participants; betweenness: 0-1).
    events: how many events it takes part in.
    """

    iri: str
    label: str
    type: str
    score: float
    events: int


@dataclass(frozen=True, slots=True)
class Community:
    """A group of actors that take part in events together more than with others.

    size: how many actors it holds.
    members: the labels of its most connected members, most connected first (at most 8).
    events: how many distinct events its members take part in.
    """

    size: int
    members: tuple[str, ...]
    events: int


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """A place with the number of events located there.

    iri, label, type: the place node, its name and class (City, Facility, ...).
    country: ISO 3166-1 alpha-2 code of its country, "" when unknown.
    events: events that happened there.
    """

    iri: str
    label: str
    type: str
    country: str
    events: int


@dataclass(frozen=True)
class Stats:
    """What :func:`stats` found.

    counts: distinct nodes by type ("articles", "persons", ..., "events").
    events_by_kind: events by kind, every kind present (0 when none).
    actors, links: nodes and edges of the co-participation network.
    top_degree, top_betweenness: the most central actors, best first.
    communities: the largest communities (two or more actors), largest first.
    busiest_places: places with the most events, busiest first.
    events_per_month: "YYYY-MM" -> events dated within that month (day or
        month precision), in calendar order.
    undated: events with no date or only a year.
    """

    counts: dict[str, int]
    events_by_kind: dict[str, int]
    actors: int = 0
    links: int = 0
    top_degree: tuple[RankedActor, ...] = ()
    top_betweenness: tuple[RankedActor, ...] = ()
    communities: tuple[Community, ...] = ()
    busiest_places: tuple[PlaceCount, ...] = ()
    events_per_month: dict[str, int] = field(default_factory=dict)
    undated: int = 0
    betweenness_sampled: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def format_table(self) -> str:
        """The stats as plain-text tables for a terminal."""
        out: list[str] = []
        out.append(_section("Counts"))
        out += _rows([(k, str(v)) for k, v in self.counts.items()])
        out.append(_section("Events by kind"))
        out += _rows([(k, str(v)) for k, v in self.events_by_kind.items()])
        out.append(
            _section(
                f"Most connected actors (co-participation network: {self.actors} actors, {self.links} links)"
            )
        )
        out += _rows(
            [
                (a.label, a.type, f"{a.score:.0f} co-participants", _plural(a.events, "event"))
                for a in self.top_degree
            ]
        )
        sampled = ", sampled" if self.betweenness_sampled else ""
        out.append(_section(f"Brokers (betweenness centrality{sampled})"))
        out += _rows(
            [(a.label, a.type, f"{a.score:.3f}", _plural(a.events, "event")) for a in self.top_betweenness]
        )
        out.append(_section("Communities (Louvain)"))
        out += _rows(
            [
                (f"#{i}", _plural(c.size, "actor"), _plural(c.events, "event"), ", ".join(c.members))
                for i, c in enumerate(self.communities, 1)
            ]
        )
        out.append(_section("Busiest places"))
        out += _rows([(p.label, p.type, p.country, _plural(p.events, "event")) for p in self.busiest_places])
        out.append(_section("Events per month"))
        peak = max(self.events_per_month.values(), default=0)
        out += _rows(
            [
                (m, str(n), "#" * max(1, round(30 * n / peak)) if peak else "")
                for m, n in self.events_per_month.items()
            ]
        )
        if self.undated:
            out.append(f"  ({self.undated} events undated or dated by year only)")
        return "\n".join(out) + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _section(title: str) -> str:
    return f"\n{title}\n{'-' * len(title)}"


def _rows(rows: Sequence[tuple[str, ...]]) -> list[str]:
    if not rows:
        return ["  (none)"]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def stats(store: GraphStore, *, top: int = 10, seed: int = 0) -> Stats:
    """Counts, central actors, communities, busiest places and events per month of a store.

    :param top: how many actors, communities and places to list.
    :param seed: seed for betweenness sampling and Louvain (same seed, same answer).
    """
    counts = {k: 0 for k in _COUNT_ORDER}
    for r in run_query(store, _COUNTS).rows:
        counts[r["type"]] = int(r["n"])
    events = load_network(store)
    ev_nodes = [d for _, d in events.nodes(data=True) if d["type"] == "Event"]
    counts["events"] = max(counts["events"], len(ev_nodes))
    by_kind = Counter(d["kind"] for d in ev_nodes)
    events_by_kind = {k: by_kind.get(k, 0) for k in EVENT_KINDS} | {
        k: n for k, n in sorted(by_kind.items()) if k not in EVENT_KINDS
    }

    actors = actor_network(events)
    degree = sorted(actors.degree(), key=lambda nd: (-nd[1], actors.nodes[nd[0]]["label"], nd[0]))
    top_degree = tuple(_ranked(actors, n, float(d)) for n, d in degree[:top] if d > 0)

    sampled = actors.number_of_nodes() > BETWEENNESS_SAMPLE
    if actors.number_of_edges():
        k = BETWEENNESS_SAMPLE if sampled else None
        between = nx.betweenness_centrality(actors, k=k, seed=seed, normalized=True)
    else:
        between = {}
    ranked = sorted(between.items(), key=lambda nv: (-nv[1], actors.nodes[nv[0]]["label"], nv[0]))
    top_between = tuple(_ranked(actors, n, v) for n, v in ranked[:top] if v > 0)

    communities: list[Community] = []
    if actors.number_of_edges():
        groups = nx.community.louvain_communities(actors, weight="weight", seed=seed)
        for group in groups:
            if len(group) < 2:
                continue
            members = sorted(group, key=lambda n: (-actors.degree(n), actors.nodes[n]["label"], n))
            evs = {e for n in group for e in events.predecessors(n)}
            communities.append(
                Community(
                    size=len(group),
                    members=tuple(actors.nodes[n]["label"] for n in members[:8]),
                    events=len(evs),
                )
            )
        communities.sort(key=lambda c: (-c.size, -c.events, c.members))

    places = [
        PlaceCount(
            iri=n,
            label=d["label"],
            type=d["type"],
            country=d.get("country", ""),
            events=sum(1 for _, _, rel in events.in_edges(n, keys=True) if rel == "place"),
        )
        for n, d in events.nodes(data=True)
        if d["category"] == "place"
    ]
    places = sorted((p for p in places if p.events), key=lambda p: (-p.events, p.label, p.iri))

    months: Counter[str] = Counter()
    undated = 0
    for d in ev_nodes:
        if len(d["date"]) >= 7:
            months[d["date"][:7]] += 1
        else:
            undated += 1

    return Stats(
        counts=counts,
        events_by_kind=events_by_kind,
        actors=actors.number_of_nodes(),
        links=actors.number_of_edges(),
        top_degree=top_degree,
        top_betweenness=top_between,
        communities=tuple(communities[:top]),
        busiest_places=tuple(places[:top]),
        events_per_month=dict(sorted(months.items())),
        undated=undated,
        betweenness_sampled=sampled,
    )


def _ranked(g: nx.Graph, node: str, score: float) -> RankedActor:
    d = g.nodes[node]
    return RankedActor(iri=node, label=d["label"], type=d["type"], score=score, events=d.get("events", 0))


# --------------------------------------------------------------------- timeline
@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event in an actor's timeline.

    date: the event's date ("2021-04-13", "2021-04" or "2021"), "" when unknown.
    kind: talks, incident, sanction, agreement or other.
    label: the event's label ("held talks (talks, Vienna)").
    trigger: the words that signal it.
    status: happened, planned or ongoing ("" when unknown).
    participants: the other actors taking part, by name, sorted.
    places: where it happened, by name.
    sources: the articles reporting it (their URL or id), sorted.
    event: the event node's IRI.
    """

    date: str
    kind: str
    label: str
    trigger: str
    status: str
    participants: tuple[str, ...]
    places: tuple[str, ...]
    sources: tuple[str, ...]
    event: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def timeline(store: GraphStore, name: str, *, flt: NetworkFilter | None = None) -> list[TimelineEntry]:
    """The events ``name`` (an actor or place, by label or alias) takes part in, in date order.

    Undated events come last. ``flt`` may narrow the kinds and dates (its ``around`` is ignored).

    :raises ActorNotFound: no actor or place has that name; the message suggests close ones.
    """
    g = load_network(store)
    nodes = find_nodes(g, name)
    if flt is not None:
        g = filter_network(g, NetworkFilter(kinds=flt.kinds, start=flt.start, end=flt.end))
    entries = []
    seen: set[str] = set()
    for node in nodes:
        if node not in g:
            continue
        for ev in g.predecessors(node):
            if ev in seen:
                continue
            seen.add(ev)
            d = g.nodes[ev]
            participants = sorted(
                {g.nodes[n]["label"] for _, n, rel in g.out_edges(ev, keys=True) if rel == "participant"}
                - {g.nodes[n]["label"] for n in nodes}
            )
            places = sorted(
                {g.nodes[n]["label"] for _, n, rel in g.out_edges(ev, keys=True) if rel == "place"}
            )
            entries.append(
                TimelineEntry(
                    date=d["date"],
                    kind=d["kind"],
                    label=d["label"],
                    trigger=d.get("trigger", ""),
                    status=d.get("status", ""),
                    participants=tuple(participants),
                    places=tuple(places),
                    sources=tuple(d["articles"]),
                    event=ev,
                )
            )
    entries.sort(key=lambda e: (e.date == "", e.date, e.kind, e.label, e.event))
    return entries


def format_timeline(entries: Sequence[TimelineEntry], *, max_width: int = 40) -> str:
    """A timeline as a plain-text table."""

    def cut(text: str) -> str:
        return text if len(text) <= max_width else text[: max_width - 1] + "\u2026"

    header = ("date", "kind", "event", "with", "where", "sources")
    rows = [
        (
            e.date or "?",
            e.kind,
            cut(e.trigger or e.label),
            cut(", ".join(e.participants)),
            cut(", ".join(e.places)),
            cut(" ".join(e.sources)),
        )
        for e in entries
    ]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} event{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
