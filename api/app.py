"""The FastAPI application: thin routers over one store and its projection."""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from innograph import __version__
from innograph.api import errors
from innograph.api.routers import cypher, documents, entities, export, health, network, paths, viz
from innograph.config import Settings
from innograph.graph import open_store
from innograph.graph.projection import ProjectionCache
from innograph.graph.store import Store


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The app over ``store`` (or the store the settings name, opened at start-up)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = store is None
        app.state.store = store or open_store(settings)
        app.state.projection = ProjectionCache(app.state.store)
        try:
            yield
        finally:
            if own:
                app.state.store.close()

    app = FastAPI(title="innograph", version=__version__, lifespan=lifespan,
                  description="创新生态知识图谱 API — innovation-ecosystem knowledge graph: search, entities with evidence, "
                              "paths, read-only Cypher and network views.")
    app.state.settings = settings
    errors.install(app)
    for module in (health, entities, network, paths, cypher, documents, export, viz):
        app.include_router(module.router)

    static = Path(str(resources.files("innograph.viz").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8")

    return app
