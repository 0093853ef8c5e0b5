"""SYNTHETIC PTV input for benches and tests, never imported as fact: N copies of a recording with fresh ids.

Every id of a record of the recording (service channels, services, organisations) is replaced in copy k by the
UUID 5 of ``k:id`` wherever it occurs, so the links between records follow and the copies keep the recording's
shapes, names and addresses. Used by ``bench/ptv_copies.py`` (the "PTV import" bench section) and by the replay
server of the live-harvest tests (``tests/ptv/replay.py``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

KINDS = ("servicechannels", "services", "organizations")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
COPIES_NAMESPACE = uuid.UUID("6b3f2f7e-1c55-4a77-9a1e-0d3c2b9b6a10")


def copied_records(recording: Path, copies: int) -> Iterator[tuple[str, str]]:
    """``(kind, record JSON text)`` of every record of every copy; ``kind`` one of ``KINDS`` (the recording's
    folders), copy by copy."""
    files = {kind: sorted((recording / kind).glob("*.json")) for kind in KINDS}
    texts = {kind: [path.read_text(encoding="utf-8") for path in paths] for kind, paths in files.items()}
    ids = {path.stem for paths in files.values() for path in paths}
    for copy in range(copies):
        fresh = {old: str(uuid.uuid5(COPIES_NAMESPACE, f"{copy}:{old}")) for old in ids}

        def rewrite(match: re.Match[str], fresh: dict[str, str] = fresh) -> str:
            return fresh.get(match.group(), match.group())

        for kind in KINDS:
            for text in texts[kind]:
                yield kind, UUID.sub(rewrite, text)


def envelope(items: list[str], page: int, page_size: int, page_count: int) -> str:
    """A v11 paged list envelope of record JSON texts."""
    return (
        f'{{"pageNumber": {page}, "pageSize": {page_size}, "pageCount": {page_count}, '
        f'"itemList": [{",".join(items)}]}}'
    )


def page_count(items: int, page_size: int) -> int:
    return -(-items // page_size)
