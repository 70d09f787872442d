"""The FastAPI application: thin routers over one store and its projection."""

from __future__ import annotations

import logging
import os
import threading
import time
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from innograph import __version__
from innograph.api import errors
from innograph.api.models import ErrorResponse, WarmUpStatus
from innograph.api.routers import cypher, documents, entities, export, health, insights, network, paths, viz
from innograph.api.security import require_read_token
from innograph.config import Settings
from innograph.graph import open_store
from innograph.graph.projection import ProjectionCache
from innograph.graph.store import Store, StoreUnavailable

logger = logging.getLogger(__name__)

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


def warm_up_enabled() -> bool:
    """``INNOGRAPH_WARM_UP``: build the caches in the background at start-up (default on; "0" turns it off)."""
    return os.environ.get("INNOGRAPH_WARM_UP", "").strip().lower() not in ("0", "false", "no", "off")


class WarmUp:
    """Builds what the first requests would otherwise wait for, in a daemon thread after start-up.

    ``projection.graph()`` builds both projections (18 s at 100k nodes on ladybug, 34 s on Neo4j)
    and a search builds the name index (1-6 s). Start-up does not wait for it, nor does
    ``/health/warm-up``; a request needing the projection meanwhile waits on the cache's lock as it
    does on a cold cache (other store reads do not: both stores stream the snapshot on a session or
    connection of its own). A failure is logged and leaves that cache to be built on first use.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.state = "pending" if enabled else "off"
        self.seconds: float | None = None
        self.error: str | None = None
        self._stopping = threading.Event()

    def start(self, store: Store | None, projection: ProjectionCache | None) -> None:
        if not self.enabled:
            return
        if store is None or projection is None:
            self.state = "skipped"
            logger.warning("warm-up skipped: the store could not be opened at start-up; caches are built on first use")
            return
        self.state = "running"
        threading.Thread(target=self._run, args=(store, projection), name="innograph-warm-up", daemon=True).start()

    def stop(self) -> None:
        self._stopping.set()

    def _run(self, store: Store, projection: ProjectionCache) -> None:
        started = time.perf_counter()
        steps = [("projection", projection.graph),  # both projections, under the cache's lock
                 ("name index", lambda: store.search("苏州"))]  # the name index of the current version
        failed = []
        for what, build in steps:  # one failing does not keep the other from being built
            if self._stopping.is_set():
                self.state = "stopped"
                return
            try:
                build()
            except Exception as exc:  # a warm-up must never take the server down
                failed.append(f"{what}: {type(exc).__name__}: {exc}")
                if self._stopping.is_set():
                    logger.info("warm-up stopped by shutdown: %s", failed[-1])
                else:
                    logger.exception("warm-up could not build the %s; it is built on first use", what)
        self.seconds = round(time.perf_counter() - started, 3)
        self.state, self.error = ("failed", "; ".join(failed)) if failed else ("done", None)
        if not failed:
            logger.info("warm-up done in %.1f s", self.seconds)


def warm_up_status(app: FastAPI) -> WarmUpStatus:
    warm: WarmUp = app.state.warm_up
    store, projection = getattr(app.state, "store", None), getattr(app.state, "projection", None)
    # Read without touching the store (and its lock, which a projection being built may hold).
    built = projection is not None and projection.is_built()
    indexed = store is not None and store.has_name_index()
    return WarmUpStatus(enabled=warm.enabled, state=warm.state, warm=built and indexed, projection=built,
                        name_index=indexed, seconds=warm.seconds, error=warm.error)


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The app over ``store`` (or the store the settings name, opened at start-up)."""
    settings = settings or Settings()
    warm_up_on = warm_up_enabled()  # read with the settings, when the app is made

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
        app.state.warm_up = WarmUp(warm_up_on)
        app.state.warm_up.start(app.state.store, app.state.projection)
        try:
            yield
        finally:
            app.state.warm_up.stop()
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

    @app.get("/health/warm-up", response_model=WarmUpStatus, tags=["health"])
    def warm_up(request: Request) -> WarmUpStatus:
        """Whether the projection and the name index are built yet (never waits, never opens the store)."""
        return warm_up_status(request.app)

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
