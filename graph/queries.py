"""Run SPARQL over a store and write the answers in the format a user asked for.

>>> from graph.store import OxigraphStore
>>> store = OxigraphStore.in_memory()
>>> result = run_query(store, "SELECT ?x WHERE { VALUES ?x { 1 2 } }")
>>> result.rows
[{'x': '1'}, {'x': '2'}]
>>> format_result(result, "csv").decode().splitlines()
['x', '1', '2']
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal as TypingLiteral

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
)
from pyoxigraph import Store as _MemStore

from graph.errors import QueryError
from graph.store import GraphStore

__all__ = ["FORMATS", "QueryResult", "format_result", "load_query", "run_query"]

FORMATS = ("table", "json", "csv", "tsv", "ttl", "nt", "jsonld", "xml")

_Term = NamedNode | BlankNode | Literal | Triple


@dataclass
class QueryResult:
    """The answer to a query, in plain Python.

    kind: "select", "ask" or "graph" (CONSTRUCT and DESCRIBE).
    variables: the SELECT variables, in order.
    rows: one dict per solution, variable -> string value (unbound variables absent).
    terms: the same solutions as RDF terms (for exact serialization).
    boolean: the ASK answer.
    triples: the CONSTRUCT/DESCRIBE triples.
    """

    kind: TypingLiteral["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    terms: list[dict[str, _Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)


def _value(term: _Term) -> str:
    if isinstance(term, NamedNode | BlankNode | Literal):
        return term.value
    return str(term)


def run_query(store: GraphStore, sparql: str) -> QueryResult:
    """Run ``sparql`` over the union of the store's graphs.

    :raises QueryError: the query does not parse or cannot be evaluated; the message is the parser's.
    """
    try:
        answer = store.query(sparql)
        return _collect(answer)
    except SyntaxError as exc:
        raise QueryError(f"Malformed SPARQL query: {exc}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"The query could not be evaluated: {exc}") from exc


def _collect(answer: QuerySolutions | QueryBoolean | QueryTriples) -> QueryResult:
    if isinstance(answer, QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, QuerySolutions):
        variables = [v.value for v in answer.variables]
        result = QueryResult("select", variables=variables)
        for solution in answer:
            terms: dict[str, _Term] = {}
            for v in variables:
                t = solution[v]
                if t is not None:
                    terms[v] = t
            result.terms.append(terms)
            result.rows.append({k: _value(t) for k, t in terms.items()})
        return result
    return QueryResult("graph", triples=list(answer))


def load_query(name_or_path: str | Path) -> str:
    """Read a query file, or a query shipped in ``queries/`` by name ("events")."""
    path = Path(name_or_path)
    if path.exists():
        return path.read_text(encoding="utf-8")
    for base in (Path.cwd() / "queries", Path(__file__).resolve().parent.parent / "queries"):
        candidate = base / f"{name_or_path}.rq"
        if candidate.exists():
            return candidate.read_text(encoding="utf-8")
    try:
        return resources.files("graph").joinpath("queries", f"{name_or_path}.rq").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        raise QueryError(
            f"No query file {name_or_path}; give a path to a .rq file or a SPARQL string."
        ) from None


# --------------------------------------------------------------------- output
def _sparql_json(result: QueryResult) -> bytes:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}).encode()
    bindings = []
    for terms in result.terms:
        b: dict[str, dict[str, str]] = {}
        for var, t in terms.items():
            if isinstance(t, NamedNode):
                b[var] = {"type": "uri", "value": t.value}
            elif isinstance(t, BlankNode):
                b[var] = {"type": "bnode", "value": t.value}
            elif isinstance(t, Literal):
                entry = {"type": "literal", "value": t.value}
                if t.language:
                    entry["xml:lang"] = t.language
                elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                    entry["datatype"] = t.datatype.value
                b[var] = entry
            else:
                b[var] = {"type": "triple", "value": str(t)}
        bindings.append(b)
    return json.dumps(
        {"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1
    ).encode("utf-8")


def _delimited(result: QueryResult, delimiter: str) -> bytes:
    buf = io.StringIO()
    if result.kind == "ask":
        return (("true" if result.boolean else "false") + "\n").encode()
    if delimiter == ",":
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(result.variables)
        for row in result.rows:
            w.writerow([row.get(v, "") for v in result.variables])
    else:  # SPARQL TSV: terms in N-Triples syntax
        buf.write("\t".join("?" + v for v in result.variables) + "\n")
        for terms in result.terms:
            buf.write("\t".join(str(terms[v]) if v in terms else "" for v in result.variables) + "\n")
    return buf.getvalue().encode("utf-8")


def _shorten(value: str, width: int) -> str:
    value = re.sub(r"\s+", " ", value)
    for prefix, short in (("https://w3id.org/dkg/id/", "id:"), ("https://w3id.org/dkg/ontology#", "dkg:")):
        if value.startswith(prefix):
            value = short + value[len(prefix) :]
    return value if len(value) <= width else value[: width - 1] + "\u2026"


def _table(result: QueryResult, max_width: int = 48) -> bytes:
    if result.kind == "ask":
        return (("yes" if result.boolean else "no") + "\n").encode()
    cols = result.variables
    cells = [[_shorten(r.get(c, ""), max_width) for c in cols] for r in result.rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(cols)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _graph(result: QueryResult, fmt: str) -> bytes:
    rdf_format = {
        "ttl": RdfFormat.TURTLE,
        "nt": RdfFormat.N_TRIPLES,
        "jsonld": RdfFormat.JSON_LD,
        "xml": RdfFormat.RDF_XML,
        "table": RdfFormat.TURTLE,
    }.get(fmt)
    if rdf_format is None:
        raise QueryError(
            f"A CONSTRUCT or DESCRIBE answer is a graph; use --format ttl, nt, jsonld or xml, not {fmt}."
        )
    mem = _MemStore()
    from pyoxigraph import DefaultGraph, Quad

    mem.extend(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in result.triples)
    prefixes = {
        "id": "https://w3id.org/dkg/id/",
        "dkg": "https://w3id.org/dkg/ontology#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    }
    out = mem.dump(
        format=rdf_format,
        from_graph=DefaultGraph(),
        prefixes=prefixes if rdf_format is RdfFormat.TURTLE else None,
    )
    return out or b""


def format_result(result: QueryResult, fmt: str) -> bytes:
    """Serialize a result: table, json (SPARQL 1.1 JSON), csv, tsv, xml; ttl/nt/jsonld for graphs."""
    if fmt not in FORMATS:
        raise QueryError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if result.kind == "graph":
        return _graph(result, fmt)
    if fmt == "table":
        return _table(result)
    if fmt == "json":
        return _sparql_json(result)
    if fmt == "csv":
        return _delimited(result, ",")
    if fmt == "tsv":
        return _delimited(result, "\t")
    if fmt == "xml":
        return _sparql_xml(result)
    raise QueryError(
        f"A {result.kind.upper()} answer is a table; use --format table, json, csv, tsv or xml, not {fmt}."
    )


def _sparql_xml(result: QueryResult) -> bytes:
    from pyoxigraph import QueryResultsFormat as _F  # noqa: N814

    if result.kind == "ask":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if result.boolean else 'false'}</boolean></sparql>\n"
        ).encode()
    from pyoxigraph import parse_query_results

    parsed = parse_query_results(_sparql_json(result), format=_F.JSON)
    return parsed.serialize(format=QueryResultsFormat.XML) or b""


def rows_as_dicts(result: QueryResult) -> Sequence[dict[str, str]]:
    """The rows of a SELECT answer as plain dicts (the Python API's favourite shape)."""
    return result.rows
