"""ego_nodes and ego_subgraph against a plain breadth-first reference on random graphs with hubs."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from innograph.graph.model import Node, Relationship
from innograph.graph.neighbourhood import ego_nodes, ego_subgraph
from innograph.graph.projection import build_projection, simple_undirected
from innograph.graph.store import Subgraph

TYPES = ["LOCATED_IN", "PARTY_TO", "FOUNDED_BY", "PART_OF"]
LABELS = ["University", "Enterprise", "District"]


def _random_projection(seed: int) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    n = rnd.randint(5, 120)
    nodes = [Node(id=f"n{i:03d}", labels=["Organization", rnd.choice(LABELS)]) for i in range(n)]
    rels = []
    for _ in range(rnd.randint(0, 4 * n)):
        # Preferential ends make hubs, as districts and universities are in real graphs.
        a = nodes[min(int(rnd.paretovariate(1.2)) - 1, n - 1)].id if rnd.random() < 0.5 else rnd.choice(nodes).id
        b = rnd.choice(nodes).id
        if a != b:
            rels.append(Relationship(type=rnd.choice(TYPES), start=a, end=b, properties={"doc": "doc:x"}))
    return build_projection(Subgraph(nodes=nodes, relationships=rels))


def _reference(g, centre, depth, labels, types, limit):
    """Breadth first over both directions; nearest first, then highest degree, then id."""
    seen = {centre: 0}
    frontier = [centre]
    for hop in range(1, depth + 1):
        nxt = []
        for n in frontier:
            for a, b, d in [*g.out_edges(n, data=True), *g.in_edges(n, data=True)]:
                m = b if a == n else a
                if types and d["rel"].type not in types or m in seen:
                    continue
                if labels and not set(labels) & set(g.nodes[m]["node"].labels):
                    continue
                seen[m] = hop
                nxt.append(m)
        frontier = nxt
    keep = sorted(seen, key=lambda n: (seen[n], -g.degree(n), n))[:limit]
    rels = sorted((d["rel"].start, d["rel"].end, d["rel"].type) for a, b, d in g.subgraph(keep).edges(data=True)
                  if not types or d["rel"].type in types)
    return keep, rels, len(seen)


@pytest.mark.parametrize("seed", range(40))
def test_same_answer_as_the_reference(seed):
    g = _random_projection(seed)
    u = simple_undirected(g)
    rnd = random.Random(seed)
    for _ in range(5):
        centre = rnd.choice(list(g.nodes))
        depth = rnd.randint(1, 3)
        labels = rnd.choice([None, ["University"], ["District", "Enterprise"]])
        types = rnd.choice([None, ["LOCATED_IN"], ["PARTY_TO", "PART_OF"]])
        limit = rnd.choice([1, 3, 10, 300])
        sub, total, rel_total = ego_subgraph(u, centre, depth=depth, labels=labels, types=types, limit=limit)
        keep, rels, expected_total = _reference(g, centre, depth, labels, types, limit)
        assert [n.id for n in sub.nodes] == keep
        assert sorted((r.start, r.end, r.type) for r in sub.relationships) == rels
        assert total == expected_total and rel_total == len(rels)
        assert ego_nodes(u, centre, depth=depth, labels=labels, types=types, limit=limit) == (keep, expected_total)


def test_relationships_come_in_kept_order():
    """Same answer from run to run: each kept node's links to the nodes before it, nearest first."""
    g = _random_projection(2)
    u = simple_undirected(g)
    centre = max(g.nodes, key=g.degree)
    sub, _, _ = ego_subgraph(u, centre, depth=2, limit=40)
    position = {n.id: i for i, n in enumerate(sub.nodes)}
    order = [(max(position[r.start], position[r.end]), min(position[r.start], position[r.end]))
             for r in sub.relationships]
    assert len(order) > 10 and order == sorted(order)


@pytest.mark.parametrize("seed", range(30))
def test_capped_relationships_keep_every_node_joined(seed):
    """Under ``max_relationships`` every kept node still has its link to the nearest node before it
    (so the picture is one piece around the centre), the rest fill the room in order, and the
    relationships shown are a subset of the uncapped answer."""
    g = _random_projection(seed)
    u = simple_undirected(g)
    rnd = random.Random(seed)
    for _ in range(5):
        centre = rnd.choice(list(g.nodes))
        types = rnd.choice([None, ["LOCATED_IN", "PARTY_TO"]])
        full, total, rel_total = ego_subgraph(u, centre, depth=2, types=types, limit=rnd.choice([10, 60, 300]))
        assert rel_total == len(full.relationships)
        position = {n.id: i for i, n in enumerate(full.nodes)}
        joined = {max(position[r.start], position[r.end]) for r in full.relationships}
        cap = rnd.randint(len(joined), len(joined) + 30)
        capped, total2, rel_total2 = ego_subgraph(u, centre, depth=2, types=types, limit=len(full.nodes),
                                                  max_relationships=cap)
        assert ([n.id for n in capped.nodes], total2, rel_total2) == ([n.id for n in full.nodes], total, rel_total)
        shown = capped.relationships
        assert len(shown) == min(cap, rel_total)
        key = lambda r: (r.type, r.start, r.end, r.properties.get("doc"))  # noqa: E731
        remaining = [key(r) for r in full.relationships]
        for r in shown:  # a subsequence of the uncapped answer
            while remaining and remaining[0] != key(r):
                remaining.pop(0)
            assert remaining, "a capped relationship is not in the uncapped answer, in order"
            remaining.pop(0)
        # Every node that had a link to an earlier node keeps its first such link.
        first_link = {}
        for r in full.relationships:
            first_link.setdefault(max(position[r.start], position[r.end]), key(r))
        assert set(first_link.values()) <= {key(r) for r in shown}
    assert ego_subgraph(u, centre, depth=2, max_relationships=0).subgraph.relationships == []


def test_unknown_centre_is_empty():
    g = _random_projection(1)
    u = simple_undirected(g)
    sub, total, rel_total = ego_subgraph(u, "missing")
    assert sub.nodes == [] and total == 0 and rel_total == 0
    assert ego_nodes(u, "missing") == ([], 0)


def test_the_directed_multigraph_is_refused_with_what_to_pass():
    with pytest.raises(TypeError, match="undirected"):
        ego_nodes(_random_projection(1), "n000")


@pytest.mark.parametrize("seed", range(5))
def test_degrees_counted_at_build_equal_networkx(seed):
    g = _random_projection(seed)
    assert g.graph["_degree"] == {n: sum(1 for _ in g.in_edges(n)) + sum(1 for _ in g.out_edges(n)) for n in g}
    assert simple_undirected(g).graph["_degree"] == g.graph["_degree"]
