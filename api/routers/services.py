"""``/services``: the service-type code list with its service sets, and which regions' centres cover one
service (or a narrower one), from the prepared lookup index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from ..lookup import (
    TABLE_OFFERS,
    CatalogueDep,
    PageQuery,
    PerPageQuery,
    content,
    error_responses,
    send_list,
    send_resource,
)
from ..paging import Page
from ..schemas import ServiceList, ServiceRegions

router = APIRouter(tags=["services"])


@router.get("/services", responses={**content(TABLE_OFFERS, ServiceList), **error_responses(400, 406)})
async def list_services(
    request: Request, catalogue: CatalogueDep, page: PageQuery = 1, per_page: PerPageQuery = 50
) -> Response:
    """The service types (code, labels fi/sv/en, broader, set membership) and the service sets; paged."""
    return await send_list(request, catalogue, "services", Page.checked(page, per_page))


@router.get(
    "/services/{code}/regions",
    responses={**content(TABLE_OFFERS, ServiceRegions), **error_responses(404, 406)},
)
async def get_service_regions(
    request: Request,
    catalogue: CatalogueDep,
    code: Annotated[str, Path(description="the service type's code", examples=["oral-health-care"])],
) -> Response:
    """The regions whose centres offer the service (or a narrower one), with the centres and where each
    offering comes from; OT-centres offering it to a whole area; the regions we know nothing about."""
    return await send_resource(request, catalogue, "service-regions", code, TABLE_OFFERS)
