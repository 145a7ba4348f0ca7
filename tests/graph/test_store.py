from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from graph.errors import StoreError, StoreNotFound
from graph.store import OxigraphStore

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
