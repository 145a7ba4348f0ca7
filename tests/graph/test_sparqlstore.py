"""The SPARQL-server store: the same graph and the same answers as the embedded store.

Fast tests run against small fake servers (retries, timeouts, errors, credentials) and against
``dkg serve`` itself; the ``slow`` ones run Debian's Virtuoso (see the ``virtuoso`` fixture in
conftest.py), ingest the examples through it and compare everything with the embedded store.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse

from benchmarks.virtuoso import group_concat_vars
from graph.cli import main
from graph.errors import StoreError
from graph.queries import run_query
from graph.sparqlstore import SparqlStore, StoreUnavailable, canonical_double
from graph.store import GraphStore, OxigraphStore, open_store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
XSD = "http://www.w3.org/2001/XMLSchema#"
G = "https://w3id.org/dkg/id/article/"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------- fake servers
Reply = tuple[int, dict[str, str], bytes]


@contextmanager
def fake_server(answer: Callable[[str, str, dict[str, list[str]], dict[str, str]], Reply]) -> Iterator[Any]:
    """An HTTP server in a thread; ``answer(method, path, form, headers)`` gives (status, headers, body).

    Yields an object with ``url`` and ``requests`` (the (method, form) of every request received).
    """
    seen: list[tuple[str, dict[str, list[str]]]] = []

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            form = parse_qs(body) if "form-urlencoded" in (self.headers.get("Content-Type") or "") else {}
            seen.append((self.command, form))
            status, headers, payload = answer(self.command, self.path, form, dict(self.headers))
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = _any  # noqa: N815

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield type(
            "Fake", (), {"url": f"http://127.0.0.1:{server.server_address[1]}/sparql", "requests": seen}
        )
    finally:
        server.shutdown()
        server.server_close()


JSON = {"Content-Type": "application/sparql-results+json"}
ASK_TRUE = (200, JSON, b'{"head": {}, "boolean": true}')
NO_ROWS = (200, JSON, b'{"head": {"vars": ["h"]}, "results": {"bindings": []}}')


def _article(n: int, quads: int = 3) -> tuple[str, str, list[Quad]]:
    g = NamedNode(f"{G}t{n}")
    return (
        g.value,
        f"hash-{n}",
        [
            Quad(g, NamedNode("http://purl.org/dc/terms/title"), Literal(f"title {n} {i}"), g)
            for i in range(quads)
        ],
    )


# --------------------------------------------------------------------------- fast tests
def test_sparqlstore_open_store_dispatches_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store("http://127.0.0.1:8890/sparql", update_endpoint="https://db.example/sparql-auth") as st:
        assert isinstance(st, SparqlStore)
        assert (st.query_endpoint, st.update_endpoint) == (
            "http://127.0.0.1:8890/sparql",
            "https://db.example/sparql-auth",
        )
    assert isinstance(open_store(tmp_path / "s", create=True), OxigraphStore)
    with pytest.raises(StoreError, match="--update-endpoint applies to a SPARQL server"):
        open_store(tmp_path / "s", update_endpoint="http://x/update")
    with pytest.raises(StoreError, match="DKG_SPARQL_USER") as err:
        open_store("http://dba:s3cret@127.0.0.1:8890/sparql")
    assert "s3cret" not in str(err.value)
    monkeypatch.setenv("DKG_SPARQL_AUTH", "kerberos")
    with pytest.raises(StoreError, match="basic or digest"):
        open_store("http://127.0.0.1:8890/sparql")


def test_sparqlstore_cli_store_options() -> None:
    for command in ("ingest", "remove", "resolve", "serve"):
        out = CliRunner().invoke(main, [command, "-h"]).output
        assert "--update-endpoint URL" in out, command
        assert "DIR|URL" in out, command


def test_sparqlstore_canonical_double_is_the_embedded_stores() -> None:
    values = [
        20.0,
        1e-05,
        1e10,
        -0.0,
        0.1,
        42.30988,
        -73.98513,
        123456789.12345679,
        1.7976931348623157e308,
        5e-324,
    ]
    store = Store()
    for v in values:
        store.update(f'INSERT DATA {{ <http://e/s> <http://e/p> "{v!r}"^^<{XSD}double> }}')
    embedded = {q.object.value for q in store}  # type: ignore[union-attr]
    virtuoso_style = {canonical_double(f"{v:g}" if v in (20.0, 1e10) else repr(v)) for v in values}
    assert virtuoso_style == embedded
    assert [canonical_double(x) for x in ("nan", "inf", "-inf", "20.0")] == ["NaN", "INF", "-INF", "20"]


def test_sparqlstore_down_server_retries_then_names_it_and_what_was_not_written(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/sparql"
    store = SparqlStore(url, retries=2, backoff=0.01, timeout=2)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as err:
        store.replace_articles([_article(1), _article(2)])
    assert time.monotonic() - started < 5
    message = str(err.value)
    assert url in message and "connection refused" in message and "tried 3 times" in message
    assert f"{G}t1" in message and f"{G}t2" in message and "Run the same command again" in message
    assert err.value.unwritten == [f"{G}t1", f"{G}t2"] and err.value.server == url
    assert len([r for r in caplog.records if "trying again" in r.getMessage()]) == 2
    with pytest.raises(StoreUnavailable, match=re.escape(url)):
        store.query("ASK { ?s ?p ?o }")


def test_sparqlstore_cli_reports_a_down_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DKG_SPARQL_RETRIES", "0")
    url = f"http://127.0.0.1:{_closed_port()}/sparql"
    for args in (["query", "ASK { ?s ?p ?o }"], ["stats"], ["export", "--format", "nq"], ["validate"]):
        result = CliRunner().invoke(main, [*args, "--store", url])
        assert result.exit_code == 1, (args, result.output)
        assert f"The SPARQL server at {url} did not answer" in result.output, args
        assert "Traceback" not in result.output


def test_sparqlstore_timeout_is_retried_for_reads_but_not_for_updates() -> None:
    hang = threading.Event()

    def slow(method: str, path: str, form: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        hang.wait(1.0)
        return ASK_TRUE

    with fake_server(slow) as fake:
        store = SparqlStore(fake.url, retries=2, backoff=0.01, timeout=0.2)
        with pytest.raises(StoreUnavailable, match=r"no answer within 0\.2 s \(tried 3 times"):
            store.query("ASK { ?s ?p ?o }")
        before = len(fake.requests)
        with pytest.raises(StoreUnavailable, match="tried 1 time"):  # may have been applied: not resent
            store.update("INSERT DATA { <http://e/s> <http://e/p> 1 }")
        time.sleep(0.3)
        assert len(fake.requests) == before + 1
        hang.set()


def test_sparqlstore_5xx_is_retried_and_4xx_is_not() -> None:
    replies = [(503, {}, b"busy"), (502, {}, b"gateway"), ASK_TRUE]

    def flaky(method: str, path: str, form: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        if "query" in form and "nonsense" in form["query"][0]:
            return (
                400,
                {"Content-Type": "text/plain"},
                b"Virtuoso 37000 Error SP030: syntax\n\nSPARQL query:\n...",
            )
        return replies.pop(0) if replies else ASK_TRUE

    with fake_server(flaky) as fake:
        store = SparqlStore(fake.url, retries=3, backoff=0.01)
        assert bool(store.query("ASK { ?s ?p ?o }")) is True
        assert len(fake.requests) == 3
        with pytest.raises(ValueError, match="SP030: syntax") as err:  # the server's own message, once
            store.query("ASK { ?s ?p 'nonsense' }")
        assert "SPARQL query:" not in str(err.value)
        assert len(fake.requests) == 4
        with pytest.raises(SyntaxError):  # malformed queries never leave the machine
            store.query("SELEC ?x")
        assert len(fake.requests) == 4


def test_sparqlstore_reads_virtuoso_style_answers() -> None:
    """ASK as a row of __ASK_RETVAL, typed-literal, booleans 1/0, short doubles, odd blank node labels."""
    rows = {
        "head": {"link": [], "vars": ["b", "d", "n", "x"]},
        "results": {
            "distinct": False,
            "ordered": True,
            "bindings": [
                {
                    "b": {"type": "typed-literal", "datatype": XSD + "boolean", "value": "0"},
                    "d": {"type": "typed-literal", "datatype": XSD + "double", "value": "20.0"},
                    "n": {"type": "bnode", "value": "nodeID://b10007"},
                    "x": {"type": "literal", "xml:lang": "en-gb", "value": "colour"},
                }
            ],
        },
    }
    retval = {"type": "typed-literal", "datatype": XSD + "integer", "value": "0"}
    ask = {"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL": retval}]}}
    triples = b'<http://e/s> <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'

    def virtuoso(method: str, path: str, form: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        q = form["query"][0]
        if q.startswith("ASK"):
            return (200, JSON, json.dumps(ask).encode())
        if q.startswith("CONSTRUCT"):
            return (200, {"Content-Type": "application/n-triples; charset=UTF-8"}, triples)
        return (200, JSON, json.dumps(rows).encode())

    with fake_server(virtuoso) as fake:
        store = SparqlStore(fake.url)
        assert bool(store.query("ASK { ?s ?p ?o }")) is False
        result = run_query(store, "SELECT ?b ?d ?n ?x WHERE { ?n ?p ?x }")
        (row,) = result.terms
        assert row["b"] == Literal("false", datatype=NamedNode(XSD + "boolean"))
        assert row["d"] == Literal("20", datatype=NamedNode(XSD + "double"))
        assert isinstance(row["n"], BlankNode) and row["x"] == Literal("colour", language="en-gb")
        (triple,) = run_query(store, "CONSTRUCT WHERE { ?s ?p ?o }").triples
        assert triple.object == Literal("true", datatype=NamedNode(XSD + "boolean"))


def test_sparqlstore_credentials_come_from_the_environment_and_stay_secret(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[str] = []

    def guarded(method: str, path: str, form: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        auth = headers.get("Authorization", "")
        seen.append(auth)
        if auth == "Bearer t0ken-s3cret":
            return ASK_TRUE
        if auth.startswith("Basic "):
            return (503, {}, b"down for a moment")
        return (401, {"WWW-Authenticate": 'Basic realm="dkg"'}, b"who are you")

    with fake_server(guarded) as fake:
        with pytest.raises(StoreError, match="set DKG_SPARQL_USER and DKG_SPARQL_PASSWORD"):
            SparqlStore(fake.url).query("ASK { ?s ?p ?o }")
        monkeypatch.setenv("DKG_SPARQL_TOKEN", "t0ken-s3cret")
        assert bool(SparqlStore(fake.url).query("ASK { ?s ?p ?o }"))
        monkeypatch.delenv("DKG_SPARQL_TOKEN")
        monkeypatch.setenv("DKG_SPARQL_USER", "ana")
        monkeypatch.setenv("DKG_SPARQL_PASSWORD", "pa55-s3cret")
        seen.clear()
        with pytest.raises(StoreUnavailable) as err:
            SparqlStore(fake.url, retries=1, backoff=0.01).query("ASK { ?s ?p ?o }")
        assert seen[0] == "" and seen[1].startswith("Basic ")  # none sent before the server asks
    text = str(err.value) + " ".join(r.getMessage() for r in caplog.records)
    assert "s3cret" not in text and "pa55" not in text


@pytest.mark.slow
def test_sparqlstore_ingest_failure_names_the_articles_not_written(nlp: Any) -> None:
    from graph.api import KnowledgeGraph
    from ingest.records import Document

    def no_writes(method: str, path: str, form: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        return NO_ROWS if "query" in form else (503, {}, b"read-only for maintenance")

    docs = [
        Document(id=f"down-{i}", published=None, text="Foreign Minister Lena Holm met Ivo Brandt in Oslo.")
        for i in range(2)
    ]
    with fake_server(no_writes) as fake:
        kg = KnowledgeGraph(SparqlStore(fake.url, retries=1, backoff=0.01))
        with pytest.raises(StoreUnavailable) as err:
            kg.ingest_documents(docs)
    assert err.value.unwritten == [f"{G}down-0", f"{G}down-1"]
    assert "HTTP 503" in str(err.value) and "2 articles were not written" in str(err.value)


# --------------------------------------------------------------------------- through `dkg serve`
@pytest.mark.slow
def test_sparqlstore_through_dkg_serve_matches_the_embedded_store(
    examples_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second server implementation: dkg's own endpoint over the embedded examples store."""
    from graph.server import ServerSettings, SparqlServer

    embedded = OxigraphStore.open(examples_store, create=False, read_only=True)
    server = SparqlServer(embedded, host="127.0.0.1", port=0, settings=ServerSettings(quiet=True))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        remote = SparqlStore(f"{server.url}/sparql")
        for q in QUERIES:
            text = q.read_text(encoding="utf-8")
            assert _rows(remote, text) == _rows(embedded, text), q.name
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        embedded.close()


def test_sparqlstore_writes_through_dkg_serve_with_a_bearer_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.server import ServerSettings, SparqlServer

    behind = OxigraphStore.in_memory()
    settings = ServerSettings(quiet=True, allow_update=True, token="t0k3n")
    server = SparqlServer(behind, host="127.0.0.1", port=0, settings=settings)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        with pytest.raises(StoreError, match="HTTP 401"):
            SparqlStore(f"{server.url}/sparql").replace_articles([_article(1)])
        monkeypatch.setenv("DKG_SPARQL_TOKEN", "t0k3n")
        remote = SparqlStore(f"{server.url}/sparql", graph_prefix=G)
        assert isinstance(remote, GraphStore)
        remote.replace_articles([_article(1), _article(2)])
        remote.replace_articles([_article(2, quads=1)])
        local = OxigraphStore.in_memory()
        local.replace_articles([_article(1), _article(2)])
        local.replace_articles([_article(2, quads=1)])
        assert _quads(behind) == _quads(local) == _quads(remote)
        assert remote.article_hash(f"{G}t2") == "hash-2" and remote.count_quads() == local.count_quads()
        assert remote.remove_article(f"{G}t1") and not remote.remove_article(f"{G}t1")
        assert remote.article_graphs() == [f"{G}t2"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --------------------------------------------------------------------------- Virtuoso
def _rows(store: Any, sparql: str) -> list[tuple[tuple[str, Any], ...]]:
    result = run_query(store, sparql)
    concat = group_concat_vars(sparql)
    rows = []
    for terms in result.terms:
        row: dict[str, Any] = {k: str(v) for k, v in terms.items() if k not in concat}
        for var, sep in concat.items():
            t = terms.get(var)
            row[var] = tuple(sorted(x for x in (t.value if t is not None else "").split(sep) if x))  # type: ignore[union-attr]
        rows.append(tuple(sorted(row.items())))
    return sorted(rows)


COMPETENCY = {"persons", "roles", "organizations", "countries", "places", "events"}


def _quads(store: Any) -> set[Quad]:
    return set(store.quads())


def _cli(*args: str, env: dict[str, str] | None = None) -> Any:
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, (args, result.output)
    return result


@pytest.fixture(scope="module")
def loaded(virtuoso: Any, examples_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The examples ingested into Virtuoso with the CLI, and a copy of the embedded examples store."""
    started = time.perf_counter()
    out = _cli("ingest", str(EXAMPLES), "--store", virtuoso.sparql, "--json")
    seconds = time.perf_counter() - started
    copy = tmp_path_factory.mktemp("embedded") / "store"
    shutil.copytree(examples_store, copy)
    return {"url": virtuoso.sparql, "embedded": copy, "report": json.loads(out.stdout), "seconds": seconds}


@pytest.mark.slow
def test_sparqlstore_virtuoso_holds_the_same_quads(loaded: dict[str, Any]) -> None:
    print(f"\nexamples into Virtuoso: {loaded['seconds']:.1f} s, {loaded['report']['triples']} quads")
    with SparqlStore(loaded["url"]) as remote, OxigraphStore.open(loaded["embedded"], create=False) as local:
        assert loaded["report"]["written"] == loaded["report"]["read"] > 0
        assert _quads(remote) == _quads(local)
        assert remote.count_quads() == local.count_quads() == loaded["report"]["triples"]
        assert remote.article_graphs() == local.article_graphs()
        for g in local.article_graphs():
            assert remote.article_hash(g) == local.article_hash(g)
            assert remote.has_graph(g)


@pytest.mark.slow
@pytest.mark.parametrize("query_file", QUERIES, ids=[q.stem for q in QUERIES])
def test_sparqlstore_virtuoso_answers_every_query_like_the_embedded_store(
    loaded: dict[str, Any], query_file: Path
) -> None:
    text = query_file.read_text(encoding="utf-8")
    with SparqlStore(loaded["url"]) as remote, OxigraphStore.open(loaded["embedded"], create=False) as local:
        expected = _rows(local, text)
        if query_file.stem in COMPETENCY:
            assert expected, f"{query_file.name} answers nothing on the examples"
        assert _rows(remote, text) == expected


def _normalized(command: str, output: str) -> Any:
    if command == "export-nq":
        return set(parse(io.BytesIO(output.encode()), format=RdfFormat.N_QUADS))
    if command == "export-ttl":
        return set(parse(io.BytesIO(output.encode()), format=RdfFormat.TURTLE))
    if command in ("stats", "resolve"):  # seconds differ; everything else must not
        return {k: v for k, v in json.loads(output).items() if "second" not in k}
    return output


COMMANDS = {
    "export-nq": ["export", "--format", "nq"],
    "export-ttl": ["export", "--format", "ttl"],
    "export-graphml": ["export", "--format", "graphml", "--around", "China", "--hops", "2"],
    "validate": ["validate", "--format", "json"],
    "stats": ["stats", "--format", "json"],
    "timeline": ["timeline", "China"],
    "explain": ["explain", "China"],
    "query-json": ["query", "--file", str(ROOT / "queries" / "persons.rq"), "--format", "json"],
    "resolve": ["resolve", "--json"],  # writes the resolution graph again (unchanged on both)
}


@pytest.mark.slow
@pytest.mark.parametrize("command", list(COMMANDS))
def test_sparqlstore_virtuoso_commands_print_the_same(loaded: dict[str, Any], command: str) -> None:
    args = COMMANDS[command]
    if args[0] not in main.commands:  # type: ignore[attr-defined]
        pytest.skip(f"no 'dkg {args[0]}' command here")
    local = _cli(*args, "--store", str(loaded["embedded"])).stdout
    remote = _cli(*args, "--store", loaded["url"]).stdout
    if command == "query-json":
        local, remote = (sorted(map(str, json.loads(x)["results"]["bindings"])) for x in (local, remote))  # type: ignore[assignment]
    assert _normalized(command, remote) == _normalized(command, local)


@pytest.mark.slow
def test_sparqlstore_virtuoso_reingest_skips_unchanged(loaded: dict[str, Any]) -> None:
    report = json.loads(_cli("ingest", str(EXAMPLES), "--store", loaded["url"], "--json").stdout)
    assert (report["written"], report["unchanged"]) == (0, loaded["report"]["read"])


@pytest.mark.slow
def test_sparqlstore_virtuoso_serves_through_dkg_serve(loaded: dict[str, Any]) -> None:
    from graph.server import ServerSettings, SparqlServer

    with (
        SparqlStore(loaded["url"], read_only=True) as behind,
        OxigraphStore.open(loaded["embedded"], create=False) as local,
    ):
        server = SparqlServer(behind, host="127.0.0.1", port=0, settings=ServerSettings(quiet=True))
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            front = SparqlStore(f"{server.url}/sparql")
            for q in QUERIES[:4]:
                text = q.read_text(encoding="utf-8")
                assert _rows(front, text) == _rows(local, text), q.name
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)


TRICKY = [
    Literal('quote " backslash \\ newline \n tab \t return \r'),
    Literal("unicode ü 😀 \u0001 \u007f"),
    Literal("\\u0041 stays six characters"),
    Literal(""),
    Literal("colour", language="en-GB"),
    Literal("true", datatype=NamedNode(XSD + "boolean")),
    Literal("false", datatype=NamedNode(XSD + "boolean")),
    Literal("42.30988", datatype=NamedNode(XSD + "double")),
    Literal("20.0", datatype=NamedNode(XSD + "double")),
    Literal("1e-5", datatype=NamedNode(XSD + "double")),
    Literal("0.95", datatype=NamedNode(XSD + "decimal")),
    Literal("1518980", datatype=NamedNode(XSD + "integer")),
    Literal("2025-04", datatype=NamedNode(XSD + "gYearMonth")),
    Literal("2025", datatype=NamedNode(XSD + "gYear")),
    Literal("2025-04-17", datatype=NamedNode(XSD + "date")),
    Literal("https://example.org/a b", datatype=NamedNode(XSD + "anyURI")),
    NamedNode("https://w3id.org/dkg/id/person/j%C3%BCrgen-o%27brien"),
]


@pytest.mark.slow
def test_sparqlstore_virtuoso_round_trips_every_kind_of_term(virtuoso: Any) -> None:
    g = NamedNode(G + "tricky")
    quads = [Quad(g, NamedNode(f"https://e.org/p{i}"), t, g) for i, t in enumerate(TRICKY)]
    local = OxigraphStore.in_memory()
    local.replace_articles([(g.value, "h-tricky", quads)])
    with SparqlStore(virtuoso.sparql) as remote:
        remote.replace_articles([(g.value, "h-tricky", quads)])
        assert set(remote.graph_quads(g.value)) == set(local.graph_quads(g.value))
        select = (
            f"SELECT ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER (!isNUMERIC(?o) || DATATYPE(?o) != <{XSD}double>) }}"
        )
        assert _rows(remote, select) == _rows(local, select)  # doubles: see docs/scale.md
        construct = (
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o FILTER (?p != <https://e.org/p7>) }} }}"
        )
        assert set(run_query(remote, construct).triples) == set(run_query(local, construct).triples)
        assert remote.remove_article(g.value) and local.remove_article(g.value)
        assert not remote.has_graph(g.value) and not remote.remove_article(g.value)


@pytest.mark.slow
def test_sparqlstore_virtuoso_large_article_is_staged_and_moved(virtuoso: Any) -> None:
    g, h, quads = _article(900, quads=3000)
    with SparqlStore(virtuoso.sparql, max_request_bytes=60_000, chunk_triples=250) as remote:
        remote.replace_articles([_article(901), (g, h, quads), _article(902)])
        assert {q.object for q in remote.graph_quads(g)} == {q.object for q in quads} | {Literal(h)}
        assert remote.article_hash(g) == h and remote.article_hash(f"{G}t902") == "hash-902"
        assert not bool(
            remote.query('ASK { GRAPH ?g { ?s ?p ?o } FILTER STRSTARTS(STR(?g), "urn:dkg:staging:") }')
        )
        for iri in (g, f"{G}t901", f"{G}t902"):
            remote.remove_article(iri)


@pytest.mark.slow
def test_sparqlstore_virtuoso_readers_never_see_half_an_article(virtuoso: Any) -> None:
    g = f"{G}atomic"
    versions = {
        v: [
            Quad(NamedNode(g), NamedNode(f"https://e.org/p{i}"), Literal(v), NamedNode(g))
            for i in range(2500)
        ]
        for v in ("old", "new")
    }
    seen: list[tuple[tuple[str, str], ...]] = []
    stop = threading.Event()
    with SparqlStore(virtuoso.sparql, chunk_triples=500) as writer:
        writer.replace_articles([(g, "h-old", versions["old"])])

        def read() -> None:
            with SparqlStore(virtuoso.sparql) as reader:
                while not stop.is_set():
                    rows = reader._select(
                        f"SELECT ?o (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} GROUP BY ?o"
                    )
                    seen.append(tuple(sorted((r["o"].value, r["n"].value) for r in rows)))

        readers = [threading.Thread(target=read) for _ in range(2)]
        for t in readers:
            t.start()
        for i in range(12):
            v = "new" if i % 2 == 0 else "old"
            writer.replace_articles([(g, f"h-{v}", versions[v])])
        stop.set()
        for t in readers:
            t.join(30)
        writer.remove_article(g)
    whole = {(("h-new", "1"), ("new", "2500")), (("h-old", "1"), ("old", "2500"))}
    assert seen and set(seen) <= whole, set(seen) - whole


@pytest.mark.slow
def test_sparqlstore_virtuoso_pages_through_a_small_row_cap(loaded: dict[str, Any]) -> None:
    with SparqlStore(loaded["url"]) as whole, SparqlStore(loaded["url"], page_size=7) as paged:
        assert paged.article_graphs() == whole.article_graphs()
        assert _quads(paged) == _quads(whole)


@pytest.mark.slow
def test_sparqlstore_virtuoso_digest_auth_from_the_environment(
    loaded: dict[str, Any], virtuoso: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DKG_SPARQL_USER", "dba")
    monkeypatch.setenv("DKG_SPARQL_PASSWORD", "dba")
    with SparqlStore(virtuoso.sparql_auth) as authed, SparqlStore(loaded["url"]) as anonymous:
        assert authed.count_quads() == anonymous.count_quads() > 0
        assert authed._auth_scheme == "digest"
    monkeypatch.setenv("DKG_SPARQL_PASSWORD", "wr0ng-pa55")
    with pytest.raises(StoreError, match="HTTP 401") as err:
        SparqlStore(virtuoso.sparql_auth).count_quads()
    assert "wr0ng" not in str(err.value)


@pytest.mark.slow
def test_sparqlstore_virtuoso_graph_store_protocol(virtuoso: Any) -> None:
    g = "https://w3id.org/dkg/id/graph/gsp-test"
    t = [
        Triple(NamedNode("https://e.org/s"), NamedNode("https://e.org/p"), Literal(f"v{i}")) for i in range(3)
    ]
    with SparqlStore(virtuoso.sparql, graph_store_endpoint=virtuoso.graph_crud) as gsp:
        gsp.put_graph(g, t[:2], replace=True)
        gsp.put_graph(g, t[2:], replace=False)
        assert {q.triple for q in gsp.graph_quads(g)} == set(t)
        gsp.put_graph(g, t[:1], replace=True)
        assert {q.triple for q in gsp.graph_quads(g)} == set(t[:1])
        assert gsp.drop_graph(g) and not gsp.has_graph(g) and not gsp.drop_graph(g)
    with SparqlStore(virtuoso.sparql) as plain:  # the same through SPARQL Update
        plain.put_graph(g, t, replace=True)
        assert {q.triple for q in plain.graph_quads(g)} == set(t)
        assert plain.drop_graph(g) and not plain.has_graph(g)


@pytest.mark.slow
def test_sparqlstore_virtuoso_remove_matches_the_embedded_store(
    loaded: dict[str, Any], virtuoso: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes through the authenticated endpoint (--update-endpoint, digest credentials from the env)."""
    if "remove" not in main.commands:  # type: ignore[attr-defined]
        pytest.skip("no 'dkg remove' command here")
    env = {"DKG_SPARQL_USER": "dba", "DKG_SPARQL_PASSWORD": "dba"}
    _cli("remove", "--source", "ex-01", "--store", str(loaded["embedded"]))
    _cli(
        "remove",
        "--source",
        "ex-01",
        "--store",
        loaded["url"],
        "--update-endpoint",
        virtuoso.sparql_auth,
        env=env,
    )
    with SparqlStore(loaded["url"]) as remote, OxigraphStore.open(loaded["embedded"], create=False) as local:
        assert f"{G}ex-01" not in remote.article_graphs()
        assert _quads(remote) == _quads(local)
    report = json.loads(_cli("ingest", str(EXAMPLES), "--store", loaded["url"], "--json").stdout)
    assert report["written"] == 1  # only the removed article comes back
