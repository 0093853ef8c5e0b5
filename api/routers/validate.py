"""``POST /validate``: validate a service model against the SHACL shapes with the ontology, code lists and
reference data as context (sotekg.validation), without storing anything."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from sotekg.sparql_protocol import content_type
from sotekg.store import serialize_result

from ..lookup import CatalogueDep, chosen, error_responses
from ..schemas import ValidationReport, WorkbookReport
from ..uploads import VALIDATE_MEDIA_TYPES, checked_media_type, parse_upload, read_body
from ..workbook import WORKBOOK, WORKBOOK_BODY

router = APIRouter(tags=["validation"])

REPORT_OFFERS = ("application/json", "text/turtle", "application/n-triples", "application/ld+json")
BODY = {
    "requestBody": {
        "required": True,
        "content": {
            **{media_type: {"schema": {"type": "string"}} for media_type in VALIDATE_MEDIA_TYPES},
            WORKBOOK: WORKBOOK_BODY,
        },
    }
}


@router.post(
    "/validate",
    openapi_extra=BODY,
    responses={
        200: {
            "model": ValidationReport | WorkbookReport,
            "description": "the report; for a workbook, `WorkbookReport` (every result at its sheet, row, column)",
            "content": {m: {} for m in REPORT_OFFERS},
        },
        **error_responses(400, 406, 413, 415, 422),
    },
)
async def validate(
    request: Request,
    catalogue: CatalogueDep,
    lang: Annotated[Literal["fi", "en"], Query(description="language of the messages")] = "fi",
) -> Response:
    """Validate the body (Turtle, JSON-LD, N-Triples, TriG, … by `Content-Type`): `{conforms, violations,
    warnings, infos, results}`; `Accept: text/turtle` gives the SHACL report graph. Warnings and infos alone
    still conform. A workbook (`.xlsx`, as `GET /regions/{code}/model` gives it) is answered with each result at
    its sheet, row and column, in JSON only; a malformed one is a 422, one over the limits a 413."""
    upload_type = checked_media_type(request, (*VALIDATE_MEDIA_TYPES, WORKBOOK))
    is_workbook = upload_type == WORKBOOK
    media_type = chosen(request, ("application/json",) if is_workbook else REPORT_OFFERS)
    body = await read_body(request, catalogue.settings.max_body_bytes)
    if is_workbook:
        sheet_report = await run_in_threadpool(catalogue.validate_workbook, body)
        return JSONResponse(sheet_report.to_json(lang))
    report = await run_in_threadpool(
        lambda: catalogue.validate(parse_upload(body, upload_type, catalogue.settings))
    )
    if media_type == "application/json":
        return JSONResponse(report.to_json(lang))
    return Response(
        serialize_result(report.graph, media_type), headers={"Content-Type": content_type(media_type)}
    )
