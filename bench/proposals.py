"""Proposed faster versions of graph/neighbourhood.py's ego_subgraph and LadybugStore.snapshot.

Kept in bench/ (the owners of those files decide); bench_queries.py times them beside the current
code and checks they give the same answers.

``ego_subgraph``: same signature and result (same node set, same ``total``, same relationships),
but it reads networkx's adjacency dicts directly (set unions at C speed instead of building a list
of edge tuples per node), takes degrees from a table computed once per projection (cached in
``g.graph``, as the projection is rebuilt on every change), and picks the ``limit`` nearest nodes
with a partial sort. The relationships among the kept nodes are read from their out-edges only.

``snapshot``: returns scalar columns instead of whole relationship structs and builds the models
without re-validating what the store already holds.
"""

from __future__ import annotations

import heapq
from typing import Any

import networkx as nx

from innograph.graph.model import Node, Relationship
from innograph.graph.store import Subgraph


def _original_functions() -> dict:
    from innograph.graph import neighbourhood, paths

    return {"shortest_paths": paths.shortest_paths, "ego_subgraph": neighbourhood.ego_subgraph}


_ORIGINAL = _original_functions()


def _degrees(g: nx.MultiDiGraph) -> dict[str, int]:
    # The projection is never changed after it is built (a new version is a new graph): cache by identity.
    table = g.graph.get("_degree")
    if table is None:
        table = g.graph["_degree"] = dict(g.degree())
    return table


def ego_subgraph(
    g: nx.MultiDiGraph,
    node_id: str,
    *,
    depth: int = 1,
    labels: list[str] | None = None,
    types: list[str] | None = None,
    limit: int = 300,
) -> tuple[Subgraph, int]:
    if node_id not in g:
        return Subgraph(), 0
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
                        if m not in found and any(d["rel"].type in allowed_types for d in keys.values()):
                            found.add(m)
        found.difference_update(seen)
        if wanted_labels:
            found = {m for m in found if wanted_labels & set(node_attr[m]["node"].labels)}
        seen.update(dict.fromkeys(found, hop))
        frontier = list(found)
        layers.append(frontier)
    total = len(seen)
    degree = _degrees(g)
    keep: list[str] = []
    for layer in layers:
        room = limit - len(keep)
        if room <= 0:
            break
        keep.extend(_nearest(layer, degree, room))
    keep_set = set(keep)
    rels: list[Relationship] = []
    for a in keep:
        out = succ[a]
        # A hub has thousands of out-edges: look the kept nodes up in it instead.
        pairs = ((b, out[b]) for b in keep_set if b in out) if len(out) > len(keep_set) else out.items()
        for b, keys in pairs:
            if b in keep_set:
                for d in keys.values():
                    if not allowed_types or d["rel"].type in allowed_types:
                        rels.append(d["rel"])
    return Subgraph(nodes=[node_attr[n]["node"] for n in keep], relationships=rels), total


def _nearest(layer: list[str], degree: dict[str, int], room: int) -> list[str]:
    """The ``room`` nodes of ``layer`` with the highest degree, ties by id: sorted(key=(-degree, id))[:room]."""
    key = lambda n: (-degree[n], n)  # noqa: E731
    if len(layer) <= room:
        return sorted(layer, key=key)
    cutoff = heapq.nlargest(room, map(degree.__getitem__, layer))[-1]
    above = [n for n in layer if degree[n] > cutoff]
    at = sorted(n for n in layer if degree[n] == cutoff)
    return sorted(above, key=key) + at[: room - len(above)]


# -- LadybugStore.snapshot --------------------------------------------------------------------------
SNAPSHOT_RELS = ("MATCH (a)-[r]->(b) WHERE label(r) <> 'MENTIONED_IN' "
                 "RETURN a.id, label(r), b.id, r.doc, r.evidence, r.extractor, r.confidence, r.role, r.via")
SNAPSHOT_RELS_OF = ("MATCH (a)-[r:{type}]->(b) "
                    "RETURN a.id, label(r), b.id, r.doc, r.evidence, r.extractor, r.confidence, r.role, r.via")
_REL_KEYS = ("doc", "evidence", "extractor", "confidence", "role", "via")


def ladybug_snapshot(store: Any) -> Subgraph:
    """What ``LadybugStore.snapshot()`` returns, faster and in about half the memory.

    * rows are converted as they stream in (today all 500k raw rows, each a dict of dicts, are
      materialised first: the process peaks at 2.6 GB and never gives the memory back);
    * one query per relationship table, scalar columns instead of whole relationship structs: a
      smaller result for ladybug to hold at once (so a small buffer pool suffices);
    * the relationship's ends reuse the node id strings, and repeated values (document ids,
      extractor names, roles, evidence of restated facts) are one string each;
    * models are built with ``model_construct`` (the store already holds valid data), all sharing
      one fields-set object.
    """
    from innograph.graph.ladybug_store import _q, _to_node
    from innograph.graph.ontology import RELATIONSHIP_TYPES

    construct = Relationship.model_construct
    fields = {"type", "start", "end", "properties"}
    with store._lock:
        nodes = [_to_node(r["n"]) for r in store._rows(_q("entity_nodes"))]
        memo: dict[str, str] = {n.id: n.id for n in nodes}
        one = memo.setdefault
        rels = []
        for rel_type in RELATIONSHIP_TYPES:
            if rel_type == "MENTIONED_IN":
                continue
            result = store._conn.execute(SNAPSHOT_RELS_OF.format(type=rel_type))
            while result.has_next():
                r = result.get_next()
                props = {}
                for k, v in zip(_REL_KEYS, r[3:]):
                    if v is not None and v != "":
                        props[k] = one(v, v) if isinstance(v, str) else v
                rels.append(construct(_fields_set=fields, type=one(r[1], r[1]), start=one(r[0], r[0]),
                                      end=one(r[2], r[2]), properties=props))
    return Subgraph(nodes=nodes, relationships=rels)


def same_subgraph(a: tuple[Subgraph, int], b: tuple[Subgraph, int]) -> bool:
    (sa, ta), (sb, tb) = a, b
    if ta != tb or {n.id for n in sa.nodes} != {n.id for n in sb.nodes}:
        return False
    key = lambda r: (r.type, r.start, r.end, str(r.properties.get("doc")), str(r.properties.get("role")),  # noqa: E731
                     str(r.properties.get("via")))
    return sorted(map(key, sa.relationships)) == sorted(map(key, sb.relationships))


def node_list(nodes: list[Node]) -> list[str]:
    return [n.id for n in nodes]


# -- graph/paths.py shortest_paths ------------------------------------------------------------------
def shortest_paths(g: nx.Graph, source: str, target: str, *, k: int = 3, max_hops: int = 6,
                   rel_types: list[str] | None = None, avoid_labels: list[str] | None = None):
    """graph.paths.shortest_paths, walking the graph itself when there is nothing to filter.

    ``nx.subgraph_view`` calls two Python filters on every adjacency access; Yen's algorithm
    (``shortest_simple_paths``) reads the adjacency of hubs thousands of times. Without filters the
    view is the graph, so the answers are the same.
    """
    from itertools import islice

    from innograph.graph import paths as current

    if rel_types or avoid_labels:
        return _ORIGINAL["shortest_paths"](g, source, target, k=k, max_hops=max_hops, rel_types=rel_types,
                                           avoid_labels=avoid_labels)
    if source not in g or target not in g or source == target:
        return []
    out = []
    try:
        for walk in islice(nx.shortest_simple_paths(g, source, target), k):
            if len(walk) - 1 > max_hops:
                break
            out.append(current._as_path(g, walk, None))
    except nx.NetworkXNoPath:
        return []
    return out


# -- everything at once, for the server bench ---------------------------------------------------------
_TABLE_BY_PREFIX = (("org:", "Organization"), ("place:", "District"), ("event:", "Event"), ("doc:", "Document"))


def _table_of(node_id: str) -> str | None:
    for prefix, table in _TABLE_BY_PREFIX:
        if node_id.startswith(prefix):
            return table
    return None


def patch_all() -> None:
    """Put every proposal in place in this process (before the API modules are imported)."""
    from batch_store import BatchLadybugStore
    from name_index import NameIndex

    from innograph.graph import ladybug_store, neighbourhood, paths
    from innograph.graph.ladybug_store import _q, _to_node, _to_rel

    paths.shortest_paths = shortest_paths
    neighbourhood.ego_subgraph = ego_subgraph
    cls = ladybug_store.LadybugStore

    def node(self, node_id):
        table = _table_of(node_id)
        if table is not None:
            rows = self._rows(f"MATCH (n:{table} {{id: $id}}) RETURN n", {"id": node_id})
            if rows:
                return _to_node(rows[0]["n"])
        rows = self._rows(_q("node"), {"id": node_id})
        return _to_node(rows[0]["n"]) if rows else None

    def relationships_of(self, node_id):
        table = _table_of(node_id)
        if table is not None and self._rows(f"MATCH (n:{table} {{id: $id}}) RETURN n.id", {"id": node_id}):
            q = (f"MATCH (a:{table} {{id: $id}})-[r]->(b) RETURN a.id AS src, label(r) AS type, b.id AS dst, r AS rel "
                 f"UNION ALL MATCH (b)-[r]->(a:{table} {{id: $id}}) RETURN b.id AS src, label(r) AS type, a.id AS dst, r AS rel")
            return [_to_rel(r) for r in self._rows(q, {"id": node_id})]
        return [_to_rel(r) for r in self._rows(_q("relationships_of"), {"id": node_id})]

    def search(self, q, types=None, limit=20):
        version = self.version()
        cached = getattr(self, "_names", None)
        if cached is None or cached[0] != version:
            with self._lock:
                nodes = [_to_node(r["n"]) for r in self._rows(
                    "MATCH (n) WHERE label(n) = 'Organization' OR label(n) = 'District' RETURN n")]
            cached = self._names = (version, NameIndex(nodes))
        return cached[1].search(q, types=types, limit=limit)

    cls.node = node
    cls.relationships_of = relationships_of
    cls.search = search
    cls.snapshot = ladybug_snapshot
    cls.write_many = BatchLadybugStore.write_many
