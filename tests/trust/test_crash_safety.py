"""Nothing lost: ``kill -9`` of ``sotekg serve --store-dir`` at any moment of a ``PUT /regions/09/model``.

A real server process (``python -m sotekg.cli serve``) on a persistent embedded store writes model A or B while
the test SIGKILLs it after a random delay, restarts it, and checks:

- the region holds the whole old model or the whole new one (isomorphic to A or B), never a mix;
- a PUT that was answered 200 before the kill survived it (an acknowledged write is never lost);
- the history folder holds only whole versions (every metadata file parses, every model file matches its SHA-256)
  and the API still lists them;
- nothing that was ever current is lost from the history: after a last accepted PUT, the history's versions,
  read in order, are exactly the models the region held one after another (shipped, A, B, then whatever each
  restart found) — also when a kill fell between the store's commit and the history record, which the next
  write then keeps as an ``unrecorded`` version.

The first kill comes as soon as a new file appears in the history folder (the store has committed the new
model and its version is being written: the window where a write is in the store but not yet in the history);
later kill delays are drawn from a seeded random (``SOTEKG_TRUST_SEED`` to replay a run) over the duration of a warm
PUT of B after a restart, measured first; the validator is warmed after each restart so the delay covers
validation and the write, not start-up. Bounded: at most ``ITERATIONS`` kills and ``BUDGET_S`` seconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import WRITER_TOKEN, bearer
from rdflib import Graph
from trust_models import MODEL_A, MODEL_B, ROOT, SHIPPED_09, TURTLE, turtle_graph

ITERATIONS = 8
BUDGET_S = 30.0
MIN_ITERATIONS = 3
STARTUP_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 60.0
SEED = int(os.environ.get("SOTEKG_TRUST_SEED", "20231023"))
TINY_MODEL = b"<https://w3id.org/sotekg/id/centre/09-warm-up> a <https://w3id.org/sotekg/def#SoteCentre> ."
MODELS = {"A": turtle_graph(MODEL_A), "B": turtle_graph(MODEL_B)}
KNOWN = {"shipped": turtle_graph(SHIPPED_09), **MODELS}
BODIES = {"A": MODEL_A, "B": MODEL_B}


class ServerProcess:
    """``sotekg serve --store-dir`` as a child process that the test may SIGKILL."""

    def __init__(self, store_dir: Path, port: int, log: Path):
        self.store_dir, self.port, self.log = store_dir, port, log
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        environment = {name: value for name, value in os.environ.items() if not name.startswith("SOTEKG_")}
        environment["SOTEKG_TOKEN"] = WRITER_TOKEN
        command = [sys.executable, "-m", "sotekg.cli", "serve", "--store-dir", str(self.store_dir)]
        command += ["--port", str(self.port), "--log-level", "warning"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=log)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"sotekg serve exited with {self.process.returncode}: {self.log.read_text()[-2000:]}"
                )
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        pytest.fail(f"sotekg serve not ready after {STARTUP_TIMEOUT_S:g} s: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def put(url: str, name: str) -> httpx.Response:
    return httpx.put(
        f"{url}/regions/09/model",
        content=BODIES[name],
        headers={**TURTLE, **bearer()},
        timeout=REQUEST_TIMEOUT_S,
    )


def which_model(ntriples: bytes, candidates: dict[str, Graph]) -> str | None:
    graph = Graph().parse(data=ntriples, format="nt")
    return next((name for name, model in candidates.items() if graph.isomorphic(model)), None)


def stored_model(url: str) -> str:
    """Which of A and B the region holds now; fails the test for anything else."""
    response = httpx.get(
        f"{url}/regions/09/model", headers={"Accept": "application/n-triples"}, timeout=REQUEST_TIMEOUT_S
    )
    assert response.status_code == 200, response.text
    found = which_model(response.content, MODELS)
    assert found, (
        f"region 09 holds neither model A nor model B: a partial write ({len(response.content)} bytes)"
    )
    return found


def history_files(folder: Path) -> set[str]:
    """Every file in a region's history folder, temporary ones included."""
    return {path.name for path in (folder / "09").iterdir()}


def collapsed(names: list[str]) -> list[str]:
    """``names`` without consecutive repeats (a killed write that changed nothing adds no state)."""
    return [name for position, name in enumerate(names) if position == 0 or names[position - 1] != name]


def check_history(url: str, folder: Path) -> list[str]:
    """Every version on disk is whole and the API lists exactly those; which model each version is."""
    listed = httpx.get(f"{url}/regions/09/model/history", timeout=REQUEST_TIMEOUT_S)
    assert listed.status_code == 200, listed.text
    versions = listed.json()["versions"]
    on_disk = sorted((folder / "09").glob("[0-9][0-9][0-9][0-9][0-9][0-9].json"))
    assert [int(path.stem) for path in on_disk] == [version["version"] for version in versions]
    for path, version in zip(on_disk, versions, strict=True):
        assert json.loads(path.read_text(encoding="utf-8")) == version
        body = path.with_suffix(".nt").read_bytes()
        assert hashlib.sha256(body).hexdigest() == version["sha256"], (
            f"{path.with_suffix('.nt')} is not whole"
        )
        assert body.count(b"\n") == version["triples"]
    names = [which_model(path.with_suffix(".nt").read_bytes(), KNOWN) for path in on_disk]
    assert None not in names, f"a version is none of shipped, A, B: {names}"
    return names  # type: ignore[return-value]


def warm_up(url: str) -> None:
    """Build the server's validator (once per process) so a PUT's duration is validation and writing."""
    response = httpx.post(f"{url}/validate", content=TINY_MODEL, headers=TURTLE, timeout=REQUEST_TIMEOUT_S)
    assert response.status_code == 200 and response.json()["conforms"] is False


def test_kill_9_during_puts_loses_nothing(tmp_path: Path, unused_port: int):
    rng = random.Random(SEED)
    server = ServerProcess(tmp_path / "store", unused_port, tmp_path / "serve.log")
    history = tmp_path / "store" / "history"
    outcomes: list[tuple[str, str, float, int | None]] = []  # (target, found, delay, status of the PUT)
    try:
        server.start()
        assert put(server.url, "A").status_code == 200
        server.kill()  # a kill while idle, and the measured PUT below runs as the loop's PUTs do: after a restart
        server.start()
        assert stored_model(server.url) == "A"
        warm_up(server.url)
        started = time.monotonic()
        assert put(server.url, "B").status_code == 200
        typical_put_s = time.monotonic() - started
        current = stored_model(server.url)
        assert current == "B"
        check_history(server.url, history)

        budget_end = time.monotonic() + BUDGET_S
        for _ in range(ITERATIONS):
            if time.monotonic() > budget_end:
                break
            target = "A" if current == "B" else "B"
            delay = rng.uniform(0, typical_put_s)
            answer: dict[str, httpx.Response | Exception] = {}

            def write(target: str = target, answer: dict = answer) -> None:
                try:
                    answer["response"] = put(server.url, target)
                except httpx.HTTPError as error:  # the connection dies with the server
                    answer["response"] = error

            at_record = not outcomes  # the first kill: as soon as a version file is being written
            files = history_files(history)
            writer = threading.Thread(target=write, name="crash-test-put")
            writer.start()
            if at_record:
                started = time.monotonic()
                while history_files(history) == files and writer.is_alive():
                    time.sleep(0.001)
                delay = time.monotonic() - started
            else:
                time.sleep(delay)
            server.kill()
            writer.join(timeout=REQUEST_TIMEOUT_S)
            assert not writer.is_alive()

            server.start()
            found = stored_model(server.url)
            response = answer["response"]
            status = response.status_code if isinstance(response, httpx.Response) else None
            if status is not None:
                assert status == 200, response.text  # type: ignore[union-attr]
                assert found == target, "a PUT answered 200 before the kill was lost"
            if at_record:
                assert found == target, "a version file was written before its model was committed"
            outcomes.append((target, found, round(delay, 3), status))
            check_history(server.url, history)
            current = found
            warm_up(server.url)

        assert len(outcomes) >= MIN_ITERATIONS, (
            f"only {len(outcomes)} kills within {BUDGET_S:g} s: {outcomes}"
        )

        # a last accepted write; the history then holds every model the region held, in order
        target = "A" if current == "B" else "B"
        response = put(server.url, target)
        assert response.status_code == 200, response.text
        assert stored_model(server.url) == target
        held = ["shipped", "A", "B", *(found for _, found, _, _ in outcomes), target]
        assert check_history(server.url, history) == collapsed(held), outcomes
        newest = httpx.get(
            f"{server.url}/regions/09/model/history/{response.json()['version']}",
            headers={"Accept": "text/turtle"},
            timeout=REQUEST_TIMEOUT_S,
        )
        assert turtle_graph(newest.content).isomorphic(MODELS[target])
    finally:
        server.stop()
    print(f"crash test (seed {SEED}, typical PUT {typical_put_s:.2f} s): {outcomes}")
