"""The saved index's journal (issue 16, sotekg.saved_index): what a write costs when it appends its changes instead
of saving the whole index, and what the journal adds to a restart's read, side by side in one process.

    python -m bench.journal [--centres 0 100 1000] [--rounds 5]

For each N (synthetic centres per organiser; 0 is the shipped data) the index is built once from an in-memory
embedded store (sotekg.index.build_index), then each round, in bench/out/journal-{N}/: a full save (the baseline)
and a load of that base; for two sets of changes, a first record (a new journal: temporary file, rename, fsync of
the folder) and a second one (appended, or folded into a new base past ``JOURNAL_FRACTION``); and a load of the
base with a journal of the first set's records filled to just under its share of the base (the most a restart
ever reads). The sets: organiser 09's own documents (its region and region-services documents, its centres and
municipalities), and those with every service-regions document (each lists every organiser's centres offering the
service, so a write may change them all). Each record carries the lists too. The bytes are the index's own (the
cost does not depend on whether they changed); the tags are made up.
"""

from __future__ import annotations

import argparse
import shutil
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sotekg.index import LookupIndex, build_index
from sotekg.queries import QueryLibrary
from sotekg.saved_index import JOURNAL_FRACTION, index_tag, journal_path, load, save, save_changes
from sotekg.settings import Settings
from sotekg.store import open_store
from sotekg.store.loading import load_graph_files
from sotekg.synth import synthetic_graph_files, write_catalogue

from .measure import ROOT, Row, Sample, table

OUT = ROOT / "bench" / "out"
SECTION = "saved index journal"
ORGANISER = "09"


def organiser_keys(index: LookupIndex, code: str) -> set[tuple[str, str]]:
    """The resources of organiser ``code``: its region and region-services documents, its centres and
    municipalities."""
    documents = index.documents
    keys = {("region", code), ("region-services", code)}
    for kind, field in (("centre", "centres"), ("municipality", "municipalities")):
        keys |= {
            (kind, key)
            for key, document in getattr(documents, field).items()
            if (document.get("region") or {}).get("code") == code
        }
    return keys


def built_index(settings: Settings, centres: int) -> LookupIndex:
    store = open_store(settings.model_copy(update={"store_dir": None}))
    try:
        if centres:
            folder = OUT / f"synthetic-{centres}"  # the catalogue python -m bench writes, reused when there
            if len(list(folder.glob("*.ttl"))) != 22:
                write_catalogue(settings, folder, regions=22, centres_per_region=centres)
            load_graph_files(store, synthetic_graph_files(folder))
        return build_index(store, QueryLibrary(settings.queries_dir), {}, version=1)
    finally:
        store.close()


def tag(step: int) -> dict:
    return index_tag(f"bench-{step}", {}, "bench")


def clocked(action: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    """Seconds ``action(*args, **kwargs)`` took, and its result."""
    start = time.perf_counter()
    result = action(*args, **kwargs)
    return time.perf_counter() - start, result


def measure(index: LookupIndex, work: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds of each operation in each round (see the module's docstring), and the sizes met."""
    path, journal = work / "lookup-index", journal_path(work / "lookup-index")
    own = organiser_keys(index, ORGANISER)
    changes = {
        "own": own,
        "services": own | {("service-regions", key) for key in index.documents.service_regions},
    }
    result: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        result["save"].append(clocked(save, index, path, tag(0))[0])
        result["base MB"].append(path.stat().st_size / 1e6)
        result["load"].append(clocked(load, path, tag(0), version=1)[0])
        for name, changed in changes.items():
            save(index, path, tag(0))
            result[f"{name} first"].append(
                clocked(save_changes, path, index, changed, (), tag(1), since=tag(0))[0]
            )
            result[f"{name} MB"].append(journal.stat().st_size / 1e6)
            seconds, appended = clocked(save_changes, path, index, changed, (), tag(2), since=tag(1))
            result[f"{name} second"].append(seconds)
            result[f"{name} appended"].append(appended)
        save(index, path, tag(0))  # a journal of own records, filled to just under its share of the base
        last, record = 0, result["own MB"][-1] * 1e6
        while (journal.stat().st_size if last else 0) + record <= JOURNAL_FRACTION * path.stat().st_size:
            assert save_changes(path, index, own, (), tag(last + 1), since=tag(last))
            last += 1
        result["journal MB"].append(journal.stat().st_size / 1e6)
        seconds, loaded = clocked(load, path, tag(last), version=1)
        result["load journal"].append(seconds)
        assert loaded is not None and loaded.prepared.keys() == index.prepared.keys()
    return result


def rows(results: dict[int, dict[str, list[float]]]) -> list[Row]:
    found = []
    for n, result in results.items():
        save_s, load_s = Sample(result["save"], "s"), Sample(result["load"], "s")
        found.append(
            Row(SECTION, f"N = {n}: full save (the baseline)", save_s, note=f"{result['base MB'][0]:.3g} MB")
        )
        for name, what in (
            ("own", "the organiser's own documents"),
            ("services", "those and every service-regions"),
        ):
            size = f"{result[f'{name} MB'][0]:.3g} MB"
            second = "appended" if all(result[f"{name} appended"]) else "folded into a new base"
            for step, label in (("first", f"first record ({size})"), ("second", f"second record ({second})")):
                ours = Sample(result[f"{name} {step}"], "s")
                found.append(Row(SECTION, f"N = {n}: {what}: {label}", ours, save_s, "full save",
                                 ours.median / save_s.median))  # fmt: skip
        found.append(Row(SECTION, f"N = {n}: load of the base alone", load_s))
        ours = Sample(result["load journal"], "s")
        found.append(Row(SECTION, f"N = {n}: load with {result['journal MB'][0]:.3g} MB of own records",
                         ours, load_s, "base alone", ours.median / load_s.median))  # fmt: skip
    return found


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.journal", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--centres", type=int, nargs="+", default=[0, 100], help="synthetic centres per organiser"
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    settings = Settings()
    results = {}
    for n in args.centres:
        work = OUT / f"journal-{n}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        results[n] = measure(built_index(settings, n), work, args.rounds)
        shutil.rmtree(work)
    print(table(rows(results)))


if __name__ == "__main__":
    main()
