"""What both stores share when writing: one document's facts, node kinds, relationship sections."""

from __future__ import annotations

from innograph.graph.model import GraphDocument, Node, Relationship
from innograph.graph.store import StoreError


def node_table(node: Node) -> str:
    """The store-level label a node is found by: Organization, District or Event."""
    if "District" in node.labels:
        return "District"
    if "Event" in node.labels:
        return "Event"
    return "Organization"


def relationship_section(rel: Relationship, tables: dict[str, str], sections: frozenset[str], doc_id: str) -> str:
    """Name of the write statement for this relationship: ``TYPE:StartLabel:EndLabel``.

    ``sections`` are the store's write statements; a relationship none of them writes is one the
    ontology does not have between these node kinds: :class:`StoreError`, naming the document.
    """
    section = f"{rel.type}:{tables.get(rel.start)}:{tables.get(rel.end)}"
    if section not in sections:
        raise StoreError(f"{doc_id}: cannot store {rel.type} from {rel.start} to {rel.end}: "
                         "the ontology has no such relationship between these node kinds")
    return section


def facts_of(graph: GraphDocument, doc_id: str) -> GraphDocument:
    """The nodes and relationships of one document, relationships de-duplicated by fact key."""
    rels = graph.relationships if len(graph.documents) == 1 else [
        r for r in graph.relationships if r.properties.get("doc") == doc_id]
    seen: set[tuple] = set()
    unique = []
    for rel in rels:
        if rel.key() not in seen:
            seen.add(rel.key())
            unique.append(rel)
    ids = {r.start for r in unique} | {r.end for r in unique}
    return GraphDocument(nodes=[n for n in graph.nodes if n.id in ids], relationships=unique)
