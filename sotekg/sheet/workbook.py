"""The workbook round trip as the command line (sotekg/commands/sheet.py, validate.py) and the API
(sotekg.publish, api/workbook.py) use it: export a model, read a workbook or CSV folder, validate it at its cells.
Knows nothing of HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from ..settings import Settings
from .convert import Conversion, graph_to_rows, rows_to_graph
from .files import (
    Limits,
    read_csv_folder,
    read_grids,
    tables_of,
    write_csv_folder,
    write_workbook,
)
from .mapping import load_mapping, mapping_folder, vocabulary
from .report import SheetReport

if TYPE_CHECKING:
    from ..validation import Validator


def _rows(model: Graph, organiser: str, settings: Settings) -> dict:
    mapping = load_mapping(mapping_folder(settings))
    tables = graph_to_rows(model, mapping, vocabulary(settings))
    if not tables["model"]:  # the template, or a model without a description: the organiser is filled in
        tables["model"] = [{"id": organiser}]
    return tables


def export_workbook(model: Graph, organiser: str, settings: Settings) -> bytes:
    """Organiser ``organiser``'s model (empty: the template) as .xlsx bytes."""
    mapping = load_mapping(mapping_folder(settings))
    return write_workbook(_rows(model, organiser, settings), mapping, vocabulary(settings), organiser)


def export_csv_folder(model: Graph, organiser: str, settings: Settings, folder: Path) -> list[Path]:
    """The same rows as :func:`export_workbook`, one CSV file per sheet in ``folder``."""
    return write_csv_folder(_rows(model, organiser, settings), load_mapping(mapping_folder(settings)), folder)


def read_workbook(source: bytes | Path, settings: Settings, limits: Limits | None = None) -> Conversion:
    """A workbook (bytes or an .xlsx file) or a folder of CSV files read into RDF, with the cells it could not
    read; MalformedWorkbook or WorkbookTooLarge when it is not one or is too big."""
    limits = limits or Limits.from_settings(settings)
    if isinstance(source, Path):
        grids = (
            read_csv_folder(source, limits) if source.is_dir() else read_grids(source.read_bytes(), limits)
        )
    else:
        grids = read_grids(source, limits)
    mapping = load_mapping(mapping_folder(settings))
    return rows_to_graph(tables_of(grids, mapping), mapping, vocabulary(settings))


def validate_conversion(conversion: Conversion, validator: Validator) -> SheetReport:
    """The report at cells: the unreadable cells, or when there are none the SHACL results of the model."""
    if conversion.issues:
        return SheetReport.of(conversion, None)
    return SheetReport.of(conversion, validator.validate(conversion.graph))
