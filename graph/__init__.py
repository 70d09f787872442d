"""The graph: the interchange model, the store interface and its two implementations."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from innograph.config import Settings
    from innograph.graph.store import Store


def open_store(settings: "Settings") -> "Store":
    """The configured store: Neo4j when a URI is set, else the embedded ladybug store."""
    if settings.neo4j_uri:
        from innograph.graph.neo4j_store import Neo4jStore

        return Neo4jStore(settings.neo4j_uri, user=settings.neo4j_user, password=settings.neo4j_password,
                          database=settings.neo4j_database, timeout_s=settings.query_timeout_s)
    from innograph.graph.ladybug_store import LadybugStore

    return LadybugStore(settings.data_dir)
