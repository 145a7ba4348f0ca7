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


# --------------------------------------------------------------------------- a throwaway Virtuoso
# (appended after the fixtures above, so its imports are here)
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402

_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/db.db
ErrorLogFile = {dir}/virtuoso.log
TransactionFile = {dir}/db.trx
xa_persistent_file = {dir}/db.pxa
[TempDatabase]
DatabaseFile = {dir}/temp.db
TransactionFile = {dir}/temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {server_root}
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@dataclass(frozen=True)
class VirtuosoServer:
    """A Virtuoso started for the tests: ``sparql`` is its query and update endpoint (anonymous
    updates granted), ``sparql_auth`` the digest-authenticated one (user and password ``dba``)."""

    base: str
    sql_port: int
    folder: Path

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def sparql_auth(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def graph_crud(self) -> str:
        return f"{self.base}/sparql-graph-crud"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """Debian's Virtuoso (``virtuoso-opensource``) on 127.0.0.1, free ports, a throwaway database.

    Skips where ``virtuoso-t`` is not installed (``.ci/run`` installs it). Stopped by its own
    process id at the end of the session.
    """
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if binary is None or isql is None:
        pytest.skip(
            "Virtuoso is not installed (no virtuoso-t/isql-vt on PATH): "
            "'apt-get install virtuoso-opensource' runs the SPARQL-server tests (.ci/run does)"
        )
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    while http_port == sql_port:
        http_port = _free_port()
    server_root = Path("/var/lib/virtuoso-opensource-7/vsp")
    ini = folder / "virtuoso.ini"
    ini.write_text(
        _VIRTUOSO_INI.format(
            dir=folder,
            sql_port=sql_port,
            http_port=http_port,
            server_root=server_root if server_root.is_dir() else folder,
        ),
        encoding="utf-8",
    )
    out = (folder / "stdout.log").open("wb")
    proc = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=out, stderr=subprocess.STDOUT
    )

    def log() -> str:  # in the foreground Virtuoso logs to stdout, sometimes to its ErrorLogFile too
        return "".join(
            (folder / name).read_text(errors="replace")
            for name in ("stdout.log", "virtuoso.log")
            if (folder / name).exists()
        )

    try:
        deadline = time.monotonic() + 90
        while "Server online at" not in log():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Virtuoso did not come online (exit code {proc.poll()}):\n{log()[-2000:]}")
            time.sleep(0.2)
        grant = subprocess.run(
            [
                isql,
                f"127.0.0.1:{sql_port}",
                "dba",
                "dba",
                'exec=GRANT SPARQL_UPDATE TO "SPARQL"; '
                'GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";',
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert grant.returncode == 0, grant.stdout + grant.stderr
        yield VirtuosoServer(base=f"http://127.0.0.1:{http_port}", sql_port=sql_port, folder=folder)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        out.close()
