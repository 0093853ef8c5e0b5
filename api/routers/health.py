"""``GET /health``: is the API up, which store does it read, how many triples does that store hold."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from sotekg.settings import StoreKind

from ..deps import StoreDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"]
    store: StoreKind = Field(description="the store kind the API reads")
    triples: int = Field(description="triples in all named graphs of the store")


@router.get("/health")
def health(store: StoreDep) -> Health:
    """Liveness: the store kind and the number of triples it holds."""
    return Health(status="ok", store=StoreKind(store.kind), triples=store.count())
