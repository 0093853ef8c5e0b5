"""A workbook saved by LibreOffice Calc opens and validates (issue 17): the exported workbook goes through Calc
headless (to OpenDocument and back to .xlsx, as a planner's save would), and is read back with the same graph;
a cell edited before the save is still reported at its cell.

Calc is Debian's ``libreoffice-calc``, installed by scripts/install_system_packages.sh from scripts/test.sh; where it
cannot be installed (no root, no package mirror) the tests are skipped with that reason.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from sotekg.settings import Settings
from sotekg.sheet.workbook import export_workbook, read_workbook, validate_conversion
from sotekg.validation import Validator

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = Settings()
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice Calc is not installed (bash scripts/install_system_packages.sh: Debian package libreoffice-calc)",
)


def through_calc(data: bytes, folder: Path) -> bytes:
    """``data`` (.xlsx) opened by Calc, saved as .ods, opened again and saved as .xlsx."""
    profile = (folder / "profile").as_uri()
    source = folder / "model.xlsx"
    source.write_bytes(data)
    for target, filter_name, path in (
        ("ods", "ods", source),
        ("xlsx", "xlsx:Calc MS Excel 2007 XML", folder / "ods" / "model.ods"),
    ):
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                filter_name,
                "--outdir",
                str(folder / target),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return (folder / "xlsx" / "model.xlsx").read_bytes()


def test_a_workbook_saved_by_calc_reads_back_to_the_shipped_model(tmp_path):
    model = Graph().parse(ROOT / "data" / "regions" / "09.ttl")
    saved = through_calc(export_workbook(model, "09", SETTINGS), tmp_path)
    conversion = read_workbook(saved, SETTINGS)
    assert conversion.issues == []
    assert isomorphic(conversion.graph, model)
    report = validate_conversion(conversion, Validator.from_settings(SETTINGS))
    assert report.conforms and report.count("Warning") == 8


def test_a_cell_edited_before_calc_saves_is_reported_at_its_cell(tmp_path):
    model = Graph().parse(ROOT / "data" / "regions" / "09.ttl")
    workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(model, "09", SETTINGS)))
    assert workbook["Palvelut"]["A11"].value == "09-sote-keskus-oral-health-care"
    workbook["Palvelut"]["C11"] = "hammashoito"
    buffer = io.BytesIO()
    workbook.save(buffer)
    conversion = read_workbook(through_calc(buffer.getvalue(), tmp_path), SETTINGS)
    assert [(issue.cell.reference, issue.problem, issue.args["value"]) for issue in conversion.issues] == [
        ("Palvelut!C11", "unknown_code", "hammashoito")
    ]
