"""The FastAPI application: thin routers over one store and its projection."""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from innograph import __version__
from innograph.api import errors
from innograph.api.models import ErrorResponse
from innograph.api.routers import cypher, documents, entities, export, health, insights, network, paths, viz
from innograph.api.security import require_read_token
from innograph.config import Settings
from innograph.graph import open_store
from innograph.graph.projection import ProjectionCache
from innograph.graph.store import Store, StoreUnavailable


# Every failure has the same body; documenting them keeps the OpenAPI schema true (schemathesis checks it).
ERROR_RESPONSES = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in [(400, "Invalid query or request body"), (401, "A valid token is required"),
                         (403, "Refused: a write, or writes disabled"), (404, "Not found, with suggestions"),
                         (408, "The query ran past its time limit"), (413, "Request too large"),
                         (422, "A parameter is invalid; `field` names it"),
                         (503, "The graph database is unavailable")]
}

# Pages answer HTML, but their errors are the same JSON body: say so explicitly.
ERROR_RESPONSES_FOR_PAGES = {
    status: {"description": spec["description"],
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}
    for status, spec in ERROR_RESPONSES.items()
}


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The app over ``store`` (or the store the settings name, opened at start-up)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.store, app.state.projection, app.state.owns_store = store, None, False
        if store is None:
            try:
                app.state.store = open_store(settings)
                app.state.owns_store = True
            except StoreUnavailable:
                app.state.store = None  # opened on first request; until then requests answer 503
        if app.state.store is not None:
            app.state.projection = ProjectionCache(app.state.store)
        try:
            yield
        finally:
            if app.state.owns_store and app.state.store is not None:
                app.state.store.close()

    app = FastAPI(title="innograph", version=__version__, lifespan=lifespan,
                  description="创新生态知识图谱 API — innovation-ecosystem knowledge graph: search, entities with evidence, "
                              "paths, events, district profiles, read-only Cypher, named queries and network views.")
    app.state.settings = settings
    errors.install(app)
    read_deps = [Depends(require_read_token)]
    for module in (entities, network, paths, cypher, documents, export):
        app.include_router(module.router, dependencies=read_deps, responses=ERROR_RESPONSES)
    app.include_router(viz.router, dependencies=read_deps, responses=ERROR_RESPONSES_FOR_PAGES)
    app.include_router(insights.router, dependencies=read_deps)  # documents its own error responses
    app.include_router(health.router, responses={503: ERROR_RESPONSES[503]})

    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type"])

    @app.middleware("http")
    async def limits_and_headers(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > settings.max_request_bytes:
            return JSONResponse(status_code=413, content={"error": {
                "status": 413, "message": f"request larger than {settings.max_request_bytes} bytes", "field": None,
                "suggestions": []}})
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", f"frame-ancestors {settings.frame_ancestors}")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    static = Path(str(resources.files("innograph.viz").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8")

    return app
