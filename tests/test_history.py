"""Model versions kept as files (sotekg.history): numbering, metadata, canonical N-Triples, atomic writes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from sotekg.errors import NotFoundError
from sotekg.history import SHIPPED, ModelHistory, canonical_ntriples, history_folder
from sotekg.settings import Settings

A = b'<https://example.org/a> <https://example.org/p> "1" .\n'
B = b'<https://example.org/b> <https://example.org/p> "2" .\n'


def test_versions_are_numbered_with_who_when_triples_and_hash(tmp_path: Path):
    history = ModelHistory(tmp_path / "history")
    assert history.versions("09") == []
    first = history.record("09", B + A, SHIPPED, note="before the first replacement")
    second = history.record("09", A, "paijat-hame")
    assert [v.version for v in history.versions("09")] == [1, 2]
    assert (first.who, first.triples, second.who, second.triples) == (SHIPPED, 2, "paijat-hame", 1)
    assert first.sha256 == hashlib.sha256(A + B).hexdigest()  # of the sorted lines
    assert history.read("09", 1) == A + B
    assert (tmp_path / "history/09/000002.nt").read_bytes() == A
    line = (tmp_path / "history/09/000002.json").read_text()
    assert (
        line.endswith("\n") and json.loads(line)["who"] == "paijat-hame" and "T" in json.loads(line)["when"]
    )
    assert history.versions("19") == []
    assert not list((tmp_path / "history/09").glob("*.tmp"))  # temporary files were renamed into place


def test_last_modified_leaves_out_regions_with_only_the_shipped_model(tmp_path: Path):
    history = ModelHistory(tmp_path)
    history.record("09", A, SHIPPED, when="2026-01-01T00:00:00+00:00")
    assert history.last_modified() == {}
    history.record("09", B, "default", when="2026-02-01T00:00:00+00:00")
    history.record("19", B, "default", when="2026-03-01T00:00:00+00:00")
    assert history.last_modified() == {"09": "2026-02-01T00:00:00+00:00", "19": "2026-03-01T00:00:00+00:00"}


def test_unknown_versions_and_bad_codes_are_not_found(tmp_path: Path):
    history = ModelHistory(tmp_path)
    history.record("09", A, "default")
    with pytest.raises(NotFoundError, match="no model version 7"):
        history.read("09", 7)
    with pytest.raises(NotFoundError):
        history.versions("../09")


def test_canonical_ntriples_sorts_and_deduplicates():
    assert canonical_ntriples(B + A + A + b"\n") == A + B


def test_history_folder_follows_the_settings(tmp_path: Path):
    assert history_folder(Settings(history_dir=tmp_path / "h", store_dir=tmp_path / "s")) == tmp_path / "h"
    assert history_folder(Settings(history_dir=None, store_dir=tmp_path / "s")) == tmp_path / "s/history"
    assert history_folder(Settings(history_dir=None, store_dir=None)) is None
