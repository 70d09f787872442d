"""Ego networks: an entity and what lies within a few hops of it."""

from __future__ import annotations

import heapq
from collections import Counter

import networkx as nx

from innograph.graph.projection import edge_type, relationships_of_edges
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

    ``types`` restricts the hops followed (and the relationships returned), ``labels`` the nodes
    kept (the centre always stays). At most ``limit`` nodes are returned, nearest first (see
    :func:`ego_nodes`); the second value is how many there were.

    >>> from innograph.graph.model import Node, Relationship
    >>> from innograph.graph.projection import build_projection
    >>> sub = Subgraph(nodes=[Node(id=i, labels=["District"]) for i in "abc"],
    ...     relationships=[Relationship(type="PART_OF", start="a", end="b"),
    ...                    Relationship(type="PART_OF", start="b", end="c")])
    >>> ego, total = ego_subgraph(build_projection(sub), "a", depth=1)
    >>> sorted(n.id for n in ego.nodes), total
    (['a', 'b'], 2)
    """
    keep, total = ego_nodes(g, node_id, depth=depth, labels=labels, types=types, limit=limit)
    if not keep:
        return Subgraph(), 0
    succ, node_attr = g._succ, g._node
    # Each kept node's out-edges to other kept nodes: a dict-keys & set intersection walks the
    # smaller side in C (a hub has thousands of out-edges, the kept set a few hundred), and the
    # hits are put back in kept order so the answer is the same from run to run.
    position = {n: i for i, n in enumerate(keep)}
    by_position = position.__getitem__
    edges: list = []
    for a in keep:
        out = succ[a]
        hits = out.keys() & position.keys()
        for b in sorted(hits, key=by_position) if len(hits) > 1 else hits:
            edges.extend(out[b].values())
    if types:
        allowed_types = set(types)
        edges = [d for d in edges if edge_type(d) in allowed_types]
    # Building the relationship models is most of the cost for a dense neighbourhood (~2.5 µs each,
    # and 300 hub nodes can share 9k relationships); ego_nodes alone skips it.
    return Subgraph(nodes=[node_attr[n]["node"] for n in keep], relationships=relationships_of_edges(edges)), total


def ego_nodes(
    g: nx.MultiDiGraph,
    node_id: str,
    *,
    depth: int = 1,
    labels: list[str] | None = None,
    types: list[str] | None = None,
    limit: int = 300,
) -> tuple[list[str], int]:
    """The ids of the nodes within ``depth`` hops of ``node_id`` (either direction), and their count.

    The centre comes first, then each hop's nodes by highest degree, then id; at most ``limit``
    are returned. ``types`` restricts the hops followed, ``labels`` the nodes kept (the centre
    always stays). An id not in ``g`` gives ``([], 0)``.

    >>> from innograph.graph.model import Node, Relationship
    >>> from innograph.graph.projection import build_projection
    >>> sub = Subgraph(nodes=[Node(id=i, labels=["District"]) for i in "abcd"],
    ...     relationships=[Relationship(type="PART_OF", start="a", end="b"),
    ...                    Relationship(type="PART_OF", start="b", end="c"),
    ...                    Relationship(type="PART_OF", start="d", end="b")])
    >>> ego_nodes(build_projection(sub), "c", depth=2)
    (['c', 'b', 'a', 'd'], 4)
    """
    if node_id not in g:
        return [], 0
    # networkx's adjacency dicts directly: set unions at C speed instead of a list of edge tuples
    # per node (a district or university hub has thousands of edges).
    succ, pred, node_attr = g._succ, g._pred, g._node
    allowed_types = set(types) if types else None
    wanted_labels = set(labels) if labels else None
    seen: dict[str, int] = {node_id: 0}
    frontier = [node_id]
    layers: list[list[str]] = [[node_id]]
    for hop in range(1, depth + 1):
        found: set[str] = set()
        for n in frontier:
            if allowed_types is None:
                found.update(succ[n])
                found.update(pred[n])
            else:
                for adj in (succ[n], pred[n]):
                    for m, keys in adj.items():
                        if m not in found and any(edge_type(d) in allowed_types for d in keys.values()):
                            found.add(m)
        found.difference_update(seen)
        if wanted_labels:
            found = {m for m in found if wanted_labels & set(node_attr[m]["node"].labels)}
        seen.update(dict.fromkeys(found, hop))
        frontier = list(found)
        layers.append(frontier)
    degree = _degrees(g)
    keep: list[str] = []
    for layer in layers:  # nearest first, then highest degree, then id
        room = limit - len(keep)
        if room <= 0:
            break
        keep.extend(_nearest(layer, degree, room))
    return keep, len(seen)


def _degrees(g: nx.MultiDiGraph) -> dict[str, int]:
    """Every node's degree, computed once per projection (a projection never changes once built)."""
    table = g.graph.get("_degree")
    if table is None:
        table = g.graph["_degree"] = dict(g.degree())
    return table


def _nearest(layer: list[str], degree: dict[str, int], room: int) -> list[str]:
    """``sorted(layer, key=(-degree, id))[:room]`` without sorting a hub's whole neighbourhood."""
    key = lambda n: (-degree[n], n)  # noqa: E731
    if len(layer) <= room:
        return sorted(layer, key=key)
    cutoff = heapq.nlargest(room, map(degree.__getitem__, layer))[-1]
    above = [n for n in layer if degree[n] > cutoff]
    at = sorted(n for n in layer if degree[n] == cutoff)
    return sorted(above, key=key) + at[: room - len(above)]


def counts_by_label(sub: Subgraph) -> dict[str, int]:
    counts: Counter = Counter()
    for node in sub.nodes:
        counts[node.labels[-1] if node.labels[0] == "Organization" else node.labels[0]] += 1
    return dict(counts)
