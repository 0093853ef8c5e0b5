"""The "PTV import" section: ``sotekg import ptv`` of ×10 and ×80 copies of the Vaasa 2018 recording
(bench.ptv_copies, fresh ids), each in a fresh child process, side by side in one run: records read per second
(service channels + services + organisations) and the process's peak resident memory. Issue 18's targets: the
×80 throughput at least 0.8× the ×10 one (linear time), peak memory at ×80 at most 1 GB."""

from __future__ import annotations

import shutil

from .measure import ROOT, Row, Sample, run_child
from .ptv_copies import write_copies

OUT = ROOT / "bench" / "out"
SMALL, LARGE = 10, 80
TARGET_RATIO = 0.8
TARGET_MEMORY_MB = 1024.0


def run(rounds: int) -> list[Row]:
    throughput: dict[int, list[float]] = {SMALL: [], LARGE: []}
    memory: dict[int, list[float]] = {SMALL: [], LARGE: []}
    records: dict[int, int] = {}
    for copies in (SMALL, LARGE):
        records[copies] = sum(write_copies(copies, OUT / f"ptv-x{copies}").values())
    for _ in range(rounds):
        for copies in (SMALL, LARGE):
            output = OUT / f"ptv-x{copies}-imported"
            shutil.rmtree(output, ignore_errors=True)
            answer = run_child(["ptv-import", str(OUT / f"ptv-x{copies}"), str(output)], timeout_s=1800)
            if "error" in answer or answer.get("status") != 0:
                raise RuntimeError(f"PTV import of ×{copies}: {answer}")
            throughput[copies].append(records[copies] / answer["seconds"])
            memory[copies].append(answer["maxrss_mb"])
    small, large = Sample(throughput[SMALL], "records/s"), Sample(throughput[LARGE], "records/s")
    ratio = large.median / small.median
    peak = Sample(memory[LARGE], "MB")
    return [
        Row("PTV import", f"records read per second, ×{LARGE} ({records[LARGE]:,} records) vs ×{SMALL} "
            f"({records[SMALL]:,})".replace(",", " "), large, small, f"×{SMALL}", ratio,
            f"≥ {TARGET_RATIO:g}× the ×{SMALL} throughput", ratio >= TARGET_RATIO),
        Row("PTV import", f"peak memory of the import process, ×{LARGE} vs ×{SMALL}", peak,
            Sample(memory[SMALL], "MB"), f"×{SMALL}", None, f"≤ {TARGET_MEMORY_MB:g} MB at ×{LARGE}",
            peak.median <= TARGET_MEMORY_MB),
    ]  # fmt: skip
