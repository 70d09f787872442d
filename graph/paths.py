"""Shortest paths between two entities, with every hop's evidence, and their Chinese explanation."""

from __future__ import annotations

from itertools import islice

import networkx as nx

from innograph.graph.model import Node, Relationship
from innograph.graph.ontology import RELATIONSHIP_ZH
from innograph.graph.projection import pair_types
from innograph.graph.store import Path


def shortest_paths(
    g: nx.Graph,
    source: str,
    target: str,
    *,
    k: int = 3,
    max_hops: int = 6,
    rel_types: list[str] | None = None,
    avoid_labels: list[str] | None = None,
) -> list[Path]:
    """Up to ``k`` shortest simple paths of at most ``max_hops`` hops, shortest first.

    ``g`` is the undirected projection (edge attribute ``rels``). ``rel_types`` restricts the hops
    to those types; nodes carrying any of ``avoid_labels`` are not walked through (the ends may
    carry them).

    >>> from innograph.graph.projection import build_projection, simple_undirected
    >>> from innograph.graph.store import Subgraph
    >>> sub = Subgraph(nodes=[Node(id=i, labels=["District"], properties={"name": i}) for i in "abc"],
    ...     relationships=[Relationship(type="PART_OF", start="a", end="b"),
    ...                    Relationship(type="PART_OF", start="b", end="c")])
    >>> [p.length for p in shortest_paths(simple_undirected(build_projection(sub)), "a", "c")]
    [2]
    """
    if source not in g or target not in g or source == target:
        return []
    allowed = set(rel_types) if rel_types else None
    avoid = set(avoid_labels or [])

    def node_ok(n: str) -> bool:
        if n in (source, target) or not avoid:
            return True
        return not avoid & set(g.nodes[n]["node"].labels)

    def edge_ok(a: str, b: str) -> bool:
        return allowed is None or any(t in allowed for t in pair_types(g[a][b]))

    # Without filters the view is the graph itself: walk it directly (a view calls two Python
    # filters on every adjacency access, and Yen's algorithm reads the hubs' adjacency many times).
    # networkx's Yen runs bidirectional searches that stop early; igraph's (C) searches the whole
    # graph for every spur node and measured 40x slower at 100k nodes (bench/bench_queries.py).
    view = g if allowed is None and not avoid else nx.subgraph_view(g, filter_node=node_ok, filter_edge=edge_ok)
    paths: list[Path] = []
    try:
        for walk in islice(nx.shortest_simple_paths(view, source, target), k):
            if len(walk) - 1 > max_hops:
                break
            paths.append(_as_path(g, walk, allowed))
    except nx.NetworkXNoPath:
        return []
    return paths


def _as_path(g: nx.Graph, walk: list[str], allowed: set[str] | None) -> Path:
    nodes: list[Node] = [g.nodes[n]["node"] for n in walk]
    rels: list[Relationship] = []
    for a, b in zip(walk, walk[1:]):
        candidates = [r for r in g[a][b]["rels"] if allowed is None or r.type in allowed]
        # Prefer a hop that reads forwards, then the most confident evidence.
        candidates.sort(key=lambda r: (r.start != a, -(r.properties.get("confidence") or 0)))
        rels.append(candidates[0])
    return Path(nodes=nodes, relationships=rels)


def explain_path(path: Path) -> str:
    """One line of Chinese: ``南京航空航天大学 —共建→ 联合实验室 —位于→ 相城区``.

    A hop walked against its stored direction is written with a left arrow.

    >>> a = Node(id="a", labels=["Organization", "ResearchInstitute"], properties={"name": "联合实验室"})
    >>> b = Node(id="b", labels=["Organization", "University"], properties={"name": "南京航空航天大学"})
    >>> explain_path(Path(nodes=[b, a], relationships=[Relationship(type="FOUNDED_BY", start="a", end="b")]))
    '南京航空航天大学 ←共建— 联合实验室'
    """
    parts = [_name(path.nodes[0])]
    for i, rel in enumerate(path.relationships):
        verb = RELATIONSHIP_ZH.get(rel.type, rel.type)
        forward = rel.start == path.nodes[i].id
        parts.append(f"—{verb}→" if forward else f"←{verb}—")
        parts.append(_name(path.nodes[i + 1]))
    return " ".join(parts)


def _name(node: Node) -> str:
    p = node.properties
    return str(p.get("name") or p.get("title") or node.id)
