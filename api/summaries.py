"""Turning graph objects into API models."""

from __future__ import annotations

from innograph.api.models import EntitySummary
from innograph.graph.model import Node
from innograph.graph.ontology import primary_label


def summary(node: Node) -> EntitySummary:
    p = node.properties
    kind = primary_label(node.labels) if node.labels and node.labels[0] == "Organization" else (node.labels[0] if node.labels else "")
    return EntitySummary(id=node.id, name=str(p.get("name") or p.get("title") or node.id), type=kind,
                         labels=list(node.labels), aliases=list(p.get("aliases") or []))
