"""A dkg store on any SPARQL 1.1 server: Virtuoso, Apache Jena Fuseki, GraphDB, an Oxigraph server.

:class:`SparqlStore` does what :class:`graph.store.OxigraphStore` does, over HTTP: queries go
to the server's SPARQL 1.1 Protocol endpoint, writes to its SPARQL 1.1 Update endpoint (or, for
whole graphs, its Graph Store Protocol endpoint when one is given). Answers come back as the
same pyoxigraph objects the embedded store returns, so everything above the store (queries,
exports, validation, resolution, the HTTP endpoint) works unchanged.

Each article is written with one update request, ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH
<g> { ... } }``, its content hash included, so a reader sees the old article or the new one and
never half of it (servers run one update request as one transaction). Small articles share a
request; an article too large for one request is written into a staging graph first and moved
into place with one ``MOVE`` (see :meth:`SparqlStore.replace_articles`).

A server that is down, times out or answers 5xx is retried a bounded number of times with
exponential backoff; then :class:`StoreUnavailable` names the server, says what to check and,
for a write, lists the articles that were not written.

Credentials come from the environment, never from the command line: ``DKG_SPARQL_USER`` and
``DKG_SPARQL_PASSWORD`` (HTTP basic or digest, chosen from the server's challenge, or forced with
``DKG_SPARQL_AUTH=basic|digest``), or ``DKG_SPARQL_TOKEN`` (a bearer token).

>>> store = SparqlStore("http://127.0.0.1:8890/sparql")
>>> store.update_endpoint
'http://127.0.0.1:8890/sparql'
>>> print(store.replace_text([("https://w3id.org/dkg/id/article/a1", "abc", [])]))
DROP SILENT GRAPH <https://w3id.org/dkg/id/article/a1> ;
INSERT DATA { GRAPH <https://w3id.org/dkg/id/article/a1> {
<https://w3id.org/dkg/id/article/a1> <https://w3id.org/dkg/ontology#contentHash> "abc"
} }
>>> store.close()
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import random
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

import requests
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
)

from graph.errors import StoreError
from graph.iris import RESOLUTION_GRAPH
from graph.store import CONTENT_HASH, ArticleWrite, OxigraphStore, last_writes
from ontology import DATA_IRI

__all__ = [
    "ENV_AUTH",
    "ENV_PASSWORD",
    "ENV_RETRIES",
    "ENV_TIMEOUT",
    "ENV_TOKEN",
    "ENV_USER",
    "SparqlStore",
    "StoreUnavailable",
    "canonical_double",
    "is_url",
]

log = logging.getLogger(__name__)

ENV_USER = "DKG_SPARQL_USER"
ENV_PASSWORD = "DKG_SPARQL_PASSWORD"
ENV_TOKEN = "DKG_SPARQL_TOKEN"
#: "basic" or "digest"; when unset, the scheme the server asks for in its 401 challenge.
ENV_AUTH = "DKG_SPARQL_AUTH"
ENV_TIMEOUT = "DKG_SPARQL_TIMEOUT"
ENV_RETRIES = "DKG_SPARQL_RETRIES"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_BOOLEAN = _XSD + "boolean"
_DOUBLE = _XSD + "double"
_FLOAT = _XSD + "float"
_RESULTS_JSON = "application/sparql-results+json"
#: XML first: Virtuoso writes it in C, three to four times faster than its JSON.
_RESULTS_ACCEPT = "application/sparql-results+xml, application/sparql-results+json;q=0.9"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5"
#: HTTP statuses worth another try: the server is overloaded, restarting or behind a gateway.
_TRANSIENT = frozenset({429, 500, 502, 503, 504})
#: Statuses that say the request was not processed, so even a non-idempotent update may be resent.
_NOT_PROCESSED = frozenset({429, 502, 503, 504})
_SHOWN = 10  # article IRIs named in an error message; the exception carries all of them


def is_url(location: str | Path | None) -> bool:
    """Whether ``--store`` names a SPARQL server (http or https URL) rather than a folder.

    >>> is_url("http://localhost:8890/sparql"), is_url("HTTPS://db.example.org/ds/sparql")
    (True, True)
    >>> is_url("dkg-store")
    False
    """
    return isinstance(location, str) and re.match(r"(?i)https?://", location) is not None


class StoreUnavailable(StoreError):
    """The SPARQL server could not be reached, timed out or kept failing after every retry.

    server: the endpoint URL that failed.
    unwritten: IRIs of the article graphs a write did not get onto the server (empty for a read).
    """

    def __init__(self, message: str, *, server: str, unwritten: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.server = server
        self.unwritten = list(unwritten)


class _Refused(StoreError):
    """The server answered the request with an error that another try would not change.

    status: the HTTP status. unwritten: as for :class:`StoreUnavailable`.
    """

    def __init__(self, message: str, *, status: int, unwritten: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.unwritten = list(unwritten)


class _Failure(Exception):
    """One failed attempt: why, and whether trying again may help."""

    def __init__(self, reason: str, *, retry: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


class SparqlStore:
    """The graph on a SPARQL 1.1 server, reached over HTTP.

    :param query_endpoint: the SPARQL 1.1 Protocol query endpoint, e.g.
        ``http://localhost:8890/sparql`` (Virtuoso), ``http://localhost:3030/ds/sparql`` (Fuseki),
        ``http://localhost:7200/repositories/dkg`` (GraphDB), ``http://localhost:7878/query`` (Oxigraph).
    :param update_endpoint: the SPARQL 1.1 Update endpoint when it is not the query endpoint
        (Fuseki ``/ds/update``, GraphDB ``/repositories/dkg/statements``, Oxigraph ``/update``).
    :param graph_store_endpoint: a Graph Store Protocol endpoint (Virtuoso ``/sparql-graph-crud``,
        Fuseki ``/ds/data``, Oxigraph ``/store``); when given, :meth:`put_graph`, :meth:`graph_quads`
        and :meth:`drop_graph` use it, otherwise they go through SPARQL.
    :param timeout: seconds to wait for an answer before trying again (``DKG_SPARQL_TIMEOUT``, 60).
    :param retries: further attempts after a failure (``DKG_SPARQL_RETRIES``, 4); the waits between
        them double from ``backoff`` seconds (0.5, 1, 2, 4: about 8 s in all by default).
    :param backoff: the first wait, in seconds.
    :param read_only: refuse writes (as ``dkg query`` opens stores).
    :param graph_prefix: the named graphs that make up the dkg graph on a shared server: those whose
        IRI starts with this (article graphs and the resolution graph do). :meth:`quads`,
        :meth:`count_quads`, :meth:`article_graphs` and :meth:`dump` see only them; queries see
        whatever the server's default graph holds.
    :param page_size: rows asked for at a time when reading the whole graph; lowered to the
        server's cap when it announces one (Virtuoso's ``X-SPARQL-MaxRows``).
    :param chunk_triples: triples per ``INSERT DATA`` operation (Virtuoso's parser refuses about 5,000).
    :param max_request_bytes: the largest update request sent (Virtuoso refuses more than 10 MB).
    """

    def __init__(
        self,
        query_endpoint: str,
        *,
        update_endpoint: str | None = None,
        graph_store_endpoint: str | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float = 0.5,
        read_only: bool = False,
        graph_prefix: str = DATA_IRI,
        page_size: int = 10_000,
        chunk_triples: int = 1_000,
        max_request_bytes: int = 4_000_000,
    ) -> None:
        self.query_endpoint = _endpoint(query_endpoint, "--store")
        self.update_endpoint: str = (
            _endpoint(update_endpoint, "--update-endpoint") if update_endpoint else self.query_endpoint
        )
        self.graph_store_endpoint = (
            _endpoint(graph_store_endpoint, "graph_store_endpoint") if graph_store_endpoint else None
        )
        self.location = self.query_endpoint
        self.read_only = read_only
        self.timeout = float(timeout if timeout is not None else _env_number(ENV_TIMEOUT, 60.0))
        self.retries = int(retries if retries is not None else _env_number(ENV_RETRIES, 4))
        self.backoff = backoff
        self.graph_prefix = graph_prefix
        self.page_size = page_size
        self.chunk_triples = chunk_triples
        self.max_request_bytes = max_request_bytes
        self._session = requests.Session()
        self._session.headers["User-Agent"] = "dkg (SPARQL 1.1 client)"
        self._user = os.environ.get(ENV_USER) or None
        self._password = os.environ.get(ENV_PASSWORD) or ""
        self._auth_scheme = (os.environ.get(ENV_AUTH) or "").strip().lower() or None
        if self._auth_scheme not in (None, "basic", "digest"):
            raise StoreError(f"{ENV_AUTH} is {self._auth_scheme!r}; set it to basic or digest, or unset it.")
        self._auth: requests.auth.AuthBase | None = self._make_auth(self._auth_scheme)
        token = os.environ.get(ENV_TOKEN)
        if token:
            self._session.headers["Authorization"] = f"Bearer {token.strip()}"

    # ------------------------------------------------------------ articles
    def article_hash(self, graph_iri: str) -> str | None:
        g = NamedNode(graph_iri)
        rows = self._select(f"SELECT ?h WHERE {{ GRAPH {g} {{ {g} {CONTENT_HASH} ?h }} }} LIMIT 1")
        for row in rows:
            h = row.get("h")
            return h.value if isinstance(h, Literal) else None
        return None

    def replace_articles(self, writes: Iterable[ArticleWrite]) -> None:
        """Write a batch of articles, each replacing its graph in one update.

        Articles are packed into update requests of at most ``max_request_bytes``; each request
        drops the old graphs and inserts the new quads, content hash included, and servers apply
        one request as one transaction. An article larger than one request goes into a staging
        graph (``urn:dkg:staging:…``, outside :attr:`graph_prefix`) in several requests and is
        moved into place with one ``MOVE``, still a single replace of its graph. A graph named
        twice in the batch gets only its later write (:func:`graph.store.last_writes`).

        :raises StoreUnavailable: the server kept failing; ``unwritten`` lists every article of
            this batch not written (those before it are complete).
        :raises StoreError: the store is read-only, or the server refused the update.
        """
        self._writable()
        pending = [(iri, _article_triples(iri, h, quads)) for iri, h, quads in last_writes(writes)]
        ops: list[str] = []
        iris: list[str] = []
        size = 0

        def flush(upto: int) -> None:
            nonlocal ops, iris, size
            if ops:
                self._post_update(
                    " ;\n".join(ops), idempotent=True, unwritten=[i for i, _ in pending[upto - len(iris) :]]
                )
            ops, iris, size = [], [], 0

        for n, (graph_iri, triples) in enumerate(pending):
            article_ops = self._replace_ops(graph_iri, triples)
            article_size = sum(len(op.encode("utf-8")) + 3 for op in article_ops)
            if article_size > self.max_request_bytes:
                flush(n)
                self._staged_replace(graph_iri, triples, unwritten=[i for i, _ in pending[n:]])
                continue
            if size + article_size > self.max_request_bytes:
                flush(n)
            ops.extend(article_ops)
            iris.append(graph_iri)
            size += article_size
        flush(len(pending))

    def replace_text(self, writes: Iterable[ArticleWrite]) -> str:
        """The SPARQL Update that :meth:`replace_articles` sends for small articles (to read or log)."""
        return " ;\n".join(
            op
            for iri, h, quads in last_writes(writes)
            for op in self._replace_ops(iri, _article_triples(iri, h, quads))
        )

    def remove_article(self, graph_iri: str) -> bool:
        self._writable()
        g = NamedNode(graph_iri)
        existed = self.has_graph(graph_iri)
        if existed:
            self._post_update(f"DROP SILENT GRAPH {g}", idempotent=True)
        return existed

    def drop_article_hash(self, graph_iri: str) -> bool:
        """Take a graph's content hash away, leaving the rest; True if it had one.

        As :meth:`graph.store.OxigraphStore.drop_article_hash`, in one idempotent update.
        """
        self._writable()
        content_hash = self.article_hash(graph_iri)
        if content_hash is None:
            return False
        g = NamedNode(graph_iri)
        self._post_update(
            f"DELETE DATA {{ GRAPH {g} {{ {g} {CONTENT_HASH} {Literal(content_hash)} }} }}", idempotent=True
        )
        return True

    def article_graphs(self) -> list[str]:
        """IRIs of every article graph on the server (not the derived resolution graph), sorted."""
        return [g for g in self._graphs() if g != RESOLUTION_GRAPH]

    def _graphs(self) -> list[str]:
        """IRIs of every named graph of the dkg graph (those under :attr:`graph_prefix`), sorted.

        Read in pages ordered by IRI (keyset paging, no OFFSET), so any number of graphs comes back
        whole even from a server that caps the rows of an answer.
        """
        found: list[str] = []
        last = ""
        while True:
            after = f" && STR(?g) > {Literal(last)}" if last else ""
            rows = self._select(
                f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                f"FILTER (STRSTARTS(STR(?g), {Literal(self.graph_prefix)}){after}) }} "
                f"ORDER BY STR(?g) LIMIT {self._page()}",
                paged=True,
            )
            page = [g.value for row in rows if isinstance(g := row.get("g"), NamedNode)]
            found.extend(page)
            if len(page) < self._page() or not page:
                return sorted(set(found))
            last = page[-1]

    # ------------------------------------------------------------ reading
    def query(
        self,
        sparql: str,
        *,
        base_iri: str | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union_default_graph: bool = True,
    ) -> QuerySolutions | QueryBoolean | QueryTriples:
        """Run a SPARQL query on the server; the answer is what :meth:`OxigraphStore.query` returns.

        The query is parsed here first, so a malformed one fails with the same message as on the
        embedded store. Queries without a dataset see the server's default graph: on Virtuoso and
        GraphDB the union of all graphs, on Fuseki with ``unionDefaultGraph`` and on Oxigraph with
        ``--union-default-graph`` the union of the named graphs (see ``docs/scale.md``).
        ``union_default_graph`` changes nothing here: a server's default graph is its setting.

        :param default_graphs: sent as ``default-graph-uri`` (the protocol's dataset).
        :param named_graphs: sent as ``named-graph-uri``.
        :raises SyntaxError: the query does not parse.
        :raises ValueError: the server refused the query (its message is included).
        :raises StoreUnavailable: the server could not be reached after the retries.
        """
        kind = _query_form(sparql, base_iri)
        text = f"BASE {NamedNode(base_iri)}\n{sparql}" if base_iri else sparql
        fields: list[tuple[str, str]] = [("query", text)]
        fields += [("default-graph-uri", NamedNode(g).value) for g in default_graphs or ()]
        fields += [("named-graph-uri", NamedNode(g).value) for g in named_graphs or ()]
        try:
            if kind == "graph":
                resp = self._send(
                    "POST", self.query_endpoint, data=fields, accept=_GRAPH_ACCEPT, idempotent=True
                )
            else:
                resp = self._results(fields)
        except _Refused as exc:
            if exc.status in (400, 500):
                raise ValueError(str(exc)) from None
            raise
        self._check_complete(resp)
        if kind == "graph":
            return _triples_answer(resp)
        return _results_answer(resp, ask=kind == "ask")

    def graph_quads(self, graph_iri: str | None) -> Iterator[Quad]:
        """The quads of the named graph ``graph_iri``; for None, what the server calls its default graph.

        On Virtuoso and GraphDB the default graph is the union of every graph on the server.
        """
        if graph_iri is None:
            if self.graph_store_endpoint:
                return iter(self._gsp_get(None))
            return self._paged_quads(None)
        if self.graph_store_endpoint:
            return iter(self._gsp_get(graph_iri))
        return self._paged_quads([graph_iri])

    def has_graph(self, graph_iri: str) -> bool:
        """Whether the server holds a non-empty named graph ``graph_iri`` (servers forget empty graphs)."""
        answer = self.query(f"ASK {{ GRAPH {NamedNode(graph_iri)} {{ ?s ?p ?o }} }}")
        return bool(answer)

    def quads(self) -> Iterator[Quad]:
        """Every quad of the dkg graph (the named graphs under :attr:`graph_prefix`), graph by graph."""
        graphs = self._graphs()
        per_request = 20
        for i in range(0, len(graphs), per_request):
            yield from self._paged_quads(graphs[i : i + per_request])

    def count_quads(self) -> int:
        rows = self._select(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER (STRSTARTS(STR(?g), {Literal(self.graph_prefix)})) }}"
        )
        n = rows[0].get("n") if rows else None
        return int(n.value) if isinstance(n, Literal) else 0

    def dump(self, output: IO[bytes] | str, fmt: RdfFormat) -> None:
        """Serialize the dkg graph exactly as the embedded store does (read into memory first)."""
        mem = Store()
        mem.extend(self.quads())
        OxigraphStore(mem, self.location).dump(output, fmt)

    # ------------------------------------------------------------ graphs and updates
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Send a SPARQL Update to the server, which applies it as one transaction.

        Resent after a failure only when the server cannot have applied it (connection refused,
        429, 502, 503, 504), since an arbitrary update may not be safe to apply twice.

        :raises ValueError: the server refused the update (its message is included).
        :raises StoreError: the store is open read-only.
        :raises StoreUnavailable: the server could not be reached after the retries.
        """
        self._writable()
        text = f"BASE {NamedNode(base_iri)}\n{sparql}" if base_iri else sparql
        try:
            self._post_update(text, idempotent=False)
        except _Refused as exc:
            if exc.status in (400, 500):
                raise ValueError(str(exc)) from None
            raise

    def put_graph(self, graph_iri: str | None, triples: Iterable[Triple], *, replace: bool) -> None:
        """Write triples into a named graph (the default graph for None), as one request.

        ``replace`` drops the graph's old content in the same request (Graph Store ``PUT``, or
        ``DROP`` + ``INSERT DATA``); otherwise the triples are added (``POST``, or ``INSERT DATA``).
        """
        self._writable()
        triples = list(triples)
        if self.graph_store_endpoint:
            self._gsp_write(graph_iri, triples, replace=replace)
            return
        target = "DEFAULT" if graph_iri is None else f"GRAPH {NamedNode(graph_iri)}"
        ops = [f"CLEAR SILENT {target}" if graph_iri is None else f"DROP SILENT {target}"] if replace else []
        ops += _insert_ops(graph_iri, triples, self.chunk_triples)
        if ops:
            self._post_update(" ;\n".join(ops), idempotent=replace or not _has_blank(triples))

    def drop_graph(self, graph_iri: str | None) -> bool:
        """Drop the named graph ``graph_iri`` (True if there was one); None clears the default graph."""
        self._writable()
        if graph_iri is None:
            self._post_update("CLEAR SILENT DEFAULT", idempotent=True)
            return True
        existed = self.has_graph(graph_iri)
        if existed:
            if self.graph_store_endpoint:
                self._send(
                    "DELETE",
                    self.graph_store_endpoint,
                    params={"graph": graph_iri},
                    idempotent=True,
                    ok=(404,),
                )
            else:
                self._post_update(f"DROP SILENT GRAPH {NamedNode(graph_iri)}", idempotent=True)
        return existed

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> SparqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        extra = (
            f", update_endpoint={self.update_endpoint!r}"
            if self.update_endpoint != self.query_endpoint
            else ""
        )
        return f"SparqlStore({self.query_endpoint!r}{extra})"

    # ------------------------------------------------------------ writing, internals
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(
                f"The store at {self.location} is open read-only; open it without read_only to write."
            )

    def _replace_ops(self, graph_iri: str, triples: list[Triple]) -> list[str]:
        return [
            f"DROP SILENT GRAPH {NamedNode(graph_iri)}",
            *_insert_ops(graph_iri, triples, self.chunk_triples),
        ]

    def _staged_replace(self, graph_iri: str, triples: list[Triple], *, unwritten: list[str]) -> None:
        """Write a large article into a staging graph over several requests, then MOVE it into place."""
        staging = NamedNode("urn:dkg:staging:" + hashlib.sha256(graph_iri.encode("utf-8")).hexdigest()[:32])
        ops = _insert_ops(staging.value, triples, self.chunk_triples)
        requests_ops: list[list[str]] = [[f"DROP SILENT GRAPH {staging}"]]
        size = 0
        for op in ops:
            n = len(op.encode("utf-8")) + 3
            if size + n > self.max_request_bytes and requests_ops[-1]:
                requests_ops.append([])
                size = 0
            requests_ops[-1].append(op)
            size += n
        for part in requests_ops:
            self._post_update(" ;\n".join(part), idempotent=True, unwritten=unwritten)
        self._post_update(
            f"MOVE SILENT GRAPH {staging} TO GRAPH {NamedNode(graph_iri)}",
            idempotent=True,
            unwritten=unwritten,
        )

    def _post_update(self, text: str, *, idempotent: bool, unwritten: Sequence[str] = ()) -> None:
        self._send(
            "POST", self.update_endpoint, data=[("update", text)], idempotent=idempotent, unwritten=unwritten
        )

    def _gsp_write(self, graph_iri: str | None, triples: list[Triple], *, replace: bool) -> None:
        assert self.graph_store_endpoint is not None
        body = "".join(f"{_term(t.subject)} {_term(t.predicate)} {_term(t.object)} .\n" for t in triples)
        params = {"default": ""} if graph_iri is None else {"graph": graph_iri}
        self._send(
            "PUT" if replace else "POST",
            self.graph_store_endpoint,
            params=params,
            data=body.encode("utf-8"),
            content_type="application/n-triples",
            idempotent=replace or not _has_blank(triples),
        )

    def _gsp_get(self, graph_iri: str | None) -> list[Quad]:
        assert self.graph_store_endpoint is not None
        params = {"default": ""} if graph_iri is None else {"graph": graph_iri}
        resp = self._send(
            "GET", self.graph_store_endpoint, params=params, accept=_GRAPH_ACCEPT, idempotent=True, ok=(404,)
        )
        if resp.status_code == 404:
            return []
        g = DefaultGraph() if graph_iri is None else NamedNode(graph_iri)
        return [Quad(t.subject, t.predicate, t.object, g) for t in _triples_answer(resp)]

    # ------------------------------------------------------------ reading, internals
    def _page(self) -> int:
        return max(1, self.page_size)

    def _select(self, sparql: str, *, paged: bool = False) -> list[dict[str, Any]]:
        """Rows of one of our own SELECTs as dicts of terms (doubles exact, booleans canonical)."""
        resp = self._results([("query", sparql)])
        self._check_complete(resp, paged=paged)
        answer = _solutions(resp)
        if not isinstance(answer, QuerySolutions):
            raise StoreError(f"The SPARQL server at {self.query_endpoint} answered a SELECT with a boolean.")
        names = [v.value for v in answer.variables]
        rows: list[dict[str, Any]] = []
        for solution in answer:
            row = {}
            for var in names:
                term = solution[var]
                if term is not None:
                    row[var] = _fixed(term)
            lex = row.pop("lex", None)
            o = row.get("o")
            if isinstance(lex, Literal) and lex.value and isinstance(o, Literal):
                if o.datatype.value in (_DOUBLE, _FLOAT):  # the whole value, not the six digits shown
                    row["o"] = _fixed(Literal(lex.value, datatype=o.datatype))
            rows.append(row)
        return rows

    def _results(self, fields: list[tuple[str, str]]) -> requests.Response:
        """POST a SELECT or ASK, asking for XML results (fastest from Virtuoso) or JSON.

        XML cannot carry a carriage return in a literal (parsers turn it into a line feed), so an
        XML answer holding one is asked for again as JSON.
        """
        resp = self._send("POST", self.query_endpoint, data=fields, accept=_RESULTS_ACCEPT, idempotent=True)
        if b"\r" in resp.content and "xml" in resp.headers.get("Content-Type", ""):
            resp = self._send("POST", self.query_endpoint, data=fields, accept=_RESULTS_JSON, idempotent=True)
        return resp

    def _paged_quads(self, graphs: list[str] | None) -> Iterator[Quad]:
        """Quads of these named graphs (the default graph for None), read page by page.

        Pages are cut with LIMIT and OFFSET, unordered (Virtuoso refuses to sort beyond 10,000
        rows); a server gives the same order for the same query while nothing is written.

        Doubles are read through ``STR()``: Virtuoso prints them with six significant digits in
        answers but keeps them whole in the store.
        """
        exact = (
            f"BIND (IF(isLITERAL(?o) && (DATATYPE(?o) = <{_DOUBLE}> || DATATYPE(?o) = <{_FLOAT}>), "
            'STR(?o), "") AS ?lex)'
        )
        if graphs is None:
            where = f"{{ ?s ?p ?o {exact} }}"
        else:
            values = " ".join(str(NamedNode(g)) for g in graphs)
            where = f"{{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} {exact} }}"
        offset = 0
        while True:
            page = self._page()
            rows = self._select(
                f"SELECT ?g ?s ?p ?o ?lex WHERE {where} LIMIT {page}"
                + (f" OFFSET {offset}" if offset else ""),
                paged=True,
            )
            if self._page() < page:  # the server announced a smaller cap: read this page again
                continue
            for row in rows:
                g = row.get("g")
                yield Quad(row["s"], row["p"], row["o"], g if isinstance(g, NamedNode) else DefaultGraph())
            if len(rows) < page:
                return
            offset += page

    def _check_complete(self, resp: requests.Response, *, paged: bool = False) -> None:
        """Refuse an answer the server cut short (Virtuoso says so in ``X-SPARQL-MaxRows``)."""
        cap = resp.headers.get("X-SPARQL-MaxRows")
        if not cap:
            return
        if paged and cap.isdigit() and int(cap) > 0:
            self.page_size = min(self.page_size, int(cap))  # our LIMIT was at most the cap: complete
            return
        raise StoreError(
            f"The SPARQL server at {self.query_endpoint} cut its answer at {cap} rows, so it is incomplete. "
            "Raise the server's limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini) "
            "or ask for fewer rows (LIMIT)."
        )

    # ------------------------------------------------------------ HTTP
    def _make_auth(self, scheme: str | None) -> requests.auth.AuthBase | None:
        if self._user is None or scheme is None:
            return None
        if scheme == "digest":
            return requests.auth.HTTPDigestAuth(self._user, self._password)
        return requests.auth.HTTPBasicAuth(self._user, self._password)

    def _send(
        self,
        method: str,
        url: str,
        *,
        data: Any = None,
        params: dict[str, str] | None = None,
        accept: str | None = None,
        content_type: str | None = None,
        idempotent: bool,
        unwritten: Sequence[str] = (),
        ok: tuple[int, ...] = (),
    ) -> requests.Response:
        """One HTTP exchange with bounded retries and exponential backoff.

        :param idempotent: the request may be resent whatever happened (reads, article replaces);
            otherwise only when it cannot have been applied.
        :param unwritten: for a write, the articles to name if it fails for good.
        :param ok: error statuses the caller handles itself.
        """
        headers: dict[str, str] = {}
        if accept:
            headers["Accept"] = accept
        if content_type:
            headers["Content-Type"] = content_type
        started = time.monotonic()
        attempt = 0
        challenged = False
        while True:
            try:
                resp = self._session.request(
                    method,
                    url,
                    data=data,
                    params=params,
                    headers=headers,
                    auth=self._auth,
                    timeout=(min(self.timeout, 10.0), self.timeout),
                )
            except requests.exceptions.Timeout as exc:
                connect = isinstance(exc, requests.exceptions.ConnectTimeout)
                failure = _Failure(
                    f"no {'connection' if connect else 'answer'} within {self.timeout:g} s",
                    retry=idempotent or connect,
                )
            except requests.exceptions.ConnectionError as exc:
                failure = _Failure(_connection_reason(exc), retry=idempotent or _not_sent(exc))
            except requests.exceptions.RequestException as exc:
                raise StoreError(f"Could not send a request to {_safe(url)}: {exc}") from None
            else:
                if resp.status_code == 401 and not challenged and self._user and self._auth_scheme is None:
                    challenged = True
                    challenge = resp.headers.get("WWW-Authenticate", "").lower()
                    self._auth_scheme = "digest" if challenge.startswith("digest") else "basic"
                    self._auth = self._make_auth(self._auth_scheme)
                    continue
                if resp.ok or resp.status_code in ok:
                    return resp
                if resp.status_code not in _TRANSIENT or _deterministic(resp):
                    raise self._refused(resp, url, unwritten)
                failure = _Failure(
                    f"HTTP {resp.status_code} {resp.reason}: {_snippet(resp)}",
                    retry=idempotent or resp.status_code in _NOT_PROCESSED,
                )
            if not failure.retry or attempt >= self.retries:
                raise self._unavailable(url, failure, attempt + 1, time.monotonic() - started, unwritten)
            delay = self.backoff * (2**attempt) * (1 + random.random() / 4)
            attempt += 1
            log.warning(
                "SPARQL server %s: %s; trying again in %.1f s (attempt %d of %d)",
                _safe(url),
                failure.reason,
                delay,
                attempt + 1,
                self.retries + 1,
            )
            time.sleep(delay)

    def _unavailable(
        self, url: str, failure: _Failure, attempts: int, seconds: float, unwritten: Sequence[str]
    ) -> StoreUnavailable:
        tried = f"tried {attempts} time{'s' if attempts != 1 else ''} over {seconds:.1f} s"
        check = (
            "Check that the server is running and reachable from here and that the URL is its SPARQL "
            "endpoint (e.g. http://HOST:8890/sparql for Virtuoso); DKG_SPARQL_TIMEOUT and DKG_SPARQL_RETRIES "
            "give slow servers more time."
        )
        if not unwritten:
            return StoreUnavailable(
                f"The SPARQL server at {_safe(url)} did not answer: {failure.reason} ({tried}). {check}",
                server=_safe(url),
            )
        return StoreUnavailable(
            f"Could not write to the SPARQL server at {_safe(url)}: {failure.reason} ({tried}). "
            f"{_not_written(unwritten)} {check}",
            server=_safe(url),
            unwritten=unwritten,
        )

    def _refused(self, resp: requests.Response, url: str, unwritten: Sequence[str]) -> _Refused:
        where = _safe(url)
        status = resp.status_code
        body = _snippet(resp)
        if status == 401:
            if self._user is None and not self._session.headers.get("Authorization"):
                hint = (
                    f"set {ENV_USER} and {ENV_PASSWORD} (or {ENV_TOKEN}) in the environment; "
                    "credentials never go on the command line"
                )
            else:
                hint = (
                    f"check {ENV_USER}/{ENV_PASSWORD} (or {ENV_TOKEN}); "
                    f"{ENV_AUTH}=basic|digest forces a scheme"
                )
            message = f"The SPARQL server at {where} wants credentials (HTTP 401): {hint}."
        elif status == 403 or re.search(r"SR186|No permission|SECURITY", body):
            message = (
                f"The SPARQL server at {where} does not let this user write (HTTP {status}: {body}). "
                "Point --update-endpoint at the server's authenticated update endpoint (Virtuoso: "
                f"/sparql-auth) with credentials in {ENV_USER} and {ENV_PASSWORD}, or grant updates "
                "to the user."
            )
        elif status == 404:
            message = (
                f"No SPARQL endpoint at {where} (HTTP 404); check the URL's path (Virtuoso /sparql, "
                "Fuseki /DATASET/sparql, GraphDB /repositories/REPO, Oxigraph /query)."
            )
        elif status in (405, 415):
            message = (
                f"The endpoint at {where} does not take this request (HTTP {status} {resp.reason}): "
                f"{body} Is it the right endpoint (query, update or graph store)?"
            )
        elif status == 413:
            message = (
                f"The SPARQL server at {where} found a request too large (HTTP 413); lower "
                f"max_request_bytes (now {self.max_request_bytes})."
            )
        else:
            message = f"The SPARQL server at {where} refused the request (HTTP {status}): {body}"
        if unwritten:
            message = f"{message.rstrip('.')}. {_not_written(unwritten)}"
        return _Refused(message, status=status, unwritten=unwritten)


# --------------------------------------------------------------------- helpers
def _endpoint(url: str | None, option: str) -> str:
    if not url or not is_url(url):
        raise StoreError(f"{option} {url!r} is not an http(s) URL of a SPARQL endpoint.")
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise StoreError(
            f"The {option} URL holds credentials; remove them from the URL and set {ENV_USER} and "
            f"{ENV_PASSWORD} (or {ENV_TOKEN}) in the environment instead."
        )
    if not parts.hostname:
        raise StoreError(f"{option} {url!r} names no host.")
    return urlunsplit(parts)


def _safe(url: str) -> str:
    """A URL fit for a message: no query string (where a token could hide)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise StoreError(f"{name}={raw!r} is not a number.") from None
    if value < 0 or math.isnan(value):
        raise StoreError(f"{name}={raw!r} must be zero or more.")
    return value


def _connection_reason(exc: requests.exceptions.ConnectionError) -> str:
    text = str(exc)
    if "refused" in text.lower():
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "host name not found"
    if "reset" in text.lower() or "aborted" in text.lower() or "RemoteDisconnected" in text:
        return "connection dropped by the server"
    return "could not connect"


def _not_sent(exc: requests.exceptions.ConnectionError) -> bool:
    """Whether the request surely never reached the server (so resending cannot apply it twice)."""
    return isinstance(exc, requests.exceptions.ConnectTimeout) or "NewConnectionError" in repr(exc.args)


def _deterministic(resp: requests.Response) -> bool:
    """Whether a 5xx answer is an error that retrying will not change.

    Virtuoso answers 500 for every SQL error; its SQLSTATE tells a deadlock or a timeout (classes
    40, 08, HY: worth another try) from a compiler or a limit error (37000, 22023, 42000: not).
    """
    if resp.status_code != 500:
        return False
    match = re.match(r"\s*Virtuoso (\w{5}) Error", resp.text[:200])
    return match is not None and not match.group(1).startswith(("40", "08", "HY", "S1T"))


def _snippet(resp: requests.Response, limit: int = 400) -> str:
    """The server's message, on one line, ending in a full stop."""
    text = " ".join(resp.text.split())
    text = re.sub(r"(?i)\s*SPARQL query:.*$", "", text)  # Virtuoso echoes the whole request after this
    text = text[:limit] + ("…" if len(text) > limit else "")
    return text if text.endswith((".", "…")) else text + "."


def _not_written(unwritten: Sequence[str]) -> str:
    """What a failed write tells the user about the articles it did not write."""
    shown = ", ".join(unwritten[:_SHOWN]) + (
        f" and {len(unwritten) - _SHOWN} more" if len(unwritten) > _SHOWN else ""
    )
    n = len(unwritten)
    return (
        f"{n} article{'s were' if n != 1 else ' was'} not written: {shown}; articles written before "
        "them are complete, and nothing after them in the input was read. Run the same command again "
        "once the server takes writes: articles already written are skipped."
    )


def _json(resp: requests.Response, url: str) -> dict[str, Any]:
    try:
        doc = json.loads(resp.content)
    except ValueError:
        raise StoreError(
            f"The SPARQL server at {_safe(url)} answered with something other than SPARQL JSON "
            f"({resp.headers.get('Content-Type', 'no content type')}): {_snippet(resp, 200)}"
        ) from None
    if not isinstance(doc, dict):
        raise StoreError(f"The SPARQL server at {_safe(url)} answered with malformed SPARQL JSON.")
    return doc


_EMPTY = Store()

_PROLOGUE = re.compile(
    r"""\s*(?:\#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>|VERSION\s*(?:"[^"]*"|'[^']*'))""",
    re.IGNORECASE,
)


def _query_form(sparql: str, base_iri: str | None) -> str:
    """The query's form ("select", "ask" or "graph"), parsed here: a malformed one raises SyntaxError.

    pyoxigraph evaluates SELECT, CONSTRUCT and DESCRIBE lazily, so parsing them against an empty
    store runs nothing; an ASK is parsed as a SELECT so that a SERVICE in it is not called from here.
    """
    pos = 0
    while (m := _PROLOGUE.match(sparql, pos)) is not None and m.end() > pos:
        pos = m.end()
    keyword = re.match(r"\s*([A-Za-z]+)", sparql[pos:])
    form = keyword.group(1).upper() if keyword else ""
    probe = sparql
    if form == "ASK":
        probe = sparql[:pos] + re.sub(r"^\s*[Aa][Ss][Kk]", " SELECT (1 AS ?dkg_ask_)", sparql[pos:], count=1)
    try:
        answer = _EMPTY.query(probe, base_iri=base_iri)
    except SyntaxError:
        if probe is sparql:
            raise
        _EMPTY.query(sparql, base_iri=base_iri)  # the parser's message for the query as written
        raise
    if form == "ASK" or isinstance(answer, QueryBoolean):
        return "ask"
    return "select" if isinstance(answer, QuerySolutions) else "graph"


def _article_triples(graph_iri: str, content_hash: str, quads: Sequence[Quad]) -> list[Triple]:
    g = NamedNode(graph_iri)
    triples = [Triple(q.subject, q.predicate, q.object) for q in quads]
    triples.append(Triple(g, CONTENT_HASH, Literal(content_hash)))  # last: a partial write has no hash
    return triples


def _term(term: Any) -> str:
    """A term in SPARQL (and N-Triples) syntax, escaped by pyoxigraph."""
    if isinstance(term, Triple):
        return f"<<( {_term(term.subject)} {_term(term.predicate)} {_term(term.object)} )>>"
    return str(term)


def _has_blank(triples: Sequence[Triple]) -> bool:
    return any(isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode) for t in triples)


def _insert_ops(graph_iri: str | None, triples: Sequence[Triple], chunk: int) -> list[str]:
    """``INSERT DATA`` operations of at most ``chunk`` triples each.

    Triples with blank nodes go together into one ``INSERT { } WHERE { }`` (Virtuoso refuses blank
    nodes in INSERT DATA, and a blank node must stay one node across its triples).
    """
    open_, close = ("", "") if graph_iri is None else (f"GRAPH {NamedNode(graph_iri)} {{\n", "\n}")
    plain = [t for t in triples if not (isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode))]
    blank = [t for t in triples if isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode)]
    ops = []
    for i in range(0, len(plain), max(1, chunk)):
        body = " .\n".join(
            f"{_term(t.subject)} {_term(t.predicate)} {_term(t.object)}" for t in plain[i : i + chunk]
        )
        ops.append(f"INSERT DATA {{ {open_}{body}{close} }}")
    if blank:
        body = " .\n".join(f"{_term(t.subject)} {_term(t.predicate)} {_term(t.object)}" for t in blank)
        ops.append(f"INSERT {{ {open_}{body}{close} }} WHERE {{}}")
    return ops


# --------------------------------------------------------------------- reading answers
def canonical_double(lexical: str) -> str:
    """The lexical form the embedded store gives an ``xsd:double`` (Oxigraph's canonical form).

    Servers print doubles their own way (Virtuoso: ``20.0``, ``1e-05``, ``nan``); dkg answers the same
    whatever the store.

    >>> [canonical_double(x) for x in ("20.0", "1e-05", "1E10", "-0.0", "42.30988", "nan", "-inf")]
    ['20', '0.00001', '10000000000', '-0', '42.30988', 'NaN', '-INF']
    """
    text = lexical.strip()
    special = {
        "nan": "NaN",
        "inf": "INF",
        "+inf": "INF",
        "infinity": "INF",
        "-inf": "-INF",
        "-infinity": "-INF",
    }
    if text.lower() in special:
        return special[text.lower()]
    try:
        value = float(text)
    except ValueError:
        return lexical
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    try:
        out = format(Decimal(repr(value)), "f")
    except InvalidOperation:  # pragma: no cover - repr of a finite float is always a decimal
        return lexical
    return out.rstrip("0").rstrip(".") if "." in out else out


def _bnode_label(label: str) -> str:
    """A valid blank node label for a server's own (Virtuoso: ``nodeID://b10007``)."""
    if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", label) and not label.endswith("."):
        return label
    return "b" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:24]


def _fixed(term: Any) -> Any:
    """A term as the embedded store gives it: booleans ``true``/``false`` (Virtuoso: ``1``/``0``),
    doubles in Oxigraph's canonical form."""
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if datatype == _BOOLEAN and term.value in ("1", "0"):
            return Literal("true" if term.value == "1" else "false", datatype=term.datatype)
        if datatype == _DOUBLE:
            value = canonical_double(term.value)
            return term if value == term.value else Literal(value, datatype=term.datatype)
    return term


def _normalize(value: dict[str, Any]) -> dict[str, Any]:
    """One SPARQL JSON term as the embedded store would give it (see :func:`_fixed`); also
    Virtuoso's ``typed-literal`` becomes ``literal`` and its blank node labels valid ones."""
    kind = value.get("type")
    if kind == "bnode":
        return {"type": "bnode", "value": _bnode_label(value.get("value", ""))}
    if kind in ("literal", "typed-literal"):
        out = {k: v for k, v in value.items() if k != "type"}
        out["type"] = "literal"
        datatype = value.get("datatype")
        if datatype == _BOOLEAN:
            out["value"] = {"1": "true", "0": "false"}.get(value.get("value", ""), value.get("value", ""))
        elif datatype == _DOUBLE:
            out["value"] = canonical_double(value.get("value", ""))
        return out
    return value


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise StoreError(f"Unsupported term in a SPARQL answer: {term!r}")


def _boolean(value: bool) -> QueryBoolean:
    answer = parse_query_results(
        json.dumps({"head": {}, "boolean": value}).encode(), format=QueryResultsFormat.JSON
    )
    assert isinstance(answer, QueryBoolean)
    return answer


def _solutions(resp: requests.Response) -> QuerySolutions | QueryBoolean:
    """A SELECT or ASK answer as the server sent it, in XML, JSON or TSV, parsed by pyoxigraph."""
    ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if ctype in ("application/sparql-results+json", "application/json", "text/json", ""):
        doc = _json(resp, resp.url)
        if "boolean" in doc:
            return _boolean(bool(doc["boolean"]))
        results = doc.get("results", {})
        bindings = [{k: _normalize(v) for k, v in b.items()} for b in results.get("bindings", [])]
        clean = {"head": {"vars": doc.get("head", {}).get("vars", [])}, "results": {"bindings": bindings}}
        answer = parse_query_results(json.dumps(clean).encode("utf-8"), format=QueryResultsFormat.JSON)
        assert isinstance(answer, QuerySolutions)
        return answer
    fmt = QueryResultsFormat.from_media_type(ctype)
    if fmt is None:
        raise StoreError(f"The SPARQL server at {_safe(resp.url)} answered in {ctype}, not SPARQL results.")
    body = resp.content
    if fmt == QueryResultsFormat.XML:
        body = re.sub(
            rb"<bnode>([^<]*)</bnode>",
            lambda m: b"<bnode>" + _bnode_label(m.group(1).decode("utf-8")).encode() + b"</bnode>",
            body,
        )
    try:
        answer = parse_query_results(body, format=fmt)
    except SyntaxError as exc:
        raise StoreError(
            f"The SPARQL server at {_safe(resp.url)} sent results that do not parse: {exc}"
        ) from None
    assert isinstance(answer, QuerySolutions | QueryBoolean)
    return answer


def _results_answer(resp: requests.Response, *, ask: bool) -> QuerySolutions | QueryBoolean:
    """A SELECT or ASK answer as the embedded store would give it."""
    answer = _solutions(resp)
    if isinstance(answer, QueryBoolean):
        return answer
    if ask:  # Virtuoso 7.2 answers ASK as one row of one variable, __ASK_RETVAL, holding 1 or 0
        first = next(iter(answer), None)
        names = [v.value for v in answer.variables]
        value = first[names[0]] if first is not None and names else None
        return _boolean(value is not None and value.value not in ("0", "false"))
    if "json" in resp.headers.get("Content-Type", "json") or not re.search(
        rb"XMLSchema#(boolean|double)", resp.content
    ):
        return answer  # normalized already (JSON), or nothing to normalize
    names = [v.value for v in answer.variables]
    bindings = [
        {v: _json_term(_fixed(t)) for v in names if (t := solution[v]) is not None} for solution in answer
    ]
    clean = {"head": {"vars": names}, "results": {"bindings": bindings}}
    fixed = parse_query_results(json.dumps(clean).encode("utf-8"), format=QueryResultsFormat.JSON)
    assert isinstance(fixed, QuerySolutions)
    return fixed


def _triples_answer(resp: requests.Response) -> QueryTriples:
    """A CONSTRUCT or DESCRIBE answer (any RDF syntax) as pyoxigraph ``QueryTriples``.

    The triples go through an in-memory store, which gives literals their canonical form
    (Virtuoso's ``"1"^^xsd:boolean`` becomes ``true``, as in the embedded store).
    """
    ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower() or "application/n-triples"
    fmt = RdfFormat.from_media_type(ctype)
    if fmt is None:
        raise StoreError(f"The SPARQL server at {_safe(resp.url)} answered in {ctype}, not an RDF syntax.")
    mem = Store()
    try:
        mem.extend(
            Quad(q.subject, q.predicate, q.object, DefaultGraph())
            for q in parse(resp.content, format=fmt, base_iri=_safe(resp.url))
        )
    except SyntaxError as exc:
        raise StoreError(
            f"The SPARQL server at {_safe(resp.url)} sent RDF that does not parse: {exc}"
        ) from None
    answer = mem.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(answer, QueryTriples)
    return answer
