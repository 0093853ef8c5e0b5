"""The lookup index saved beside a persistent store, so that a restart reads it instead of rebuilding it
(issue 16; decision 0006).

``{store_dir}/lookup-index`` holds every prepared resource of a ``LookupIndex`` (sotekg.index) — JSON bytes and
ETag — and the two lists, under a tag: the store's generation (``Store.generation``, renewed before every write of
the store), the model history's replacement times (``ModelHistory.last_modified``, which the documents show) and
a fingerprint of the code and queries that build the index. A saved index is used only when its tag equals the
tag of now; otherwise the index is built from the store (``build_index``, which also derives ``graph/coverage``
again) and saved. The file is written atomically (sotekg.files): a crash leaves the old file or the new one.

Layout: a first line ``sotekg-lookup-index 1``, a line with the length of the header, the header (JSON: tag,
lists, and per resource kind the keys with body length and ETag, in order), then the bodies one after another.
A loaded index parses a single resource's JSON only when something asks for the document (a write, an RDF view);
its bytes are served as they are.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from .files import write_atomically
from .index import JSON, RESOURCE_FIELDS, LookupIndex, Prepared
from .lookups import Document, Documents
from .settings import PROJECT_ROOT, Settings

FILE_NAME = "lookup-index"
MAGIC = b"sotekg-lookup-index 1\n"
# what the documents are made by: a change to any of these makes every saved index stale
CODE_FILES = (
    "sotekg/index.py",
    "sotekg/lookups.py",
    "sotekg/coverage.py",
    "sotekg/namespaces.py",
    "sotekg/saved_index.py",
)

log = logging.getLogger(__name__)


def saved_index_path(settings: Settings) -> Path | None:
    """Where the index of a persistent embedded store is saved; None for any other store."""
    return settings.store_dir / FILE_NAME if settings.store_dir is not None else None


def code_fingerprint(settings: Settings) -> str:
    """SHA-256 of the modules and lookup queries that build the index (file names and bytes)."""
    digest = hashlib.sha256()
    paths = [PROJECT_ROOT / name for name in CODE_FILES]
    paths += sorted((settings.queries_dir / "lookup").glob("*.rq"))
    for path in paths:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def index_tag(generation: str, modified: Mapping[str, str], code: str) -> dict[str, Any]:
    """What a saved index must match to be used."""
    return {"generation": generation, "modified": dict(sorted(modified.items())), "code": code}


class _SavedDocuments(Mapping[str, Document]):
    """The documents of one resource kind, parsed from their saved JSON on first use."""

    def __init__(self, kind: str, keys: list[str], prepared: Mapping[tuple[str, str], Prepared]):
        self._kind, self._keys, self._prepared = kind, keys, prepared
        self._parsed: dict[str, Document] = {}

    def __getitem__(self, key: str) -> Document:
        document = self._parsed.get(key)
        if document is None:
            prepared = self._prepared.get((self._kind, key))
            if prepared is None:
                raise KeyError(key)
            document = self._parsed[key] = json.loads(prepared.body)
        return document

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def save(index: LookupIndex, path: Path, tag: Mapping[str, Any]) -> None:
    """Write ``index`` to ``path`` under ``tag`` (atomically)."""
    documents = index.documents
    resources: dict[str, list[list[Any]]] = {kind: [] for kind in RESOURCE_FIELDS}
    bodies: list[bytes] = []
    for kind in RESOURCE_FIELDS:
        for key in getattr(documents, RESOURCE_FIELDS[kind]):
            prepared = index.prepared[(kind, key)]
            resources[kind].append([key, len(prepared.body), prepared.etag])
            bodies.append(prepared.body)
    header = json.dumps(
        {
            "tag": dict(tag),
            "regions": documents.regions,
            "services": documents.services,
            "service_sets": documents.service_sets,
            "resources": resources,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # a save killed before its rename (sotekg.files)
        stale.unlink(missing_ok=True)
    write_atomically(path, b"".join([MAGIC, b"%d\n" % len(header), header, *bodies]))


def load(path: Path, tag: Mapping[str, Any], version: int) -> LookupIndex | None:
    """The index saved at ``path`` if its tag is ``tag``; None when there is none, it is another version of the
    format, or its tag differs (the store, the history or the code changed since it was saved)."""
    try:
        with path.open("rb") as file:
            if file.readline() != MAGIC:
                return None
            header = json.loads(file.read(int(file.readline())))
            if header["tag"] != dict(tag):
                return None
            prepared, keyed = _read_bodies(file, header["resources"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as error:  # unreadable or not whole: rebuilt, and said so
        log.warning("the saved lookup index %s cannot be read (%s); building it again", path, error)
        return None
    documents = Documents(
        regions=header["regions"],
        services=header["services"],
        service_sets=header["service_sets"],
        **keyed,  # type: ignore[arg-type]
    )
    return LookupIndex(documents, version, prepared)


def _read_bodies(
    file: BinaryIO, resources: Mapping[str, list[list[Any]]]
) -> tuple[dict[tuple[str, str], Prepared], dict[str, _SavedDocuments]]:
    """The bodies after the header, one read each (no second copy of the whole file in memory); ValueError if
    the file holds fewer or more bytes than the header says."""
    prepared: dict[tuple[str, str], Prepared] = {}
    keyed: dict[str, _SavedDocuments] = {}
    for kind, entries in resources.items():
        for key, length, etag in entries:
            body = file.read(length)
            if len(body) != length:
                raise ValueError("the file ends before its last body")
            prepared[(kind, key)] = Prepared(body, JSON, etag)
        keyed[RESOURCE_FIELDS[kind]] = _SavedDocuments(kind, [entry[0] for entry in entries], prepared)
    if file.read(1):
        raise ValueError("the file goes on after its last body")
    return prepared, keyed
