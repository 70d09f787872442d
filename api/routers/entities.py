"""Entities: search by Chinese substring over names and aliases, and one entity with its evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from innograph.api.deps import get_store
from innograph.api.errors import ApiError
from innograph.api.models import EntityDetail, ErrorResponse, Fact, SearchResults, SourceDocument
from innograph.api.summaries import summary
from innograph.graph.model import Relationship
from innograph.graph.ontology import ENTITY_TYPES
from innograph.graph.store import Store

router = APIRouter(prefix="/api/entities", tags=["entities"])


@router.get("", response_model=SearchResults)
def search_entities(
    store: Annotated[Store, Depends(get_store)],
    q: Annotated[str, Query(min_length=1, max_length=100, description="名称或别名的一部分 / part of a name or alias")],
    type: Annotated[list[str] | None, Query(description=f"one of {', '.join(ENTITY_TYPES)}")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> SearchResults:
    for t in type or []:
        if t not in ENTITY_TYPES:
            raise ApiError(422, f"invalid type: {t!r} is not one of {', '.join(ENTITY_TYPES)}", field="type")
    nodes = store.search(q.strip(), types=type, limit=limit)
    return SearchResults(query=q, results=[summary(n) for n in nodes])


@router.get("/{entity_id}", response_model=EntityDetail, responses={404: {"model": ErrorResponse}})
def get_entity(entity_id: str, store: Annotated[Store, Depends(get_store)]) -> EntityDetail:
    node = store.node(entity_id)
    if node is None or "Document" in node.labels:
        raise not_found(store, entity_id)
    facts: list[Fact] = []
    documents: dict[str, SourceDocument] = {}
    doc_info = {d.id: d for d in store.documents()}
    rels = store.relationships_of(entity_id)
    # Every neighbour in one batched lookup (a query per table), not one node() per neighbour.
    other_ids = list(dict.fromkeys(_other_end(rel, entity_id) for rel in rels if rel.type != "MENTIONED_IN"))
    others = {n.id: n for n in store.nodes(other_ids)}
    for rel in rels:
        p = rel.properties
        if rel.type == "MENTIONED_IN":
            info = doc_info.get(rel.end)
            documents.setdefault(rel.end, SourceDocument(
                id=rel.end, title=info.title if info else None, path=info.path if info else None,
                date=info.date if info else None, evidence=p.get("evidence")))
            continue
        other = others.get(_other_end(rel, entity_id))
        if other is None:
            continue
        facts.append(Fact(type=rel.type, direction="out" if rel.start == entity_id else "in", other=summary(other),
                          role=p.get("role"), via=p.get("via"), evidence=p.get("evidence"), doc=p.get("doc"),
                          extractor=p.get("extractor"), confidence=p.get("confidence")))
    facts.sort(key=lambda f: (f.type, f.other.name))
    return EntityDetail(entity=summary(node), properties=node.properties, facts=facts,
                        documents=sorted(documents.values(), key=lambda d: d.id))


def _other_end(rel: Relationship, entity_id: str) -> str:
    return rel.end if rel.start == entity_id else rel.start


def not_found(store: Store, entity_id: str) -> ApiError:
    """404 with the closest names as suggestions."""
    from innograph.graph.suggest import closest_entities

    return ApiError(404, f"no entity with id {entity_id!r}", field="id",
                    suggestions=[summary(n) for n in closest_entities(store, entity_id)])
