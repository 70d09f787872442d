"""An in-memory networkx projection of a store's graph, refreshed when the store changes.

Path and neighbourhood questions are answered here rather than in each store's Cypher: networkx
answers a shortest path in well under a millisecond where ladybug's ``SHORTEST`` takes tens, and
both stores then give the same answers by construction.

>>> from innograph.graph.model import Node, Relationship
>>> sub = Subgraph(nodes=[Node(id="a", labels=["District"]), Node(id="b", labels=["District"])],
...                relationships=[Relationship(type="PART_OF", start="a", end="b")])
>>> g = build_projection(sub)
>>> g.number_of_nodes(), g.number_of_edges()
(2, 1)
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, MutableMapping
from typing import Any, Iterable

import networkx as nx

from innograph.graph.model import Node, Relationship, trusted_node, trusted_relationship
from innograph.graph.store import Store, Subgraph


class _OneAttribute(MutableMapping):
    """An attribute dict that holds one known key, in a slot: 48 bytes where a dict takes 184.

    The projection has one such dict per node and per edge (600k at 100k nodes / 500k relationships)
    and networkx lets a graph class choose its dict factories; reads (``d["rel"]``, ``d.get``,
    ``d.items()``) behave as with a dict. Another key is refused: the projection is read-only.
    """

    __slots__ = ("value",)
    key = ""
    _unset = object()

    def __init__(self) -> None:
        self.value: Any = self._unset

    def __getitem__(self, key: str) -> Any:
        if key != self.key or self.value is self._unset:
            raise KeyError(key)
        return self.value

    def __setitem__(self, key: str, value: Any) -> None:
        if key != self.key:
            raise KeyError(f"the projection keeps only {self.key!r}, not {key!r}")
        self.value = value

    def __delitem__(self, key: str) -> None:
        self[key]  # KeyError when absent
        self.value = self._unset

    def __iter__(self) -> Iterator[str]:
        if self.value is not self._unset:
            yield self.key

    def __len__(self) -> int:
        return 0 if self.value is self._unset else 1

    def __repr__(self) -> str:
        return repr(dict(self))


class _NodeData(_OneAttribute):
    __slots__ = ()
    key = "node"


_PROVENANCE = ("doc", "evidence", "extractor", "confidence", "role", "via")


def edge_type(data: MutableMapping) -> str:
    """The relationship type of a projection edge's data, without building the Relationship."""
    return data.type if isinstance(data, _RelData) else data["rel"].type


def pair_types(data: MutableMapping) -> list[str]:
    """The relationship types of an undirected projection edge's data (``{"rels": [...]}``), cheaply."""
    if isinstance(data, _RelsData):
        return [record.type for record in data.records]
    return [rel.type for rel in data["rels"]]


def relationships_of_edges(edge_data: list[MutableMapping]) -> list[Relationship]:
    """``[d["rel"] for d in edge_data]``, quicker for the projection's own records."""
    return [d.relationship() if isinstance(d, _RelData) else d["rel"] for d in edge_data]


class _RelData(MutableMapping):
    """An edge's data ``{"rel": Relationship}``, kept as slots; the Relationship is built when read.

    A Relationship model with its properties dict takes ~450 bytes and the projection holds one per
    relationship (500k at 100k nodes): this record takes ~110 and a read builds a new model (~3 µs),
    so nothing a reader does to it can change the projection.
    """

    __slots__ = ("type", "start", "end", "doc", "evidence", "extractor", "confidence", "role", "via", "extra")

    def __init__(self) -> None:
        self.type = None

    def __getitem__(self, key: str) -> Relationship:
        if key != "rel" or self.type is None:
            raise KeyError(key)
        return self.relationship()

    def relationship(self) -> Relationship:
        props = {}
        if self.doc is not None:
            props["doc"] = self.doc
        if self.evidence is not None:
            props["evidence"] = self.evidence
        if self.extractor is not None:
            props["extractor"] = self.extractor
        if self.confidence is not None:
            props["confidence"] = self.confidence
        if self.role is not None:
            props["role"] = self.role
        if self.via is not None:
            props["via"] = self.via
        if self.extra:
            props.update(self.extra)
        return trusted_relationship(self.type, self.start, self.end, props)

    def __setitem__(self, key: str, rel: Relationship) -> None:
        if key != "rel":
            raise KeyError(f"the projection keeps only 'rel', not {key!r}")
        self.type, self.start, self.end = rel.type, rel.start, rel.end
        props = rel.properties
        self.doc, self.evidence, self.extractor = props.get("doc"), props.get("evidence"), props.get("extractor")
        self.confidence, self.role, self.via = props.get("confidence"), props.get("role"), props.get("via")
        extra = {k: v for k, v in props.items() if k not in _PROVENANCE}
        self.extra = extra or None

    def share(self, start: str, end: str, shared: dict[Any, Any]) -> None:
        """Point at the projection's own id strings, and at one object per repeated value.

        A driver decodes every string of every record afresh: at 100k nodes / 500k relationships
        a projection of such records took 888 MiB where shared strings take 511 (bench/README.md).
        """
        one = shared.setdefault
        self.start, self.end, self.type = start, end, one(self.type, self.type)
        for name in _PROVENANCE:
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, one(value, value))

    def __delitem__(self, key: str) -> None:
        raise TypeError("the projection is read-only")

    def __iter__(self) -> Iterator[str]:
        if self.type is not None:
            yield "rel"

    def __len__(self) -> int:
        return 0 if self.type is None else 1


class _RelsData(MutableMapping):
    """A simple undirected edge's data ``{"rels": [Relationship, ...]}``, built from the records when read."""

    __slots__ = ("records",)

    def __init__(self) -> None:
        self.records: list[_RelData] = []

    def __getitem__(self, key: str) -> list[Relationship]:
        if key != "rels":
            raise KeyError(key)
        return [record["rel"] for record in self.records]

    def __setitem__(self, key: str, value: Any) -> None:
        raise TypeError("the projection is read-only")

    def __delitem__(self, key: str) -> None:
        raise TypeError("the projection is read-only")

    def __iter__(self) -> Iterator[str]:
        yield "rels"

    def __len__(self) -> int:
        return 1


class _EdgeKeys(MutableMapping):
    """A MultiDiGraph's per-pair ``{key: edge data}``: one edge (the usual case) in slots, more in a dict."""

    __slots__ = ("first_key", "first", "more")

    def __init__(self) -> None:
        self.first_key: Any = None
        self.first: Any = None
        self.more: dict | None = None

    def __getitem__(self, key: Any) -> Any:
        if self.first is not None and key == self.first_key:
            return self.first
        if self.more is not None:
            return self.more[key]
        raise KeyError(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        if self.first is None or key == self.first_key:
            self.first_key, self.first = key, value
        else:
            if self.more is None:
                self.more = {}
            self.more[key] = value

    def __delitem__(self, key: Any) -> None:
        raise TypeError("the projection is read-only")

    def __iter__(self) -> Iterator[Any]:
        if self.first is not None:
            yield self.first_key
        if self.more:
            yield from self.more

    def __len__(self) -> int:
        return (self.first is not None) + (len(self.more) if self.more else 0)

    # Plain lists for the loops that read every edge of a hub (the mixins' views are 3x slower).
    def values(self) -> list[Any]:  # type: ignore[override]
        if self.first is None:
            return []
        return [self.first, *self.more.values()] if self.more else [self.first]

    def items(self) -> list[tuple[Any, Any]]:  # type: ignore[override]
        if self.first is None:
            return []
        return [(self.first_key, self.first), *self.more.items()] if self.more else [(self.first_key, self.first)]


class _Projection(nx.MultiDiGraph):
    node_attr_dict_factory = _NodeData
    edge_key_dict_factory = _EdgeKeys
    edge_attr_dict_factory = _RelData


class _Undirected(nx.Graph):
    node_attr_dict_factory = _NodeData
    edge_attr_dict_factory = _RelsData


def build_projection(subgraph: Subgraph | Iterable[Node | Relationship]) -> nx.MultiDiGraph:
    """A MultiDiGraph: node attribute ``node`` (the Node), edge attribute ``rel`` (the Relationship).

    Takes a Subgraph, or a stream of nodes and relationships (each relationship after its ends, as
    ``Store.iter_snapshot`` gives them: nothing but the graph is held while it is built). Parallel
    edges of different types (or from different documents) are kept. Attribute dicts are compact
    records (about half the memory of plain dicts and models at 100k nodes / 500k relationships);
    they read like dicts, and ``d["rel"]`` builds the Relationship model when it is asked for.
    """
    items: Iterable[Node | Relationship]
    if isinstance(subgraph, Subgraph):
        items = (*subgraph.nodes, *subgraph.relationships)
    else:
        items = subgraph
    g = _Projection()
    degree: dict[str, int] = {}
    ids: dict[str, str] = {}  # each node id as one string object, for the adjacency and the records
    shared: dict[Any, Any] = {}  # one object per repeated value (documents, sentences, extractors)
    for item in items:
        if isinstance(item, Relationship):
            start, end = ids.get(item.start), ids.get(item.end)
            if start is not None and end is not None:
                key = g.add_edge(start, end, key=None, rel=item)
                g._succ[start][end][key].share(start, end, shared)  # the _RelData just made
                degree[start] += 1
                degree[end] += 1
        else:
            node = _shared_node(item, shared)
            ids[node.id] = node.id
            g.add_node(node.id, node=node)
            degree.setdefault(node.id, 0)
    # Degrees counted here: networkx would sum the compact edge records' lengths (~1 s at 100k).
    g.graph["_degree"] = degree
    return g


def _shared_node(node: Node, shared: dict[Any, Any]) -> Node:
    """The node as the projection keeps it: its labels list and repeated strings (labels, kinds,
    property names) one object each, as ``_RelData.share`` does for relationships."""
    one = shared.setdefault
    labels = tuple(node.labels)
    props = {one(k, k): (one(v, v) if isinstance(v, str) else v) for k, v in node.properties.items()}
    return trusted_node(node.id, one(labels, list(labels)), props)


class ProjectionCache:
    """Keeps one projection per store and rebuilds it when ``store.version()`` moves."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._version: int | None = None
        self._graph: nx.MultiDiGraph | None = None
        self._undirected: nx.Graph | None = None

    def is_built(self) -> bool:
        """Whether a projection is held (of this or an earlier version); never waits for a build."""
        return self._graph is not None

    def graph(self) -> nx.MultiDiGraph:
        self._refresh()
        assert self._graph is not None
        return self._graph

    def undirected(self) -> nx.Graph:
        """A simple undirected graph: edge attribute ``rels`` lists every relationship between the pair."""
        self._refresh()
        assert self._undirected is not None
        return self._undirected

    def _refresh(self) -> None:
        version = self.store.version()
        with self._lock:
            if self._graph is not None and version == self._version:
                return
            self._graph = self._undirected = None
            _gc_thaw()  # the previous projection can be collected now
            graph = build_projection(self.store.iter_snapshot())
            self._graph, self._undirected, self._version = graph, simple_undirected(graph), version
            _gc_freeze()


def _gc_thaw() -> None:
    gc.unfreeze()
    gc.collect()


def _gc_freeze() -> None:
    # A projection is ~1.5M long-lived objects at 100k nodes; every full collection would walk them
    # all (0.5 s pauses in the middle of a 5 ms query). Frozen, the collector skips them until the
    # next graph version thaws them (the old projection holds cycles and must be collectable then).
    gc.collect()
    gc.freeze()


def simple_undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected graph: edge attribute ``rels`` lists every relationship between the pair."""
    u = _Undirected()
    u.add_nodes_from(g.nodes(data=True))
    # Relationships per node, as the MultiDiGraph counts them (neighbourhoods rank by it).
    u.graph["_degree"] = g.graph["_degree"] if "_degree" in g.graph else dict(g.degree())
    adj = u._adj
    for a, b, data in g.edges(data=True):
        if u.has_edge(a, b):
            pair = adj[a][b]
        else:
            u.add_edge(a, b)
            pair = adj[a][b]
        # The projection's own records, shared: ``rels`` reads them (building models only then).
        pair.records.append(data if isinstance(data, _RelData) else _record(data["rel"]))
    return u


def _record(rel: Relationship) -> _RelData:
    record = _RelData()
    record["rel"] = rel
    return record
