"""``/export/{profile}``: the whole default graph as CPSV-AP 3.2 (RDF, by ``Accept``) or Open Referral HSDS 3.0
(JSON tables), built on request by sotekg.export from the named queries in ``queries/export/``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from sotekg.errors import NotFoundError
from sotekg.export import PROFILES
from sotekg.queries import QueryLibrary
from sotekg.sparql_protocol import negotiate

from ..deps import SettingsDep, StoreDep

router = APIRouter(tags=["export"])

OFFERS = {
    "cpsv-ap": ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"),
    "hsds": ("application/json",),
}


@router.get(
    "/export/{profile}",
    responses={
        200: {
            "content": {media_type: {} for offers in OFFERS.values() for media_type in offers},
            "description": "the export",
        },
        404: {"description": "no such profile"},
        406: {"description": "the profile is not available in an accepted media type"},
    },
)
def export_profile(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    profile: Annotated[str, Path(description="cpsv-ap or hsds", examples=["cpsv-ap"])],
) -> Response:
    """The graph as CPSV-AP 3.2 (Turtle, N-Triples, JSON-LD or RDF/XML by Accept) or Open Referral HSDS 3.0
    (JSON: organization, service, location, service_at_location, schedule, taxonomy, taxonomy_term)."""
    if profile not in PROFILES:
        raise NotFoundError(f"no export profile '{profile}'; use one of {', '.join(PROFILES)}")
    media_type = negotiate(request.headers.get("accept"), OFFERS[profile], {})
    # deferred: the exports import pySHACL and jsonschema, which start-up does not need (issue 5)
    from sotekg.export.cpsv_ap import cpsv_ap_graph
    from sotekg.export.hsds import dumps, hsds_document

    library = QueryLibrary(settings.queries_dir)
    if profile == "hsds":
        body = dumps(hsds_document(store, library)).encode("utf-8")
    else:
        body = cpsv_ap_graph(store, library).serialize(format=media_type, encoding="utf-8")
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})
