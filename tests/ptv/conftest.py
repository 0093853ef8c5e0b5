"""Shared fixtures for the PTV import tests: the mapping tables, the municipality table and the Vaasa recording."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sotekg.ptv.importer import ImportResult, import_records
from sotekg.ptv.mapping import MappingTables, read_municipality_counties
from sotekg.ptv.reader import PtvRecords, read_paths

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "ptv"
VAASA = FIXTURES / "vaasa-2018"
IMPORTED_AT = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def tables() -> MappingTables:
    return MappingTables.load(ROOT / "mappings" / "ptv")


@pytest.fixture(scope="session")
def counties() -> dict[str, str]:
    return read_municipality_counties(ROOT / "data" / "sources" / "municipalities_2022.csv")


@pytest.fixture(scope="session")
def vaasa_records() -> PtvRecords:
    return read_paths([VAASA])


@pytest.fixture(scope="session")
def vaasa(vaasa_records, tables, counties) -> ImportResult:
    """The whole Vaasa recording imported once (tests must not modify its graphs)."""
    return import_records(vaasa_records, tables, counties, IMPORTED_AT)
