"""shortest_paths (k_shortest_walks, a bounded Yen) against networkx's Yen on random graphs."""

from __future__ import annotations

import random
from itertools import islice

import networkx as nx
import pytest

from innograph.graph.model import Node, Relationship
from innograph.graph.paths import shortest_paths
from innograph.graph.projection import build_projection, simple_undirected
from innograph.graph.store import Subgraph


def _random_undirected(seed: int) -> nx.Graph:
    rnd = random.Random(seed)
    n = rnd.randint(2, 60)
    nodes = [Node(id=f"n{i:02d}", labels=["District"], properties={"name": f"n{i}"}) for i in range(n)]
    rels = []
    for _ in range(rnd.randint(0, 3 * n)):
        a, b = rnd.choice(nodes).id, rnd.choice(nodes).id
        if a != b:
            rels.append(Relationship(type=rnd.choice(["PART_OF", "LOCATED_IN"]), start=a, end=b))
    return simple_undirected(build_projection(Subgraph(nodes=nodes, relationships=rels)))


@pytest.mark.parametrize("seed", range(30))
def test_same_lengths_as_networkx_and_valid_simple_paths(seed):
    u = _random_undirected(seed)
    rnd = random.Random(seed)
    for _ in range(8):
        a, b = rnd.choice(list(u)), rnd.choice(list(u))
        k, max_hops = rnd.choice([1, 3, 5]), rnd.choice([2, 6])
        got = shortest_paths(u, a, b, k=k, max_hops=max_hops)
        if a == b:
            assert got == []
            continue
        try:
            expected = [len(w) - 1 for w in islice(nx.shortest_simple_paths(u, a, b), k)]
        except nx.NetworkXNoPath:
            expected = []
        assert [p.length for p in got] == [x for x in expected if x <= max_hops]
        for p in got:
            ids = [n.id for n in p.nodes]
            assert ids[0] == a and ids[-1] == b and len(set(ids)) == len(ids)
            for x, y, rel in zip(ids, ids[1:], p.relationships):
                assert {rel.start, rel.end} == {x, y}


@pytest.mark.parametrize("seed", range(30))
def test_filtered_lengths_match_networkx_on_the_filtered_graph(seed):
    """rel_types and avoid_labels: the same lengths as networkx's Yen on the graph without them."""
    rnd = random.Random(seed)
    n = rnd.randint(3, 50)
    labels = ["District", "University", "Enterprise"]
    nodes = [Node(id=f"n{i:02d}", labels=[rnd.choice(labels)], properties={"name": f"n{i}"}) for i in range(n)]
    rels = []
    for _ in range(rnd.randint(0, 4 * n)):
        a, b = rnd.choice(nodes).id, rnd.choice(nodes).id
        if a != b:
            rels.append(Relationship(type=rnd.choice(["PART_OF", "LOCATED_IN", "FOUNDED_BY"]), start=a, end=b))
    u = simple_undirected(build_projection(Subgraph(nodes=nodes, relationships=rels)))
    for _ in range(6):
        a, b = rnd.choice(list(u)), rnd.choice(list(u))
        if a == b:
            continue
        types, avoid = ["PART_OF", "LOCATED_IN"], ["University"]
        kept = nx.Graph()
        kept.add_nodes_from(x for x in u if x in (a, b) or "University" not in u.nodes[x]["node"].labels)
        kept.add_edges_from((x, y) for x, y, d in u.edges(data=True)
                            if x in kept and y in kept and any(r.type in types for r in d["rels"]))
        try:
            expected = [len(w) - 1 for w in islice(nx.shortest_simple_paths(kept, a, b), 3)]
        except nx.NetworkXNoPath:
            expected = []
        got = shortest_paths(u, a, b, k=3, max_hops=5, rel_types=types, avoid_labels=avoid)
        assert [p.length for p in got] == [x for x in expected if x <= 5]
        for p in got:
            assert all(r.type in types for r in p.relationships)
            assert not any("University" in node.labels for node in p.nodes[1:-1])
