"""The workbook errors a caller can fix, raised by sotekg.sheet and shown by the CLI as one line; api/errors.py
gives each ``error_code`` its HTTP status. Light: no openpyxl, no pySHACL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UserError

if TYPE_CHECKING:
    from .report import SheetReport


class MalformedWorkbook(UserError):
    """The upload is not a readable workbook (not a zip, no workbook part, broken XML)."""

    error_code = "malformed_workbook"


class WorkbookTooLarge(UserError):
    """The workbook is over a limit: unpacked size, parts, compression ratio, rows or columns."""

    error_code = "workbook_too_large"


class EmptyWorkbook(UserError):
    """A workbook without a single statement (the template as it is): it would erase the model."""

    error_code = "empty_workbook"


class WorkbookRejected(UserError):
    """A workbook that cannot become the region's model: unreadable cells or a non-conforming model."""

    def __init__(self, report: SheetReport):
        what = "cells cannot be read" if report.shapes is None else "the model does not conform"
        super().__init__(
            f"{what}: {report.count('Violation')} error(s) at cells of the workbook; the stored model is unchanged"
        )
        self.report = report
        self.error_code = "workbook_cells_unreadable" if report.shapes is None else "model_does_not_conform"
