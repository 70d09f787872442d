"""The store interface: what every graph store offers, whatever database is behind it.

Two implementations: :class:`innograph.graph.ladybug_store.LadybugStore` (embedded default) and
:class:`innograph.graph.neo4j_store.Neo4jStore` (production). Callers get one with
:func:`innograph.graph.open_store` and never look at which.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Iterable, Iterator

from pydantic import BaseModel, Field

from innograph.graph.model import DocumentInfo, GraphDocument, Node, Relationship
from innograph.graph.search_index import Entry, NameIndex


class StoreError(RuntimeError):
    """The store could not do what was asked (connection, schema, query)."""


class StoreUnavailable(StoreError):
    """The database cannot be reached right now; callers may retry later."""


class QueryTimeout(StoreError):
    """A query ran past its time limit and was stopped."""


class ReadOnlyViolation(StoreError):
    """A query given to the read-only door tried to write or administer."""


class WriteSummary(BaseModel):
    document: str
    nodes: int
    relationships: int
    skipped: bool = False  # same content already stored: nothing changed


class Subgraph(BaseModel):
    nodes: list[Node] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)


class Path(BaseModel):
    """One path: ``nodes[i]`` and ``nodes[i+1]`` are joined by ``relationships[i]``.

    A relationship's ``start``/``end`` give its stored direction, which may run against the walk.
    """

    nodes: list[Node]
    relationships: list[Relationship]

    @property
    def length(self) -> int:
        return len(self.relationships)


class QueryResult(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False


class Store(ABC):
    """A graph store holding the graph documents written to it, fact by fact with provenance."""

    name: str = "store"

    # -- writing ---------------------------------------------------------------------------
    @abstractmethod
    def write(self, graph: GraphDocument) -> list[WriteSummary]:
        """Write each document of ``graph``, replacing that document's earlier facts and only those.

        The document node is written last, in the same transaction where the store has one, so a
        write interrupted half-way is redone by the next write of that document.
        """

    def write_many(self, graphs: list[GraphDocument]) -> list[WriteSummary]:
        """Write the documents of several graphs; a store may do it in one transaction (both stores do).

        The outcome is the graph that writing them one by one gives. If it raises, some documents
        may be written and others not: write them again one by one (ingest does) to find the bad one.
        """
        return [summary for graph in graphs for summary in self.write(graph)]

    @staticmethod
    def encode(graph: GraphDocument) -> Any:
        """``graph`` in the form :meth:`write_encoded` takes: plain, picklable data, made without a store.

        A pure function of the graph, so parallel ingest runs it in its worker processes and the
        single writer only writes. The default is the graph's rows (``GraphDocument.to_rows``); a
        store overrides it with the rows of its own write statements (ladybug does).
        """
        return graph.to_rows()

    def write_encoded(self, encoded: list[Any]) -> list[WriteSummary]:
        """:meth:`write_many` for graphs :meth:`encode` made, with the same outcome."""
        return self.write_many([GraphDocument.from_rows(item) for item in encoded])

    @abstractmethod
    def delete_document(self, doc_id: str) -> bool:
        """Remove a document's facts; facts other documents also state stay. False if unknown."""

    @abstractmethod
    def document_fingerprint(self, doc_id: str) -> str | None:
        """The fingerprint of a completely written document, or None."""

    # -- reading ---------------------------------------------------------------------------
    @abstractmethod
    def documents(self) -> list[DocumentInfo]: ...

    def search(self, q: str, types: list[str] | None = None, limit: int = 20) -> list[Node]:
        """Entities whose name or an alias contains ``q`` (exact names first, then shorter).

        Answered from an in-memory name index of the current graph version (graph/search_index.py;
        built on the first search after a change): each store's Cypher ``search`` scans every name
        (75-150 ms at 100k nodes), the index takes ~1-3 ms and gives the same answers.
        """
        return self.nodes(self._name_index().search(q, types=types, limit=limit))

    def _name_index(self) -> NameIndex:
        version = self.version()
        cached: tuple[int, NameIndex] | None = getattr(self, "_names", None)
        if cached is None or cached[0] != version:
            cached = self._names = (version, NameIndex(self._named_entities()))
        return cached[1]

    def has_name_index(self) -> bool:
        """Whether a name index is built (of this or an earlier version); never touches the database."""
        return getattr(self, "_names", None) is not None

    @abstractmethod
    def _named_entities(self) -> Iterable[Entry]:
        """(id, name, aliases, labels) of every Organization and District: what search looks through."""

    def nodes(self, ids: list[str]) -> list[Node]:
        """The nodes of ``ids`` that exist, in that order: one batched lookup, then node() for the rest
        (an id without a known prefix, or whose prefix misleads)."""
        found = self._nodes_by_id(ids)
        found.update((i, n) for i in ids if i not in found and (n := self.node(i)) is not None)
        return [found[i] for i in ids if i in found]

    @abstractmethod
    def _nodes_by_id(self, ids: list[str]) -> dict[str, Node]:
        """The Organizations, Districts and Events among ``ids``, by id, in as few queries as the store allows."""

    @abstractmethod
    def node(self, node_id: str) -> Node | None: ...

    @abstractmethod
    def relationships_of(self, node_id: str) -> list[Relationship]:
        """Every relationship touching the node, MENTIONED_IN included, with provenance."""

    def snapshot(self) -> Subgraph:
        """The whole graph (without Document nodes and MENTIONED_IN edges) for projections."""
        nodes: list[Node] = []
        rels: list[Relationship] = []
        for item in self.iter_snapshot():
            (rels if isinstance(item, Relationship) else nodes).append(item)
        return Subgraph(nodes=nodes, relationships=rels)

    @abstractmethod
    def iter_snapshot(self) -> Iterator[Node | Relationship]:
        """:meth:`snapshot` as a stream, every node before any relationship.

        Projections are built from it, so the whole graph is never held as models while the
        projection is built.
        """

    @abstractmethod
    def query(self, cypher: str, params: dict[str, Any] | None = None, *, row_limit: int = 1000,
              timeout_s: float = 10.0) -> QueryResult:
        """Run a read-only query. Callers check it with :mod:`innograph.graph.readonly` first."""

    @abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}``."""

    @abstractmethod
    def version(self) -> int:
        """A number that changes whenever the graph does, so projections know to refresh."""

    def export(self) -> GraphDocument:
        """The whole store as one graph document, provenance and documents included, in canonical order."""
        graph = self.snapshot()
        out = GraphDocument(documents=self.documents(), nodes=list(graph.nodes),
                            relationships=list(graph.relationships))
        out.relationships.extend(self.mentions())
        return out.sorted()  # a stable order, so two exports of the same graph are identical

    @abstractmethod
    def mentions(self) -> list[Relationship]:
        """All MENTIONED_IN relationships."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
