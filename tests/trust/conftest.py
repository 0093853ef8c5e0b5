"""Fixtures of the trust tests (issue 6: nothing lost, nothing let in). Stores are the real ones of
tests/conftest.py; nothing is mocked.

- ``writable_settings``: the store's settings with a write token (``WRITER_TOKEN``, name ``default``) and a fresh
  history folder.
- ``region_09_kept``: saves the region 09 graph of ``store`` and puts it back after the test, so every other test
  sees the data as loaded.
- ``writable_server``: the API with ``writable_settings`` over ``store`` (both stores), served by a real uvicorn
  on 127.0.0.1 in a thread; its base URL. Region 09 is put back afterwards.
- ``recording_server``: a small HTTP server on 127.0.0.1 that answers anything and records every request: a URL
  pointing there that was never requested proves nothing fetched it. Its base URL and the list of requests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import uvicorn
from pydantic import SecretStr
from trust_models import REGION_09_GRAPH

from api.app import create_app
from sotekg.settings import Settings
from sotekg.store import Store

WRITER_TOKEN = "trust-suite-writer-3f1c9a"
STARTUP_TIMEOUT_S = 30.0


def bearer(token: str = WRITER_TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def writable_settings(store: Store, tmp_path: Path) -> Settings:
    return store.settings.model_copy(
        update={"token": SecretStr(WRITER_TOKEN), "tokens_file": None, "history_dir": tmp_path / "history"}
    )


@pytest.fixture
def region_09_kept(store: Store) -> Iterator[None]:
    saved = store.serialize_graph(REGION_09_GRAPH, "application/n-triples")
    try:
        yield
    finally:
        store.replace_graph(REGION_09_GRAPH, saved, "application/n-triples")


def run_in_thread(app, port: int, **config) -> tuple[uvicorn.Server, threading.Thread]:
    """``app`` served by uvicorn on 127.0.0.1:``port`` in a daemon thread, once it has started; ``config``
    overrides uvicorn settings (e.g. ``log_config=None`` so its logs reach pytest's ``caplog``)."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, **{"log_level": "warning", **config})
    )
    thread = threading.Thread(target=server.run, name=f"uvicorn-trust-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        server.should_exit = True
        pytest.fail(f"uvicorn on port {port} did not start within {STARTUP_TIMEOUT_S:g} s")
    return server, thread


@pytest.fixture
def writable_server(
    store: Store, writable_settings: Settings, unused_port: int, region_09_kept: None
) -> Iterator[str]:
    server, thread = run_in_thread(create_app(writable_settings, store=store), unused_port)
    try:
        yield f"http://127.0.0.1:{unused_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def recording_server() -> Iterator[tuple[str, list[str]]]:
    requests: list[str] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(f"{self.command} {self.path}")
            body = b'{"@context": {"p": "https://example.org/p"}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, name="recording-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
