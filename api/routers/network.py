"""``/network``: the integration-network reports of sotekg.analysis.network, and the graph itself.

Reports are tables (JSON by default, CSV/TSV/NDJSON by ``?format=`` or ``Accept``); every route takes
``?region=CODE`` to narrow the network to one organiser's part. ``/network/graph`` gives node-link JSON, or
GraphML with ``Accept: application/graphml+xml`` or ``?format=graphml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from sotekg.errors import UserError
from sotekg.settings import Settings
from sotekg.sparql_protocol import content_type, negotiate
from sotekg.store import Store
from sotekg.tabular import ResultTable

from ..deps import SettingsDep, StoreDep
from ..lookup import error_responses
from .queries import FormatQuery, table_format, table_response

if TYPE_CHECKING:  # sotekg.analysis imports networkx and matplotlib: on first use, not at start-up (issue 5)
    from sotekg.analysis.network import IntegrationNetwork

router = APIRouter(prefix="/network", tags=["network"])

GRAPH_MEDIA_TYPES = {"node-link": "application/json", "graphml": "application/graphml+xml"}
RegionQuery = Annotated[
    str | None,
    Query(description="only this organiser's part of the network (two-digit code)", examples=["09"]),
]
ERRORS = error_responses(400, 404, 406)


def network_for(store: Store, settings: Settings, region: str | None) -> IntegrationNetwork:
    from sotekg.analysis.run import load_network  # deferred: see TYPE_CHECKING above

    network = load_network(store, settings)
    return network.region(region) if region else network


async def report(
    request: Request,
    store: Store,
    settings: Settings,
    name: str,
    fmt: str | None,
    region: str | None,
    **options: str,
) -> Response:
    """One report of IntegrationNetwork (``options``: partner_type, scope) as a table response."""
    chosen = table_format(request, fmt)

    def build() -> ResultTable:
        from sotekg.analysis.run import partner_type_codes  # deferred: see TYPE_CHECKING above

        network = network_for(store, settings, region)
        known_types = partner_type_codes(store, settings) if name == "gaps" else None
        return network.report(name, known_types=known_types, **options)

    table = await run_in_threadpool(build)
    return table_response(table, chosen, {"report": name, "region": region, **options})


@router.get("/partners", responses=ERRORS)
async def partners(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    region: RegionQuery = None,
    format: FormatQuery = None,
) -> Response:
    """Partners by integration links, organisers linked, degree and betweenness centrality (exact on a
    network of a few thousand nodes, such as one region's; estimated from a seeded sample on a larger one)."""
    return await report(request, store, settings, "partners", format, region)


@router.get("/gaps", responses=ERRORS)
async def gaps(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    partner_type: Annotated[str, Query(description="partner type code", examples=["kela"])],
    region: RegionQuery = None,
    format: FormatQuery = None,
) -> Response:
    """Centres with no integration link of their own to a partner of the given type (and whether their
    organiser has one)."""
    return await report(request, store, settings, "gaps", format, region, partner_type=partner_type)


@router.get("/chains", responses=ERRORS)
async def chains(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    region: RegionQuery = None,
    format: FormatQuery = None,
) -> Response:
    """Each family centre's shortest chain to its collaborative area's OT-centre: through recorded integration
    links (``modelled_chain``, empty when there is none) and structural (centre → organiser → area → OT-centre)."""
    return await report(request, store, settings, "chains", format, region)


@router.get("/chain-gaps", responses=ERRORS)
async def chain_gaps(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    region: RegionQuery = None,
    format: FormatQuery = None,
) -> Response:
    """Each organiser: family centres in the graph, how many reach the OT-centre, and where no chain exists."""
    return await report(request, store, settings, "chain-gaps", format, region)


@router.get("/components", responses=ERRORS)
async def components(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    scope: Annotated[
        str, Query(description="integration (recorded links only) or all edges")
    ] = "integration",
    region: RegionQuery = None,
    format: FormatQuery = None,
) -> Response:
    """Connected components, largest first: who is linked with whom, and who stands alone."""
    return await report(request, store, settings, "components", format, region, scope=scope)


@router.get(
    "/graph",
    responses={
        200: {"description": "the graph", "content": {media: {} for media in GRAPH_MEDIA_TYPES.values()}},
        **ERRORS,
    },
)
async def graph(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    region: RegionQuery = None,
    format: Annotated[str | None, Query(description="node-link (default) or graphml")] = None,
) -> Response:
    """The network for other tools: networkx node-link JSON (default) or GraphML (Gephi, Cytoscape, yEd)."""
    if format is not None and format not in GRAPH_MEDIA_TYPES:
        raise UserError(f"unknown format '{format}' (choose one of: {', '.join(GRAPH_MEDIA_TYPES)})")
    media_type = (
        GRAPH_MEDIA_TYPES[format]
        if format
        else negotiate(
            request.headers.get("accept"),
            GRAPH_MEDIA_TYPES.values(),
            {"application/xml": "application/graphml+xml"},
        )
    )
    network = await run_in_threadpool(network_for, store, settings, region)
    body = network.graphml() if media_type == GRAPH_MEDIA_TYPES["graphml"] else network.node_link_text()
    return Response(body.encode("utf-8"), headers={"Content-Type": content_type(media_type)})
