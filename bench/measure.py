"""Samples, medians, spreads and ratios; targets and the results table of the benchmark."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Sample:
    """Repeated measurements of one thing, in ``unit``."""

    values: list[float]
    unit: str

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def text(self) -> str:
        if not self.values:
            return "–"
        if len(self.values) == 1:
            return f"{_number(self.median)} {self.unit}"
        return f"{_number(self.median)} {self.unit} ({_number(min(self.values))}–{_number(max(self.values))})"


@dataclass
class Row:
    """One line of the table: ours against a baseline (optional), a ratio, and the target it is held to."""

    section: str
    figure: str
    ours: Sample
    baseline: Sample | None = None
    baseline_name: str = ""
    ratio: float | None = None  # ours ÷ baseline, or the quotient the target names
    target: str = ""
    holds: bool | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` took."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run_child(arguments: list[str], timeout_s: float) -> dict:
    """Run ``python -m bench.child ARGUMENTS`` in a fresh process; the last JSON line it printed (it prints one
    after each stage), with ``error`` set if it failed or ran out of time."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.child", *arguments],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
        output, error = done.stdout, (done.stderr.strip().splitlines() or [""])[-1] if done.returncode else ""
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout.decode() if isinstance(expired.stdout, bytes) else expired.stdout or ""
        error = f"did not finish in {timeout_s:g} s"
    lines = [line for line in output.splitlines() if line.startswith("{")]
    answer = json.loads(lines[-1]) if lines else {}
    if error:
        answer["error"] = error
    return answer


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}".replace(",", " ")
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def table(rows: list[Row]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| section | figure | ours: median (min–max) | baseline: median (min–max) | ratio | target | holds |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        baseline = f"{row.baseline_name}: {row.baseline.text()}" if row.baseline else ""
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else ""
        holds = {True: "yes", False: "**no**", None: ""}[row.holds]
        figure = row.figure + (f" — {row.note}" if row.note else "")
        lines.append(
            f"| {row.section} | {figure} | {row.ours.text()} | {baseline} | {ratio} | {row.target} | {holds} |"
        )
    return "\n".join(lines)


def row_from_json(data: dict) -> Row:
    """A Row as ``as_json`` wrote it."""
    fields = {key: value for key, value in data.items() if key != "ours_median"}
    fields["ours"] = Sample(**data["ours"])
    fields["baseline"] = Sample(**data["baseline"]) if data["baseline"] else None
    return Row(**fields)


def as_json(rows: list[Row]) -> list[dict]:
    return [asdict(row) | {"ours_median": row.ours.median if row.ours.values else None} for row in rows]
