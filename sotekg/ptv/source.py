"""The evidence a PTV import stands on: one source node per recording or harvest (the Evidence convention of
``docs/decisions``/issue 12, ``docs/ptv.md``).

Every imported centre and offering says ``dct:source`` → this node, which every county graph of the import
describes as a ``dcat:Dataset`` (and ``sk:SourceDocument``, what the shapes ask of a fact's source) with its
``sk:sourceKind``:

- ``ptv-recording``: recorded responses (a sample). A recording folder describes itself in ``ptv-source.ttl``
  (its IRI, title, the date it was made as ``dct:issued``, licence and origin); files without one are an undated
  recording named by a digest of their records. Never ``sk:completeFor``.
- ``ptv-harvest``: a live harvest of an area; ``dct:issued`` is the harvest date and ``sk:completeFor`` each
  organiser the area wholly covers, only when every page arrived and the harvest was not incremental.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from ..errors import UserError
from ..namespaces import SK, code_iri, county_iri, instance_iri
from ..rdfio import read_rdf_file, union_graph

SOURCE_FILE = "ptv-source.ttl"
RECORDING = URIRef(code_iri("source-kind", "ptv-recording"))
HARVEST = URIRef(code_iri("source-kind", "ptv-harvest"))
PTV_KINDS = {RECORDING, HARVEST}


@dataclass(frozen=True)
class PtvSource:
    """A source node and the triples that describe it (copied into every county graph the import writes)."""

    iri: URIRef
    description: tuple[tuple, ...]

    def add_to(self, graph: Graph) -> None:
        for triple in self.description:
            graph.add(triple)


def _source(iri: URIRef, kind: URIRef, titles: dict[str, str], extra: Iterable[tuple] = ()) -> PtvSource:
    triples = [
        (iri, RDF.type, DCAT.Dataset),
        (iri, RDF.type, SK.SourceDocument),
        (iri, SK.sourceKind, kind),
        (iri, DCTERMS.publisher, Literal("Digi- ja väestötietovirasto", lang="fi")),
        *((iri, DCTERMS.title, Literal(text, lang=language)) for language, text in titles.items()),
        *extra,
    ]
    return PtvSource(iri, tuple(sorted(set(triples))))


def declared_recording(paths: Iterable[Path]) -> PtvSource | None:
    """The recording described by a ``ptv-source.ttl`` in one of the input folders; None when none has one."""
    found = [path / SOURCE_FILE for path in paths if (path / SOURCE_FILE).is_file()]
    if not found:
        return None
    if len(found) > 1:
        raise UserError(
            f"more than one recording described ({', '.join(map(str, found))}): import them one by one"
        )
    graph = union_graph(read_rdf_file(found[0]))
    nodes = [node for node, kind in graph.subject_objects(SK.sourceKind) if kind in PTV_KINDS]
    if len(nodes) != 1 or not isinstance(nodes[0], URIRef):
        raise UserError(
            f"{found[0]}: describe exactly one source with sk:sourceKind ptv-recording or ptv-harvest"
        )
    if (nodes[0], SK.completeFor, None) in graph:
        raise UserError(f"{found[0]}: a recording is a sample; it is complete for no organiser")
    extra = {(nodes[0], RDF.type, DCAT.Dataset), (nodes[0], RDF.type, SK.SourceDocument)}
    return PtvSource(nodes[0], tuple(sorted(set(graph.triples((nodes[0], None, None))) | extra)))


def undated_recording(digest: str) -> PtvSource:
    """Files that do not describe themselves: a recording of unknown date, named by a digest of its records'
    ids and versions (``Catalogue.digest``: the same files give the same source)."""
    return _source(
        URIRef(instance_iri("source", f"ptv-files-{digest[:16]}")),
        RECORDING,
        {"fi": "PTV-tallenne (päiväämätön)", "en": "PTV recording (undated)"},
    )


def harvest(
    area: str, harvested_on: date, complete_for: Iterable[str], since: str | None = None
) -> PtvSource:
    """A live harvest of ``area`` (``TYPE:CODE`` or ``Country``) begun on ``harvested_on``, complete for the
    counties given (none when a request failed or the harvest was incremental, ``since``)."""
    name = f"ptv-harvest-{area.replace(':', '-')}-{harvested_on.isoformat()}"
    iri = URIRef(instance_iri("source", f"{name}-since-{since[:10]}" if since else name))
    changes = (f", muutokset {since[:10]} alkaen", f", changes since {since[:10]}") if since else ("", "")
    return _source(
        iri,
        HARVEST,
        {"fi": f"PTV-haku, alue {area}{changes[0]}", "en": f"PTV harvest of the area {area}{changes[1]}"},
        [
            (iri, DCTERMS.issued, Literal(harvested_on.isoformat(), datatype=XSD.date)),
            (iri, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")),
            *((iri, SK.completeFor, URIRef(county_iri(code))) for code in sorted(set(complete_for))),
        ],
    )
