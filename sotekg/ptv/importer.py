"""From PTV records to one named graph of service locations per county, plus a report: a pure function.

A PTV service location (``ServiceLocation`` channel) becomes an ``sk:ServiceLocation`` when at least one of its
services maps to one of our service types. Its county is the one its address's municipality belongs to (not the
owning organisation's). Phone, e-service and web-page channels become channels of the offerings whose service
they share with a site of the same organisation. Every centre and offering carries its provenance: ``dct:source``
the recording or harvest (``sotekg.ptv.source``), ``prov:wasDerivedFrom`` the PTV record(s), ``dct:modified`` the
record's time and ``dct:date`` its day: the same input gives the same graph, whenever it is imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from pyproj import Transformer
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..namespaces import (
    ORG,
    PREFIXES,
    SCHEMA,
    SK,
    code_iri,
    county_iri,
    graph_iri,
    instance_iri,
    municipality_iri,
)
from .mapping import MappingTables, ServiceMapping, rule_names
from .reader import PtvRecords, display_name, localised, modified_time, resource_url
from .report import ImportedSite, ImportReport, ReportItem
from .source import PtvSource

CHANNEL_CODES = {"ServiceLocation": "physical", "Phone": "phone", "EChannel": "digital", "WebPage": "digital"}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# ETRS-TM35FIN easting/northing bounds of Finland with a margin; anything outside is a broken coordinate
TM35FIN_BOUNDS = ((40_000.0, 780_000.0), (6_580_000.0, 7_820_000.0))


@dataclass
class ImportResult:
    """The graphs by county code (``graph/ptv/{code}``) and the report."""

    graphs: dict[str, Graph]
    report: ImportReport

    def graph_iris(self) -> dict[str, str]:
        return {county: ptv_graph_iri(county) for county in self.graphs}


def ptv_graph_iri(county: str) -> str:
    return graph_iri(f"ptv/{county}")


def centre_iri(ptv_id: str) -> URIRef:
    return URIRef(instance_iri("centre", f"ptv-{ptv_id}"))


def offering_iri(ptv_id: str, service_type: str) -> URIRef:
    return URIRef(instance_iri("offering", f"ptv-{ptv_id}-{service_type}"))


def organisation_iri(ptv_id: str) -> URIRef:
    return URIRef(instance_iri("organisation", f"ptv-{ptv_id}"))


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def import_records(
    records: PtvRecords, tables: MappingTables, counties: Mapping[str, str], source: PtvSource
) -> ImportResult:
    """Map PTV records to graphs per county. ``counties`` maps municipality code → county code; ``source`` is the
    recording or harvest the records come from."""
    return _Import(records, tables, counties, source).run()


@dataclass
class _Offering:
    iri: URIRef
    county: str
    organisation: str | None
    modified: datetime
    derived_from: set[str] = field(default_factory=set)


class _Import:
    def __init__(
        self, records: PtvRecords, tables: MappingTables, counties: Mapping[str, str], source: PtvSource
    ):
        self.records = records
        self.tables = tables
        self.counties = counties
        self.source = source
        self.graphs: dict[str, Graph] = {}
        self.report = ImportReport(
            records={
                "service channels": len(records.channels),
                "services": len(records.services),
                "organisations": len(records.organizations),
            }
        )
        self.mappings: dict[str, ServiceMapping] = {}
        self.offerings_by_service: dict[str, list[_Offering]] = {}
        self.missing_services: dict[str, list[str]] = {}
        self.services_of_channel: dict[str, set[str]] = {}  # the links services record to channels
        for sid, service in records.services.items():
            for link in service.get("serviceChannels") or []:
                channel_id = (link.get("serviceChannel") or {}).get("id")
                if channel_id:
                    self.services_of_channel.setdefault(channel_id, set()).add(sid)

    def run(self) -> ImportResult:
        for origin in self.records.unrecognised:
            self.report.unmapped.append(
                ReportItem("record", "-", origin, "not a PTV channel, service or organisation")
            )
        for ptv_id, channel in sorted(self.records.channels.items()):
            if channel.get("serviceChannelType") == "ServiceLocation":
                self._site(ptv_id, channel)
        for ptv_id, channel in sorted(self.records.channels.items()):
            if channel.get("serviceChannelType") != "ServiceLocation":
                self._other_channel(ptv_id, channel)
        for offerings in self.offerings_by_service.values():
            for offering in offerings:
                self._offering_provenance(offering)
        self._report_unmapped_services()
        return ImportResult(self.graphs, self.report)

    # ---------------------------------------------------------------- service locations

    def _site(self, ptv_id: str, channel: dict) -> None:
        names = localised(channel.get("serviceChannelNames"), "Name")
        name = display_name(names)
        if channel.get("publishingStatus", "Published") != "Published":
            self.report.not_sote.append(ReportItem("site", ptv_id, name, "not published"))
            return
        service_ids = self._service_ids(ptv_id, channel)
        present = [sid for sid in service_ids if sid in self.records.services]
        for sid in service_ids:
            if sid not in self.records.services:
                self.missing_services.setdefault(sid, []).append(ptv_id)
        mappings = {sid: self._map(sid) for sid in present}
        types = sorted({t for mapping in mappings.values() for t in mapping.service_types})
        if not types:
            missing = len(service_ids) - len(present)
            if any(m.status == "unmapped" for m in mappings.values()) or missing:
                reasons = sorted(
                    {
                        f"{self._service_name(sid)}: {m.reason}"
                        for sid, m in mappings.items()
                        if m.status == "unmapped"
                    }
                )
                if missing:
                    reasons.append(f"{missing} linked service record(s) not in the input")
                self.report.unmapped.append(
                    ReportItem("site", ptv_id, name, "no sote service type; " + "; ".join(reasons))
                )
            else:
                self.report.not_sote.append(
                    ReportItem(
                        "site",
                        ptv_id,
                        name,
                        "; ".join(
                            sorted({f"{self._service_name(sid)}: {m.reason}" for sid, m in mappings.items()})
                        )
                        or "no services",
                    )
                )
            return
        municipality = site_municipality(channel)
        if municipality is None:
            self.report.unmapped.append(
                ReportItem("site", ptv_id, name, "no municipality in its address or area")
            )
            return
        county = self.counties.get(municipality)
        if county is None:
            self.report.unmapped.append(
                ReportItem(
                    "site", ptv_id, name, f"municipality {municipality} is not in the municipality table"
                )
            )
            return
        service_names = [
            name
            for sid, m in mappings.items()
            if m.status == "mapped"
            for name in rule_names(self.records.services[sid].get("serviceNames"))
        ]
        kind = self.tables.centre_kind(rule_names(channel.get("serviceChannelNames")), service_names)
        if kind.kind is None:
            self.report.unmapped.append(ReportItem("site-kind", ptv_id, name, kind.reason))
        self._add_site(ptv_id, channel, names, county, municipality, kind.kind, mappings)
        self.report.imported.append(ImportedSite(county, ptv_id, name, kind.kind, tuple(types)))

    def _service_ids(self, channel_id: str, channel: dict) -> list[str]:
        ids = {
            link["service"]["id"]
            for link in channel.get("services") or []
            if isinstance(link.get("service"), dict) and link["service"].get("id")
        }
        return sorted(ids | self.services_of_channel.get(channel_id, set()))

    def _map(self, service_id: str) -> ServiceMapping:
        if service_id not in self.mappings:
            self.mappings[service_id] = self.tables.map_service(self.records.services[service_id])
        return self.mappings[service_id]

    def _service_name(self, service_id: str) -> str:
        return display_name(localised(self.records.services[service_id].get("serviceNames"), "Name"))

    def _graph(self, county: str) -> Graph:
        if county not in self.graphs:
            graph = new_graph()
            self.source.add_to(graph)
            self.graphs[county] = graph
        return self.graphs[county]

    def _add_site(
        self,
        ptv_id: str,
        channel: dict,
        names: dict[str, str],
        county: str,
        municipality: str,
        kind: str | None,
        mappings: dict[str, ServiceMapping],
    ) -> None:
        g = self._graph(county)
        centre = centre_iri(ptv_id)
        modified = modified_time(channel)
        g.add((centre, RDF.type, SK.ServiceLocation))
        for language, text in names.items():
            g.add((centre, SKOS.prefLabel, Literal(text, lang=language)))
            g.add((centre, RDFS.label, Literal(text, lang=language)))
        for language, text in localised(channel.get("serviceChannelDescriptions"), "Summary").items():
            g.add((centre, SCHEMA.description, Literal(text, lang=language)))
        g.add((centre, DCTERMS.identifier, Literal(ptv_id)))
        if kind:
            g.add((centre, SK.centreKind, URIRef(code_iri("centre-kind", kind))))
        g.add((centre, SK.organiser, URIRef(county_iri(county))))
        g.add((centre, SK.municipality, URIRef(municipality_iri(municipality))))
        organisation = channel.get("organizationId")
        if organisation:
            g.add((centre, DCTERMS.publisher, organisation_iri(organisation)))
            self._add_organisation(g, organisation)
        add_address_and_geo(g, centre, channel)
        add_opening_hours(g, centre, channel.get("serviceHours") or [])
        add_contacts(g, centre, channel)
        self._provenance(g, centre, modified, [resource_url("ServiceChannel", ptv_id)])
        by_type: dict[str, list[str]] = {}
        for sid, mapping in sorted(mappings.items()):
            for service_type in mapping.service_types:
                by_type.setdefault(service_type, []).append(sid)
        for service_type, service_ids in by_type.items():
            offering = _Offering(offering_iri(ptv_id, service_type), county, organisation, datetime.min)
            g.add((centre, SK.offers, offering.iri))
            g.add((offering.iri, RDF.type, SK.ServiceOffering))
            g.add((offering.iri, SK.serviceType, URIRef(code_iri("service-type", service_type))))
            g.add((offering.iri, SK.channel, URIRef(code_iri("channel", "physical"))))
            g.add((offering.iri, SK.evidenceBasis, URIRef(code_iri("evidence-basis", "named-in-source"))))
            for sid in service_ids:
                offering.modified = max(offering.modified, modified_time(self.records.services[sid]))
                offering.derived_from.add(resource_url("Service", sid))
                self.offerings_by_service.setdefault(sid, []).append(offering)

    def _add_organisation(self, g: Graph, ptv_id: str) -> None:
        node = organisation_iri(ptv_id)
        g.add((node, RDF.type, ORG.Organization))
        g.add((node, DCTERMS.identifier, Literal(ptv_id)))
        g.add((node, PROV.wasDerivedFrom, URIRef(resource_url("Organization", ptv_id))))
        record = self.records.organizations.get(ptv_id)
        if record:
            for language, text in localised(record.get("organizationNames"), "Name").items():
                g.add((node, SKOS.prefLabel, Literal(text, lang=language)))
                g.add((node, RDFS.label, Literal(text, lang=language)))

    def _provenance(self, g: Graph, node: URIRef, modified: datetime, derived_from: list[str]) -> None:
        g.add((node, DCTERMS.source, self.source.iri))
        for url in derived_from:
            g.add((node, PROV.wasDerivedFrom, URIRef(url)))
        if modified != datetime.min:
            g.add((node, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.dateTime)))
            g.add((node, DCTERMS.date, Literal(modified.date().isoformat(), datatype=XSD.date)))

    def _offering_provenance(self, offering: _Offering) -> None:
        self._provenance(
            self.graphs[offering.county], offering.iri, offering.modified, sorted(offering.derived_from)
        )

    # ---------------------------------------------------------------- phone, e-service and web-page channels

    def _other_channel(self, ptv_id: str, channel: dict) -> None:
        kind = channel.get("serviceChannelType", "?")
        name = display_name(localised(channel.get("serviceChannelNames"), "Name"))
        code = CHANNEL_CODES.get(kind)
        if code is None:
            self.report.channels.append(ReportItem(kind, ptv_id, name, "channel type not used for centres"))
            return
        attached: list[_Offering] = []
        for sid in self._service_ids(ptv_id, channel):
            attached += [
                offering
                for offering in self.offerings_by_service.get(sid, [])
                if offering.organisation == channel.get("organizationId") and offering not in attached
            ]
        for offering in attached:
            g = self.graphs[offering.county]
            g.add((offering.iri, SK.channel, URIRef(code_iri("channel", code))))
            add_contacts(g, offering.iri, channel)
            offering.modified = max(offering.modified, modified_time(channel))
            offering.derived_from.add(resource_url("ServiceChannel", ptv_id))
        reason = (
            f"a {code} channel of {len(attached)} offering(s)"
            if attached
            else "no imported service location of the same organisation shares a service with it"
        )
        self.report.channels.append(ReportItem(kind, ptv_id, name, reason))

    def _report_unmapped_services(self) -> None:
        """Unmapped and missing services linked to at least one site, once each (a site may still be imported)."""
        for sid, mapping in sorted(self.mappings.items()):
            if mapping.status == "unmapped":
                self.report.unmapped.append(
                    ReportItem("service", sid, self._service_name(sid), mapping.reason)
                )
        for sid, sites in sorted(self.missing_services.items()):
            self.report.unmapped.append(
                ReportItem(
                    "service",
                    sid,
                    "",
                    f"record not in the input; linked from {len(sites)} service location(s)",
                )
            )


def site_municipality(channel: dict) -> str | None:
    """The municipality code of the site's visiting address; else its area, when that is one municipality."""
    for address in channel.get("addresses") or []:
        street = address.get("streetAddress") or {}
        code = (street.get("municipality") or {}).get("code")
        if address.get("type") in ("Location", "Visiting") and code:
            return code
    codes = {
        m.get("code")
        for area in channel.get("areas") or []
        if area.get("type") == "Municipality"
        for m in area.get("municipalities") or []
        if m.get("code")
    }
    return codes.pop() if len(codes) == 1 else None


@lru_cache(maxsize=1)
def _tm35fin_to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)


def wgs84(northing: str | float, easting: str | float) -> tuple[float, float] | None:
    """(latitude, longitude) in WGS84 from ETRS-TM35FIN (EPSG:3067) northing/easting; None if out of range.

    PTV writes the TM35FIN northing as ``latitude`` and the easting as ``longitude``.
    """
    try:
        north, east = float(northing), float(easting)
    except (TypeError, ValueError):
        return None
    (east_min, east_max), (north_min, north_max) = TM35FIN_BOUNDS
    if not (east_min <= east <= east_max and north_min <= north <= north_max):
        return None
    longitude, latitude = _tm35fin_to_wgs84().transform(east, north)
    return round(latitude, 6), round(longitude, 6)


def add_address_and_geo(g: Graph, centre: URIRef, channel: dict) -> None:
    number = 0
    has_geo = False
    for address in channel.get("addresses") or []:
        street = address.get("streetAddress")
        if address.get("type") not in ("Location", "Visiting") or not street:
            continue
        number += 1
        node = URIRef(f"{centre}#address-{number}")
        g.add((centre, SCHEMA.address, node))
        g.add((node, RDF.type, SCHEMA.PostalAddress))
        streets = localised(street.get("street"))
        for language, text in streets.items():
            value = f"{text} {street['streetNumber']}" if street.get("streetNumber") else text
            g.add((node, SCHEMA.streetAddress, Literal(value, lang=language)))
        if street.get("postalCode"):
            g.add((node, SCHEMA.postalCode, Literal(street["postalCode"])))
        for language, text in localised(street.get("postOffice")).items():
            if language in ("fi", "sv", "en"):
                g.add((node, SCHEMA.addressLocality, Literal(text, lang=language)))
        if address.get("country"):
            g.add((node, SCHEMA.addressCountry, Literal(address["country"])))
        point = wgs84(street.get("latitude"), street.get("longitude"))
        if point and not has_geo:
            has_geo = True
            geo = URIRef(f"{centre}#geo")
            g.add((centre, SCHEMA.geo, geo))
            g.add((geo, RDF.type, SCHEMA.GeoCoordinates))
            g.add((geo, SCHEMA.latitude, Literal(f"{point[0]:.6f}", datatype=XSD.decimal)))
            g.add((geo, SCHEMA.longitude, Literal(f"{point[1]:.6f}", datatype=XSD.decimal)))


def _days(day_from: str | None, day_to: str | None) -> list[str]:
    if day_from not in DAYS:
        return []
    if day_to not in DAYS:
        return [day_from]
    start, end = DAYS.index(day_from), DAYS.index(day_to)
    return DAYS[start : end + 1] if start <= end else DAYS[start:] + DAYS[: end + 1]


def _time(text: str | None) -> Literal | None:
    if not text:
        return None
    return Literal(text if len(text) > 5 else f"{text}:00", datatype=XSD.time)


def add_opening_hours(g: Graph, centre: URIRef, service_hours: list[dict]) -> None:
    """schema.org OpeningHoursSpecification nodes: regular hours per day, and exceptions with their dates.

    Days with the same hours share one node. A closed exception opens and closes at 00:00 (the schema.org
    convention); an always-open entry is 00:00–23:59:59 every day. Entries without days or dates say nothing
    and are left out.
    """
    number = 0

    def spec(entry: dict, days: list[str], opens: Literal | None, closes: Literal | None) -> None:
        nonlocal number
        number += 1
        node = URIRef(f"{centre}#hours-{number}")
        g.add((centre, SCHEMA.openingHoursSpecification, node))
        g.add((node, RDF.type, SCHEMA.OpeningHoursSpecification))
        for day in days:
            g.add((node, SCHEMA.dayOfWeek, SCHEMA[day]))
        if opens is not None:
            g.add((node, SCHEMA.opens, opens))
        if closes is not None:
            g.add((node, SCHEMA.closes, closes))
        valid_from = entry.get("validFrom")
        valid_to = entry.get("validTo") or valid_from
        if valid_from and valid_to:
            g.add((node, SCHEMA.validFrom, Literal(valid_from[:10], datatype=XSD.date)))
            g.add((node, SCHEMA.validThrough, Literal(valid_to[:10], datatype=XSD.date)))
        for language, text in localised(entry.get("additionalInformation")).items():
            g.add((node, SCHEMA.description, Literal(text, lang=language)))

    midnight = Literal("00:00:00", datatype=XSD.time)
    for entry in service_hours:
        exceptional = entry.get("serviceHourType") == "Exceptional"
        if exceptional and not entry.get("validFrom"):
            continue
        if entry.get("isClosed"):
            if exceptional or entry.get("validFrom"):
                spec(entry, [], midnight, midnight)
            continue
        if entry.get("isAlwaysOpen"):
            spec(entry, DAYS, midnight, Literal("23:59:59", datatype=XSD.time))
            continue
        same_hours: dict[tuple[str | None, str | None], list[str]] = {}
        for hours in entry.get("openingHour") or []:
            days = _days(hours.get("dayFrom"), hours.get("dayTo"))
            if days or exceptional:
                grouped = same_hours.setdefault((hours.get("from"), hours.get("to")), [])
                grouped += [day for day in days if day not in grouped]
        for (opens, closes), days in same_hours.items():
            spec(entry, days, _time(opens), _time(closes))


def phone_number(entry: dict) -> str | None:
    """An E.164-style number from PTV's prefix and number (dropping the trunk 0 after a country prefix)."""
    number = "".join((entry.get("number") or "").split())
    if not number:
        return None
    prefix = (entry.get("prefixNumber") or "").strip()
    if entry.get("isFinnishServiceNumber") or not prefix:
        return number
    return prefix + number.removeprefix("0")


def add_contacts(g: Graph, node: URIRef, channel: dict) -> None:
    """Phones, e-mails and web pages of a channel, each once."""
    for entry in (channel.get("phoneNumbers") or []) + (channel.get("supportPhones") or []):
        number = phone_number(entry)
        if number:
            g.add((node, SCHEMA.telephone, Literal(number)))
    for entry in (channel.get("emails") or []) + (channel.get("supportEmails") or []):
        if entry.get("value"):
            g.add((node, SCHEMA.email, Literal(entry["value"].strip())))
    for entry in channel.get("webPages") or []:
        url = (entry.get("url") or "").strip()
        if url.startswith(("http://", "https://")) and not any(c in url for c in ' <>"{}|\\^`'):
            g.add((node, SCHEMA.url, URIRef(url)))
