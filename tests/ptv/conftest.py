"""Shared fixtures for the PTV import tests: the mapping tables, the municipality table and the Vaasa recording."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sotekg.ptv.mapping import MappingTables, read_municipality_counties
from sotekg.ptv.reader import PtvInput
from sotekg.ptv.source import PtvSource, declared_recording
from sotekg.ptv.targets import ImportResult, import_records

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "ptv"
VAASA = FIXTURES / "vaasa-2018"


@pytest.fixture(scope="session")
def tables() -> MappingTables:
    return MappingTables.load(ROOT / "mappings" / "ptv")


@pytest.fixture(scope="session")
def counties() -> dict[str, str]:
    return read_municipality_counties(ROOT / "data" / "sources" / "municipalities_2022.csv")


@pytest.fixture(scope="session")
def vaasa_records() -> PtvInput:
    return PtvInput([VAASA])


@pytest.fixture(scope="session")
def vaasa_source() -> PtvSource:
    """The recording as its ptv-source.ttl describes it."""
    source = declared_recording([VAASA])
    assert source is not None
    return source


@pytest.fixture(scope="session")
def vaasa(vaasa_records, tables, counties, vaasa_source) -> ImportResult:
    """The whole Vaasa recording imported once (tests must not modify its graphs)."""
    return import_records(vaasa_records, tables, counties, vaasa_source)


GERBY = "325f24cb-e861-41a3-b1b2-a437545aa3b8"  # Gerbyn terveysasema


@pytest.fixture
def gerby_copy(tmp_path: Path) -> Callable[..., Path]:
    """Make a folder with Gerby health station's record (and its services) under another name and time and,
    optionally, in another municipality."""

    def make(name: str, modified: str, municipality: str | None = None) -> Path:
        folder = tmp_path / f"gerby-{modified[:10]}-{municipality}"
        folder.mkdir()
        channel = json.loads((VAASA / "servicechannels" / f"{GERBY}.json").read_text(encoding="utf-8"))
        channel["modified"] = modified
        for entry in channel["serviceChannelNames"]:
            if entry["language"] == "fi":
                entry["value"] = name
        if municipality:
            channel["addresses"][0]["streetAddress"]["municipality"]["code"] = municipality
        (folder / f"{GERBY}.json").write_text(json.dumps(channel), encoding="utf-8")
        for link in channel["services"]:
            shutil.copy(VAASA / "services" / f"{link['service']['id']}.json", folder)
        return folder

    return make
