"""Retract an article: drop its graph, and with it everything only it supported.

An article's facts live in its own named graph, so dropping that graph takes
away exactly what the article said; what other articles say stays in their
graphs. The derived resolution graph is then recomputed (by the caller, see
:meth:`graph.api.KnowledgeGraph.remove`), so a canonical actor or merged event
that only this article supported disappears and one that others support
loses this article as a source.

>>> from graph.store import OxigraphStore
>>> find_articles(OxigraphStore.in_memory(), "seed-001")
[]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode, QuerySolutions

from graph.errors import KGError
from graph.iris import RESOLUTION_GRAPH, article_iri
from graph.store import GraphStore

__all__ = ["ArticleNotFound", "RemoveReport", "find_articles", "remove_articles"]


class ArticleNotFound(KGError):
    """No article in the store has the URL, id or IRI a user gave."""


@dataclass
class RemoveReport:
    """What a removal took away.

    source: what the user asked to remove (a URL, an id or an article IRI).
    articles: the article graphs dropped (IRIs).
    quads: quads removed with them.
    events: event reports dropped (one per article and event).
    actors: actors no article mentions any more (IRI -> label).
    places: places no article mentions any more (IRI -> label).
    resolution: the resolution run afterwards (``ResolutionReport.as_dict()``), or None when skipped.
    """

    source: str
    articles: list[str] = field(default_factory=list)
    quads: int = 0
    events: int = 0
    actors: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    resolution: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "articles": self.articles,
            "quads": self.quads,
            "events": self.events,
            "actors": self.actors,
            "places": self.places,
            "resolution": self.resolution,
        }

    def summary(self) -> str:
        gone = sorted(self.actors.values()) + sorted(self.places.values())
        shown = ", ".join(gone[:10]) + (f" and {len(gone) - 10} more" if len(gone) > 10 else "")
        return (
            f"Removed {len(self.articles)} article{'s' if len(self.articles) != 1 else ''} "
            f"({self.quads} triples, {self.events} event reports); "
            f"no longer in the graph: {shown or 'nothing else (other articles support the rest)'}"
        )


def _select(store: GraphStore, sparql: str) -> list[tuple[Any, ...]]:
    answer = store.query(sparql)
    assert isinstance(answer, QuerySolutions)
    return [tuple(s) for s in answer]


def find_articles(store: GraphStore, source: str) -> list[str]:
    """Graph IRIs of the articles whose ``dkg:source``, url or id is ``source``, or whose IRI it is.

    The value reaches the query only as an escaped literal (and, when it is a valid IRI, an IRI term).
    """
    literal = str(Literal(source))
    candidates = {article_iri(source)}
    try:
        candidates.add(NamedNode(source).value)
    except ValueError:
        pass
    values = " ".join(str(NamedNode(c)) for c in sorted(candidates))
    rows = _select(
        store,
        f"""PREFIX dkg: <https://w3id.org/dkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?g WHERE {{
  {{ GRAPH ?g {{ ?g a dkg:Article ; dkg:source|dcterms:identifier ?v . FILTER(STR(?v) = {literal}) }} }}
  UNION
  {{ GRAPH ?g {{ ?g a dkg:Article ; schema:url ?u . FILTER(STR(?u) = {literal}) }} }}
  UNION
  {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g a dkg:Article }} }}
}}""",
    )
    return sorted(g.value for (g,) in rows if g.value != RESOLUTION_GRAPH)


def _labels_of_mentions(store: GraphStore, graphs: list[str]) -> dict[str, tuple[str, str]]:
    """Actor and place nodes the given articles mention -> (kind, label)."""
    values = " ".join(str(NamedNode(g)) for g in graphs)
    rows = _select(
        store,
        f"""PREFIX dkg: <https://w3id.org/dkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?n ?type ?label WHERE {{
  VALUES ?g {{ {values} }}
  GRAPH ?g {{ ?g dkg:mentions ?n . ?n a ?type . OPTIONAL {{ ?n skos:prefLabel ?label }}
    VALUES ?type {{ dkg:Person dkg:Organization dkg:Country dkg:Place }} }}
}}""",
    )
    out: dict[str, tuple[str, str]] = {}
    for n, t, label in rows:
        kind = "place" if t.value.endswith("#Place") else "actor"
        out[n.value] = (kind, label.value if label is not None else n.value)
    return out


def _still_mentioned(store: GraphStore, nodes: list[str]) -> set[str]:
    if not nodes:
        return set()
    values = " ".join(str(NamedNode(n)) for n in nodes)
    rows = _select(
        store,
        f"""PREFIX dkg: <https://w3id.org/dkg/ontology#>
SELECT DISTINCT ?n WHERE {{ VALUES ?n {{ {values} }} GRAPH ?g {{ ?g dkg:mentions ?n }} }}""",
    )
    return {n.value for (n,) in rows}


def _count(store: GraphStore, graphs: list[str]) -> tuple[int, int]:
    values = " ".join(str(NamedNode(g)) for g in graphs)
    prefix = "PREFIX dkg: <https://w3id.org/dkg/ontology#>\n"
    (quads,) = _select(
        store, f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )[0]
    (events,) = _select(
        store,
        prefix
        + f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?e dkg:reportedBy ?g }} }}",
    )[0]
    return int(quads.value), int(events.value)


def remove_articles(store: GraphStore, source: str) -> RemoveReport:
    """Drop the article graphs ``source`` names (see :func:`find_articles`); resolution is the caller's.

    :raises ArticleNotFound: no article matches.
    """
    graphs = find_articles(store, source)
    if not graphs:
        raise ArticleNotFound(
            f"No article with URL or id {source!r} in the store at {store.location}; "
            'list them with: dkg query "SELECT ?source WHERE { ?a a dkg:Article ; dkg:source ?source }"'
        )
    report = RemoveReport(source=source, articles=graphs)
    report.quads, report.events = _count(store, graphs)
    mentioned = _labels_of_mentions(store, graphs)
    for g in graphs:
        store.remove_article(g)
    left = _still_mentioned(store, sorted(mentioned))
    for node, (kind, label) in sorted(mentioned.items()):
        if node not in left:
            (report.places if kind == "place" else report.actors)[node] = label
    return report
