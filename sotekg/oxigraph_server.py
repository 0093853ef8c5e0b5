"""A local Oxigraph server (the ``oxigraph`` CLI beside this Python) for the test suite and the benchmark.

``start_oxigraph(folder)`` runs ``oxigraph serve`` on 127.0.0.1 with a free port, a data folder and
``--union-default-graph`` (the project's SPARQL default graph, docs/decisions/0001), waits until it answers and
returns a handle whose ``url`` has ``/query``, ``/update`` and ``/store``; ``stop()`` ends it. Used by
tests/conftest.py (the remote store fixture) and bench/ (the remote-store figures).
"""

from __future__ import annotations

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

    def answers() -> bool:
        if process.poll() is not None:
            raise ServerFailed(
                f"oxigraph serve exited with {process.returncode}: {log_path.read_text()[-2000:]}"
            )
        try:
            return httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(answers, f"oxigraph serve on {url}", timeout_s)
    except ServerFailed:
        server.stop()
        raise
    return server
