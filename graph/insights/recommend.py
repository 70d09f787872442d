"""Partner recommendations: who works with your peers but not yet with you — and the evidence.

Link prediction by Adamic–Adar on the typed collaboration network. For an organisation X, its
peers are its partners in the network; a candidate Y (by default a university, research institute
or enterprise) not yet linked to X scores ``Σ 1 / log(deg(Z))`` over the peers Z it shares with X,
so a shared partner with few partners counts for more than a hub every organisation works with.

For a district D the district acts as one virtual node whose peers are

- the organisations located in it (or in a place within it),
- the organisations that took part in an event with it (the district itself a party) or in an
  event held in it,
- the organisations that founded, run or are the parent of an organisation located in it;

a candidate scores ``Σ 1 / log(deg(Z) + 1)`` over the peers it works with (the ``+ 1`` is the
virtual link to the district). Organisations already among the peers are never recommended.

Every recommendation carries its evidence paths ``X —(hop 1)— Z —(hop 2)— Y``; each hop has a
Chinese sentence, the source sentence it was read from and its document, e.g.
``腾讯公司 与 河海大学 的伙伴 苏州市人民政府 共同参与了 2021-01-08 的签约「…」（证据：「…」，来源：…）``.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
from pydantic import BaseModel, Field

from innograph.graph.insights.collaboration import (CollaborationNetwork, Evidence, action_zh, best_evidence,
                                                    fact_zh, is_organisation)
from innograph.graph.places import organisations_in, places_within
from innograph.graph.ontology import EVENT_KIND_ZH

DEFAULT_TYPES: tuple[str, ...] = ("University", "ResearchInstitute", "Enterprise")


class EvidenceHop(BaseModel):
    source: str
    target: str
    kind: str  # a collaboration link kind, or located / district_event / held_in / founded_in
    text: str  # the hop in Chinese
    evidence: str | None = None  # the sentence from the document
    doc: str | None = None
    date: str | None = None


class EvidencePath(BaseModel):
    nodes: list[str]
    hops: list[EvidenceHop]
    text: str  # the whole path in one Chinese sentence, with its evidence


class Recommendation(BaseModel):
    id: str
    rank: int
    score: float  # Adamic–Adar
    common: list[str]  # the peers it works with, strongest contribution first
    explanation: str
    paths: list[EvidencePath] = Field(default_factory=list)


class Recommendations(BaseModel):
    entity: str
    mode: str  # "organisation" or "district"
    method: str = "adamic_adar"
    peers: list[str]  # the entity's current partners (an organisation) or peers (a district)
    recommendations: list[Recommendation]


def recommend_partners(
    net: CollaborationNetwork,
    entity_id: str,
    *,
    types: list[str] | tuple[str, ...] | None = DEFAULT_TYPES,
    limit: int = 10,
    max_paths: int = 3,
    doc_titles: dict[str, str] | None = None,
) -> Recommendations:
    """Recommendations for an organisation or a district (``entity_id`` must be one)."""
    g = net.g
    node = g.nodes[entity_id]["node"]
    allowed = set(types) if types else None
    titles = doc_titles or {}
    if "District" in node.labels:
        mode = "district"
        peer_hops = district_peers(g, net, entity_id)
        known = set(peer_hops)
        area = places_within(g, entity_id)
        known |= {n for p in area for n in nx.all_neighbors(g, p) if is_organisation(g.nodes[n]["node"])}
        offset = 1
    elif is_organisation(node):
        mode = "organisation"
        peer_hops = {z: _collab_hop(net, entity_id, z) for z in net.partners(entity_id)}
        known = set(peer_hops) | {entity_id}
        known |= {n for n in nx.all_neighbors(g, entity_id) if is_organisation(g.nodes[n]["node"])}
        offset = 0
    else:
        raise ValueError(f"{entity_id!r} is neither an organisation nor a district")

    scores: dict[str, float] = defaultdict(float)
    via: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for z in sorted(peer_hops):
        if z not in net.graph:
            continue
        degree = net.graph.degree(z) + offset
        if degree < 2:
            continue
        contribution = 1.0 / math.log(degree)
        for y in net.graph[z]:
            if y in known or y == entity_id or (allowed and net.type(y) not in allowed):
                continue
            scores[y] += contribution
            via[y].append((contribution, z))
    ranked = sorted(scores, key=lambda y: (-round(scores[y], 9), -len(via[y]), y))[:limit]
    out = []
    for rank, y in enumerate(ranked, start=1):
        common = [z for _, z in sorted(via[y], key=lambda cz: (-round(cz[0], 9), -net.graph[cz[1]][y]["weight"], cz[1]))]
        paths = [_path(net, entity_id, z, y, peer_hops[z], titles) for z in common[:max_paths]]
        out.append(Recommendation(id=y, rank=rank, score=round(scores[y], 4), common=common,
                                  explanation=paths[0].text if paths else "", paths=paths))
    return Recommendations(entity=entity_id, mode=mode, peers=sorted(peer_hops), recommendations=out)


# -- peers and their first hop ---------------------------------------------------------------------
def _collab_hop(net: CollaborationNetwork, a: str, b: str) -> EvidenceHop:
    ev = best_evidence(net.evidence(a, b))
    assert ev is not None
    return EvidenceHop(source=a, target=b, kind=ev.kind, text=f"{net.name(a)} 与 {net.name(b)} {action_zh(ev, net.name)}",
                       evidence=ev.evidence, doc=ev.doc, date=ev.date)


def district_peers(g: nx.MultiDiGraph, net: CollaborationNetwork, district: str) -> dict[str, EvidenceHop]:
    """Peer -> the hop that makes it one (located there, took part with it, founded something there)."""
    dname = net.name(district)
    area = places_within(g, district)
    hops: dict[str, EvidenceHop] = {}

    def offer(org: str, hop: EvidenceHop) -> None:
        order = ("located", "district_event", "held_in", "founded_in")
        if org not in hops or (order.index(hop.kind), hop.doc or "", hop.evidence or "") < \
                (order.index(hops[org].kind), hops[org].doc or "", hops[org].evidence or ""):
            hops[org] = hop

    located = sorted(o for o in organisations_in(g, area) if is_organisation(g.nodes[o]["node"]))
    for org in located:
        for _, place, d in sorted(g.out_edges(org, data=True), key=lambda e: (e[1], str(e[2]["rel"].properties.get("doc")))):
            rel = d["rel"]
            if rel.type == "LOCATED_IN" and place in area:
                where = dname if place == district else f"{dname}的{net.name(place)}"
                offer(org, EvidenceHop(source=district, target=org, kind="located", text=f"{net.name(org)} 位于 {where}",
                                       evidence=rel.properties.get("evidence"), doc=rel.properties.get("doc")))
    for place in sorted(area):
        for _, event, d in g.out_edges(place, data=True):
            if d["rel"].type != "PARTY_TO":
                continue
            ev_node = g.nodes[event]["node"]
            for org, _, d2 in g.in_edges(event, data=True):
                rel = d2["rel"]
                if rel.type == "PARTY_TO" and is_organisation(g.nodes[org]["node"]):
                    offer(org, EvidenceHop(
                        source=district, target=org, kind="district_event",
                        text=f"{net.name(org)} 与 {net.name(place)} 共同参与了{_event_phrase(ev_node)}",
                        evidence=rel.properties.get("evidence"), doc=rel.properties.get("doc"),
                        date=ev_node.properties.get("date")))
        for event, _, d in g.in_edges(place, data=True):
            if d["rel"].type != "HELD_IN":
                continue
            ev_node = g.nodes[event]["node"]
            for org, _, d2 in g.in_edges(event, data=True):
                rel = d2["rel"]
                if rel.type == "PARTY_TO" and is_organisation(g.nodes[org]["node"]):
                    offer(org, EvidenceHop(
                        source=district, target=org, kind="held_in",
                        text=f"{net.name(org)} 参与了在 {net.name(place)} 举行的{_event_phrase(ev_node, dated=False)}"
                             + (f"（{ev_node.properties['date']}）" if ev_node.properties.get("date") else ""),
                        evidence=rel.properties.get("evidence"), doc=rel.properties.get("doc"),
                        date=ev_node.properties.get("date")))
    for org in located:
        for _, founder, d in g.out_edges(org, data=True):
            rel = d["rel"]
            if rel.type in ("FOUNDED_BY", "OPERATED_BY", "BRANCH_OF") and is_organisation(g.nodes[founder]["node"]):
                verb = {"FOUNDED_BY": "共建了", "OPERATED_BY": "运营着", "BRANCH_OF": "的分支机构"}[rel.type]
                text = (f"{net.name(org)} 是 {net.name(founder)} {verb}（位于 {dname}）" if rel.type == "BRANCH_OF"
                        else f"{net.name(founder)} {verb}位于 {dname} 的 {net.name(org)}")
                offer(founder, EvidenceHop(source=district, target=founder, kind="founded_in", text=text,
                                           evidence=rel.properties.get("evidence"), doc=rel.properties.get("doc")))
    return hops


def _event_phrase(event, *, dated: bool = True) -> str:
    p = event.properties
    kind = EVENT_KIND_ZH.get(p.get("kind") or "", p.get("kind") or "事件")
    title = str(p.get("title") or "")
    head = f" {p['date']} 的{kind}" if p.get("date") and dated else kind
    return f"{head}「{title}」" if title and len(title) <= 30 else head


# -- the path and its sentence ---------------------------------------------------------------------
def _path(net: CollaborationNetwork, entity: str, z: str, y: str, first: EvidenceHop,
          titles: dict[str, str]) -> EvidencePath:
    evidence = net.evidence(z, y)
    ev: Evidence | None = best_evidence(evidence)
    assert ev is not None
    second = EvidenceHop(source=z, target=y, kind=ev.kind, text=fact_zh(ev, net.name),
                         evidence=ev.evidence, doc=ev.doc, date=ev.date)
    source = f"，来源：{ev.doc}" + (f"《{titles[ev.doc]}》" if ev.doc in titles else "") if ev.doc else ""
    quote = f"（证据：「{ev.evidence}」{source}）" if ev.evidence else (f"（{source.lstrip('，')}）" if source else "")
    text = f"{net.name(y)} 与 {net.name(entity)} 的伙伴 {net.name(z)} {action_zh(ev, net.name)}{quote}"
    return EvidencePath(nodes=[entity, z, y], hops=[first, second], text=text)
