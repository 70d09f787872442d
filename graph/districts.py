"""A district's profile: who is there, what was signed when, who they work with from outside."""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
from pydantic import BaseModel, Field

from innograph.graph.events import list_events
from innograph.graph.model import Node
from innograph.graph.ontology import ORGANIZATION_KINDS, primary_label
from innograph.graph.places import organisations_in, places_within

PARTNER_TYPES = ("PARTY_TO", "FOUNDED_BY", "COLLABORATES_WITH", "OPERATED_BY", "BRANCH_OF")


class RankedEntity(BaseModel):
    node: Node
    score: int
    via: list[str] = Field(default_factory=list)


class DistrictProfile(BaseModel):
    district: Node
    sub_districts: list[Node]
    organisations_by_type: dict[str, list[Node]]
    counts_by_type: dict[str, int]
    signing_timeline: dict[str, int]
    top_outside_partners: list[RankedEntity]
    most_connected: list[RankedEntity]


def district_profile(g: nx.MultiDiGraph, district_id: str, *, top: int = 10) -> DistrictProfile:
    area = places_within(g, district_id)
    orgs = organisations_in(g, area)
    by_type: dict[str, list[Node]] = defaultdict(list)
    for org in sorted(orgs):
        node = g.nodes[org]["node"]
        by_type[primary_label(node.labels)].append(node)
    timeline: Counter = Counter()
    for rec in list_events(g, kind="signing", district=district_id):
        timeline[rec.date[:7] or "undated"] += 1
    insiders = orgs | area
    partners: Counter = Counter()
    partner_via: dict[str, set[str]] = defaultdict(set)
    for inside in insiders:
        for other, via in _partners_of(g, inside):
            if other in insiders or other not in g:
                continue
            node = g.nodes[other]["node"]
            if not any(k in node.labels for k in ORGANIZATION_KINDS):
                continue
            partners[other] += 1
            partner_via[other].add(via)
    connected = sorted(orgs, key=lambda o: (-g.degree(o), o))[:top]
    return DistrictProfile(
        district=g.nodes[district_id]["node"],
        sub_districts=[g.nodes[p]["node"] for p in sorted(area - {district_id})],
        organisations_by_type={k: v for k, v in sorted(by_type.items())},
        counts_by_type={k: len(v) for k, v in sorted(by_type.items())},
        signing_timeline=dict(sorted(timeline.items())),
        top_outside_partners=[RankedEntity(node=g.nodes[p]["node"], score=n, via=sorted(partner_via[p]))
                              for p, n in partners.most_common(top)],
        most_connected=[RankedEntity(node=g.nodes[o]["node"], score=g.degree(o)) for o in connected],
    )


def _partners_of(g: nx.MultiDiGraph, node_id: str):
    """(partner, evidence kind) pairs: co-parties of events, co-founders, collaborators."""
    for _, b, data in g.out_edges(node_id, data=True):
        rel = data["rel"]
        if rel.type == "PARTY_TO":
            for other, _, d2 in g.in_edges(b, data=True):
                if d2["rel"].type == "PARTY_TO" and other != node_id:
                    yield other, f"event:{b}"
        elif rel.type in PARTNER_TYPES:
            yield b, rel.type
    for a, _, data in g.in_edges(node_id, data=True):
        rel = data["rel"]
        if rel.type in PARTNER_TYPES and rel.type != "PARTY_TO":
            yield a, rel.type
