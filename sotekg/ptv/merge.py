"""Combine an import with the county graphs a target already holds, one record at a time, in a staging store.

The staging store is an in-memory Oxigraph store (``pyoxigraph``), one named graph per county: it holds what the
target held (when merging) and the import's records as they stream in, so that no import, however large, is
held as Python objects or as one rdflib graph. Every look-up is an index look-up (held records by IRI, a record's
triples by subject), so merging grows linearly with the records.

A record is an imported service location with everything it owns: its ``#address-N``, ``#geo`` and ``#hours-N``
nodes and its offerings. Its version is the newest ``dct:modified`` among them. An incoming record replaces the
held one only when it is newer, so re-importing the same input changes nothing and a newer record replaces the
older one, also when its address has moved it to another county. A county graph receives the description of the
import's source and of the organisations with the first record it takes.

The same staging serves every import that merges records into a family of named graphs (:class:`GraphFamily`):
the PTV county graphs ``graph/ptv/{county}`` and the health-station graphs ``graph/stations/{name}``
(``sotekg.stations.targets``), whose records :func:`graph_records` cuts out of a graph built whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from ..namespaces import CODE, COUNTY, ID, MUNICIPALITY, ORG, PREFIXES, SCHEMA, SK, graph_iri, last_segment
from ..rdfio import rdflib_term
from ..store.terms import to_oxigraph
from .importer import PTV_CENTRE_PREFIX, SiteRecord
from .source import PtvSource

TURTLE_PREFIXES = {
    **{name: PREFIXES[name] for name in ("rdf", "rdfs", "xsd", "skos", "dct", "prov", "sk")},
    "dcat": "http://www.w3.org/ns/dcat#",
    "org": str(ORG),
    "schema": str(SCHEMA),
    "county": str(COUNTY),
    "municipality": str(MUNICIPALITY),
    **{kind: f"{ID}{kind}/" for kind in ("centre", "offering", "organisation", "source")},
    **{
        scheme: f"{CODE}{scheme}/"
        for scheme in ("centre-kind", "service-type", "channel", "evidence-basis", "source-kind")
    },
}


def _held_records(kind: URIRef, records: str) -> str:
    """The held records (of class ``kind``, IRIs starting with ``records``) of every loaded graph, each with its
    version."""
    return f"""
SELECT ?g ?centre (MAX(?modified) AS ?version) WHERE {{
  GRAPH ?g {{
    ?centre a <{kind}> .
    FILTER(STRSTARTS(STR(?centre), "{records}"))
    OPTIONAL {{ {{ ?centre <{DCTERMS.modified}> ?modified }}
               UNION {{ ?centre <{SK.offers}> ?offering . ?offering <{DCTERMS.modified}> ?modified }} }}
  }}
}} GROUP BY ?g ?centre"""


@dataclass(frozen=True)
class GraphFamily:
    """The named graphs an import writes, ``graph/{path}{key}`` (as files: ``{key}.ttl``, ``key`` matching
    ``keys``), and the records it merges one by one in them: the resources of class ``kind`` (service locations
    unless said) whose IRIs start with ``records``. ``origin`` says what the graphs hold, for the files' header."""

    path: str
    keys: str
    records: str
    origin: str
    kind: URIRef = SK.ServiceLocation

    def iri(self, key: str) -> str:
        return graph_iri(f"{self.path}{key}")


PTV_GRAPHS = GraphFamily(
    "ptv/",
    r"\d{2}",
    PTV_CENTRE_PREFIX,
    "service locations imported from the Finnish Service Catalogue (PTV)\n"
    "# by `sotekg import ptv` (docs/ptv.md)",
)


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


@lru_cache(maxsize=8192)
def _iri(term: URIRef) -> ox.NamedNode:
    """Predicates, classes and codes recur in every record: each converted once."""
    return ox.NamedNode(str(term))


def _term(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    return _iri(term) if isinstance(term, URIRef) else to_oxigraph(term)


def _quads(triples: Iterable[tuple], graph: ox.NamedNode) -> list[ox.Quad]:
    return [ox.Quad(_term(s), _iri(p), _term(o), graph) for s, p, o in triples]  # type: ignore[arg-type]


def records_graph(records: Iterable[SiteRecord], source: PtvSource | None) -> Graph:
    """Records with their source's description, as one graph (to validate)."""
    graph = Graph()
    for record in records:
        graph.addN((*triple, graph) for triple in record.triples)
        graph.addN((*triple, graph) for triple in record.shared)
    if source is not None:
        graph.addN((*triple, graph) for triple in source.description)
    return graph


def records_of(graph: Graph, family: GraphFamily = PTV_GRAPHS) -> list[URIRef]:
    """The records of ``family`` (PTV unless said) in ``graph``, in IRI order."""
    return sorted(
        node
        for node in graph.subjects(RDF.type, family.kind)
        if isinstance(node, URIRef) and str(node).startswith(family.records)
    )


def graph_records(graph: Graph, key: str, family: GraphFamily) -> list[SiteRecord]:
    """A graph built whole (one key of ``family``) cut into its records: each resource of the family with its
    ``#`` nodes and offerings, versioned by their newest ``dct:modified``, sharing the descriptions of the other
    nodes it names (its source, the organisations of its years)."""
    records = []
    for centre in records_of(graph, family):
        nodes = {centre, *graph.objects(centre, SK.offers)} | {
            node for node in graph.objects(centre) if str(node).startswith(f"{centre}#")
        }
        triples = {triple for node in nodes for triple in graph.triples((node, None, None))}
        named = {o for _, _, o in triples if isinstance(o, URIRef) and o not in nodes}
        shared = {triple for node in named for triple in graph.triples((node, None, None))}
        times = [o.toPython() for _, p, o in triples if p == DCTERMS.modified and isinstance(o, Literal)]
        version = max(
            (t.replace(tzinfo=None) for t in times if isinstance(t, datetime)), default=datetime.min
        )
        records.append(SiteRecord(key, centre, version, triples, shared))
    return records


class Staging:
    """Graphs being built (the PTV county graphs unless another family is given): what the target held, merged
    record by record with an import."""

    def __init__(self, source: PtvSource | None = None, family: GraphFamily = PTV_GRAPHS):
        self.store = ox.Store()
        self.source = source
        self.family = family
        self.held: dict[URIRef, tuple[str, datetime]] = {}  # record → (county, version)
        self.counties: set[str] = set()
        self.changed: set[str] = set()
        self.described: set[str] = set()
        self.report = MergeReport()
        self.pending: list[SiteRecord] = []  # records taken since the last ``flush``
        self._quads: list[ox.Quad] = []  # their quads, not yet in the store

    # ---------------------------------------------------------------- what the target holds

    def load(self, county: str, data: bytes, media_type: str = "application/n-triples") -> None:
        """Add a county graph the target holds (RDF bytes)."""
        self.store.bulk_load(
            data,
            format=ox.RdfFormat.from_media_type(media_type),
            to_graph=ox.NamedNode(self.family.iri(county)),
        )
        self.counties.add(county)

    def load_graph(self, county: str, graph: Graph) -> None:
        self.store.extend(_quads(graph, ox.NamedNode(self.family.iri(county))))
        self.counties.add(county)

    def index_held(self) -> None:
        """Index the records the loaded graphs hold (once, after loading)."""
        by_graph = {self.family.iri(county): county for county in self.counties}
        for row in self.store.query(_held_records(self.family.kind, self.family.records)):
            version = row["version"]
            self.held[URIRef(row["centre"].value)] = (
                by_graph[row["g"].value],
                datetime.fromisoformat(version.value).replace(tzinfo=None) if version else datetime.min,
            )

    # ---------------------------------------------------------------- the import

    def put(self, record: SiteRecord) -> bool:
        """Take a record unless the target holds it as new or newer; whether it was taken."""
        name = last_segment(record.centre)
        held = self.held.get(record.centre)
        if held is not None:
            county, version = held
            if record.version <= version:
                self.report.kept.append(name)
                return False
            self._remove(record.centre, county)
            self.report.replaced.append(name)
        else:
            self.report.added.append(name)
        graph = ox.NamedNode(self.family.iri(record.county))
        if record.county not in self.described and self.source is not None:
            self._quads += _quads(self.source.description, graph)
            self.described.add(record.county)
        self._quads += _quads(record.triples, graph)
        self._quads += _quads(record.shared, graph)
        self.held[record.centre] = (record.county, record.version)
        self.counties.add(record.county)
        self.changed.add(record.county)
        self.pending.append(record)
        return True

    def _remove(self, centre: URIRef, county: str) -> None:
        graph = ox.NamedNode(self.family.iri(county))
        node = ox.NamedNode(str(centre))
        owned = [node]
        for quad in self.store.quads_for_pattern(node, None, None, graph):
            value = quad.object
            if isinstance(value, ox.NamedNode) and (
                value.value.startswith(f"{centre}#") or quad.predicate.value == str(SK.offers)
            ):
                owned.append(value)
        for subject in owned:
            for quad in list(self.store.quads_for_pattern(subject, None, None, graph)):
                self.store.remove(quad)
        self.changed.add(county)

    def flush(self) -> list[SiteRecord]:
        """Put the records taken since the last flush into the store, in one bulk load; return them."""
        self.store.bulk_extend(self._quads)
        records, self.pending, self._quads = self.pending, [], []
        return records

    # ---------------------------------------------------------------- the result

    def serialize(self, county: str, rdf_format: ox.RdfFormat = ox.RdfFormat.TURTLE) -> bytes:
        """One county graph, subjects in IRI order and each subject's triples sorted, so that files diff cleanly;
        streamed from the store one subject at a time."""
        graph = ox.NamedNode(self.family.iri(county))
        subjects = [
            row["s"]
            for row in self.store.query(
                f"SELECT DISTINCT ?s WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }} ORDER BY ?s"
            )
        ]
        triples = (
            ox.Triple(quad.subject, quad.predicate, quad.object)
            for subject in subjects
            for quad in sorted(
                self.store.quads_for_pattern(subject, None, None, graph),
                key=lambda quad: (quad.predicate.value, str(quad.object)),
            )
        )
        data = ox.serialize(
            triples,
            format=rdf_format,
            prefixes=TURTLE_PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None,
        )
        assert data is not None  # no output file given: the bytes are returned
        return data

    def graph(self, county: str) -> Graph:
        """One county graph as an rdflib Graph (for inspecting small imports)."""
        graph = Graph()
        for quad in self.store.quads_for_pattern(None, None, None, ox.NamedNode(self.family.iri(county))):
            graph.add(_rdflib_triple(quad))
        return graph


def _rdflib_triple(quad: ox.Quad) -> tuple:
    return (
        rdflib_term(quad.subject, "staging"),  # type: ignore[arg-type]
        rdflib_term(quad.predicate, "staging"),
        rdflib_term(quad.object, "staging"),  # type: ignore[arg-type]
    )
