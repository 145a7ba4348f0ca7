"""Fixtures shared by the graph tests: a store built once from the bundled examples."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a store built from ``examples/`` with the real CLI (in-process), once per session.

    Loads spaCy. The store is closed when this returns; open it read-only in tests.
    """
    from click.testing import CliRunner

    from graph.cli import main

    store = tmp_path_factory.mktemp("examples") / "store"
    result = CliRunner().invoke(main, ["ingest", str(EXAMPLES), "--store", str(store), "--quiet"])
    assert result.exit_code == 0, result.output
    return store
