"""Ego networks: an entity and what lies within a few hops of it.

Both functions read the simple undirected projection (``ProjectionCache.undirected()``, or
``simple_undirected(build_projection(...))``): one adjacency per node whatever the direction, and
each pair's relationships in one list, so a hub's neighbourhood is a few set operations in C.
"""

from __future__ import annotations

import heapq
from collections import Counter
from typing import NamedTuple

import networkx as nx

from innograph.graph.projection import edge_type, relationships_of_edges
from innograph.graph.store import Subgraph

MAX_RELATIONSHIPS = 2000  # what the API and the views show by default; a reader can ask for more


class EgoNetwork(NamedTuple):
    """What :func:`ego_subgraph` returns."""

    subgraph: Subgraph
    total: int  #: nodes within the depth asked for (at most ``limit`` are in ``subgraph``)
    relationships_total: int  #: relationships among the kept nodes (``max_relationships`` may list fewer)


def ego_subgraph(
    g: nx.Graph,
    node_id: str,
    *,
    depth: int = 1,
    labels: list[str] | None = None,
    types: list[str] | None = None,
    limit: int = 300,
    max_relationships: int | None = None,
) -> EgoNetwork:
    """The nodes within ``depth`` hops of ``node_id`` in the undirected projection ``g``, and the
    relationships among them.

    ``types`` restricts the hops followed (and the relationships returned), ``labels`` the nodes
    kept (the centre always stays). At most ``limit`` nodes are kept, nearest first (see
    :func:`ego_nodes`); ``total`` says how many there were.

    Relationships come in the order of the kept nodes: each node's links to the nodes before it,
    nearest of those first. With ``max_relationships``, each kept node first keeps its link to the
    nearest node before it (so every node shown stays joined to the centre), then the other links
    fill the room in that order; ``relationships_total`` says how many there were. Around a hub,
    300 nodes can share 10k relationships (the same pairs named by many documents): more than a
    reader or a drawing can use.

    >>> from innograph.graph.model import Node, Relationship
    >>> from innograph.graph.projection import build_projection, simple_undirected
    >>> sub = Subgraph(nodes=[Node(id=i, labels=["District"]) for i in "abc"],
    ...     relationships=[Relationship(type="PART_OF", start="a", end="b"),
    ...                    Relationship(type="PART_OF", start="b", end="c"),
    ...                    Relationship(type="PART_OF", start="a", end="c")])
    >>> g = simple_undirected(build_projection(sub))
    >>> ego = ego_subgraph(g, "a", depth=2, max_relationships=2)
    >>> [n.id for n in ego.subgraph.nodes], ego.total, ego.relationships_total
    (['a', 'b', 'c'], 3, 3)
    >>> [(r.start, r.end) for r in ego.subgraph.relationships]
    [('a', 'b'), ('a', 'c')]
    """
    keep, total = ego_nodes(g, node_id, depth=depth, labels=labels, types=types, limit=limit)
    if not keep:
        return EgoNetwork(Subgraph(), 0, 0)
    groups = _links_to_earlier(g, keep, set(types) if types else None)
    count = sum(map(len, groups))
    room = count if max_relationships is None else max(0, max_relationships)
    if count <= room:
        edges = [d for group in groups for d in group]
    else:
        # Every node's first link (to the nearest node before it) stays; the rest share what is left.
        extra = max(0, room - sum(1 for group in groups if group))
        edges = []
        for group in groups:
            if group:
                take = min(len(group), 1 + extra)
                extra -= take - 1
                edges.extend(group[:take])
        del edges[room:]
    # Building the relationship models is most of the cost for a dense neighbourhood (~2.5 µs each).
    nodes = [g._node[n]["node"] for n in keep]
    return EgoNetwork(Subgraph(nodes=nodes, relationships=relationships_of_edges(edges)), total, count)


def _links_to_earlier(g: nx.Graph, keep: list[str], allowed_types: set[str] | None) -> list[list]:
    """For each kept node, the records of its links to nodes kept before it (and to itself),
    nearest of those first.

    ``adjacency.keys() & kept`` walks the smaller side in C: a hub has thousands of neighbours,
    the kept set a few hundred.
    """
    adj = g._adj
    position = {n: i for i, n in enumerate(keep)}
    kept = position.keys()
    groups: list[list] = []
    for i, a in enumerate(keep):
        near = adj[a]
        ends = sorted(p for p in map(position.__getitem__, near.keys() & kept) if p <= i)
        group: list = []
        for p in ends:
            group.extend(near[keep[p]].records)
        if allowed_types is not None:
            group = [d for d in group if edge_type(d) in allowed_types]
        groups.append(group)
    return groups


def ego_nodes(
    g: nx.Graph,
    node_id: str,
    *,
    depth: int = 1,
    labels: list[str] | None = None,
    types: list[str] | None = None,
    limit: int = 300,
) -> tuple[list[str], int]:
    """The ids of the nodes within ``depth`` hops of ``node_id`` in the undirected projection ``g``,
    and their count.

    The centre comes first, then each hop's nodes by highest degree (relationships, counted when
    the projection was built), then id; at most ``limit`` are returned. ``types`` restricts the
    hops followed, ``labels`` the nodes kept (the centre always stays). An id not in ``g`` gives
    ``([], 0)``.

    >>> from innograph.graph.model import Node, Relationship
    >>> from innograph.graph.projection import build_projection, simple_undirected
    >>> sub = Subgraph(nodes=[Node(id=i, labels=["District"]) for i in "abcd"],
    ...     relationships=[Relationship(type="PART_OF", start="a", end="b"),
    ...                    Relationship(type="PART_OF", start="b", end="c"),
    ...                    Relationship(type="PART_OF", start="d", end="b")])
    >>> ego_nodes(simple_undirected(build_projection(sub)), "c", depth=2)
    (['c', 'b', 'a', 'd'], 4)
    """
    if g.is_multigraph() or g.is_directed():
        raise TypeError("ego_nodes reads the simple undirected projection: pass ProjectionCache.undirected() "
                        "or simple_undirected(build_projection(...))")
    if node_id not in g:
        return [], 0
    adj, node_attr = g._adj, g._node
    allowed_types = set(types) if types else None
    wanted_labels = set(labels) if labels else None
    seen: dict[str, int] = {node_id: 0}
    frontier = [node_id]
    layers: list[list[str]] = [[node_id]]
    for hop in range(1, depth + 1):
        found: set[str] = set()
        for n in frontier:
            if allowed_types is None:
                found.update(adj[n])  # set union in C
            else:
                for m, pair in adj[n].items():
                    if m not in found and any(edge_type(d) in allowed_types for d in pair.records):
                        found.add(m)
        found.difference_update(seen)
        if wanted_labels:
            found = {m for m in found if wanted_labels & set(node_attr[m]["node"].labels)}
        seen.update(dict.fromkeys(found, hop))
        frontier = list(found)
        layers.append(frontier)
    degree = g.graph["_degree"]
    keep: list[str] = []
    for layer in layers:  # nearest first, then highest degree, then id
        room = limit - len(keep)
        if room <= 0:
            break
        keep.extend(_nearest(layer, degree, room))
    return keep, len(seen)


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
