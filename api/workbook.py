"""Workbooks over HTTP (issue 17): the media type, its OpenAPI body and its download name. The core's workbook
errors (sotekg.sheet.errors) get their statuses where every error does, api/errors.py: a workbook over a limit
413 ``workbook_too_large``; not a workbook 422 ``malformed_workbook``; unreadable cells or a model that does not
conform 422 with the report at its cells (``workbook_cells_unreadable``, ``model_does_not_conform``); a workbook
that states nothing (PUT of the bare template) 422 ``empty_workbook``. Anything else is a fault of ours (500)."""

from __future__ import annotations

from sotekg.sheet import WORKBOOK_MEDIA_TYPE

WORKBOOK = WORKBOOK_MEDIA_TYPE
WORKBOOK_BODY = {"schema": {"type": "string", "format": "binary"}}


def attachment(code: str, template: bool = False) -> dict[str, str]:
    """The Content-Disposition of a region's workbook (or template)."""
    name = f"sotekg-region-{code}{'-template' if template else ''}.xlsx"
    return {"Content-Disposition": f'attachment; filename="{name}"'}
