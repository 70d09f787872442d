"""Shortest paths between two entities, each hop with its evidence sentence and source document."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from innograph.api.deps import get_projection, get_store
from innograph.api.errors import ApiError
from innograph.api.models import ErrorResponse, Hop, PathResult, PathsResponse
from innograph.api.routers.entities import not_found
from innograph.api.summaries import summary
from innograph.graph.ontology import ENTITY_TYPES, RELATIONSHIP_TYPES
from innograph.graph.paths import explain_path, shortest_paths
from innograph.graph.projection import ProjectionCache
from innograph.graph.resolve import resolve_entity
from innograph.graph.store import Store

router = APIRouter(prefix="/api", tags=["paths"])
MAX_HOPS = 8


@router.get("/paths", response_model=PathsResponse, responses={404: {"model": ErrorResponse}})
def get_paths(
    store: Annotated[Store, Depends(get_store)],
    projection: Annotated[ProjectionCache, Depends(get_projection)],
    source: Annotated[str, Query(min_length=1, description="id or exact name")],
    target: Annotated[str, Query(min_length=1, description="id or exact name")],
    max_hops: Annotated[int, Query(ge=1, le=MAX_HOPS)] = 6,
    k: Annotated[int, Query(ge=1, le=10)] = 3,
    types: Annotated[list[str] | None, Query(description="relationship types to follow")] = None,
    avoid: Annotated[list[str] | None, Query(description="labels not to walk through, e.g. Government")] = None,
) -> PathsResponse:
    for t in types or []:
        if t not in RELATIONSHIP_TYPES:
            raise ApiError(422, f"invalid types: {t!r} is not a relationship type", field="types")
    for label in avoid or []:
        if label not in (*ENTITY_TYPES, "Organization", "Event", "SigningEvent"):
            raise ApiError(422, f"invalid avoid: {label!r} is not a label", field="avoid")
    ends = []
    for name in (source, target):
        node = resolve_entity(store, name)
        if node is None:
            raise not_found(store, name)
        ends.append(node)
    found = shortest_paths(projection.undirected(), ends[0].id, ends[1].id, k=k, max_hops=max_hops,
                           rel_types=types, avoid_labels=avoid)
    results = []
    for p in found:
        hops = []
        for i, rel in enumerate(p.relationships):
            a, b = p.nodes[i], p.nodes[i + 1]
            props = rel.properties
            hops.append(Hop(type=rel.type, direction="forward" if rel.start == a.id else "backward",
                            source=summary(a), target=summary(b), evidence=props.get("evidence"),
                            doc=props.get("doc"), extractor=props.get("extractor"),
                            confidence=props.get("confidence")))
        results.append(PathResult(length=p.length, explanation=explain_path(p),
                                  nodes=[summary(n) for n in p.nodes], hops=hops))
    reason = None
    if not results:
        reason = ("source and target are the same entity" if ends[0].id == ends[1].id
                  else f"no path of at most {max_hops} hops connects them with the given filters")
    return PathsResponse(source=summary(ends[0]), target=summary(ends[1]), paths=results, reason=reason)
