from __future__ import annotations

import csv
import io
import json

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from graph.errors import QueryError
from graph.queries import format_result, run_query
from graph.store import OxigraphStore

G = NamedNode("https://w3id.org/dkg/id/article/x")


@pytest.fixture()
def store() -> OxigraphStore:
    s = OxigraphStore.in_memory()
    s.replace_articles(
        [
            (
                G.value,
                "h",
                [
                    Quad(NamedNode("http://e/a"), NamedNode("http://e/name"), Literal('Ana "the, first"'), G),
                    Quad(
                        NamedNode("http://e/b"), NamedNode("http://e/name"), Literal("Bo", language="en"), G
                    ),
                ],
            )
        ]
    )
    return s


def test_queries_select_json_is_sparql_results(store: OxigraphStore) -> None:
    r = run_query(store, "SELECT ?s ?n WHERE { ?s <http://e/name> ?n } ORDER BY ?n")
    data = json.loads(format_result(r, "json"))
    assert data["head"]["vars"] == ["s", "n"]
    first = data["results"]["bindings"][0]
    assert first["s"] == {"type": "uri", "value": "http://e/a"}
    assert first["n"] == {"type": "literal", "value": 'Ana "the, first"'}
    assert data["results"]["bindings"][1]["n"]["xml:lang"] == "en"


def test_queries_csv_quotes_values(store: OxigraphStore) -> None:
    r = run_query(store, "SELECT ?n WHERE { ?s <http://e/name> ?n } ORDER BY ?n")
    rows = list(csv.reader(io.StringIO(format_result(r, "csv").decode())))
    assert rows == [["n"], ['Ana "the, first"'], ["Bo"]]


def test_queries_tsv_uses_rdf_terms(store: OxigraphStore) -> None:
    r = run_query(store, "SELECT ?s WHERE { ?s <http://e/name> ?n } ORDER BY ?s")
    assert format_result(r, "tsv").decode().splitlines() == ["?s", "<http://e/a>", "<http://e/b>"]


def test_queries_table_reads_well(store: OxigraphStore) -> None:
    r = run_query(store, "SELECT ?n WHERE { ?s <http://e/name> ?n } ORDER BY ?n")
    text = format_result(r, "table").decode()
    assert text.splitlines()[0] == "n"
    assert text.strip().endswith("(2 rows)")


def test_queries_ask_and_construct(store: OxigraphStore) -> None:
    assert json.loads(format_result(run_query(store, "ASK { ?s ?p ?o }"), "json"))["boolean"] is True
    ttl = format_result(run_query(store, "CONSTRUCT WHERE { ?s <http://e/name> ?n }"), "ttl").decode()
    assert "http://e/a" in ttl
    assert "<http://e/b>" in format_result(run_query(store, "DESCRIBE <http://e/b>"), "nt").decode()


def test_queries_malformed_query_message(store: OxigraphStore) -> None:
    with pytest.raises(QueryError, match="Malformed SPARQL"):
        run_query(store, "SELEC ?x WHERE {}")


def test_queries_format_mismatch(store: OxigraphStore) -> None:
    with pytest.raises(QueryError, match="is a table"):
        format_result(run_query(store, "SELECT * WHERE { ?s ?p ?o }"), "ttl")
    with pytest.raises(QueryError, match="is a graph"):
        format_result(run_query(store, "CONSTRUCT WHERE { ?s ?p ?o }"), "csv")


def test_queries_xml_results(store: OxigraphStore) -> None:
    xml = format_result(run_query(store, "SELECT ?n WHERE { ?s <http://e/name> ?n }"), "xml").decode()
    assert "sparql-results" in xml and "Bo" in xml
