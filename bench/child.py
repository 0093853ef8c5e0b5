"""What the benchmark runs in a fresh process, so that load times and peak memory are clean:

    python -m bench.child load oxigraph|rdflib [--synthetic DIR] [--coverage-runs N]
    python -m bench.child ptv-import INPUT OUTPUT

``load`` loads the default graphs (and a synthetic catalogue) into the embedded store (pyoxigraph) or an rdflib
Dataset, runs the coverage-matrix query, and prints a JSON line after loading and another at the end: load
seconds, triples, coverage seconds per run, rows, and the process's peak resident memory so far. ``ptv-import``
runs ``sotekg import ptv INPUT --output OUTPUT --replace`` and prints its seconds and the peak memory.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import time
from pathlib import Path

from rdflib import Dataset, URIRef

from sotekg import cli
from sotekg.layout import default_graph_files
from sotekg.queries import QueryLibrary
from sotekg.settings import Settings
from sotekg.store import load_graph_files, open_store
from sotekg.synth import synthetic_graph_files

COVERAGE_QUERY = "analytics/coverage-matrix"


def report(answer: dict) -> None:
    """Print what is known so far as one JSON line, with the peak memory until now: the high-water mark of this
    process's resident set since it started (``VmHWM``; ``ru_maxrss`` would include the parent's size at fork)."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    answer["maxrss_mb"] = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024  # type: ignore[union-attr]
    print(json.dumps(answer), flush=True)


def load_oxigraph(settings: Settings, synthetic: Path | None, runs: int) -> dict:
    start = time.perf_counter()
    store = open_store(settings)
    default_s = time.perf_counter() - start
    if synthetic:
        load_graph_files(store, synthetic_graph_files(synthetic))
    loaded_s = time.perf_counter() - start
    report({"default_s": default_s, "load_s": loaded_s, "triples": store.count()})
    query = QueryLibrary(settings.queries_dir).get(COVERAGE_QUERY)
    times, rows = [], 0
    for _ in range(runs):
        begin = time.perf_counter()
        result = store.query(query.text, substitutions=query.bind({}), timeout_s=600)
        times.append(time.perf_counter() - begin)
        rows = len(result.rows)  # type: ignore[union-attr]
    return {
        "default_s": default_s,
        "load_s": loaded_s,
        "triples": store.count(),
        "coverage_s": times,
        "rows": rows,
    }


def load_rdflib(settings: Settings, synthetic: Path | None, runs: int) -> dict:
    start = time.perf_counter()
    dataset = Dataset(default_union=True)
    files = default_graph_files(settings) + (synthetic_graph_files(synthetic) if synthetic else [])
    for file in files:
        dataset.graph(URIRef(file.graph)).parse(file.path)
    loaded_s = time.perf_counter() - start
    report({"load_s": loaded_s, "triples": len(dataset)})
    query = QueryLibrary(settings.queries_dir).get(COVERAGE_QUERY)
    times, rows = [], 0
    for _ in range(runs):
        begin = time.perf_counter()
        rows = len(list(dataset.query(query.text, initBindings=query.bind({}))))
        times.append(time.perf_counter() - begin)
    return {"load_s": loaded_s, "triples": len(dataset), "coverage_s": times, "rows": rows}


def ptv_import(source: Path, output: Path) -> dict:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        status = cli.main(["import", "ptv", str(source), "--output", str(output), "--replace"])
    seconds = time.perf_counter() - start
    imported = re.search(r"Imported service locations: (\d+)", printed.getvalue())
    return {"status": status, "seconds": seconds, "imported": int(imported.group(1)) if imported else 0}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    parser.add_argument("task", choices=["load", "ptv-import"])
    parser.add_argument("engine", help="load: oxigraph or rdflib; ptv-import: the input folder")
    parser.add_argument("output", nargs="?", type=Path, help="ptv-import: the output folder")
    parser.add_argument("--synthetic", type=Path)
    parser.add_argument("--coverage-runs", type=int, default=3)
    args = parser.parse_args()
    if args.task == "ptv-import":
        report(ptv_import(Path(args.engine), args.output))
        return
    settings = Settings()
    load = load_oxigraph if args.engine == "oxigraph" else load_rdflib
    report(load(settings, args.synthetic, args.coverage_runs))


if __name__ == "__main__":
    main()
