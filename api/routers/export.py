"""The whole graph as JSON (the contract), GraphML, GEXF, or CSV for neo4j-admin import."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from innograph.api.deps import get_store
from innograph.graph.export import MEDIA_TYPES, export_bytes
from innograph.graph.store import Store

router = APIRouter(prefix="/api", tags=["export"])
EXTENSIONS = {"json": "json", "graphml": "graphml", "gexf": "gexf", "csv": "zip"}


@router.get("/export", response_class=Response)
async def export(store: Annotated[Store, Depends(get_store)],
                 format: Annotated[Literal["json", "graphml", "gexf", "csv"], Query()] = "json") -> Response:
    data = await run_in_threadpool(lambda: export_bytes(store.export(), format))
    return Response(data, media_type=MEDIA_TYPES[format],
                    headers={"Content-Disposition": f"attachment; filename=innograph.{EXTENSIONS[format]}"})
