"""Writes at scale (issue 16): restart and ``PUT /regions/09/model`` on a persistent store at N = 0 (the shipped
data), 100 and 1,000 synthetic centres per organiser, side by side in one run, each with its ratio to N = 0.

Each N gets its own store filled by ``sotekg load --store-dir [--synthetic]``, which builds the lookup index at its
end and saves it beside the store (sotekg.saved_index); the restarts after it, timed from process start to a
healthy ``/health``, run interleaved over the N (one of each N per round). PUTs send Päijät-Häme's shipped
model back unchanged to a server on the store (the validator warmed first), one after another, then the model with
one offering more and the shipped one in turn (each PUT changes one centre's services); a PUT updates the index
where it reached (sotekg.incremental, decision 0007) and appends the changes to the saved index's journal.

On a remote store (an Oxigraph server the bench starts on 127.0.0.1 and fills with ``sotekg load --endpoint``) the
index is built once per process (decision 0006): its restarts are timed at the N given for it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import httpx

from testsupport.servers import start_oxigraph

from . import http
from .measure import ROOT, Row, Sample
from .startup import SOTEKG, seconds_to_health

TOKEN = "bench-writes-token"
MODEL = (ROOT / "data/regions/09.ttl").read_bytes()
# the shipped model with one more offering: PUT in turn with MODEL, each PUT changes one centre's services
CHANGED_MODEL = (
    MODEL
    + b"""
<https://w3id.org/sotekg/id/centre/09-sote-keskus> <https://w3id.org/sotekg/def#offers>
    <https://w3id.org/sotekg/id/offering/09-sote-keskus-bench-home-delivered-services> .
<https://w3id.org/sotekg/id/offering/09-sote-keskus-bench-home-delivered-services>
    a <https://w3id.org/sotekg/def#ServiceOffering> ;
    <https://w3id.org/sotekg/def#serviceType> <https://w3id.org/sotekg/code/service-type/home-delivered-services> ;
    <https://w3id.org/sotekg/def#channel> <https://w3id.org/sotekg/code/channel/physical> ;
    <https://w3id.org/sotekg/def#evidenceBasis> <https://w3id.org/sotekg/code/evidence-basis/named-in-source> ;
    <http://purl.org/dc/terms/date> "2023"^^<http://www.w3.org/2001/XMLSchema#gYear> ;
    <http://purl.org/dc/terms/source> <https://w3id.org/sotekg/id/source/seed-004> .
"""
)
TINY_MODEL = b"<https://w3id.org/sotekg/id/centre/09-warm-up> a <https://w3id.org/sotekg/def#SoteCentre> ."
TARGET_RATIO = 2.0
SECTION = "writes at scale"
RESTART = "restart to healthy /health (saved index read)"
REMOTE_RESTART = "restart on a remote store (Oxigraph server) to healthy /health (index built per process)"
PUT = "PUT /regions/09/model (the shipped model back, unchanged)"
PUT_CHANGED = "PUT /regions/09/model (one offering added or removed in turn)"
PUT_TIMEOUT_S = 600.0
START_TIMEOUT_S = 1800.0


def filled_store(work: Path, centres: int, synthetic: Path | None) -> tuple[Path, float]:
    """A new store of N centres per organiser filled by ``sotekg load``, and the seconds the load took (graphs
    loaded, coverage derived, the lookup index built and saved beside the store)."""
    store_dir = work / f"writes-store-{centres}"
    shutil.rmtree(store_dir, ignore_errors=True)
    command = [str(SOTEKG), "load", "--store-dir", str(store_dir)]
    command += ["--synthetic", str(synthetic)] if synthetic else []
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return store_dir, time.perf_counter() - start


def put_seconds(store_dir: Path, log: Path, puts: int, models: tuple[bytes, ...] = (MODEL,)) -> list[float]:
    """Seconds of each of ``puts`` PUTs on a server over ``store_dir``, of ``models`` in turn."""
    environment = {"SOTEKG_STORE_DIR": str(store_dir), "SOTEKG_TOKEN": TOKEN}
    headers = {"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"}
    with http.bench_server(environment, log, START_TIMEOUT_S) as url:
        warm = httpx.post(f"{url}/validate", content=TINY_MODEL, headers=headers, timeout=PUT_TIMEOUT_S)
        warm.raise_for_status()
        seconds = []
        for number in range(puts):
            model = models[number % len(models)]
            start = time.perf_counter()
            response = httpx.put(
                f"{url}/regions/09/model", content=model, headers=headers, timeout=PUT_TIMEOUT_S
            )
            seconds.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"PUT answered {response.status_code}: {response.text[:300]}")
        return seconds


def interleaved_restarts(stores: dict[int, Path], starts: int) -> dict[int, list[float]]:
    """Seconds to a healthy ``/health`` of ``sotekg serve --store-dir``, one start of each store per round."""
    restarts: dict[int, list[float]] = {n: [] for n in stores}
    for _ in range(starts):
        for n, store_dir in stores.items():
            restarts[n].append(seconds_to_health(["--store-dir", str(store_dir)], START_TIMEOUT_S))
    return restarts


def remote_restarts(work: Path, catalogues: dict[int, Path | None], starts: int) -> dict[int, list[float]]:
    """Seconds to a healthy ``/health`` of ``sotekg serve --endpoint`` on an Oxigraph server holding each N."""
    seconds = {}
    for n, synthetic in catalogues.items():
        folder = work / f"writes-oxigraph-{n}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        server = start_oxigraph(folder)
        try:
            endpoint = f"{server.url}/query"
            command = [str(SOTEKG), "load", "--endpoint", endpoint]
            command += ["--synthetic", str(synthetic)] if synthetic else []
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
            seconds[n] = [seconds_to_health(["--endpoint", endpoint], START_TIMEOUT_S) for _ in range(starts)]
        finally:
            server.stop()
    return seconds


def run(
    work: Path, catalogues: dict[int, Path | None], starts: int, puts: int, remote: tuple[int, ...] = ()
) -> list[Row]:
    """``catalogues``: N → the synthetic catalogue of N centres per organiser (None for N = 0); ``remote``: the N
    whose restarts are timed on a remote store too."""
    filled = {n: filled_store(work, n, synthetic) for n, synthetic in catalogues.items()}
    stores = {n: store_dir for n, (store_dir, _) in filled.items()}
    restarts = interleaved_restarts(stores, starts)
    writes = {
        n: put_seconds(store_dir, work / f"server-writes-{n}.log", puts) for n, store_dir in stores.items()
    }
    changes = {
        n: put_seconds(store_dir, work / f"server-changes-{n}.log", puts, (CHANGED_MODEL, MODEL))
        for n, store_dir in stores.items()
    }
    rows = [
        Row(SECTION, f"N = {n}: sotekg load into a new store (coverage derived, index built and saved)",
            Sample([filled[n][1]], "s"))
        for n in stores
    ]  # fmt: skip
    remote_seconds = remote_restarts(work, {n: catalogues[n] for n in remote}, starts) if remote else {}
    for label, samples in (
        (RESTART, restarts),
        (PUT, writes),
        (PUT_CHANGED, changes),
        (REMOTE_RESTART, remote_seconds),
    ):
        if not samples:
            continue
        base = Sample(samples[0], "s")
        for n in samples:
            ours = Sample(samples[n], "s")
            ratio = ours.median / base.median
            judged = n == max(stores) and n > 0 and samples is not remote_seconds
            rows.append(Row(SECTION, f"N = {n}: {label}", ours, base if n else None, "N = 0" if n else "",
                            ratio if n else None, target=f"≤ {TARGET_RATIO:g}× N = 0" if judged else "",
                            holds=ratio <= TARGET_RATIO if judged else None))  # fmt: skip
    return rows


def restarts_again(work: Path, starts: int) -> None:
    """``python -m bench.writes``: the restarts alone again, on the stores a run of the section left in ``work``
    (a first start each, to save the index with the code as it is now), printed as JSON with medians and ratios."""
    stores = {n: work / f"writes-store-{n}" for n in (0, 100, 1000) if (work / f"writes-store-{n}").is_dir()}
    first = {n: seconds_to_health(["--store-dir", str(d)], START_TIMEOUT_S) for n, d in stores.items()}
    restarts = interleaved_restarts(stores, starts)
    medians = {n: Sample(values, "s").median for n, values in restarts.items()}
    ratios = {n: medians[n] / medians[0] for n in stores}
    print(json.dumps({"first": first, "restarts": restarts, "medians": medians, "ratios": ratios}))


if __name__ == "__main__":
    restarts_again(ROOT / "bench" / "out", 5)
