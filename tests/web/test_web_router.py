"""The router that serves web/: the page, its files with the right media types, nothing outside web/."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.routers import web


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.include_router(web.router)
    return TestClient(app)


def test_root_redirects_to_the_page(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/ui/"
    assert client.get("/ui", follow_redirects=False).headers["location"] == "/ui/"


def test_page_and_its_files(client: TestClient) -> None:
    page = client.get("/ui/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<main id="main"' in page.text and 'src="app.js"' in page.text
    script = client.get("/ui/views/region.js")
    assert script.headers["content-type"].split(";")[0] in {"text/javascript", "application/javascript"}
    assert "export async function render" in script.text
    assert client.get("/ui/style.css").headers["content-type"].startswith("text/css")
    assert client.get("/ui/vendor/yasgui/yasgui.min.js").content.startswith(b"(function(")


@pytest.mark.parametrize(
    "path",
    ["/ui/missing.js", "/ui/../pyproject.toml", "/ui/%2e%2e/pyproject.toml", "/ui/..%2fpyproject.toml"],
)
def test_nothing_outside_web_or_missing(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "[project]" not in response.text
