"""Read the health-station register (xlsx, one sheet per year) into plain rows, cell values as text.

Each row keeps its sheet and row number, so a report can point at it. Empty rows are skipped; a year sheet whose
header lacks a column we read is an error that names the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import UserError

COLUMNS = (
    "organizer",
    "organizer_type",
    "station",
    "address",
    "postcode",
    "postal_district",
    "municipality",
    "municipality_num",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "outsourced",
    "outsourcing_firm",
)
SOURCE_COLUMNS = ("source1", "source2", "source3", "source4")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class RegisterRow:
    year: int
    row: int  # the spreadsheet row number (the header is row 1)
    values: dict[str, str]
    sources: tuple[str, ...]
    notes: tuple[str, ...]

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    @property
    def where(self) -> str:
        return f"sheet {self.year} row {self.row}"


@dataclass(frozen=True)
class Register:
    rows: list[RegisterRow]
    modified: datetime | None  # the workbook's last-modified time (its document properties)
    stray: list[str]  # rows with cells only outside the named columns: where and what, for the report

    def years(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for row in self.rows:
            counts[row.year] = counts.get(row.year, 0) + 1
        return dict(sorted(counts.items()))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def read_register(path: Path) -> Register:
    """The year sheets (names of four digits) of the workbook at ``path``."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook  # only the import needs it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, BadZipFile) as error:
        raise UserError(f"{path}: not a readable xlsx workbook ({error})") from None
    rows: list[RegisterRow] = []
    stray: list[str] = []
    try:
        for sheet in workbook.worksheets:
            if not (sheet.title.isdigit() and len(sheet.title) == 4):
                continue
            year = int(sheet.title)
            lines = sheet.iter_rows(values_only=True)
            header = [_text(cell).strip() for cell in next(lines, ())]
            missing = [column for column in COLUMNS + SOURCE_COLUMNS if column not in header]
            if missing:
                raise UserError(f"{path}: sheet {sheet.title} lacks the column(s) {', '.join(missing)}")
            note_columns = [index for index, name in enumerate(header) if name == "note"]
            for number, cells in enumerate(lines, start=2):
                texts = [_text(cell) for cell in cells]  # as written: the import reports what it trims
                texts += [""] * (len(header) - len(texts))
                if not any(text.strip() for text, name in zip(texts, header) if name):
                    outside = [
                        f"column {index + 1}: {text.strip()}"
                        for index, text in enumerate(texts)
                        if text.strip()
                    ]
                    if outside:
                        stray.append(f"sheet {year} row {number} ({'; '.join(outside)})")
                    continue
                values = {name: texts[header.index(name)] for name in COLUMNS}
                sources = tuple(
                    texts[header.index(name)].strip()
                    for name in SOURCE_COLUMNS
                    if texts[header.index(name)].strip()
                )
                notes = tuple(texts[index].strip() for index in note_columns if texts[index].strip())
                rows.append(RegisterRow(year, number, values, sources, notes))
        modified = workbook.properties.modified
    finally:
        workbook.close()
    if not rows:
        raise UserError(f"{path}: no year sheet (2013 … 2019) with rows")
    return Register(rows, modified, stray)
