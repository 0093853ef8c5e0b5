"""From PTV records to service-location records, one at a time, plus a report.

A PTV service location (``ServiceLocation`` channel) becomes an ``sk:ServiceLocation`` when at least one of its
services maps to one of our service types. Its county is the one its address's municipality belongs to (not the
owning organisation's). Phone, e-service and web-page channels become channels of the offerings whose service
they share with a site of the same organisation. Every centre and offering carries its provenance: ``dct:source``
the recording or harvest (``sotekg.ptv.source``), ``prov:wasDerivedFrom`` the PTV record(s), ``dct:modified`` the
record's time and ``dct:date`` its day: the same input gives the same graph, whenever it is imported.

The import reads its input twice (``sotekg.ptv.catalogue`` indexes the services and other channels first) and
then yields one :class:`SiteRecord` per service location: the triples it owns, ready for the staging store
(``sotekg.ptv.merge``). Nothing here holds more than one service location's record at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from pyproj import Transformer
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..namespaces import (
    ORG,
    SCHEMA,
    SK,
    code_iri,
    county_iri,
    graph_iri,
    instance_iri,
    municipality_iri,
)
from .catalogue import Catalogue, ServiceSummary, channel_contacts, linked_service_ids
from .mapping import MappingTables, SiteFacts, rule_names
from .reader import PtvInput, display_name, localised, modified_time, record_kind, resource_url
from .report import ImportedSite, ImportReport, ReportItem
from .source import PtvSource, undated_recording

CHANNEL_CODES = {"ServiceLocation": "physical", "Phone": "phone", "EChannel": "digital", "WebPage": "digital"}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# ETRS-TM35FIN easting/northing bounds of Finland with a margin; anything outside is a broken coordinate
TM35FIN_BOUNDS = ((40_000.0, 780_000.0), (6_580_000.0, 7_820_000.0))


def ptv_graph_iri(county: str) -> str:
    return graph_iri(f"ptv/{county}")


def centre_iri(ptv_id: str) -> URIRef:
    return URIRef(instance_iri("centre", f"ptv-{ptv_id}"))


PTV_CENTRE_PREFIX = str(centre_iri(""))


def offering_iri(ptv_id: str, service_type: str) -> URIRef:
    return URIRef(instance_iri("offering", f"ptv-{ptv_id}-{service_type}"))


def organisation_iri(ptv_id: str) -> URIRef:
    return URIRef(instance_iri("organisation", f"ptv-{ptv_id}"))


@dataclass
class SiteRecord:
    """One imported service location: the triples it owns (centre, ``#`` nodes, offerings), the descriptions it
    shares with others (its organisation), its county and its version (the newest ``dct:modified`` in it)."""

    county: str
    centre: URIRef
    version: datetime
    triples: set[tuple] = field(default_factory=set)
    shared: set[tuple] = field(default_factory=set)


class SiteImport:
    """An import of one input: ``records()`` yields the service locations; ``report`` fills as they go."""

    def __init__(
        self,
        items: Iterable[tuple[str, Any]],
        tables: MappingTables,
        counties: Mapping[str, str],
        source: PtvSource | None,
    ):
        """``source``: the recording or harvest; None for files that do not say (an undated recording)."""
        self.items = items
        self.tables = tables
        self.counties = counties
        self.catalogue = Catalogue(tables).scan(items)
        self.source = source or undated_recording(self.catalogue.digest())
        self.report = ImportReport(records=self.catalogue.counts())
        self.linked_services: set[str] = set()
        self.missing_services: Counter[str] = Counter()
        self.attached: Counter[str] = Counter()  # offerings per phone, e-service or web-page channel

    def records(self) -> Iterator[SiteRecord]:
        """The second pass: each service location's newest version, mapped, in input order (of files: only
        those that hold one)."""
        done: set[str] = set()
        items = (
            self.items.restricted(self.catalogue.location_origins)
            if isinstance(self.items, PtvInput)
            else self.items
        )
        for _, item in items:
            if record_kind(item) != "channel" or item.get("serviceChannelType") != "ServiceLocation":
                continue
            ptv_id = item["id"]
            if ptv_id in done or modified_time(item) != self.catalogue.locations.get(ptv_id):
                continue
            done.add(ptv_id)
            record = self._site(ptv_id, item)
            if record is not None:
                yield record
        self._finish_report()

    # ---------------------------------------------------------------- service locations

    def _site(self, ptv_id: str, channel: dict) -> SiteRecord | None:
        names = localised(channel.get("serviceChannelNames"), "Name")
        name = display_name(names)
        if channel.get("publishingStatus", "Published") != "Published":
            self.report.not_sote.append(ReportItem("site", ptv_id, name, "not published"))
            return None
        service_ids = sorted(
            set(linked_service_ids(channel)) | self.catalogue.services_of_channel.get(ptv_id, set())
        )
        services = {
            sid: self.catalogue.services[sid] for sid in service_ids if sid in self.catalogue.services
        }
        self.linked_services.update(services)
        missing = [sid for sid in service_ids if sid not in services]
        self.missing_services.update(missing)
        types = sorted({t for service in services.values() for t in service.mapping.service_types})
        if not types:
            self._report_without_types(ptv_id, name, services, len(missing))
            return None
        municipality = site_municipality(channel)
        if municipality is None:
            self.report.unmapped.append(
                ReportItem("site", ptv_id, name, "no municipality in its address or area")
            )
            return None
        county = self.counties.get(municipality)
        if county is None:
            self.report.unmapped.append(
                ReportItem(
                    "site", ptv_id, name, f"municipality {municipality} is not in the municipality table"
                )
            )
            return None
        facts = SiteFacts(
            tuple(rule_names(channel.get("serviceChannelNames"))),
            tuple(service.facts for service in services.values() if service.mapping.status == "mapped"),
        )
        kind = self.tables.centre_kind(facts)
        if kind.kind is None:
            self.report.unmapped.append(ReportItem("site-kind", ptv_id, name, kind.reason))
        self.report.imported.append(ImportedSite(county, ptv_id, name, kind.kind, tuple(types), kind.reason))
        return self._record(ptv_id, channel, names, county, municipality, kind.kind, services)

    def _report_without_types(
        self, ptv_id: str, name: str, services: dict[str, ServiceSummary], missing: int
    ) -> None:
        if any(service.mapping.status == "unmapped" for service in services.values()) or missing:
            reasons = sorted(
                {
                    f"{service.name}: {service.mapping.reason}"
                    for service in services.values()
                    if service.mapping.status == "unmapped"
                }
            )
            if missing:
                reasons.append(f"{missing} linked service record(s) not in the input")
            self.report.unmapped.append(
                ReportItem("site", ptv_id, name, "no sote service type; " + "; ".join(reasons))
            )
        else:
            reasons = sorted({f"{service.name}: {service.mapping.reason}" for service in services.values()})
            self.report.not_sote.append(ReportItem("site", ptv_id, name, "; ".join(reasons) or "no services"))

    def _record(
        self,
        ptv_id: str,
        channel: dict,
        names: dict[str, str],
        county: str,
        municipality: str,
        kind: str | None,
        services: dict[str, ServiceSummary],
    ) -> SiteRecord:
        centre = centre_iri(ptv_id)
        modified = modified_time(channel)
        record = SiteRecord(county, centre, modified)
        g = record.triples
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
            self._describe_organisation(record.shared, organisation)
        add_address_and_geo(g, centre, channel)
        add_opening_hours(g, centre, channel.get("serviceHours") or [])
        for predicate, value in channel_contacts(channel):
            g.add((centre, predicate, value))
        self._provenance(g, centre, modified, [resource_url("ServiceChannel", ptv_id)])
        by_type: dict[str, list[str]] = {}
        for sid, service in sorted(services.items()):
            for service_type in service.mapping.service_types:
                by_type.setdefault(service_type, []).append(sid)
        for service_type, service_ids in by_type.items():
            offering = offering_iri(ptv_id, service_type)
            g.add((centre, SK.offers, offering))
            g.add((offering, RDF.type, SK.ServiceOffering))
            g.add((offering, SK.serviceType, URIRef(code_iri("service-type", service_type))))
            g.add((offering, SK.channel, URIRef(code_iri("channel", "physical"))))
            g.add((offering, SK.evidenceBasis, URIRef(code_iri("evidence-basis", "named-in-source"))))
            versions = [services[sid].modified for sid in service_ids]
            derived_from = [resource_url("Service", sid) for sid in service_ids]
            for other_id in sorted(
                {o for sid in service_ids for o in self.catalogue.others_of_service.get(sid, ())}
            ):
                other = self.catalogue.others[other_id]
                code = CHANNEL_CODES.get(other.kind)
                if code is None or other.organisation != organisation:
                    continue
                self.attached[other_id] += 1
                g.add((offering, SK.channel, URIRef(code_iri("channel", code))))
                for predicate, value in other.contacts:
                    g.add((offering, predicate, value))
                versions.append(other.modified)
                derived_from.append(resource_url("ServiceChannel", other_id))
            offering_version = max(versions)
            record.version = max(record.version, offering_version)
            self._provenance(g, offering, offering_version, derived_from)
        return record

    def _describe_organisation(self, g: set[tuple], ptv_id: str) -> None:
        node = organisation_iri(ptv_id)
        g.add((node, RDF.type, ORG.Organization))
        g.add((node, DCTERMS.identifier, Literal(ptv_id)))
        g.add((node, PROV.wasDerivedFrom, URIRef(resource_url("Organization", ptv_id))))
        for language, text in self.catalogue.organisations.get(ptv_id, {}).items():
            g.add((node, SKOS.prefLabel, Literal(text, lang=language)))
            g.add((node, RDFS.label, Literal(text, lang=language)))

    def _provenance(self, g: set[tuple], node: URIRef, modified: datetime, derived_from: list[str]) -> None:
        g.add((node, DCTERMS.source, self.source.iri))
        for url in derived_from:
            g.add((node, PROV.wasDerivedFrom, URIRef(url)))
        if modified != datetime.min:
            g.add((node, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.dateTime)))
            g.add((node, DCTERMS.date, Literal(modified.date().isoformat(), datatype=XSD.date)))

    # ---------------------------------------------------------------- the rest of the report

    def _finish_report(self) -> None:
        """Unrecognised records, unmapped and missing services linked to a site (once each), the other
        channels; every list in a stable order."""
        report = self.report
        report.unmapped.sort(key=lambda item: item.ptv_id)
        report.unmapped[:0] = [
            ReportItem("record", "-", origin, "not a PTV channel, service or organisation")
            for origin in self.catalogue.unrecognised
        ]
        for sid in sorted(self.linked_services):
            service = self.catalogue.services[sid]
            if service.mapping.status == "unmapped":
                report.unmapped.append(ReportItem("service", sid, service.name, service.mapping.reason))
        for sid, sites in sorted(self.missing_services.items()):
            report.unmapped.append(
                ReportItem(
                    "service", sid, "", f"record not in the input; linked from {sites} service location(s)"
                )
            )
        report.imported.sort(key=lambda site: site.ptv_id)
        report.not_sote.sort(key=lambda item: item.ptv_id)
        for ptv_id, other in sorted(self.catalogue.others.items()):
            code = CHANNEL_CODES.get(other.kind)
            if code is None:
                reason = "channel type not used for centres"
            elif self.attached[ptv_id]:
                reason = f"a {code} channel of {self.attached[ptv_id]} offering(s)"
            else:
                reason = "no imported service location of the same organisation shares a service with it"
            report.channels.append(ReportItem(other.kind, ptv_id, other.name, reason))


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


def add_address_and_geo(g: set[tuple], centre: URIRef, channel: dict) -> None:
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


def add_opening_hours(g: set[tuple], centre: URIRef, service_hours: list[dict]) -> None:
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
