"""The app factory: ``create_app(settings)`` builds the FastAPI app; its lifespan opens the store once.

``app.state.store`` and ``app.state.settings`` hold what the routes get through ``api.deps`` (StoreDep,
SettingsDep). Routers live in ``api/routers/``, one module per resource; to add one, add its module name to
ROUTERS. Every request first passes api/middleware.py (body-size limit, CORS when configured). Run it with
``sotekg serve`` (or ``uvicorn --factory api.app:create_app``); OpenAPI docs at /docs.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from sotekg import __version__
from sotekg.settings import Settings, get_settings
from sotekg.store import Store, open_store

from .errors import install_error_handlers
from .middleware import install_middleware

ROUTERS = [
    "health",
    "sparql",
    "regions",
    "centres",
    "services",
    "municipalities",
    "validate",
    "queries",
    "network",
    "plots",
    "export",
    "web",
]

DESCRIPTION = """The knowledge graph of Finland's future health and social services centres (*Tulevaisuuden
sosiaali- ja terveyskeskus*): regions, centres, services, and a read-only SPARQL 1.1 endpoint.

Errors are JSON `{"error": CODE, "detail": TEXT}` with a 4xx status."""


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The API app. Without ``store``, the lifespan opens the one ``settings`` asks for and closes it at
    shutdown; a given store (tests) is used as it is and left open."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store or open_store(settings)
        try:
            yield
        finally:
            if store is None:
                app.state.store.close()

    app = FastAPI(title="sotekg", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    install_error_handlers(app)
    install_middleware(app, settings)
    for name in ROUTERS:
        app.include_router(importlib.import_module(f"api.routers.{name}").router)
    return app
