"""The CPSV-AP 3.2 export: service offerings as ``cpsv:PublicService``, organisers as ``cv:PublicOrganisation``,
channels as ``cv:Channel`` and partners' integration links as ``cv:Participation``.

The mapping is the CONSTRUCT queries ``queries/export/cpsv-ap-*.rq``; this module runs them on a store and
joins their graphs. ``check`` validates a graph with pySHACL against the official CPSV-AP 3.2.0 shapes
(``reference/cpsv-ap-3.2.0-SHACL.ttl``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import Graph

from ..namespaces import CPSV, CV, PREFIXES
from ..queries import QueryLibrary
from ..store import Store

QUERIES = ("export/cpsv-ap-organisations", "export/cpsv-ap-services", "export/cpsv-ap-participations")
SHAPES = Path("reference") / "cpsv-ap-3.2.0-SHACL.ttl"
MAX_TRIPLES = 2_000_000


def cpsv_ap_graph(store: Store, library: QueryLibrary) -> Graph:
    """The whole default graph as CPSV-AP."""
    graph = Graph()
    for prefix, namespace in {**PREFIXES, "cpsv": str(CPSV), "cv": str(CV)}.items():
        graph.bind(prefix, namespace)
    for name in QUERIES:
        result = store.query(library.get(name).text, max_rows=MAX_TRIPLES)
        assert isinstance(result, Graph), f"{name} is a CONSTRUCT query"
        graph += result
    return graph


@lru_cache(maxsize=2)
def _shapes(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def check(graph: Graph, root: Path) -> tuple[bool, Graph, str]:
    """Validate against the official CPSV-AP 3.2.0 shapes: (conforms, report graph, report text)."""
    return pyshacl.validate(graph, shacl_graph=_shapes(root / SHAPES), inference="none", advanced=False)
