"""Provenance on demand: which sentences of which articles support a node or an edge.

Every fact dkg writes keeps its evidence (``dkg:evidence``: the article's
named graph, the sentence, the character span, the extractor and its
confidence). :func:`explain` gathers it for

- one node, given by IRI or by name (a label or alias, any case): its
  canonical name, kind, aliases and, article by article (source and date),
  the sentences naming it — for a person, the sentences giving their titles
  too; for an event, its kind, date, status, participants and place as each
  article reports it;
- two nodes (an edge): the events both take part in (or, for an event and
  an actor or place, that event's reports naming the other), and the
  positions linking a person to an organization or country, each with its
  sentences.

Names reach the queries only as escaped literals (pyoxigraph's ``Literal``)
and IRIs only as validated ``NamedNode`` terms, never pasted text.

>>> from graph.store import OxigraphStore
>>> try:
...     explain(OxigraphStore.in_memory(), "Jake Sullivan")
... except NodeNotFound as exc:
...     print(str(exc).split(";")[0])
Nothing in the store at :memory: is called 'Jake Sullivan'
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from pyoxigraph import Literal, NamedNode, QuerySolutions

from graph.errors import KGError
from graph.iris import RESOLUTION_GRAPH, normalize_key
from graph.store import GraphStore

__all__ = [
    "AmbiguousName",
    "Candidate",
    "EdgeExplanation",
    "Evidence",
    "Link",
    "NodeExplanation",
    "NodeNotFound",
    "explain",
    "find_candidates",
    "format_json",
    "format_text",
]

_PREFIXES = """PREFIX dkg: <https://w3id.org/dkg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
_RES = str(NamedNode(RESOLUTION_GRAPH))
_DKG = "https://w3id.org/dkg/ontology#"
_KINDS = (
    ("Person", "person"),
    ("NewsOutlet", "news outlet"),
    ("Organization", "organization"),
    ("Country", "country"),
    ("City", "city"),
    ("Facility", "facility"),
    ("Region", "region"),
    ("WaterBody", "water body"),
    ("Place", "place"),
    ("Talks", "event (talks)"),
    ("Incident", "event (incident)"),
    ("Sanction", "event (sanction)"),
    ("Agreement", "event (agreement)"),
    ("OtherEvent", "event (other)"),
    ("Position", "position"),
)


class NodeNotFound(KGError):
    """No node has the IRI or name a user gave."""


class AmbiguousName(KGError):
    """A name fits several canonical nodes; ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[Candidate]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True, slots=True)
class Candidate:
    """A canonical node a name may mean: IRI, kind, name and how many articles mention it."""

    iri: str
    kind: str
    label: str
    articles: int


@dataclass(frozen=True, slots=True)
class Evidence:
    """One supporting span.

    article: the article's named graph IRI; source: its URL or id; published: its date ("" unknown).
    node: the article-level node the evidence is attached to; fact: what it supports ("mention",
    "title: Foreign Minister", "event", ...).
    sentence: the sentence; start, end: the span's character offsets in the article text;
    sentence_start, sentence_end: the sentence's offsets; extractor, confidence: who read it, how sure.
    """

    article: str
    source: str
    published: str
    node: str
    fact: str
    sentence: str
    start: int
    end: int
    sentence_start: int | None
    sentence_end: int | None
    extractor: str
    confidence: float


@dataclass
class NodeExplanation:
    """A canonical node and its evidence, article by article.

    details: per article, what it says about the node beyond the sentences (an event's kind, date,
    status, participants and place; a person's titles).
    """

    iri: str
    kind: str
    label: str
    aliases: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    articles: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Link:
    """What links two nodes: an event both take part in, or a position; with its evidence."""

    relation: str
    iri: str
    label: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class EdgeExplanation:
    """Two nodes and everything linking them."""

    a: NodeExplanation
    b: NodeExplanation
    links: list[Link] = field(default_factory=list)


# =========================================================================== helpers


def _select(store: GraphStore, sparql: str) -> list[tuple[Any, ...]]:
    answer = store.query(_PREFIXES + sparql)
    assert isinstance(answer, QuerySolutions)
    return [tuple(s) for s in answer]


def _iris(values: Iterable[str]) -> str:
    return " ".join(str(NamedNode(v)) for v in sorted(set(values)))


def _val(term: Any) -> str:
    return "" if term is None else str(term.value)


def _kind(types: Iterable[str]) -> str:
    local = {t.rsplit("#", 1)[-1] for t in types if t.startswith(_DKG)}
    return next((name for cls, name in _KINDS if cls in local), "node")


def _canonical(store: GraphStore, nodes: Iterable[str]) -> dict[str, str]:
    nodes = sorted(set(nodes))
    if not nodes:
        return {}
    rows = _select(
        store,
        f"SELECT ?n ?c WHERE {{ VALUES ?n {{ {_iris(nodes)} }} GRAPH {_RES} {{ ?n dkg:canonical ?c }} }}",
    )
    found = {n.value: c.value for n, c in rows}
    return {n: found.get(n, n) for n in nodes}


def _members(store: GraphStore, canon: str) -> list[str]:
    rows = _select(store, f"SELECT ?m WHERE {{ GRAPH {_RES} {{ ?m dkg:canonical {_iris([canon])} }} }}")
    return sorted({m.value for (m,) in rows} | {canon})


def _exists(store: GraphStore, iri: str) -> bool:
    answer = store.query(f"ASK {{ {{ {_iris([iri])} ?p ?o }} UNION {{ ?s ?p {_iris([iri])} }} }}")
    return bool(answer)


# =========================================================================== lookup


def find_candidates(store: GraphStore, name_or_iri: str) -> list[Candidate]:
    """The canonical nodes ``name_or_iri`` may mean, most mentioned first.

    An IRI present in the store is taken as is; otherwise labels and aliases are matched without
    regard to case, then the normalized name ("meir ben-shabbat") against actor and place IRIs.
    """
    text = name_or_iri.strip()
    nodes: set[str] = set()
    if text.startswith(("http://", "https://")):
        try:
            if _exists(store, text):
                nodes.add(NamedNode(text).value)
        except ValueError:
            pass
    if not nodes and text:
        literal = str(Literal(text.casefold()))
        rows = _select(
            store,
            f"""SELECT DISTINCT ?n WHERE {{
  ?n skos:prefLabel|skos:altLabel ?l .
  FILTER(LCASE(STR(?l)) = {literal})
}}""",
        )
        nodes = {n.value for (n,) in rows if isinstance(n, NamedNode)}
    if not nodes and text:
        from graph import iris

        key = normalize_key(text)
        guesses = [
            iris.person_iri(key),
            iris.organization_iri(key),
            iris.country_iri(key),
            iris.place_iri(key),
        ]
        nodes = {g for g in guesses if _exists(store, g)}
    if not nodes:
        return []
    canon = sorted(set(_canonical(store, nodes).values()))
    return [_describe_candidate(store, c) for c in canon]


def _describe_candidate(store: GraphStore, canon: str) -> Candidate:
    members = _members(store, canon)
    rows = _select(
        store,
        f"""SELECT ?type ?label ?g WHERE {{
  VALUES ?m {{ {_iris(members)} }}
  GRAPH ?g {{ ?m a ?type . OPTIONAL {{ ?m skos:prefLabel|rdfs:label ?label }} }}
}}""",
    )
    pref = _select(store, f"SELECT ?l WHERE {{ GRAPH {_RES} {{ {_iris([canon])} skos:prefLabel ?l }} }}")
    labels: dict[str, int] = defaultdict(int)
    types: set[str] = set()
    graphs: set[str] = set()
    for t, label, g in rows:
        types.add(t.value)
        graphs.add(g.value)
        if label is not None:
            labels[label.value] += 1
    label = pref[0][0].value if pref else (max(labels, key=lambda x: (labels[x], x)) if labels else canon)
    return Candidate(canon, _kind(types), label, len(graphs))


def _resolve_one(store: GraphStore, name_or_iri: str) -> Candidate:
    found = find_candidates(store, name_or_iri)
    if not found:
        hint = normalize_key(name_or_iri).split("-")[-1] if name_or_iri.strip() else ""
        raise NodeNotFound(
            f"Nothing in the store at {store.location} is called {name_or_iri!r}; try part of the name with: "
            f'dkg query "SELECT DISTINCT ?n WHERE {{ ?x skos:prefLabel ?n '
            f"FILTER(CONTAINS(LCASE(?n), '{hint}')) }}\""
        )
    if len(found) > 1:
        found.sort(key=lambda c: (-c.articles, c.label, c.iri))
        lines = "\n".join(f"  {c.label} ({c.kind}, {c.articles} articles): {c.iri}" for c in found)
        raise AmbiguousName(f"{name_or_iri!r} may mean {len(found)} nodes; give one by IRI:\n{lines}", found)
    return found[0]


# =========================================================================== explaining


_EVIDENCE = """SELECT ?g ?source ?issued ?m ?fact ?sentence ?start ?end ?ss ?se ?extractor ?conf WHERE {{
  VALUES ?m {{ {members} }}
  GRAPH ?g {{
    ?g dkg:source ?source .
    OPTIONAL {{ ?g dcterms:issued ?issued }}
    {{ ?m dkg:evidence ?ev . BIND("mention" AS ?fact) }}
    UNION
    {{ ?m dkg:holds ?pos . ?pos dkg:evidence ?ev ; dkg:title ?title ; dkg:former ?former .
       BIND(CONCAT("title: ", IF(?former, "Former ", ""), ?title) AS ?fact) }}
    ?ev dkg:sentence ?sentence ; dkg:startChar ?start ; dkg:endChar ?end ; dkg:extractor ?extractor ;
        dkg:confidence ?conf .
    OPTIONAL {{ ?ev dkg:sentenceStart ?ss }}
    OPTIONAL {{ ?ev dkg:sentenceEnd ?se }}
  }}
}}"""


def _evidence(store: GraphStore, members: list[str], *, events: bool = False) -> list[Evidence]:
    rows = _select(store, _EVIDENCE.format(members=_iris(members)))
    out = {
        Evidence(
            article=g.value,
            source=source.value,
            published=_val(issued),
            node=m.value,
            fact=fact.value,
            sentence=sentence.value,
            start=int(start.value),
            end=int(end.value),
            sentence_start=int(ss.value) if ss is not None else None,
            sentence_end=int(se.value) if se is not None else None,
            extractor=extractor.value,
            confidence=float(conf.value),
        )
        for g, source, issued, m, fact, sentence, start, end, ss, se, extractor, conf in rows
    }
    if events:
        out = {replace(e, fact="report") if e.fact == "mention" else e for e in out}
    return sorted(out, key=lambda e: (e.published, e.source, e.start, e.fact))


def _event_details(store: GraphStore, members: list[str]) -> dict[str, dict[str, Any]]:
    rows = _select(
        store,
        f"""SELECT ?g ?kind ?type ?date ?status ?trigger ?who ?where WHERE {{
  VALUES ?m {{ {_iris(members)} }}
  GRAPH ?g {{
    ?m dkg:reportedBy ?g ; dkg:kind ?kind .
    OPTIONAL {{ ?m sem:eventType ?type }}
    OPTIONAL {{ ?m dkg:date ?date }}
    OPTIONAL {{ ?m dkg:status ?status }}
    OPTIONAL {{ ?m dkg:trigger ?trigger }}
    OPTIONAL {{ ?m sem:hasActor/skos:prefLabel ?who }}
    OPTIONAL {{ ?m sem:hasPlace/skos:prefLabel ?where }}
  }}
}}""",
    )
    out: dict[str, dict[str, Any]] = {}
    for g, kind, etype, dt, status, trigger, who, where in rows:
        d = out.setdefault(
            g.value,
            {
                "kind": kind.value,
                "type": _val(etype).rsplit("/", 1)[-1],
                "date": _val(dt),
                "status": _val(status),
                "trigger": _val(trigger),
                "participants": set(),
                "places": set(),
            },
        )
        if who is not None:
            d["participants"].add(who.value)
        if where is not None:
            d["places"].add(where.value)
    for d in out.values():
        d["participants"] = sorted(d["participants"])
        d["places"] = sorted(d["places"])
    return out


def _node(store: GraphStore, candidate: Candidate, *, with_evidence: bool = True) -> NodeExplanation:
    members = _members(store, candidate.iri)
    res = _select(
        store,
        f"""SELECT ?p ?o WHERE {{ GRAPH {_RES} {{ {_iris([candidate.iri])} ?p ?o .
  VALUES ?p {{ skos:altLabel skos:exactMatch }} }} }}""",
    )
    aliases = sorted({o.value for p, o in res if p.value.endswith("#altLabel")})
    external = sorted({o.value for p, o in res if p.value.endswith("#exactMatch")})
    if not aliases:
        rows = _select(
            store,
            f"SELECT DISTINCT ?l WHERE {{ VALUES ?m {{ {_iris(members)} }} "
            "?m skos:prefLabel|skos:altLabel ?l }",
        )
        aliases = sorted({label.value for (label,) in rows} - {candidate.label})
    node = NodeExplanation(
        iri=candidate.iri,
        kind=candidate.kind,
        label=candidate.label,
        aliases=aliases,
        members=members,
        external=external,
        articles=candidate.articles,
    )
    if with_evidence:
        node.evidence = _evidence(store, members, events=candidate.kind.startswith("event"))
        if candidate.kind.startswith("event"):
            node.details = _event_details(store, members)
    return node


def explain(store: GraphStore, first: str, second: str | None = None) -> NodeExplanation | EdgeExplanation:
    """Explain one node, or the edge between two.

    :raises NodeNotFound: a name or IRI matches nothing.
    :raises AmbiguousName: a name fits several canonical nodes (the error lists them).
    """
    a = _resolve_one(store, first)
    if second is None:
        return _node(store, a)
    b = _resolve_one(store, second)
    return _edge(store, a, b)


def _edge(store: GraphStore, a: Candidate, b: Candidate) -> EdgeExplanation:
    na, nb = _node(store, a, with_evidence=False), _node(store, b, with_evidence=False)
    edge = EdgeExplanation(na, nb)
    ma, mb = na.members, nb.members
    links: dict[tuple[str, str], Link] = {}

    def add(relation: str, iri: str, label: str, evidence: Evidence) -> None:
        link = links.setdefault((relation, iri), Link(relation, iri, label))
        if evidence not in link.evidence:
            link.evidence.append(evidence)

    a_event, b_event = a.kind.startswith("event"), b.kind.startswith("event")
    if a_event or b_event:
        event, other = (na, nb) if a_event else (nb, na)
        rows = _select(
            store,
            _LINK_EVENT.format(events=_iris(event.members), others=_iris(other.members)),
        )
        for row in rows:
            add(row[0].value, event.iri, event.label, _row_evidence(row[1:]))
    else:
        # Events (merged across articles) in which both take part, in one report or in different ones.
        common = sorted(set(_events_of(store, ma)) & set(_events_of(store, mb)))
        labels = _event_labels(store, set(common))
        for c in common:
            for ev in _evidence(store, _members(store, c), events=True):
                add("in the same event", c, labels.get(c, c), ev)
        for xs, ys, holder, of in ((ma, mb, na, nb), (mb, ma, nb, na)):
            for row in _select(store, _LINK_POSITION.format(xs=_iris(xs), ys=_iris(ys))):
                title = row[0].value
                add(
                    f"{holder.label} holds a position of {of.label}",
                    row[4].value,
                    title,
                    _row_evidence(row[1:]),
                )
    for link in links.values():
        link.evidence.sort(key=lambda e: (e.published, e.source, e.start))
    edge.links = sorted(links.values(), key=lambda lk: (lk.relation, lk.label, lk.iri))
    return edge


_EV_COLUMNS = "?g ?source ?issued ?m ?fact ?sentence ?start ?end ?ss ?se ?extractor ?conf"
_EV_PATTERN = """?g dkg:source ?source . OPTIONAL {{ ?g dcterms:issued ?issued }}
    ?m dkg:evidence ?ev . ?ev dkg:sentence ?sentence ; dkg:startChar ?start ; dkg:endChar ?end ;
      dkg:extractor ?extractor ; dkg:confidence ?conf .
    OPTIONAL {{ ?ev dkg:sentenceStart ?ss }} OPTIONAL {{ ?ev dkg:sentenceEnd ?se }}"""

_LINK_EVENT = (
    "SELECT DISTINCT ?relation "
    + _EV_COLUMNS
    + """ WHERE {{
  VALUES ?m {{ {events} }}
  VALUES ?y {{ {others} }}
  GRAPH ?g {{
    {{ ?m sem:hasActor ?y . BIND("takes part in" AS ?relation) }}
    UNION {{ ?m sem:hasPlace ?y . BIND("is where it happened" AS ?relation) }}
    BIND("event" AS ?fact)
    """
    + _EV_PATTERN
    + """
  }}
}}"""
)


def _events_of(store: GraphStore, members: list[str]) -> dict[str, set[str]]:
    """Canonical events in which one of ``members`` takes part (or happens at) -> those reports."""
    rows = _select(
        store,
        f"""SELECT DISTINCT ?e WHERE {{
  VALUES ?x {{ {_iris(members)} }}
  GRAPH ?g {{ ?e dkg:reportedBy ?g . {{ ?e sem:hasActor ?x }} UNION {{ ?e sem:hasPlace ?x }} }}
}}""",
    )
    out: dict[str, set[str]] = defaultdict(set)
    for e, c in _canonical(store, {e.value for (e,) in rows}).items():
        out[c].add(e)
    return out


_LINK_POSITION = (
    "SELECT DISTINCT ?title "
    + _EV_COLUMNS
    + """ WHERE {{
  VALUES ?x {{ {xs} }}
  VALUES ?y {{ {ys} }}
  GRAPH ?g {{
    ?x dkg:holds ?m . ?m dkg:affiliation ?y ; dkg:title ?t ; dkg:former ?former .
    BIND(CONCAT(IF(?former, "Former ", ""), ?t) AS ?title)
    BIND(CONCAT("title: ", ?title) AS ?fact)
    """
    + _EV_PATTERN
    + """
  }}
}}"""
)


def _row_evidence(row: tuple[Any, ...]) -> Evidence:
    g, source, issued, m, fact, sentence, start, end, ss, se, extractor, conf = row
    return Evidence(
        article=g.value,
        source=source.value,
        published=_val(issued),
        node=m.value,
        fact=fact.value,
        sentence=sentence.value,
        start=int(start.value),
        end=int(end.value),
        sentence_start=int(ss.value) if ss is not None else None,
        sentence_end=int(se.value) if se is not None else None,
        extractor=extractor.value,
        confidence=float(conf.value),
    )


def _event_labels(store: GraphStore, events: set[str]) -> dict[str, str]:
    if not events:
        return {}
    rows = _select(
        store,
        f"""SELECT ?e ?label ?date WHERE {{ VALUES ?e {{ {_iris(events)} }}
  ?e rdfs:label ?label . OPTIONAL {{ ?e dkg:date ?date }} }}""",
    )
    out: dict[str, str] = {}
    for e, label, dt in rows:
        text = label.value + (f" on {dt.value}" if dt is not None else "")
        if e.value not in out or len(text) > len(out[e.value]):
            out[e.value] = text
    return out


# =========================================================================== output


def _as_jsonable(value: Any) -> Any:
    if isinstance(value, NodeExplanation | EdgeExplanation | Link | Evidence | Candidate):
        return _as_jsonable(asdict(value))
    if isinstance(value, dict):
        return {k: _as_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_as_jsonable(v) for v in value]
    return value


def format_json(result: NodeExplanation | EdgeExplanation) -> str:
    """The explanation as JSON (``{"node": ...}`` or ``{"edge": ...}``)."""
    key = "node" if isinstance(result, NodeExplanation) else "edge"
    return json.dumps({key: _as_jsonable(result)}, ensure_ascii=False, indent=2)


def _evidence_lines(evidence: list[Evidence], indent: str = "  ") -> list[str]:
    lines: list[str] = []
    by_article: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for e in evidence:
        by_article[(e.published, e.source)].append(e)
    for (published, source), items in sorted(by_article.items()):
        lines.append(f"{indent}{source} ({published or 'date unknown'})")
        for e in items:
            where = f"chars {e.start}-{e.end}"
            if e.sentence_start is not None and e.sentence_end is not None:
                where += f", sentence {e.sentence_start}-{e.sentence_end}"
            lines.append(f"{indent}  [{e.fact}; {where}; {e.extractor}, confidence {e.confidence:.2f}]")
            lines.append(f"{indent}  \u201c{e.sentence}\u201d")
    return lines


def format_text(result: NodeExplanation | EdgeExplanation, *, max_articles: int | None = None) -> str:
    """A readable account: names, then the evidence per article (at most ``max_articles`` articles)."""
    if isinstance(result, EdgeExplanation):
        a, b = result.a, result.b
        lines = [f"{a.label} ({a.kind}) \u2014 {b.label} ({b.kind})", f"  {a.iri}", f"  {b.iri}"]
        if not result.links:
            lines.append("No event or position in the store links them.")
        for link in result.links:
            sources = len({e.article for e in link.evidence})
            lines.append("")
            lines.append(f"{link.relation}: {link.label} ({sources} article{'s' if sources != 1 else ''})")
            lines.append(f"  {link.iri}")
            lines += _evidence_lines(_limit(link.evidence, max_articles), "  ")
            lines += _more(link.evidence, max_articles, "  ")
        return "\n".join(lines) + "\n"
    n = result
    lines = [f"{n.label} ({n.kind})", f"  {n.iri}"]
    if n.aliases:
        lines.append(f"  also called: {', '.join(n.aliases)}")
    if len(n.members) > 1:
        lines.append(f"  merged from: {', '.join(n.members)}")
    if n.external:
        lines.append(f"  same as: {', '.join(n.external)}")
    lines.append(f"  articles: {n.articles}")
    for article, d in sorted(n.details.items()):
        what = f"{d['kind']} ({d['type']})" if d.get("type") else d["kind"]
        facts = [what, d["date"] or "date unknown", d["status"]]
        if d["places"]:
            facts.append("at " + ", ".join(d["places"]))
        if d["participants"]:
            facts.append("with " + ", ".join(d["participants"]))
        lines.append(f"  {article}: {'; '.join(f for f in facts if f)}")
    lines.append("")
    lines += _evidence_lines(_limit(n.evidence, max_articles), "")
    lines += _more(n.evidence, max_articles, "")
    return "\n".join(lines) + "\n"


def _limit(evidence: list[Evidence], max_articles: int | None) -> list[Evidence]:
    if max_articles is None:
        return evidence
    keep = sorted({(e.published, e.source) for e in evidence})[:max_articles]
    keep_set = set(keep)
    return [e for e in evidence if (e.published, e.source) in keep_set]


def _more(evidence: list[Evidence], max_articles: int | None, indent: str) -> list[str]:
    total = len({(e.published, e.source) for e in evidence})
    if max_articles is not None and total > max_articles:
        return [f"{indent}... and {total - max_articles} more articles (raise --limit to see them)"]
    return []
