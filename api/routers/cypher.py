"""The read-only Cypher door: writes and admin actions are refused with 403 before anything runs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from innograph.api.deps import get_settings, get_store
from innograph.api.models import CypherRequest, CypherResponse, ErrorResponse
from innograph.config import Settings
from innograph.graph.readonly import check_read_only
from innograph.graph.store import Store

router = APIRouter(prefix="/api", tags=["cypher"])


@router.post("/cypher", response_model=CypherResponse, responses={403: {"model": ErrorResponse}})
def run_cypher(body: CypherRequest, store: Annotated[Store, Depends(get_store)],
               settings: Annotated[Settings, Depends(get_settings)]) -> CypherResponse:
    check_read_only(body.query)
    result = store.query(body.query, body.params, row_limit=settings.query_row_limit,
                         timeout_s=settings.query_timeout_s)
    return CypherResponse(columns=result.columns, rows=result.rows, truncated=result.truncated)
