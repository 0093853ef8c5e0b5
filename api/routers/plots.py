"""``/plots``: the pictures of sotekg.analysis.plots, as SVG (``image/svg+xml``) or PNG (``image/png``).

``GET /plots/coverage.svg?service_set=…&lang=en`` and ``GET /plots/network/09.png``: the format is the
path's extension, the same pictures ``sotekg plot`` draws.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from starlette.concurrency import run_in_threadpool

from sotekg.analysis import PICTURE_FORMATS

from ..deps import SettingsDep, StoreDep
from ..lookup import error_responses

router = APIRouter(prefix="/plots", tags=["plots"])

PICTURE: dict[int | str, dict[str, Any]] = {
    200: {"description": "the picture", "content": {media: {} for media in PICTURE_FORMATS.values()}}
}
FormatPath = Annotated[str, Path(description="svg or png", pattern="^(svg|png)$")]
LangQuery = Annotated[str, Query(description="label language: fi (default) or en", pattern="^(fi|en)$")]


@router.get("/coverage.{fmt}", responses={**PICTURE, **error_responses(400, 422)})
async def coverage(
    store: StoreDep,
    settings: SettingsDep,
    fmt: FormatPath,
    service_set: Annotated[
        str, Query(description="the service set", examples=["family-centre-universal"])
    ] = ("sote-centre-minimum"),
    lang: LangQuery = "fi",
) -> Response:
    """The coverage matrix as a heatmap: organisers × services of one set, offered / missing / no model."""
    # deferred: sotekg.analysis.run imports matplotlib and networkx (about a second), not needed at start-up
    from sotekg.analysis.run import coverage_picture

    picture = await run_in_threadpool(coverage_picture, store, settings, service_set, fmt, lang)
    return Response(picture, media_type=PICTURE_FORMATS[fmt])


@router.get("/network/{code}.{fmt}", responses={**PICTURE, **error_responses(400, 404, 422)})
async def network(
    store: StoreDep,
    settings: SettingsDep,
    code: Annotated[str, Path(description="the organiser's two-digit code", examples=["09"])],
    fmt: FormatPath,
    lang: LangQuery = "fi",
) -> Response:
    """One organiser's integration network: centres, partners, collaborative area, OT-centre."""
    from sotekg.analysis.run import network_picture  # deferred: as in coverage

    picture = await run_in_threadpool(network_picture, store, settings, code, fmt, lang)
    return Response(picture, media_type=PICTURE_FORMATS[fmt])
