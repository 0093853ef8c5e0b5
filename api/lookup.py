"""What the resource routers (regions, centres, services, municipalities, validate) share: the one
``Catalogue`` of the app (sotekg.publish: lookup index + write path), made once at start-up by the app's lifespan
(api/app.py); content negotiation over prepared representations (an unknown resource is 404 whatever the
``Accept``: existence is checked first; ``application/json`` on an RDF resource is its compacted JSON-LD);
conditional GETs (ETag, ``304``, ``Cache-Control``).

JSON answers are prepared bytes of the current index snapshot, sent by ``async`` handlers without touching the
store. Representations that read the store (RDF views, models) run in the thread pool.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from sotekg.index import CSV, JSON, LookupIndex, Prepared
from sotekg.publish import Catalogue
from sotekg.sparql_protocol import content_type, negotiate

from .paging import Page, list_csv, list_page
from .schemas import Error

# Caches may keep a copy but must revalidate it (If-None-Match): a write can change any lookup at any time.
CACHE_CONTROL = "public, no-cache"
RESOURCE_OFFERS = (JSON, "application/ld+json", "text/turtle", "application/n-triples")
TABLE_OFFERS = (*RESOURCE_OFFERS, "text/csv")
MODEL_OFFERS = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")
ALIASES = {"application/x-turtle": "text/turtle"}
# an RDF-only resource (a model) answers application/json with its JSON-LD
RDF_ALIASES = {**ALIASES, JSON: "application/ld+json"}
MEDIA_DESCRIPTION = (
    "JSON (default), JSON-LD / Turtle / N-Triples (the resource's facts from the graph) by `Accept`"
)

PageQuery = Annotated[int, Query(ge=1, description="page number, from 1")]
PerPageQuery = Annotated[int, Query(ge=1, le=500, description="items per page (at most 500)")]
ModifiedSinceQuery = Annotated[
    str | None, Query(description="only regions whose model was replaced at or after this ISO 8601 date/time")
]


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the contract's error body at the given statuses."""
    return {status: {"model": Error} for status in statuses}


def content(media_types: tuple[str, ...], model: type | None = None) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI 200 entry of a negotiated answer."""
    entry: dict[str, Any] = {"description": MEDIA_DESCRIPTION, "content": {m: {} for m in media_types}}
    if model is not None:
        entry["model"] = model
    return {200: entry}


async def get_catalogue(request: Request) -> Catalogue:
    """The app's Catalogue (``async``: a plain function dependency would cost a thread-pool round trip)."""
    return request.app.state.catalogue


CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names ``etag`` (weak comparison, as RFC 9110 asks for GET) or is ``*``."""
    if not if_none_match:
        return False
    candidates = [item.strip().removeprefix("W/") for item in if_none_match.split(",")]
    return "*" in candidates or etag in candidates


def send(request: Request, prepared: Prepared, headers: dict[str, str] | None = None) -> Response:
    """A prepared body with ETag, Cache-Control and Vary, or ``304 Not Modified`` if the client has it."""
    all_headers = {"ETag": prepared.etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept", **(headers or {})}
    if etag_matches(request.headers.get("if-none-match"), prepared.etag):
        return Response(status_code=304, headers=all_headers)
    return Response(prepared.body, headers={**all_headers, "Content-Type": content_type(prepared.media_type)})


def chosen(request: Request, offers: tuple[str, ...]) -> str:
    """The media type the Accept header prefers among ``offers`` (406 ``not_acceptable`` if none); where JSON
    is not offered (an RDF resource), ``application/json`` asks for JSON-LD."""
    return negotiate(request.headers.get("accept"), offers, ALIASES if JSON in offers else RDF_ALIASES)


async def send_resource(
    request: Request, catalogue: Catalogue, kind: str, key: str, offers: tuple[str, ...] = RESOURCE_OFFERS
) -> Response:
    """One lookup resource in the negotiated media type: prepared JSON, CSV of a table, or its RDF view."""
    index = catalogue.index
    index.document(kind, key)  # 404 before negotiation (whatever the Accept) and before any query
    media_type = chosen(request, offers)
    if media_type == JSON:
        return send(request, index.resource(kind, key))
    if media_type == CSV:
        return send(request, index.resource_csv(kind, key))
    return send(request, await run_in_threadpool(catalogue.rdf_view, kind, key, media_type))


async def send_list(request: Request, catalogue: Catalogue, kind: str, page: Page) -> Response:
    """A list resource: one page as JSON or CSV (``X-Total-Count`` says how many in all), or its RDF view."""
    media_type = chosen(request, TABLE_OFFERS)
    index = catalogue.index
    producers: dict[str, Callable[[LookupIndex, str, Page], tuple[Prepared, int]]] = {
        JSON: list_page,
        CSV: list_csv,
    }
    if media_type in producers:
        prepared, total = producers[media_type](index, kind, page)
        return send(request, prepared, {"X-Total-Count": str(total)})
    return send(request, await run_in_threadpool(catalogue.rdf_view, kind, None, media_type))
