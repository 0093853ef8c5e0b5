"""``GET /health`` on both stores, and the error shape every route shares (api/errors.py)."""

from __future__ import annotations

import logging

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from api.app import create_app
from sotekg.errors import NotFoundError, QueryTimeout, StoreUnavailable
from sotekg.store import Store


def test_health_says_which_store_and_how_many_triples(api_client: TestClient, store: Store):
    body = api_client.get("/health").json()
    per_graph = sum(store.count(graph) for graph in store.graph_names())
    assert per_graph > 1000
    assert body == {"status": "ok", "store": store.kind, "triples": per_graph}


@pytest.mark.parametrize(
    ("method", "path", "status", "error"),
    [
        ("GET", "/no-such-thing", 404, "not_found"),
        ("DELETE", "/health", 405, "method_not_allowed"),
        ("PUT", "/sparql", 405, "method_not_allowed"),
    ],
)
def test_http_errors_have_the_contract_shape(api_client: TestClient, method, path, status, error):
    response = api_client.request(method, path)
    assert response.status_code == status
    assert response.json() == {"error": error, "detail": response.json()["detail"]}
    assert response.json()["detail"]


def test_docs_and_openapi(api_client: TestClient):
    schema = api_client.get("/openapi.json").json()
    assert {"/health", "/sparql"} <= set(schema["paths"])
    assert set(schema["paths"]["/sparql"]) == {"get", "post"}
    assert "application/sparql-query" in schema["paths"]["/sparql"]["post"]["requestBody"]["content"]
    assert api_client.get("/docs").status_code == 200


@pytest.fixture
def failing_client(settings, embedded_store: Store):
    """The app with one extra router whose routes fail in each way an error can arise."""
    router = APIRouter()

    @router.get("/test/not-found")
    def not_found() -> None:
        raise NotFoundError("no region '99'")

    @router.get("/test/bug")
    def bug() -> None:
        raise RuntimeError("secret internal state")

    @router.get("/test/number/{n}")
    def number(n: int) -> int:
        return n

    @router.get("/test/unavailable")
    def unavailable() -> None:
        raise StoreUnavailable("cannot reach http://127.0.0.1:9/query")

    @router.get("/test/timeout")
    def timeout() -> None:
        raise QueryTimeout(10)

    app = create_app(settings, store=embedded_store)
    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_user_errors_carry_their_status_and_code(failing_client: TestClient):
    response = failing_client.get("/test/not-found")
    assert (response.status_code, response.json()) == (
        404,
        {"error": "not_found", "detail": "no region '99'"},
    )
    response = failing_client.get("/test/unavailable")
    assert (response.status_code, response.json()["error"]) == (503, "store_unavailable")
    response = failing_client.get("/test/timeout")
    assert (response.status_code, response.json()["error"]) == (504, "query_timeout")
    assert "Retry-After" not in response.headers  # the same query would meet the same limit


def test_validation_errors_name_the_parameter(failing_client: TestClient):
    response = failing_client.get("/test/number/seven")
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert response.json()["detail"].startswith("path.n: ")


def test_a_bug_is_logged_not_shown(failing_client: TestClient, caplog):
    with caplog.at_level(logging.ERROR, logger="sotekg.api"):
        response = failing_client.get("/test/bug")
    assert response.status_code == 500  # our fault: never dressed up as a 4xx
    body = response.json()
    assert body["error"] == "internal" and set(body) == {"error", "detail", "request_id"}
    assert len(body["request_id"]) == 16 and body["request_id"] in body["detail"]
    assert "secret" not in response.text and "Traceback" not in response.text
    logged = [
        record for record in caplog.records if f"request_id={body['request_id']}" in record.getMessage()
    ]
    assert len(logged) == 1 and logged[0].exc_info[0] is RuntimeError  # the traceback, under that id
