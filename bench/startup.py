"""Start-up: seconds from starting ``sotekg serve`` to a healthy ``/health``, cold (a new process each time), with
the shipped data in memory and with ``--store-dir`` on a store that ``sotekg load`` filled before."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from testsupport.servers import free_port

from .measure import ROOT, Row, Sample

SOTEKG = Path(sys.executable).parent / "sotekg"
TARGET_S = 2.0
TIMEOUT_S = 120.0


def seconds_to_health(extra: list[str], timeout_s: float = TIMEOUT_S) -> float:
    port = free_port()
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(SOTEKG), "serve", "--port", str(port), "--log-level", "warning", *extra],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - start < timeout_s:
            if process.poll() is not None:
                raise RuntimeError(f"sotekg serve exited with {process.returncode}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    return time.perf_counter() - start
            except httpx.HTTPError:
                pass
            time.sleep(0.01)
        raise RuntimeError(f"sotekg serve not healthy after {timeout_s:g} s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def run(work: Path, starts: int) -> list[Row]:
    store_dir = work / "startup-store"
    subprocess.run(
        [str(SOTEKG), "load", "--store-dir", str(store_dir)], cwd=ROOT, check=True, capture_output=True
    )
    in_memory = [seconds_to_health([]) for _ in range(starts)]
    on_disk = [seconds_to_health(["--store-dir", str(store_dir)]) for _ in range(starts)]
    return [
        Row("start-up", "sotekg serve to healthy /health, shipped data in memory", Sample(in_memory, "s"),
            target=f"≤ {TARGET_S:g} s", holds=Sample(in_memory, "s").median <= TARGET_S),
        Row("start-up", "sotekg serve --store-dir (existing store) to healthy /health", Sample(on_disk, "s")),
    ]  # fmt: skip
