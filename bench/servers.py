"""The two tested SPARQL servers side by side in one run (issue 13): Virtuoso 7 against Oxigraph server, each
started on 127.0.0.1 in bench/out/ (testsupport.servers), filled with ``sotekg load --endpoint`` and served by the
API. Per server: the load, the start to a healthy ``/health`` (the lookup index built from the server), a lookup
under load (``GET /regions/09/services``, served from the index), the coverage-matrix named query
(``GET /queries/analytics/coverage-matrix``, one query on the server per request) and a model replacement
(``PUT /regions/09/model``: validation, the replacement on the server, the index rebuilt). Virtuoso's figure is
"ours", Oxigraph server's the baseline; the ratio is Virtuoso ÷ Oxigraph (for req/s above 1 is faster, for
seconds below 1 is faster). No target: the figures say what a deployment on Virtuoso costs."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from testsupport.servers import start_oxigraph, start_virtuoso, virtuoso_missing

from . import http
from .measure import ROOT, Row, Sample, timed

SOTEKG = Path(sys.executable).parent / "sotekg"

SECTION = "SPARQL servers (Virtuoso ÷ Oxigraph server)"
TOKEN = "bench-writer"
MODEL = ROOT / "data" / "regions" / "09.ttl"


def _server_figures(
    start: Callable[[Path], object], path: str, out: Path, rounds: int, seconds: float
) -> dict:
    """One server's figures by name (the every-endpoint check as (sample, all 2xx, note))."""
    folder = out / path.strip("/").split("/")[0]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    server = start(folder)
    try:
        endpoint = f"{server.url}{path}"  # type: ignore[attr-defined]
        load_s = timed(
            lambda: subprocess.run(
                [str(SOTEKG), "load", "--endpoint", endpoint], cwd=ROOT, check=True, capture_output=True
            )
        )
        environment = {"SOTEKG_STORE": "remote", "SOTEKG_ENDPOINT": endpoint, "SOTEKG_TOKEN": TOKEN}
        began = time.perf_counter()
        with http.bench_server(environment, out / f"server-{folder.name}.log", 300) as url:
            healthy_s = time.perf_counter() - began
            answers, all_ok = http.every_endpoint(url, [], MODEL.read_bytes())
            lookup = [http.load(f"{url}/regions/{http.REGION}/services", seconds) for _ in range(rounds)]
            coverage = [
                timed(
                    lambda: httpx.get(
                        f"{url}/queries/analytics/coverage-matrix", timeout=120
                    ).raise_for_status()
                )
                for _ in range(rounds)
            ]
            headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
            put = [
                timed(lambda: httpx.put(f"{url}/regions/{http.REGION}/model", content=MODEL.read_bytes(),
                                        headers=headers, timeout=300).raise_for_status())
                for _ in range(rounds)
            ]  # fmt: skip
    finally:
        server.stop()  # type: ignore[attr-defined]
    failed = [f"{name}: {status}" for name, (status, _) in answers.items() if not 200 <= status < 300]
    return {
        f"every API endpoint answers ({len(answers)} requests), slowest": (
            Sample([max(seconds for _, seconds in answers.values())], "s"),
            all_ok,
            f"failed: {failed}" if failed else "all 2xx",
        ),
        "sotekg load": Sample([load_s], "s"),
        "start to healthy /health (lookup index built)": Sample([healthy_s], "s"),
        "GET /regions/{code}/services req/s (from the index)": Sample([r["rps"] for r in lookup], "req/s"),
        "GET /regions/{code}/services p99 latency": Sample([r["p99_ms"] for r in lookup], "ms"),
        "GET /queries/analytics/coverage-matrix": Sample(coverage, "s"),
        "PUT /regions/{code}/model (validate, replace, rebuild the index)": Sample(put, "s"),
    }


def run(out: Path, rounds: int, seconds: float) -> list[Row]:
    """Rows with Virtuoso's figures against Oxigraph server's, both measured in this run."""
    reason = virtuoso_missing()
    if reason:
        return [Row(SECTION, f"not measured: {reason}", Sample([], ""), holds=False)]
    oxigraph = _server_figures(start_oxigraph, "/query", out, rounds, seconds)
    virtuoso = _server_figures(start_virtuoso, "/sparql", out, rounds, seconds)
    rows = []
    for figure, ours in virtuoso.items():
        baseline, holds, note = oxigraph[figure], None, ""
        if isinstance(ours, tuple):  # the every-endpoint check: all 2xx on both servers
            (ours, ok, note), (baseline, baseline_ok, baseline_note) = ours, baseline
            holds, note = ok and baseline_ok, f"Virtuoso {note}; Oxigraph server {baseline_note}"
        ratio = round(statistics.median(ours.values) / statistics.median(baseline.values), 2)
        rows.append(Row(SECTION, figure, ours, baseline, "Oxigraph server", ratio,
                        "all 2xx" if holds is not None else "", holds, note))  # fmt: skip
    return rows
