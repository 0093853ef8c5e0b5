"""Typed dependencies for route handlers: the store and settings the app opened at start.

>>> from api.deps import StoreDep, SettingsDep   # def handler(store: StoreDep, settings: SettingsDep): ...
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sotekg.settings import Settings
from sotekg.store import Store


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
