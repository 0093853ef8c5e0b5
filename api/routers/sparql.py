"""``GET``/``POST /sparql``: the read-only SPARQL 1.1 Protocol endpoint. The protocol logic (request reading, the
guard, negotiation, Service Description) is sotekg.sparql_protocol; this module only moves bytes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from sotekg.sparql_protocol import SparqlRequest, answer, read_request

from ..deps import SettingsDep, StoreDep
from ..uploads import read_body

router = APIRouter(tags=["SPARQL"])

ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "SELECT/ASK: SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE and the Service "
        "Description: Turtle (default), N-Triples, JSON-LD or RDF/XML — by `Accept`",
        "content": {
            media_type: {}
            for media_type in (
                "application/sparql-results+json",
                "application/sparql-results+xml",
                "text/csv",
                "text/tab-separated-values",
                "text/turtle",
                "application/n-triples",
                "application/ld+json",
                "application/rdf+xml",
            )
        },
    },
    400: {
        "description": "syntax error (`query_syntax`), FROM or dataset parameters (`dataset_not_supported`)"
    },
    403: {"description": "an update (`update_not_allowed`) or SERVICE (`service_not_allowed`)"},
    406: {"description": "no acceptable format (`not_acceptable`)"},
    413: {"description": "query or body too long (`query_too_long`, `body_too_large`)"},
    415: {"description": "a POST body that is not a query or a form (`unsupported_media_type`)"},
    422: {"description": "past the time limit (`query_timeout`) or the row cap (`too_many_rows`)"},
}
POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/sparql-query": {
                "schema": {"type": "string"},
                "example": "SELECT * WHERE { ?s ?p ?o } LIMIT 5",
            },
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {"query": {"type": "string"}},
                    "required": ["query"],
                }
            },
        },
    }
}
QUERY_DESCRIPTION = (
    "a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE); without it, the SPARQL Service Description. "
    "Prefixes sk, id, code, graph, county, municipality, rdf, rdfs, owl, xsd, skos, dct, prov, org, cpsv, cv, "
    "schema and sh are predeclared."
)


def _respond(request: Request, sparql_request: SparqlRequest, store, settings) -> Response:
    endpoint_url = str(request.url_for("sparql_get"))
    result = answer(store, sparql_request, request.headers.get("accept"), settings, endpoint_url)
    return Response(result.body, headers={"Content-Type": result.content_type, "Vary": "Accept"})


@router.get("/sparql", name="sparql_get", responses=ANSWERS, response_class=Response)
async def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: Annotated[str | None, Query(description=QUERY_DESCRIPTION)] = None,
) -> Response:
    """Run a read-only SPARQL query given as ``?query=``; without it, the SPARQL Service Description."""
    sparql_request = read_request("GET", request.query_params.multi_items(), None, b"")
    return await run_in_threadpool(_respond, request, sparql_request, store, settings)


@router.post("/sparql", responses=ANSWERS, response_class=Response, openapi_extra=POST_BODY)
async def sparql_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Run a read-only SPARQL query POSTed as ``application/sparql-query`` or as a form field ``query``."""
    body = await read_body(request, settings.max_body_bytes)
    sparql_request = read_request(
        "POST", request.query_params.multi_items(), request.headers.get("content-type"), body
    )
    return await run_in_threadpool(_respond, request, sparql_request, store, settings)
