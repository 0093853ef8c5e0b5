"""``sotekg import ptv``: county files, the report, a no-op re-import, --strict, errors and the shipped data."""

import dataclasses
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from sotekg import cli
from sotekg.index import LookupIndex
from sotekg.ptv.mapping import MappingTables
from sotekg.ptv.reader import PtvInput
from sotekg.ptv.source import declared_recording
from sotekg.ptv.targets import FolderTarget, import_into
from sotekg.rdfio import read_rdf_file, union_graph
from sotekg.settings import Settings, StoreKind
from sotekg.store import EmbeddedStore
from sotekg.validation import Validator
from tests.test_saved_index import assert_the_next_start_reads_it

ROOT = Path(__file__).resolve().parents[2]
VAASA = ROOT / "tests" / "fixtures" / "ptv" / "vaasa-2018"
GERBY = "325f24cb-e861-41a3-b1b2-a437545aa3b8"  # Gerbyn terveysasema


def isomorphic(a: Graph, b: Graph) -> bool:
    """Isomorphism of graphs without blank nodes (the import makes none): the same triples."""
    assert not any(isinstance(term, BNode) for triple in a for term in triple)
    return set(a) == set(b)


def read_folder(folder: Path) -> dict[str, Graph]:
    return {path.stem: union_graph(read_rdf_file(path)) for path in sorted(folder.glob("*.ttl"))}


@pytest.fixture(scope="module")
def first_import(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ptv") / "out"
    report = out.parent / "report.json"
    args = [
        "import",
        "ptv",
        str(VAASA),
        "--output",
        str(out),
        "--report-json",
        str(report),
    ]
    assert cli.main(args) == 0
    return out


def test_writes_one_file_per_county_and_the_report(first_import):
    assert sorted(path.name for path in first_import.iterdir()) == ["16.ttl", "17.ttl", "18.ttl"]
    source = URIRef("https://w3id.org/sotekg/id/source/ptv-recording-vaasa-2018")
    assert {str(date) for date in read_folder(first_import)["18"].objects(source, DCTERMS.issued)} == {
        "2018-08-07"
    }
    data = json.loads((first_import.parent / "report.json").read_text(encoding="utf-8"))
    assert data["records"] == {"service channels": 240, "services": 325, "organisations": 3}
    assert data["imported"]["counties"] == {"16": 1, "17": 98, "18": 1}
    assert data["unmapped"]["count"] == 9 and data["notSote"]["count"] == 136
    assert data["unmapped"]["categories"] == {"service": 4, "site": 4, "site-kind": 1}
    assert data["imported"]["kindRules"]["kind rule 8"] == 23  # school health care only
    (gerby,) = [site for site in data["imported"]["sites"] if site["ptv_id"] == GERBY]
    assert gerby["kind"] == "health-station" and gerby["kind_reason"].startswith(
        "kind rule 14 (ontology-term"
    )


def test_reimport_of_the_same_input_changes_nothing(first_import, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(first_import, out)
    assert cli.main(["import", "ptv", str(VAASA), "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "0 added, 0 replaced by newer records, 100 kept" in printed
    assert "Nothing changed" in printed and "Wrote" not in printed
    before, after = read_folder(first_import), read_folder(out)
    assert before.keys() == after.keys() == {"16", "17", "18"}
    assert all(isomorphic(before[county], after[county]) for county in before)


def test_strict_fails_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "strict"
    assert cli.main(["import", "ptv", str(VAASA), "--output", str(out), "--strict"]) == 1
    assert "9 unmapped item(s) and --strict: nothing written" in capsys.readouterr().err
    assert not out.exists()


def test_strict_passes_when_everything_maps(tmp_path, capsys):
    clean = tmp_path / "clean"
    clean.mkdir()
    shutil.copy(VAASA / "servicechannels" / f"{GERBY}.json", clean)
    channel = json.loads((clean / f"{GERBY}.json").read_text(encoding="utf-8"))
    for link in channel["services"]:
        shutil.copy(VAASA / "services" / f"{link['service']['id']}.json", clean)
    assert cli.main(["import", "ptv", str(clean), "--output", str(tmp_path / "out"), "--strict"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["17.ttl"]
    assert cli.main(["import", "ptv", str(clean), "--strict"]) == 0
    out = capsys.readouterr().out
    assert "Imported service locations: 1 (by county 17: 1)" in out and "Unmapped: 0" in out
    assert "Dry run" in out


def test_bad_input_is_one_line(tmp_path, capsys):
    assert cli.main(["import", "ptv", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "no such file or folder" in err
    assert (
        cli.main(["import", "ptv", "--from-api", "--area", "Municipality:905", "--since", "yesterday"]) == 2
    )
    assert "--since 'yesterday' is not an ISO 8601" in capsys.readouterr().err
    assert cli.main(["import", "ptv", "--area", "Municipality:905"]) == 2
    assert "--area and --since go with --from-api" in capsys.readouterr().err


def test_the_shipped_data_is_the_vaasa_import(tmp_path):
    """data/ptv/*.ttl (loaded as graph/ptv/{county}) regenerate from the recording."""
    shipped = read_folder(ROOT / "data" / "ptv")
    assert shipped.keys() == {"16", "17", "18"}
    out = tmp_path / "regenerated"
    assert cli.main(["import", "ptv", str(VAASA), "--output", str(out), "--replace"]) == 0
    regenerated = read_folder(out)
    assert all(isomorphic(shipped[county], regenerated[county]) for county in shipped)


def test_a_newer_record_goes_into_a_store(gerby_copy, tmp_path, capsys):
    """--store-dir: an empty store is filled with the default graphs (data/ptv included); the newer record
    replaces Gerby's in graph/ptv/17 and nothing else is written."""
    update = gerby_copy("Gerbyn terveysasema (uusi)", "2019-03-01T10:00:00")
    folder = tmp_path / "store"
    assert cli.main(["import", "ptv", str(update), "--store-dir", str(folder)]) == 0
    printed = capsys.readouterr().out
    assert "0 added, 1 replaced by newer records, 0 kept" in printed
    assert printed.count("Wrote <https://w3id.org/sotekg/graph/ptv/") == 1
    store = EmbeddedStore(Settings(root=ROOT, store_dir=folder))
    try:
        rows = store.query(
            "SELECT ?label WHERE { GRAPH <https://w3id.org/sotekg/graph/ptv/17> { ?c dct:identifier ?id ; "
            'skos:prefLabel ?label FILTER(LANG(?label) = "fi") } }',
            substitutions={"id": Literal(GERBY)},
        ).rows
        assert [str(row["label"]) for row in rows] == ["Gerbyn terveysasema (uusi)"]
        # the same shape of record, plus the six triples describing its own (undated) source
        assert (
            store.count("https://w3id.org/sotekg/graph/ptv/17")
            == len(read_folder(ROOT / "data" / "ptv")["17"]) + 6
        )
        rows = store.query(
            "SELECT ?kind WHERE { GRAPH <https://w3id.org/sotekg/graph/ptv/17> { ?c dct:identifier ?id ; "
            "dct:source ?s . ?s sk:sourceKind ?kind FILTER NOT EXISTS { ?s dct:issued ?issued } } }",
            substitutions={"id": Literal(GERBY)},
        ).rows
        assert [str(row["kind"]) for row in rows] == [
            "https://w3id.org/sotekg/code/source-kind/ptv-recording"
        ]
    finally:
        store.close()


def test_load_and_import_into_a_store_leave_an_index_the_next_start_reads(gerby_copy, tmp_path, monkeypatch):
    """``sotekg load --store-dir`` builds the lookup index and saves it beside the store; ``sotekg import ptv`` into
    the store brings it up to date as it writes (sotekg.publish.Catalogue.replace_graphs): a server start after
    either reads it, and it answers as a rebuild does."""
    folder = tmp_path / "store"
    settings = Settings(
        root=ROOT, store=StoreKind.embedded, store_dir=folder, endpoint=None, update_endpoint=None
    )
    assert cli.main(["load", "--store-dir", str(folder)]) == 0

    def gerby_named(name: str) -> Callable[[LookupIndex], None]:
        def check(index: LookupIndex) -> None:
            assert index.document("centre", f"ptv-{GERBY}")["name"]["fi"] == name

        return check

    assert_the_next_start_reads_it(settings, monkeypatch, gerby_named("Gerbyn terveysasema"))
    update = gerby_copy("Gerbyn terveysasema (uusi)", "2019-03-01T10:00:00")
    assert cli.main(["import", "ptv", str(update), "--store-dir", str(folder)]) == 0
    assert_the_next_start_reads_it(settings, monkeypatch, gerby_named("Gerbyn terveysasema (uusi)"))


def test_a_result_that_violates_the_shapes_is_not_written(tables, counties, tmp_path):
    """A mapping to a code outside our code lists gives shape violations: reported, nothing written."""
    broken_class = dataclasses.replace(tables.classes["P5.10"], service_type="no-such-service-type")
    broken = MappingTables(
        {**tables.classes, "P5.10": broken_class}, tables.old_uris, tables.rules, tables.kind_rules
    )
    target = FolderTarget(tmp_path / "out")
    source = declared_recording([VAASA])
    outcome = import_into(PtvInput([VAASA]), broken, counties, source, target, Validator.from_settings())
    assert not outcome.validation.conforms
    focus = {
        str(result.focus_node) for result in outcome.validation.results if result.severity == "Violation"
    }
    assert len(focus) == 9 and all(
        node.endswith("-no-such-service-type") for node in focus
    )  # 9 dental clinics
    assert outcome.written == [] and not (tmp_path / "out").exists()
