"""``sotekg import stations`` into a persistent store, as the PTV import: the merge report, the named graph of its
own, a re-import that changes nothing, the JSON report, and errors that name the problem."""

from __future__ import annotations

import json
from pathlib import Path

from sotekg import cli
from sotekg.index import LookupIndex
from sotekg.settings import Settings, StoreKind
from sotekg.store import open_store
from tests.test_saved_index import assert_the_next_start_reads_it

ROOT = Path(__file__).resolve().parents[2]
WORKBOOK = ROOT / "data" / "stations" / "health_stations_Finland_13-19.xlsx"
REGISTER_GRAPH = "https://w3id.org/sotekg/graph/stations/register"


def test_import_into_a_store_merges_record_by_record_and_replace_rebuilds(tmp_path, capsys, monkeypatch):
    store_dir = (
        tmp_path / "store"
    )  # a new persistent store is filled with the shipped graphs, the register too
    report = tmp_path / "report.json"
    args = [
        "import",
        "stations",
        str(WORKBOOK),
        "--store-dir",
        str(store_dir),
        "--imported-at",
        "2026-12-02T05:00:00Z",
    ]
    assert cli.main([*args, "--report-json", str(report)]) == 0
    printed = capsys.readouterr().out
    assert (
        "Read: 4002 rows (2013: 598, 2014: 589, 2015: 582, 2016: 567, 2017: 561, 2018: 554, 2019: 551)"
        in printed
    )
    assert "Merged with the target: 0 added, 0 replaced by newer records, 744 kept" in printed
    assert "Nothing changed: the target already holds these records" in printed
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["stations"]["count"] == 744 and written["unplaced"] == []
    assert {c["kind"] for c in written["corrections"]} == {
        "merged",
        "code-contradicts-name",
        "whitespace",
        "leading-zeros",
    }
    assert cli.main([*args, "--replace"]) == 0
    assert f"Wrote <{REGISTER_GRAPH}>" in capsys.readouterr().out
    settings = Settings(
        root=ROOT, store=StoreKind.embedded, store_dir=store_dir, endpoint=None, update_endpoint=None
    )
    store = open_store(settings)
    try:
        rows = store.query(
            f"""SELECT (COUNT(DISTINCT ?s) AS ?n) (SAMPLE(?when) AS ?at) WHERE {{
                GRAPH <{REGISTER_GRAPH}> {{ ?s a sk:ServiceLocation ; prov:generatedAtTime ?when }} }}"""
        ).rows
        assert int(rows[0]["n"]) == 744
        assert str(rows[0]["at"]).startswith("2026-12-02T05:00:00")  # rebuilt by this import
    finally:
        store.close()

    def stations_listed(index: LookupIndex) -> None:  # 744 stations, each listed by its organiser
        listed = [index.document("region", r["code"])["stations"] for r in index.items("regions")]
        assert sum(len(found["items"]) for found in listed if found) == 744

    # the import built the index again (it touched every organiser's station list) and saved it
    assert_the_next_start_reads_it(settings, monkeypatch, stations_listed)


def test_errors_name_the_problem(tmp_path, capsys):
    not_a_workbook = tmp_path / "stations.xlsx"
    not_a_workbook.write_text("station;year\n", encoding="utf-8")
    assert cli.main(["import", "stations", str(not_a_workbook)]) != 0
    assert "stations.xlsx: not a readable xlsx workbook" in capsys.readouterr().err
    assert cli.main(["import", "stations"]) != 0
    assert "give the register's xlsx file" in capsys.readouterr().err
    assert cli.main(["import", "stations", str(WORKBOOK), "--strict"]) != 0
    assert "--strict go with 'import ptv'" in capsys.readouterr().err
