"""The API with two bench-only routes, served by uvicorn in the benchmark (never by ``sotekg serve``):

- ``GET /bench/floor/{kind}/{key}``: the same bytes the lookup index holds for that resource (``region-services``
  ``09`` …), prepared once, sent with no negotiation, ETag or dependency: the floor a route cannot beat;
- ``GET /bench/sparql/{code}``: one SPARQL query per request through the store (the RDF view of a region's
  services, queries/lookup/rdf/region-services.rq, as N-Triples): what the API would cost without its index.

Run: ``uvicorn bench.app:create_bench_app --factory`` with the store chosen by ``SOTEKG_*`` settings.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from rdflib import URIRef
from starlette.concurrency import run_in_threadpool

from api.app import create_app
from sotekg.namespaces import county_iri
from sotekg.queries import QueryLibrary
from sotekg.store import serialize_result

REGION_SERVICES_QUERY = "lookup/rdf/region-services"


def create_bench_app() -> FastAPI:
    app = create_app()
    floor: dict[tuple[str, str], bytes] = {}
    query = QueryLibrary(app.state.settings.queries_dir).get(REGION_SERVICES_QUERY)

    async def prepared_bytes(request: Request, kind: str, key: str) -> Response:
        body = floor.get((kind, key))
        if body is None:
            body = floor[(kind, key)] = request.app.state.catalogue.index.resource(kind, key).body
        return Response(body, media_type="application/json")

    async def one_query(request: Request, code: str) -> Response:
        store = request.app.state.store
        result = await run_in_threadpool(
            store.query, query.text, substitutions={"_region_iri": URIRef(county_iri(code))}
        )
        return Response(serialize_result(result, "application/n-triples"), media_type="application/n-triples")

    app.add_api_route("/bench/floor/{kind}/{key}", prepared_bytes, include_in_schema=False)
    app.add_api_route("/bench/sparql/{code}", one_query, include_in_schema=False)
    return app
