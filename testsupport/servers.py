"""Local SPARQL servers for the test suite and the benchmark, each on 127.0.0.1 with free ports and its data in
a folder it is given; ``stop()`` ends it. Used by tests/conftest.py (the remote-store fixtures) and bench/.

- ``start_oxigraph(folder)``: ``oxigraph serve`` (the CLI beside this Python) with ``--union-default-graph`` (the
  project's SPARQL default graph, docs/decisions/0001); its ``url`` has ``/query``, ``/update`` and ``/store``.
- ``start_virtuoso(folder)``: Debian's Virtuoso 7 (``virtuoso-t``, package ``virtuoso-opensource``; installed by
  scripts/install_system_packages.sh) with an ini file of its own in ``folder`` — SQL and HTTP ports, a result-row limit
  above what the lookup index reads (the package's default cuts answers at 10,000 rows), and the update right
  granted to the anonymous ``SPARQL`` user, as docs/sparql-servers.md tells users to. Its ``url`` + ``/sparql``
  takes queries and updates. ``virtuoso_missing()`` says why it cannot run here, or None.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
STARTUP_TIMEOUT_S = 30.0


class ServerFailed(RuntimeError):
    """The server exited or did not answer in time; the message ends with its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready: Callable[[], bool], what: str, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
    """Poll ``ready`` every 0.05 s until it is true; ServerFailed after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.05)
    raise ServerFailed(f"{what} not ready after {timeout_s:g} s")


@dataclass
class OxigraphServer:
    """A running ``oxigraph serve``."""

    process: subprocess.Popen
    url: str
    log_path: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_oxigraph(folder: Path, timeout_s: float = STARTUP_TIMEOUT_S) -> OxigraphServer:
    """Start ``oxigraph serve`` with its data in ``folder/data`` and its log in ``folder/oxigraph.log``."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = folder / "oxigraph.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                str(OXIGRAPH),
                "serve",
                "--location",
                str(folder / "data"),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = OxigraphServer(process, url, log_path)
    await_answer(server, f"{url}/query", [log_path], timeout_s)
    return server


def await_answer(server: OxigraphServer, query_url: str, logs: list[Path], timeout_s: float) -> None:
    """Wait until ``query_url`` answers ``ASK {}``; ServerFailed (the server stopped, with the end of its
    logs) if the process exits or ``timeout_s`` passes."""
    process = server.process

    def answers() -> bool:
        if process.poll() is not None:
            tails = " ".join(log.read_text()[-2000:] for log in logs if log.exists())
            raise ServerFailed(f"{process.args[0]} exited with {process.returncode}: {tails}")
        try:
            return httpx.get(query_url, params={"query": "ASK {}"}, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(answers, f"{process.args[0]} on {server.url}", timeout_s)
    except ServerFailed:
        server.stop()
        raise


VIRTUOSO = "virtuoso-t"
VIRTUOSO_ISQL = "isql-vt"
VIRTUOSO_RESULT_ROWS = 10_000_000  # [SPARQL] ResultSetMaxRows: above any answer the index reads
VIRTUOSO_INI = """[Database]
DatabaseFile = {data}/virtuoso.db
ErrorLogFile = {data}/virtuoso.log
LockFile = {data}/virtuoso.lck
TransactionFile = {data}/virtuoso.trx
xa_persistent_file = {data}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {data}/virtuoso-temp.db
TransactionFile = {data}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {data}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 400
"""
GRANT_UPDATE = 'GRANT SPARQL_UPDATE TO "SPARQL";'


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot be started here (its programs are missing), or None."""
    missing = [name for name in (VIRTUOSO, VIRTUOSO_ISQL) if shutil.which(name) is None]
    if missing:
        return (
            f"{' and '.join(missing)} not found: Debian's virtuoso-opensource is not installed "
            "(bash scripts/install_system_packages.sh)"
        )
    return None


@dataclass
class VirtuosoServer(OxigraphServer):
    """A running ``virtuoso-t``; ``sql_port`` is its isql port (user ``dba``, password ``dba``)."""

    sql_port: int = 0


def start_virtuoso(folder: Path, timeout_s: float = 120.0) -> VirtuosoServer:
    """Start Virtuoso with its database, ini file and log in ``folder``; grant SPARQL updates; wait for HTTP."""
    reason = virtuoso_missing()
    if reason:
        raise ServerFailed(reason)
    data = folder / "virtuoso"
    data.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = data / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(data=data, sql_port=sql_port, http_port=http_port, max_rows=VIRTUOSO_RESULT_ROWS)
    )
    log_path = folder / "virtuoso-stdout.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)],
            cwd=data,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{http_port}"
    server = VirtuosoServer(process, url, data / "virtuoso.log", sql_port)
    await_answer(server, f"{url}/sparql", [log_path, data / "virtuoso.log"], timeout_s)
    try:
        isql(server, GRANT_UPDATE)
    except (ServerFailed, subprocess.SubprocessError):
        server.stop()
        raise
    return server


def isql(server: VirtuosoServer, statement: str) -> str:
    """Run one SQL statement on the server as ``dba``; its output (CalledProcessError on a failure)."""
    done = subprocess.run(
        [VIRTUOSO_ISQL, f"127.0.0.1:{server.sql_port}", "dba", "dba", f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    if "Error" in done.stdout or "Error" in done.stderr:
        raise ServerFailed(f"isql {statement!r}: {done.stdout[-1000:]} {done.stderr[-1000:]}")
    return done.stdout
