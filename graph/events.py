"""Events with their parties, place and what they established — read off the projection."""

from __future__ import annotations

import networkx as nx
from pydantic import BaseModel, Field

from innograph.graph.model import Node
from innograph.graph.places import places_within


class EventParty(BaseModel):
    node: Node
    role: str | None = None


class EventRecord(BaseModel):
    event: Node
    parties: list[EventParty] = Field(default_factory=list)
    held_in: list[Node] = Field(default_factory=list)
    establishes: list[Node] = Field(default_factory=list)
    evidence: str | None = None
    doc: str | None = None

    @property
    def date(self) -> str:
        return str(self.event.properties.get("date") or "")


def event_record(g: nx.MultiDiGraph, event_id: str) -> EventRecord:
    rec = EventRecord(event=g.nodes[event_id]["node"])
    for a, _, data in g.in_edges(event_id, data=True):
        rel = data["rel"]
        if rel.type == "PARTY_TO":
            if all(p.node.id != a for p in rec.parties):
                rec.parties.append(EventParty(node=g.nodes[a]["node"], role=rel.properties.get("role")))
            rec.evidence = rec.evidence or rel.properties.get("evidence")
            rec.doc = rec.doc or rel.properties.get("doc")
    for _, b, data in g.out_edges(event_id, data=True):
        rel = data["rel"]
        target = g.nodes[b]["node"]
        if rel.type == "HELD_IN" and target not in rec.held_in:
            rec.held_in.append(target)
        elif rel.type == "ESTABLISHES" and target not in rec.establishes:
            rec.establishes.append(target)
        rec.evidence = rec.evidence or rel.properties.get("evidence")
        rec.doc = rec.doc or rel.properties.get("doc")
    return rec


def list_events(
    g: nx.MultiDiGraph,
    *,
    kind: str | None = None,
    district: str | None = None,
    party: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[EventRecord]:
    """Events matching every filter given, newest first (undated last).

    ``district`` keeps events held in it or in a place within it, or with a party located there;
    ``since``/``until`` compare ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` prefixes, inclusive.
    """
    area = places_within(g, district) if district else None
    records = []
    for n, data in g.nodes(data=True):
        node = data["node"]
        if "Event" not in node.labels:
            continue
        if kind and node.properties.get("kind") != kind:
            continue
        date = str(node.properties.get("date") or "")
        if since and (not date or date[: len(since)] < since):
            continue
        if until and (not date or date[: len(until)] > until):
            continue
        rec = event_record(g, n)
        if party and party not in {p.node.id for p in rec.parties}:
            continue
        if area is not None and not _touches(g, rec, area):
            continue
        records.append(rec)
    records.sort(key=lambda r: (r.date != "", r.date, r.event.id), reverse=True)
    return records


def _touches(g: nx.MultiDiGraph, rec: EventRecord, area: set[str]) -> bool:
    if any(p.id in area for p in rec.held_in):
        return True
    for p in rec.parties:
        if p.node.id in area:
            return True
        for _, b, data in g.out_edges(p.node.id, data=True):
            if data["rel"].type == "LOCATED_IN" and b in area:
                return True
    return False
