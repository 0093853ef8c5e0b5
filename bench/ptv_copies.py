"""``python -m bench.ptv_copies N [--output DIR]``: N copies of the Vaasa 2018 PTV recording with fresh ids, for
the "PTV import" bench section. SYNTHETIC: a bench input only, never imported as fact.

Every id of a record of the recording (channels, services, organisations) is replaced in copy k by the UUID 5 of
``k:id``, wherever it occurs (the links between records follow), so N copies hold N × 240 service channels,
N × 325 services and N × 3 organisations with the recording's shapes and names; they are written as v11 paged
list envelopes of 100 items, as a harvest would save them.
"""

from __future__ import annotations

import argparse
import json
import re
import uuid
from pathlib import Path

from .measure import ROOT

VAASA = ROOT / "tests" / "fixtures" / "ptv" / "vaasa-2018"
PAGE_SIZE = 100
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
COPIES_NAMESPACE = uuid.UUID("6b3f2f7e-1c55-4a77-9a1e-0d3c2b9b6a10")


def write_copies(copies: int, folder: Path) -> dict[str, int]:
    """Write the copies into ``folder`` (reused when it already holds them); the number of records by kind."""
    marker = folder / "copies.done"
    kinds = {
        kind: sorted((VAASA / kind).glob("*.json"))
        for kind in ("servicechannels", "services", "organizations")
    }
    counts = {kind: copies * len(files) for kind, files in kinds.items()}
    if marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == counts:
        return counts
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    texts = {kind: [path.read_text(encoding="utf-8") for path in files] for kind, files in kinds.items()}
    ids = {path.stem for files in kinds.values() for path in files}
    for kind, records in texts.items():
        page: list[str] = []
        number = 0
        for copy in range(copies):
            fresh = {old: str(uuid.uuid5(COPIES_NAMESPACE, f"{copy}:{old}")) for old in ids}
            for text in records:
                page.append(
                    UUID.sub(lambda match, fresh=fresh: fresh.get(match.group(), match.group()), text)
                )
                if len(page) == PAGE_SIZE:
                    number += 1
                    _write_page(folder / f"{kind}-page-{number:05d}.json", page, number)
                    page = []
        if page:
            _write_page(folder / f"{kind}-page-{number + 1:05d}.json", page, number + 1)
    marker.write_text(json.dumps(counts), encoding="utf-8")
    return counts


def _write_page(path: Path, items: list[str], number: int) -> None:
    path.write_text(
        f'{{"pageNumber": {number}, "pageSize": {PAGE_SIZE}, "itemList": [{",".join(items)}]}}',
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ptv_copies", description=__doc__.split("\n\n")[0])
    parser.add_argument("copies", type=int)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    folder = args.output or ROOT / "bench" / "out" / f"ptv-x{args.copies}"
    print(write_copies(args.copies, folder), folder)


if __name__ == "__main__":
    main()
