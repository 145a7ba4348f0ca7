"""The SPARQL endpoint (graph.server, ``dkg serve``) over real HTTP, against a store of hand-written quads.

Each server runs in a thread on a free port (port 0); SPARQLWrapper is the
client where a real client matters, http.client where the exact request does.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED, XML
from SPARQLWrapper import SPARQLWrapper as Client

from graph.server import ServerSettings, SparqlServer, _tokens, _with_using, negotiate
from graph.store import OxigraphStore

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "https://w3id.org/dkg/id/article/"
A1, A2 = ARTICLE + "a1", ARTICLE + "a2"
BULK = "http://example.org/bulk"
DKG = "https://w3id.org/dkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIXES = f"PREFIX dkg: <{DKG}>\nPREFIX skos: <{SKOS}>\nPREFIX sem: <{SEM}>\n"
PERSONS = PREFIXES + "SELECT DISTINCT ?name WHERE { ?p a dkg:Person ; skos:prefLabel ?name } ORDER BY ?name"
TOKEN = "s3cret-token"
BULK_ROWS = 250
MAX_ROWS = 100
A1_SIZE, A2_SIZE = 11, 3  # their quads and the content hash the store records with each article


def _q(s: str, p: str, o: NamedNode | Literal, g: str) -> Quad:
    return Quad(NamedNode(s), NamedNode(p), o, NamedNode(g))


def _articles() -> list[tuple[str, str, list[Quad]]]:
    holm, brandt, oslo = ARTICLE[:-8] + "person/lena-holm", ARTICLE[:-8] + "person/ivo-brandt", "urn:x:oslo"
    talks = ARTICLE[:-8] + "event/a1-1"
    a1 = [
        _q(holm, RDF_TYPE, NamedNode(DKG + "Person"), A1),
        _q(holm, SKOS + "prefLabel", Literal("Lena Holm"), A1),
        _q(brandt, RDF_TYPE, NamedNode(DKG + "Person"), A1),
        _q(brandt, SKOS + "prefLabel", Literal("Ivo Brandt"), A1),
        _q(talks, RDF_TYPE, NamedNode(DKG + "Talks"), A1),
        _q(talks, DKG + "kind", Literal("talks"), A1),
        _q(talks, SEM + "hasActor", NamedNode(holm), A1),
        _q(talks, SEM + "hasActor", NamedNode(brandt), A1),
        _q(talks, SEM + "hasPlace", NamedNode(oslo), A1),
        _q(oslo, SKOS + "prefLabel", Literal("Oslo", language="en"), A1),
    ]
    a2 = [
        _q(holm, RDF_TYPE, NamedNode(DKG + "Person"), A2),
        _q(holm, SKOS + "prefLabel", Literal("Lena Holm"), A2),
    ]
    bulk = [
        _q(f"http://example.org/n{i}", "http://example.org/value", Literal(i), BULK) for i in range(BULK_ROWS)
    ]
    return [(A1, "h1", a1), (A2, "h2", a2), (BULK, "h3", bulk)]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("server") / "store"
    with OxigraphStore.open(folder, create=True) as store:
        store.replace_articles(_articles())
    return folder


@contextmanager
def running(store: Any, **settings: Any) -> Iterator[str]:
    """A server on a free port in a thread; yields its base URL."""
    settings.setdefault("quiet", True)
    server = SparqlServer(store, host="127.0.0.1", port=0, settings=ServerSettings(**settings))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def endpoint(store_dir: Path) -> Iterator[str]:
    """A read-only server (store opened read-only), rows cut at 100, CORS for one origin."""
    store = OxigraphStore.open(store_dir, create=False, read_only=True)
    with running(store, max_rows=MAX_ROWS, cors=("https://app.example",)) as url:
        yield url
    store.close()


@pytest.fixture
def writable() -> Iterator[tuple[str, OxigraphStore]]:
    """A server that accepts writes bearing TOKEN, over a fresh in-memory store holding a1 and a2."""
    store = OxigraphStore.in_memory()
    store.replace_articles(_articles()[:2])
    with running(store, allow_update=True, token=TOKEN) as url:
        yield url, store


def call(
    method: str, url: str, body: bytes | str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request; (status, headers with lower-case names, body)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(
            method, target, body=body.encode() if isinstance(body, str) else body, headers=headers or {}
        )
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def get(url: str, query: str, accept: str | None = None, **params: str) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept": accept} if accept else {}
    return call("GET", f"{url}/sparql?{urlencode({'query': query, **params})}", headers=headers)


def json_rows(body: bytes) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


def client(url: str, query: str, fmt: str, how: str = "GET") -> Client:
    sparql = Client(f"{url}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if how != "GET":
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY if how == "direct" else URLENCODED)
    return sparql


# ------------------------------------------------------------------ SPARQLWrapper
@pytest.mark.parametrize("how", ["GET", "form", "direct"])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_server_select_with_sparqlwrapper(endpoint: str, fmt: str, how: str) -> None:
    result = client(endpoint, PERSONS, fmt, how).query()
    if fmt == JSON:
        names = [b["name"]["value"] for b in result.convert()["results"]["bindings"]]
    elif fmt == XML:
        doc = result.convert()
        names = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    else:
        lines = result.convert().decode("utf-8").splitlines()
        assert lines[0] in ("name", "?name")
        names = [line.strip('"') for line in lines[1:]]
    assert names == ["Ivo Brandt", "Lena Holm"]


@pytest.mark.parametrize("how", ["GET", "form", "direct"])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_server_ask_with_sparqlwrapper(endpoint: str, fmt: str, how: str) -> None:
    ask = PREFIXES + 'ASK { ?p skos:prefLabel "Lena Holm" }'
    result = client(endpoint, ask, fmt, how).query()
    if fmt == JSON:
        assert result.convert()["boolean"] is True
    elif fmt == XML:
        assert result.convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert result.convert().decode().strip() == "true"


@pytest.mark.parametrize("how", ["GET", "form", "direct"])
@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
@pytest.mark.parametrize("form", ["construct", "describe"])
def test_server_graph_answers_with_sparqlwrapper(endpoint: str, fmt: str, how: str, form: str) -> None:
    query = {
        "construct": PREFIXES
        + "CONSTRUCT { ?p skos:prefLabel ?n } WHERE { ?p a dkg:Person ; skos:prefLabel ?n }",
        "describe": f"DESCRIBE <{ARTICLE[:-8]}event/a1-1>",
    }[form]
    converted = client(endpoint, query, fmt, how).query().convert()
    if isinstance(converted, bytes):
        graph = rdflib.Graph().parse(data=converted.decode(), format="turtle")
    else:
        graph = converted
    assert len(graph) == (2 if form == "construct" else 5)


def test_server_update_with_sparqlwrapper(writable: tuple[str, OxigraphStore]) -> None:
    url, store = writable
    sparql = Client(f"{url}/sparql")
    sparql.setMethod(POST)
    sparql.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    sparql.setQuery(
        'INSERT DATA { GRAPH <http://example.org/new> { <http://example.org/s> <http://example.org/p> "o" } }'
    )
    assert sparql.query().response.status == 204
    assert store.has_graph("http://example.org/new")


# ------------------------------------------------------------------ the three ways to send a query
def test_server_query_by_get_form_post_and_direct_post(endpoint: str) -> None:
    status, headers, body = get(endpoint, PERSONS)
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    expected = json_rows(body)
    form = call(
        "POST",
        f"{endpoint}/sparql",
        urlencode({"query": PERSONS}),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    direct = call("POST", f"{endpoint}/sparql", PERSONS, {"Content-Type": "application/sparql-query"})
    assert form[0] == direct[0] == 200
    assert (
        json_rows(form[2])
        == json_rows(direct[2])
        == expected
        == [{"name": "Ivo Brandt"}, {"name": "Lena Holm"}]
    )


def test_server_reads_a_chunked_body(endpoint: str) -> None:
    parts = urlsplit(endpoint)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    conn.request(
        "POST",
        "/sparql",
        body=iter([b"ASK ", b"{ }"]),
        headers={"Content-Type": "application/sparql-query"},
        encode_chunked=True,
    )
    resp = conn.getresponse()
    assert resp.status == 200 and json.loads(resp.read())["boolean"] is True
    conn.close()


def test_server_keeps_connections_alive(endpoint: str) -> None:
    parts = urlsplit(endpoint)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    for _ in range(3):
        conn.request("GET", "/sparql?" + urlencode({"query": "ASK {}"}))
        resp = conn.getresponse()
        assert resp.status == 200 and resp.read()
    conn.close()


# ------------------------------------------------------------------ content negotiation
@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+json;q=0.5, text/csv", "text/csv"),
        (
            "text/tab-separated-values;q=0.9, application/sparql-results+xml;q=0.95",
            "application/sparql-results+xml",
        ),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
        ("text/csv;q=0, */*;q=0.1", "application/sparql-results+json"),
    ],
)
def test_server_negotiates_select_answers(endpoint: str, accept: str | None, media: str) -> None:
    status, headers, body = get(endpoint, PERSONS, accept)
    assert status == 200
    assert headers["content-type"].split(";")[0] == media
    assert b"Lena Holm" in body


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("text/turtle;q=0.1, application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/json", "application/ld+json"),
    ],
)
def test_server_negotiates_graph_answers(endpoint: str, accept: str | None, media: str) -> None:
    query = PREFIXES + "CONSTRUCT WHERE { ?p a dkg:Person ; skos:prefLabel ?n }"
    status, headers, body = get(endpoint, query, accept)
    assert status == 200
    assert headers["content-type"].split(";")[0] == media
    rdflib_format = {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/ld+json": "json-ld",
        "application/rdf+xml": "xml",
    }[media]
    assert len(rdflib.Graph().parse(data=body.decode(), format=rdflib_format)) == 4


def test_server_format_parameter_overrides_accept(endpoint: str) -> None:
    status, headers, body = get(endpoint, PERSONS, "application/sparql-results+xml", format="csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.decode().splitlines() == ["name", "Ivo Brandt", "Lena Holm"]


@pytest.mark.parametrize(
    ("query", "accept"),
    [(PERSONS, "text/turtle"), ("CONSTRUCT WHERE { ?s ?p ?o }", "text/csv"), ("ASK {}", "image/png")],
)
def test_server_answers_406_when_nothing_acceptable(endpoint: str, query: str, accept: str) -> None:
    status, headers, body = get(endpoint, query, accept)
    assert status == 406
    assert b"available as" in body


def test_negotiate_picks_the_most_specific_range() -> None:
    from graph.server import _GRAPH_FORMATS, _RESULT_FORMATS

    assert negotiate("text/*;q=0.3, text/tab-separated-values;q=0.1", _RESULT_FORMATS).key == "csv"
    assert negotiate("application/n-triples;q=0.9, */*;q=0.95", _GRAPH_FORMATS).key == "ttl"
    assert negotiate("garbage, application/sparql-results+xml", _RESULT_FORMATS).key == "xml"
    assert negotiate("text/csv", _RESULT_FORMATS, ["tsv", "text/tab-separated-values"]).key == "tsv"


# ------------------------------------------------------------------ datasets
def test_server_queries_the_union_of_article_graphs_by_default(endpoint: str) -> None:
    query = PREFIXES + 'SELECT ?g WHERE { GRAPH ?g { ?p skos:prefLabel "Lena Holm" } } ORDER BY ?g'
    assert [r["g"] for r in json_rows(get(endpoint, query)[2])] == [A1, A2]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert json_rows(get(endpoint, count)[2]) == [{"n": str(A1_SIZE + A2_SIZE + BULK_ROWS + 1)}]


def test_server_honours_protocol_and_query_datasets(endpoint: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, _, body = get(endpoint, count, **{"default-graph-uri": A2})
    assert status == 200 and json_rows(body) == [{"n": str(A2_SIZE)}]
    named = "SELECT ?g WHERE { GRAPH ?g { } }"
    assert [r["g"] for r in json_rows(get(endpoint, named, **{"named-graph-uri": A1})[2])] == [A1]
    # FROM in the query is honoured when the request names no dataset ...
    from_a2 = f"SELECT (COUNT(*) AS ?n) FROM <{A2}> WHERE {{ ?s ?p ?o }}"
    assert json_rows(get(endpoint, from_a2)[2]) == [{"n": str(A2_SIZE)}]
    # ... and overridden when it does.
    assert json_rows(get(endpoint, from_a2, **{"default-graph-uri": A1})[2]) == [{"n": str(A1_SIZE)}]


def test_server_rejects_a_graph_name_that_is_no_iri(endpoint: str) -> None:
    status, _, body = get(endpoint, "ASK {}", **{"default-graph-uri": "not an iri"})
    assert status == 400 and b"not an absolute IRI" in body


# ------------------------------------------------------------------ protocol errors
def test_server_reports_a_malformed_query_with_the_parser_message(endpoint: str) -> None:
    status, headers, body = get(endpoint, "SELECT ?x WHERE { ?x ")
    assert status == 400
    assert headers["content-type"].startswith("text/plain")
    assert body.startswith(b"Malformed query: error at 1:")


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status"),
    [
        ("PUT", "/sparql?query=ASK%7B%7D", None, {}, 405),
        ("DELETE", "/sparql", None, {}, 405),
        ("POST", "/sparql", "ASK {}", {"Content-Type": "text/plain"}, 415),
        ("POST", "/sparql", "ASK {}", {}, 415),
        ("POST", "/sparql", "ASK {}", {"Content-Type": "application/sparql-query; charset=UTF-16"}, 415),
        ("POST", "/sparql", b"ASK { \xff }", {"Content-Type": "application/sparql-query"}, 400),
        ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", None, {}, 400),
        ("GET", "/sparql?query=ASK%7B%7D&version=1.1&version=1.2", None, {}, 400),
        ("GET", "/sparql?query=ASK%7B%7D&version=3.0", None, {}, 400),
        ("GET", "/sparql?update=CLEAR%20ALL", None, {}, 400),
        ("GET", "/sparql?query=ASK%7B%7D", "body", {"Content-Type": "text/plain"}, 400),
        ("POST", "/sparql?query=ASK%7B%7D", "", {"Content-Type": "application/x-www-form-urlencoded"}, 400),
        (
            "POST",
            "/sparql",
            "query=ASK%7B%7D&update=CLEAR%20ALL",
            {"Content-Type": "application/x-www-form-urlencoded"},
            400,
        ),
        ("POST", "/sparql", "", {"Content-Type": "application/x-www-form-urlencoded"}, 400),
        ("GET", "/sparql?query=ASK%7B%7D&timeout=soon", None, {}, 400),
        ("GET", "/nowhere", None, {}, 404),
    ],
)
def test_server_refuses_bad_protocol_requests(
    endpoint: str, method: str, path: str, body: str | None, headers: dict[str, str], status: int
) -> None:
    got, resp_headers, text = call(method, endpoint + path, body, headers)
    assert got == status, text
    assert text.strip()  # every refusal says why
    if status == 405:
        assert "GET" in resp_headers["allow"] and "POST" in resp_headers["allow"]


def test_server_accepts_the_sparql_12_version_parameter(endpoint: str) -> None:
    assert get(endpoint, "ASK {}", version="1.2")[0] == 200
    direct = call(
        "POST", f"{endpoint}/sparql", "ASK {}", {"Content-Type": "application/sparql-query; version=1.2"}
    )
    assert direct[0] == 200


def test_server_refuses_federated_queries(endpoint: str) -> None:
    status, _, body = get(endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body


def test_server_rejects_a_body_over_the_limit(store_dir: Path) -> None:
    with running(OxigraphStore.in_memory(), max_body=100) as url:
        status, headers, body = call(
            "POST", f"{url}/sparql", "ASK {}" + " " * 200, {"Content-Type": "application/sparql-query"}
        )
    assert status == 413 and headers.get("connection") == "close"


def test_server_bounds_open_connections() -> None:
    with running(OxigraphStore.in_memory(), max_connections=2) as url:
        parts = urlsplit(url)
        held = [http.client.HTTPConnection("127.0.0.1", parts.port, timeout=10) for _ in range(2)]
        for conn in held:  # each keep-alive connection holds a thread
            conn.request("GET", "/sparql?query=ASK%7B%7D")
            assert conn.getresponse().read()
        status, headers, body = call("GET", f"{url}/sparql?query=ASK%7B%7D")
        assert status == 503 and headers["retry-after"] == "1" and b"Too many" in body
        held[0].close()
        for _ in range(50):  # the server notices the closed connection and frees its thread
            if call("GET", f"{url}/sparql?query=ASK%7B%7D")[0] == 200:
                break
            time.sleep(0.05)
        else:
            pytest.fail("a freed connection slot was never reused")
        held[1].close()


# ------------------------------------------------------------------ updates and authorization
UPDATE = 'INSERT DATA { GRAPH <http://example.org/u> { <http://example.org/s> <http://example.org/p> "o" } }'


def test_server_refuses_updates_when_read_only(endpoint: str) -> None:
    status, _, body = call(
        "POST",
        f"{endpoint}/sparql",
        UPDATE,
        {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert status == 403 and b"--allow-update" in body


@pytest.mark.parametrize(
    ("authorization", "status"),
    [(None, 401), ("Bearer", 401), ("Basic czNjcmV0", 401), ("Bearer wrong", 403), (f"Bearer {TOKEN}x", 403)],
)
def test_server_refuses_updates_without_the_token(
    writable: tuple[str, OxigraphStore], authorization: str | None, status: int
) -> None:
    url, store = writable
    headers = {"Content-Type": "application/sparql-update"}
    if authorization is not None:
        headers["Authorization"] = authorization
    got, resp_headers, _ = call("POST", f"{url}/sparql", UPDATE, headers)
    assert got == status
    if status == 401:
        assert resp_headers["www-authenticate"].startswith("Bearer")
    assert not store.has_graph("http://example.org/u")


@pytest.mark.parametrize("how", ["direct", "form"])
def test_server_applies_updates_with_the_token(writable: tuple[str, OxigraphStore], how: str) -> None:
    url, store = writable
    if how == "direct":
        body, ctype = UPDATE, "application/sparql-update"
    else:
        body, ctype = urlencode({"update": UPDATE}), "application/x-www-form-urlencoded"
    status, _, _ = call(
        "POST", f"{url}/sparql", body, {"Content-Type": ctype, "Authorization": f"Bearer {TOKEN}"}
    )
    assert status == 204
    assert [q.object.value for q in store.graph_quads("http://example.org/u")] == ["o"]
    answer = get(url, 'ASK { GRAPH <http://example.org/u> { ?s ?p "o" } }')[2]
    assert json.loads(answer)["boolean"] is True


def test_server_update_dataset_parameters(writable: tuple[str, OxigraphStore]) -> None:
    url, store = writable
    auth = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
    copy = "INSERT { GRAPH <http://example.org/copy> { ?s ?p ?o } } WHERE { ?s ?p ?o }"
    status, _, _ = call("POST", f"{url}/sparql?{urlencode({'using-graph-uri': A2})}", copy, auth)
    assert status == 204
    assert len(list(store.graph_quads("http://example.org/copy"))) == A2_SIZE
    conflict = f"WITH <{A1}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
    status, _, body = call("POST", f"{url}/sparql?{urlencode({'using-graph-uri': A2})}", conflict, auth)
    assert status == 400 and b"in one place only" in body
    assert len(list(store.graph_quads(A1))) == A1_SIZE


def test_server_reports_a_malformed_update(writable: tuple[str, OxigraphStore]) -> None:
    url, _ = writable
    status, _, body = call(
        "POST",
        f"{url}/sparql",
        "CLEAR XYZ",
        {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert status == 400 and body.startswith(b"Malformed update: error at 1:")


def test_with_using_puts_clauses_before_each_where() -> None:
    update = (
        "PREFIX ex: <http://ex/> # WHERE in a comment\n"
        'INSERT { ?s ex:p "WHERE" } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } } ;\n'
        "DELETE WHERE { ?s ex:gone ?o }"
    )
    out = _with_using(update, ["http://g1"], ["http://g2"])
    assert out.count("USING <http://g1> USING NAMED <http://g2> WHERE") == 1
    assert out.endswith("DELETE WHERE { ?s ex:gone ?o }")
    assert [t.text for t in _tokens('"""a } b""" <x> ?where')] == []


# ------------------------------------------------------------------ limits
def test_server_cuts_answers_at_max_rows(endpoint: str) -> None:
    query = "SELECT ?s ?v WHERE { ?s <http://example.org/value> ?v }"
    status, headers, body = get(endpoint, query)
    assert status == 200 and len(json_rows(body)) == MAX_ROWS
    assert headers["x-dkg-truncated"] == "true"
    # a request may lower the limit, never raise it
    assert len(json_rows(get(endpoint, query, **{"max-rows": "7"})[2])) == 7
    status, headers, body = get(endpoint, query, **{"max-rows": "1000000"})
    assert len(json_rows(body)) == MAX_ROWS and headers["x-dkg-truncated"] == "true"
    # an answer within the limit is whole and says nothing
    status, headers, body = get(endpoint, query + " LIMIT 10")
    assert len(json_rows(body)) == 10 and "x-dkg-truncated" not in headers
    # CSV too, and graphs count triples
    status, headers, body = get(endpoint, query, "text/csv")
    assert len(body.decode().splitlines()) == MAX_ROWS + 1 and headers["x-dkg-truncated"] == "true"
    status, headers, body = get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert len(body.decode().splitlines()) == MAX_ROWS and headers["x-dkg-truncated"] == "true"


class _SlowStore:
    """A store whose queries take ``delay`` seconds before they start answering."""

    def __init__(self, store: OxigraphStore, delay: float) -> None:
        self._store, self.delay = store, delay

    def query(self, sparql: str, **options: Any) -> Any:
        time.sleep(self.delay)
        return self._store.query(sparql, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def test_server_times_out_slow_queries() -> None:
    slow = _SlowStore(OxigraphStore.in_memory(), delay=2.0)
    with running(slow, timeout=0.3, workers=2) as url:
        started = time.perf_counter()
        status, _, body = get(url, "ASK {}")
        assert status == 503 and b"0.3 s limit" in body
        assert time.perf_counter() - started < 1.5  # answered long before the query ends
        # a request cannot raise the limit ...
        status, _, _ = get(url, "ASK {}", timeout="60")
        assert status == 503
        slow.delay = 0.0
        for _ in range(100):  # ... and once the abandoned queries end, the server answers again
            if get(url, "ASK {}")[0] == 200:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the server never answered again after its timeouts")
    slow.delay = 1.5
    with running(slow, timeout=30) as url:
        started = time.perf_counter()
        status, _, body = get(url, "ASK {}", timeout="0.2")  # ... but may lower it
        assert status == 503 and b"0.2 s limit" in body
        assert time.perf_counter() - started < 1.2
        assert get(url, "ASK {}", timeout="nan")[0] == 400


def test_server_stops_reading_rows_after_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """A query that yields rows slowly is stopped at its deadline, not run to the end."""

    class Rows:
        variables: list[Any] = []
        produced = 0

        def __init__(self, inner: Any) -> None:
            self.inner = inner
            self.variables = inner.variables

        def __iter__(self) -> Iterator[Any]:
            for row in self.inner:
                time.sleep(0.002)
                Rows.produced += 1
                yield row

    class TrickleStore(_SlowStore):
        def query(self, sparql: str, **options: Any) -> Any:
            from pyoxigraph import QuerySolutions

            answer = self._store.query(sparql, **options)
            return Rows(answer) if isinstance(answer, QuerySolutions) else answer

    store = OxigraphStore.in_memory()
    store.replace_articles(_articles()[2:])
    monkeypatch.setattr("graph.server.QuerySolutions", Rows)
    with running(TrickleStore(store, 0.0), timeout=0.25) as url:
        status, _, _ = get(url, "SELECT * WHERE { ?s ?p ?o }")
        time.sleep(0.3)
    assert status == 503
    assert Rows.produced < BULK_ROWS  # the worker gave up at the deadline


# ------------------------------------------------------------------ CORS
def test_server_answers_cors_preflight(endpoint: str) -> None:
    status, headers, _ = call(
        "OPTIONS",
        f"{endpoint}/sparql",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert status == 204
    assert headers["access-control-allow-origin"] == "https://app.example"
    assert "POST" in headers["access-control-allow-methods"]
    assert "Content-Type" in headers["access-control-allow-headers"]
    status, headers, _ = get(endpoint, "ASK {}", None)
    assert "access-control-allow-origin" not in headers  # no Origin, no CORS headers
    status, headers, _ = call(
        "GET", f"{endpoint}/sparql?query=ASK%7B%7D", headers={"Origin": "https://app.example"}
    )
    assert headers["access-control-allow-origin"] == "https://app.example"
    assert "X-DKG-Truncated" in headers["access-control-expose-headers"]
    status, headers, _ = call(
        "GET", f"{endpoint}/sparql?query=ASK%7B%7D", headers={"Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in headers


def test_server_without_cors_sends_no_cors_headers(writable: tuple[str, OxigraphStore]) -> None:
    url, _ = writable
    status, headers, _ = call(
        "GET", f"{url}/sparql?query=ASK%7B%7D", headers={"Origin": "https://app.example"}
    )
    assert status == 200 and not any(h.startswith("access-control") for h in headers)


# ------------------------------------------------------------------ Graph Store Protocol
def test_graph_store_reads_a_graph(endpoint: str) -> None:
    status, headers, body = call(
        "GET", f"{endpoint}/store?graph={quote(A1, safe='')}", headers={"Accept": "text/turtle"}
    )
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=body.decode(), format="turtle")) == A1_SIZE
    status, headers, body = call("HEAD", f"{endpoint}/store?graph={quote(A1, safe='')}")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    assert call("GET", f"{endpoint}/store?graph={quote('http://example.org/none', safe='')}")[0] == 404
    assert call("GET", f"{endpoint}/store")[0] == 400
    status, headers, body = call(
        "GET", f"{endpoint}/store?graph={quote(BULK, safe='')}", headers={"Accept": "application/n-triples"}
    )
    assert len(body.splitlines()) == MAX_ROWS and headers["x-dkg-truncated"] == "true"


def test_graph_store_refuses_writes_when_read_only(endpoint: str) -> None:
    status, _, _ = call(
        "PUT",
        f"{endpoint}/store?graph=http%3A%2F%2Fexample.org%2Fg",
        "<http://example.org/s> <http://example.org/p> 1 .",
        {"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"},
    )
    assert status == 403


def test_graph_store_put_post_delete(writable: tuple[str, OxigraphStore]) -> None:
    url, store = writable
    g = "http://example.org/g"
    target = f"{url}/store?graph={quote(g, safe='')}"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    nt = "<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
    ttl = "@prefix ex: <http://example.org/> . ex:s ex:q 1, 2 ."
    assert call("PUT", target, nt, {"Content-Type": "application/n-triples"})[0] == 401
    assert (
        call("PUT", target, nt, {"Content-Type": "application/n-triples", "Authorization": "Bearer no"})[0]
        == 403
    )
    assert call("PUT", target, nt, {"Content-Type": "application/n-triples", **auth})[0] == 201
    assert len(list(store.graph_quads(g))) == 1
    assert call("POST", target, ttl, {"Content-Type": "text/turtle", **auth})[0] == 204
    assert len(list(store.graph_quads(g))) == 3
    status, _, body = call("GET", target, headers={"Accept": "application/n-triples"})
    assert status == 200 and len(body.splitlines()) == 3
    assert call("PUT", target, ttl, {"Content-Type": "text/turtle", **auth})[0] == 204
    assert len(list(store.graph_quads(g))) == 2
    assert call("PUT", target, "not turtle at all", {"Content-Type": "text/turtle", **auth})[0] == 400
    assert call("PUT", target, nt, {"Content-Type": "application/pdf", **auth})[0] == 415
    assert call("PUT", target, "<a> <b> <c> <d> .", {"Content-Type": "application/n-quads", **auth})[0] == 400
    assert len(list(store.graph_quads(g))) == 2  # failed writes change nothing
    assert call("DELETE", target, headers=auth)[0] == 204
    assert not store.has_graph(g)
    assert call("DELETE", target, headers=auth)[0] == 404
    assert call("GET", target)[0] == 404
    assert call("PATCH", target, nt, {"Content-Type": "text/turtle", **auth})[0] == 405


def test_graph_store_default_graph(writable: tuple[str, OxigraphStore]) -> None:
    url, store = writable
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/n-triples"}
    nt = "<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
    assert call("PUT", f"{url}/store?default", nt, auth)[0] == 204
    status, _, body = call("GET", f"{url}/store?default", headers={"Accept": "application/n-triples"})
    assert status == 200 and body.decode() == nt
    assert len(list(store.graph_quads(A1))) == A1_SIZE  # the article graphs are untouched
    assert call("DELETE", f"{url}/store?default", headers=auth)[0] == 204
    assert list(store.graph_quads(None)) == []


# ------------------------------------------------------------------ pages
def test_server_root_page_has_a_query_form(endpoint: str) -> None:
    """The page (tests/graph/test_browser.py drives it in a browser); without scripts its form still works."""
    status, headers, body = call("GET", endpoint + "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode()
    assert '<form id="query-form" action="sparql" method="get">' in page and 'name="query"' in page
    assert 'src="static/app.js"' in page and 'href="static/app.css"' in page
    assert f'data-max-rows="{MAX_ROWS}"' in page and "(read-only)" in page and 'data-updates="false"' in page
    assert "$" not in page  # every placeholder filled


def test_server_serves_the_page_assets(endpoint: str) -> None:
    for name, media in (("app.js", "text/javascript"), ("app.css", "text/css")):
        status, headers, body = call("GET", f"{endpoint}/static/{name}")
        assert status == 200 and headers["content-type"].startswith(media) and body
    for name in ("nothing.js", "world-110m.json", "app.html", "..%2Fserver.py", ""):
        assert call("GET", f"{endpoint}/static/{name}")[0] == 404, name
    assert call("PUT", f"{endpoint}/static/app.js", body=b"x")[0] == 405


def test_server_lists_the_example_queries(endpoint: str) -> None:
    status, headers, body = call("GET", f"{endpoint}/queries", headers={"Origin": "https://app.example"})
    assert status == 200 and headers["content-type"] == "application/json"
    assert headers["access-control-allow-origin"] == "https://app.example"
    queries = {q["name"]: q for q in json.loads(body)["queries"]}
    assert queries.keys() == {p.stem for p in (ROOT / "queries").glob("*.rq")}
    events = queries["events"]
    assert events["group"] == "competency" and events["description"].startswith("one row per (event")
    assert events["query"] == (ROOT / "queries" / "events.rq").read_text(encoding="utf-8")
    assert {q["group"] for q in queries.values()} == {"competency", "analyst"}


def test_server_finds_the_queries_an_installed_dkg_ships(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a source checkout (``pip install .``) the page's examples come from share/dkg/queries."""
    from graph import server

    shipped = tmp_path / "env" / "share" / "dkg" / "queries"
    shipped.mkdir(parents=True)
    (shipped / "events.rq").write_text(
        "# Competency query: one row per event.\nSELECT * WHERE { ?s ?p ?o }\n"
    )
    monkeypatch.setattr(server, "__file__", str(tmp_path / "site-packages" / "graph" / "server.py"))
    monkeypatch.setattr(server.sys, "prefix", str(tmp_path / "env"))
    monkeypatch.chdir(tmp_path)
    assert [q["name"] for q in server.example_queries()] == ["events"]


def test_server_explains_nodes_and_links(endpoint: str) -> None:
    holm, brandt = ARTICLE[:-8] + "person/lena-holm", ARTICLE[:-8] + "person/ivo-brandt"
    status, headers, body = call("GET", f"{endpoint}/explain?{urlencode({'node': holm})}")
    assert status == 200 and headers["content-type"] == "application/json"
    node = json.loads(body)
    assert node["node"]["label"] == "Lena Holm" and node["node"]["kind"] == "person"
    assert node["node"]["articles"] == 2 and node["truncated"] is False
    status, _, body = call("GET", f"{endpoint}/explain?{urlencode([('node', holm), ('node', brandt)])}")
    edge = json.loads(body)["edge"]
    assert status == 200 and (edge["a"]["label"], edge["b"]["label"]) == ("Lena Holm", "Ivo Brandt")
    status, _, body = call("GET", f"{endpoint}/explain?node=Nobody%20Known")
    assert status == 404 and b"Nothing in the store" in body
    assert call("GET", f"{endpoint}/explain")[0] == 400
    assert call("POST", f"{endpoint}/explain?{urlencode({'node': holm})}")[0] == 405


def test_explain_evidence_is_cut_at_max_rows() -> None:
    from graph.explain import Evidence, NodeExplanation
    from graph.server import _cut_evidence

    ev = [Evidence("g", "s", "", "n", "mention", "A sentence.", i, i + 1, 0, 11, "x", 1.0) for i in range(5)]
    node = NodeExplanation("n", "person", "N", evidence=list(ev))
    assert _cut_evidence(node, 10) is False and len(node.evidence) == 5
    assert _cut_evidence(node, 3) is True and node.evidence == ev[:3]


def test_server_times_out_a_slow_explanation(monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.server
    from graph.explain import NodeNotFound

    release = threading.Event()

    def slow(*args: Any) -> Any:
        release.wait(10)
        raise NodeNotFound("answered after the deadline")

    monkeypatch.setattr(graph.server, "explain", slow)
    with running(OxigraphStore.in_memory(), timeout=0.2) as url:
        status, _, body = call("GET", f"{url}/explain?node=http://example.org/x")
        release.set()
    assert status == 503 and b"--timeout" in body


def test_server_describes_itself_without_a_query(endpoint: str) -> None:
    status, headers, body = call("GET", f"{endpoint}/sparql", headers={"Accept": "text/turtle"})
    assert status == 200
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (rdflib.URIRef(f"{endpoint}/sparql"), rdflib.RDF.type, sd.Service) in graph
    assert call("GET", f"{endpoint}/sparql", headers={"Accept": "text/html"})[1]["content-type"].startswith(
        "text/html"
    )


def test_server_answers_concurrent_clients(endpoint: str) -> None:
    expected = get(endpoint, PERSONS)[2]
    failures: list[Any] = []

    def worker() -> None:
        for _ in range(10):
            status, _, body = get(endpoint, PERSONS)
            if status != 200 or body != expected:
                failures.append((status, body[:100]))

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert failures == []


# ------------------------------------------------------------------ the command
def test_cli_serve_help_has_an_example() -> None:
    from click.testing import CliRunner

    from graph.cli import main

    result = CliRunner().invoke(main, ["serve", "-h"])
    assert result.exit_code == 0
    assert "Example" in result.output and "--allow-update" in result.output and "DKG_TOKEN" in result.output


def test_cli_serve_needs_a_token_for_updates(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from graph.cli import main

    result = CliRunner().invoke(
        main, ["serve", "--store", str(tmp_path / "s"), "--allow-update"], env={"DKG_TOKEN": ""}
    )
    assert result.exit_code == 2 and "DKG_TOKEN" in result.output


def test_cli_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from graph.cli import main

    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "No dkg store" in result.output


@pytest.mark.slow
def test_cli_serve_end_to_end(store_dir: Path) -> None:
    """`dkg serve` prints its URL, answers, logs each request, leaves the store writable, stops on Ctrl-C."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--store", str(store_dir), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/sparql")
        base = url.removesuffix("/sparql")
        status, _, body = get(base, PERSONS, "text/csv")
        assert status == 200 and body.decode().splitlines() == ["name", "Ivo Brandt", "Lena Holm"]
        # read-only serving takes no write lock: an ingest could open the store meanwhile
        OxigraphStore.open(store_dir, create=False).close()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "GET /sparql 200" in err and "Stopped." in err
