"""shortest_paths: the unfiltered walk (igraph) against networkx's Yen on random graphs."""

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
