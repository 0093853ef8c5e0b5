"""``python -m bench [--quick]``: every figure of issue 5, baseline and ours side by side in one run.

Prints a Markdown table (medians, min–max spreads, ratios, targets) and writes the results as JSON: a full run to
bench/results.json and into the results block of bench/README.md, a ``--quick`` run (under a minute: fewer
rounds, a smaller catalogue, no rdflib query on it, no scale server) to bench/out/results-quick.json.
Work files (synthetic catalogues, stores, logs) go to bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sotekg.settings import Settings
from sotekg.synth import write_catalogue
from testsupport.servers import start_oxigraph

from . import http, loading, ptv_import, servers, startup, validation, writes
from .measure import ROOT, Row, Sample, as_json, row_from_json, table

OUT = ROOT / "bench" / "out"
SECTIONS = [
    "validation",
    "load",
    "start-up",
    "embedded store",
    "remote store (Oxigraph server)",
    servers.SECTION,
    "scale",
    "PTV import",
    "writes at scale",
]
README = ROOT / "bench" / "README.md"
BEGIN, END = "<!-- results: begin -->", "<!-- results: end -->"
SOTEKG = Path(sys.executable).parent / "sotekg"


@dataclass(frozen=True)
class Plan:
    """How much of everything a run measures."""

    centres: int  # synthetic centres per region for load, query and scale
    validation_rounds: int  # for data/regions/09.ttl; one less for the synthetic region (at least one)
    starts: int
    writes: int  # PUTs per N in "writes at scale"
    http_rounds: int
    http_seconds: float
    lookups: list[str]
    scale: bool


QUICK = Plan(100, 2, 1, 1, 2, 1.0, ["GET /regions/{code}/services"], scale=False)
FULL = Plan(1000, 7, 5, 3, 4, 5.0, list(http.LOOKUPS), scale=True)


def catalogue(settings: Settings, centres: int) -> Path:
    """The synthetic catalogue with ``centres`` per region (seeded: reused when already written)."""
    folder = OUT / f"synthetic-{centres}"
    if len(list(folder.glob("*.ttl"))) != 22:
        shutil.rmtree(folder, ignore_errors=True)
        write_catalogue(settings, folder, regions=22, centres_per_region=centres)
    return folder


def remote_rows(plan: Plan) -> list[Row]:
    """The same lookups on an Oxigraph server the bench starts and fills with ``sotekg load --endpoint``."""
    folder = OUT / "oxigraph"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    server = start_oxigraph(folder)
    try:
        endpoint = f"{server.url}/query"
        subprocess.run(
            [str(SOTEKG), "load", "--endpoint", endpoint], cwd=ROOT, check=True, capture_output=True
        )
        environment = {"SOTEKG_STORE": "remote", "SOTEKG_ENDPOINT": endpoint}
        with http.bench_server(environment, OUT / "server-remote.log") as url:
            return http.lookup_rows(
                "remote store (Oxigraph server)",
                url,
                plan.lookups[:1],
                plan.http_rounds,
                plan.http_seconds,
                True,
            )
    finally:
        server.stop()


def scale_rows(plan: Plan, synthetic: Path) -> list[Row]:
    """A persistent store with the shipped data and the synthetic catalogue, served: every endpoint, lookups."""
    store_dir = OUT / f"store-{plan.centres}"
    shutil.rmtree(store_dir, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [str(SOTEKG), "load", "--store-dir", str(store_dir), "--synthetic", str(synthetic)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    rows = [
        Row(
            "scale",
            "sotekg load --store-dir --synthetic (persistent store)",
            Sample([time.perf_counter() - start], "s"),
        )
    ]
    for environment, note in (
        ({}, "default settings"),
        ({"SOTEKG_QUERY_TIMEOUT_S": "600"}, "query limit raised to 600 s (SOTEKG_QUERY_TIMEOUT_S)"),
    ):
        start = time.perf_counter()
        try:
            with http.bench_server(
                {"SOTEKG_STORE_DIR": str(store_dir), **environment}, OUT / "server-scale.log", 1800
            ) as url:
                return rows + _served_at_scale(plan, url, time.perf_counter() - start, note)
        except RuntimeError as error:
            last = [line for line in str(error).splitlines() if line.strip()]
            rows.append(Row("scale", f"server start with {note}: FAILED ({last[-2] if len(last) > 1 else last[-1]})",
                            Sample([time.perf_counter() - start], "s"), target="starts", holds=False))  # fmt: skip
    return rows


def _served_at_scale(plan: Plan, url: str, healthy: float, note: str) -> list[Row]:
    rows = [
        Row("scale", f"server start to healthy /health (lookup index built), {note}", Sample([healthy], "s"))
    ]
    synthetic_centre = f"/centres/synth-{http.REGION}-sote-keskus-0001"
    answers, all_ok = http.every_endpoint(
        url, [synthetic_centre], (ROOT / "data/regions/09.ttl").read_bytes()
    )
    slowest = max(answers, key=lambda name: answers[name][1])
    failed = [
        f"{name}: {status or 'no answer'}" for name, (status, _) in answers.items() if not 200 <= status < 300
    ]
    rows.append(
        Row("scale", f"every API endpoint answers ({len(answers)} requests), slowest", Sample([answers[slowest][1]], "s"),
            target="all 2xx", holds=all_ok, note=f"slowest {slowest}" + (f"; failed {failed}" if failed else ""),
            extra={"answers": answers})
    )  # fmt: skip
    rows += http.lookup_rows("scale", url, plan.lookups[:1], plan.http_rounds, plan.http_seconds, True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    parser.add_argument("--quick", action="store_true", help="a smoke run under a minute")
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        help="re-run one section of the full run and replace its rows in bench/results.json (noted there)",
    )
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    OUT.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    began = time.perf_counter()

    def synthetic() -> Path:  # written when a section needs it (not for --only of a section that does not)
        return catalogue(settings, plan.centres)

    def embedded() -> list[Row]:
        with http.bench_server({"SOTEKG_STORE": "embedded"}, OUT / "server-embedded.log") as url:
            return http.lookup_rows(
                "embedded store", url, plan.lookups, plan.http_rounds, plan.http_seconds, True
            )

    sections: list[tuple[str, Callable[[], list[Row]]]] = [
        # the validation region: about 11 k triples
        (
            "validation",
            lambda: validation.run(settings, catalogue(settings, 100) / "01.ttl", plan.validation_rounds),
        ),
        ("load", lambda: loading.run(synthetic(), plan.centres, args.quick)),
        ("start-up", lambda: startup.run(OUT, plan.starts)),
        ("embedded store", embedded),
        ("remote store (Oxigraph server)", lambda: remote_rows(plan)),
        (servers.SECTION, lambda: servers.run(OUT, plan.http_rounds, plan.http_seconds)),
    ]
    if plan.scale:
        sections.append(("scale", lambda: scale_rows(plan, synthetic())))
    sections.append(("PTV import", lambda: ptv_import.run(1 if args.quick else 3)))
    write_catalogues = {0: None, **{n: catalogue(settings, n) for n in sorted({100, plan.centres})}}
    sections.append(
        ("writes at scale", lambda: writes.run(OUT, write_catalogues, plan.starts, plan.writes, (0, 100)))
    )
    command = "python -m bench" + (" --quick" if args.quick else "")
    out = OUT / "results-quick.json" if args.quick else ROOT / "bench" / "results.json"
    rows: list[Row] = []
    reruns: list[dict] = []
    full_run: dict = {}  # with --only: the machine and load generator of the full run stay in the header
    if args.only:
        previous = json.loads(out.read_text(encoding="utf-8"))
        rerun = {"section": args.only, "at": _now(), "load_generator": _load_generator()}
        command, reruns = previous["command"], [*previous.get("reruns", []), rerun]
        full_run = {key: previous[key] for key in ("machine", "load_generator")}
        began -= previous["seconds"]
        sections = [(name, section) for name, section in sections if name == args.only]
        rows = [row_from_json(row) for row in previous["rows"] if row["section"] != args.only]
    for name, section in sections:
        try:
            rows += section()
        except Exception as error:  # noqa: BLE001 — a section that breaks is a result too; the others still run
            rows.append(Row(name, f"FAILED: {type(error).__name__}: {str(error).splitlines()[0][:200]}",
                            Sample([], ""), holds=False))  # fmt: skip
        rows.sort(key=lambda row: SECTIONS.index(row.section))  # a re-run section back in its place
        result = _result(command, began, rows) | full_run | {"reruns": reruns}
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    markdown = table(rows)
    print(markdown)
    if not args.quick:
        _write_readme_block(markdown, result)
    print(f"\n{command}: {result['seconds']} s; results in {out.relative_to(ROOT)}")


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


def _result(command: str, began: float, rows: list[Row]) -> dict:
    return {
        "command": command,
        "seconds": round(time.perf_counter() - began, 1),
        "machine": {"python": platform.python_version(), "cpus": _cpus(), "platform": platform.platform()},
        "load_generator": _load_generator(),
        "rows": as_json(rows),
    }


def _load_generator() -> str:
    return "wrk" if shutil.which("wrk") else "asyncio (httpx)"


def _cpus() -> int:
    return len(os.sched_getaffinity(0))


def _write_readme_block(markdown: str, result: dict) -> None:
    text = README.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    reruns = "".join(
        f"; section {r['section']} re-run with `--only` at {r['at']}"
        + (
            f" (load generator then: {r['load_generator']})"
            if r.get("load_generator", result["load_generator"]) != result["load_generator"]
            else ""
        )
        for r in result["reruns"]
    )
    block = (
        f"{BEGIN}\n`{result['command']}` — {result['seconds']:.0f} s, {result['machine']['cpus']} CPUs, "
        f"Python {result['machine']['python']}, load by {result['load_generator']}{reruns}\n\n{markdown}\n{END}"
    )
    README.write_text(head + block + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
