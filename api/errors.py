"""Every error the API answers, in the contract's shape: ``{"error": CODE, "detail": TEXT}``, never a traceback.

- ``UserError`` and its subclasses (sotekg.errors, sotekg.store.errors, sotekg.sparql_protocol, …): the status
  and code their class carries (``http_status``, ``error_code``; 400 ``bad_request`` by default).
- ``HTTPException`` (404 for an unknown path, 405 for a wrong method, …): its status; the code is the status
  phrase in snake case (``not_found``, ``method_not_allowed``).
- ``RequestValidationError``: 422 ``invalid_request``, naming each bad parameter; the OpenAPI schema declares
  that body for every 422 FastAPI documents (not FastAPI's default ``{"detail": [...]}``).
- Anything else is a bug: logged on the server with its traceback and a reference, answered as 400
  ``unexpected_error`` with that reference — the contract allows no 5xx for any input. The one 5xx left is 503
  ``store_unavailable``: a remote store that cannot be reached is not the caller's doing.
"""

from __future__ import annotations

import logging
import uuid
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from sotekg.errors import UserError

from .schemas import Error

logger = logging.getLogger("sotekg.api")
VALIDATION_ERROR = {"$ref": "#/components/schemas/HTTPValidationError"}


def error_response(
    status: int, error: str, detail: str, headers: dict[str, str] | None = None, extra: dict | None = None
) -> JSONResponse:
    """The contract's error body with a status (and any further fields the error carries, e.g. a report)."""
    return JSONResponse(
        {"error": error, "detail": detail, **(extra or {})}, status_code=status, headers=headers
    )


async def user_error(request: Request, exc: Exception) -> JSONResponse:
    status = getattr(exc, "http_status", 400)
    return error_response(
        status,
        getattr(exc, "error_code", "bad_request"),
        str(exc),
        getattr(exc, "headers", None),
        getattr(exc, "extra", None),
    )


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


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    reference = uuid.uuid4().hex[:12]
    logger.error("unexpected error %s on %s %s", reference, request.method, request.url.path, exc_info=exc)
    return error_response(
        400, "unexpected_error", f"the request could not be answered; the server log has it as {reference}"
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
    app.add_exception_handler(UserError, user_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected_error)
    document_validation_errors(app)
