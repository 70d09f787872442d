"""Neighbourhoods, events and district profiles for partner-network questions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from innograph.api.deps import get_projection, get_store
from innograph.api.errors import ApiError
from innograph.api.models import (DistrictProfileOut, ErrorResponse, EventOut, EventPage, EventPartyOut,
                                  NeighbourhoodOut, RankedOut)
from innograph.api.routers.entities import not_found
from innograph.api.summaries import summary
from innograph.graph.districts import district_profile
from innograph.graph.events import EventRecord, list_events
from innograph.graph.neighbourhood import MAX_RELATIONSHIPS, counts_by_label, ego_subgraph
from innograph.graph.ontology import ENTITY_TYPES, EVENT_KINDS, RELATIONSHIP_TYPES
from innograph.graph.projection import ProjectionCache
from innograph.graph.resolve import resolve_entity
from innograph.graph.store import Store

router = APIRouter(prefix="/api", tags=["network"])
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Shared with the entity view (api/routers/viz.py).
RelLimit = Annotated[int, Query(ge=1, le=100_000, description=(
    "at most this many relationships; each node keeps its link towards the centre first"))]


@router.get("/entities/{entity_id}/neighbors", response_model=NeighbourhoodOut,
            responses={404: {"model": ErrorResponse}})
def neighbours(
    entity_id: str,
    store: Annotated[Store, Depends(get_store)],
    projection: Annotated[ProjectionCache, Depends(get_projection)],
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    labels: Annotated[list[str] | None, Query(description="keep only nodes with these labels")] = None,
    types: Annotated[list[str] | None, Query(description="follow only these relationship types")] = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 200,
    rel_limit: RelLimit = MAX_RELATIONSHIPS,
) -> NeighbourhoodOut:
    for label in labels or []:
        if label not in (*ENTITY_TYPES, "Organization", "Event", "SigningEvent"):
            raise ApiError(422, f"invalid labels: {label!r} is not a label", field="labels")
    for t in types or []:
        if t not in RELATIONSHIP_TYPES:
            raise ApiError(422, f"invalid types: {t!r} is not a relationship type", field="types")
    g = projection.graph()
    if entity_id not in g:
        raise not_found(store, entity_id)
    sub, total, rel_total = ego_subgraph(projection.undirected(), entity_id, depth=depth, labels=labels, types=types,
                                         limit=limit, max_relationships=rel_limit)
    return NeighbourhoodOut(centre=summary(g.nodes[entity_id]["node"]), depth=depth, total=total,
                            shown=len(sub.nodes), counts=counts_by_label(sub),
                            nodes=[summary(n) for n in sub.nodes], relationships=sub.relationships,
                            relationships_total=rel_total)


def event_out(rec: EventRecord) -> EventOut:
    p = rec.event.properties
    return EventOut(id=rec.event.id, kind=p.get("kind"), date=p.get("date"), title=p.get("title"),
                    parties=[EventPartyOut(entity=summary(x.node), role=x.role) for x in rec.parties],
                    held_in=[summary(n) for n in rec.held_in], establishes=[summary(n) for n in rec.establishes],
                    evidence=rec.evidence, doc=rec.doc)


@router.get("/events", response_model=EventPage)
def events(
    store: Annotated[Store, Depends(get_store)],
    projection: Annotated[ProjectionCache, Depends(get_projection)],
    kind: Annotated[str | None, Query(description=f"one of {', '.join(EVENT_KINDS)}")] = None,
    district: Annotated[str | None, Query(description="district id or name")] = None,
    party: Annotated[str | None, Query(description="organisation or district id or name")] = None,
    since: Annotated[str | None, Query(pattern=DATE)] = None,
    until: Annotated[str | None, Query(pattern=DATE)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EventPage:
    if kind and kind not in EVENT_KINDS:
        raise ApiError(422, f"invalid kind: {kind!r} is not one of {', '.join(EVENT_KINDS)}", field="kind")
    district_id = _resolve(store, district) if district else None
    party_id = _resolve(store, party) if party else None
    found = list_events(projection.graph(), kind=kind, district=district_id, party=party_id, since=since, until=until)
    return EventPage(total=len(found), offset=offset, limit=limit,
                     events=[event_out(r) for r in found[offset:offset + limit]])


@router.get("/districts/{district_id}/profile", response_model=DistrictProfileOut,
            responses={404: {"model": ErrorResponse}})
def profile(district_id: str, store: Annotated[Store, Depends(get_store)],
            projection: Annotated[ProjectionCache, Depends(get_projection)],
            top: Annotated[int, Query(ge=1, le=100)] = 10) -> DistrictProfileOut:
    g = projection.graph()
    node_id = _resolve(store, district_id)
    if node_id not in g:
        raise not_found(store, district_id)
    if "District" not in g.nodes[node_id]["node"].labels:
        raise ApiError(422, f"{district_id!r} is not a district", field="district_id")
    p = district_profile(g, node_id, top=top)
    return DistrictProfileOut(
        district=summary(p.district), sub_districts=[summary(n) for n in p.sub_districts],
        counts_by_type=p.counts_by_type,
        organisations_by_type={k: [summary(n) for n in v] for k, v in p.organisations_by_type.items()},
        signing_timeline=p.signing_timeline,
        top_outside_partners=[RankedOut(entity=summary(r.node), score=r.score, via=r.via) for r in p.top_outside_partners],
        most_connected=[RankedOut(entity=summary(r.node), score=r.score) for r in p.most_connected])


def _resolve(store: Store, name_or_id: str) -> str:
    node = resolve_entity(store, name_or_id)
    if node is None:
        raise not_found(store, name_or_id)
    return node.id
