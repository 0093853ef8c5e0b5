"""Incremental writes (issue 16): a write of a named graph — a region model's, or an import's into the store (a PTV
county graph) — updates only what it reaches in the lookup index and in the derived coverage graph, and leaves
them exactly as a rebuild from scratch would (docs/decisions/0007).

``plan`` runs before the write, ``apply`` after it, both under the catalogue's write lock (sotekg.publish). A
graph a lookup query reads by its name (the station register: the station lists) is not followed, and nor is an
import whose touched nodes are read through no organiser or through several:

1. **What changed**: the triples the write removes or adds (the old graph as the store serialises it against the
   new one); their subjects are the touched nodes. A graph with blank nodes is not compared (their labels are
   not stable), and a store that cannot bind several values in one query (Virtuoso 7) is not read this way: the
   index is rebuilt.
2. **Whose it is**: ``lookup/owners`` names, for each touched node, the centres and organisers through which the
   lookup queries read it, and their organisers — before and after the write. The update is incremental only
   when every touched node is the written graph itself or is read through lookup centres (or the organiser) of
   this organiser alone (a model's organiser; an import's is the one its touched nodes are read through), and is none of the shared nodes (organisers, areas, municipalities, service types and
   sets, evidence sources, survey findings: the ``SHARED_QUERIES``), whose rows must also be the same after the
   write. Anything else — an OT-centre, another organiser's centre, a code's label, a second organiser — makes
   ``apply`` answer None, and the caller rebuilds everything.
3. **What follows**: the coverage of the organiser in the graphs where the touched centres state offers
   (``sotekg.coverage.refresh_organiser``), then the lookup rows of the touched centres alone, read with the
   centres, their offerings and links bound (``lookup/centre-nodes``), and from them the documents they reach:
   each touched centre; the organiser's summary, details and services; its municipalities; its entry in every
   service's organiser list. The organiser's other centres are what the previous snapshot shows: their entries
   are kept and the touched ones spliced in, in the order a full build gives. The new snapshot shares every
   other prepared resource with the previous one.

The rules of the documents stay in ``sotekg.lookups``: the touched part is built by the same functions over a
graph of the touched rows, and only the lists of centres the organiser's documents carry are merged here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rdflib import BNode, Graph, URIRef

from .coverage import (
    ASSESSMENTS,
    EVIDENCE_QUERIES,
    EvidenceRows,
    assessment_iri,
    plain_offers,
    refresh_organiser,
)
from .errors import NotFoundError
from .index import JSON, RESOURCE_FIELDS, LookupIndex, Prepared, json_bytes
from .lookups import (
    QUERY_NAMES,
    Document,
    LinkedRows,
    LookupRows,
    centre_document,
    graph_origin,
    municipality_documents,
    offered_summary,
    origin_rank,
    origins,
    region_detail,
    region_services,
    region_summary,
    service_regions,
)
from .namespaces import last_segment, region_graph_iri
from .queries import QueryLibrary
from .rdfio import parse_rdf
from .store import Store

# the evidence the coverage of every organiser reads (all but the offers), and the municipalities
EVIDENCE_SHARED = {field: name for field, name in EVIDENCE_QUERIES.items() if field != "offers"}
SHARED_QUERIES = {**EVIDENCE_SHARED, "municipalities": QUERY_NAMES["municipalities"]}
NTRIPLES = "application/n-triples"

Rows = list[Mapping[str, Any]]


@dataclass(frozen=True)
class Plan:
    """What a write of a named graph within one organiser's reach is about to change, read before the write."""

    code: str  # the organiser's
    organiser: str  # IRI
    graph: str  # the named graph written
    subjects: frozenset[str]  # subjects of the triples the write removes or adds
    # subject → organisers it is read through (None: no organiser)
    owners: Mapping[str, frozenset[str | None]]
    centres: frozenset[str]  # lookup centres the subjects are read through
    offer_graphs: frozenset[str]  # graphs where those centres state offers
    shared: Mapping[str, tuple] | None  # the shared rows, comparable (None: no triple changes)


def _comparable(rows: Rows) -> tuple:
    return tuple(sorted(tuple(sorted((k, v.n3()) for k, v in row.items())) for row in rows))


def _shared(store: Store, library: QueryLibrary) -> dict[str, Rows]:
    return {field: library.rows(store, name) for field, name in SHARED_QUERIES.items()}


def _subjects(old: bytes, new: Graph | bytes) -> frozenset[str] | None:
    """Subjects of the triples that differ between the stored graph and the new one (a Graph, or N-Triples);
    None when either has blank nodes."""
    before = parse_rdf(old, NTRIPLES, source="the stored graph")
    if isinstance(new, bytes):
        new = parse_rdf(new, NTRIPLES, source="the new graph")
    old_triples = set(before.triples((None, None, None)))
    new_triples = set(new.triples((None, None, None)))
    changed = old_triples ^ new_triples
    if any(isinstance(term, BNode) for triple in old_triples | new_triples for term in triple):
        return None
    return frozenset(str(subject) for subject, _, _ in changed)


def _owners(
    store: Store, library: QueryLibrary, subjects: Iterable[str]
) -> tuple[dict[str, frozenset[str | None]], set[str]]:
    """Per subject, the organisers it is read through (None for something that belongs to no single organiser),
    and the lookup centres it is read through."""
    subjects = sorted(subjects)
    read_through: dict[str, set[str]] = {subject: set() for subject in subjects}
    if subjects:
        for row in library.rows(store, "lookup/owners", node=[URIRef(s) for s in subjects]):
            read_through[str(row["node"])].add(str(row["via"]))
    vias = sorted(set().union(*read_through.values()))
    organisers: dict[str, set[str]] = {via: set() for via in vias}
    if vias:
        for row in library.rows(store, "lookup/via-organisers", via=[URIRef(v) for v in vias]):
            organisers[str(row["via"])].add(str(row["organiser"]))
    owners = {
        subject: frozenset(organiser for via in found for organiser in (organisers[via] or {None}))
        for subject, found in read_through.items()
    }
    centres = {via for via, found in organisers.items() if found and via not in found}
    return owners, centres


def _centre_nodes(store: Store, library: QueryLibrary, centres: Iterable[str]) -> Rows:
    """The ``lookup/centre-nodes`` rows of some centres (or organisers): their offerings with the graphs that
    state them, and their links."""
    centres = sorted(centres)
    return library.rows(store, "lookup/centre-nodes", centre=[URIRef(c) for c in centres]) if centres else []


def _offer_graphs(nodes: Rows, centres: Iterable[str]) -> set[str]:
    """The graphs where ``centres`` state offers, from their ``lookup/centre-nodes`` rows."""
    centres = set(centres)
    return {
        str(row["graph"]) for row in nodes if row.get("graph") is not None and str(row["centre"]) in centres
    }


def plan(
    store: Store,
    library: QueryLibrary,
    index: LookupIndex,
    graph: str,
    old: bytes,
    new: Graph | bytes,
    code: str | None = None,
) -> Plan | None:
    """Read, before a write replaces the named graph ``graph`` (``old``: what it holds, as N-Triples) by ``new`` (a
    Graph, or N-Triples: parsed only when the graph may be followed), what it will change. A region model's write
    gives the organiser's ``code``; any other write (an import into the store) is followed when the nodes it
    touches are read through one organiser alone. None when it cannot be followed incrementally: a graph a lookup
    query reads by its name (``graphs_read_by_name``), blank nodes, a store that cannot bind several values in a
    query (sotekg.store.engines), or, without ``code``, touched nodes read through no organiser or through
    several."""
    if not store.several_values or graph in graphs_read_by_name(library):
        return None
    subjects = _subjects(old, new)
    if subjects is None:
        return None
    owners, centres = _owners(store, library, subjects)
    if code is None:
        found = {organiser for subject, read in owners.items() if subject != graph for organiser in read}
        codes = {item["iri"]: item["code"] for item in index.items("regions")}
        if len(found) != 1 or next(iter(found)) not in codes:
            return None
        code = codes[next(iter(found))]
    # a write that changes no triple cannot change the shared rows: they are read after it only
    shared = (
        {field: _comparable(rows) for field, rows in _shared(store, library).items()} if subjects else None
    )
    return Plan(
        code,
        index.document("region", code)["iri"],
        graph,
        subjects,
        owners,
        frozenset(centres),
        frozenset(_offer_graphs(_centre_nodes(store, library, centres), centres) | {graph}),
        shared,
    )


GRAPH_NAMED = re.compile(r"GRAPH\s*<([^>]+)>")


def graphs_read_by_name(library: QueryLibrary) -> set[str]:
    """The named graphs the lookup queries read by their IRI (the station register, the derived coverage): the
    documents read from them whole (a region's station list) are not told by the owners of the nodes a write to
    one touches, so such a write is not followed incrementally."""
    return {
        iri
        for name in library.names()
        if name.startswith("lookup/")
        for iri in GRAPH_NAMED.findall(library.get(name).text)
    }


def _shared_nodes(shared: Mapping[str, Rows]) -> set[str]:
    return {
        str(value)
        for rows in shared.values()
        for row in rows
        for value in row.values()
        if isinstance(value, URIRef)
    }


@dataclass(frozen=True)
class Update:
    """A write's new snapshot, and the resources it changed and removed (what sotekg.saved_index appends)."""

    index: LookupIndex
    changed: list[tuple[str, str]]
    removed: list[tuple[str, str]]


def apply(
    store: Store,
    library: QueryLibrary,
    index: LookupIndex,
    plan: Plan,
    modified: Mapping[str, str],
    version: int,
) -> Update | None:
    """After the write: the new snapshot, or None when the write reached beyond its organiser (the caller then
    rebuilds everything). The coverage is derived again for the organiser alone: from the evidence the
    snapshot was derived from, with the organiser's offers in the graphs the write reached read again."""
    shared = _shared(store, library)
    if (
        plan.shared is not None
        and {field: _comparable(rows) for field, rows in shared.items()} != plan.shared
    ):
        return None
    shared_nodes = _shared_nodes(shared)
    owners, centres = _owners(store, library, plan.subjects)
    for subject in plan.subjects:
        if subject == plan.graph:
            continue
        reached = plan.owners[subject] | owners[subject]
        if subject in shared_nodes or reached != {plan.organiser}:
            return None
    centres |= plan.centres
    nodes = _centre_nodes(store, library, centres | {plan.organiser})
    known = EvidenceRows(
        **{f: shared[f] for f in EVIDENCE_SHARED},  # type: ignore[arg-type]
        offers=index.coverage_offers,  # type: ignore[arg-type]
        derived=index.coverage_lines,
    )
    graphs = plan.offer_graphs | _offer_graphs(nodes, centres)
    evidence, changed = refresh_organiser(store, library, known, plan.organiser, graphs, modified)
    own = f"{ASSESSMENTS}{plan.code}/"
    if any(not iri.startswith(own) for iri in changed):  # cannot happen if the checks above hold
        return None
    assessed = {iri[len(own) :] for iri in changed}
    rows = _touched_rows(store, library, shared, nodes, sorted(centres), plan.organiser, modified)
    touched = LinkedRows(rows)
    reached = _services_reached(index, touched, centres, assessed)
    rows = replace(rows, coverage=_coverage_rows(store, library, plan.code, reached, touched))
    changes = _changes(store, library, index, LinkedRows(rows), plan, centres, reached)
    if changes is None:
        return None
    return Update(
        changes.index_of(index, version, evidence),
        [(kind, key) for kind, documents in changes.changed.items() for key in documents],
        [(kind, key) for kind, keys in changes.removed.items() for key in sorted(keys)],
    )


def _touched_rows(
    store: Store,
    library: QueryLibrary,
    shared: Mapping[str, Rows],
    nodes: Rows,
    centres: Sequence[str],
    organiser: str,
    modified: Mapping[str, str],
) -> LookupRows:
    """The lookup rows of the touched centres (and the organiser's own links, ``nodes`` being their and its
    ``lookup/centre-nodes`` rows), the shared rows, and the labels of every IRI among them; no coverage rows yet
    (``_coverage_rows`` reads those the documents need)."""
    holders = [URIRef(c) for c in centres] + [URIRef(organiser)]
    offerings = sorted({row["offering"] for row in nodes if row.get("offering") is not None})
    links = sorted({row["link"] for row in nodes if row.get("link") is not None})
    bound_centres = [URIRef(c) for c in centres]
    answers: dict[str, Rows] = {
        "organisers": shared["organisers"],
        "municipalities": shared["municipalities"],
        "service_types": shared["service_types"],
        "coverage": [],
        "centres": library.rows(store, QUERY_NAMES["centres"], centre=bound_centres) if centres else [],
        "offerings": library.rows(store, QUERY_NAMES["offerings"], centre=bound_centres, offering=offerings)
        if centres and offerings
        else [],
        "teams": library.rows(store, QUERY_NAMES["teams"], centre=bound_centres) if centres else [],
        "links": library.rows(store, QUERY_NAMES["links"], link=links) if links else [],
    }
    named = {  # the documents name no assessment, evidence item or source by its label
        value
        for rows in answers.values()
        for row in rows
        for value in row.values()
        if isinstance(value, URIRef)
    }
    named |= set(holders)
    answers["labels"] = library.rows(store, QUERY_NAMES["labels"], node=sorted(named))
    return LookupRows(**answers, graphs=store.graph_names(), modified=dict(modified))


def _services_reached(
    index: LookupIndex, graph: LinkedRows, centres: set[str], assessed: set[str]
) -> set[str]:
    """The service codes whose organiser lists the write may change: those whose assessment of the organiser
    changed (``assessed``) and those a touched centre offered or offers, with every broader one."""
    offered = {
        service["code"]
        for centre_id in {last_segment(iri) for iri in centres}
        if ("centre", centre_id) in index.prepared
        for service in index.document("centre", centre_id)["services"]
    }
    offered |= {code for centre in graph.centres.values() for code in centre.by_code}
    return set(assessed) | {broader for code in offered if code for broader in graph.ancestors(code)}


def _coverage_rows(
    store: Store, library: QueryLibrary, code: str, reached: set[str], graph: LinkedRows
) -> Rows:
    """The ``lookup/coverage`` rows the touched documents read: the assessments of organiser ``code``, for its
    own documents, and every organiser's assessments of the ``reached`` services, whose organiser lists are built
    again; read by their IRIs."""
    wanted = {(code, service) for service in graph.service_types}
    wanted |= {(organiser, service) for organiser in graph.organisers for service in reached}
    return library.rows(
        store, QUERY_NAMES["coverage"], assessment=[URIRef(assessment_iri(*p)) for p in sorted(wanted)]
    )


class _Overlay(Mapping[str, Document]):
    """A mapping of documents with some replaced or removed, over the previous snapshot's (never copied: a saved
    index parses a document only when asked for it)."""

    def __init__(self, base: Mapping[str, Document], changed: Mapping[str, Document], removed: Iterable[str]):
        if isinstance(base, _Overlay):  # one level, however many writes
            changed = {**{k: v for k, v in base._changed.items() if k not in removed}, **changed}
            removed = (set(base._removed) | set(removed)) - set(changed)
            base = base._base
        self._base, self._changed, self._removed = base, dict(changed), frozenset(removed) - set(changed)

    def __getitem__(self, key: str) -> Document:
        if key in self._changed:
            return self._changed[key]
        if key in self._removed:
            raise KeyError(key)
        return self._base[key]

    def __contains__(self, key: object) -> bool:  # without parsing a saved document
        return key in self._changed or (key not in self._removed and key in self._base)

    def __iter__(self):
        yield from (key for key in self._base if key not in self._removed and key not in self._changed)
        yield from self._changed

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _by_iri(entries: Iterable[Document]) -> list[Document]:
    return sorted(entries, key=lambda entry: entry["iri"])


@dataclass
class _Changes:
    """The documents a write changes, by resource kind, and the resources it removes."""

    index: LookupIndex
    changed: dict[str, dict[str, Document]]
    removed: dict[str, set[str]]
    regions: list[Document]

    def put(self, kind: str, key: str, document: Document) -> None:
        """Keep ``document`` as the new one unless it is what the snapshot already holds."""
        try:
            if self.index.document(kind, key) == document:
                return
        except NotFoundError:  # a new resource
            pass
        self.changed[kind][key] = document

    def index_of(self, previous: LookupIndex, version: int, evidence: EvidenceRows) -> LookupIndex:
        """The new snapshot: the previous one with these documents replaced and removed."""
        documents = previous.documents
        fields = {
            field: _Overlay(getattr(documents, field), self.changed[kind], self.removed[kind])
            for kind, field in RESOURCE_FIELDS.items()
        }
        new = replace(documents, regions=self.regions, **fields)
        prepared = dict(previous.prepared)
        for kind in RESOURCE_FIELDS:
            for key in self.removed[kind]:
                prepared.pop((kind, key), None)
            for key, document in self.changed[kind].items():
                prepared[(kind, key)] = Prepared.of(json_bytes(document), JSON)
        return LookupIndex(new, version, plain_offers(evidence), prepared, evidence.derived)


def _changes(
    store: Store,
    library: QueryLibrary,
    index: LookupIndex,
    graph: LinkedRows,
    plan: Plan,
    centres: set[str],
    reached: set[str],
) -> _Changes | None:
    """The documents the touched centres reach, built over ``graph`` (their rows and the shared ones) and merged
    with the snapshot's lists of the organiser's other centres; None when a touched centre's id is another
    centre's (a rebuild decides which one the id names). ``reached``: the codes of the services whose organiser
    lists may change (``_services_reached``)."""
    touched_ids = {last_segment(iri) for iri in centres}
    for centre_id in touched_ids | {centre.id for centre in graph.centres.values()}:
        try:
            if index.document("centre", centre_id)["iri"] not in centres:
                return None
        except NotFoundError:
            continue
    changes = _Changes(
        index, {kind: {} for kind in RESOURCE_FIELDS}, {kind: set() for kind in RESOURCE_FIELDS}, []
    )
    organiser = graph.organisers[plan.code]
    new_centres = {centre.id: centre_document(graph, centre) for centre in graph.centres.values()}
    changes.removed["centre"] = {
        i for i in touched_ids if i not in new_centres and ("centre", i) in index.prepared
    }
    for centre_id, document in new_centres.items():
        changes.put("centre", centre_id, document)

    summary = region_summary(graph, organiser)
    changes.regions = [summary if item["code"] == plan.code else item for item in index.items("regions")]
    old_detail = index.document("region", plan.code)
    detail = region_detail(graph, organiser, summary)
    detail["centres"] = _splice(old_detail["centres"], detail["centres"], centres, relation="organiser")
    detail["stations"] = old_detail.get("stations")
    changes.put("region", plan.code, detail)

    old_services = index.document("region-services", plan.code)
    services = region_services(graph, organiser)
    kept = {item["code"]: item for item in old_services["services"]}
    for item in services["services"]:
        offered_by = [
            e for e in kept.get(item["code"], {}).get("offeredBy", []) if e["centre"] not in touched_ids
        ]
        item["offeredBy"] = sorted(offered_by + item["offeredBy"], key=lambda entry: entry["centre"])
        item.update(offered_summary(item["offeredBy"]))
    model = region_graph_iri(plan.code)
    candidates = {entry["graph"] for entry in old_services["graphs"] + services["graphs"]} | {plan.graph}
    candidates.discard(model)
    present = (
        library.rows(
            store,
            "lookup/organiser-graphs",
            organiser=URIRef(organiser.iri),
            graph=[URIRef(g) for g in sorted(candidates)],
        )
        if candidates
        else []
    )
    names = {str(row["graph"]) for row in present} | ({model} if graph.has_model(plan.code) else set())
    services["graphs"] = [{"graph": g, "origin": graph_origin(g)} for g in sorted(names, key=origin_rank)]
    changes.put("region-services", plan.code, services)

    for document in municipality_documents(graph).values():
        if (document["region"] or {}).get("code") != plan.code:
            continue
        old = index.document("municipality", document["code"])
        document["centres"] = _splice(old["centres"], document["centres"], centres, relation=None)
        document["stations"] = old.get("stations")
        changes.put("municipality", document["code"], document)

    for code, service in graph.service_types.items():
        if code not in reached:
            continue
        old = index.document("service-regions", code)
        new = service_regions(graph, service)
        previous = next((entry for entry in old["regions"] if entry["code"] == plan.code), None)
        own = next((entry for entry in new["regions"] if entry["code"] == plan.code), None)
        if own is not None:
            kept = [c for c in (previous or {"centres": []})["centres"] if c["iri"] not in centres]
            own["centres"] = _by_iri(kept + own["centres"])
            own["sources"] = origins(c["origin"] for c in own["centres"])
        if own == previous and (new["assessments"], new["states"]) == (old["assessments"], old["states"]):
            continue  # the rest of the document is the other organisers': as it was
        others = [entry for entry in old["regions"] if entry["code"] != plan.code]
        new["regions"] = sorted(others + ([own] if own is not None else []), key=lambda entry: entry["code"])
        new["service"], new["areaCentres"] = old["service"], old["areaCentres"]
        changes.changed["service-regions"][code] = new
    return changes


def _splice(
    old: list[Document], new: list[Document], touched: set[str], relation: str | None
) -> list[Document]:
    """A document's list of centres: the organiser's own (``relation``, or every relation but the collaborative
    area's when None) as the snapshot lists them less the touched ones, plus the touched ones as they are now, in
    IRI order as a full build gives them; then the collaborative area's OT-centres, as they were."""

    def own(entry: Document) -> bool:
        if relation is not None:
            return entry.get("relation") == relation
        return entry.get("relation") != "collaborative-area"

    kept = [entry for entry in old if own(entry) and entry["iri"] not in touched]
    return _by_iri(kept + [entry for entry in new if own(entry)]) + [entry for entry in old if not own(entry)]
