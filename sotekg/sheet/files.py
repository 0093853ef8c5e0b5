"""Workbooks (.xlsx, openpyxl) and folders of CSV files, one per sheet: writing the rows of
sotekg.sheet.convert with headers, help and drop-down lists, and reading them back within limits.

A data sheet has two frozen header rows (Finnish, then English) and its data from row 3; the columns are found
by their headers (either language, or the column key), so a planner may reorder them. The first sheet explains
every column in Finnish and English; a hidden sheet holds the drop-down lists (code lists with Finnish label and
code, the sheet's classes, organisers and sources). A CSV folder has a file per sheet named by its key, with the
same two header rows.

Reading an upload is bounded before openpyxl sees it: the zip's declared unpacked size, its number of parts and
each part's compression ratio (a zip bomb is refused), then the number of rows and columns read. openpyxl parses
with defusedxml (no entity expansion). A file that is not a workbook is :class:`MalformedWorkbook`, one over a
limit :class:`WorkbookTooLarge`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from ..settings import Settings
from .convert import HEADER_ROWS, Cell, Issue, RowValues, Table
from .errors import MalformedWorkbook, WorkbookTooLarge
from .mapping import Column, Mapping, Sheet, Vocabulary

GUIDE_TAB = "Ohje"
LISTS_TAB = "Listat"
SPARE_ROWS = 500  # rows below the data that drop-down lists cover
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


@dataclass(frozen=True)
class Limits:
    """Bounds on a workbook read; defaults fit a region model many times over."""

    max_unpacked_bytes: int = 50_000_000
    max_parts: int = 200
    max_ratio: int = 200  # unpacked / packed size of one part
    max_rows: int = 20_000  # data rows of all sheets together
    max_columns: int = 60

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_unpacked_bytes=settings.max_workbook_unpacked_bytes, max_rows=settings.max_workbook_rows
        )


# ---------------------------------------------------------------------------------------------- writing


def _header(sheet_ws, row: int, values: Iterable[str], italic: bool = False) -> None:
    for index, value in enumerate(values, start=1):
        cell = sheet_ws.cell(row=row, column=index, value=value)
        cell.font = Font(bold=not italic, italic=italic)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _choices(column: Column, sheet: Sheet, mapping: Mapping, vocabulary: Vocabulary) -> list[str]:
    """The texts of a column's drop-down list (empty: no list)."""
    if column.kind == "code":
        return [choice.text for choice in vocabulary.codes(column.target).values()]
    if column.kind == "type":
        return [choice.text for choice in vocabulary.classes(sheet).values()]
    if column.kind == "ref" and column.target and column.target not in {s.key for s in mapping.sheets}:
        return [choice.text for choice in vocabulary.named(mapping.namespace(column.target)).values()]
    return []


def _guide(workbook, mapping: Mapping, organiser: str) -> None:
    guide = workbook.active
    guide.title = GUIDE_TAB
    guide.append(
        [f"Alueen palvelumalli – järjestäjä {organiser}", f"Region service model – organiser {organiser}"]
    )
    guide.append(
        [
            (
                "Täytä välilehdet riveittäin: rivit 1–2 ovat otsikoita, tiedot alkavat riviltä 3. Koodistosarakkeissa "
                "on pudotusvalikko (nimi [koodi]); useampi arvo erotetaan puolipisteellä. Tarkista tiedosto: "
                "sotekg validate TIEDOSTO.xlsx tai sivun Validointi-näkymä."
            ),
            (
                "Fill in the sheets row by row: rows 1–2 are headers, data starts on row 3. Code-list columns have a "
                "drop-down list (label [code]); separate several values with semicolons. Check the file: "
                "sotekg validate FILE.xlsx or the page's validation view."
            ),
        ]
    )
    guide.append([])
    headers = [
        "välilehti / sheet",
        "sarake / column",
        "otsikko",
        "header",
        "pakollinen / required",
        "koodisto tai viittaus / code list or reference",
        "ohje",
        "help",
    ]
    _header(guide, 4, headers)
    for sheet in mapping.sheets:
        guide.append([sheet.tab, "", sheet.title_fi, sheet.title_en, "", "", sheet.help_fi, sheet.help_en])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        for index, column in enumerate(sheet.columns, start=1):
            guide.append(
                [
                    sheet.tab,
                    get_column_letter(index),
                    column.header_fi,
                    column.header_en,
                    "kyllä / yes" if column.required else "",
                    column.target,
                    column.help_fi,
                    column.help_en,
                ]
            )
    guide.freeze_panes = "A5"
    for letter, width in zip("ABCDEFGH", (14, 8, 30, 30, 12, 18, 60, 60), strict=True):
        guide.column_dimensions[letter].width = width


def write_workbook(
    tables: dict[str, list[RowValues]], mapping: Mapping, vocabulary: Vocabulary, organiser: str
) -> bytes:
    """The workbook of ``tables`` (sheet key → rows) as .xlsx bytes."""
    workbook = openpyxl.Workbook()
    _guide(workbook, mapping, organiser)
    lists = workbook.create_sheet(LISTS_TAB)
    lists.sheet_state = "hidden"
    list_column = 0
    for sheet in mapping.sheets:
        worksheet = workbook.create_sheet(sheet.tab)
        _header(worksheet, 1, (column.header_fi for column in sheet.columns))
        _header(worksheet, 2, (column.header_en for column in sheet.columns), italic=True)
        worksheet.freeze_panes = worksheet.cell(row=HEADER_ROWS + 1, column=2)
        rows = tables.get(sheet.key, [])
        for number, row in enumerate(rows, start=HEADER_ROWS + 1):
            for index, column in enumerate(sheet.columns, start=1):
                worksheet.cell(row=number, column=index, value=row.get(column.key))
        last = HEADER_ROWS + len(rows) + SPARE_ROWS
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            worksheet.column_dimensions[letter].width = 40 if column.kind == "text" else 22
            if column.kind != "number":  # text: a spreadsheet keeps "09" and "2024-05" as typed
                worksheet.column_dimensions[letter].number_format = "@"
            choices = _choices(column, sheet, mapping, vocabulary)
            if not choices:
                continue
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=f"{sheet.key}.{column.key}")
            for position, text in enumerate(choices, start=2):
                lists.cell(row=position, column=list_column, value=text)
            source = f"{quote_sheetname(LISTS_TAB)}!${list_letter}$2:${list_letter}${len(choices) + 1}"
            validation = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                # several values in one cell ("a; b") are not in the list: warn, do not refuse
                errorStyle="warning" if column.multiple else "stop",
                error="Valitse luettelosta / choose from the list",
                errorTitle=column.header_fi,
            )
            worksheet.add_data_validation(validation)
            validation.add(f"{letter}{HEADER_ROWS + 1}:{letter}{last}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv_folder(tables: dict[str, list[RowValues]], mapping: Mapping, folder: Path) -> list[Path]:
    """One CSV file per sheet (``{key}.csv``, UTF-8) with the two header rows; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in mapping.sheets:
        path = folder / f"{sheet.key}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(column.header_fi for column in sheet.columns)
            writer.writerow(column.header_en for column in sheet.columns)
            for row in tables.get(sheet.key, []):
                writer.writerow("" if row.get(c.key) is None else row.get(c.key) for c in sheet.columns)
        written.append(path)
    return written


# ---------------------------------------------------------------------------------------------- reading


def _table(sheet: Sheet, name: str, grid: list[list[object]]) -> Table:
    """A sheet's grid (rows of cell values, from row 1) as a Table: columns found by their headers."""
    known = {header.casefold(): column for column in sheet.columns for header in column.headers()}
    letters: dict[str, str] = {}
    positions: dict[str, int] = {}
    issues: list[Issue] = []
    width = max((len(row) for row in grid[:HEADER_ROWS]), default=0)
    for index in range(width):
        texts = [str(row[index]).strip() for row in grid[:HEADER_ROWS] if index < len(row) and row[index]]
        if not texts:
            continue
        column = next((known[t.casefold()] for t in texts if t.casefold() in known), None)
        letter = get_column_letter(index + 1)
        if column is None or column.key in letters:
            issues.append(Issue(Cell(sheet.key, name, 1, letter), "unknown_column", {"value": texts[0]}))
            continue
        letters[column.key] = letter
        positions[column.key] = index
    for column in sheet.columns:
        if column.required and column.key not in letters:
            issues.append(Issue(Cell(sheet.key, name, 1), "missing_column", {"value": column.header_fi}))
    rows = [
        (number, {key: row[index] for key, index in positions.items() if index < len(row)})
        for number, row in enumerate(grid[HEADER_ROWS:], start=HEADER_ROWS + 1)
    ]
    return Table(sheet, name, letters, rows, issues)


def _unknown_sheet(name: str) -> Table:
    placeholder = Sheet("", name, "", "", "", (), "", "", ())
    return Table(placeholder, name, {}, [], [Issue(Cell("", name, 1), "unknown_sheet", {"value": name})])


def _check_zip(data: bytes, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise MalformedWorkbook("the file is not a workbook (.xlsx): it is not a zip archive") from None
    with archive:
        parts = archive.infolist()
        if len(parts) > limits.max_parts:
            raise WorkbookTooLarge(
                f"the workbook has {len(parts)} parts, over the limit of {limits.max_parts}"
            )
        unpacked = sum(part.file_size for part in parts)
        if unpacked > limits.max_unpacked_bytes:
            raise WorkbookTooLarge(
                f"the workbook unpacks to {unpacked} bytes, over the limit of {limits.max_unpacked_bytes}"
            )
        for part in parts:
            if part.file_size > 1_000_000 and part.file_size > limits.max_ratio * max(part.compress_size, 1):
                raise WorkbookTooLarge(
                    f"the workbook part {part.filename} unpacks {part.file_size // max(part.compress_size, 1)} "
                    f"times its size (limit {limits.max_ratio}): refused as a possible zip bomb"
                )
        if "xl/workbook.xml" not in archive.namelist():
            raise MalformedWorkbook("the file is a zip archive but not a workbook: it has no xl/workbook.xml")


def read_grids(data: bytes, limits: Limits | None = None) -> dict[str, list[list[object]]]:
    """Every sheet of a workbook as rows of cell values (tab name → grid), within ``limits``."""
    limits = limits or Limits()
    _check_zip(data, limits)
    grids: dict[str, list[list[object]]] = {}
    total = 0
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for worksheet in workbook.worksheets:
                grid: list[list[object]] = []
                for row in worksheet.iter_rows(values_only=True):
                    total += 1
                    if total > limits.max_rows + HEADER_ROWS * len(workbook.worksheets):
                        raise WorkbookTooLarge(f"the workbook has over {limits.max_rows} rows")
                    values = list(row)
                    while values and values[-1] in (None, ""):
                        values.pop()
                    if len(values) > limits.max_columns:
                        raise WorkbookTooLarge(
                            f"sheet {worksheet.title!r} row {len(grid) + 1} has {len(values)} columns, "
                            f"over the limit of {limits.max_columns}"
                        )
                    grid.append(values)
                while grid and not grid[-1]:
                    grid.pop()
                grids[worksheet.title] = grid
        finally:
            workbook.close()
    except (InvalidFileException, zipfile.BadZipFile, ParseError, KeyError, ValueError) as error:
        # openpyxl's answers to broken parts; defusedxml's refusals of entities are ValueErrors
        raise MalformedWorkbook(f"the workbook cannot be read: {type(error).__name__}: {error}") from None
    return grids


def read_csv_folder(folder: Path, limits: Limits | None = None) -> dict[str, list[list[object]]]:
    """Every ``*.csv`` file of a folder as a grid (file name → grid; ``members.csv`` is the sheet ``members``)."""
    limits = limits or Limits()
    grids: dict[str, list[list[object]]] = {}
    total = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            grid: list[list[object]] = []
            for row in csv.reader(handle):
                total += 1
                if total > limits.max_rows:
                    raise WorkbookTooLarge(f"the CSV files have over {limits.max_rows} rows")
                grid.append(list(row))
        grids[path.name] = grid
    if not grids:
        raise MalformedWorkbook(f"{folder} holds no .csv files")
    return grids


def tables_of(grids: dict[str, list[list[object]]], mapping: Mapping) -> list[Table]:
    """The grids as Tables of the mapping's sheets; the guide and the lists are skipped, an unknown sheet is an
    issue."""
    tables = []
    for name, grid in grids.items():
        if name in (GUIDE_TAB, LISTS_TAB):
            continue
        sheet = mapping.find_sheet(name.removesuffix(".csv"))
        tables.append(_table(sheet, name, grid) if sheet else _unknown_sheet(name))
    return tables
