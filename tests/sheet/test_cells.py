"""Every message about a workbook points at a cell (issue 17): cells the import cannot read, and SHACL results
placed at their focus node's row and their path's column; the command line; refused files.

The workbooks are the shipped model (data/regions/09.ttl) exported and then edited as a planner would. Rows are
sorted by id: the row numbers below were read off the exported sheets by hand."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from sotekg.cli import main
from sotekg.settings import Settings
from sotekg.sheet.errors import MalformedWorkbook, WorkbookTooLarge
from sotekg.sheet.workbook import Limits, export_workbook, read_workbook
from sotekg.sheet.workbook import validate_conversion as validate
from sotekg.validation import Validator

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = Settings()
SHAPES = Graph().parse(ROOT / "shapes" / "mandatory.ttl")
SHP = "https://w3id.org/sotekg/shapes#"


def shipped_workbook() -> openpyxl.Workbook:
    data = export_workbook(Graph().parse(ROOT / "data" / "regions" / "09.ttl"), "09", SETTINGS)
    return openpyxl.load_workbook(io.BytesIO(data))


def saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_of(worksheet, local_id: str) -> int:
    rows = [cell.row for cell in worksheet["A"] if cell.value == local_id]
    assert len(rows) == 1, local_id
    return rows[0]


def shape_messages(shape: str) -> dict[str, str]:
    messages = {
        m.language: str(m) for m in SHAPES.objects(URIRef(SHP + shape), SH.message) if isinstance(m, Literal)
    }
    assert set(messages) == {"fi", "en"}
    return messages


def edited_with_unreadable_cells() -> openpyxl.Workbook:
    workbook = shipped_workbook()
    services, members = workbook["Palvelut"], workbook["Jäsenet"]
    assert row_of(services, "09-sote-keskus-oral-health-care") == 11
    services["C11"] = "hammashoito"  # not a service type
    assert row_of(members, "09-sote-keskus-tiimi-geronomist") == 4
    members["B4"] = "09-tiimi-x"  # a team that does not exist
    assert row_of(members, "09-sote-keskus-tiimi-work-ability-coordinator") == 12
    members["E12"] = None  # the required profession
    digital = workbook["Digipalvelut"]
    assert row_of(digital, "09-mobiili-ilmoittautuminen") == 4
    digital["A4"] = "09-chatbot"  # the id of row 3 again …
    # … so the e-services offering (row 8) now refers to a digital service no row has
    assert row_of(services, "09-sote-keskus-e-services") == 8
    statistics = workbook["Tilastot"]
    assert row_of(statistics, "09-contraception-network-members-2023") == 3
    statistics["F3"] = "noin sata"
    return workbook


EXPECTED_CELLS = [
    ("Digipalvelut!A4", "Digipalvelut", 4, "A", "duplicate_id"),
    ("Jäsenet!B4", "Jäsenet", 4, "B", "missing_row"),
    ("Jäsenet!E12", "Jäsenet", 12, "E", "required"),
    ("Palvelut!C11", "Palvelut", 11, "C", "unknown_code"),
    ("Palvelut!F8", "Palvelut", 8, "F", "missing_row"),
    ("Tilastot!F3", "Tilastot", 3, "F", "bad_number"),
]


def test_unreadable_cells_are_errors_at_their_cells_in_finnish_and_english():
    conversion = read_workbook(saved(edited_with_unreadable_cells()), SETTINGS)
    found = sorted(
        (i.cell.reference, i.cell.tab, i.cell.row, i.cell.column, i.problem) for i in conversion.issues
    )
    assert found == EXPECTED_CELLS
    report = validate(conversion, Validator.from_settings(SETTINGS)).to_json("fi")
    assert report["conforms"] is False and report["readable"] is False
    assert report["violations"] == len(EXPECTED_CELLS)
    by_cell = {result["cell"]: result for result in report["results"]}
    unknown = by_cell["Palvelut!C11"]
    assert unknown["messages"] == {
        "fi": "Tuntematon koodi 'hammashoito' koodistossa service-type.",
        "en": "Unknown code 'hammashoito' in code list service-type.",
    }
    assert unknown["header"] == {"fi": "palvelu", "en": "service"}
    assert unknown["node"] == "offering:09-sote-keskus-oral-health-care"
    assert (
        by_cell["Jäsenet!B4"]["messages"]["en"]
        == "The sheet Tiimit (teams) has no row with the id '09-tiimi-x'."
    )
    assert by_cell["Digipalvelut!A4"]["messages"]["fi"] == "Tunniste '09-chatbot' on jo käytössä rivillä 3."
    assert by_cell["Jäsenet!E12"]["messages"]["en"] == "A required cell is empty."


def test_shacl_results_are_placed_at_the_row_and_column_of_their_node_and_path():
    workbook = shipped_workbook()
    links, members = workbook["Yhteydet"], workbook["Jäsenet"]
    assert row_of(links, "09-esh-lahetteet") == 3
    assert links["G2"].value == "link type"
    links["G3"] = None  # sk:linkType: IntegrationLinkTypeShape
    assert row_of(members, "09-sote-keskus-tiimi-social-counsellor") == 11
    members.delete_rows(11)  # the team's only social-welfare profession: TeamSocialProfessionShape
    report = validate(read_workbook(saved(workbook), SETTINGS), Validator.from_settings(SETTINGS))
    violations = [entry for entry in report.to_json("en")["results"] if entry["severity"] == "Violation"]
    assert [(v["cell"], v["sourceShape"], v["node"]) for v in violations] == [
        ("Tiimit!3:3", "shp:TeamSocialProfessionShape", "team:09-sote-keskus-tiimi"),
        ("Yhteydet!G3", "shp:IntegrationLinkTypeShape", "link:09-esh-lahetteet"),
    ]
    assert violations[1]["messages"] == shape_messages("IntegrationLinkTypeShape")
    assert violations[1]["header"] == {"fi": "yhteyden laji", "en": "link type"}
    assert violations[0]["messages"] == shape_messages("TeamSocialProfessionShape")
    assert report.conforms is False and report.count("Violation") == 2


def test_headers_and_sheets_the_mapping_does_not_know_are_named():
    workbook = shipped_workbook()
    workbook["Keskukset"]["L1"] = "lempinimi"
    workbook.create_sheet("Muistiinpanot")["A1"] = "x"
    workbook["Jäsenet"]["E1"] = None
    workbook["Jäsenet"]["E2"] = None
    issues = read_workbook(saved(workbook), SETTINGS).issues
    assert sorted((i.cell.reference, i.problem) for i in issues) == [
        ("Jäsenet!1:1", "missing_column"),
        ("Keskukset!L1", "unknown_column"),
        ("Muistiinpanot!1:1", "unknown_sheet"),
    ]


def test_not_a_workbook_is_malformed():
    with pytest.raises(MalformedWorkbook, match="not a zip archive"):
        read_workbook(b"centre;service\n09;oral\n", SETTINGS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(MalformedWorkbook, match="no xl/workbook.xml"):
        read_workbook(buffer.getvalue(), SETTINGS)
    broken = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved(shipped_workbook()))) as source,
        zipfile.ZipFile(broken, "w") as target,
    ):
        for item in source.infolist():
            data = b"<workbook><sheets>" if item.filename == "xl/workbook.xml" else source.read(item)
            target.writestr(item, data)
    with pytest.raises(MalformedWorkbook, match="cannot be read"):
        read_workbook(broken.getvalue(), SETTINGS)


def zip_bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * size)
    return buffer.getvalue()


def test_zip_bombs_and_oversized_workbooks_are_refused_before_parsing():
    bomb = zip_bomb(60_000_000)
    assert len(bomb) < 100_000
    with pytest.raises(WorkbookTooLarge, match="unpacks to 60000011 bytes"):
        read_workbook(bomb, SETTINGS)
    with pytest.raises(WorkbookTooLarge, match="possible zip bomb"):
        read_workbook(zip_bomb(5_000_000), SETTINGS)
    with pytest.raises(WorkbookTooLarge, match="over 20 rows"):
        read_workbook(saved(shipped_workbook()), SETTINGS, Limits(max_rows=20))


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_export_import_and_validate(tmp_path, capsys):
    workbook_path = tmp_path / "09.xlsx"
    model = ROOT / "data" / "regions" / "09.ttl"
    code, out, _ = run_cli(
        capsys, "sheet", "export", "--region", "09", "--model", str(model), "--output", str(workbook_path)
    )
    triples = len(Graph().parse(model))  # 357 today; the count is not the point here
    assert (code, out) == (0, f"{triples} triples of region 09's model → {workbook_path}\n")
    back = tmp_path / "back.ttl"
    code, out, _ = run_cli(capsys, "sheet", "import", str(workbook_path), "--output", str(back))
    assert (code, out) == (0, f"{triples} triples → {back}\n")
    assert isomorphic(Graph().parse(tmp_path / "back.ttl"), Graph().parse(model))
    code, out, _ = run_cli(capsys, "validate", str(workbook_path))
    assert code == 0
    assert out.startswith("Malli on muotojen mukainen.\nvirheitä: 0, varoituksia: 8, huomautuksia: 0\n")
    assert "Keskukset!4:4 (rivi 4)  VAROITUS\n  centre:09-sote-keskus\n" in out

    edited = tmp_path / "edited.xlsx"
    edited.write_bytes(saved(edited_with_unreadable_cells()))
    code, out, _ = run_cli(capsys, "validate", str(edited), "--lang", "en")
    assert code == 1
    assert out.count("VIOLATION") == len(EXPECTED_CELLS)
    assert (
        'Palvelut!C11 (row 11, column C "service")  VIOLATION\n'
        "  offering:09-sote-keskus-oral-health-care\n"
        "  Unknown code 'hammashoito' in code list service-type.\n"
    ) in out
    code, out, _ = run_cli(capsys, "sheet", "import", str(edited), "--output", str(tmp_path / "no.ttl"))
    assert code == 1 and 'Jäsenet!B4 (rivi 4, sarake B "tiimi")  VIRHE' in out
    assert not (tmp_path / "no.ttl").exists()


def test_cli_template_and_unknown_organiser(tmp_path, capsys):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    code, out, _ = run_cli(
        capsys, "sheet", "export", "--region", "05", "--model", str(empty), "--output", str(tmp_path / "05")
    )
    assert (code, out) == (0, f"the empty template → 11 CSV files in {tmp_path / '05'}\n")
    assert (tmp_path / "05" / "model.csv").read_text(encoding="utf-8").splitlines()[2] == "05" + "," * 12
    code, out, _ = run_cli(capsys, "validate", str(tmp_path / "05"))
    assert code == 0 and out.startswith("Malli on muotojen mukainen.\nvirheitä: 0")
    code, _, err = run_cli(capsys, "sheet", "export", "--region", "99", "--output", str(tmp_path / "x.xlsx"))
    assert code == 2 and "no organiser with the code '99'" in err
