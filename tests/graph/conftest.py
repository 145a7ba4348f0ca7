"""Fixtures shared by the graph tests: a store built once from the bundled examples, and a throwaway
Virtuoso (started by ``benchmarks/virtuoso.py``, which the benchmarks use too)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

if str(ROOT) not in sys.path:  # the Virtuoso start-up is shared with the benchmarks
    sys.path.insert(0, str(ROOT))

from benchmarks.virtuoso import (  # noqa: E402
    VirtuosoFailed,
    VirtuosoNotInstalled,
    VirtuosoServer,
    binaries,
    start_virtuoso,
)


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


# --------------------------------------------------------------------------- a throwaway Virtuoso
@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """Debian's Virtuoso (``virtuoso-opensource``) on 127.0.0.1, free ports, a throwaway database.

    Skips where ``virtuoso-t`` is not installed (``.ci/run`` installs it). Stopped by its own
    process id at the end of the session.
    """
    try:
        binaries()
    except VirtuosoNotInstalled:
        pytest.skip(
            "Virtuoso is not installed (no virtuoso-t/isql-vt on PATH): "
            "'apt-get install virtuoso-opensource' runs the SPARQL-server tests (.ci/run does)"
        )
    try:
        running = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    except VirtuosoFailed as exc:
        pytest.fail(str(exc))
    try:
        yield running.server
    finally:
        running.stop()
