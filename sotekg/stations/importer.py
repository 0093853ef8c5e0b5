"""From the register's rows to one named graph of health stations (``graph/stations/register``) and a report:
a pure function of its inputs (rows, municipality list, mergers, organiser forms, coordinates, import time).

A station is one ``sk:ServiceLocation`` (centre kind health-station) however many years it appears: the same
name in the same municipality once the municipality is reconciled (``places``). It carries the latest row's
name and address, the years seen (first, last, opened and closed within the register's years), today's
organiser through the municipality, WGS84 coordinates where the authors geocoded it, and one
``sk:StationYear`` per row: the organiser of that time as recorded, weekdays open, outsourcing, the archive
captures the row was read from and its notes. Evidence (docs/decisions/0003): ``dct:source`` the register (a
``dcat:Dataset`` of kind station-register, never ``sk:completeFor``), one primary-health-care offering per
station, ``dct:date`` the last year seen open (``xsd:gYear``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..namespaces import ORG, SCHEMA, SK, code_iri, county_iri, graph_iri, instance_iri, municipality_iri
from ..ptv.importer import wgs84
from ..settings import Settings
from .forms import OrganiserForms
from .places import Places
from .register import WEEKDAYS, Register, RegisterRow
from .report import ImportedStation, StationReport, Unplaced

REGISTER_SOURCE = URIRef(instance_iri("source", "health-station-register"))
REGISTER_ORIGIN = (
    "the health stations of Finland 2013–2019 (MIT; coordinates © OpenStreetMap contributors, ODbL)"
)
DAY_IRIS = dict(zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")))


def stations_graph_iri(name: str) -> str:
    """``graph/stations/register`` (the register) and ``graph/stations/list-2024`` (the 2024 list)."""
    return graph_iri(f"stations/{name}")


def slug(text: str) -> str:
    """An IRI-safe ASCII id from a name: 'Jäppilän terveysasema' → 'jappilan-terveysasema'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def station_iri(municipality: str, name: str) -> URIRef:
    return URIRef(instance_iri("centre", f"station-{municipality}-{slug(name)}"))


def historical_organiser_iri(name: str) -> URIRef:
    return URIRef(instance_iri("organisation", f"station-register-{slug(name)}"))


def read_geocodes(path: Path) -> dict[tuple[str, int], tuple[float, float]]:
    """(station name, year) → (easting, northing) in EPSG:3067, from the authors' geocoded table."""
    with path.open(encoding="utf-8") as handle:
        return {
            (row["station"].strip(), int(float(row["year"]))): (float(row["easting"]), float(row["northing"]))
            for row in csv.DictReader(handle)
        }


@dataclass(frozen=True)
class StationInputs:
    """What the import reads beside the register: the 2022 municipalities, the mergers since, the organiser-form
    rules, the authors' coordinates and the hand-written source descriptions."""

    places: Places
    forms: OrganiserForms
    geocodes: dict[tuple[str, int], tuple[float, float]]
    sources: Graph

    @classmethod
    def load(cls, settings: Settings) -> StationInputs:
        data, mappings = settings.data_dir, settings.root / "mappings" / "stations"
        return cls(
            Places.load(
                data / "sources" / "municipalities_2022.csv",
                data / "sources" / "municipality_mergers_2015-2021.csv",
            ),
            OrganiserForms.load(mappings / "organiser-forms.csv"),
            read_geocodes(data / "stations" / "health_stations_2013-2019_geocoded_tm35fin.csv"),
            Graph().parse(mappings / "sources.ttl"),
        )


@dataclass
class _Station:
    municipality: str
    name: str
    rows: list[RegisterRow]


def _gyear(year: int) -> Literal:
    return Literal(str(year), datatype=XSD.gYear)


def import_register(
    register: Register,
    places: Places,
    forms: OrganiserForms,
    geocodes: dict[tuple[str, int], tuple[float, float]],
    source_description: Graph,
    imported_at: datetime,
) -> tuple[Graph, StationReport]:
    """The register graph and the report."""
    report = StationReport(rows=register.years(), stray=list(register.stray))
    stations: dict[tuple[str, str], _Station] = {}
    for row in register.rows:
        name = row.get("station").strip()
        placement = places.place(row.get("municipality_num"), row.get("municipality"))
        for correction in placement.corrections:
            report.corrections.setdefault(correction, []).append(f"{row.year}:{row.row}")
        if placement.code is None:
            recorded = f"{row.get('municipality_num')} {row.get('municipality').strip()}"
            report.unplaced.append(Unplaced(row.where, name, recorded, placement.reason))
            continue
        stations.setdefault((placement.code, name), _Station(placement.code, name, [])).rows.append(row)
    _follow_mergers(report, stations)

    first_year, last_year = min(report.rows), max(report.rows)
    names_by_year: dict[tuple[str, int], int] = defaultdict(int)
    for station in stations.values():
        for row in station.rows:
            names_by_year[(station.name, row.year)] += 1
    when = imported_at if imported_at.tzinfo else imported_at.replace(tzinfo=UTC)
    context = _Context(
        Graph(),
        Literal(when.astimezone(UTC).isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime),
        Literal(register.modified.isoformat(), datatype=XSD.dateTime) if register.modified else None,
    )
    g = context.graph
    g.bind("dcat", "http://www.w3.org/ns/dcat#")
    for triple in source_description.triples((REGISTER_SOURCE, None, None)):
        g.add(triple)
    if register.modified:
        g.add(
            (
                REGISTER_SOURCE,
                DCTERMS.issued,
                Literal(register.modified.date().isoformat(), datatype=XSD.date),
            )
        )
    for (code, name), station in sorted(stations.items()):
        station.rows.sort(key=lambda row: row.year)
        years = [row.year for row in station.rows]
        missing = [year for year in range(years[0], years[-1] + 1) if year not in years]
        if missing:
            report.gaps.append(
                (
                    f"{name} ({code})",
                    f"seen {', '.join(map(str, years))}; not in {', '.join(map(str, missing))}",
                )
            )
        point, ambiguous = _coordinates(station, geocodes, names_by_year)
        if ambiguous:
            report.ambiguous_geocodes.append(f"{name} ({code})")
        if point:
            report.geocoded += 1
        county = places.counties[code]
        _add_station(context, station, county, point, first_year, last_year, forms, report)
        report.stations.append(
            ImportedStation(
                station_iri(code, name).rsplit("/", 1)[-1], name, code, county, years[0], years[-1]
            )
        )
    report.successors = _same_address_successors(stations)
    return g, report


def _same_address_successors(stations: dict[tuple[str, str], _Station]) -> list[str]:
    """Pairs of stations at the same street address of the same municipality where one is last listed in a
    year and the other first listed the next: likely a rename or a merger of stations. Reported for people to
    judge; the register's identity (its names) is kept, so each shows as one closed and one opened."""
    by_address: dict[tuple[str, str], list[_Station]] = {}
    for station in stations.values():
        address = " ".join(station.rows[-1].get("address").split()).casefold()
        first_address = " ".join(station.rows[0].get("address").split()).casefold()
        for key in {(station.municipality, address), (station.municipality, first_address)} - {
            (station.municipality, "")
        }:
            by_address.setdefault(key, []).append(station)
    found = set()
    for (code, _), group in by_address.items():
        for old in group:
            for new in group:
                if old is not new and new.rows[0].year == old.rows[-1].year + 1:
                    found.add(
                        f"{old.name!r} (last {old.rows[-1].year}) → {new.name!r} (first {new.rows[0].year}), {code}"
                    )
    return sorted(found)


def _follow_mergers(report: StationReport, stations: dict[tuple[str, str], _Station]) -> None:
    """For each merger used, whether the register's own later rows record the station under the successor."""
    for correction, rows in report.corrections.items():
        if correction.kind != "merged":
            continue
        later = sorted(
            f"{station.name!r} from {min(years)}"
            for (code, _), station in stations.items()
            if code == correction.placed and any(f"{row.year}:{row.row}" in rows for row in station.rows)
            for years in [
                [row.year for row in station.rows if row.get("municipality_num").strip().zfill(3) == code]
            ]
            if years
        )
        report.followed[correction.reason] = (
            "the register itself records " + ", ".join(later) + f" under {correction.placed}"
            if later
            else "no row of the register records it under the successor's code: the merger list alone places it"
        )


def _coordinates(
    station: _Station, geocodes: dict, names_by_year: dict
) -> tuple[tuple[float, float] | None, bool]:
    """WGS84 (lat, lon) of the station's latest geocoded year; True when its name was shared that year."""
    ambiguous = False
    for row in reversed(station.rows):
        found = geocodes.get((station.name, row.year))
        if found is None:
            continue
        if names_by_year[(station.name, row.year)] > 1:
            ambiguous = True
            continue
        return wgs84(found[1], found[0]), False
    return None, ambiguous


@dataclass
class _Context:
    graph: Graph
    imported_at: Literal
    modified: Literal | None

    def provenance(self, node: URIRef, last_year: int) -> None:
        self.graph.add((node, DCTERMS.source, REGISTER_SOURCE))
        self.graph.add((node, DCTERMS.date, _gyear(last_year)))
        if self.modified is not None:
            self.graph.add((node, DCTERMS.modified, self.modified))
        self.graph.add((node, PROV.generatedAtTime, self.imported_at))


def _add_station(
    context: _Context,
    station: _Station,
    county: str,
    point: tuple[float, float] | None,
    first_year: int,
    last_year: int,
    forms: OrganiserForms,
    report: StationReport,
) -> None:
    g = context.graph
    centre = station_iri(station.municipality, station.name)
    latest = station.rows[-1]
    first, last = station.rows[0].year, latest.year
    g.add((centre, RDF.type, SK.ServiceLocation))
    g.add((centre, SKOS.prefLabel, Literal(station.name, lang="fi")))
    g.add((centre, RDFS.label, Literal(station.name, lang="fi")))
    g.add((centre, SK.centreKind, URIRef(code_iri("centre-kind", "health-station"))))
    g.add((centre, SK.municipality, URIRef(municipality_iri(station.municipality))))
    g.add((centre, SK.organiser, URIRef(county_iri(county))))
    g.add((centre, SK.firstYearSeen, _gyear(first)))
    g.add((centre, SK.lastYearSeen, _gyear(last)))
    if first > first_year:
        g.add((centre, SK.openedYear, _gyear(first)))
    if last < last_year:
        g.add((centre, SK.closedYear, _gyear(last + 1)))
    context.provenance(centre, last)
    address = URIRef(f"{centre}#address")
    g.add((centre, SCHEMA.address, address))
    g.add((address, RDF.type, SCHEMA.PostalAddress))
    if latest.get("address").strip():
        g.add((address, SCHEMA.streetAddress, Literal(latest.get("address").strip(), lang="fi")))
    if latest.get("postcode").strip():
        g.add((address, SCHEMA.postalCode, Literal(latest.get("postcode").strip().zfill(5))))
    if latest.get("postal_district").strip():
        g.add((address, SCHEMA.addressLocality, Literal(latest.get("postal_district").strip(), lang="fi")))
    g.add((address, SCHEMA.addressCountry, Literal("FI")))
    if point:
        geo = URIRef(f"{centre}#geo")
        g.add((centre, SCHEMA.geo, geo))
        g.add((geo, RDF.type, SCHEMA.GeoCoordinates))
        g.add((geo, SCHEMA.latitude, Literal(f"{point[0]:.6f}", datatype=XSD.decimal)))
        g.add((geo, SCHEMA.longitude, Literal(f"{point[1]:.6f}", datatype=XSD.decimal)))
    offering = URIRef(f"{centre.replace('/centre/', '/offering/')}-primary-health-care")
    g.add((centre, SK.offers, offering))
    g.add((offering, RDF.type, SK.ServiceOffering))
    g.add((offering, SK.serviceType, URIRef(code_iri("service-type", "primary-health-care"))))
    g.add((offering, SK.channel, URIRef(code_iri("channel", "physical"))))
    g.add((offering, SK.evidenceBasis, URIRef(code_iri("evidence-basis", "named-in-source"))))
    context.provenance(offering, last)
    for row in station.rows:
        _add_year(context, centre, row, forms, report)


def _add_year(context: _Context, centre: URIRef, row: RegisterRow, forms: OrganiserForms, report) -> None:
    g = context.graph
    node = URIRef(f"{centre}#year-{row.year}")
    g.add((centre, SK.stationYear, node))
    g.add((node, RDF.type, SK.StationYear))
    g.add((node, SK.year, _gyear(row.year)))
    g.add(
        (
            node,
            SK.recordedMunicipality,
            Literal(f"{row.get('municipality').strip()} ({row.get('municipality_num')})"),
        )
    )
    if row.get("address").strip():
        g.add((node, SCHEMA.streetAddress, Literal(row.get("address").strip(), lang="fi")))
    organiser_name = " ".join(row.get("organizer").split())
    if organiser_name:
        organiser = historical_organiser_iri(organiser_name)
        g.add((node, SK.historicalOrganiser, organiser))
        if (organiser, RDF.type, ORG.Organization) not in g:
            g.add((organiser, RDF.type, ORG.Organization))
            g.add((organiser, SKOS.prefLabel, Literal(organiser_name, lang="fi")))
            g.add((organiser, RDFS.label, Literal(organiser_name, lang="fi")))
            g.add((organiser, DCTERMS.source, REGISTER_SOURCE))
        recorded_type = row.get("organizer_type").strip()
        g.add((organiser, SK.recordedType, Literal(recorded_type)))
        rule = forms.form(recorded_type, organiser_name)
        if rule is None:
            report.unmapped_types.setdefault(recorded_type, []).append(f"{row.year}:{row.row}")
        elif (organiser, SK.organiserForm, None) not in g:
            g.add((organiser, SK.organiserForm, URIRef(code_iri("organiser-form", rule.form))))
            report.forms[rule.form] += 1
    for day in WEEKDAYS:
        if row.get(day).strip() == "1":
            g.add((node, SCHEMA.dayOfWeek, SCHEMA[DAY_IRIS[day]]))
    outsourced = row.get("outsourced").strip()
    if outsourced in ("0", "1"):
        g.add((node, SK.outsourced, Literal(outsourced == "1")))
    if row.get("outsourcing_firm").strip():
        g.add((node, SK.outsourcingFirm, Literal(row.get("outsourcing_firm").strip())))
    for url in row.sources:
        if url.startswith(("http://", "https://")) and not any(c in url for c in ' <>"{}|\\^`'):
            g.add((node, PROV.wasDerivedFrom, URIRef(url)))
    for note in row.notes:
        g.add((node, RDFS.comment, Literal(note, lang="en")))
    g.add((node, DCTERMS.source, REGISTER_SOURCE))
    g.add((node, DCTERMS.date, _gyear(row.year)))
