"""The graph document: the interchange format of ../shared/ontology.md as pydantic models.

Extractors return it, stores write it, ``innograph extract`` and ``innograph export`` print it.

>>> doc = GraphDocument()
>>> doc.add_node(Node(id="place:相城区", labels=["District"], properties={"name": "相城区"}))
>>> doc.to_json().startswith('{"documents": []')
True
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field, field_validator

from innograph.graph.ontology import ORGANIZATION_KINDS, RELATIONSHIP_TYPES

PROVENANCE_KEYS = ("doc", "evidence", "extractor", "confidence")


class DocumentInfo(BaseModel):
    """One source document."""

    id: str
    path: str
    title: str = ""
    date: str | None = None
    sha256: str | None = None
    chars: int | None = None
    format: str | None = None
    # Content hash + extractor version + curation: a document whose fingerprint is stored is
    # skipped on re-ingest; any change re-extracts it.
    fingerprint: str | None = None


class Node(BaseModel):
    id: str
    labels: list[str]
    properties: dict[str, Any] = Field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.properties.get("name") or self.properties.get("title") or self.id)


class Relationship(BaseModel):
    type: str
    start: str
    end: str
    properties: dict[str, Any] = Field(default_factory=dict)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in RELATIONSHIP_TYPES:
            raise ValueError(f"unknown relationship type {value!r}; the ontology has {RELATIONSHIP_TYPES}")
        return value

    def key(self) -> tuple:
        """Identity of a fact: the same type between the same nodes from the same document.

        PARTY_TO keeps its role and COLLABORATES_WITH its `via` in the key, so a party that both
        signed and hosted keeps both edges.
        """
        p = self.properties
        return (self.type, self.start, self.end, p.get("doc"), p.get("role"), p.get("via"))


class GraphDocument(BaseModel):
    documents: list[DocumentInfo] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)

    def add_node(self, node: Node) -> None:
        """Add a node, merging aliases into an existing node of the same id."""
        for existing in self.nodes:
            if existing.id == node.id:
                merge_node(existing, node)
                return
        self.nodes.append(node)

    def node_ids(self) -> set[str]:
        return {n.id for n in self.nodes}

    def merged(self, other: "GraphDocument") -> "GraphDocument":
        """A new graph document with the facts of both; nodes of the same id are merged."""
        out = GraphDocument(documents=[*self.documents, *other.documents])
        by_id: dict[str, Node] = {}
        for node in [*self.nodes, *other.nodes]:
            if node.id in by_id:
                merge_node(by_id[node.id], node)
            else:
                by_id[node.id] = node.model_copy(deep=True)
        out.nodes = list(by_id.values())
        seen: set[tuple] = set()
        for rel in [*self.relationships, *other.relationships]:
            if rel.key() not in seen:
                seen.add(rel.key())
                out.relationships.append(rel)
        return out

    def to_rows(self) -> tuple[list[dict], list[tuple], list[tuple]]:
        """The graph as plain tuples, lists and dicts, for crossing a process boundary.

        Pickling the models costs the receiving process a Python call per model (and, on 1,000
        documents, more CPU than all the other parent-side work of a parallel ingest); plain data
        unpickles in C and :meth:`from_rows` rebuilds the models without validating them again.
        """
        return ([d.model_dump() for d in self.documents],
                [(n.id, n.labels, n.properties) for n in self.nodes],
                [(r.type, r.start, r.end, r.properties) for r in self.relationships])

    @classmethod
    def from_rows(cls, rows: tuple[list[dict], list[tuple], list[tuple]]) -> "GraphDocument":
        """The graph :meth:`to_rows` gave (its lists and dicts are taken, not copied).

        >>> g = GraphDocument(nodes=[Node(id="a", labels=["District"])],
        ...                   relationships=[Relationship(type="PART_OF", start="a", end="a")])
        >>> GraphDocument.from_rows(g.to_rows()) == g
        True
        """
        documents, nodes, relationships = rows
        return cls.model_construct(
            documents=[DocumentInfo(**d) for d in documents],
            nodes=[trusted_node(*row) for row in nodes],
            relationships=[trusted_relationship(*row) for row in relationships],
        )

    def to_json(self, indent: int | None = None) -> str:
        """UTF-8 JSON with Chinese unescaped, keys in the contract's order."""
        return json.dumps(self.model_dump(exclude_none=False), ensure_ascii=False, indent=indent)

    def sorted(self) -> "GraphDocument":
        """A copy in a canonical order, so two graphs compare equal when their facts do."""
        return GraphDocument(
            documents=sorted(self.documents, key=lambda d: d.id),
            nodes=sorted(
                (Node(id=n.id, labels=n.labels, properties=_sorted_props(n.properties)) for n in self.nodes),
                key=lambda n: n.id,
            ),
            relationships=sorted(
                self.relationships,
                key=lambda r: (r.type, r.start, r.end, *(str(r.properties.get(k)) for k in
                                                         ("doc", "role", "via", "extractor", "evidence"))),
            ),
        )


_new, _set = object.__new__, object.__setattr__
# Shared by every model built below: pydantic adds a field's name on assignment, already there.
_NODE_FIELDS = {"id", "labels", "properties"}
_REL_FIELDS = {"type", "start", "end", "properties"}


def trusted_node(id: str, labels: list[str], properties: dict[str, Any]) -> Node:
    """A Node from fields that were validated before (read back from a store or another process),
    without validating them again."""
    return _trusted(Node, {"id": id, "labels": labels, "properties": properties}, _NODE_FIELDS)


def trusted_relationship(type: str, start: str, end: str, properties: dict[str, Any]) -> Relationship:
    """A Relationship from fields that were validated before, without validating them again:
    ~2 µs where ``model_construct`` takes 8 and validation more."""
    return _trusted(Relationship, {"type": type, "start": start, "end": end, "properties": properties}, _REL_FIELDS)


def _trusted(cls: type[BaseModel], values: dict[str, Any], fields_set: set[str]) -> Any:
    model = _new(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


def _sorted_props(props: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key in sorted(props):
        value = props[key]
        out[key] = sorted(value) if key == "aliases" and isinstance(value, list) else value
    return out


def merge_node(target: Node, other: Node) -> None:
    """Merge ``other`` into ``target`` in place: union of aliases, missing properties filled."""
    has_kind = any(label in ORGANIZATION_KINDS for label in target.labels)
    for label in other.labels:
        # An organisation has exactly one kind: the first one seen wins (curation can retype).
        if label not in target.labels and not (has_kind and label in ORGANIZATION_KINDS):
            target.labels.append(label)
    aliases = list(target.properties.get("aliases") or [])
    for alias in other.properties.get("aliases") or []:
        if alias not in aliases and alias != target.properties.get("name"):
            aliases.append(alias)
    for key, value in other.properties.items():
        if key != "aliases" and target.properties.get(key) in (None, "", []):
            target.properties[key] = value
    if "aliases" in target.properties or aliases:
        target.properties["aliases"] = aliases
