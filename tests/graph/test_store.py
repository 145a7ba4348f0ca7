from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from graph.errors import StoreError, StoreNotFound
from graph.sparqlstore import SparqlStore
from graph.store import GraphStore, OxigraphStore, last_writes

P = NamedNode("http://purl.org/dc/terms/title")


def _article(n: int, title: str) -> tuple[str, str, list[Quad]]:
    g = NamedNode(f"https://w3id.org/dkg/id/article/a{n}")
    return g.value, f"hash-{title}", [Quad(g, P, Literal(title), g)]


def test_store_replace_is_per_article(tmp_path: Path) -> None:
    with OxigraphStore.open(tmp_path / "s") as store:
        store.replace_articles([_article(1, "one"), _article(2, "two")])
        assert store.count_quads() == 4
        store.replace_articles([_article(1, "uno")])
        titles = sorted(
            str(r["o"].value)
            for r in store.query("SELECT ?o WHERE { ?s <http://purl.org/dc/terms/title> ?o }")
        )
        assert titles == ["two", "uno"]
        assert store.article_hash(_article(1, "uno")[0]) == "hash-uno"


def test_store_persists_across_opens(tmp_path: Path) -> None:
    with OxigraphStore.open(tmp_path / "s") as store:
        store.replace_articles([_article(1, "one")])
    with OxigraphStore.open(tmp_path / "s", create=False, read_only=True) as store:
        assert store.count_quads() == 2
        assert store.article_graphs() == ["https://w3id.org/dkg/id/article/a1"]


def test_store_missing_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound, match="dkg ingest"):
        OxigraphStore.open(tmp_path / "nothing", create=False)


def test_store_refuses_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a dkg store"):
        OxigraphStore.open(tmp_path / "f")


def test_store_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    with OxigraphStore.open(tmp_path / "s"):
        with pytest.raises(StoreError, match="in use"):
            OxigraphStore.open(tmp_path / "s")


def test_store_remove_article(tmp_path: Path) -> None:
    with OxigraphStore.open(tmp_path / "s") as store:
        store.replace_articles([_article(1, "one"), _article(2, "two")])
        assert store.remove_article(_article(1, "one")[0])
        assert not store.remove_article(_article(1, "one")[0])
        assert store.article_hash(_article(1, "one")[0]) is None
        assert store.count_quads() == 2


def _titles(store: GraphStore, graph_iri: str) -> list[str]:
    return sorted(q.object.value for q in store.graph_quads(graph_iri) if q.predicate == P)  # type: ignore[union-attr]


def test_store_batch_naming_a_graph_twice_keeps_the_later_write(tmp_path: Path) -> None:
    a1, a2, a1_update = _article(1, "one"), _article(2, "two"), _article(1, "uno")
    assert [w[1] for w in last_writes([a1, a2, a1_update])] == ["hash-two", "hash-uno"]
    for store in (OxigraphStore.in_memory(), OxigraphStore.open(tmp_path / "s")):
        with store:
            store.replace_articles([a1, a2, a1_update])
            assert store.count_quads() == 4  # one title and one hash per article
            assert store.article_hash(a1[0]) == "hash-uno"
            assert _titles(store, a1[0]) == ["uno"]
            store.replace_articles([a1_update, a1])  # the other way round: the last one still wins
            assert (store.article_hash(a1[0]), _titles(store, a1[0])) == ("hash-one", ["one"])


def test_store_sparql_batch_naming_a_graph_twice_sends_only_the_later_write() -> None:
    store = SparqlStore("http://127.0.0.1:9/sparql")  # replace_text only builds the request
    text = store.replace_text([_article(1, "one"), _article(2, "two"), _article(1, "uno")])
    assert text.count(f"DROP SILENT GRAPH <{_article(1, 'one')[0]}>") == 1
    assert '"uno"' in text and '"one"' not in text and '"hash-one"' not in text
    assert text.index('"two"') < text.index('"uno"')  # in the order the writes take effect


def test_store_drop_article_hash_leaves_the_graph_marked_stale(tmp_path: Path) -> None:
    with OxigraphStore.open(tmp_path / "s") as store:
        store.replace_articles([_article(1, "one"), _article(2, "two")])
        g = _article(1, "one")[0]
        assert store.drop_article_hash(g)
        assert store.article_hash(g) is None and _titles(store, g) == ["one"]  # content stays readable
        assert store.article_hash(_article(2, "two")[0]) == "hash-two"
        assert not store.drop_article_hash(g)  # nothing left to take away
        assert not store.drop_article_hash("https://w3id.org/dkg/id/article/absent")
        assert store.count_quads() == 3
    with OxigraphStore.open(tmp_path / "s", create=False, read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.drop_article_hash(_article(2, "two")[0])


@pytest.mark.slow
def test_store_virtuoso_batch_twice_and_stale_mark(virtuoso: Any) -> None:
    """The same on a SPARQL server: the later write of a graph wins, and a hash can be taken away."""
    g1, g2 = _article(901, "one")[0], _article(902, "two")[0]
    with SparqlStore(virtuoso.sparql) as store:
        try:
            store.replace_articles([_article(901, "one"), _article(902, "two"), _article(901, "uno")])
            assert (store.article_hash(g1), _titles(store, g1)) == ("hash-uno", ["uno"])
            assert store.drop_article_hash(g2)
            assert store.article_hash(g2) is None and _titles(store, g2) == ["two"]
        finally:
            store.drop_graph(g1)
            store.drop_graph(g2)
