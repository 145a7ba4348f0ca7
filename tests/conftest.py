"""Shared fixtures: the spaCy pipeline (loaded once), paths to the shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from ingest.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip(f"the shared data folder {SHARED} is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    """A store built from the seed article with the real CLI entry point (in-process)."""
    from click.testing import CliRunner

    from graph.cli import main

    store = tmp_path_factory.mktemp("seed") / "store"
    result = CliRunner().invoke(main, ["ingest", str(shared / "dev" / "seed.jsonl"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="session")
def read_article(nlp):  # type: ignore[no-untyped-def]
    """Extract one article with the shared pipeline: ``read_article(text, published=None, title=None)``."""
    from datetime import date

    from ingest.pipeline import extract
    from ingest.records import ArticleRecord, Document

    def read(text: str, published: date | None = None, title: str | None = None) -> ArticleRecord:
        document = Document(id="test", text=text, title=title, published=published)
        return next(extract([document], nlp=nlp))

    return read
