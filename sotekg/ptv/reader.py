"""Read PTV open-API ("OUT") JSON as the API returns it: single records, paged list envelopes
(``pageNumber``/``pageCount``/``itemList``), plain lists, or objects keyed by record id; versions v8 to v11.

Records are told apart (service channels, services, organisations) by the fields only that kind has. An input
is read one file at a time, as often as an import needs (``PtvInput``): never held whole. This module knows
nothing of our model.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import UserError

PTV_API_V11 = "https://api.palvelutietovaranto.suomi.fi/api/v11/"


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


def items_of(data: Any) -> Iterable[Any]:
    """The items of one parsed JSON document: a record, an envelope, a list or an id-keyed object."""
    if isinstance(data, dict) and isinstance(data.get("itemList"), list):
        return data["itemList"]
    if isinstance(data, list):
        return data
    if (
        isinstance(data, dict)
        and record_kind(data) is None
        and data
        and all(isinstance(value, dict) and value.get("id") == key for key, value in data.items())
    ):
        return data.values()
    return [data]


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


class PtvInput:
    """PTV JSON files and folders (recursively), read one file at a time each time it is iterated: ``(origin,
    item)`` for every item, ``origin`` naming the file and the item's place in it."""

    def __init__(self, paths: Iterable[Path], files: list[Path] | None = None):
        self.paths = list(paths)
        self.files = json_files(self.paths) if files is None else files

    def restricted(self, origins: set[str]) -> PtvInput:
        """The same input, only the files that ``origins`` (``file[index]`` names) come from."""
        names = {origin.rpartition("[")[0] for origin in origins}
        return PtvInput(self.paths, [path for path in self.files if str(path) in names])

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        for path in self.files:
            try:
                data = json.loads(path.read_bytes().decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise UserError(f"{path}: not a JSON document ({error})") from error
            for index, item in enumerate(items_of(data)):
                yield f"{path}[{index}]", item


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
