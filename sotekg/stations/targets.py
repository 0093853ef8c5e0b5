"""Where a station import goes, and how it gets there: the register (``graph/stations/register``) and the 2024
list (``graph/stations/list-2024``) are families of imported graphs (``sotekg.ptv.merge.GraphFamily``), written
as ``{folder}/{name}.ttl`` or into a store by the PTV import's targets and merged, record by record, in the same
staging store (``sotekg.ptv.targets``): one merge path for every import.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from ..namespaces import SK, instance_iri
from ..ptv.merge import GraphFamily, MergeReport, graph_records
from ..ptv.targets import FolderTarget, StoreTarget, Target, merge_records, staging_for, write_staged
from ..store import Store
from ..validation import ValidationReport, Validator
from .importer import REGISTER_ORIGIN
from .listing import LIST_ORIGIN

if TYPE_CHECKING:
    from ..publish import Catalogue

REGISTER_GRAPHS = GraphFamily(
    "stations/",
    "register",
    instance_iri("centre", "station-"),
    f"{REGISTER_ORIGIN}\n# by `sotekg import stations` (docs/stations.md)",
)
LIST_GRAPHS = GraphFamily(
    "stations/",
    "list-2024",
    instance_iri("listing", "wikipedia-2024-"),
    f"{LIST_ORIGIN}\n# by `sotekg import station-list` (docs/stations.md)",
    SK.StationListing,
)


def station_target(
    family: GraphFamily, store: Store | None, folder: Path | None, catalogue: Catalogue | None = None
) -> Target | None:
    """The family's graph in ``store`` (written through ``catalogue`` when given: ``StoreTarget``), else
    ``{folder}/{name}.ttl``, else None (a dry run)."""
    if store is not None:
        return StoreTarget(store, family, catalogue)
    return FolderTarget(folder, family) if folder is not None else None


def import_graph(
    graph: Graph,
    family: GraphFamily,
    target: Target | None,
    validator: Validator,
    *,
    replace: bool,
) -> tuple[MergeReport | None, ValidationReport | None, list[str]]:
    """Merge ``graph`` (the family's one graph, built whole) into what ``target`` holds, record by record unless
    ``replace``; validate the records taken and write the graph only if they conform and something changed."""
    staging, merging = staging_for(target, replace, family)
    validation = merge_records(graph_records(graph, family.keys, family), staging, validator)
    return (staging.report if merging else None), validation, write_staged(staging, target, validation)
