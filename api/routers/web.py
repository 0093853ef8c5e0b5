"""The web page for people: serves ``web/`` (static HTML, JS modules, CSS, the vendored Yasgui editor) at
``/ui/``, and redirects ``/`` there. The page calls the JSON API on the same origin; nothing here reads the graph.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, RedirectResponse

from sotekg.settings import PROJECT_ROOT

WEB_ROOT = PROJECT_ROOT / "web"
UI_PREFIX = "/ui/"

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> RedirectResponse:
    """The web page."""
    return RedirectResponse(UI_PREFIX, status_code=307)


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
