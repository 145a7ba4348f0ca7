"""A throwaway Virtuoso on 127.0.0.1: what the tests' ``virtuoso`` fixture and the benchmarks start.

Debian's ``virtuoso-opensource`` (``virtuoso-t`` and ``isql-vt``), a fresh database in a folder
of your choice, free ports, anonymous SPARQL updates granted on ``/sparql`` (never do that on a
reachable server), stopped by its own process id::

    with start_virtuoso(folder) as server:
        print(server.sparql)            # http://127.0.0.1:PORT/sparql

The defaults suit the tests (an 80 MB buffer pool); the benchmarks ask for a larger pool
(``buffers``: 8 KB pages), more rows per answer and a longer query time limit.
See ``../shared/notes/virtuoso.md`` and ``docs/scale.md``.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

__all__ = [
    "group_concat_vars",
    "Virtuoso",
    "VirtuosoFailed",
    "VirtuosoNotInstalled",
    "VirtuosoServer",
    "binaries",
    "start_virtuoso",
]

_INI = """\
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
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {server_root}
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {max_seconds}
"""

_SERVER_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")
_GRANT = 'GRANT SPARQL_UPDATE TO "SPARQL"; GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";'


class VirtuosoNotInstalled(RuntimeError):
    """``virtuoso-t`` or its SQL client is not on PATH."""


class VirtuosoFailed(RuntimeError):
    """The server did not come online, or refused the grants."""


@dataclass(frozen=True)
class VirtuosoServer:
    """A running throwaway Virtuoso: ``sparql`` is its query and update endpoint (anonymous
    updates granted), ``sparql_auth`` the digest-authenticated one (user and password ``dba``)."""

    base: str
    sql_port: int
    folder: Path
    pid: int = 0

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def sparql_auth(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def graph_crud(self) -> str:
        return f"{self.base}/sparql-graph-crud"


def binaries() -> tuple[str, str]:
    """Paths of ``virtuoso-t`` and its SQL client (``isql-vt``, or ``isql``)."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if binary is None or isql is None:
        raise VirtuosoNotInstalled(
            "Virtuoso is not installed (no virtuoso-t/isql-vt on PATH): "
            "install Debian's package with 'apt-get install virtuoso-opensource'."
        )
    return binary, isql


def free_port(*avoid: int) -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (and not one of ``avoid``)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port not in avoid:
            return port


class Virtuoso:
    """A Virtuoso process started by :func:`start_virtuoso`; :meth:`stop` (or leaving ``with``) ends it."""

    def __init__(self, proc: subprocess.Popen[bytes], out: IO[bytes], server: VirtuosoServer) -> None:
        self.proc, self._out, self.server = proc, out, server

    def log(self) -> str:
        """What the server printed (in the foreground Virtuoso logs to stdout, sometimes to its log too)."""
        return _log(self.server.folder)

    def stop(self) -> None:
        """Terminate the server by its process id (killed after 30 s) and wait for it."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._out.close()

    def __enter__(self) -> VirtuosoServer:
        return self.server

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _log(folder: Path) -> str:
    return "".join(
        (folder / name).read_text(errors="replace")
        for name in ("stdout.log", "virtuoso.log")
        if (folder / name).exists()
    )


def start_virtuoso(
    folder: Path,
    *,
    buffers: int = 10_000,
    dirty_buffers: int | None = None,
    max_rows: int = 100_000,
    max_seconds: int = 60,
    online_timeout: float = 90.0,
) -> Virtuoso:
    """Start Virtuoso with a fresh database in ``folder`` (which must exist), wait until it is online
    and grant SPARQL updates to the anonymous user.

    :param buffers: ``NumberOfBuffers`` (8 KB pages of the buffer pool).
    :param dirty_buffers: ``MaxDirtyBuffers`` (default 6000, or 3/4 of ``buffers`` above 10,000).
    :param max_rows: ``ResultSetMaxRows``, the most rows in one answer.
    :param max_seconds: ``MaxQueryExecutionTime``.
    :raises VirtuosoNotInstalled: ``virtuoso-t`` or ``isql-vt`` is not on PATH.
    :raises VirtuosoFailed: the server did not come online within ``online_timeout`` seconds, or the
        grants failed (the server is stopped first; the message holds the end of its log).
    """
    binary, isql = binaries()
    sql_port = free_port()
    http_port = free_port(sql_port)
    dirty = dirty_buffers if dirty_buffers is not None else (6000 if buffers <= 10_000 else buffers * 3 // 4)
    ini = folder / "virtuoso.ini"
    ini.write_text(
        _INI.format(
            dir=folder,
            sql_port=sql_port,
            http_port=http_port,
            buffers=buffers,
            dirty=dirty,
            max_rows=max_rows,
            max_seconds=max_seconds,
            server_root=_SERVER_ROOT if _SERVER_ROOT.is_dir() else folder,
        ),
        encoding="utf-8",
    )
    out = (folder / "stdout.log").open("wb")
    proc = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=out, stderr=subprocess.STDOUT
    )
    running = Virtuoso(
        proc, out, VirtuosoServer(f"http://127.0.0.1:{http_port}", sql_port, folder, pid=proc.pid)
    )
    try:
        deadline = time.monotonic() + online_timeout
        while "Server online at" not in running.log():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise VirtuosoFailed(
                    f"Virtuoso did not come online (exit code {proc.poll()}):\n{running.log()[-2000:]}"
                )
            time.sleep(0.2)
        grant = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={_GRANT}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if grant.returncode != 0:
            raise VirtuosoFailed(f"Granting SPARQL updates failed:\n{grant.stdout}{grant.stderr}")
    except BaseException:
        running.stop()
        raise
    return running


def group_concat_vars(sparql: str) -> dict[str, str]:
    """Variables bound by GROUP_CONCAT, with their separators: SPARQL leaves the order of the
    concatenated values, and the value of an empty group, to the implementation."""
    found = re.finditer(
        r'GROUP_CONCAT\s*\((?:[^()"]|"[^"]*")*?(?:separator\s*=\s*"((?:[^"\\]|\\.)*)")?\s*\)\s*AS\s+\?(\w+)',
        sparql,
        flags=re.IGNORECASE,
    )
    return {m.group(2): m.group(1) if m.group(1) is not None else " " for m in found}
