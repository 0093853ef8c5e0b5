"""``sotekg stats``: what the default graph holds — triples, organisers, centres by class, service types offered
and the named graphs with their triple counts.

The files of the default layout (sotekg.layout.default_graph_files) are read into an in-memory pyoxigraph store,
each into its named graph, as the embedded store serves them. ``--json`` prints the numbers for programs.
"""

from __future__ import annotations

import argparse
import json

import pyoxigraph as ox

from ..layout import default_graph_files
from ..namespaces import PREFIXES, SK
from ..rdfio import read_quads_file
from ..settings import Settings, get_settings

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="count triples, organisers, centres, service types and named graphs of the default data",
        description=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.set_defaults(func=run)


def load_default_layout(settings: Settings) -> ox.Store:
    """An in-memory store holding every file of the default layout in its named graph."""
    store = ox.Store()
    for graph_file in default_graph_files(settings):
        graph = ox.NamedNode(graph_file.graph)
        store.extend(
            ox.Quad(quad.subject, quad.predicate, quad.object, graph)
            for quad in read_quads_file(graph_file.path)
        )
    return store


def _instances(store: ox.Store, rdf_class: ox.NamedNode) -> set:
    return {quad.subject for quad in store.quads_for_pattern(None, RDF_TYPE, rdf_class)}


def _subclasses(store: ox.Store, rdf_class: ox.NamedNode) -> list[ox.NamedNode]:
    """``rdf_class`` and its subclasses (``rdfs:subClassOf*``), as the ontology in the store says."""
    found, todo = [rdf_class], [rdf_class]
    while todo:
        for quad in store.quads_for_pattern(None, SUBCLASS_OF, todo.pop()):
            if isinstance(quad.subject, ox.NamedNode) and quad.subject not in found:
                found.append(quad.subject)
                todo.append(quad.subject)
    return found


def _compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def graph_statistics(store: ox.Store) -> dict:
    """Counts over all named graphs of ``store``: the numbers ``sotekg stats`` prints."""
    centre_classes = _subclasses(store, ox.NamedNode(str(SK.Centre)))
    centres = {
        _compact(c.value): len(_instances(store, c)) for c in sorted(centre_classes, key=lambda c: c.value)
    }
    offerings = {
        quad.object
        for quad in store.quads_for_pattern(None, ox.NamedNode(str(SK.offers)), None)
        if isinstance(quad.object, ox.NamedNode | ox.BlankNode)
    }
    service_types = {
        quad.object
        for offering in offerings
        for quad in store.quads_for_pattern(offering, ox.NamedNode(str(SK.serviceType)), None)
    }
    graphs = sorted(name.value for name in store.named_graphs() if isinstance(name, ox.NamedNode))
    return {
        "triples": len(store),
        "organisers": len(_instances(store, ox.NamedNode(str(SK.ServiceOrganiser)))),
        "centres": len(set().union(*(_instances(store, c) for c in centre_classes))),
        "centresByClass": {name: count for name, count in centres.items() if count},
        "serviceTypesOffered": len(service_types),
        "namedGraphs": [
            {
                "graph": graph,
                "triples": sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))),
            }
            for graph in graphs
        ],
    }


def format_statistics(stats: dict) -> str:
    lines = [
        f"{'triples':<28}{stats['triples']:>8}",
        f"{'organisers':<28}{stats['organisers']:>8}",
        f"{'centres':<28}{stats['centres']:>8}",
    ]
    lines += [f"  {name:<26}{count:>8}" for name, count in stats["centresByClass"].items()]
    lines.append(f"{'service types offered':<28}{stats['serviceTypesOffered']:>8}")
    lines.append(f"{'named graphs':<28}{len(stats['namedGraphs']):>8}")
    lines += [f"  {_compact(g['graph']):<26}{g['triples']:>8}" for g in stats["namedGraphs"]]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    stats = graph_statistics(load_default_layout(get_settings()))
    print(json.dumps(stats, indent=2) + "\n" if args.json else format_statistics(stats), end="")
    return 0
