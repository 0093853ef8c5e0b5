"""``/regions``: the 22 service organisers, one region with its centres and municipalities, the services its
centres cover (with gaps against the required sets), and its model — read, replaced (bearer token, validated
first) and its version history (list, read, restore). Lookups answer from the prepared index (sotekg.index);
writes go through sotekg.publish.Catalogue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, Security
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from starlette.concurrency import run_in_threadpool

from sotekg.errors import SparqlRefused
from sotekg.index import JSON, Prepared, json_bytes

from ..lookup import (
    MODEL_OFFERS,
    RESOURCE_OFFERS,
    TABLE_OFFERS,
    CatalogueDep,
    ModifiedSinceQuery,
    PageQuery,
    PerPageQuery,
    chosen,
    content,
    error_responses,
    send,
    send_list,
    send_resource,
)
from ..paging import Page
from ..schemas import (
    Published,
    RegionDetail,
    RegionList,
    RegionServices,
    Rejected,
    VersionList,
    WorkbookRejected,
)
from ..uploads import MODEL_MEDIA_TYPES, checked_media_type, parse_upload, read_body
from ..workbook import WORKBOOK, WORKBOOK_BODY, attachment

router = APIRouter(tags=["regions"])

RegionCode = Annotated[
    str, Path(description="official two-digit code: 01–21, 90 (Helsinki)", examples=["09"])
]
VersionNumber = Annotated[int, Path(ge=1, description="version number, from 1 (the shipped model)")]
# Documents the bearer scheme in OpenAPI; the handlers read the header themselves (sotekg.tokens checks it).
BEARER = [
    Security(
        HTTPBearer(
            auto_error=False, description="a write token for the region (SOTEKG_TOKEN or the tokens file)"
        )
    )
]
MODEL_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            **{media_type: {"schema": {"type": "string"}} for media_type in MODEL_MEDIA_TYPES},
            WORKBOOK: WORKBOOK_BODY,
        },
    }
}
MODEL_AND_WORKBOOK = (*MODEL_OFFERS, WORKBOOK)


@router.get("/regions", responses={**content(TABLE_OFFERS, RegionList), **error_responses(400, 406)})
async def list_regions(
    request: Request,
    catalogue: CatalogueDep,
    page: PageQuery = 1,
    per_page: PerPageQuery = 50,
    modified_since: ModifiedSinceQuery = None,
) -> Response:
    """The 22 service organisers with names, collaborative area and latest sote-centre status; paged."""
    return await send_list(request, catalogue, "regions", Page.checked(page, per_page, modified_since))


@router.get(
    "/regions/{code}", responses={**content(RESOURCE_OFFERS, RegionDetail), **error_responses(404, 406)}
)
async def get_region(request: Request, catalogue: CatalogueDep, code: RegionCode) -> Response:
    """One region with its centres (incl. the OT-centre of its area), municipalities and partners."""
    return await send_resource(request, catalogue, "region", code)


@router.get(
    "/regions/{code}/services",
    responses={**content(TABLE_OFFERS, RegionServices), **error_responses(404, 406)},
)
async def get_region_services(request: Request, catalogue: CatalogueDep, code: RegionCode) -> Response:
    """The services the region's centres offer (which centres, channels, graphs) and required / missing /
    coverage against the sote-centre minimum set and the family-centre universal set."""
    return await send_resource(request, catalogue, "region-services", code, TABLE_OFFERS)


@router.get("/regions/{code}/model", responses={**content(MODEL_AND_WORKBOOK), **error_responses(404, 406)})
async def get_region_model(
    request: Request,
    catalogue: CatalogueDep,
    code: RegionCode,
    template: Annotated[
        bool, Query(description="the workbook only: the empty template, with the organiser filled in")
    ] = False,
) -> Response:
    """The region's named graph as Turtle (default), JSON-LD (also for `application/json`), N-Triples or
    RDF/XML; or as a workbook for planners (`Accept:
    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`), which for an organiser without a model
    (or with `template=true`) is the empty template with the organiser filled in."""
    catalogue.index.document("region", code)  # 404 for an unknown organiser, whatever the Accept
    try:
        media_type = chosen(request, MODEL_AND_WORKBOOK)
    except SparqlRefused:  # not_acceptable
        catalogue.require_model(code)  # no model: 404 whatever the Accept (the workbook is its template)
        raise
    if media_type == WORKBOOK:
        prepared = await run_in_threadpool(catalogue.workbook, code, template)
        return send(request, prepared, attachment(code, template))
    catalogue.require_model(code)  # 404 whatever the Accept
    return send(request, await run_in_threadpool(catalogue.model, code, media_type))


@router.put(
    "/regions/{code}/model",
    dependencies=BEARER,
    openapi_extra=MODEL_BODY,
    responses={
        200: {"model": Published},
        422: {"model": Rejected | WorkbookRejected},
        **error_responses(400, 401, 403, 404, 413, 415),
    },
)
async def put_region_model(request: Request, catalogue: CatalogueDep, code: RegionCode) -> JSONResponse:
    """Replace the region's model (bearer token for the region). Validated first: on a violation 422 with the
    SHACL report and the stored model untouched; else replaced atomically, the old one kept in the history.
    A workbook (as `GET` gives it) is read by the same mapping; its report gives each error's sheet, row and
    column; a malformed workbook is a 422, one over the limits a 413."""
    catalogue.index.document("region", code)
    authorization = request.headers.get("authorization")
    catalogue.tokens.authorize(authorization, code)  # before reading a large body
    media_type = checked_media_type(request, (*MODEL_MEDIA_TYPES, WORKBOOK))
    body = await read_body(request, catalogue.settings.max_body_bytes)
    if media_type == WORKBOOK:
        published = await run_in_threadpool(catalogue.replace_model_from_workbook, code, body, authorization)
        return JSONResponse(published.to_json())
    result = await run_in_threadpool(
        lambda: catalogue.replace_model(
            code, parse_upload(body, media_type, catalogue.settings), authorization
        )
    )
    return JSONResponse(result.to_json())


@router.get("/regions/{code}/model/history", responses={200: {"model": VersionList}, **error_responses(404)})
def list_model_versions(request: Request, catalogue: CatalogueDep, code: RegionCode) -> Response:
    """The stored versions of the region's model: number, who (token name), when, triples, SHA-256."""
    versions = [vars(version) for version in catalogue.versions(code)]
    return send(request, Prepared.of(json_bytes({"region": code, "versions": versions}), JSON))


@router.get(
    "/regions/{code}/model/history/{version}",
    responses={**content(MODEL_OFFERS), **error_responses(404, 406)},
)
def get_model_version(
    request: Request, catalogue: CatalogueDep, code: RegionCode, version: VersionNumber
) -> Response:
    """One stored version of the region's model, in an RDF media type by `Accept`."""
    catalogue.require_version(code, version)  # 404 whatever the Accept
    return send(request, catalogue.version_model(code, version, chosen(request, MODEL_OFFERS)))


@router.post(
    "/regions/{code}/model/history/{version}/restore",
    dependencies=BEARER,
    responses={200: {"model": Published}, 422: {"model": Rejected}, **error_responses(401, 403, 404)},
)
def restore_model_version(
    request: Request, catalogue: CatalogueDep, code: RegionCode, version: VersionNumber
) -> JSONResponse:
    """Make a stored version the region's model again (bearer token); it becomes the newest version."""
    return JSONResponse(catalogue.restore(code, version, request.headers.get("authorization")).to_json())
