"""graph/validate.py and `dkg validate`: the examples conform; each broken fact is named, by article."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.store import OxigraphStore
from graph.validate import ValidationReport, validate_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
D = "https://w3id.org/dkg/id/"
DKG = "https://w3id.org/dkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SHAPES = "https://w3id.org/dkg/shapes#"


def _trig(
    name: str,
    *,
    kind: str = "talks",
    title: bool = True,
    iso: str = "US",
    start: int = 0,
    country_label: str = "United States",
    person_labels: tuple[str, ...] = ("Jake Sullivan",),
) -> str:
    """One article graph in TriG (without dkg:contentHash, which the store adds)."""
    labels = " , ".join(f'"{label}"' for label in person_labels)
    return f"""\
@prefix dkg: <https://w3id.org/dkg/ontology#> .
@prefix evt: <https://w3id.org/dkg/event-type/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/dkg/id/> .

<article/{name}> {{
    <article/{name}> a dkg:Article ;
        dkg:source "https://example.org/news/{name}" ;
        dcterms:title "Sullivan to host Israeli counterpart" ;
        dcterms:issued "2021-04-12"^^xsd:date ;
        dkg:mentions <person/jake-sullivan> , <country/us> , <event/{name}-e1> .
    <person/jake-sullivan> a dkg:Person ;
        skos:prefLabel {labels} ;
        dkg:holds <position/{name}> ;
        dkg:evidence <evidence/{name}-1> .
    <position/{name}> a dkg:Position ;
        {'dkg:title "National Security Adviser" ;' if title else ""}
        dkg:affiliation <country/us> ;
        dkg:former false .
    <country/us> a dkg:Country ; skos:prefLabel "{country_label}" ; dkg:isoCode "{iso}" .
    <event/{name}-e1> a dkg:Talks ;
        dkg:kind "{kind}" ;
        sem:eventType evt:meeting ;
        dkg:date "2021-04-13"^^xsd:date ;
        dkg:datePrecision "day" ;
        dkg:status "planned" ;
        sem:hasActor <person/jake-sullivan> , <country/us> ;
        dkg:reportedBy <article/{name}> ;
        dkg:evidence <evidence/{name}-1> .
    <evidence/{name}-1> a dkg:Evidence ;
        dkg:startChar {start} ;
        dkg:endChar 24 ;
        dkg:sentenceStart 0 ;
        dkg:sentenceEnd 80 ;
        dkg:sentence "National Security Adviser Jake Sullivan will host his Israeli counterpart." ;
        dkg:extractor "dkg_events" ;
        dkg:confidence 0.85 ;
        prov:wasDerivedFrom <article/{name}> .
}}
"""


def _write(store: OxigraphStore, *trigs: str) -> None:
    writes = []
    for trig in trigs:
        quads = list(ox.parse(trig, ox.RdfFormat.TRIG))
        graph = quads[0].graph_name
        assert isinstance(graph, ox.NamedNode)
        writes.append((graph.value, "hash-" + graph.value, quads))
    store.replace_articles(writes)


BROKEN = (
    _trig("good"),
    _trig("broken-1", kind="war", title=False),  # an event of kind "war", a position without title
    _trig("broken-2", iso="usa", start=30),  # a country code "usa", evidence starting after it ends
)


def _broken_report() -> ValidationReport:
    store = OxigraphStore.in_memory()
    _write(store, *BROKEN)
    return validate_store(store)


@pytest.fixture
def broken_store(tmp_path: Path) -> Path:
    folder = tmp_path / "broken"
    with OxigraphStore.open(folder) as store:
        _write(store, *BROKEN)
    return folder


# ----------------------------------------------------------------------------- the API


@pytest.mark.slow
def test_validate_examples_conform(tmp_path: Path) -> None:
    from graph.api import KnowledgeGraph

    with KnowledgeGraph.open(tmp_path / "s") as kg:
        ingested = kg.ingest([EXAMPLES])
        assert ingested.written == 9 and not ingested.failed
        report = validate_store(kg.store)
        assert report.conforms, report.format_text()
        assert report.articles_checked == 9
        # Every quad lives in an article graph, but for the derived resolution graph (not validated).
        resolution = kg.store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/dkg/id/graph/resolution> { ?s ?p ?o } }"
        )
        derived = int(next(iter(resolution))[0].value)  # type: ignore[call-overload]
        assert derived > 0
        assert report.triples_checked == kg.store.count_quads() - derived


def test_validate_broken_store_reports_each_fault() -> None:
    report = _broken_report()
    assert not report.conforms
    assert report.articles_checked == 3
    found = {
        (v.graph.removeprefix(D), v.focus.removeprefix(D), v.path, v.constraint) for v in report.violations
    }
    assert found == {
        # dkgsh:EventShape (one of five kinds) and dkgsh:TalksKindShape (a dkg:Talks is "talks")
        ("article/broken-1", "event/broken-1-e1", DKG + "kind", "pattern"),
        ("article/broken-1", "position/broken-1", DKG + "title", "minCount"),
        ("article/broken-2", "country/us", DKG + "isoCode", "pattern"),
        ("article/broken-2", "evidence/broken-2-1", DKG + "startChar", "lessThanOrEquals"),
    }
    assert {v.shape.removeprefix(SHAPES) for v in report.violations} == {
        "EventShape",
        "TalksKindShape",
        "PositionShape",
        "CountryShape",
        "EvidenceShape",
    }


def test_validate_violation_names_article_value_and_fix() -> None:
    report = _broken_report()
    by_path = {(v.path, v.shape.removeprefix(SHAPES)): v for v in report.violations}
    kind = by_path[(DKG + "kind", "EventShape")]
    assert kind.article == "https://example.org/news/broken-1"  # the article's dkg:source
    assert kind.value == '"war"'
    assert kind.severity == "Violation"
    assert kind.message.startswith("An event has exactly one dkg:kind")
    iso = by_path[(DKG + "isoCode", "CountryShape")]
    assert (iso.article, iso.value) == ("https://example.org/news/broken-2", '"usa"')
    title = by_path[(DKG + "title", "PositionShape")]
    assert title.value is None
    start = by_path[(DKG + "startChar", "EvidenceShape")]
    assert start.value == '"30"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_validate_format_text_groups_by_article() -> None:
    text = _broken_report().format_text()
    lines = text.splitlines()
    assert lines[0] == "https://example.org/news/broken-1  <article/broken-1>  (3 violations)"
    assert '  <event/broken-1-e1> dkg:kind "war": An event has exactly one dkg:kind' in text
    assert "  <position/broken-1> dkg:title (missing): A position has exactly one dkg:title" in text
    assert "https://example.org/news/broken-2  <article/broken-2>  (2 violations)" in lines
    assert '  <country/us> dkg:isoCode "usa": dkg:isoCode is at most one ISO 3166-1' in text
    assert "  <evidence/broken-2-1> dkg:startChar 30: dkg:startChar is after dkg:endChar" in text
    assert "[dkgsh:EvidenceShape lessThanOrEquals]" in text
    assert "Invalid: 5 violations in 2 of 3 articles checked" in text
    assert "good" not in text


def test_validate_too_many_values_are_listed() -> None:
    store = OxigraphStore.in_memory()
    _write(store, _trig("t1", person_labels=("Jovenel Moise", "Jovenel Moïse")))
    (violation,) = validate_store(store).violations
    assert (violation.path, violation.constraint) == (SKOS + "prefLabel", "maxCount")
    assert violation.found == ('"Jovenel Moise"', '"Jovenel Moïse"')
    assert (
        'skos:prefLabel "Jovenel Moise", "Jovenel Moïse": An actor has exactly one' in violation.format_line()
    )


def test_validate_json_round_trips() -> None:
    report = _broken_report()
    data = json.loads(report.to_json())
    assert data["conforms"] is False
    assert data["articles_checked"] == 3 and data["truncated"] is False
    assert len(data["violations"]) == len(report.violations) == 5
    first = data["violations"][0]
    assert set(first) == {
        "article",
        "graph",
        "focus",
        "path",
        "value",
        "found",
        "message",
        "severity",
        "shape",
        "constraint",
    }


def test_validate_max_reports_stops_early() -> None:
    store = OxigraphStore.in_memory()
    _write(store, *BROKEN)
    report = validate_store(store, max_reports=1)
    assert not report.conforms and report.truncated
    assert len(report.violations) == 1
    assert report.articles_checked == 1  # "broken-1" sorts first; the rest is not read
    assert "stopped after the first 1" in report.format_text()


def test_validate_articles_are_validated_separately() -> None:
    # Two articles may label one country differently; each graph conforms, their union would not
    # (an actor has one skos:prefLabel), which is why the store is validated article by article.
    store = OxigraphStore.in_memory()
    _write(store, _trig("a1", country_label="United States"), _trig("a2", country_label="USA"))
    report = validate_store(store)
    assert report.conforms, report.format_text()
    assert report.articles_checked == 2


# rdflib's Literal.__le__ (called by pyshacl's sh:lessThanOrEquals) trips over the ill-typed value.
@pytest.mark.filterwarnings("ignore:NotImplemented should not be used:DeprecationWarning")
def test_validate_ill_typed_literal_is_a_violation_not_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    store = OxigraphStore.in_memory()
    _write(store, _trig("t1").replace("dkg:endChar 24", 'dkg:endChar "abc"^^xsd:integer'))
    report = validate_store(store)
    assert {(v.path, v.constraint) for v in report.violations} >= {(DKG + "endChar", "datatype")}
    assert '<evidence/t1-1> dkg:endChar "abc"^^xsd:integer: Evidence has exactly one' in report.format_text()
    assert not [r for r in caplog.records if r.name.startswith("rdflib")]


def test_validate_any_store_answering_sparql() -> None:
    class Remote:  # a store known only through the GraphStore protocol's query()
        def __init__(self, inner: OxigraphStore) -> None:
            self.inner = inner

        def query(self, sparql: str):  # type: ignore[no-untyped-def]
            return self.inner.query(sparql)

    inner = OxigraphStore.in_memory()
    _write(inner, *BROKEN)
    report = validate_store(Remote(inner))  # type: ignore[arg-type]
    assert report.articles_checked == 3
    assert report.violations == _broken_report().violations


def test_validate_empty_store_conforms() -> None:
    report = validate_store(OxigraphStore.in_memory())
    assert report == ValidationReport(conforms=True, violations=(), articles_checked=0, triples_checked=0)


# ----------------------------------------------------------------------------- the CLI


@pytest.mark.slow
def test_validate_cli_examples_store_is_valid(examples_store: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--store", str(examples_store)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Valid: 9 articles, ")
    assert result.stderr.rstrip().endswith(" triples checked")


def test_validate_cli_broken_store_exits_1_with_readable_report(broken_store: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--store", str(broken_store)])
    assert result.exit_code == 1
    out = result.stdout
    assert "https://example.org/news/broken-1  <article/broken-1>  (3 violations)" in out
    assert '<event/broken-1-e1> dkg:kind "war": An event has exactly one dkg:kind' in out
    assert "<position/broken-1> dkg:title (missing)" in out
    assert '<country/us> dkg:isoCode "usa"' in out
    assert "<evidence/broken-2-1> dkg:startChar 30" in out
    assert "Traceback" not in result.output


def test_validate_cli_json(broken_store: Path) -> None:
    result = CliRunner().invoke(
        main, ["validate", "--store", str(broken_store), "--format", "json", "--max", "2"]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["conforms"] is False and data["truncated"] is True
    assert [v["article"] for v in data["violations"]] == ["https://example.org/news/broken-1"] * 2


def test_validate_cli_missing_store_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "No dkg store at" in result.stderr and "dkg ingest" in result.stderr


def test_validate_cli_max_must_be_positive(broken_store: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--store", str(broken_store), "--max", "0"])
    assert result.exit_code == 2
