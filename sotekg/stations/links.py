"""Link a station of the register with a PTV service location of the same site, so the two are one site seen
by two sources, not two sites: the same municipality, the same street address and the same Finnish name (case
and spaces aside). Other PTV locations at a station's address (its dental clinic, child health clinic) are
other units, not linked; a PTV health station without a match is reported with why. The link is
``skos:closeMatch`` (the same site, not the same record: each keeps its own facts, dates and source), on the
station, and every pair is reported with what matched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ..namespaces import SCHEMA, SK, code_iri, instance_iri, last_segment
from ..ptv.merge import records_of

HEALTH_STATION = URIRef(code_iri("centre-kind", "health-station"))


@dataclass(frozen=True)
class Pair:
    station: str
    station_name: str
    ptv: str
    ptv_name: str
    municipality: str
    address: str
    basis: str  # "address" or "address and name"


def _norm(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _addresses(graph: Graph, centre: URIRef) -> set[str]:
    return {
        _norm(street)
        for address in graph.objects(centre, SCHEMA.address)
        for street in graph.objects(address, SCHEMA.streetAddress)
    }


def _finnish_names(graph: Graph, centre: URIRef) -> set[str]:
    return {
        _norm(label)
        for label in graph.objects(centre, SKOS.prefLabel)
        if getattr(label, "language", None) == "fi"
    }


def station_ptv_pairs(register: Graph, ptv_graphs: Iterable[Graph]) -> tuple[list[Pair], list[str]]:
    """The pairs, and the PTV health stations left unlinked (with why)."""
    stations: dict[tuple[str, str], list[URIRef]] = {}
    for station in register.subjects(RDF.type, SK.ServiceLocation):
        municipality = str(register.value(station, SK.municipality))
        for address in _addresses(register, station):
            stations.setdefault((municipality, address), []).append(station)
    pairs: list[Pair] = []
    unlinked: list[str] = []
    for graph in ptv_graphs:
        for centre in records_of(graph):
            municipality = str(graph.value(centre, SK.municipality))
            names = _finnish_names(graph, centre)
            candidates = sorted(
                {
                    s
                    for address in _addresses(graph, centre)
                    for s in stations.get((municipality, address), [])
                }
            )
            named = [s for s in candidates if _finnish_names(register, s) & names]
            label = next(
                (str(name) for name in graph.objects(centre, SKOS.prefLabel) if _norm(name) in names),
                last_segment(centre),
            )
            if len(named) != 1:
                if (centre, SK.centreKind, HEALTH_STATION) in graph:
                    why = (
                        f"{len(candidates)} register station(s) at its address, {len(named)} of its name"
                        if candidates
                        else "no register station at its address in its municipality"
                    )
                    unlinked.append(f"{last_segment(centre)} {label!r}: {why}")
                continue
            station = named[0]
            pairs.append(
                Pair(
                    last_segment(station),
                    str(register.value(station, SKOS.prefLabel)),
                    last_segment(centre),
                    label,
                    last_segment(municipality),
                    str(register.value(register.value(station, SCHEMA.address), SCHEMA.streetAddress)),
                    "municipality, address and name",
                )
            )
    return sorted(pairs, key=lambda p: (p.municipality, p.station)), unlinked


def add_links(register: Graph, pairs: Iterable[Pair]) -> None:
    """``station skos:closeMatch ptv-location`` for each pair (both are ``id/centre/…``)."""
    for pair in pairs:
        register.add(
            (
                URIRef(instance_iri("centre", pair.station)),
                SKOS.closeMatch,
                URIRef(instance_iri("centre", pair.ptv)),
            )
        )
