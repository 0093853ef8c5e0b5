"""Load and query: pyoxigraph (the embedded store, sotekg's own load path) against rdflib, each in a fresh child
process (bench.child): the shipped data, then the shipped data with a synthetic catalogue; the coverage-matrix
query on each; the child's peak resident memory."""

from __future__ import annotations

from pathlib import Path

from .measure import Row, Sample, run_child

TARGET_LOAD_S = 15.0
TARGET_MEMORY_MB = 1536.0
TARGET_COVERAGE_S = 0.5


def run(synthetic: Path, centres: int, quick: bool) -> list[Row]:
    """``quick``: rdflib only loads the shipped data (its coverage query alone takes many seconds)."""
    rows: list[Row] = []
    scale = centres >= 1000  # the targets are set for N = 1,000
    for label, extra in (
        ("shipped data", []),
        (f"shipped + synthetic N={centres}", ["--synthetic", str(synthetic)]),
    ):
        ours = run_child(["load", "oxigraph", *extra, "--coverage-runs", "5"], timeout_s=600)
        if "error" in ours:
            raise RuntimeError(f"pyoxigraph load of {label}: {ours['error']}")
        if quick and extra:
            baseline, skipped = {"error": "skipped"}, "rdflib not run on the catalogue in --quick"
        else:
            runs = "0" if quick else "1"
            baseline = run_child(
                ["load", "rdflib", *extra, "--coverage-runs", runs], timeout_s=60 if quick else 900
            )
            skipped = "rdflib " + baseline["error"] if "error" in baseline else ""
        at_scale = scale and bool(extra)
        load_s = Sample([ours["load_s"]], "s")
        rows.append(
            Row("load", f"load {label} ({ours['triples']:,} triples) into the embedded store".replace(",", " "),
                load_s, _sample(baseline, "load_s", "s"), "rdflib", _speed_up(baseline, "load_s", ours["load_s"]),
                f"≤ {TARGET_LOAD_S:g} s" if at_scale else "", load_s.median <= TARGET_LOAD_S if at_scale else None,
                note=skipped)
        )  # fmt: skip
        coverage = Sample(ours["coverage_s"], "s")
        rows.append(
            Row("load", f"coverage-matrix query, {label} ({ours['rows']} rows)", coverage,
                _sample(baseline, "coverage_s", "s"), "rdflib",
                _speed_up(baseline, "coverage_s", coverage.median),
                f"≤ {TARGET_COVERAGE_S:g} s" if at_scale else "",
                coverage.median <= TARGET_COVERAGE_S if at_scale else None)
        )  # fmt: skip
        memory = Sample([ours["maxrss_mb"]], "MB")
        rows.append(
            Row("load", f"peak memory of the process, {label}", memory, _sample(baseline, "maxrss_mb", "MB"),
                "rdflib", None, f"≤ {TARGET_MEMORY_MB:g} MB" if at_scale else "",
                memory.median <= TARGET_MEMORY_MB if at_scale else None)
        )  # fmt: skip
    return rows


def _sample(answer: dict, key: str, unit: str) -> Sample | None:
    if "error" in answer or not answer.get(key):
        return None
    value = answer[key]
    return Sample(value if isinstance(value, list) else [value], unit)


def _speed_up(baseline: dict, key: str, ours: float) -> float | None:
    sample = _sample(baseline, key, "s")
    return sample.median / ours if sample else None
