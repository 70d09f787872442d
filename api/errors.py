"""One error body for every failure: ``{"error": {"status", "message", "field", "suggestions"}}``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from innograph.api.models import EntitySummary, ErrorBody, ErrorResponse
from innograph.graph.store import QueryTimeout, ReadOnlyViolation, StoreError, StoreUnavailable


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, field: str | None = None,
                 suggestions: list[EntitySummary] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field, self.suggestions = status, message, field, suggestions or []


def _body(status: int, message: str, field: str | None = None, suggestions=None) -> JSONResponse:
    err = ErrorResponse(error=ErrorBody(status=status, message=message, field=field, suggestions=suggestions or []))
    return JSONResponse(status_code=status, content=err.model_dump())


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _body(exc.status, exc.message, exc.field, exc.suggestions)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        loc = [str(p) for p in first.get("loc", []) if p not in ("query", "body", "path")]
        field = ".".join(loc) or None
        return _body(422, f"invalid {field or 'request'}: {first.get('msg', 'invalid value')}", field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _body(exc.status_code, str(exc.detail))

    @app.exception_handler(ReadOnlyViolation)
    async def _read_only(_: Request, exc: ReadOnlyViolation) -> JSONResponse:
        return _body(403, str(exc))

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(_: Request, exc: StoreUnavailable) -> JSONResponse:
        return _body(503, f"the graph database is unavailable: {exc}")

    @app.exception_handler(QueryTimeout)
    async def _timeout(_: Request, exc: QueryTimeout) -> JSONResponse:
        return _body(408, str(exc))

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        return _body(400, f"query failed: {exc}")
