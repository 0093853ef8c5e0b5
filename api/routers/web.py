"""The web page for people: serves ``web/`` (static HTML, JS modules, CSS, the vendored Yasgui editor) at
``/ui/``, and redirects ``/`` there. The page calls the JSON API on the same origin; nothing here reads the graph.

``/docs`` is the API's OpenAPI documentation in Swagger UI, loaded from the vendored copy in
``web/vendor/swagger-ui/`` (not a CDN): it works on a machine without internet. Its online validator badge is
off, so the page asks no other host. (FastAPI's ``/redoc`` is not served: it needs a CDN and web fonts.)
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from sotekg.settings import PROJECT_ROOT

WEB_ROOT = PROJECT_ROOT / "web"
UI_PREFIX = "/ui/"
SWAGGER_UI = f"{UI_PREFIX}vendor/swagger-ui/"

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> RedirectResponse:
    """The web page."""
    return RedirectResponse(UI_PREFIX, status_code=307)


@router.get("/docs")
def api_docs() -> HTMLResponse:
    """The OpenAPI documentation (Swagger UI from this server)."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="sotekg — API",
        swagger_js_url=f"{SWAGGER_UI}swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_UI}swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_UI}favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},
    )


@router.get("/ui")
def ui_without_slash() -> RedirectResponse:
    """The web page (relative links need the trailing slash)."""
    return RedirectResponse(UI_PREFIX, status_code=308)


@router.get("/ui/{path:path}")
def web_file(path: str) -> FileResponse:
    """A file of the web page; the folder itself gives index.html."""
    file = _web_file(path or "index.html")
    return FileResponse(file, headers={"Cache-Control": "no-cache"})


def _web_file(path: str) -> Path:
    """The file under WEB_ROOT that ``path`` names; 404 for anything outside it or missing."""
    root = WEB_ROOT.resolve()
    candidate = (root / path).resolve()
    if candidate.is_dir():
        candidate = candidate / "index.html"
    if not candidate.is_relative_to(root) or not candidate.is_file():
        raise HTTPException(status_code=404, detail=f"no page file '{path}'")
    return candidate
