"""Ego networks: an entity and what lies within a few hops of it."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from innograph.graph.store import Subgraph


def ego_subgraph(
    g: nx.MultiDiGraph,
    node_id: str,
    *,
    depth: int = 1,
    labels: list[str] | None = None,
    types: list[str] | None = None,
    limit: int = 300,
) -> tuple[Subgraph, int]:
    """The nodes within ``depth`` hops (either direction) and the relationships among them.

    ``types`` restricts the hops followed, ``labels`` the nodes kept (the centre always stays).
    At most ``limit`` nodes are returned, nearest first; the second value is how many there were.

    >>> from innograph.graph.model import Node, Relationship
    >>> from innograph.graph.projection import build_projection
    >>> sub = Subgraph(nodes=[Node(id=i, labels=["District"]) for i in "abc"],
    ...     relationships=[Relationship(type="PART_OF", start="a", end="b"),
    ...                    Relationship(type="PART_OF", start="b", end="c")])
    >>> ego, total = ego_subgraph(build_projection(sub), "a", depth=1)
    >>> sorted(n.id for n in ego.nodes), total
    (['a', 'b'], 2)
    """
    if node_id not in g:
        return Subgraph(), 0
    allowed_types = set(types) if types else None
    wanted_labels = set(labels) if labels else None
    seen = {node_id: 0}
    frontier = [node_id]
    for hop in range(1, depth + 1):
        nxt = []
        for n in frontier:
            for _, m, data in list(g.out_edges(n, data=True)) + [(x, y, d) for y, x, d in g.in_edges(n, data=True)]:
                if allowed_types and data["rel"].type not in allowed_types:
                    continue
                if m in seen:
                    continue
                if wanted_labels and not wanted_labels & set(g.nodes[m]["node"].labels):
                    continue
                seen[m] = hop
                nxt.append(m)
        frontier = nxt
    total = len(seen)
    keep = sorted(seen, key=lambda n: (seen[n], -g.degree(n), n))[:limit]
    keep_set = set(keep)
    rels = [d["rel"] for a, b, d in g.subgraph(keep_set).edges(data=True)
            if not allowed_types or d["rel"].type in allowed_types]
    return Subgraph(nodes=[g.nodes[n]["node"] for n in keep], relationships=rels), total


def counts_by_label(sub: Subgraph) -> dict[str, int]:
    counts: Counter = Counter()
    for node in sub.nodes:
        counts[node.labels[-1] if node.labels[0] == "Organization" else node.labels[0]] += 1
    return dict(counts)
