"""Typed dependencies for route handlers: the store and settings the app opened at start, and a bounded body.

>>> from api.deps import StoreDep, SettingsDep   # def handler(store: StoreDep, settings: SettingsDep): ...
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sotekg.errors import UserError
from sotekg.settings import Settings
from sotekg.store import Store


class BodyTooLarge(UserError):
    http_status = 413
    error_code = "body_too_large"


# Both are ``async``: they only read app.state, and a plain function dependency would cost every request a
# thread-pool round trip (as api/lookup.py's get_catalogue).
async def get_store(request: Request) -> Store:
    """The store the app's lifespan opened (api/app.py)."""
    return request.app.state.store


async def get_app_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, read in chunks; 413 ``body_too_large`` as soon as it passes ``max_bytes``."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLarge(f"the request body is over the limit of {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
