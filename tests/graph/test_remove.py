"""``dkg remove``: retract an article and what only it supported, keep what others support."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode

from graph import iris
from graph.api import KnowledgeGraph
from graph.cli import main
from graph.remove import ArticleNotFound, find_articles
from graph.resolve import compute_resolution
from graph.store import OxigraphStore
from ingest.records import Actor, ArticleRecord, Document, Event, Evidence, Place, TimeValue


def _ev(text: str) -> Evidence:
    return Evidence(0, min(len(text), 5), 0, len(text), "test", 0.9)


def _talks(doc_id: str, published: date, *people: str, extra: str | None = None) -> ArticleRecord:
    text = f"{' and '.join(people)} met in Vienna on Tuesday." + (f" {extra} spoke." if extra else "")
    actors = [Actor(iris.normalize_key(p), p, "person", mentions=(_ev(text),)) for p in people]
    if extra:
        actors.append(Actor(iris.normalize_key(extra), extra, "person", mentions=(_ev(text),)))
    return ArticleRecord(
        Document(doc_id, text, url=f"https://news.example/{doc_id}", published=published),
        actors=tuple(actors),
        places=(Place("vienna", "Vienna", "city", 2761369, 48.2, 16.37, "AT", mentions=(_ev(text),)),),
        events=(
            Event(
                "e1",
                "talks",
                "meeting",
                "met",
                tuple(("person", a.key) for a in actors[: len(people)]),
                ("vienna",),
                TimeValue("2021-04-06", "day"),
                "happened",
                _ev(text),
            ),
        ),
    )


def _kg() -> KnowledgeGraph:
    kg = KnowledgeGraph.in_memory()
    kg.add_records(
        [
            _talks("a", date(2021, 4, 7), "Rob Malley", "Enrique Mora", extra="Ned Price"),
            _talks("b", date(2021, 4, 8), "Rob Malley", "Enrique Mora"),
        ]
    )
    return kg


def _graphs(store: OxigraphStore) -> set[str]:
    resolution = [iris.RESOLUTION_GRAPH] if store.article_hash(iris.RESOLUTION_GRAPH) else []
    return {*store.article_graphs(), *resolution}


def test_remove_keeps_what_others_support() -> None:
    kg = _kg()
    store: OxigraphStore = kg.store  # type: ignore[assignment]
    before = compute_resolution(store)
    assert sorted(len(s) for s in before.event_sources.values()) == [2]
    report = kg.remove("https://news.example/a")  # by URL
    assert report.articles == [iris.article_iri("a")]
    assert report.events == 1 and report.quads > 0
    assert report.actors == {iris.person_iri("Ned Price"): "Ned Price"}  # only article a named him
    assert report.places == {}  # Vienna is still in article b
    after = compute_resolution(store)
    assert list(after.event_sources.values()) == [[iris.article_iri("b")]]
    assert iris.person_iri("Ned Price") not in after.actor_canonical
    assert iris.person_iri("Rob Malley") in after.actor_canonical
    assert _graphs(store) == {iris.article_iri("b"), iris.RESOLUTION_GRAPH}
    assert report.resolution is not None and report.resolution["canonical_events"] == 1


def test_remove_by_id_and_last_article() -> None:
    kg = _kg()
    kg.remove("a")
    report = kg.remove(iris.article_iri("b"))  # by IRI
    assert report.places == {iris.place_iri("Vienna", 2761369): "Vienna"}
    assert kg.store.count_quads() == 0  # resolution graph dropped with the last article


def test_remove_unknown_article_is_an_error() -> None:
    kg = _kg()
    with pytest.raises(ArticleNotFound, match="No article with URL or id 'nope'"):
        kg.remove("nope")
    assert find_articles(kg.store, 'a" } UNION { ?g ?p ?o') == []


def test_remove_then_ingest_again_restores_resolution() -> None:
    kg = _kg()
    store: OxigraphStore = kg.store  # type: ignore[assignment]
    full = sorted(str(q) for q in store.quads() if q.graph_name == NamedNode(iris.RESOLUTION_GRAPH))
    kg.remove("a")
    kg.add_records([_talks("a", date(2021, 4, 7), "Rob Malley", "Enrique Mora", extra="Ned Price")])
    again = sorted(str(q) for q in store.quads() if q.graph_name == NamedNode(iris.RESOLUTION_GRAPH))
    assert again == full


def test_remove_cli(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with OxigraphStore.open(folder) as st:
        kg = KnowledgeGraph(st)
        kg.add_records(
            [
                _talks("a", date(2021, 4, 7), "Rob Malley", "Enrique Mora", extra="Ned Price"),
                _talks("b", date(2021, 4, 8), "Rob Malley", "Enrique Mora"),
            ]
        )
    out = CliRunner().invoke(main, ["remove", "--source", "nope", "--store", str(folder)])
    assert out.exit_code == 1 and "No article with URL or id 'nope'" in out.output
    out = CliRunner().invoke(main, ["remove", "--source", "a", "--store", str(folder), "--json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    assert report["articles"] == [iris.article_iri("a")] and "Ned Price" in report["actors"].values()
    out = CliRunner().invoke(main, ["remove", "--source", "https://news.example/b", "--store", str(folder)])
    assert out.exit_code == 0 and "Removed 1 article" in out.stderr
    with OxigraphStore.open(folder, create=False, read_only=True) as st:
        assert st.count_quads() == 0
