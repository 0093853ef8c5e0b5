"""``python -m bench.ptv_copies N [--output DIR]``: N copies of the Vaasa 2018 PTV recording with fresh ids
(sotekg.ptv.copies; SYNTHETIC, a bench input only), written as v11 paged list envelopes of 100 items, as a
harvest saves them, for the "PTV import" bench section."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sotekg.ptv.copies import KINDS, copied_records, envelope

from .measure import ROOT

VAASA = ROOT / "tests" / "fixtures" / "ptv" / "vaasa-2018"
PAGE_SIZE = 100


def write_copies(copies: int, folder: Path) -> dict[str, int]:
    """Write the copies into ``folder`` (reused when it already holds them); the number of records by kind."""
    marker = folder / "copies.done"
    counts = {kind: copies * len(list((VAASA / kind).glob("*.json"))) for kind in KINDS}
    if marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == counts:
        return counts
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    pages: dict[str, list[str]] = {kind: [] for kind in KINDS}
    numbers = dict.fromkeys(KINDS, 0)

    def flush(kind: str) -> None:
        numbers[kind] += 1
        path = folder / f"{kind}-page-{numbers[kind]:05d}.json"
        path.write_text(envelope(pages[kind], numbers[kind], PAGE_SIZE, 0), encoding="utf-8")
        pages[kind] = []

    for kind, text in copied_records(VAASA, copies):
        pages[kind].append(text)
        if len(pages[kind]) == PAGE_SIZE:
            flush(kind)
    for kind in KINDS:
        if pages[kind]:
            flush(kind)
    marker.write_text(json.dumps(counts), encoding="utf-8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ptv_copies", description=__doc__.split("\n\n")[0])
    parser.add_argument("copies", type=int)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    folder = args.output or ROOT / "bench" / "out" / f"ptv-x{args.copies}"
    print(write_copies(args.copies, folder), folder)


if __name__ == "__main__":
    main()
