"""ego_nodes and ego_subgraph against a plain breadth-first reference on random graphs with hubs."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from innograph.graph.model import Node, Relationship
from innograph.graph.neighbourhood import ego_nodes, ego_subgraph
from innograph.graph.projection import build_projection
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
    rnd = random.Random(seed)
    for _ in range(5):
        centre = rnd.choice(list(g.nodes))
        depth = rnd.randint(1, 3)
        labels = rnd.choice([None, ["University"], ["District", "Enterprise"]])
        types = rnd.choice([None, ["LOCATED_IN"], ["PARTY_TO", "PART_OF"]])
        limit = rnd.choice([1, 3, 10, 300])
        sub, total = ego_subgraph(g, centre, depth=depth, labels=labels, types=types, limit=limit)
        keep, rels, expected_total = _reference(g, centre, depth, labels, types, limit)
        assert [n.id for n in sub.nodes] == keep
        assert sorted((r.start, r.end, r.type) for r in sub.relationships) == rels
        assert total == expected_total
        assert ego_nodes(g, centre, depth=depth, labels=labels, types=types, limit=limit) == (keep, expected_total)


def test_relationships_come_in_kept_order():
    """Same answer from run to run: by the kept position of the start, then of the end."""
    g = _random_projection(2)
    centre = max(g.nodes, key=g.degree)
    sub, _ = ego_subgraph(g, centre, depth=2, limit=40)
    position = {n.id: i for i, n in enumerate(sub.nodes)}
    order = [(position[r.start], position[r.end]) for r in sub.relationships]
    assert len(order) > 10 and order == sorted(order)


def test_unknown_centre_is_empty():
    g = _random_projection(1)
    sub, total = ego_subgraph(g, "missing")
    assert sub.nodes == [] and total == 0
    assert ego_nodes(g, "missing") == ([], 0)


@pytest.mark.parametrize("seed", range(5))
def test_degrees_counted_at_build_equal_networkx(seed):
    g = _random_projection(seed)
    assert g.graph["_degree"] == {n: sum(1 for _ in g.in_edges(n)) + sum(1 for _ in g.out_edges(n)) for n in g}
