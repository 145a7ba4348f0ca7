"""The graph as a network for analytics (networkx).

Nodes are actors, places and events (keyed by IRI, with ``label`` and
``type``); edges link an event to its participants (``participant``) and
places (``place``), with the event's date and kind.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.queries import run_query
from graph.store import GraphStore

__all__ = ["build_network"]

_EDGES = """
PREFIX dkg: <https://w3id.org/dkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
SELECT DISTINCT ?event ?kind ?date ?label ?rel ?node ?nodeLabel ?nodeType ?source WHERE {
  GRAPH ?g {
    ?g dkg:source ?source .
    ?event dkg:reportedBy ?g ; dkg:kind ?kind .
    OPTIONAL { ?event rdfs:label ?label }
    OPTIONAL { ?event dkg:date ?d }
    { ?event sem:hasActor ?node . BIND("participant" AS ?rel) }
    UNION
    { ?event sem:hasPlace ?node . BIND("place" AS ?rel) }
    ?node skos:prefLabel ?nodeLabel ; a ?t .
    FILTER (STRSTARTS(STR(?t), "https://w3id.org/dkg/ontology#"))
    BIND(STRAFTER(STR(?t), "#") AS ?nodeType)
  }
  BIND(STR(?d) AS ?date)
}
"""


def build_network(store: GraphStore) -> Any:
    """A ``networkx.MultiDiGraph`` of events, actors and places."""
    g = nx.MultiDiGraph()
    rows = run_query(store, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + _EDGES).rows
    for r in rows:
        ev = r["event"]
        if ev not in g:
            g.add_node(
                ev,
                label=r.get("label", ""),
                type="Event",
                kind=r["kind"],
                date=r.get("date", ""),
                sources=set(),
            )
        g.nodes[ev]["sources"].add(r["source"])
        node = r["node"]
        if node not in g:
            g.add_node(node, label=r["nodeLabel"], type=r["nodeType"])
        elif r["nodeType"] not in ("Place", "Actor"):
            g.nodes[node]["type"] = r["nodeType"]
        if not g.has_edge(ev, node, key=r["rel"]):
            g.add_edge(ev, node, key=r["rel"], relation=r["rel"], date=r.get("date", ""), kind=r["kind"])
    for _, data in g.nodes(data=True):
        if "sources" in data:
            data["sources"] = len(data["sources"])
    return g
