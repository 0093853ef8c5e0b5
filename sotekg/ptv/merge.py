"""Combine a new PTV import with the county graphs a target already holds, one record at a time.

A record is an imported service location with everything it owns: its ``#address-N``, ``#geo`` and ``#hours-N``
nodes and its offerings. Its version is the newest ``dct:modified`` among them. An incoming record replaces the
held one only when it is newer, so re-importing the same input changes nothing and a newer record replaces the
older one, also when its address has moved it to another county.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from ..namespaces import SK, last_segment
from .importer import SOURCE, new_graph


@dataclass
class MergeReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def text(self) -> str:
        return (
            f"Merged with the target: {len(self.added)} added, {len(self.replaced)} replaced by newer records, "
            f"{len(self.kept)} kept (the target's record is as new or newer)"
        )


def imported_centres(graph: Graph, source: URIRef = SOURCE) -> set[URIRef]:
    """The service locations an import of ``source`` (PTV unless said) made: its records."""
    return {
        centre
        for centre in graph.subjects(RDF.type, SK.ServiceLocation)
        if isinstance(centre, URIRef) and (centre, DCTERMS.source, source) in graph
    }


def record_nodes(graph: Graph, centre: URIRef) -> set[URIRef]:
    """The centre, its own ``#`` nodes (address, geo, hours: objects of the centre) and its offerings."""
    owned = {
        node
        for node in graph.objects(centre)
        if isinstance(node, URIRef) and str(node).startswith(f"{centre}#")
    }
    offerings = {node for node in graph.objects(centre, SK.offers) if isinstance(node, URIRef)}
    return {centre} | owned | offerings


def record_version(graph: Graph, centre: URIRef) -> datetime:
    times = [
        value.toPython()
        for node in record_nodes(graph, centre)
        for value in graph.objects(node, DCTERMS.modified)
        if isinstance(value, Literal)
    ]
    return max((t for t in times if isinstance(t, datetime)), default=datetime.min)


def _copy(graph: Graph) -> Graph:
    result = new_graph()
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace, override=False)
    result += graph
    return result


def merge_imports(
    existing: Mapping[str, Graph], incoming: Mapping[str, Graph], source: URIRef = SOURCE
) -> tuple[dict[str, Graph], MergeReport]:
    """The graphs after the merge (every key either side names) and what happened to each record of ``source``."""
    result = {county: _copy(graph) for county, graph in existing.items()}
    held = {
        centre: county for county, graph in existing.items() for centre in imported_centres(graph, source)
    }
    report = MergeReport()
    for county, graph in sorted(incoming.items()):
        target = result.setdefault(county, new_graph())
        centres = imported_centres(graph, source)
        owned: set[URIRef] = set()
        for centre in sorted(centres):
            nodes = record_nodes(graph, centre)
            owned |= nodes
            if centre in held:
                holder = result[held[centre]]
                if record_version(graph, centre) <= record_version(holder, centre):
                    report.kept.append(last_segment(centre))
                    continue
                for node in record_nodes(holder, centre):
                    holder.remove((node, None, None))
                report.replaced.append(last_segment(centre))
            else:
                report.added.append(last_segment(centre))
            for node in nodes:
                for triple in graph.triples((node, None, None)):
                    target.add(triple)
            held[centre] = county
        for triple in graph:
            if triple[0] not in owned:
                target.add(triple)
    return result, report
