"""The health stations of the register in the lookup documents: ``stations`` of ``GET /regions/{code}`` and
``GET /municipalities/{code}`` (each station with its years), from the rows of ``queries/lookup/stations.rq``.

A separate addition to the documents ``sotekg.lookups`` builds: the stations are pre-reform evidence of one
source (docs/stations.md), so they are listed with that source and never mixed into a region's centres or
coverage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rdflib.term import Identifier

from .namespaces import last_segment

Row = Mapping[str, Identifier]
QUERY_NAME = "lookup/stations"


def _year(row: Row, name: str) -> int | None:
    value = row.get(name)
    return int(str(value)) if value is not None else None


def station_item(row: Row) -> dict[str, Any]:
    return {
        "id": last_segment(str(row["station"])),
        "iri": str(row["station"]),
        "name": {"fi": str(row["name"])},
        "municipality": last_segment(str(row["municipality"])),
        "firstYear": _year(row, "first"),
        "lastYear": _year(row, "last"),
        "opened": _year(row, "opened"),
        "closed": _year(row, "closed"),
    }


def _source(rows: list[Row]) -> dict[str, Any] | None:
    if not rows:
        return None
    row = rows[0]
    return {
        "id": last_segment(str(row["source"])),
        "iri": str(row["source"]),
        "title": str(row["source_title"]),
        "kind": last_segment(str(row["kind"])),
        "license": str(row["license"]) if row.get("license") is not None else None,
        "years": [min(_year(r, "first") for r in rows), max(_year(r, "last") for r in rows)],
    }


def station_lists(rows: Iterable[Row], key: str) -> dict[str, dict[str, Any]]:
    """Per organiser (``key="organiser"``) or municipality code: ``{"source": …, "items": [stations]}``,
    items by municipality and name; a station's years say whether it was open at the end of the last one."""
    by_key: dict[str, list[Row]] = {}
    for row in rows:
        by_key.setdefault(last_segment(str(row[key])), []).append(row)
    return {
        code: {
            "source": _source(group),
            "items": sorted(
                (station_item(row) for row in _unique(group)),
                key=lambda item: (item["municipality"], item["name"]["fi"], item["id"]),
            ),
        }
        for code, group in by_key.items()
    }


def _unique(rows: list[Row]) -> list[Row]:
    seen: dict[str, Row] = {}
    for row in rows:
        seen.setdefault(str(row["station"]), row)
    return list(seen.values())


def add_station_lists(
    region_details: dict[str, dict], municipalities: dict[str, dict], rows: list[Row]
) -> None:
    """Add ``stations`` to every region and municipality document: ``null`` where the register lists no
    station of the organiser (Åland: outside it), an empty list for a municipality of a listed organiser
    without a station of its own."""
    by_region = station_lists(rows, "organiser")
    by_municipality = station_lists(rows, "municipality")
    for code, document in region_details.items():
        document["stations"] = by_region.get(code)
    for code, document in municipalities.items():
        region = (document.get("region") or {}).get("code")
        found = by_municipality.get(code)
        if found is None and region in by_region:
            found = {"source": by_region[region]["source"], "items": []}
        document["stations"] = found
