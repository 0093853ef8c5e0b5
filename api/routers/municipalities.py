"""``/municipalities/{code}``: a municipality's service organiser and the centres that serve it, from the
prepared lookup index. Åland's municipalities answer 200 with ``outsideReform: true`` and a note."""

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
from ..schemas import Municipality

router = APIRouter(tags=["municipalities"])


@router.get(
    "/municipalities/{code}",
    responses={**content(RESOURCE_OFFERS, Municipality), **error_responses(404, 406)},
)
async def get_municipality(
    request: Request,
    catalogue: CatalogueDep,
    code: Annotated[str, Path(description="three-digit Statistics Finland code", examples=["398"])],
) -> Response:
    """The municipality's organiser and the centres serving it (located in it, naming it, organiser-wide, or
    the OT-centre of the collaborative area), each with its relation."""
    return await send_resource(request, catalogue, "municipality", code)
