"""Version history of the regions' models (issue 6): every accepted replacement keeps the model it replaced.

Versions live as files, not as named graphs: the store's default graph is the union of all named graphs, so an
old model kept there would show up in every query. Layout under the history folder::

    {code}/000001.nt     the model as N-Triples (sorted lines, so equal models give equal files)
    {code}/000001.json   one JSON line: version, who (the token's name), when (UTC), triples, sha256, note

Version 1 of a region is the model the store held before its first replacement (the shipped model); each
accepted write or restore adds the next version. A model the store holds but the history does not have as its
newest version (a write killed between the store's commit and its record, or a change made outside the API) is
kept by the next write as a version by ``unrecorded`` before it is replaced (``sotekg.publish``), so no model
that was ever current is lost. Files are written atomically (temporary file, fsync, ``os.replace``): a reader
sees a whole version or none. Writers are serialised by ``sotekg.publish``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import NotFoundError
from .files import write_atomically
from .settings import Settings

REGION_CODE = re.compile(r"^[0-9]{2}$")
SHIPPED = "shipped"
UNRECORDED = "unrecorded"


@dataclass(frozen=True)
class Version:
    """The metadata of one stored version of a region's model."""

    version: int
    who: str
    when: str  # ISO 8601, UTC, seconds
    triples: int
    sha256: str
    note: str = ""


def history_folder(settings: Settings) -> Path | None:
    """Where versions are kept: ``settings.history_dir``, else ``{store_dir}/history`` for a persistent store,
    else None (the caller uses a temporary folder that lives as long as the process)."""
    if settings.history_dir is not None:
        return settings.history_dir
    if settings.store_dir is not None:
        return settings.store_dir / "history"
    return None


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def canonical_ntriples(ntriples: bytes) -> bytes:
    """N-Triples with sorted, de-duplicated lines: the stored form of a version."""
    lines = sorted({line.strip() for line in ntriples.decode("utf-8").splitlines() if line.strip()})
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def model_sha256(ntriples: bytes) -> str:
    """The SHA-256 a version of these N-Triples is recorded with (of its canonical form)."""
    return hashlib.sha256(canonical_ntriples(ntriples)).hexdigest()


class ModelHistory:
    """The stored versions of every region's model, under one folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)

    def _region_folder(self, code: str) -> Path:
        if not REGION_CODE.match(code):  # codes come from checked routes; never let one name another path
            raise NotFoundError(f"no history for region code {code!r}")
        return self.folder / code

    def versions(self, code: str) -> list[Version]:
        """Every version of a region's model, oldest first (empty before its first replacement)."""
        folder = self._region_folder(code)
        if not folder.is_dir():
            return []
        found = []
        for path in sorted(folder.glob("[0-9][0-9][0-9][0-9][0-9][0-9].json")):
            found.append(Version(**json.loads(path.read_text(encoding="utf-8"))))
        return found

    def version(self, code: str, number: int) -> Version:
        for version in self.versions(code):
            if version.version == number:
                return version
        raise NotFoundError(f"region {code} has no model version {number}")

    def read(self, code: str, number: int) -> bytes:
        """The N-Triples of one version; NotFoundError if there is none."""
        self.version(code, number)
        return (self._region_folder(code) / f"{number:06d}.nt").read_bytes()

    def record(
        self, code: str, ntriples: bytes, who: str, note: str = "", when: str | None = None
    ) -> Version:
        """Keep ``ntriples`` as the region's next version; the model file first, then its metadata line (a
        version is listed only once both are whole)."""
        folder = self._region_folder(code)
        folder.mkdir(parents=True, exist_ok=True)
        existing = self.versions(code)
        number = existing[-1].version + 1 if existing else 1
        body = canonical_ntriples(ntriples)
        version = Version(
            version=number,
            who=who,
            when=when or now_utc(),
            triples=body.count(b"\n"),
            sha256=hashlib.sha256(body).hexdigest(),
            note=note,
        )
        write_atomically(folder / f"{number:06d}.nt", body)
        write_atomically(folder / f"{number:06d}.json", (json.dumps(asdict(version)) + "\n").encode("utf-8"))
        return version

    def last_modified(self) -> dict[str, str]:
        """For each region with a history, when its current model was stored (its newest version's time),
        leaving out regions whose only version is the shipped one."""
        modified: dict[str, str] = {}
        if not self.folder.is_dir():
            return modified
        for folder in sorted(self.folder.iterdir()):
            if folder.is_dir() and REGION_CODE.match(folder.name):
                versions = self.versions(folder.name)
                if versions and versions[-1].who != SHIPPED:
                    modified[folder.name] = versions[-1].when
        return modified
