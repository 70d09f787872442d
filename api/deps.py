"""Dependencies shared by the routers: the store, its projection, the settings."""

from __future__ import annotations

import threading

from fastapi import Request

from innograph.config import Settings
from innograph.graph import open_store
from innograph.graph.projection import ProjectionCache
from innograph.graph.store import Store

_open_lock = threading.Lock()


def get_store(request: Request) -> Store:
    """The app's store, opened on first use if it could not be opened at start-up.

    A Neo4j server that is down when the API starts (or goes down later) makes requests answer
    503 (StoreUnavailable) instead of keeping the API from starting; it recovers by itself.
    """
    state = request.app.state
    if state.store is None:
        with _open_lock:
            if state.store is None:
                state.store = open_store(state.settings)  # raises StoreUnavailable -> 503
                state.projection = ProjectionCache(state.store)
                state.owns_store = True
    return state.store


def get_projection(request: Request) -> ProjectionCache:
    get_store(request)
    return request.app.state.projection


def get_settings(request: Request) -> Settings:
    return request.app.state.settings
