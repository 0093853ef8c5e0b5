"""Region models as workbooks for planners (issue 17): export a model to a workbook or a folder of CSV files,
read one back into RDF, and validate it with every message at its cell.

The mapping is data (``mappings/sheet/``, decision 0005; read by sotekg.sheet.mapping); sotekg.sheet.convert turns
a graph into rows and rows into a graph, sotekg.sheet.files reads and writes the files, sotekg.sheet.report places
messages at cells. This module ties them together for the command line (sotekg/commands/sheet.py, validate.py)
and the API (api/workbook.py); it knows nothing of HTTP.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from ..settings import Settings
from .convert import Conversion, graph_to_rows, rows_to_graph
from .files import (
    WORKBOOK_MEDIA_TYPE,
    Limits,
    MalformedWorkbook,
    WorkbookTooLarge,
    read_csv_folder,
    read_grids,
    tables_of,
    write_csv_folder,
    write_workbook,
)
from .mapping import load_mapping, mapping_folder, vocabulary
from .report import EmptyWorkbook, SheetReport, WorkbookRejected

if TYPE_CHECKING:
    from ..validation import Validator

__all__ = [
    "WORKBOOK_MEDIA_TYPE",
    "EmptyWorkbook",
    "Limits",
    "MalformedWorkbook",
    "SheetReport",
    "WorkbookRejected",
    "WorkbookTooLarge",
    "export_csv_folder",
    "export_workbook",
    "read_workbook",
    "validate_conversion",
]


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
