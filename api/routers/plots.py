"""``/plots``: the pictures of sotekg.analysis.plots, as SVG (``image/svg+xml``) or PNG (``image/png``).

``GET /plots/coverage.svg?service_set=…&lang=en``, ``GET /plots/network/09.png`` and
``GET /plots/map.svg?measure=coverage|stations|status``: the format is the path's extension, the same pictures
``sotekg plot`` draws (the coverage map reads the shares from the lookup documents of this app).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from starlette.concurrency import run_in_threadpool

from sotekg.analysis import PICTURE_FORMATS

from ..deps import SettingsDep, StoreDep
from ..lookup import CatalogueDep, error_responses

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


@router.get("/map.{fmt}", responses={**PICTURE, **error_responses(400, 422)})
async def county_map(
    store: StoreDep,
    settings: SettingsDep,
    catalogue: CatalogueDep,
    fmt: FormatPath,
    measure: Annotated[
        str, Query(description="coverage, stations or status", pattern="^(coverage|stations|status)$")
    ] = "coverage",
    service_set: Annotated[
        str | None, Query(description="coverage of one required set (default: all required services)")
    ] = None,
    year: Annotated[int | None, Query(description="year of the stations map (default: the last)")] = None,
    lang: LangQuery = "fi",
) -> Response:
    """The 22 organisers on a map coloured by a measure, with a legend, the data's date and the credits."""
    from sotekg.analysis.run import map_picture  # deferred: as in coverage

    region_services = catalogue.index.documents.region_services
    picture = await run_in_threadpool(
        map_picture, store, settings, measure, fmt, lang,
        region_services=region_services, service_set=service_set, year=year,
    )  # fmt: skip
    return Response(picture, media_type=PICTURE_FORMATS[fmt])
