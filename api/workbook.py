"""Workbooks over HTTP (issue 17): the media type, and the statuses of the core's workbook errors
(sotekg.sheet), which know nothing of HTTP.

- a workbook over a limit (unpacked size, a zip bomb's ratio, parts, rows, columns): 413 ``workbook_too_large``;
- not a workbook (not a zip, no workbook part, broken XML): 422 ``malformed_workbook``;
- cells that cannot be read, or a model that does not conform (PUT): 422 with the report at its cells
  (``workbook_cells_unreadable`` or ``model_does_not_conform``);
- a workbook that states nothing (PUT of the bare template): 422 ``empty_workbook``.

Anything else raised while reading a workbook is a fault of ours and goes to the app's handler of unexpected
errors (logged with its traceback).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from sotekg.errors import UserError
from sotekg.sheet import WORKBOOK_MEDIA_TYPE
from sotekg.sheet.errors import EmptyWorkbook, MalformedWorkbook, WorkbookRejected, WorkbookTooLarge

WORKBOOK = WORKBOOK_MEDIA_TYPE
WORKBOOK_BODY = {"schema": {"type": "string", "format": "binary"}}
T = TypeVar("T")


class WorkbookTooLargeAnswer(UserError):
    http_status = 413
    error_code = "workbook_too_large"


class MalformedWorkbookAnswer(UserError):
    http_status = 422
    error_code = "malformed_workbook"


class EmptyWorkbookAnswer(UserError):
    http_status = 422
    error_code = "empty_workbook"


class WorkbookRejectedAnswer(UserError):
    http_status = 422

    def __init__(self, rejected: WorkbookRejected, lang: str):
        super().__init__(str(rejected))
        readable = rejected.report.shapes is not None
        self.error_code = "model_does_not_conform" if readable else "workbook_cells_unreadable"
        self.extra = {"report": rejected.report.to_json(lang)}


def attachment(code: str, template: bool = False) -> dict[str, str]:
    """The Content-Disposition of a region's workbook (or template)."""
    name = f"sotekg-region-{code}{'-template' if template else ''}.xlsx"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


async def in_thread(function: Callable[..., T], *args: object, lang: str = "fi") -> T:
    """Run a workbook operation in the thread pool; its workbook errors become their HTTP answers."""
    try:
        return await run_in_threadpool(function, *args)
    except WorkbookTooLarge as error:
        raise WorkbookTooLargeAnswer(str(error)) from None
    except MalformedWorkbook as error:
        raise MalformedWorkbookAnswer(str(error)) from None
    except EmptyWorkbook as error:
        raise EmptyWorkbookAnswer(str(error)) from None
    except WorkbookRejected as error:
        raise WorkbookRejectedAnswer(error, lang) from None
