"""``sotekg import ptv``: county files, the report, a no-op re-import, --strict, errors and the shipped data."""

import dataclasses
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import PROV

from sotekg import cli
from sotekg.ptv.mapping import MappingTables
from sotekg.ptv.reader import read_paths
from sotekg.ptv.targets import FolderTarget, import_into
from sotekg.rdfio import read_rdf_file, union_graph
from sotekg.settings import Settings
from sotekg.store import EmbeddedStore
from sotekg.validation import Validator

ROOT = Path(__file__).resolve().parents[2]
VAASA = ROOT / "tests" / "fixtures" / "ptv" / "vaasa-2018"
GERBY = "325f24cb-e861-41a3-b1b2-a437545aa3b8"  # Gerbyn terveysasema
WHEN = "2026-01-15T12:00:00Z"


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
        "--imported-at",
        WHEN,
        "--report-json",
        str(report),
    ]
    assert cli.main(args) == 0
    return out


def test_writes_one_file_per_county_and_the_report(first_import):
    assert sorted(path.name for path in first_import.iterdir()) == ["16.ttl", "17.ttl", "18.ttl"]
    assert next(read_folder(first_import)["18"].objects(None, PROV.generatedAtTime)).toPython().year == 2026
    data = json.loads((first_import.parent / "report.json").read_text(encoding="utf-8"))
    assert data["records"] == {"service channels": 240, "services": 325, "organisations": 3}
    assert data["imported"]["counties"] == {"16": 1, "17": 98, "18": 1}
    assert data["unmapped"]["count"] == 8 and data["notSote"]["count"] == 136
    assert data["unmapped"]["categories"] == {"service": 4, "site": 4}


def test_reimport_of_the_same_input_changes_nothing(first_import, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(first_import, out)
    assert (
        cli.main(["import", "ptv", str(VAASA), "--output", str(out), "--imported-at", "2026-02-01T00:00:00Z"])
        == 0
    )
    printed = capsys.readouterr().out
    assert "0 added, 0 replaced by newer records, 100 kept" in printed
    assert "Nothing changed" in printed and "Wrote" not in printed
    before, after = read_folder(first_import), read_folder(out)
    assert before.keys() == after.keys() == {"16", "17", "18"}
    assert all(isomorphic(before[county], after[county]) for county in before)


def test_strict_fails_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "strict"
    assert cli.main(["import", "ptv", str(VAASA), "--output", str(out), "--strict"]) == 1
    assert "8 unmapped item(s) and --strict: nothing written" in capsys.readouterr().err
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
    assert cli.main(["import", "ptv", str(VAASA), "--imported-at", "yesterday"]) == 2
    assert "--imported-at 'yesterday' is not an ISO 8601" in capsys.readouterr().err
    assert cli.main(["import", "ptv", "--area", "Municipality:905"]) == 2
    assert "--area and --since go with --from-api" in capsys.readouterr().err


def test_the_shipped_data_is_the_vaasa_import(tmp_path):
    """data/ptv/*.ttl (loaded as graph/ptv/{county}) regenerate from the recording with their import time."""
    shipped = read_folder(ROOT / "data" / "ptv")
    assert shipped.keys() == {"16", "17", "18"}
    (imported_at,) = set(shipped["17"].objects(None, PROV.generatedAtTime))
    out = tmp_path / "regenerated"
    assert (
        cli.main(
            [
                "import",
                "ptv",
                str(VAASA),
                "--output",
                str(out),
                "--replace",
                "--imported-at",
                str(imported_at),
            ]
        )
        == 0
    )
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
        assert store.count("https://w3id.org/sotekg/graph/ptv/17") == len(
            read_folder(ROOT / "data" / "ptv")["17"]
        )
    finally:
        store.close()


def test_a_result_that_violates_the_shapes_is_not_written(tables, counties, tmp_path):
    """A mapping to a code outside our code lists gives shape violations: reported, nothing written."""
    broken_class = dataclasses.replace(tables.classes["P5.10"], service_type="no-such-service-type")
    broken = MappingTables({**tables.classes, "P5.10": broken_class}, tables.old_uris, tables.rules)
    when = datetime(2026, 1, 15, tzinfo=UTC)
    target = FolderTarget(tmp_path / "out")
    outcome = import_into(read_paths([VAASA]), broken, counties, when, target, Validator.from_settings())
    assert not outcome.validation.conforms
    focus = {
        str(result.focus_node) for result in outcome.validation.results if result.severity == "Violation"
    }
    assert len(focus) == 9 and all(
        node.endswith("-no-such-service-type") for node in focus
    )  # 9 dental clinics
    assert outcome.written == [] and not (tmp_path / "out").exists()
