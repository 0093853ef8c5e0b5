"""The app factory: ``create_app(settings)`` builds the FastAPI app; its lifespan opens the store once and
builds the one ``Catalogue`` (sotekg.publish: the lookup index and the write path of region models).

``app.state.store``, ``app.state.settings`` and ``app.state.catalogue`` hold what the routes get through
``api.deps`` (StoreDep, SettingsDep) and ``api.lookup`` (CatalogueDep). Routers live in ``api/routers/``, one module per resource; to add one, add its module name to
ROUTERS. Every request first passes api/middleware.py (body-size limit, CORS when configured). Run it with
``sotekg serve`` (or ``uvicorn --factory api.app:create_app``); OpenAPI docs at /docs.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from sotekg import __version__
from sotekg.publish import Catalogue
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

Errors are JSON `{"error": CODE, "detail": TEXT}`: a 4xx for a request we cannot answer as asked; 503
`store_unavailable` or 504 `query_timeout` when the store cannot answer; 500 `internal` (with a `request_id`)
for a fault of ours."""


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The API app. Without ``store``, the lifespan opens the one ``settings`` asks for and closes it at
    shutdown; a given store (tests) is used as it is and left open."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store or open_store(settings)
        try:
            app.state.catalogue = await run_in_threadpool(Catalogue, app.state.store, settings)
            try:
                yield
            finally:
                app.state.catalogue.close()
                app.state.catalogue = None
        finally:
            if store is None:
                app.state.store.close()

    app = FastAPI(
        title="sotekg",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by api/routers/web.py from the vendored Swagger UI, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    install_middleware(app, settings)
    for name in ROUTERS:
        app.include_router(importlib.import_module(f"api.routers.{name}").router)
    return app
