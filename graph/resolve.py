"""Find the entity a person means by a name, an alias or an id."""

from __future__ import annotations

from innograph.graph.ids import normalize_name
from innograph.graph.model import Node
from innograph.graph.store import Store


def resolve_entity(store: Store, name_or_id: str) -> Node | None:
    """The node with this id, else the one whose name or alias is exactly this, else None."""
    if ":" in name_or_id:
        node = store.node(name_or_id)
        if node is not None:
            return node
    wanted = normalize_name(name_or_id)
    candidates = store.search(wanted, limit=50)
    for node in candidates:
        if normalize_name(node.name) == wanted:
            return node
    for node in candidates:
        if wanted in (normalize_name(a) for a in node.properties.get("aliases") or []):
            return node
    return None
