"""Where a station import goes: a Turtle file ``{folder}/{name}.ttl`` or the named graph
``graph/stations/{name}`` of a store. Both answer ``existing()`` and ``write()`` like the PTV targets, so the
import merges, validates and writes through ``sotekg.ptv.targets.merge_validate_write``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..rdfio import read_rdf_file, union_graph
from ..store import Store
from .importer import stations_graph_iri


def turtle_with_header(graph: Graph, name: str, origin: str) -> bytes:
    header = (
        f"# Named graph <{stations_graph_iri(name)}>: {origin}\n"
        "# by `sotekg import stations` (docs/stations.md). Regenerate it; do not edit by hand.\n"
    )
    return header.encode("utf-8") + graph.serialize(format="turtle", encoding="utf-8")


class StationFileTarget:
    """``{folder}/{name}.ttl``."""

    def __init__(self, folder: Path, name: str, origin: str):
        self.path = folder / f"{name}.ttl"
        self.name = name
        self.origin = origin

    def existing(self) -> dict[str, Graph]:
        return {self.name: union_graph(read_rdf_file(self.path))} if self.path.is_file() else {}

    def write(self, graphs: dict[str, Graph]) -> list[str]:
        if self.name not in graphs:
            return []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(turtle_with_header(graphs[self.name], self.name, self.origin))
        return [str(self.path)]


class StationStoreTarget:
    """The named graph ``graph/stations/{name}`` of a store, replaced in one transaction."""

    def __init__(self, store: Store, name: str):
        self.store = store
        self.name = name

    def existing(self) -> dict[str, Graph]:
        iri = stations_graph_iri(self.name)
        return {self.name: self.store.graph(iri)} if iri in self.store.graph_names() else {}

    def write(self, graphs: dict[str, Graph]) -> list[str]:
        if self.name not in graphs:
            return []
        iri = stations_graph_iri(self.name)
        triples = self.store.replace_graph(iri, graphs[self.name])
        return [f"<{iri}> ({triples} triples)"]
