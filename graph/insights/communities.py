"""Communities of collaborating organisations: Louvain (networkx) with a fixed seed.

Louvain runs on the organisations that have at least one link, weighted by how many distinct
events or co-founded organisations support each link. Communities are numbered from 1, largest
first (ties: the smallest member id first), and named by their two or three most central members
(PageRank within the community, ties by degree there, then id).
"""

from __future__ import annotations

import random
import threading
from collections import Counter

import networkx as nx
from pydantic import BaseModel, Field

from innograph.graph.insights.collaboration import SEED, CollaborationNetwork
from innograph.graph.store import Subgraph

VIEW_EXCLUDED_TYPES = {"LOCATED_IN", "PART_OF", "HELD_IN", "MENTIONED_IN"}
LOUVAIN_NETWORKX_UP_TO = 10_000
_igraph_rng_lock = threading.Lock()


class Member(BaseModel):
    id: str
    centrality: float  # PageRank within the community
    degree: int  # links within the community


class Community(BaseModel):
    number: int
    name: str
    central: list[str]  # ids of the 2-3 members the name comes from
    members: list[Member]  # most central first
    size: int
    internal_links: int
    density: float
    counts_by_type: dict[str, int] = Field(default_factory=dict)
    districts: dict[str, int] = Field(default_factory=dict)  # district unit id -> members there

    @property
    def member_ids(self) -> list[str]:
        return [m.id for m in self.members]


def detect_communities(net: CollaborationNetwork, *, resolution: float = 1.0, seed: int = SEED,
                       min_size: int = 2) -> list[Community]:
    """Every community of at least ``min_size`` organisations, numbered from 1 (largest first)."""
    if resolution == 1.0 and seed == SEED:
        found = net.cached(("communities",), lambda: _louvain(net, resolution, seed))
    else:  # other settings are computed each time, so that requests cannot grow the cache without bound
        found = _louvain(net, resolution, seed)
    return [c for c in found if c.size >= min_size]


def community_of(net: CollaborationNetwork, org: str, *, resolution: float = 1.0, seed: int = SEED) -> Community | None:
    for c in detect_communities(net, resolution=resolution, seed=seed, min_size=1):
        if org in c.member_ids:
            return c
    return None


def membership(net: CollaborationNetwork, *, resolution: float = 1.0, seed: int = SEED) -> dict[str, int]:
    """Organisation id -> community number, for every linked organisation."""
    return {m.id: c.number for c in detect_communities(net, resolution=resolution, seed=seed, min_size=1)
            for m in c.members}


def _louvain(net: CollaborationNetwork, resolution: float, seed: int) -> list[Community]:
    h = nx.Graph()
    linked = net.linked()
    h.add_nodes_from(linked)  # id order: Louvain's result depends on iteration order
    h.add_weighted_edges_from(sorted((min(a, b), max(a, b), d["weight"])
                                     for a, b, d in net.graph.subgraph(linked).edges(data=True)))
    if h.number_of_nodes() == 0:
        return []
    parts = louvain(h, resolution=resolution, seed=seed)
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    out = []
    for number, members in enumerate(parts, start=1):
        inside = set(members)
        adj = {m: {u: d.get("weight", 1) for u, d in h.adj[m].items() if u in inside} for m in members}
        links = sum(len(v) for v in adj.values()) // 2
        rank = _pagerank(members, adj) if links else {m: 1.0 / len(members) for m in members}
        degree = {m: len(adj[m]) for m in members}
        ordered = sorted(members, key=lambda m: (-round(rank[m], 9), -degree[m], m))
        central = ordered[: 3 if len(ordered) >= 3 else len(ordered)]
        types = Counter(net.type(m) for m in members)
        districts: Counter = Counter()
        for m in members:
            for unit in net.org_place(m).units:
                districts[unit] += 1
        n = len(members)
        out.append(Community(
            number=number, name="、".join(net.name(m) for m in central), central=central,
            members=[Member(id=m, centrality=round(rank[m], 6), degree=degree[m]) for m in ordered],
            size=n, internal_links=links,
            density=round(2 * links / (n * (n - 1)), 4) if n > 1 else 0.0,
            counts_by_type=dict(sorted(types.items())),
            districts=dict(sorted(districts.items(), key=lambda kv: (-kv[1], kv[0]))),
        ))
    return out


def louvain(h: nx.Graph, *, resolution: float = 1.0, seed: int = SEED) -> list[set[str]]:
    """Louvain communities of ``h`` (nodes in a fixed order), deterministic for a seed.

    ``networkx.community.louvain_communities`` up to ``LOUVAIN_NETWORKX_UP_TO`` nodes; above, igraph's
    C implementation of the same method (``community_multilevel``) with a seeded generator, since the
    pure-Python one takes about a minute for 50,000 organisations.
    """
    if h.number_of_nodes() <= LOUVAIN_NETWORKX_UP_TO:
        return nx.community.louvain_communities(h, weight="weight", resolution=resolution, seed=seed)
    import igraph

    nodes = list(h)
    index = {v: i for i, v in enumerate(nodes)}
    ig = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in h.edges()])
    ig.es["weight"] = [d.get("weight", 1) for _, _, d in h.edges(data=True)]
    with _igraph_rng_lock:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            clusters = ig.community_multilevel(weights="weight", resolution=resolution)
        finally:
            igraph.set_random_number_generator(random)
    return [{nodes[i] for i in members} for members in clusters]


def pagerank(graph: nx.Graph, *, alpha: float = 0.85) -> dict[str, float]:
    """Weighted PageRank of an undirected graph, in plain Python (``networkx.pagerank`` needs scipy,
    which is not a dependency).

    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> r = pagerank(g)
    >>> r["b"] > r["a"] == r["c"]
    True
    """
    nodes = sorted(graph)
    return _pagerank(nodes, {v: {u: d.get("weight", 1) for u, d in graph.adj[v].items()} for v in nodes}, alpha=alpha)


def _pagerank(nodes: list[str], adj: dict[str, dict[str, float]], *, alpha: float = 0.85, tol: float = 1e-10,
              max_iter: int = 200) -> dict[str, float]:
    """Power iteration over a plain adjacency dict (node -> {neighbour: weight})."""
    n = len(nodes)
    if n == 0:
        return {}
    strength = {u: sum(adj[u].values()) for u in nodes}
    share = {u: [(v, alpha * w / strength[u]) for v, w in adj[u].items()] for u in nodes if strength[u]}
    dangling_nodes = [u for u in nodes if not strength[u]]
    x = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        base = (1 - alpha) / n + alpha * sum(x[u] for u in dangling_nodes) / n
        new = dict.fromkeys(nodes, base)
        for u, targets in share.items():
            xu = x[u]
            for v, f in targets:
                new[v] += xu * f
        err = sum(abs(new[v] - x[v]) for v in nodes)
        x = new
        if err < n * tol:
            break
    return x


def community_subgraph(net: CollaborationNetwork, community: Community) -> tuple[Subgraph, list[str]]:
    """What a view of the community draws: its members, the events and co-founded organisations that
    link them, and the store's own relationships among those (PARTY_TO, FOUNDED_BY, … with their
    evidence). Returns the subgraph and the members, most central first (to pin when capping)."""
    g = net.g
    members = community.member_ids
    keep: dict[str, None] = dict.fromkeys(members)
    for a in members:
        for b in members:
            if a < b:
                for ev in net.evidence(a, b):
                    if ev.via and ev.via in g:
                        keep.setdefault(ev.via)
    kept = set(keep)
    rels = [d["rel"] for _, _, d in g.subgraph(kept).edges(data=True) if d["rel"].type not in VIEW_EXCLUDED_TYPES]
    rels.sort(key=lambda r: (r.type, r.start, r.end, str(r.properties.get("doc"))))
    return Subgraph(nodes=[g.nodes[n]["node"] for n in keep], relationships=rels), members
