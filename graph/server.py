"""The HTTP face of the graph: a SPARQL 1.1 Protocol endpoint and a Graph Store, behind ``dkg serve``.

Routes:

``/sparql``
    SPARQL 1.1 Protocol. Queries by GET ``?query=``, by POST of a URL-encoded
    form (``query=``) or of the query itself (``application/sparql-query``);
    updates by POST only (``update=`` or ``application/sparql-update``). The
    dataset is the union of every article graph, unless the request names one
    with ``default-graph-uri`` / ``named-graph-uri`` (``using-graph-uri`` /
    ``using-named-graph-uri`` for updates) or the query has FROM / FROM NAMED.
    Answers are negotiated from ``Accept`` (q-values honoured) or a ``format``
    parameter: SPARQL results as JSON, XML, CSV or TSV; graphs as Turtle,
    N-Triples, JSON-LD, RDF/XML or N3. Relative IRIs resolve against the
    endpoint's URL. A GET without a query describes the service.
``/store``
    SPARQL 1.1 Graph Store Protocol with ``?graph=IRI`` or ``?default``:
    GET and HEAD read a graph; PUT replaces it, POST adds to it, DELETE drops it.
    ``?default`` is the store's own default graph (empty in a store that
    ``dkg ingest`` wrote, which puts each article in its own named graph).
``/``
    The web page (``graph/static/app.*``): a query editor with the project's
    example queries and a results table, and an interactive view of an
    entity's neighbourhood (events, co-participants) whose nodes and edges
    show the sentences supporting them. It talks to the routes below and to
    ``/sparql`` like any other client, so the limits below apply to it too.
``/static/NAME``
    The page's scripts and styles, from the installed package (no network).
``/queries``
    The example queries (``queries/*.rq``) as JSON: name, group, description, text.
``/explain?node=IRI[&node=IRI]``
    What :func:`graph.explain.explain` says of one node, or of the link
    between two, as JSON (``dkg explain --format json``): the supporting
    sentences, article by article. Read-only; bounded by the timeout, and
    each evidence list is cut at ``max_rows`` (``"truncated": true``).

Writes (SPARQL Update, Graph Store PUT/POST/DELETE) are refused (403) unless
the server was started with ``allow_update`` and the request carries the
server's token as ``Authorization: Bearer <token>`` (401 without one, 403 with
a wrong one; compared in constant time). Federated queries (SERVICE) are
refused: they would let any caller make the server fetch arbitrary URLs.

Limits a caller cannot raise (request parameters ``timeout`` and
``max-rows`` may only lower them):

* Rows: a SELECT answer is cut after ``max_rows`` solutions, a CONSTRUCT or
  DESCRIBE answer (and a Graph Store GET) after ``max_rows`` triples; a cut
  answer carries ``X-DKG-Truncated: true``. Rows are read one at a time, so a
  long answer costs no more than its first ``max_rows`` rows, except where the
  query itself must see everything first (ORDER BY, GROUP BY, aggregates).
* Time: pyoxigraph cannot cancel a running query. Each query runs in one of
  ``workers`` threads (pyoxigraph releases the GIL while it evaluates); the
  request waits for it until its deadline, then answers 503 and tells the
  worker to stop, which it does at the next row it reads or writes. A single
  step that computes a great deal before yielding any row (a sort, an
  aggregate over a huge join) cannot be interrupted: it runs to its end in the
  background and holds its worker until then. While every worker is held,
  new queries wait in line and time out with 503: the server stays up and its
  work stays bounded by ``workers``, but it answers slowly. Updates are not
  timed: stopping one half way is impossible, and answering "timed out" for
  an update that later commits would mislead the caller.

The server is the standard library's :class:`http.server.ThreadingHTTPServer`
(HTTP/1.1 with keep-alive, one thread per connection and at most
``max_connections`` of them, request bodies limited to ``max_body`` bytes,
idle connections closed after a minute): no dependency to install. The protocol
logic lives in :class:`SparqlService`, which maps a :class:`Request` to a
:class:`Response` and knows nothing of sockets.

>>> from graph.store import OxigraphStore
>>> service = SparqlService(OxigraphStore.in_memory(), ServerSettings(), base_iri="http://localhost/sparql")
>>> resp = service.handle(Request("GET", "/sparql", "query=ASK%20%7B%7D", {"accept": "text/csv"}))
>>> resp.status, resp.content_type, resp.body
(200, 'text/csv; charset=utf-8', b'true')
>>> service.close()
"""

from __future__ import annotations

import hmac
import html
import itertools
import json
import math
import re
import socket
import socketserver
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from json.encoder import encode_basestring as _json_str  # the C encoder: a JSON string, quotes included
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from graph.errors import KGError, StoreError
from graph.explain import AmbiguousName, EdgeExplanation, NodeExplanation, NodeNotFound, explain, format_json
from graph.store import GraphStore

__all__ = ["Request", "Response", "ServerSettings", "SparqlServer", "SparqlService", "serve"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"

#: Prefixes written in Turtle and N3 answers.
_PREFIXES = {
    "id": "https://w3id.org/dkg/id/",
    "dkg": "https://w3id.org/dkg/ontology#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """How the endpoint behaves.

    timeout: seconds a query may take before the answer is 503 (a request's
        ``timeout`` parameter may lower it, never raise it).
    max_rows: most solutions (SELECT) or triples (CONSTRUCT, DESCRIBE, Graph
        Store GET) in an answer; a longer answer is cut and carries
        ``X-DKG-Truncated: true`` (a request's ``max-rows`` may lower it).
    allow_update: accept SPARQL Update and Graph Store writes, from requests
        bearing ``token``.
    token: the bearer token that authorizes writes; required with ``allow_update``.
    cors: browser origins allowed to call the endpoint ("*" for any); empty for
        no CORS headers at all.
    base_iri: resolves relative IRIs in queries and updates; None for the
        endpoint's own URL (``http://host:port/sparql``).
    workers: queries evaluated at once; more wait in line (within their timeout).
    max_connections: open connections served at once (each holds a thread);
        one more is answered 503 and closed.
    max_body: largest request body accepted, in bytes (413 beyond).
    quiet: no request log on standard error.
    """

    timeout: float = 30.0
    max_rows: int = 100_000
    allow_update: bool = False
    token: str | None = None
    cors: tuple[str, ...] = ()
    base_iri: str | None = None
    workers: int = 8
    max_connections: int = 256
    max_body: int = 64 * 1024 * 1024
    quiet: bool = False

    def __post_init__(self) -> None:
        if self.allow_update and not self.token:
            raise ValueError("allow_update needs a token: writes are only accepted from requests bearing it.")
        if self.timeout <= 0 or self.max_rows < 1 or self.workers < 1 or self.max_connections < 1:
            raise ValueError("timeout, max_rows, workers and max_connections must be positive.")


@dataclass(slots=True)
class Request:
    """An HTTP request as the service sees it.

    method: the HTTP method, upper case.
    path: the URL path, without the query string.
    query_string: the raw (percent-encoded) query string.
    headers: header names in lower case to values.
    body: the request body.
    """

    method: str
    path: str
    query_string: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(slots=True)
class Response:
    """An HTTP response: status, body, its media type and further headers."""

    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


class _HttpError(Exception):
    """Ends a request with an error status and a plain-text message saying what to do."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}

    def response(self) -> Response:
        return Response(
            self.status,
            (self.message + "\n").encode("utf-8"),
            "text/plain; charset=utf-8",
            dict(self.headers),
        )


# --------------------------------------------------------------------- content negotiation
@dataclass(frozen=True, slots=True)
class _Format:
    key: str
    media_type: str
    aliases: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()  # values of the ``format`` / ``output`` request parameter


_RESULT_FORMATS = (
    _Format("json", "application/sparql-results+json", ("application/json",), ("json", "srj")),
    _Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ("xml", "srx")),
    _Format("csv", "text/csv", (), ("csv",)),
    _Format("tsv", "text/tab-separated-values", (), ("tsv",)),
)
_GRAPH_FORMATS = (
    _Format("ttl", "text/turtle", ("application/x-turtle",), ("turtle", "ttl")),
    _Format("nt", "application/n-triples", ("text/plain",), ("nt", "ntriples", "n-triples")),
    _Format("jsonld", "application/ld+json", ("application/json",), ("json-ld", "jsonld", "json")),
    _Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), ("rdf+xml", "rdfxml", "xml")),
    _Format("n3", "text/n3", ("text/rdf+n3",), ("n3",)),
)
_HTML = _Format("html", "text/html", ("application/xhtml+xml",), ("html",))
_RDF_FORMAT = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
    "n3": RdfFormat.N3,
}
_RESULTS_FORMAT = {
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}


def _parse_accept(header: str) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values (malformed entries dropped)."""
    ranges: list[tuple[str, float]] = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = -1.0
        if q >= 0:
            ranges.append((media, q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]], *, exact: bool = False) -> float:
    """The q-value the client gives ``media``: that of the most specific range matching it.

    With ``exact`` only the media type itself counts, not ``type/*`` or ``*/*``
    (aliases such as ``text/xml`` must be asked for by name).
    """
    kind = media.split("/")[0] + "/*"
    best_specificity, best_q = -1, 0.0
    for rng, q in ranges:
        if rng == media:
            specificity = 3
        elif exact:
            continue
        else:
            specificity = 2 if rng == kind else 1 if rng == "*/*" else -1
        if specificity > best_specificity:
            best_specificity, best_q = specificity, q
    return best_q if best_specificity >= 0 else 0.0


def negotiate(accept: str | None, offered: Sequence[_Format], format_params: Sequence[str] = ()) -> _Format:
    """The format to answer in: the first known ``format`` parameter, else the best by ``Accept``.

    ``format_params`` are the values of the ``format``, ``output`` and ``results``
    parameters some clients send (SPARQLWrapper sends all three, and for some
    formats the media type as a second value); values not offered are ignored.

    Ties go to the earlier format in ``offered``; no Accept header means the first.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", _RESULT_FORMATS).key
    'xml'
    >>> negotiate("*/*", _GRAPH_FORMATS).key
    'ttl'
    >>> negotiate("text/html", _RESULT_FORMATS)
    Traceback (most recent call last):
    ...
    graph.server._HttpError: Cannot answer in text/html; this answer is available as ...

    :raises _HttpError: 406 when nothing offered is acceptable.
    """
    for value in format_params:
        token = value.strip().lower()
        for fmt in offered:
            if token in fmt.tokens or token == fmt.media_type:
                return fmt
    if not accept or not accept.strip():
        return offered[0]
    ranges = _parse_accept(accept)
    best: _Format | None = None
    best_q = 0.0
    for fmt in offered:
        q = max([_quality(fmt.media_type, ranges), *(_quality(a, ranges, exact=True) for a in fmt.aliases)])
        if q > best_q:
            best, best_q = fmt, q
    if best is None:
        names = ", ".join(f.media_type for f in offered)
        raise _HttpError(406, f"Cannot answer in {accept.strip()}; this answer is available as {names}.")
    return best


def _content_type(fmt: _Format) -> str:
    textual = fmt.media_type.startswith("text/")
    return fmt.media_type + ("; charset=utf-8" if textual else "")


# --------------------------------------------------------------------- serializing answers
def _json_term(term: Any) -> str:
    """One RDF term as SPARQL results JSON (SPARQL 1.2: triple terms and text direction too).

    >>> _json_term(Literal("Oslo", language="en"))
    '{"type":"literal","value":"Oslo","xml:lang":"en"}'
    """
    if isinstance(term, NamedNode):
        return '{"type":"uri","value":' + _json_str(term.value) + "}"
    if isinstance(term, BlankNode):
        return '{"type":"bnode","value":' + _json_str(term.value) + "}"
    if isinstance(term, Literal):
        out = '{"type":"literal","value":' + _json_str(term.value)
        if term.language:
            out += ',"xml:lang":' + _json_str(term.language)
            if term.direction is not None:
                out += ',"its:dir":' + _json_str(str(term.direction))
        elif term.datatype.value != _XSD_STRING:
            out += ',"datatype":' + _json_str(term.datatype.value)
        return out + "}"
    if isinstance(term, Triple):
        return (
            '{"type":"triple","value":{"subject":'
            + _json_term(term.subject)
            + ',"predicate":'
            + _json_term(term.predicate)
            + ',"object":'
            + _json_term(term.object)
            + "}}"
        )
    raise TypeError(f"not an RDF term: {term!r}")


def _results_json(
    variables: Sequence[str], rows: Sequence[Sequence[Any]], check: Callable[[], None] | None = None
) -> bytes:
    """SPARQL 1.1 results JSON, one binding a line, from memoized per-term fragments (terms repeat a lot)."""
    memo: dict[Any, str] = {}
    keys = [_json_str(v) + ":" for v in variables]
    parts: list[str] = []
    for i, row in enumerate(rows):
        if check is not None and i % 1024 == 1023:
            check()
        cells = []
        for key, term in zip(keys, row, strict=True):
            if term is None:
                continue
            frag = memo.get(term)
            if frag is None:
                frag = memo[term] = _json_term(term)
            cells.append(key + frag)
        parts.append("{" + ",".join(cells) + "}")
    head = '{"vars":[' + ",".join(_json_str(v) for v in variables) + "]}"
    return ('{"head":' + head + ',"results":{"bindings":[\n' + ",\n".join(parts) + "\n]}}\n").encode("utf-8")


def _boolean_json(value: bool) -> bytes:
    return b'{"head":{},"boolean":' + (b"true" if value else b"false") + b"}\n"


def _tabular(fmt: _Format, json_body: bytes) -> bytes:
    """The answer in ``fmt``; XML, CSV and TSV are written by pyoxigraph from the JSON."""
    if fmt.key == "json":
        return json_body
    parsed = parse_query_results(json_body, format=QueryResultsFormat.JSON)
    return parsed.serialize(format=_RESULTS_FORMAT[fmt.key]) or b""


def _graph(fmt: _Format, triples: Sequence[Triple], prefixes: Mapping[str, str] = _PREFIXES) -> bytes:
    rdf_format = _RDF_FORMAT[fmt.key]
    named = dict(prefixes) if rdf_format in (RdfFormat.TURTLE, RdfFormat.N3) else None
    return serialize(triples, format=rdf_format, prefixes=named) or b""


# --------------------------------------------------------------------- reading SPARQL text
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-:.%]*")
_LONG_STRING = {
    '"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.S),
    "'''": re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''", re.S),
}
_SHORT_STRING = {'"': re.compile(r'"(?:[^"\\\n\r]|\\.)*"'), "'": re.compile(r"'(?:[^'\\\n\r]|\\.)*'")}


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # a keyword-like word (upper case), or "{" / "}"
    start: int
    depth: int  # brace depth the token sits at (a closing brace: the depth it returns to)


def _tokens(text: str) -> list[_Token]:
    """Words and braces of SPARQL text, skipping comments, strings, IRIs and variables.

    Enough to find keywords (FROM, WHERE, USING, WITH, SERVICE) and where they
    sit; the SPARQL parser itself still judges the text.

    >>> [(t.text, t.depth) for t in _tokens('SELECT * FROM <a#b> { ?s <p> "}" } # WHERE')]
    [('SELECT', 0), ('*', 0), ('FROM', 0), ('{', 0), ('}', 0)]
    """
    tokens: list[_Token] = []
    depth = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            long_quote = text[i : i + 3]
            m = _LONG_STRING[long_quote].match(text, i) if long_quote in _LONG_STRING else None
            m = m or _SHORT_STRING[c].match(text, i)
            i = m.end() if m else i + 1
        elif c == "<":
            m = _IRIREF.match(text, i)
            i = m.end() if m else i + 1
        elif c in "?$":
            m = _WORD.match(text, i + 1)
            i = m.end() if m else i + 1
        elif c == "{":
            tokens.append(_Token("{", i, depth))
            depth += 1
            i += 1
        elif c == "}":
            depth = max(depth - 1, 0)
            tokens.append(_Token("}", i, depth))
            i += 1
        elif c == "*":
            tokens.append(_Token("*", i, depth))
            i += 1
        else:
            m = _WORD.match(text, i)
            if m:
                tokens.append(_Token(m.group().rstrip(".").upper(), i, depth))
                i = m.end()
            else:
                i += 1
    return tokens


def _has_dataset_clause(query: str) -> bool:
    """Whether a query names its own dataset (FROM or FROM NAMED)."""
    return any(t.text == "FROM" and t.depth == 0 for t in _tokens(query))


def _uses_service(text: str) -> bool:
    return any(t.text == "SERVICE" for t in _tokens(text))


def _with_using(update: str, default: Sequence[str], named: Sequence[str]) -> str:
    """The update with the protocol's using-graph-uri / using-named-graph-uri as USING clauses.

    Each DELETE/INSERT ... WHERE operation gets them before its WHERE (the
    DELETE WHERE short form has no room for USING and is left as it is).

    >>> _with_using("INSERT { ?s a <C> } WHERE { ?s ?p ?o }", ["http://g"], [])
    'INSERT { ?s a <C> } USING <http://g> WHERE { ?s ?p ?o }'

    :raises _HttpError: 400 if the update has its own USING or WITH clause.
    """
    tokens = _tokens(update)
    top = [t for t in tokens if t.depth == 0]
    if any(t.text in ("USING", "WITH") for t in top):
        raise _HttpError(
            400,
            "The update names its dataset (USING or WITH) and the request does too (using-graph-uri or "
            "using-named-graph-uri); give it in one place only.",
        )
    clause = " ".join([*(f"USING <{g}>" for g in default), *(f"USING NAMED <{g}>" for g in named)]) + " "
    out, last = [], 0
    for prev, tok in zip(top, top[1:], strict=False):
        if tok.text == "WHERE" and prev.text == "}":
            out.append(update[last : tok.start])
            out.append(clause)
            last = tok.start
    out.append(update[last:])
    return "".join(out)


# --------------------------------------------------------------------- the service
@dataclass(slots=True)
class _Operation:
    kind: str | None  # "query", "update" or None (no operation: describe the service)
    text: str
    params: list[tuple[str, str]]

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.params if k == name]

    def one(self, name: str) -> str | None:
        values = self.all(name)
        if len(values) > 1:
            raise _HttpError(400, f"Give the {name} parameter at most once.")
        return values[0] if values else None


class _Deadline:
    """A query's deadline, shared by the request that waits and the worker that runs it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.cancelled = threading.Event()

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def check(self) -> None:
        if self.cancelled.is_set() or time.monotonic() > self.at:
            raise self.error()

    def error(self) -> _HttpError:
        return _HttpError(
            503,
            f"The query took longer than its {self.seconds:g} s limit and was stopped; narrow it (more "
            "specific patterns, a LIMIT) or ask the server's operator for a longer --timeout.",
        )


_FORM = "application/x-www-form-urlencoded"
_SPARQL_QUERY = "application/sparql-query"
_SPARQL_UPDATE = "application/sparql-update"
_VERSIONS = ("1.1", "1.2")


def _media_type(header: str | None) -> tuple[str, dict[str, str]]:
    """The media type of a Content-Type header (lower case) and its parameters."""
    if not header:
        return "", {}
    media, *params = header.split(";")
    out: dict[str, str] = {}
    for p in params:
        name, _, value = p.partition("=")
        out[name.strip().lower()] = value.strip().strip('"')
    return media.strip().lower(), out


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _HttpError(400, f"The request body is not UTF-8 ({exc.reason} at byte {exc.start}).") from None


def _form(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise _HttpError(400, "A parameter is not percent-encoded UTF-8.") from None


def _check_iris(iris: Sequence[str]) -> None:
    for iri in iris:
        try:
            NamedNode(iri)
        except ValueError:
            raise _HttpError(400, f"{iri!r} is not an absolute IRI; graphs are named by IRIs.") from None
        if ":" not in iri:
            raise _HttpError(400, f"{iri!r} is not an absolute IRI; graphs are named by IRIs.")


class SparqlService:
    """The protocol logic of the endpoint: maps each :class:`Request` to a :class:`Response`.

    :param store: the store to query (and to write when ``settings.allow_update``).
    :param settings: limits, write access and CORS.
    :param base_iri: resolves relative IRIs when ``settings.base_iri`` is None.
    """

    def __init__(self, store: GraphStore, settings: ServerSettings, *, base_iri: str) -> None:
        self.store = store
        self.settings = settings
        self.base_iri = settings.base_iri or base_iri
        self._pool = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="dkg-query")
        self._write_lock = threading.Lock()

    def close(self) -> None:
        """Stop taking queries; queries already running finish in the background."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    # ----------------------------------------------------------------- dispatch
    def handle(self, request: Request) -> Response:
        """Answer one request; never raises."""
        try:
            response = self._route(request)
        except _HttpError as exc:
            response = exc.response()
        except Exception:  # a bug, not the caller's fault: say so, keep serving
            traceback.print_exc(file=sys.stderr)
            response = _HttpError(500, "Internal error; the server log has the details.").response()
        self._add_cors(request, response)
        return response

    def _route(self, req: Request) -> Response:
        path = req.path.rstrip("/") or "/"
        if path == "/":
            return self._home(req)
        if path == "/sparql":
            return self._sparql(req)
        if path == "/store":
            return self._graph_store(req)
        if path == "/queries":
            return self._queries(req)
        if path == "/explain":
            return self._explain(req)
        if path.startswith("/static/"):
            return self._static(req, path.removeprefix("/static/"))
        raise _HttpError(
            404, f"Nothing at {req.path}; the SPARQL endpoint is /sparql, the graph store /store."
        )

    @staticmethod
    def _allow(req: Request, methods: tuple[str, ...]) -> Response | None:
        if req.method == "OPTIONS":
            return Response(204, headers={"Allow": ", ".join(methods)})
        if req.method not in methods:
            raise _HttpError(
                405,
                f"{req.path} does not take {req.method}; use {', '.join(methods)}.",
                {"Allow": ", ".join(methods)},
            )
        return None

    def _add_cors(self, req: Request, resp: Response) -> None:
        origins = self.settings.cors
        origin = req.headers.get("origin")
        if not origins:
            return
        if "*" in origins:
            resp.headers["Access-Control-Allow-Origin"] = "*"
        elif origin in origins:
            resp.headers["Access-Control-Allow-Origin"] = origin
            resp.headers["Vary"] = ", ".join(filter(None, [resp.headers.get("Vary"), "Origin"]))
        else:
            return
        resp.headers["Access-Control-Expose-Headers"] = "X-DKG-Truncated, Content-Type"
        if req.method == "OPTIONS":
            resp.headers["Access-Control-Allow-Methods"] = resp.headers.get("Allow", "GET, POST")
            resp.headers["Access-Control-Allow-Headers"] = "Accept, Authorization, Content-Type"
            resp.headers["Access-Control-Max-Age"] = "600"

    # ----------------------------------------------------------------- / and the page's read-only routes
    def _home(self, req: Request) -> Response:
        allowed = self._allow(req, ("GET", "HEAD", "OPTIONS"))
        if allowed is not None:
            return allowed
        return Response(200, _home_page(self.settings).encode("utf-8"), "text/html; charset=utf-8")

    def _static(self, req: Request, name: str) -> Response:
        allowed = self._allow(req, ("GET", "HEAD", "OPTIONS"))
        if allowed is not None:
            return allowed
        match = _STATIC_NAME.fullmatch(name)
        body = _static_file(name) if match else None
        if match is None or body is None:
            raise _HttpError(404, f"No file {name!r} among the page's assets (app.js, app.css).")
        return Response(200, body, _STATIC_TYPES[match.group(1)], {"Cache-Control": "no-cache"})

    def _queries(self, req: Request) -> Response:
        allowed = self._allow(req, ("GET", "HEAD", "OPTIONS"))
        if allowed is not None:
            return allowed
        body = json.dumps({"queries": example_queries()}, ensure_ascii=False, indent=1)
        return Response(200, body.encode("utf-8"), "application/json")

    def _explain(self, req: Request) -> Response:
        """The evidence of a node or of the link between two, as JSON, within the timeout and row limit."""
        allowed = self._allow(req, ("GET", "HEAD", "OPTIONS"))
        if allowed is not None:
            return allowed
        nodes = [v.strip() for k, v in _form(req.query_string) if k == "node" and v.strip()]
        if not 1 <= len(nodes) <= 2:
            raise _HttpError(
                400,
                "Name one node (explain?node=IRI) or two for what links them (explain?node=IRI&node=IRI).",
            )
        deadline = _Deadline(self.settings.timeout)
        max_rows = self.settings.max_rows

        def run() -> Response:
            # Like a query, it answers from the worker with a finished Response and no live store answers.
            try:
                deadline.check()
                result = explain(self.store, *nodes)
            except _HttpError as exc:
                return exc.response()
            except AmbiguousName as exc:
                return _HttpError(409, str(exc)).response()
            except NodeNotFound as exc:
                return _HttpError(404, str(exc)).response()
            except KGError as exc:
                return _HttpError(500, str(exc)).response()
            except Exception:
                traceback.print_exc(file=sys.stderr)
                return _HttpError(500, "Internal error; the server log has the details.").response()
            cut = _cut_evidence(result, max_rows)
            payload = json.loads(format_json(result))
            payload["truncated"] = cut
            headers = {"X-DKG-Truncated": "true"} if cut else {}
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            return Response(200, body, "application/json", headers)

        future = self._pool.submit(run)
        try:
            return future.result(timeout=max(deadline.remaining(), 0.0))
        except FutureTimeout:
            deadline.cancelled.set()
            future.cancel()
            raise _HttpError(
                503,
                f"Gathering the evidence took longer than the {self.settings.timeout:g} s limit; ask the "
                "server's operator for a longer --timeout, or use 'dkg explain' on the store.",
            ) from None

    # ----------------------------------------------------------------- /sparql
    def _sparql(self, req: Request) -> Response:
        allowed = self._allow(req, ("GET", "HEAD", "POST", "OPTIONS"))
        if allowed is not None:
            return allowed
        op = self._operation(req)
        if op.kind == "update":
            return self._update(req, op)
        if op.kind == "query":
            return self._query(req, op)
        if req.method == "POST":
            raise _HttpError(400, "The request holds no query and no update; send query=... or update=....")
        return self._describe_service(req)

    def _operation(self, req: Request) -> _Operation:
        """The query or update of a protocol request, with its parameters, checked."""
        url_params = _form(req.query_string)
        url_names = {k for k, _ in url_params}
        ctype, ct_params = _media_type(req.headers.get("content-type"))
        if req.method in ("GET", "HEAD"):
            if req.body or req.headers.get("transfer-encoding"):
                raise _HttpError(400, "A GET request carries its query in the URL and must have no body.")
            if "update" in url_names:
                raise _HttpError(
                    400, "A SPARQL Update must be sent with POST (update=... or application/sparql-update)."
                )
            params = url_params
        else:
            charset = ct_params.get("charset")
            if charset and charset.lower() not in ("utf-8", "utf8"):
                raise _HttpError(415, f"SPARQL requests must be encoded in UTF-8, not {charset}.")
            if ctype == _FORM:
                if url_names & {"query", "update"}:
                    raise _HttpError(
                        400,
                        "With a URL-encoded POST, the query (or update) goes in the body, not the URL.",
                    )
                params = _form(_utf8(req.body)) + url_params
            elif ctype in (_SPARQL_QUERY, _SPARQL_UPDATE):
                if url_names & {"query", "update"}:
                    raise _HttpError(
                        400,
                        "With a direct POST the request body is the operation; give no query= or update=.",
                    )
                kind = "query" if ctype == _SPARQL_QUERY else "update"
                params = [*url_params, (kind, _utf8(req.body))]
                if "version" in ct_params:
                    params.append(("version", ct_params["version"]))
            elif not ctype:
                raise _HttpError(
                    415,
                    f"A POST needs a Content-Type: {_FORM}, {_SPARQL_QUERY} or {_SPARQL_UPDATE}.",
                )
            else:
                raise _HttpError(
                    415, f"Cannot read a {ctype} body; send {_FORM}, {_SPARQL_QUERY} or {_SPARQL_UPDATE}."
                )
        queries = [v for k, v in params if k == "query"]
        updates = [v for k, v in params if k == "update"]
        if len(queries) + len(updates) > 1:
            raise _HttpError(400, "One operation per request: give exactly one query or one update.")
        op = _Operation(
            "query" if queries else "update" if updates else None, (queries or updates or [""])[0], params
        )
        version = op.one("version")
        if version is not None and version not in _VERSIONS:
            raise _HttpError(
                400, f"This endpoint speaks SPARQL {' and '.join(_VERSIONS)}, not version {version!r}."
            )
        return op

    def _limit(self, op: _Operation, name: str, ceiling: float, kind: type) -> Any:
        raw = op.one(name)
        if raw is None:
            return ceiling
        try:
            value = kind(raw)
        except ValueError:
            raise _HttpError(400, f"{name}={raw!r} is not a number.") from None
        if not math.isfinite(value) or value <= 0:
            raise _HttpError(400, f"{name} must be a positive number.")
        return min(value, ceiling)

    def _query(self, req: Request, op: _Operation) -> Response:
        default_graphs = op.all("default-graph-uri")
        named_graphs = op.all("named-graph-uri")
        _check_iris([*default_graphs, *named_graphs])
        if _uses_service(op.text):
            raise _HttpError(400, "Federated queries (SERVICE) are not allowed on this endpoint.")
        deadline = _Deadline(self._limit(op, "timeout", self.settings.timeout, float))
        max_rows = int(self._limit(op, "max-rows", self.settings.max_rows, int))
        dataset = bool(default_graphs or named_graphs)

        def run() -> Response:
            # pyoxigraph's answers must be dropped by the thread that made them: no exception (whose
            # traceback would keep them alive) may leave this worker, only a finished Response.
            try:
                return self._evaluate(
                    op.text,
                    default_graphs=default_graphs if dataset else None,
                    named_graphs=named_graphs if dataset else None,
                    accept=req.headers.get("accept"),
                    format_params=[v for k, v in op.params if k in ("format", "output", "results")],
                    deadline=deadline,
                    max_rows=max_rows,
                )
            except _HttpError as exc:
                return exc.response()
            except Exception:
                traceback.print_exc(file=sys.stderr)
                return _HttpError(500, "Internal error; the server log has the details.").response()

        future = self._pool.submit(run)
        try:
            return future.result(timeout=max(deadline.remaining(), 0.0))
        except FutureTimeout:
            deadline.cancelled.set()
            future.cancel()
            raise deadline.error() from None

    def _evaluate(
        self,
        text: str,
        *,
        default_graphs: list[str] | None,
        named_graphs: list[str] | None,
        accept: str | None,
        format_params: list[str],
        deadline: _Deadline,
        max_rows: int,
    ) -> Response:
        """Run a query in a worker thread, reading at most ``max_rows`` rows before ``deadline``."""
        deadline.check()  # it may have waited in line past its deadline
        try:
            answer = self.store.query(
                text,
                base_iri=self.base_iri,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                union_default_graph=default_graphs is None and not _has_dataset_clause(text),
            )
        except SyntaxError as exc:
            raise _HttpError(400, f"Malformed query: {exc}") from None
        except (ValueError, RuntimeError) as exc:
            raise _HttpError(400, f"The query could not be evaluated: {exc}") from None
        except OSError as exc:
            raise _HttpError(500, f"The store could not answer: {exc}") from None
        deadline.check()
        headers = {"Vary": "Accept"}
        try:
            if isinstance(answer, QueryBoolean):
                fmt = negotiate(accept, _RESULT_FORMATS, format_params)
                body = _tabular(fmt, _boolean_json(bool(answer)))
            elif isinstance(answer, QuerySolutions):
                fmt = negotiate(accept, _RESULT_FORMATS, format_params)
                variables = [v.value for v in answer.variables]
                rows, cut = _take(answer, max_rows, deadline)
                body = _tabular(fmt, _results_json(variables, rows, deadline.check))
                if cut:
                    headers["X-DKG-Truncated"] = "true"
            else:
                fmt = negotiate(accept, _GRAPH_FORMATS, format_params)
                triples, cut = _take(answer, max_rows, deadline)
                body = _graph(fmt, triples)
                if cut:
                    headers["X-DKG-Truncated"] = "true"
        except (ValueError, RuntimeError) as exc:
            raise _HttpError(400, f"The query could not be evaluated: {exc}") from None
        except OSError as exc:
            raise _HttpError(500, f"The store could not answer: {exc}") from None
        deadline.check()
        return Response(200, body, _content_type(fmt), headers)

    def _describe_service(self, req: Request) -> Response:
        fmt = negotiate(req.headers.get("accept"), (*_GRAPH_FORMATS, _HTML))
        if fmt is _HTML:
            return Response(200, _home_page(self.settings).encode("utf-8"), "text/html; charset=utf-8")
        description = _service_description(self.base_iri, self.settings)
        triples = [q.triple for q in parse(description, RdfFormat.TURTLE, base_iri=self.base_iri)]
        prefixes = {
            "sd": "http://www.w3.org/ns/sparql-service-description#",
            "formats": "http://www.w3.org/ns/formats/",
        }
        return Response(200, _graph(fmt, triples, prefixes), _content_type(fmt))

    def _authorize(self, req: Request) -> None:
        if not self.settings.allow_update or not self.settings.token:
            raise _HttpError(
                403,
                "This endpoint is read-only. Start it with 'dkg serve --allow-update' (and the token in "
                "DKG_TOKEN) to accept updates.",
            )
        scheme, _, credentials = req.headers.get("authorization", "").strip().partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise _HttpError(
                401,
                "Writes need the server's token: send 'Authorization: Bearer <token>'.",
                {"WWW-Authenticate": 'Bearer realm="dkg"'},
            )
        if not hmac.compare_digest(credentials.strip().encode("utf-8"), self.settings.token.encode("utf-8")):
            raise _HttpError(403, "The bearer token is not the one this server accepts for writes.")

    def _update(self, req: Request, op: _Operation) -> Response:
        self._authorize(req)
        using = op.all("using-graph-uri")
        using_named = op.all("using-named-graph-uri")
        _check_iris([*using, *using_named])
        text = _with_using(op.text, using, using_named) if using or using_named else op.text
        with self._write_lock:
            try:
                self.store.update(text, base_iri=self.base_iri)
            except SyntaxError as exc:
                raise _HttpError(400, f"Malformed update: {exc}") from None
            except StoreError as exc:
                raise _HttpError(500, str(exc)) from None
            except (ValueError, RuntimeError, OSError) as exc:
                raise _HttpError(400, f"The update could not be applied: {exc}") from None
        return Response(204)

    # ----------------------------------------------------------------- /store
    def _graph_store(self, req: Request) -> Response:
        allowed = self._allow(req, ("GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"))
        if allowed is not None:
            return allowed
        params = _form(req.query_string)
        graphs = [v for k, v in params if k == "graph"]
        default = any(k == "default" for k, _ in params)
        if len(graphs) + default != 1:
            raise _HttpError(400, "Name one graph: /store?graph=IRI (percent-encoded) or /store?default.")
        graph_iri = graphs[0] if graphs else None
        if graph_iri is not None:
            _check_iris([graph_iri])
        if req.method in ("GET", "HEAD"):
            return self._get_graph(req, graph_iri)
        self._authorize(req)
        if req.method == "DELETE":
            with self._write_lock:
                found = self.store.drop_graph(graph_iri)
            if not found:
                raise _HttpError(404, f"No graph <{graph_iri}> in the store.")
            return Response(204)
        triples = self._payload(req, graph_iri)
        with self._write_lock:
            existed = graph_iri is None or self.store.has_graph(graph_iri)
            try:
                self.store.put_graph(graph_iri, triples, replace=req.method == "PUT")
            except StoreError as exc:
                raise _HttpError(500, str(exc)) from None
        return (
            Response(204)
            if existed
            else Response(201, headers={"Location": req.path + "?" + req.query_string})
        )

    def _get_graph(self, req: Request, graph_iri: str | None) -> Response:
        params = [v for k, v in _form(req.query_string) if k in ("format", "output")]
        fmt = negotiate(req.headers.get("accept"), _GRAPH_FORMATS, params)
        if graph_iri is not None and not self.store.has_graph(graph_iri):
            raise _HttpError(404, f"No graph <{graph_iri}> in the store.")
        deadline = _Deadline(self.settings.timeout)
        triples, cut = _take(
            (q.triple for q in self.store.graph_quads(graph_iri)), self.settings.max_rows, deadline
        )
        headers = {"Vary": "Accept", **({"X-DKG-Truncated": "true"} if cut else {})}
        return Response(200, _graph(fmt, triples), _content_type(fmt), headers)

    def _payload(self, req: Request, graph_iri: str | None) -> list[Triple]:
        ctype, ct_params = _media_type(req.headers.get("content-type"))
        if not req.body:
            return []
        rdf_format = RdfFormat.from_media_type(ctype) if ctype else None
        if rdf_format is None:
            offered = ", ".join(f.media_type for f in _GRAPH_FORMATS)
            raise _HttpError(
                415, f"Cannot read a graph sent as {ctype or 'no Content-Type'}; send {offered}."
            )
        charset = ct_params.get("charset")
        if charset and charset.lower() not in ("utf-8", "utf8"):
            raise _HttpError(415, f"RDF payloads must be encoded in UTF-8, not {charset}.")
        try:
            quads = parse(
                req.body,
                rdf_format,
                base_iri=graph_iri or self.base_iri,
                without_named_graphs=True,
                rename_blank_nodes=True,  # blank nodes are store-wide: never merge with another graph's
            )
            return [q.triple for q in quads]
        except SyntaxError as exc:
            raise _HttpError(400, f"The {rdf_format.name} payload does not parse: {exc}") from None
        except ValueError as exc:
            raise _HttpError(400, f"The payload cannot go into one graph: {exc}") from None


def _take(items: Any, limit: int, deadline: _Deadline) -> tuple[list[Any], bool]:
    """Up to ``limit`` items (rows as tuples of terms) and whether there were more; checks the deadline."""
    out: list[Any] = []
    for i, item in enumerate(items):
        if i >= limit:
            return out, True
        deadline.check()
        out.append(tuple(item) if not isinstance(item, Triple) else item)
    return out, False


def _service_description(endpoint: str, settings: ServerSettings) -> str:
    update = "sd:SPARQL11Update ," if settings.allow_update else ""
    results = " , ".join(
        f"<http://www.w3.org/ns/formats/{name}>"
        for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
    )
    graphs = " , ".join(
        f"<http://www.w3.org/ns/formats/{name}>"
        for name in ("Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N3")
    )
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage {update} sd:SPARQL11Query ;
    sd:resultFormat {results} , {graphs} ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [ a sd:Dataset ] .
"""


_STATIC_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.(js|css)")
_STATIC_TYPES = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}
_QUERY_GROUPS = (("Competency query:", "competency"), ("Analyst query:", "analyst"))


def _static_file(name: str) -> bytes | None:
    """A script or style shipped in ``graph/static``; None if there is no such file."""
    try:
        return resources.files("graph").joinpath("static", name).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _query_folder() -> Path | None:
    """Where the example queries are: the project's ``queries/`` (a source checkout), else those an
    installed dkg ships (``share/dkg/queries`` under the environment), else the current folder's (as
    ``dkg query --file queries/...`` finds them)."""
    for folder in (
        Path(__file__).resolve().parent.parent / "queries",
        Path(sys.prefix) / "share" / "dkg" / "queries",
        Path.cwd() / "queries",
    ):
        if folder.is_dir() and any(folder.glob("*.rq")):
            return folder
    return None


def example_queries(folder: Path | None = None) -> list[dict[str, str]]:
    """The example queries: name (file stem), group ("competency", "analyst" or "other"), the
    description from the leading comment, and the text; competency queries first, then by name.

    >>> sorted(example_queries(Path("/nonexistent")))
    []
    """
    folder = folder if folder is not None else _query_folder()
    if folder is None or not folder.is_dir():
        return []
    out: list[dict[str, str]] = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        lead = itertools.takewhile(lambda line: line.startswith("#"), text.splitlines())
        comment = " ".join(line.lstrip("#").strip() for line in lead)
        group, description = "other", comment
        for prefix, name in _QUERY_GROUPS:
            if comment.startswith(prefix):
                group, description = name, comment.removeprefix(prefix).strip()
        out.append({"name": path.stem, "group": group, "description": description, "query": text})
    order = {"competency": 0, "analyst": 1, "other": 2}
    return sorted(out, key=lambda q: (order[q["group"]], q["name"]))


def _cut_evidence(result: NodeExplanation | EdgeExplanation, limit: int) -> bool:
    """Keep at most ``limit`` evidence items in each list of ``result``; whether any was cut."""
    lists = [result.evidence] if isinstance(result, NodeExplanation) else [lk.evidence for lk in result.links]
    cut = False
    for evidence in lists:
        if len(evidence) > limit:
            del evidence[limit:]
            cut = True
    return cut


def _home_page(settings: ServerSettings) -> str:
    """The web page, with the server's limits and mode filled in (escaped)."""
    template = Template(resources.files("graph").joinpath("static", "app.html").read_text(encoding="utf-8"))
    mode = "read-write (updates need the bearer token)" if settings.allow_update else "read-only"
    values = {
        "mode": mode,
        "updates": "true" if settings.allow_update else "false",
        "max_rows": str(settings.max_rows),
        "max_rows_text": f"{settings.max_rows:,}",
        "rows": str(min(settings.max_rows, 1000)),
        "timeout": f"{settings.timeout:g}",
    }
    return template.substitute({k: html.escape(v) for k, v in values.items()})


# --------------------------------------------------------------------- HTTP
class _BodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dkg"
    timeout = 60  # seconds an idle or slow connection may hold its thread
    # Headers and body go out in two writes; with Nagle's algorithm on, the body of a small answer would
    # wait for the client's delayed ACK of the headers (40 ms on Linux) on every keep-alive request.
    disable_nagle_algorithm = True
    server: SparqlServer

    def do_GET(self) -> None:  # noqa: N802 - the names http.server dispatches to
        self._dispatch()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = do_GET  # noqa: N815

    def _dispatch(self) -> None:
        started = time.perf_counter()
        service = self.server.service
        split = urlsplit(self.path)
        close = False
        try:
            body = self._read_body(service.settings.max_body)
            headers = {k.lower(): v for k, v in self.headers.items()}
            response = service.handle(Request(self.command, split.path, split.query, headers, body))
        except _BodyError as exc:
            response = _HttpError(exc.status, str(exc)).response()
            close = True
        try:
            self._send(response, head=self.command == "HEAD", close=close)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        if not service.settings.quiet:
            ms = (time.perf_counter() - started) * 1000
            sys.stderr.write(f"{self.command} {split.path} {response.status} {ms:.1f} ms\n")

    def _read_body(self, limit: int) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            total = 0
            while True:
                line = self.rfile.readline(1024)
                try:
                    size = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    raise _BodyError(400, "Malformed chunked request body.") from None
                if size == 0:
                    while self.rfile.readline(1024).strip():  # trailers
                        pass
                    return b"".join(chunks)
                total += size
                if total > limit:
                    raise _BodyError(413, f"The request body is larger than {limit:,} bytes.")
                chunks.append(self.rfile.read(size))
                self.rfile.readline(8)
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        try:
            n = int(length)
        except ValueError:
            raise _BodyError(400, f"Content-Length {length!r} is not a number.") from None
        if n < 0:
            raise _BodyError(400, f"Content-Length {length!r} is not a number.")
        if n > limit:
            raise _BodyError(413, f"The request body is larger than {limit:,} bytes.")
        return self.rfile.read(n)

    def _send(self, response: Response, *, head: bool, close: bool) -> None:
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.status != 204:
            self.send_header("Content-Length", str(len(response.body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if not head and response.status != 204:
            self.wfile.write(response.body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # _dispatch logs one line per request

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if not self.server.service.settings.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class SparqlServer(ThreadingHTTPServer):
    """The endpoint over HTTP, bound to ``host:port`` (port 0 picks a free one).

    Call :meth:`serve_forever` (in a thread, for tests) and :meth:`shutdown`
    then :meth:`server_close` to stop; :attr:`url` is where it listens.
    """

    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(
        self,
        store: GraphStore,
        *,
        host: str = "127.0.0.1",
        port: int = 7878,
        settings: ServerSettings | None = None,
    ) -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        settings = settings or ServerSettings()
        self._slots = threading.BoundedSemaphore(settings.max_connections)
        super().__init__((host, port), _Handler)
        self.service = SparqlService(store, settings, base_iri=f"{self.url}/sparql")

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):  # every connection thread is taken: say so, do not queue
            message = b"Too many open connections; try again in a moment.\n"
            try:
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    b"Retry-After: 1\r\nConnection: close\r\nContent-Length: "
                    + str(len(message)).encode()
                    + b"\r\n\r\n"
                    + message
                )
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # without HTTPServer's reverse DNS lookup of the host
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    @property
    def url(self) -> str:
        """``http://host:port`` of the running server."""
        host, port = self.server_address[:2]
        host = str(host)
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def server_close(self) -> None:
        super().server_close()
        if hasattr(self, "service"):
            self.service.close()


def serve(
    store: GraphStore,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    settings: ServerSettings | None = None,
    on_start: Callable[[SparqlServer], None] | None = None,
) -> None:
    """Serve ``store`` until interrupted (Ctrl-C or SIGTERM), then close the server cleanly.

    :param on_start: called with the bound server before it starts answering (to print its URL).
    :raises OSError: the address cannot be bound (port in use, no such interface).
    """
    import signal

    server = SparqlServer(store, host=host, port=port, settings=settings)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, stop)
    try:
        if on_start is not None:
            on_start(server)
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
