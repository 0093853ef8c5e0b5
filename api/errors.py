"""The HTTP mapping of every error, in one place: the contract's ``{"error": CODE, "detail": TEXT}``.

- The core's errors (``sotekg.errors``): the status of their ``error_code`` in STATUS below (404 for an
  unknown thing, 4xx for input the caller can fix); a code not listed is 400 for a ``UserError``.
  ``store_unavailable`` is 503: the store cannot be reached. ``query_timeout`` is 504: the query engine did not
  answer within the limit; no ``Retry-After``, since the same query would run into the same limit (narrow it).
- The API's own refusals (``ApiError``: a body over the limit, a media type not taken or not offered): the
  status and code they carry.
- ``HTTPException`` (404 for an unknown path, 405 for a wrong method, …): its status; the code is the status
  phrase in snake case (``not_found``, ``method_not_allowed``).
- ``RequestValidationError``: 422 ``invalid_request``, naming each bad parameter; the OpenAPI schema declares
  that body for every 422 FastAPI documents (not FastAPI's default ``{"detail": [...]}``).
- Anything else is a fault of ours: ``500 {"error": "internal", "detail", "request_id"}``, and the traceback
  is logged under that ``request_id`` (logger ``sotekg.api``). Never a 4xx: the caller did nothing wrong.
"""

from __future__ import annotations

import logging
import uuid
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from sotekg.errors import SotekgError, UserError

from .schemas import Error

logger = logging.getLogger("sotekg.api")
STATUS = {
    "not_found": 404,
    "unauthorized": 401,
    "forbidden": 403,
    "update_not_allowed": 403,
    "service_not_allowed": 403,
    "not_acceptable": 406,
    "body_too_large": 413,
    "query_too_long": 413,
    "unsupported_media_type": 415,
    "too_many_rows": 422,
    "model_out_of_scope": 422,
    "model_does_not_conform": 422,
    "malformed_workbook": 422,
    "workbook_cells_unreadable": 422,
    "empty_workbook": 422,
    "workbook_too_large": 413,
    "store_unavailable": 503,
    "query_timeout": 504,
}
HEADERS = {"unauthorized": {"WWW-Authenticate": 'Bearer realm="sotekg"'}}


class ApiError(Exception):
    """A refusal of the HTTP door itself (not of the core): its status and code travel with it."""

    def __init__(self, status: int, error_code: str, message: str):
        super().__init__(message)
        self.status = status
        self.error_code = error_code


class NotAcceptable(ApiError):
    def __init__(self, message: str):
        super().__init__(406, "not_acceptable", message)


class UnsupportedMediaType(ApiError):
    def __init__(self, message: str):
        super().__init__(415, "unsupported_media_type", message)


class BodyTooLarge(ApiError):
    def __init__(self, message: str):
        super().__init__(413, "body_too_large", message)


class BadParameter(ApiError):
    def __init__(self, message: str):
        super().__init__(400, "bad_parameter", message)


VALIDATION_ERROR = {"$ref": "#/components/schemas/HTTPValidationError"}


def error_response(
    status: int, error: str, detail: str, headers: dict[str, str] | None = None, extra: dict | None = None
) -> JSONResponse:
    """The contract's error body with a status (and any further fields the error carries, e.g. a report)."""
    return JSONResponse(
        {"error": error, "detail": detail, **(extra or {})}, status_code=status, headers=headers
    )


def status_of(exc: SotekgError) -> int:
    """The HTTP status of a core error (see the module docstring)."""
    return STATUS.get(exc.error_code, 400 if isinstance(exc, UserError) else 500)


def report_of(exc: SotekgError) -> dict | None:
    """The further fields a core error's answer carries: a rejected model's validation report."""
    report = getattr(exc, "report", None)
    return {"report": report.to_json()} if report is not None else None


async def core_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SotekgError)
    status = status_of(exc)
    if status >= 500 and exc.error_code not in STATUS:
        return await internal_error(request, exc)
    return error_response(status, exc.error_code, str(exc), HEADERS.get(exc.error_code), report_of(exc))


async def api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.error_code, str(exc))


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    code = phrase.lower().replace(" ", "_").replace("-", "_")
    return error_response(exc.status_code, code, detail, dict(exc.headers) if exc.headers else None)


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors()]
    return error_response(422, "invalid_request", "; ".join(problems) or "invalid request")


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """A fault of ours: 500 with a request id; the traceback is logged under that id."""
    request_id = uuid.uuid4().hex[:16]
    logger.error(
        "internal error, request_id=%s, on %s %s", request_id, request.method, request.url.path, exc_info=exc
    )
    return error_response(
        500,
        "internal",
        f"the server failed to answer this request; its log has the details under request_id {request_id}",
        extra={"request_id": request_id},
    )


def document_validation_errors(app: FastAPI) -> None:
    """Make ``app``'s OpenAPI schema describe the 422 of a bad parameter as :func:`validation_error` answers it,
    also where a route declares another 422 body (e.g. a rejected model): then either may come."""
    build = app.openapi

    def openapi() -> dict:
        schema = app.openapi_schema
        if schema is None:
            schema = build()
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            schemas["HTTPValidationError"] = {**Error.model_json_schema(), "title": "HTTPValidationError"}
            schemas.pop("ValidationError", None)
            for operation in (op for path in schema.get("paths", {}).values() for op in path.values()):
                declared = operation.get("responses", {}).get("422", {}).get("content", {})
                body = declared.get("application/json", {})
                if operation.get("parameters") and body.get("schema", VALIDATION_ERROR) != VALIDATION_ERROR:
                    body["schema"] = {"anyOf": [body["schema"], VALIDATION_ERROR]}
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers above on ``app`` and document the 422 they give."""
    app.add_exception_handler(SotekgError, core_error)
    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal_error)
    document_validation_errors(app)
