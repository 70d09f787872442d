"""Dependencies shared by the routers: the store, its projection, the settings."""

from __future__ import annotations

from fastapi import Request

from innograph.config import Settings
from innograph.graph.projection import ProjectionCache
from innograph.graph.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_projection(request: Request) -> ProjectionCache:
    return request.app.state.projection


def get_settings(request: Request) -> Settings:
    return request.app.state.settings
