"""Where an import goes: a folder of Turtle files (``{county}.ttl``) or a store (named graphs ``graph/ptv/{county}``).

``import_into`` is the whole import after reading: map, stop on ``--strict``, merge with what the target holds
(record by record, unless ``replace``), validate the county graphs that changed against the shapes, and only
then write them — a result that does not conform leaves the target untouched, as a ``PUT`` of a region model does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from rdflib import Graph, URIRef

from ..errors import UserError
from ..namespaces import graph_iri
from ..rdfio import read_rdf_file, union_graph
from ..store import Store
from ..validation import ValidationReport, Validator
from .importer import SOURCE, ImportResult, import_records, ptv_graph_iri
from .mapping import MappingTables
from .merge import MergeReport, merge_imports
from .reader import PtvRecords

COUNTY_FILE = re.compile(r"^\d{2}\.ttl$")
PTV_GRAPH_PREFIX = graph_iri("ptv/")


class Target(Protocol):
    def existing(self) -> dict[str, Graph]: ...

    def write(self, graphs: dict[str, Graph]) -> list[str]: ...


def turtle_with_header(graph: Graph, county: str) -> bytes:
    header = (
        f"# Named graph <{ptv_graph_iri(county)}>: service locations imported from the Finnish Service "
        "Catalogue (PTV)\n# by `sotekg import ptv` (docs/ptv.md). Regenerate it; do not edit by hand.\n"
    )
    return header.encode("utf-8") + graph.serialize(format="turtle", encoding="utf-8")


class FolderTarget:
    """``{folder}/{county}.ttl``, one file per county graph."""

    def __init__(self, folder: Path):
        self.folder = folder

    def existing(self) -> dict[str, Graph]:
        if not self.folder.is_dir():
            return {}
        return {
            path.stem: union_graph(read_rdf_file(path))
            for path in sorted(self.folder.iterdir())
            if COUNTY_FILE.match(path.name)
        }

    def write(self, graphs: dict[str, Graph]) -> list[str]:
        self.folder.mkdir(parents=True, exist_ok=True)
        written = []
        for county, graph in sorted(graphs.items()):
            path = self.folder / f"{county}.ttl"
            path.write_bytes(turtle_with_header(graph, county))
            written.append(str(path))
        return written


class StoreTarget:
    """The named graphs ``graph/ptv/{county}`` of a store, each replaced in one transaction."""

    def __init__(self, store: Store):
        self.store = store

    def existing(self) -> dict[str, Graph]:
        return {
            name.removeprefix(PTV_GRAPH_PREFIX): self.store.graph(name)
            for name in self.store.graph_names()
            if name.startswith(PTV_GRAPH_PREFIX)
        }

    def write(self, graphs: dict[str, Graph]) -> list[str]:
        written = []
        for county, graph in sorted(graphs.items()):
            triples = self.store.replace_graph(ptv_graph_iri(county), graph)
            written.append(f"<{ptv_graph_iri(county)}> ({triples} triples)")
        return written


@dataclass
class ImportOutcome:
    result: ImportResult
    merge: MergeReport | None
    validation: ValidationReport | None
    written: list[str]


def import_into(
    records: PtvRecords,
    tables: MappingTables,
    counties: dict[str, str],
    imported_at: datetime,
    target: Target | None,
    validator: Validator,
    *,
    replace: bool = False,
    strict: bool = False,
) -> ImportOutcome:
    """Map ``records`` and write the changed county graphs to ``target`` (None: a dry run that writes nothing).

    Raises UserError on ``strict`` with unmapped items. A result that violates the shapes is returned with its
    validation report and nothing written.
    """
    result = import_records(records, tables, counties, imported_at)
    if strict and result.report.unmapped:
        raise UserError(
            f"{len(result.report.unmapped)} unmapped item(s) and --strict: nothing written", code=1
        )
    merge, validation, written = merge_validate_write(result.graphs, target, validator, replace=replace)
    return ImportOutcome(result, merge, validation, written)


def merge_validate_write(
    incoming: dict[str, Graph],
    target: Target | None,
    validator: Validator,
    *,
    replace: bool = False,
    source: URIRef = SOURCE,
) -> tuple[MergeReport | None, ValidationReport, list[str]]:
    """Merge the imported graphs with what ``target`` holds (record by record, unless ``replace``), validate
    the graphs that change and write them only if they conform (``target`` None: a dry run)."""
    graphs, merge = dict(incoming), None
    if target is not None and not replace:
        existing = target.existing()
        merged, merge = merge_imports(existing, incoming, source)
        graphs = {
            key: graph
            for key, graph in merged.items()
            if key not in existing or set(graph) != set(existing[key])
        }
    combined = Graph()
    for graph in graphs.values():
        combined += graph
    validation = validator.validate(combined)
    if not validation.conforms or target is None:
        return merge, validation, []
    return merge, validation, target.write(graphs)
