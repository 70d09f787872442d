"""The read-only Cypher door and the analysts' named queries.

Writes are refused with 403 before anything runs; named queries pass the same door.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends

from innograph.api.deps import get_settings, get_store
from innograph.api.errors import ApiError
from innograph.api.models import (CypherRequest, CypherResponse, ErrorResponse, NamedQueryList, NamedQueryOut,
                                  NamedQueryRequest)
from innograph.config import Settings
from innograph.graph.query_library import NamedQuery, QueryParameterError, all_queries, named_query
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


def _out(q: NamedQuery) -> NamedQueryOut:
    return NamedQueryOut(name=q.name, question_zh=q.question_zh, question_en=q.question_en,
                         params=q.params, cypher=q.text)


@router.get("/queries", response_model=NamedQueryList)
def list_queries(store: Annotated[Store, Depends(get_store)]) -> NamedQueryList:
    """The analysts' library for this store's dialect (the same names exist for every store)."""
    return NamedQueryList(store=store.name, queries=[_out(q) for q in all_queries(store.name)])


@router.post("/queries/{name}", response_model=CypherResponse,
             responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}})
def run_named_query(name: str, store: Annotated[Store, Depends(get_store)],
                    settings: Annotated[Settings, Depends(get_settings)],
                    body: Annotated[NamedQueryRequest | None, Body()] = None) -> CypherResponse:
    try:
        query = named_query(store.name, name)
    except KeyError:
        known = ", ".join(q.name for q in all_queries(store.name))
        raise ApiError(404, f"no named query {name!r}; the library has: {known}", field="name") from None
    try:
        params = query.bind((body or NamedQueryRequest()).params)
    except QueryParameterError as exc:
        raise ApiError(422, str(exc), field=f"params.{exc.field}") from None
    check_read_only(query.text)
    result = store.query(query.text, params, row_limit=settings.query_row_limit, timeout_s=settings.query_timeout_s)
    return CypherResponse(columns=result.columns, rows=result.rows, truncated=result.truncated)
