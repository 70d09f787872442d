"""The projection keeps one object per repeated string, whatever the store's driver hands it."""

from __future__ import annotations

from innograph.graph.model import Node, Relationship
from innograph.graph.projection import build_projection
from innograph.graph.store import Subgraph


def fresh(text: str) -> str:
    """A new string object, as a driver decodes each record's strings anew."""
    return text.encode().decode()


def test_records_share_node_ids_and_repeated_values():
    a, b = fresh("org:甲大学"), fresh("org:乙公司")
    nodes = [Node(id=a, labels=[fresh("Organization"), fresh("University")], properties={"name": "甲大学"}),
             Node(id=b, labels=[fresh("Organization"), fresh("Enterprise")], properties={"name": "乙公司"})]
    props = {"doc": "doc:x", "evidence": "甲大学与乙公司签约。", "extractor": "signing", "confidence": 0.9}
    rels = [Relationship(type=fresh("COLLABORATES_WITH"), start=fresh("org:甲大学"),
                         end=fresh("org:乙公司"),
                         properties={k: fresh(v) if isinstance(v, str) else v for k, v in props.items()})
            for _ in range(3)]
    g = build_projection(Subgraph(nodes=nodes, relationships=rels))
    records = [d for _, _, d in g.edges(data=True)]
    assert len(records) == 3 and rels[0].properties["doc"] is not rels[1].properties["doc"]
    start, end = (next(k for k in g._node if k == x) for x in (a, b))
    assert all(r.start is start and r.end is end for r in records)
    assert all(end in g._succ[start] and next(iter(g._succ[start])) is end for _ in records)
    for field in ("type", "doc", "evidence", "extractor"):
        assert len({id(getattr(r, field)) for r in records}) == 1, field
    # What a reader gets back is unchanged.
    assert [d["rel"] for d in records] == rels
    assert [g.nodes[n]["node"] for n in g.nodes] == nodes
