"""``/centres/{id}``: one centre — type, region, services with channels, teams with professions and sectors,
partners with link types — from the prepared lookup index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from ..lookup import (
    RESOURCE_OFFERS,
    CatalogueDep,
    content,
    error_responses,
    send_resource,
)
from ..schemas import Centre

router = APIRouter(tags=["centres"])


@router.get("/centres/{id}", responses={**content(RESOURCE_OFFERS, Centre), **error_responses(404, 406)})
async def get_centre(
    request: Request,
    catalogue: CatalogueDep,
    id: Annotated[
        str, Path(description="the last path segment of the centre's IRI", examples=["09-sote-keskus"])
    ],
) -> Response:
    """A centre: type, region, services, teams with professions, partners and link types, channels."""
    return await send_resource(request, catalogue, "centre", id)
