"""HTTP figures: the API's lookups against a bare endpoint returning the same prepared bytes, in the same server
process (bench.app), loaded by ``wrk`` (or an asyncio client if wrk is missing) in interleaved rounds; one
uvicorn worker (uvloop, httptools) on 127.0.0.1, because the lookup index lives in the process's memory and an
in-memory store cannot be shared by two worker processes."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from testsupport.servers import free_port, wait_until

from .measure import ROOT, Row, Sample

CONNECTIONS = 16
THREADS = 2
TARGET_RATIO = 0.7
TARGET_P99 = 3.0
ENDPOINT_TIMEOUT_S = 300.0
REGION = "09"
# name → (the API path, the floor resource of the same bytes)
LOOKUPS = {
    "GET /regions/{code}/services": (f"/regions/{REGION}/services", f"/bench/floor/region-services/{REGION}"),
    "GET /regions/{code}": (f"/regions/{REGION}", f"/bench/floor/region/{REGION}"),
    "GET /centres/{id}": ("/centres/09-sote-keskus", "/bench/floor/centre/09-sote-keskus"),
    "GET /services/{code}/regions": (
        "/services/oral-health-care/regions",
        "/bench/floor/service-regions/oral-health-care",
    ),
    "GET /municipalities/{code}": ("/municipalities/398", "/bench/floor/municipality/398"),
}


@contextmanager
def bench_server(environment: dict[str, str], log: Path, startup_timeout_s: float = 60.0) -> Iterator[str]:
    """uvicorn serving bench.app with ``environment`` (SOTEKG_* settings); its base URL once /health answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.app:create_bench_app",
        "--factory",
        "--host",
        "127.0.0.1",
    ]
    command += ["--port", str(port), "--loop", "uvloop", "--http", "httptools", "--workers", "1"]
    command += ["--log-level", "warning", "--no-access-log"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **environment}, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_until(lambda: _healthy(url, process, log), f"bench server on {url}", startup_timeout_s)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _healthy(url: str, process: subprocess.Popen, log: Path) -> bool:
    if process.poll() is not None:
        raise RuntimeError(f"the server exited with {process.returncode}: {log.read_text()[-2000:]}")
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def load(url: str, seconds: float) -> dict[str, float]:
    """Requests per second and p50/p99 latency (ms) of ``url`` under CONNECTIONS connections for ``seconds``."""
    if shutil.which("wrk"):
        return _wrk(url, seconds)
    return asyncio.run(_asyncio_load(url, seconds))


def _wrk(url: str, seconds: float) -> dict[str, float]:
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds:g}s",
        "--timeout",
        "10s",
        "--latency",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    socket_errors = sum(int(n) for n in errors.groups()) if errors else 0
    latency = {
        p: _ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    }
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50_ms": latency.get("50", float("nan")),
        "p99_ms": latency.get("99", float("nan")),
        "errors": float(socket_errors + (int(failed.group(1)) if failed else 0)),
    }


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


async def _asyncio_load(url: str, seconds: float) -> dict[str, float]:
    """As wrk: non-2xx answers and timeouts (10 s) are counted as errors, not raised."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=CONNECTIONS)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                try:
                    answer = await client.get(url)
                except httpx.TimeoutException:
                    errors += 1
                    continue
                latencies.append((time.perf_counter() - start) * 1000)
                errors += not answer.is_success

        await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) if latencies else float("nan"),
        "p99_ms": latencies[max(0, int(len(latencies) * 0.99) - 1)] if latencies else float("nan"),
        "errors": float(errors),
    }


def compare(
    url: str, paths: dict[str, str], rounds: int, seconds: float
) -> dict[str, dict[str, list[float]]]:
    """Each path loaded once per round, the order rotating from round to round; samples by path name."""
    for name, path in paths.items():  # warm; the API and the floor must answer, the SPARQL route may not
        answer = httpx.get(url + path, timeout=60)
        if name != "sparql":
            answer.raise_for_status()
    samples: dict[str, dict[str, list[float]]] = {
        name: {"rps": [], "p50_ms": [], "p99_ms": [], "errors": []} for name in paths
    }
    names = list(paths)
    for number in range(rounds):
        for name in names[number % len(names) :] + names[: number % len(names)]:
            for key, value in load(url + paths[name], seconds).items():
                samples[name][key].append(value)
    return samples


def lookup_rows(
    section: str, url: str, lookups: list[str], rounds: int, seconds: float, sparql: bool
) -> list[Row]:
    """Rows for ``lookups`` (names of LOOKUPS) against the floor, and one SPARQL per request for the first."""
    rows = []
    for name in lookups:
        ours_path, floor_path = LOOKUPS[name]
        paths = {"ours": ours_path, "floor": floor_path}
        if sparql and name == lookups[0]:
            paths["sparql"] = f"/bench/sparql/{REGION}"
        found = compare(url, paths, rounds, seconds)
        p50 = {path: statistics.median(found[path]["p50_ms"]) for path in found}
        rows.append(
            _against_floor(
                section, name, found, "req/s", "ours", "rps", "req/s", f"≥ {TARGET_RATIO:g}× floor req/s"
            )
        )
        rows.append(
            _against_floor(section, name, found, "p99 latency", "ours", "p99_ms", "ms", f"≤ {TARGET_P99:g}× floor p99",
                          f"p50 {p50['ours']:.2f} ms vs {p50['floor']:.2f} ms")
        )  # fmt: skip
        if "sparql" in found:
            errors = sum(found["sparql"]["errors"])
            note = f"p50 {p50['sparql']:.1f} ms, {errors:.0f} errors, timeouts or non-2xx answers; for comparison"
            rows.append(
                _against_floor(
                    section,
                    name,
                    found,
                    "as one SPARQL query per request, req/s",
                    "sparql",
                    "rps",
                    "req/s",
                    note=note,
                )
            )
    return rows


def _against_floor(
    section: str,
    name: str,
    found: dict,
    figure: str,
    path: str,
    key: str,
    unit: str,
    target: str = "",
    note: str = "",
) -> Row:
    """One row: ``found[path][key]`` against the floor's, their ratio, and whether the target (if any) holds."""
    floor = found["floor"][key]
    ratio = statistics.median(found[path][key]) / statistics.median(floor)
    limit = {"rps": TARGET_RATIO, "p99_ms": TARGET_P99}[key]
    failures = sum(found[path]["errors"])
    holds = (ratio >= limit if key == "rps" else ratio <= limit) and not failures if target else None
    if failures and target:
        note = f"{note}; {failures:.0f} errors, timeouts or non-2xx answers".lstrip("; ")
    return Row(section, f"{name} {figure}", Sample(found[path][key], unit), Sample(floor, unit), "prepared bytes",
               ratio, target, holds, note)  # fmt: skip


ENDPOINTS = [
    "/health",
    "/regions",
    f"/regions/{REGION}",
    f"/regions/{REGION}/services",
    f"/regions/{REGION}/model",
    f"/regions/{REGION}/model/history",
    "/centres/09-sote-keskus",
    "/services",
    "/services/oral-health-care/regions",
    "/municipalities/398",
    "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
    "/queries",
    "/queries/analytics/coverage-matrix",
    "/network/partners",
    "/plots/coverage.svg",
]


def every_endpoint(
    url: str, extra: list[str], validate_body: bytes
) -> tuple[dict[str, tuple[int, float]], bool]:
    """Each GET endpoint once, and POST /validate: status and seconds by path; whether all answered 2xx."""
    answers: dict[str, tuple[int, float]] = {}
    with httpx.Client(base_url=url, timeout=120) as client:
        for path in ENDPOINTS + extra:
            start = time.perf_counter()
            status = client.get(path).status_code
            answers[f"GET {path}"] = (status, time.perf_counter() - start)
        start = time.perf_counter()
        status = client.post(
            "/validate", content=validate_body, headers={"Content-Type": "text/turtle"}
        ).status_code
        answers["POST /validate"] = (status, time.perf_counter() - start)
    return answers, all(200 <= status < 300 for status, _ in answers.values())
