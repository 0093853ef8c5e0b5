"""``/queries``: the named query library (``queries/``) and its results as JSON, CSV, TSV or NDJSON.

A query's name is its path under ``queries/`` without ``.rq`` and keeps its folder, slash included:
``GET /queries/analytics/coverage-matrix?service_set=family-centre-universal``. Every query-string parameter
except ``format`` is a query parameter, bound as an RDF term by the library (sotekg.queries). The output format
comes from ``?format=`` or else the ``Accept`` header (JSON by default). Also home of ``table_response``, the
table rendering the ``/network`` routes share.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from sotekg.errors import UserError
from sotekg.sparql_protocol import content_type, negotiate
from sotekg.tabular import MEDIA_TYPES, ResultTable, document, render

from ..deps import SettingsDep, StoreDep
from ..lookup import error_responses

router = APIRouter(tags=["queries"])

TABLE_FORMATS = ("json", "csv", "tsv", "ndjson")  # the first is the default
FORMAT_OF_MEDIA_TYPE = {MEDIA_TYPES[fmt].split(";")[0]: fmt for fmt in TABLE_FORMATS}
ALIASES = {"text/plain": "text/csv"}
FormatQuery = Annotated[
    str | None, Query(description="json (default), csv, tsv or ndjson; overrides the Accept header")
]


def table_format(request: Request, fmt: str | None) -> str:
    """``?format=`` if given (400 naming the choices if unknown), else the format the Accept header prefers."""
    if fmt is not None:
        if fmt not in TABLE_FORMATS:
            raise UserError(f"unknown format '{fmt}' (choose one of: {', '.join(TABLE_FORMATS)})")
        return fmt
    return FORMAT_OF_MEDIA_TYPE[negotiate(request.headers.get("accept"), FORMAT_OF_MEDIA_TYPE, ALIASES)]


def table_response(table: ResultTable, fmt: str, about: dict[str, Any]) -> Response:
    """The table in ``fmt``; the JSON document starts with ``about`` (what was asked), then columns and rows."""
    if fmt == "json":
        body = json.dumps({**about, **document(table)}, ensure_ascii=False).encode("utf-8")
        return Response(body, headers={"Content-Type": content_type("application/json")})
    return Response(render(table, fmt).encode("utf-8"), headers={"Content-Type": MEDIA_TYPES[fmt]})


@router.get("/queries", responses=error_responses(400))
def list_queries(settings: SettingsDep) -> dict[str, list[dict[str, Any]]]:
    """The named queries: name, summary, description, tags, parameters (name, required, type, default) and the
    query text (`sparql`, which the web page's SPARQL editor opens as an example)."""
    from sotekg.analysis.run import query_library  # deferred: sotekg.analysis imports matplotlib (issue 5)

    return {"queries": [{**query.describe(), "sparql": query.text} for query in query_library(settings)]}


@router.get(
    "/queries/{name:path}",
    responses={
        200: {
            "description": "the rows",
            "content": {MEDIA_TYPES[f].split(";")[0]: {} for f in TABLE_FORMATS},
        },
        **error_responses(400, 404, 406, 422),
    },
)
async def run_named_query(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    name: Annotated[str, Path(description="the query's name", examples=["analytics/coverage-matrix"])],
    format: FormatQuery = None,
) -> Response:
    """Run a named query with the query-string parameters (see ``GET /queries`` for each query's parameters).
    An unknown query is 404; a missing, unknown or badly typed parameter is 400 naming the parameter."""
    from sotekg.analysis.run import query_library, run_query  # deferred: as in list_queries

    query = query_library(settings).get(name)
    values = {key: value for key, value in request.query_params.items() if key != "format"}
    fmt = table_format(request, format)
    query.bind(values)  # 400 for a bad parameter before the store is asked
    table = await run_in_threadpool(run_query, store, query, values)
    return table_response(table, fmt, {"query": query.name, "parameters": values})
