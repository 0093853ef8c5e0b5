"""The station imports write through the PTV import's one merge path (sotekg.stations.targets): the shipped
graphs cut into records lose no triple, and a register written to a folder is the graph imported, which a
second import keeps record by record."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

from sotekg.ptv.merge import graph_records
from sotekg.ptv.targets import FolderTarget, held_graphs
from sotekg.settings import Settings
from sotekg.stations.targets import LIST_GRAPHS, REGISTER_GRAPHS, import_graph
from sotekg.validation import Validator

ROOT = Path(__file__).resolve().parents[2]
STATIONS = ROOT / "data" / "stations"


def test_the_shipped_graphs_cut_into_records_lose_no_triple():
    for family, records_expected in ((REGISTER_GRAPHS, 744), (LIST_GRAPHS, 299)):
        graph = Graph().parse(STATIONS / f"{family.keys}.ttl")
        records = graph_records(graph, family.keys, family)
        assert len(records) == records_expected
        assert {triple for r in records for triple in r.triples | r.shared} == set(graph)
        assert all(r.county == family.keys for r in records)


def test_a_register_written_to_a_folder_is_the_graph_imported_and_a_second_import_keeps_it(tmp_path):
    graph = held_graphs(FolderTarget(STATIONS, REGISTER_GRAPHS))["register"]
    assert len(graph) > 70_000
    validator = Validator.from_settings(Settings(root=ROOT))
    target = FolderTarget(tmp_path, REGISTER_GRAPHS)
    merge, validation, written = import_graph(graph, REGISTER_GRAPHS, target, validator, replace=False)
    assert validation is not None and validation.conforms
    assert written == [str(tmp_path / "register.ttl")] and len(merge.added) == 744 and not merge.kept
    text = (tmp_path / "register.ttl").read_text(encoding="utf-8")
    assert text.startswith(
        "# Named graph <https://w3id.org/sotekg/graph/stations/register>: the health stations"
    )
    assert isomorphic(Graph().parse(tmp_path / "register.ttl"), graph)
    merge, _, written = import_graph(graph, REGISTER_GRAPHS, target, validator, replace=False)
    assert written == [] and len(merge.kept) == 744 and not merge.added and not merge.replaced
