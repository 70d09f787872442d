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

from itertools import combinations

import networkx as nx
from pydantic import BaseModel, Field

from innograph.graph.insights.collaboration import BETWEENNESS_EXACT_UP_TO, BETWEENNESS_SAMPLE, SEED, CollaborationNetwork
from innograph.graph.insights.communities import membership

GROUPINGS = ("district", "community")


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
    for org in sorted(graph):
        score = scores.get(org, 0.0)
        if score <= 0 or (allowed and net.type(org) not in allowed):
            continue
        pairs = []
        for u, v in combinations(sorted(graph[org]), 2):
            if graph.has_edge(u, v):
                continue
            gu, gv = groups(u), groups(v)
            if not gu or not gv or set(gu) & set(gv):
                continue
            pairs.append((u, v, gu, gv))
        if not pairs:
            continue
        strength = lambda p: graph[org][p[0]]["weight"] + graph[org][p[1]]["weight"]  # noqa: E731
        pairs.sort(key=lambda p: (-strength(p), p[0], p[1]))
        bridged: dict[str, int] = {}
        for _, _, gu, gv in pairs:
            for grp in (*gu, *gv):
                bridged[grp] = bridged.get(grp, 0) + 1
        found.append(Broker(
            id=org, rank=0, betweenness=score, partners=graph.degree(org), groups=groups(org),
            bridged_groups=[k for k, _ in sorted(bridged.items(), key=lambda kv: (-kv[1], kv[0]))],
            pair_count=len(pairs),
            pairs=[BridgedPair(a=u, b=v, a_groups=gu, b_groups=gv) for u, v, gu, gv in pairs[:max_pairs]],
        ))
    found.sort(key=lambda b: (-b.betweenness, -b.pair_count, b.id))
    for i, b in enumerate(found, start=1):
        b.rank = i
    return found[:limit]


def _network(net: CollaborationNetwork, network_types: list[str] | None) -> tuple[nx.Graph, dict[str, float]]:
    if not network_types:
        linked = net.linked()
        return net.graph.subgraph(linked), net.betweenness()
    wanted = tuple(sorted(set(network_types)))

    def compute():
        keep = [n for n in net.graph if net.type(n) in wanted]
        sub = net.graph.subgraph(keep)
        sub = sub.subgraph([n for n in sub if sub.degree(n) > 0])
        n = sub.number_of_nodes()
        k = None if n <= BETWEENNESS_EXACT_UP_TO else BETWEENNESS_SAMPLE
        scores = nx.betweenness_centrality(sub, k=k, normalized=True, seed=SEED) if n else {}
        return sub, {node: round(s, 9) for node, s in scores.items()}
    return net.cached(("betweenness", wanted), compute)


def _grouping(net: CollaborationNetwork, by: str):
    if by == "district":
        return lambda org: net.org_place(org).units
    member_of = membership(net)
    return lambda org: [f"community:{member_of[org]}"] if org in member_of else []
