"""``sotekg synth``: a synthetic catalogue in our vocabulary that says it is synthetic everywhere, that the shapes
accept, that gives a coverage matrix with offered and missing cells, that is repeatable by seed, and that never
enters the default data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from sotekg import cli
from sotekg.errors import MalformedRDF
from sotekg.layout import default_graph_files
from sotekg.namespaces import BASE, CODE, SK, code_iri
from sotekg.queries import QueryLibrary
from sotekg.rdfio import read_rdf_file, union_graph
from sotekg.settings import Settings
from sotekg.store import Store, load_graph_files, open_store
from sotekg.synth import (
    SYNTHETIC_BASE,
    read_vocabulary,
    synthetic_graph_files,
    synthetic_region_graph,
    write_catalogue,
)
from sotekg.validation import Validator, context_files

CENTRES = 4
ALLOWED_WARNING_FAMILIES = ("SoteCentreMinimumService-", "FamilyCentreNearUniversalService-")


@pytest.fixture(scope="module")
def catalogue(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    write_catalogue(settings, folder, regions=22, centres_per_region=CENTRES, seed=7)
    return folder


@pytest.fixture(scope="module")
def graphs(catalogue: Path) -> dict[str, Graph]:
    return {file.graph: union_graph(read_rdf_file(file.path)) for file in synthetic_graph_files(catalogue)}


@pytest.fixture(scope="module")
def store_with_catalogue(settings: Settings, catalogue: Path) -> Iterator[Store]:
    store = open_store(settings)
    load_graph_files(store, synthetic_graph_files(catalogue))
    yield store
    store.close()


def test_one_file_per_organiser_into_its_synthetic_graph(settings: Settings, graphs: dict[str, Graph]):
    codes = [organiser.code for organiser in read_vocabulary(settings).organisers]
    assert len(codes) == 22 and "90" in codes and "09" in codes
    assert list(graphs) == [synthetic_region_graph(code) for code in codes]
    for graph_iri, graph in graphs.items():
        assert (URIRef(graph_iri), SK.synthetic, Literal(True)) in graph


def test_every_node_it_mints_is_marked_synthetic_and_labelled_so(graphs: dict[str, Graph]):
    for graph_iri, graph in graphs.items():
        subjects = set(graph.subjects())
        assert all(str(s).startswith(SYNTHETIC_BASE) or str(s) == graph_iri for s in subjects)
        assert {s for s in subjects if (s, SK.synthetic, Literal(True)) not in graph} == set()
        centres = set(graph.subjects(RDF.type, SK.SoteCentre)) | set(
            graph.subjects(RDF.type, SK.FamilyCentre)
        )
        assert len(centres) == CENTRES
        for label in [*graph.objects(None, RDFS.label), *graph.objects(None, SKOS.prefLabel)]:
            suffix = {"fi": "(synteettinen)", "en": "(synthetic)"}[label.language]
            assert str(label).endswith(suffix), label


def test_it_invents_no_code_and_no_organiser(settings: Settings, graphs: dict[str, Graph]):
    context = union_graph(*(read_rdf_file(f.path) for f in context_files(settings)))
    known = set(context.subjects())
    used = {o for graph in graphs.values() for o in graph.objects() if isinstance(o, URIRef)}
    outside = {o for o in used if not str(o).startswith((SYNTHETIC_BASE, BASE + "def#", str(RDF)))}
    assert outside and {o for o in outside if o not in known} == set()
    assert any(str(o).startswith(str(CODE)) for o in outside)


def test_the_shapes_accept_it_with_coverage_warnings_only(settings: Settings, graphs: dict[str, Graph]):
    validator = Validator.from_settings(settings)
    warnings = 0
    for graph_iri, graph in graphs.items():
        report = validator.validate(graph)
        assert report.count("Violation") == 0, (graph_iri, report.to_text("en"))
        for result in report.results:
            assert str(result.source_shape).split("#")[1].startswith(ALLOWED_WARNING_FAMILIES), result
        warnings += report.count("Warning")
    assert warnings > 0


def test_the_coverage_matrix_has_offered_and_absent_cells(
    settings: Settings, store_with_catalogue: Store, graphs: dict[str, Graph]
):
    query = QueryLibrary(settings.queries_dir).get("analytics/coverage-matrix")
    rows = store_with_catalogue.query(query.text, substitutions=query.bind({})).rows  # type: ignore[union-attr]
    vocabulary = read_vocabulary(settings)
    minimum = set(vocabulary.service_sets["sote"])
    assert len(rows) == 22 * len(minimum)
    statuses = {(str(row["organiser_code"]), code_iri("service-type", str(row["service_code"]))): str(row["status"])
                for row in rows}  # fmt: skip
    # every organiser has a (synthetic) model now, complete for it: what it lacks is absent
    assert set(statuses.values()) == {"offered", "absent"}
    for organiser in vocabulary.organisers:
        offered = {
            str(s) for s in graphs[synthetic_region_graph(organiser.code)].objects(None, SK.serviceType)
        }
        assert all(statuses[(organiser.code, service)] == "offered" for service in offered & minimum)
        missing = {service for service in minimum if statuses[(organiser.code, service)] == "absent"}
        assert not missing & offered
        if organiser.implemented:  # a missing minimum service would be a violation: none is missing
            assert offered >= minimum and not missing
    assert any(organiser.implemented for organiser in vocabulary.organisers)


def test_the_same_seed_writes_the_same_files(settings: Settings, tmp_path: Path):
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        write_catalogue(settings, tmp_path / name, regions=2, centres_per_region=3, seed=seed)
    read = {name: [p.read_bytes() for p in sorted((tmp_path / name).glob("*.ttl"))] for name in "abc"}
    assert len(read["a"]) == 2
    assert read["a"] == read["b"]
    assert read["a"] != read["c"]


def test_the_default_data_holds_no_synthetic_triple(settings: Settings, embedded_store: Store):
    files = default_graph_files(settings)
    assert files
    for file in files:
        graph = union_graph(read_rdf_file(file.path))
        assert not list(graph.subjects(SK.synthetic, None)), file.path
        assert not any(str(term).startswith(SYNTHETIC_BASE) for triple in graph for term in triple), file.path
    query = QueryLibrary(settings.queries_dir).get("qc/synthetic-data-violation")
    assert embedded_store.query(query.text).rows == []  # type: ignore[union-attr]


def test_synth_and_load_commands(settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture):
    output = tmp_path / "synthetic"
    assert cli.main(["synth", "--regions", "2", "--centres-per-region", "3", "--output", str(output)]) == 0
    printed = capsys.readouterr().out.splitlines()
    triples = {line.split()[2].strip("<>"): int(line.split()[0]) for line in printed[:-1]}
    assert list(triples) == [synthetic_region_graph("01"), synthetic_region_graph("02")]
    assert printed[-1].split()[0] == str(sum(triples.values()))

    assert cli.main(["load", "--store-dir", str(tmp_path / "store"), "--synthetic", str(output)]) == 0
    capsys.readouterr()
    store = open_store(settings.model_copy(update={"store_dir": tmp_path / "store"}))
    try:
        assert {graph: store.count(graph) for graph in triples} == triples
    finally:
        store.close()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["synth", "--regions", "0", "--output", "x"], "--regions must be between 1 and 22, got 0"),
        (["synth", "--centres-per-region", "0", "--output", "x"], "--centres-per-region must be between"),
        (["load", "--store-dir", "x", "--synthetic", "."], "no .ttl files of sotekg synth there"),
    ],
)
def test_bad_arguments_fail_in_one_line(arguments: list[str], message: str, capsys: pytest.CaptureFixture):
    assert cli.main(arguments) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


@pytest.mark.parametrize("graph_holds_data", [False, True], ids=["empty-graph", "graph-with-data"])
def test_a_broken_file_fails_in_one_line_and_leaves_the_graph_as_it_was(
    settings: Settings, tmp_path: Path, graph_holds_data: bool
):
    folder = tmp_path / "synthetic"
    folder.mkdir()
    (folder / "01.ttl").write_text('<urn:x:a> <urn:x:b> "ok" .\n<urn:x:a> <urn:x:b> "broken .\n')
    graph = synthetic_region_graph("01")
    store = open_store(settings.model_copy(update={"store_dir": None}), fill_empty=False)
    try:
        if graph_holds_data:
            store.replace_graph(graph, '<urn:x:old> <urn:x:b> "kept" .')
        with pytest.raises(MalformedRDF, match=r"01\.ttl, line 2, column \d+"):
            load_graph_files(store, synthetic_graph_files(folder))
        assert store.count(graph) == (1 if graph_holds_data else 0)
        assert store.graph_names() == ([graph] if graph_holds_data else [])
        (folder / "01.ttl").write_text('<urn:x:a> <urn:x:b> "ok" .\n')
        assert [loaded.triples for loaded in load_graph_files(store, synthetic_graph_files(folder))] == [1]
        assert store.graph_names() == [graph]
    finally:
        store.close()
