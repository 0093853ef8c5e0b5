"""Filling a store with the default graphs: the files ``sotekg.layout.default_graph_files`` names, nothing else.

Each named graph is replaced as a whole (one update request per graph), so loading again is safe and a graph
never holds a half-loaded file. A file the layout names but that is missing is an error, never skipped. After a
load the coverage assessments are derived again from what the store holds (``sotekg.coverage``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..layout import GraphFile, default_graph_files
from ..settings import Settings
from .base import Store


@dataclass(frozen=True)
class LoadedGraph:
    """One named graph as loaded: its IRI, its files and its number of triples."""

    graph: str
    files: tuple[Path, ...]
    triples: int


def files_by_graph(files: list[GraphFile]) -> dict[str, list[Path]]:
    """The files of each named graph, in layout order; UserError naming every missing file."""
    missing = [str(file.path) for file in files if not file.path.is_file()]
    if missing:
        raise UserError(f"missing graph file(s): {', '.join(missing)}")
    grouped: dict[str, list[Path]] = {}
    for file in files:
        grouped.setdefault(file.graph, []).append(file.path)
    return grouped


def load_default_graphs(store: Store, settings: Settings) -> list[LoadedGraph]:
    """Replace every default named graph in ``store`` by its files; what was loaded, graph by graph."""
    return load_graph_files(store, default_graph_files(settings))


def load_graph_files(store: Store, files: list[GraphFile]) -> list[LoadedGraph]:
    """Replace each named graph of ``files`` in ``store`` by its files (e.g. a synthetic catalogue beside the
    default graphs, sotekg.synth); what was loaded, graph by graph."""
    loaded = []
    for graph, paths in files_by_graph(files).items():
        loaded.append(LoadedGraph(graph, tuple(paths), store.replace_graph_from_files(graph, paths)))
    from ..coverage import refresh as refresh_coverage  # sotekg.coverage reads through this package

    refresh_coverage(store)
    return loaded
