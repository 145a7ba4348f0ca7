"""``dkg explain``: the sentences behind a node or an edge, from every article."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import iris
from graph.cli import main
from graph.explain import AmbiguousName, EdgeExplanation, NodeExplanation, NodeNotFound, explain, format_text
from graph.mapping import article_quads, record_graph_iri
from graph.resolve import resolve
from graph.store import OxigraphStore
from ingest.records import Actor, ArticleRecord, Document, Event, Evidence, Role, TimeValue

TEXT_A = "National Security Adviser Jake Sullivan met Meir Ben-Shabbat on Tuesday."
TEXT_B = "Sullivan and Meir Ben Shabbat held talks on Tuesday, officials said."
TEXT_C = "Spokesman Ned Price spoke. Lucy Price, a British minister, did not."


def _ev(text: str, phrase: str, extractor: str, confidence: float = 0.9) -> Evidence:
    start = text.index(phrase)
    return Evidence(start, start + len(phrase), 0, len(text), extractor, confidence)


def _person(text: str, name: str) -> Actor:
    return Actor(iris.normalize_key(name), name, "person", mentions=(_ev(text, name, "dkg_actors", 0.85),))


def _records() -> list[ArticleRecord]:
    us = Actor("us", "United States", "country", iso_code="US")
    a = ArticleRecord(
        Document("a", TEXT_A, url="https://news.example/a", published=date(2021, 4, 14)),
        actors=(_person(TEXT_A, "Jake Sullivan"), _person(TEXT_A, "Meir Ben-Shabbat"), us),
        roles=(
            Role(
                "jake-sullivan",
                "National Security Adviser",
                ("country", "us"),
                False,
                _ev(TEXT_A, "National Security Adviser", "dkg_roles", 0.8),
            ),
        ),
        events=(
            Event(
                "e1",
                "talks",
                "meeting",
                "met",
                (("person", "jake-sullivan"), ("person", "meir-ben-shabbat")),
                (),
                TimeValue("2021-04-13", "day"),
                "happened",
                _ev(TEXT_A, "met", "dkg_events", 0.8),
            ),
        ),
    )
    b = ArticleRecord(
        Document("b", TEXT_B, url="https://news.example/b", published=date(2021, 4, 14)),
        actors=(_person(TEXT_B, "Sullivan"), _person(TEXT_B, "Meir Ben Shabbat"), us),
        events=(
            Event(
                "e1",
                "talks",
                "meeting",
                "held talks",
                (("person", "sullivan"), ("person", "meir-ben-shabbat")),
                (),
                TimeValue("2021-04-13", "day"),
                "happened",
                _ev(TEXT_B, "held talks", "dkg_events", 0.7),
            ),
        ),
    )
    c = ArticleRecord(
        Document("c", TEXT_C, url="https://news.example/c", published=date(2021, 4, 15)),
        actors=(_person(TEXT_C, "Ned Price"), _person(TEXT_C, "Lucy Price")),
    )
    return [a, b, c]


@pytest.fixture()
def store() -> OxigraphStore:
    st = OxigraphStore.in_memory()
    st.replace_articles([(record_graph_iri(r), "h", article_quads(r)) for r in _records()])
    resolve(st)
    return st


@pytest.fixture()
def store_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    with OxigraphStore.open(folder) as st:
        st.replace_articles([(record_graph_iri(r), "h", article_quads(r)) for r in _records()])
        resolve(st)
    return folder


def test_explain_node_by_alias_gathers_every_article(store: OxigraphStore) -> None:
    result = explain(store, "sullivan")  # an alias, any case
    assert isinstance(result, NodeExplanation)
    assert result.iri == iris.person_iri("Jake Sullivan")
    assert result.label == "Jake Sullivan" and result.kind == "person"
    assert "Sullivan" in result.aliases
    assert set(result.members) == {iris.person_iri("Jake Sullivan"), iris.person_iri("Sullivan")}
    sources = {e.source for e in result.evidence}
    assert sources == {"https://news.example/a", "https://news.example/b"}
    mention = next(e for e in result.evidence if e.source.endswith("/b") and e.fact == "mention")
    assert TEXT_B[mention.start : mention.end] == "Sullivan"
    assert mention.sentence == TEXT_B and mention.extractor == "dkg_actors" and mention.confidence == 0.85
    title = next(e for e in result.evidence if e.fact.startswith("title"))
    assert title.fact == "title: National Security Adviser" and title.extractor == "dkg_roles"
    text = format_text(result)
    assert "Jake Sullivan (person)" in text and "chars 0-25" in text and "confidence 0.80" in text


def test_explain_event_by_iri_shows_each_report(store: OxigraphStore) -> None:
    result = explain(store, iris.event_iri("a", "e1"))
    assert isinstance(result, NodeExplanation)
    assert result.kind == "event (talks)" and result.articles == 2
    assert set(result.details) == {iris.article_iri("a"), iris.article_iri("b")}
    assert result.details[iris.article_iri("b")]["participants"] == ["Meir Ben Shabbat", "Sullivan"]
    assert {e.fact for e in result.evidence} == {"report"}
    # The other article's event node explains as the same canonical event.
    assert explain(store, iris.event_iri("b", "e1")).iri == result.iri  # type: ignore[union-attr]


def test_explain_edge_between_two_people(store: OxigraphStore) -> None:
    result = explain(store, "Jake Sullivan", "Meir Ben-Shabbat")
    assert isinstance(result, EdgeExplanation)
    [link] = [lk for lk in result.links if lk.relation == "in the same event"]
    assert link.iri == explain(store, iris.event_iri("a", "e1")).iri  # the canonical event
    assert {e.source for e in link.evidence} == {"https://news.example/a", "https://news.example/b"}
    positions = explain(store, "Jake Sullivan", "United States")
    assert isinstance(positions, EdgeExplanation)
    assert [lk.label for lk in positions.links] == ["National Security Adviser"]


def test_explain_ambiguous_and_unknown_names(store: OxigraphStore) -> None:
    with pytest.raises(NodeNotFound, match="Nothing in the store"):
        explain(store, "Nobody Here")
    store.replace_articles(
        [
            (
                iris.article_iri("d"),
                "h",
                article_quads(
                    ArticleRecord(
                        Document("d", "Price spoke.", published=date(2021, 4, 16)),
                        actors=(Actor("price", "Price", "person", aliases=("Ned Price",)),),
                    )
                ),
            )
        ]
    )
    resolve(store)
    with pytest.raises(AmbiguousName) as info:
        explain(store, "Ned Price")  # the label of one node, the alias of another, unlinked
    assert len(info.value.candidates) == 2


def test_explain_injection_is_harmless(store: OxigraphStore) -> None:
    with pytest.raises(NodeNotFound):
        explain(store, 'x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "')
    with pytest.raises(NodeNotFound):
        explain(store, "https://w3id.org/dkg/id/person/x> ?p ?o } #")


def test_explain_cli_text_and_json(store_dir: Path) -> None:
    out = CliRunner().invoke(main, ["explain", "Meir Ben Shabbat", "--store", str(store_dir)])
    assert out.exit_code == 0, out.output
    assert "https://news.example/a" in out.stdout and "https://news.example/b" in out.stdout
    out = CliRunner().invoke(
        main, ["explain", "Sullivan", "Meir Ben-Shabbat", "--store", str(store_dir), "--format", "json"]
    )
    assert out.exit_code == 0, out.output
    edge = json.loads(out.stdout)["edge"]
    assert edge["a"]["label"] == "Jake Sullivan" and edge["links"]
    out = CliRunner().invoke(main, ["explain", "Nobody", "--store", str(store_dir)])
    assert out.exit_code == 1 and "Nothing in the store" in out.output
    out = CliRunner().invoke(main, ["explain", "a", "b", "c", "--store", str(store_dir)])
    assert out.exit_code == 2
