"""Brokers: organisations that bridge districts or communities.

The score is betweenness centrality on the collaboration network (how many shortest paths
between other organisations run through it; normalised, exact below a few thousand nodes). A
broker is listed with the *pairs it connects*: two of its partners that are not linked to each
other and sit in different districts (``by="district"``) or different communities
(``by="community"``) — the introductions only it can make today.

Restricting by type: ``types`` says which organisations may be listed (e.g. only universities and
institutes); ``network_types`` restricts the network itself before betweenness is computed (e.g.
leave out government bodies to see who bridges without them).
"""

from __future__ import annotations

import heapq
from itertools import combinations

import networkx as nx
from pydantic import BaseModel, Field

from innograph.graph.insights.collaboration import CollaborationNetwork, betweenness
from innograph.graph.insights.communities import membership

GROUPINGS = ("district", "community")
LIST_FROM = 200  # the listed pairs are the strongest among a broker's 200 strongest partners


class BridgedPair(BaseModel):
    a: str
    b: str
    a_groups: list[str]  # district unit ids, or "community:N"
    b_groups: list[str]


class Broker(BaseModel):
    id: str
    rank: int
    betweenness: float
    partners: int  # links in the network considered
    groups: list[str]  # the broker's own district(s) / community
    bridged_groups: list[str]  # the distinct groups of the partners it bridges, most pairs first
    pair_count: int
    pairs: list[BridgedPair] = Field(default_factory=list)


def find_brokers(
    net: CollaborationNetwork,
    *,
    by: str = "district",
    types: list[str] | None = None,
    network_types: list[str] | None = None,
    limit: int = 20,
    max_pairs: int = 10,
) -> list[Broker]:
    """Organisations with betweenness above zero that connect at least one pair across groups,
    highest betweenness first (ties: more pairs, then id)."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}")
    graph, scores = _network(net, network_types)
    groups = _grouping(net, by)
    allowed = set(types) if types else None
    found: list[Broker] = []
    candidates = sorted((org for org in graph if scores.get(org, 0.0) > 0), key=lambda o: (-scores[o], o))
    for org in candidates:
        score = scores[org]
        if allowed and net.type(org) not in allowed:
            continue
        if len(found) >= limit and score < found[-1].betweenness:
            break  # the rest score lower: none can enter the list (ties still compete on pairs and id)
        pair_count, bridged, top = _bridged_pairs(graph, org, groups, max_pairs)
        if not pair_count:
            continue
        found.append(Broker(
            id=org, rank=0, betweenness=score, partners=graph.degree(org), groups=groups(org),
            bridged_groups=[k for k, _ in sorted(bridged.items(), key=lambda kv: (-kv[1], kv[0]))],
            pair_count=pair_count,
            pairs=[BridgedPair(a=u, b=v, a_groups=list(gu), b_groups=list(gv)) for u, v, gu, gv in top],
        ))
    found.sort(key=lambda b: (-b.betweenness, -b.pair_count, b.id))
    for i, b in enumerate(found, start=1):
        b.rank = i
    return found[:limit]


def _bridged_pairs(graph: nx.Graph, org: str, groups, max_pairs: int):
    """(how many pairs of ``org``'s partners it bridges, pairs per group, the ``max_pairs`` strongest).

    A pair is bridged when its two partners are not linked and their groups are disjoint. Counting
    goes by group (a hub with thousands of partners has millions of pairs, but few distinct groups),
    less the linked pairs found along the partners' own links; the strongest pairs (by link weight to
    the broker) are looked for among its ``LIST_FROM`` strongest partners.
    """
    neighbours = sorted(graph[org])
    nset = set(neighbours)
    weight = {u: graph[org][u]["weight"] for u in neighbours}
    key = {u: tuple(sorted(groups(u))) for u in neighbours}
    per_key: dict[tuple, int] = {}
    for u in neighbours:
        if key[u]:
            per_key[key[u]] = per_key.get(key[u], 0) + 1
    keys = sorted(per_key)
    count = 0
    bridged: dict[str, int] = {}

    def add(k1: tuple, k2: tuple, n: int) -> None:
        for grp in (*k1, *k2):
            bridged[grp] = bridged.get(grp, 0) + n

    for i, k1 in enumerate(keys):
        for k2 in keys[i + 1:]:
            if not set(k1) & set(k2):
                count += per_key[k1] * per_key[k2]
                add(k1, k2, per_key[k1] * per_key[k2])
    for u in neighbours:  # linked partners are no introduction: take them out again
        for w in graph.adj[u]:
            if w in nset and u < w and key[u] and key[w] and not set(key[u]) & set(key[w]):
                count -= 1
                add(key[u], key[w], -1)
    bridged = {g: n for g, n in bridged.items() if n > 0}
    strongest = sorted(neighbours, key=lambda u: (-weight[u], u))[:LIST_FROM]
    candidates = []
    for u, v in combinations(sorted(strongest), 2):
        if key[u] and key[v] and not set(key[u]) & set(key[v]) and v not in graph.adj[u]:
            candidates.append((-(weight[u] + weight[v]), u, v))
    top = [(u, v, key[u], key[v]) for _, u, v in heapq.nsmallest(max_pairs, candidates)]
    return count, bridged, top


def _network(net: CollaborationNetwork, network_types: list[str] | None) -> tuple[nx.Graph, dict[str, float]]:
    if not network_types:
        linked = net.linked()
        return net.graph.subgraph(linked), net.betweenness()
    wanted = tuple(sorted(set(network_types)))

    def compute():
        keep = [n for n in net.graph if net.type(n) in wanted]
        sub = net.graph.subgraph(keep)
        sub = sub.subgraph([n for n in sub if sub.degree(n) > 0])
        return sub, betweenness(sub)
    return net.cached(("betweenness", wanted), compute)


def _grouping(net: CollaborationNetwork, by: str):
    if by == "district":
        return lambda org: net.org_place(org).units
    member_of = membership(net)
    return lambda org: [f"community:{member_of[org]}"] if org in member_of else []
