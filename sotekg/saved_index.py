"""The lookup index saved beside a persistent store, so that a restart reads it instead of rebuilding it, and a
write appends only what it changed (issue 16; decision 0006).

``{store_dir}/lookup-index`` (the base) holds every prepared resource of a ``LookupIndex`` (sotekg.index) — JSON
bytes and ETag — and the lists, under a tag: the store's generation (``Store.generation``, renewed before every
write of the store), the model history's replacement times (``ModelHistory.last_modified``, which the documents
show) and a fingerprint of the code and queries that build the index. ``save`` writes the base atomically
(sotekg.files: a crash leaves the old file or the new one). ``save_changes`` appends one record to
``{store_dir}/lookup-index.journal``: the resources a write changed or removed, the lists and the new tag; past
``JOURNAL_FRACTION`` of the base's size it saves the base in full instead (and the journal goes). ``load`` reads
the base, applies the journal's records in order and returns the index only when the tag they end at is the tag of
now; otherwise the index is built from the store (``build_index``, which also derives ``graph/coverage`` again)
and saved.

Base: a line ``sotekg-lookup-index 2``, a line ``{header length} {base id} {tag digest}``, the header (JSON: tag,
lists, and per resource kind the keys with body length and ETag, in order), then the bodies one after another.
The base id is random, new at every ``save``: it names the base a journal belongs to, so a journal left beside
another base (a crash between a save and the journal's removal) is ignored.

Journal: records one after another, each a line ``sotekg-lookup-index-record {base id} {since} {tag} {length}
{crc32}`` — ``since`` and ``tag`` are the digests of the tag of the state the record applies to and of the state
it makes — then ``length`` bytes of payload: a line with the length of its JSON, the JSON (tag, lists,
``changed``: kind, key, body length, ETag; ``removed``: kind, key), then the changed bodies. A record is written
in one ``write`` and fsynced; one that does not follow the state before it, is cut short (a crash mid-append) or
fails its CRC-32 ends what is applied (the tag then falls short of the store's and the index is rebuilt).

A loaded index parses a single resource's JSON only when something asks for the document (a write, an RDF view);
its bytes are served as they are, and applying a record parses none.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from .files import write_atomically
from .index import JSON, RESOURCE_FIELDS, LookupIndex, Prepared, json_bytes
from .lookups import Document, Documents
from .settings import PROJECT_ROOT, Settings

FILE_NAME = "lookup-index"
JOURNAL_SUFFIX = ".journal"
MAGIC = b"sotekg-lookup-index 3\n"
RECORD = b"sotekg-lookup-index-record"
# The lists of Documents a base and every record carry whole (about 30 kB whatever the number of centres: less
# than one organiser's own documents, and a record needs no comparison with what the files hold).
LISTS = ("regions", "services", "service_sets")
# The coverage evidence the index was derived with (LookupIndex.coverage_offers: a few hundred rows whatever N),
# carried like the lists, so that a write after a restart derives again only what it changed (sotekg.incremental).
EVIDENCE = "coverage_offers"
# The journal is folded into a new base once a record would take it past half the base's size. A restart then reads
# at most 1.5 times the base's bytes; and the bytes written stay proportional to the bytes changed: a fold writes a
# base of less than twice the records it replaces (with the one that passed the half), so each byte changed is
# written at most three times, once in its record and at most twice in the next base.
JOURNAL_FRACTION = 0.5
MAX_RECORD_LINE = 512  # a record's first line is about 140 bytes; a longer one is not a record
# what the documents are made by: a change to any of these makes every saved index stale
CODE_FILES = (
    "sotekg/index.py",
    "sotekg/lookups.py",
    "sotekg/coverage.py",
    "sotekg/incremental.py",
    "sotekg/namespaces.py",
    "sotekg/saved_index.py",
)

log = logging.getLogger(__name__)


def saved_index_path(settings: Settings) -> Path | None:
    """Where the index of a persistent embedded store is saved; None for any other store."""
    return settings.store_dir / FILE_NAME if settings.store_dir is not None else None


def journal_path(path: Path) -> Path:
    """The journal of the base at ``path``."""
    return path.with_name(path.name + JOURNAL_SUFFIX)


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


def tag_digest(tag: Mapping[str, Any]) -> bytes:
    """A tag in the first lines of the files (32 hex digits of the SHA-256 of its JSON, keys sorted)."""
    return (
        hashlib.sha256(json.dumps(dict(tag), sort_keys=True).encode("utf-8")).hexdigest()[:32].encode("ascii")
    )


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
            document = self._parsed[key] = orjson.loads(prepared.body)
        return document

    def __contains__(self, key: object) -> bool:  # without parsing the document
        return (self._kind, key) in self._prepared

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def save(index: LookupIndex, path: Path, tag: Mapping[str, Any]) -> None:
    """Write ``index`` to ``path`` under ``tag`` (atomically), then remove the journal of the base it replaces."""
    documents = index.documents
    resources: dict[str, list[list[Any]]] = {kind: [] for kind in RESOURCE_FIELDS}
    bodies: list[bytes] = []
    for kind in RESOURCE_FIELDS:
        for key in getattr(documents, RESOURCE_FIELDS[kind]):
            prepared = index.prepared[(kind, key)]
            resources[kind].append([key, len(prepared.body), prepared.etag])
            bodies.append(prepared.body)
    header = json_bytes({"tag": dict(tag), **_lists(index), "resources": resources})
    base_id = secrets.token_hex(16).encode("ascii")
    first_lines = MAGIC + b"%d %s %s\n" % (len(header), base_id, tag_digest(tag))
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # a save killed before its rename (sotekg.files)
        stale.unlink(missing_ok=True)
    write_atomically(path, b"".join([first_lines, header, *bodies]))
    # a crash before this leaves a journal naming the old base: ignored
    journal_path(path).unlink(missing_ok=True)


def save_changes(
    path: Path,
    index: LookupIndex,
    changed: Iterable[tuple[str, str]],
    removed: Iterable[tuple[str, str]],
    tag: Mapping[str, Any],
    *,
    since: Mapping[str, Any],
) -> bool:
    """Record that ``index``, under ``tag``, is the index saved at ``path`` under ``since`` with the resources
    ``changed`` (kind, key: their bytes and ETags are taken from ``index``) replaced or added, those ``removed``
    deleted and ``index``'s lists: one record appended to the journal. True when appended; False when ``index``
    was saved in full instead (``save``): there is no readable base, what is saved is not ``since`` (a save that
    failed or never happened), the journal does not end with a whole record, or it would pass
    ``JOURNAL_FRACTION`` of the base."""
    entries: list[list[Any]] = []
    bodies: list[bytes] = []
    for kind, key in changed:
        prepared = index.prepared[(kind, key)]
        entries.append([kind, key, len(prepared.body), prepared.etag])
        bodies.append(prepared.body)
    meta = json_bytes(
        {
            "tag": dict(tag),
            **_lists(index),
            "changed": entries,
            "removed": [list(key) for key in removed],
        }
    )
    payload = b"".join([b"%d\n" % len(meta), meta, *bodies])
    try:
        with path.open("rb") as file:
            saved = _read_saved(path, file)
    except FileNotFoundError:
        saved = None
    except (OSError, ValueError) as error:
        log.warning("the saved lookup index %s cannot be read (%s); saving it in full", path, error)
        saved = None
    if (
        saved is None
        or saved.tag != tag_digest(since)
        or saved.cut_short
        or saved.journal_end + len(payload) > JOURNAL_FRACTION * saved.base_size
    ):
        save(index, path, tag)
        return False
    fields = (
        RECORD,
        saved.base_id,
        saved.tag,
        tag_digest(tag),
        b"%d" % len(payload),
        b"%08x" % zlib.crc32(payload),
    )
    record = b" ".join(fields) + b"\n" + payload
    if saved.records:
        _append(journal_path(path), record, saved.journal_end)
    else:  # a new journal, or one that names another base: replaced whole
        write_atomically(journal_path(path), record)
    return True


def load(path: Path, tag: Mapping[str, Any], version: int) -> LookupIndex | None:
    """The index saved at ``path`` and its journal if they end at ``tag``; None when there is none, it is another
    version of the format, or its tag differs (the store, the history or the code changed since it was saved, or
    the record of the last change is missing or cut short)."""
    try:
        with path.open("rb") as file:
            saved = _read_saved(path, file)
            if saved is None or saved.tag != tag_digest(tag):
                return None
            header = orjson.loads(file.read(saved.header_length))
            prepared = _read_bodies(file, header["resources"])
        lists = {name: header[name] for name in (*LISTS, EVIDENCE)}
        if saved.records:
            with journal_path(path).open("rb") as journal:
                for record in saved.records:
                    _apply(_read_payload(journal, record), prepared, lists)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as error:  # unreadable or not whole: rebuilt, and said so
        log.warning("the saved lookup index %s cannot be read (%s); building it again", path, error)
        return None
    keys: dict[str, list[str]] = {kind: [] for kind in RESOURCE_FIELDS}
    for kind, key in prepared:  # the base's order, then each record's new keys
        keys[kind].append(key)
    keyed = {RESOURCE_FIELDS[kind]: _SavedDocuments(kind, keys[kind], prepared) for kind in RESOURCE_FIELDS}
    documents = Documents(**{name: lists[name] for name in LISTS}, **keyed)  # type: ignore[arg-type]
    return LookupIndex(documents, version, lists[EVIDENCE], prepared)


def _lists(index: LookupIndex) -> dict[str, Any]:
    return {**{name: getattr(index.documents, name) for name in LISTS}, EVIDENCE: index.coverage_offers}


def _read_bodies(file: BinaryIO, resources: Mapping[str, list[list[Any]]]) -> dict[tuple[str, str], Prepared]:
    """The bodies after the header, one read each (no second copy of the whole file in memory); ValueError if
    the file holds fewer or more bytes than the header says."""
    prepared: dict[tuple[str, str], Prepared] = {}
    for kind, entries in resources.items():
        for key, length, etag in entries:
            body = file.read(length)
            if len(body) != length:
                raise ValueError("the file ends before its last body")
            prepared[(kind, key)] = Prepared(body, JSON, etag)
    if file.read(1):
        raise ValueError("the file goes on after its last body")
    return prepared


# -- the journal ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    """Where a record's payload lies in the journal, its CRC-32 and the digest of the tag it leads to."""

    start: int
    length: int
    crc: int
    tag: bytes


@dataclass(frozen=True)
class _Saved:
    """What the base's first lines and the journal's record lines say (no body read)."""

    base_id: bytes
    base_tag: bytes
    base_size: int
    header_length: int
    records: list[_Record]  # the journal's records that follow the base, in order
    journal_size: int  # the journal file's size (0 when there is none)

    @property
    def tag(self) -> bytes:
        """The digest of the tag the base and its records end at."""
        return self.records[-1].tag if self.records else self.base_tag

    @property
    def journal_end(self) -> int:
        """Where the last record of this base ends (0 when there is none)."""
        return self.records[-1].start + self.records[-1].length if self.records else 0

    @property
    def cut_short(self) -> bool:
        """Whether the journal goes on after the last record of this base (a record cut short by a crash)."""
        return bool(self.records) and self.journal_end != self.journal_size


def _read_saved(path: Path, file: BinaryIO) -> _Saved | None:
    """What the base at ``path`` (open as ``file``, left after its first lines) and its journal hold; None when the
    base is of another format. The records' CRCs are checked only by ``load``."""
    if file.readline() != MAGIC:
        return None
    length, base_id, base_tag = file.readline().split()
    records: list[_Record] = []
    try:
        journal = journal_path(path).open("rb")
    except FileNotFoundError:
        journal_size = 0
    else:
        with journal:
            journal_size = os.fstat(journal.fileno()).st_size
            since = base_tag
            while (record := _next_record(journal, base_id, since, journal_size)) is not None:
                records.append(record)
                since = record.tag
    return _Saved(base_id, base_tag, os.fstat(file.fileno()).st_size, int(length), records, journal_size)


def _next_record(journal: BinaryIO, base_id: bytes, since: bytes, size: int) -> _Record | None:
    """The record at the journal's position if it belongs to ``base_id``, follows the state ``since`` and is
    whole (the position then after it); None otherwise."""
    fields = journal.readline(MAX_RECORD_LINE).split()
    if len(fields) != 6 or fields[0] != RECORD or fields[1] != base_id or fields[2] != since:
        return None
    try:
        length, crc = int(fields[4]), int(fields[5], 16)
    except ValueError:
        return None
    start = journal.tell()
    if start + length > size:
        return None  # cut short
    journal.seek(start + length)
    return _Record(start, length, crc, fields[3])


def _read_payload(journal: BinaryIO, record: _Record) -> bytes:
    journal.seek(record.start)
    payload = journal.read(record.length)
    if len(payload) != record.length or zlib.crc32(payload) != record.crc:
        raise ValueError(f"the journal's record at byte {record.start} is damaged")
    return payload


def _apply(payload: bytes, prepared: dict[tuple[str, str], Prepared], lists: dict[str, Any]) -> None:
    """Apply one record to the resources and lists read so far (no document parsed)."""
    newline = payload.index(b"\n")
    start = newline + 1 + int(payload[:newline])
    meta = orjson.loads(payload[newline + 1 : start])
    for kind, key, length, etag in meta["changed"]:
        prepared[(kind, key)] = Prepared(payload[start : start + length], JSON, etag)
        start += length
    if start != len(payload):
        raise ValueError("a record's bodies do not fill its payload")
    for kind, key in meta["removed"]:
        prepared.pop((kind, key), None)
    lists.update((name, meta[name]) for name in (*LISTS, EVIDENCE))


def _append(journal: Path, record: bytes, end: int) -> None:
    """Append ``record`` to ``journal`` in one write and fsync it; a write that fails or falls short is cut
    back to ``end`` (where the last whole record ends)."""
    handle = os.open(journal, os.O_WRONLY | os.O_APPEND)
    try:
        try:
            if os.write(handle, record) != len(record):
                raise OSError(f"a short write to {journal}")
            os.fsync(handle)
        except BaseException:
            os.ftruncate(handle, end)
            raise
    finally:
        os.close(handle)
