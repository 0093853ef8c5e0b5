"""Read PTV open-API ("OUT") JSON as the API returns it: single records, paged list envelopes
(``pageNumber``/``pageCount``/``itemList``), plain lists, or objects keyed by record id; versions v8 to v11.

Records are sorted into service channels, services and organisations by the fields only that kind has. When the
same record comes twice, the one with the newer ``modified`` time wins. This module knows nothing of our model.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import UserError

PTV_API_V11 = "https://api.palvelutietovaranto.suomi.fi/api/v11/"


@dataclass
class PtvRecords:
    """The records read from one or more inputs, by kind and PTV id."""

    channels: dict[str, dict] = field(default_factory=dict)
    services: dict[str, dict] = field(default_factory=dict)
    organizations: dict[str, dict] = field(default_factory=dict)
    unrecognised: list[str] = field(default_factory=list)
    superseded: int = 0

    def add(self, item: Any, origin: str) -> None:
        """Add one record, keeping the newer of two versions of the same id."""
        kind = record_kind(item)
        if kind is None:
            self.unrecognised.append(origin)
            return
        table = {"channel": self.channels, "service": self.services, "organization": self.organizations}[kind]
        current = table.get(item["id"])
        if current is None:
            table[item["id"]] = item
        elif modified_time(item) > modified_time(current):
            table[item["id"]] = item
            self.superseded += 1
        else:
            self.superseded += 1

    def versions(self) -> list[str]:
        """``{id} {modified}`` of every record kept: what identifies an input's content."""
        return [
            f"{ptv_id} {record.get('modified') or ''}"
            for table in (self.channels, self.services, self.organizations)
            for ptv_id, record in table.items()
        ]


def record_kind(item: Any) -> str | None:
    """``channel``, ``service`` or ``organization`` for a PTV record; None for anything else."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return None
    if "serviceChannelType" in item:
        return "channel"
    if "serviceNames" in item:
        return "service"
    if "organizationNames" in item or "organizationType" in item:
        return "organization"
    return None


def modified_time(record: dict) -> datetime:
    """The record's ``modified`` time (naive, as PTV writes it); the earliest time when it has none."""
    text = record.get("modified")
    if not text:
        return datetime.min
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError as error:
        raise UserError(f"PTV record {record.get('id')}: modified time {text!r} is not ISO 8601") from error


def add_document(records: PtvRecords, data: Any, origin: str) -> None:
    """Add every record of one parsed JSON document: a record, an envelope, a list or an id-keyed object."""
    if isinstance(data, dict) and isinstance(data.get("itemList"), list):
        items: Iterable[Any] = data["itemList"]
    elif isinstance(data, list):
        items = data
    elif (
        isinstance(data, dict)
        and record_kind(data) is None
        and data
        and all(isinstance(value, dict) and value.get("id") == key for key, value in data.items())
    ):
        items = data.values()
    else:
        items = [data]
    for index, item in enumerate(items):
        records.add(item, f"{origin}[{index}]")


def json_files(paths: Iterable[Path]) -> list[Path]:
    """The JSON files named, or found under the folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.rglob("*.json"))
        elif path.is_file():
            files.append(path)
        else:
            raise UserError(f"no such file or folder: {path}")
    return files


def read_paths(paths: Iterable[Path]) -> PtvRecords:
    """Read PTV JSON files and folders (recursively) into one set of records."""
    records = PtvRecords()
    for path in json_files(paths):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise UserError(f"{path}: not a JSON document ({error})") from error
        add_document(records, data, str(path))
    return records


def localised(values: list[dict] | None, kind: str | None = None) -> dict[str, str]:
    """``{language: text}`` from PTV's ``[{language, value, type}]`` lists, optionally of one ``type``."""
    texts: dict[str, str] = {}
    for entry in values or []:
        if not isinstance(entry, dict) or not entry.get("value"):
            continue
        if kind is not None and entry.get("type", kind) != kind:
            continue
        texts.setdefault(entry.get("language") or "fi", entry["value"].strip())
    return texts


def display_name(names: dict[str, str]) -> str:
    """The Finnish name, else Swedish, else English, else any."""
    for language in ("fi", "sv", "en"):
        if language in names:
            return names[language]
    return next(iter(names.values()), "")


def resource_url(kind: str, ptv_id: str) -> str:
    """The PTV open-API URL of a record (``ServiceChannel``, ``Service``, ``Organization``)."""
    return f"{PTV_API_V11}{kind}/{ptv_id}"
