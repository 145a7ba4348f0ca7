"""The dkg command line through click's runner: ingest, query, export, and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from graph.cli import main

pytestmark = pytest.mark.slow

ARTICLE = (
    "Envoys meet in Lisbon\n\n"
    "Portuguese Foreign Minister Rita Valente met her Moroccan counterpart Karim Tazi in Lisbon on "
    "Tuesday for talks on fisheries and migration, the ministry said.\n"
)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "lisbon.txt").write_text(ARTICLE, encoding="utf-8")
    lines = [
        {
            "id": "n1",
            "url": "https://example.org/n1",
            "title": "Talks in Rabat",
            "published": "2024-05-02",
            "text": "Moroccan Prime Minister Amal Idrissi hosted Spanish Prime Minister Pablo Ortega in "
            "Rabat on Wednesday. The two leaders signed an agreement on energy links.",
        },
    ]
    (folder / "more.jsonl").write_text(
        "\n".join(json.dumps(x) for x in lines) + "\n{broken\n", encoding="utf-8"
    )
    return folder


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input)


def test_cli_ingest_summary_and_failures(corpus: Path, tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    result = run("ingest", str(corpus), "--store", store, "--published", "2024-05-03")
    # one malformed JSON line: reported with its place, the rest ingested, exit code 1
    assert result.exit_code == 1, result.output
    assert "more.jsonl:2" in result.stderr
    assert "Documents: 2 read, 2 written, 0 unchanged, 1 failed" in result.stderr
    assert "Events:" in result.stderr and "triples" in result.stderr

    again = run("ingest", str(corpus / "lisbon.txt"), "--store", store, "--published", "2024-05-03")
    assert again.exit_code == 0, again.output
    assert "1 unchanged" in again.stderr  # content hash: nothing to do


def test_cli_ingest_json_summary(corpus: Path, tmp_path: Path) -> None:
    result = run("ingest", str(corpus / "lisbon.txt"), "--store", str(tmp_path / "s"), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["written"] == 1 and summary["persons"] >= 2


def test_cli_ingest_stdin(tmp_path: Path) -> None:
    result = run("ingest", "-", "--store", str(tmp_path / "s"), "--published", "2024-05-03", input=ARTICLE)
    assert result.exit_code == 0, result.output
    names = json.loads(
        run(
            "query",
            "--store",
            str(tmp_path / "s"),
            "--format",
            "json",
            "--file",
            str(Path(__file__).parents[2] / "queries" / "persons.rq"),
        ).stdout
    )
    assert {b["name"]["value"] for b in names["results"]["bindings"]} >= {"Rita Valente", "Karim Tazi"}


def test_cli_query_formats_and_errors(corpus: Path, tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    run("ingest", str(corpus / "lisbon.txt"), "--store", store)
    select = "SELECT ?name WHERE { ?p a dkg:Person ; skos:prefLabel ?name } ORDER BY ?name"
    table = run("query", select, "--store", store)
    assert table.exit_code == 0 and "Karim Tazi" in table.stdout and "rows)" in table.stdout
    csv = run("query", select, "--store", store, "--format", "csv")
    assert csv.stdout.splitlines()[0] == "name"
    ask = run("query", 'ASK { ?e dkg:kind "talks" }', "--store", store, "--format", "json")
    assert json.loads(ask.stdout)["boolean"] is True
    ttl = run("query", "CONSTRUCT WHERE { ?p a dkg:Person }", "--store", store, "--format", "ttl")
    assert len(rdflib.Graph().parse(data=ttl.stdout, format="turtle")) >= 2

    bad = run("query", "SELECT ?x WHERE { ?x", "--store", store)
    assert bad.exit_code == 2
    assert "Malformed SPARQL" in bad.stderr and "Traceback" not in bad.output

    missing = run("query", select, "--store", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1 and "No dkg store" in missing.output


def test_cli_export_round_trips(corpus: Path, tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    run("ingest", str(corpus / "lisbon.txt"), "--store", store)
    for fmt, rdflib_format in (
        ("ttl", "turtle"),
        ("nt", "nt"),
        ("nq", "nquads"),
        ("trig", "trig"),
        ("jsonld", "json-ld"),
    ):
        out = tmp_path / f"graph.{fmt}"
        result = run("export", "--store", store, "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        parsed = rdflib.Dataset() if fmt in ("nq", "trig") else rdflib.Graph()
        parsed.parse(out, format=rdflib_format)
        assert len(parsed) > 0 or sum(len(g) for g in parsed.graphs()) > 0


def test_cli_help_has_examples() -> None:
    for command in ("ingest", "query", "export"):
        result = run(command, "-h")
        assert result.exit_code == 0 and "Example" in result.output
