from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from innograph.api.deps import get_store
from innograph.api.models import Health
from innograph.graph.store import Store

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(store: Annotated[Store, Depends(get_store)]) -> Health:
    return Health(status="ok", store=store.name, documents=len(store.documents()), version=store.version())
