"""Check a store against the SHACL shapes (``ontology/shapes.ttl``), article by article.

Every article is its own named graph and the shapes describe one article's
graph, so each graph is validated on its own: validating the union would
report legitimate differences between articles (two articles giving one
country different labels, one saying a position is former and one not) as
violations, and it is no faster. One article at a time is read from the store
into a small rdflib graph and checked by pyshacl against a shapes graph parsed
once, without inference (the shapes list the concrete classes they accept, so
they need no RDFS reasoning), and with SHACL-AF off (they use none of it).

>>> from graph.store import OxigraphStore
>>> report = validate_store(OxigraphStore.in_memory())
>>> report.conforms, report.articles_checked
(True, 0)
>>> report.format_text()
'Valid: 0 articles, 0 triples checked'
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import SH
from rdflib.term import Node

from graph.store import GraphStore
from ontology import DATA_IRI, SHAPES_PATH
from ontology.errors import OntologyError
from ontology.namespaces import DKG

__all__ = ["ValidationReport", "Violation", "load_shapes", "validate_store"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"

#: Prefixes used to shorten IRIs in the text report; data IRIs are shown relative to DATA_IRI.
_PREFIXES = {
    "dkg": "https://w3id.org/dkg/ontology#",
    "dkgsh": "https://w3id.org/dkg/shapes#",
    "evt": "https://w3id.org/dkg/event-type/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": _XSD,
    "sh": "http://www.w3.org/ns/shacl#",
}
#: Datatypes whose values read well without quotes.
_BARE = {_XSD + t for t in ("integer", "decimal", "double", "boolean")}
_NT_LITERAL = re.compile(r'^(".*")(?:\^\^<([^>]*)>|(@[A-Za-z0-9-]+))?$', re.DOTALL)
_NUMBER_OR_BOOLEAN = re.compile(r'^"([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|true|false)"$')
_MAX_VALUE_CHARS = 60
_MAX_CACHED_TERMS = 500_000


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: a node of an article graph that breaks a shape.

    article: the article's ``dkg:source`` (its URL, else its id); the graph IRI when it has none.
    graph: IRI of the article's named graph (also the article node's IRI).
    focus: IRI of the node that breaks the shape (``_:id`` for a blank node).
    path: IRI of the property concerned; ``^IRI`` for an inverse path (the node is the
        object of IRI); None when the node itself is at fault (e.g. it is a literal).
    value: the offending value in N-Triples syntax (``"usa"``, ``<https://...>``,
        ``"30"^^<http://www.w3.org/2001/XMLSchema#integer>``); None when a value is
        missing or there are too many (see ``found``).
    message: what is wrong and what is expected: the shape's ``sh:message``, else pyshacl's.
    severity: ``"Violation"``, ``"Warning"`` or ``"Info"``.
    shape: IRI of the node shape that was broken, e.g. ``https://w3id.org/dkg/shapes#EventShape``
        (for a property constraint, the node shape holding it).
    constraint: the SHACL constraint that failed, e.g. ``"minCount"``, ``"pattern"``, ``"datatype"``.
    found: for a ``maxCount`` result, the node's values for ``path`` in N-Triples syntax; else empty.
    """

    article: str
    graph: str
    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    shape: str
    constraint: str
    found: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The violation as a JSON-ready dict (the fields above)."""
        return {
            "article": self.article,
            "graph": self.graph,
            "focus": self.focus,
            "path": self.path,
            "value": self.value,
            "found": list(self.found),
            "message": self.message,
            "severity": self.severity,
            "shape": self.shape,
            "constraint": self.constraint,
        }

    def format_line(self) -> str:
        """One readable line: the node, the property and its value, then what to fix."""
        where = _short(self.focus)
        if self.path is not None:
            inverse = self.path.startswith("^")
            where += " " + ("^" if inverse else "") + _short(self.path.removeprefix("^"))
            if self.value is not None:
                where += " " + _short_term(self.value)
            elif self.found:
                where += " " + ", ".join(_short_term(v) for v in self.found)
            elif self.constraint == "minCount":
                where += " (missing)"
        elif self.value is not None and self.value != f"<{self.focus}>":
            where += " " + _short_term(self.value)
        return f"{where}: {self.message} [{_short(self.shape)} {self.constraint}]"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of :func:`validate_store`.

    conforms: True when no article graph has any SHACL result.
    violations: every result found, grouped by article in the order checked.
    articles_checked: how many article graphs were validated.
    triples_checked: how many triples those graphs held.
    truncated: validation stopped early because ``max_reports`` results were found.
    """

    conforms: bool
    violations: tuple[Violation, ...]
    articles_checked: int
    triples_checked: int = 0
    truncated: bool = False

    def summary(self) -> str:
        """One line: valid, or how many violations in how many articles."""
        if self.conforms:
            return f"Valid: {self.articles_checked} articles, {self.triples_checked} triples checked"
        n_articles = len({v.graph for v in self.violations})
        text = (
            f"Invalid: {len(self.violations)} violation{'s' if len(self.violations) != 1 else ''} "
            f"in {n_articles} of {self.articles_checked} articles checked "
            f"({self.triples_checked} triples)"
        )
        if self.truncated:
            text += f"; stopped after the first {len(self.violations)} (raise --max to see more)"
        return text

    def format_text(self) -> str:
        """A readable report: per article a header, then one line per violation, then a summary."""
        if self.conforms:
            return self.summary()
        lines: list[str] = []
        by_graph: dict[str, list[Violation]] = {}
        for v in self.violations:
            by_graph.setdefault(v.graph, []).append(v)
        for graph_iri, found in by_graph.items():
            n = len(found)
            lines.append(f"{found[0].article}  {_short(graph_iri)}  ({n} violation{'s' if n != 1 else ''})")
            lines.extend(f"  {v.format_line()}" for v in found)
            lines.append("")
        lines.append(self.summary())
        lines.append(f"(<...> IRIs are relative to {DATA_IRI}; dkg: is {_PREFIXES['dkg']})")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict."""
        return {
            "conforms": self.conforms,
            "articles_checked": self.articles_checked,
            "triples_checked": self.triples_checked,
            "truncated": self.truncated,
            "violations": [v.as_dict() for v in self.violations],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text (see :meth:`as_dict`)."""
        return json.dumps(self.as_dict(), indent=indent, ensure_ascii=False)


def load_shapes(path: Path | None = None) -> Graph:
    """Parse a SHACL shapes file (default: ``ontology/shapes.ttl``).

    :raises OntologyError: the file is missing or is not valid Turtle.
    """
    path = path or SHAPES_PATH
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # OSError, or one of the rdflib parser's own error classes
        raise OntologyError(f"Could not read the SHACL shapes from {path}: {exc}") from exc


def validate_store(
    store: GraphStore,
    *,
    shapes: Path | None = None,
    max_reports: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Validate every article graph of ``store`` against the SHACL shapes.

    :param store: the store to check; it is only read.
    :param shapes: a SHACL shapes file; default ``ontology/shapes.ttl``.
    :param max_reports: stop after this many results (the report then says it is truncated);
        None checks every article.
    :param on_progress: called as ``on_progress(articles_checked, articles_total)`` after each article.
    :raises OntologyError: the shapes file cannot be read.
    """
    from pyshacl import validate

    if max_reports is not None and max_reports < 1:
        raise ValueError("max_reports must be at least 1, or None for no limit")
    shapes_graph = load_shapes(shapes)
    owner = {ps: ns for ns, ps in shapes_graph.subject_objects(SH.property)}
    graphs = _graph_iris(store)
    terms: dict[Any, Any] = {}  # pyoxigraph term -> rdflib term: IRIs recur across articles
    violations: list[Violation] = []
    checked = triples = 0
    truncated = False
    with _quiet_ill_typed_literals():
        for graph_iri in graphs:
            if len(terms) > _MAX_CACHED_TERMS:
                terms.clear()
            data = _article_graph(store, graph_iri, terms)
            conforms, report, _ = validate(data, shacl_graph=shapes_graph, inference="none", advanced=False)
            checked += 1
            triples += len(data)
            if not conforms:
                violations.extend(_violations(report, data, graph_iri, owner))
            if on_progress is not None:
                on_progress(checked, len(graphs))
            if max_reports is not None and len(violations) >= max_reports:
                truncated = len(violations) > max_reports or checked < len(graphs)
                del violations[max_reports:]
                break
    return ValidationReport(
        conforms=not violations,
        violations=tuple(violations),
        articles_checked=checked,
        triples_checked=triples,
        truncated=truncated,
    )


# --------------------------------------------------------------------------- reading the store


@contextmanager
def _quiet_ill_typed_literals() -> Iterator[None]:
    """Silence rdflib's warning (with a traceback) for a literal like "abc"^^xsd:integer.

    Such a literal is reported as a violation of the shape's sh:datatype, which says more.
    """
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _graph_iris(store: GraphStore) -> list[str]:
    article_graphs = getattr(store, "article_graphs", None)  # OxigraphStore, SparqlStore
    if article_graphs is not None:
        return list(article_graphs())
    answer = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert isinstance(answer, ox.QuerySolutions)
    return [g.value for (g,) in answer if isinstance(g, ox.NamedNode)]


def _article_graph(store: GraphStore, graph_iri: str, terms: dict[Any, Any]) -> Graph:
    """One named graph of the store as an rdflib graph (the IRI is written by pyoxigraph, so safe).

    ``terms`` caches converted terms between calls; it makes reading five times faster.
    """
    answer = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ox.NamedNode(graph_iri)} {{ ?s ?p ?o }} }}"
    )
    assert isinstance(answer, ox.QueryTriples)
    data = Graph()
    for triple in answer:
        converted = []
        for term in triple:
            rdf = terms.get(term)
            if rdf is None:
                rdf = terms[term] = _rdflib(term)
            converted.append(rdf)
        data.add((converted[0], converted[1], converted[2]))
    return data


def _rdflib(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        datatype = term.datatype.value
        # A plain literal and "x"^^xsd:string are the same RDF term; keep it plain.
        return (
            RdfLiteral(term.value) if datatype == _XSD_STRING else RdfLiteral(term.value, datatype=datatype)
        )
    raise TypeError(f"Cannot validate the RDF-star term {term}")


# --------------------------------------------------------------------------- reading pyshacl's report


def _violations(report: Graph, data: Graph, graph_iri: str, owner: dict[Node, Node]) -> Iterator[Violation]:
    source = data.value(URIRef(graph_iri), URIRef(str(DKG.source)))
    article = str(source) if source is not None else graph_iri
    root = report.value(predicate=SH.conforms)  # the sh:ValidationReport node
    results = []
    for result in report.objects(root, SH.result):  # top-level results, not their sh:detail
        focus = report.value(result, SH.focusNode)
        path_node = report.value(result, SH.resultPath)
        path = _path(report, path_node)
        value = report.value(result, SH.value)
        component = str(report.value(result, SH.sourceConstraintComponent) or "")
        constraint = component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        constraint = constraint[:1].lower() + constraint[1:]
        found: tuple[str, ...] = ()
        if constraint == "maxCount" and isinstance(path_node, URIRef) and focus is not None:
            found = tuple(sorted(_nt(o) for o in data.objects(focus, path_node)))
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        shape = report.value(result, SH.sourceShape)
        shape = owner.get(shape, shape) if shape is not None else None
        severity = report.value(result, SH.resultSeverity)
        results.append(
            Violation(
                article=article,
                graph=graph_iri,
                focus=str(focus) if not isinstance(focus, BNode) else f"_:{focus}",
                path=path,
                value=_nt(value) if value is not None and constraint != "maxCount" else None,
                message=" ".join(messages) or f"{constraint} constraint not met",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                shape=str(shape) if isinstance(shape, URIRef) else "(anonymous shape)",
                constraint=constraint,
                found=found,
            )
        )
    yield from sorted(results, key=lambda v: (v.focus, v.path or "", v.constraint, v.shape, v.value or ""))


def _path(report: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        return str(node)
    inverse = report.value(node, SH.inversePath)
    if isinstance(inverse, URIRef):
        return f"^{inverse}"
    return "(complex path)"


def _nt(term: Node) -> str:
    """A term in N-Triples syntax, as pyoxigraph writes it."""
    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, RdfLiteral):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        if term.datatype is not None:
            return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
        return str(ox.Literal(str(term)))
    return str(term)


# --------------------------------------------------------------------------- short forms for people


def _short(iri: str) -> str:
    if iri.startswith(DATA_IRI):
        return f"<{iri[len(DATA_IRI) :]}>"
    for prefix, namespace in _PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[\w.-]*", iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri if iri.startswith(("_:", "(")) else f"<{iri}>"


def _short_term(nt: str) -> str:
    """An N-Triples term as a person would write it in Turtle, long strings cut."""
    if nt.startswith("<") and nt.endswith(">"):
        return _short(nt[1:-1])
    match = _NT_LITERAL.match(nt)
    if match is None:
        return nt
    quoted, datatype, language = match.groups()
    if len(quoted) > _MAX_VALUE_CHARS:
        quoted = quoted[: _MAX_VALUE_CHARS - 2] + '..."'
    if language:
        return quoted + language
    if datatype in _BARE and _NUMBER_OR_BOOLEAN.match(quoted):
        return quoted[1:-1]
    return f"{quoted}^^{_short(datatype)}" if datatype else quoted
