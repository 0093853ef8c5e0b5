"""Shared fixtures: the real stores every test runs against. No store is ever mocked.

Session fixtures (started once, shared by all tests of a pytest worker):

- ``settings``: the project's settings, pointing at this repository, embedded store, default limits.
- ``embedded_store``: pyoxigraph in memory, filled with the default graphs.
- ``oxigraph_server``: a real ``oxigraph serve`` on 127.0.0.1 with a free port, a temporary folder and
  ``--union-default-graph``; its base URL. Killed at the end of the session.
- ``virtuoso_server``: a real Virtuoso 7 (Debian's ``virtuoso-opensource``, installed by scripts/test.sh) on
  127.0.0.1 with free ports and its database in a temporary folder, updates granted; its base URL. Stopped at
  the end of the session. Skipped, with the reason, only if the package is not installed.
- ``oxigraph_store`` / ``virtuoso_store``: each server as a remote store, filled by ``sotekg load --endpoint``.
- ``remote_settings`` / ``remote_store``: parametrised over ``oxigraph`` and ``virtuoso``.
- ``store``: parametrised over ``embedded``, ``oxigraph`` and ``virtuoso``; a test taking it runs once on each
  store, and should assert the same things on all.
- ``live_server``: the API served by a real uvicorn on 127.0.0.1 (a free port, in a thread) over ``store``; its
  base URL, for real HTTP clients (SPARQLWrapper, rdflib's SPARQLStore, httpx).

Per test:

- ``api_client``: a FastAPI TestClient over ``create_app`` with ``store`` (so also run on both stores).
  For other settings (tighter limits), build one: ``TestClient(create_app(store.settings.model_copy(update=…),
  store=store))``.

Tests that change a store write only to a ``scratch_graph`` (a fresh named graph, dropped afterwards), so the
default graphs stay as loaded for every other test.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from rdflib import Graph

from api.app import create_app
from sotekg import cli
from sotekg.settings import Settings, StoreKind
from sotekg.store import Store, open_store
from testsupport.servers import (
    OxigraphServer,
    ServerFailed,
    free_port,
    start_oxigraph,
    start_virtuoso,
    virtuoso_missing,
)
from testsupport.servers import wait_until as poll_until

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 30.0
SCRATCH_GRAPH_BASE = "https://w3id.org/sotekg/graph/test/"


def wait_until(ready: Callable[[], bool], what: str, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
    """Poll ``ready`` until it is true; fail the test run after ``timeout_s``."""
    try:
        poll_until(ready, what, timeout_s)
    except ServerFailed as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def slow_query() -> str:
    """A query that keeps either engine busy for about 1 s whatever the data (a cross product of inline
    VALUES): for time-limit tests, with a limit well under that."""
    values = " ".join(
        f"VALUES ?{v} {{ {' '.join(map(str, range(3 if v == 'd' else 100)))} }}" for v in "abcd"
    )
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {values} FILTER(?a + ?b + ?c + ?d >= 0) }}"


@pytest.fixture
def unused_port() -> int:
    """A port on 127.0.0.1 where nothing listens: an endpoint that cannot be reached."""
    return free_port()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(root=ROOT, store=StoreKind.embedded, endpoint=None, update_endpoint=None, store_dir=None)


@pytest.fixture(scope="session")
def embedded_store(settings: Settings) -> Iterator[Store]:
    store = open_store(settings)
    yield store
    store.close()


def running(start: Callable[[Path], OxigraphServer], folder: Path) -> Iterator[str]:
    """Start a server in ``folder`` (a failure fails the run), yield its base URL, stop it afterwards."""
    try:
        server = start(folder)
    except ServerFailed as error:
        pytest.fail(str(error))
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real Oxigraph server (``/query``, ``/update``, ``/store``): testsupport.servers."""
    yield from running(start_oxigraph, tmp_path_factory.mktemp("oxigraph"))


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real Virtuoso 7 (``/sparql`` for queries and updates): testsupport.servers."""
    reason = virtuoso_missing()
    if reason:
        pytest.skip(reason)
    yield from running(start_virtuoso, tmp_path_factory.mktemp("virtuoso"))


def filled_remote_store(settings: Settings, endpoint: str) -> Store:
    """A remote store at ``endpoint``, filled the way users fill theirs: ``sotekg load --endpoint URL``."""
    assert cli.main(["load", "--endpoint", endpoint]) == 0
    return open_store(settings.model_copy(update={"store": StoreKind.remote, "endpoint": endpoint}))


@pytest.fixture(scope="session")
def oxigraph_store(settings: Settings, oxigraph_server: str) -> Store:
    return filled_remote_store(settings, f"{oxigraph_server}/query")


@pytest.fixture(scope="session")
def virtuoso_store(settings: Settings, virtuoso_server: str) -> Store:
    return filled_remote_store(settings, f"{virtuoso_server}/sparql")


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def remote_store(request: pytest.FixtureRequest) -> Store:
    """Each SPARQL server in turn."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture(scope="session")
def remote_settings(remote_store: Store) -> Settings:
    return remote_store.settings


@pytest.fixture(scope="session", params=["embedded", "oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Store:
    """Each store in turn: a test using this fixture runs on all three."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def scratch_graph(store: Store) -> Iterator[str]:
    """A fresh named graph IRI for a test to write to; dropped afterwards."""
    iri = f"{SCRATCH_GRAPH_BASE}{uuid.uuid4().hex}"
    yield iri
    store.replace_graph(iri, Graph())


@pytest.fixture
def api_client(store: Store) -> Iterator[TestClient]:
    """The API over ``store``, in process."""
    with TestClient(create_app(store.settings, store=store)) as client:
        yield client


@pytest.fixture(scope="session")
def live_server(store: Store) -> Iterator[str]:
    """Base URL of the API served by uvicorn over ``store`` on 127.0.0.1 (one server per store and session)."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(store.settings, store=store), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, name=f"uvicorn-{store.kind}", daemon=True)
    thread.start()
    wait_until(lambda: server.started or not thread.is_alive(), f"uvicorn on port {port}")
    if not server.started:
        pytest.fail(f"uvicorn on port {port} did not start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
