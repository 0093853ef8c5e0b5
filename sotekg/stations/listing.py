"""The 2024 list of health stations (Finnish Wikipedia, July 2024; CC BY-SA 4.0) as a second, weaker, newer
source in a graph of its own (``graph/stations/list-2024``), compared with the register's 2019 stations.

A listing is an ``sk:StationListing`` — not a centre, so it never adds to coverage or to the register's facts —
with its name, municipality (matched by name, Finnish or Swedish, to the 2022 list), address as written, WGS84
coordinates when they lie in Finland, the list as ``dct:source`` and ``dct:date`` 2024-07. A listing whose
municipality, name or street address is that of a station open in 2019 gets ``skos:closeMatch`` to it. The
comparison (still listed / not listed / new) is the query ``analytics/station-list-2024``; only municipalities the
list covers can show a station as not listed, as the list is incomplete.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..errors import UserError
from ..namespaces import SCHEMA, SK, instance_iri, municipality_iri
from .importer import slug

LIST_SOURCE = URIRef(instance_iri("source", "wikipedia-health-stations-2024"))
LIST_ORIGIN = (
    "the Finnish Wikipedia list of health stations, July 2024 (CC BY-SA 4.0, Finnish Wikipedia contributors)"
)
LIST_DATE = Literal("2024-07", datatype=XSD.gYearMonth)
FINLAND = ((59.5, 70.2), (19.0, 31.7))  # latitude, longitude: anything outside is a wrong geocode
COLUMNS = ("name", "location", "type", "address", "latitude", "longitude")


@dataclass
class ListReport:
    rows: int = 0
    health_centres: int = 0
    listings: int = 0
    matched: list[tuple[str, str, str]] = field(default_factory=list)  # listing, station, basis
    unplaced: list[str] = field(default_factory=list)
    bad_coordinates: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [
            f"Read: {self.rows} rows, {self.health_centres} of type Health Center (hospitals left out)",
            f"Listings: {self.listings}; the same site as a register station open in 2019: {len(self.matched)}",
            f"Not placed in a municipality: {len(self.unplaced)}",
            *[f"  {item}" for item in self.unplaced],
            f"Coordinates outside Finland, left out: {len(self.bad_coordinates)}",
            *[f"  {item}" for item in self.bad_coordinates],
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "rows": self.rows,
            "healthCentres": self.health_centres,
            "listings": self.listings,
            "matched": [{"listing": a, "station": b, "basis": c} for a, b, c in self.matched],
            "unplaced": self.unplaced,
            "badCoordinates": self.bad_coordinates,
        }


def _norm(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def import_list(
    path: Path, municipalities_csv: Path, register: Graph, sources: Graph
) -> tuple[Graph, ListReport]:
    """The list graph and its report; ``register`` is the register's graph (for the 2019 stations)."""
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise UserError(f"{path}: line 1 lacks the column(s) {', '.join(missing)}")
        rows = list(reader)
    with municipalities_csv.open(encoding="utf-8") as handle:
        codes: dict[str, str] = {}
        for row in csv.DictReader(handle):
            codes[_norm(row["name_fi"])] = row["municipality_code"]
            codes.setdefault(_norm(row["name_sv"]), row["municipality_code"])
    stations_2019 = _stations_open_in(register, "2019")
    copied_file = sources.value(LIST_SOURCE, PROV.wasDerivedFrom)
    g = Graph()
    for triple in sources.triples((LIST_SOURCE, None, None)):
        g.add(triple)
    report = ListReport(rows=len(rows))
    for line, row in enumerate(rows, start=2):
        if row["type"].strip() != "Health Center":
            continue
        report.health_centres += 1
        name = row["name"].strip()
        code = codes.get(_norm(row["location"]))
        if code is None:
            report.unplaced.append(
                f"line {line} {name!r}: municipality {row['location']!r} is not in the 2022 list"
            )
            continue
        listing = URIRef(instance_iri("listing", f"wikipedia-2024-{code}-{slug(name)}"))
        report.listings += 1
        g.add((listing, RDF.type, SK.StationListing))
        g.add((listing, SKOS.prefLabel, Literal(name, lang="fi")))
        g.add((listing, RDFS.label, Literal(name, lang="fi")))
        g.add((listing, SK.municipality, URIRef(municipality_iri(code))))
        g.add((listing, DCTERMS.source, LIST_SOURCE))
        g.add((listing, DCTERMS.date, LIST_DATE))
        if copied_file is not None:
            g.add((listing, PROV.wasDerivedFrom, URIRef(f"{copied_file}#L{line}")))
        street = row["address"].split(",")[0].strip()
        if row["address"].strip():
            g.add((listing, SCHEMA.address, Literal(row["address"].strip())))
        _coordinates(g, listing, row, line, name, report)
        match = _match(stations_2019.get(code, []), name, street)
        if match:
            station, basis = match
            g.add((listing, SKOS.closeMatch, station))
            report.matched.append((str(listing).rsplit("/", 1)[-1], str(station).rsplit("/", 1)[-1], basis))
    return g, report


def _coordinates(g: Graph, listing: URIRef, row: dict, line: int, name: str, report: ListReport) -> None:
    try:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
    except ValueError:
        return
    (lat_min, lat_max), (lon_min, lon_max) = FINLAND
    if not (lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max):
        report.bad_coordinates.append(f"line {line} {name!r}: {latitude}, {longitude}")
        return
    geo = URIRef(f"{listing}#geo")
    g.add((listing, SCHEMA.geo, geo))
    g.add((geo, RDF.type, SCHEMA.GeoCoordinates))
    g.add((geo, SCHEMA.latitude, Literal(f"{latitude:.6f}", datatype=XSD.decimal)))
    g.add((geo, SCHEMA.longitude, Literal(f"{longitude:.6f}", datatype=XSD.decimal)))


def _stations_open_in(register: Graph, year: str) -> dict[str, list[tuple[URIRef, str, str]]]:
    """Municipality code → (station, normalised name, normalised street address) of the stations open at the
    end of ``year``."""
    found: dict[str, list[tuple[URIRef, str, str]]] = {}
    for station in register.subjects(SK.lastYearSeen, Literal(year, datatype=XSD.gYear)):
        code = str(register.value(station, SK.municipality)).rsplit("/", 1)[-1]
        address = register.value(register.value(station, SCHEMA.address), SCHEMA.streetAddress)
        found.setdefault(code, []).append(
            (station, _norm(register.value(station, SKOS.prefLabel)), _norm(address or ""))
        )
    return found


def _match(candidates: list[tuple[URIRef, str, str]], name: str, street: str) -> tuple[URIRef, str] | None:
    """The one 2019 station of the municipality with the listing's name, else with its street address."""
    by_name = [station for station, known, _ in candidates if known == _norm(name)]
    if len(by_name) == 1:
        return by_name[0], "name"
    by_address = [station for station, _, address in candidates if street and address == _norm(street)]
    if len(by_address) == 1:
        return by_address[0], "street address"
    return None
