"""The production store: Neo4j 5.26 through the official driver.

Writes are parameterised ``UNWIND $rows … MERGE`` batches, one write transaction per document;
reads run in read transactions with a per-query timeout. Queries live in ``cypher/neo4j/``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Any, Callable, Iterator

import neo4j
from neo4j import GraphDatabase, Query, RoutingControl
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from innograph import cypher
from innograph.graph.model import DocumentInfo, GraphDocument, Node, Relationship
from innograph.graph.ontology import ORGANIZATION_KINDS, primary_label
from innograph.graph.search_index import Entry
from innograph.graph.store import QueryResult, QueryTimeout, Store, StoreError, StoreUnavailable, WriteSummary
from innograph.graph.tables import facts_of, node_table, relationship_section

_DIALECT = "neo4j"
_INTERNAL_PROPS = ("id", "aliasText")
_WRITE_SECTIONS = frozenset(cypher.sections(_DIALECT, "write"))


def _q(section: str, name: str = "read") -> str:
    return cypher.statement(_DIALECT, name, section)


class Neo4jStore(Store):
    name = "neo4j"

    def __init__(self, uri: str, *, user: str | None = "neo4j", password: str | None = None,
                 database: str = "neo4j", timeout_s: float = 10.0, snapshot_timeout_s: float | None = None) -> None:
        self.uri, self.database, self.timeout_s = uri, database, timeout_s
        self.snapshot_timeout_s = snapshot_timeout_s or float(os.environ.get("INNOGRAPH_NEO4J_SNAPSHOT_TIMEOUT", "600"))
        auth = (user, password) if password else None
        try:
            # Short timeouts: an unreachable server must turn into a clear error, not a hang.
            self._driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=1.5,
                                                connection_acquisition_timeout=1.5, max_transaction_retry_time=0.5,
                                                # Absent optional properties are normal here, not news.
                                                notifications_min_severity="OFF")
            self._driver.verify_connectivity()
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(f"cannot reach Neo4j at {uri}: {exc}") from exc
        except AuthError as exc:
            raise StoreError(f"Neo4j at {uri} refused the credentials: {exc}") from exc
        except ValueError as exc:
            raise StoreError(f"invalid Neo4j URI {uri!r}: {exc}") from exc
        self._ensure_schema()

    # -- plumbing ----------------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        for statement in cypher.sections(_DIALECT, "schema").values():
            self._write_auto(statement)

    def _write_auto(self, statement: str, params: dict | None = None) -> None:
        try:
            self._driver.execute_query(statement, params or {}, database_=self.database)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from exc

    def _read(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            records, _, _ = self._driver.execute_query(
                Query(statement, timeout=self.timeout_s), params or {}, database_=self.database,
                routing_=RoutingControl.READ)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(f"{exc.code}: {exc.message}") from exc
        return [r.data() for r in records]

    # -- writing -----------------------------------------------------------------------------
    def write(self, graph: GraphDocument) -> list[WriteSummary]:
        return self.write_many([graph])

    def write_many(self, graphs: list[GraphDocument]) -> list[WriteSummary]:
        """Write the documents of ``graphs`` in ONE transaction, each with its own statements.

        The outcome is the graph of writing them one by one (each document's statements see the
        earlier ones'); a batch commits once, where a transaction per document paid a commit each.
        If it raises, none of them is written.
        """
        works, summaries = [], []
        for graph in graphs:
            for info in graph.documents:
                work, summary = self._document_work(info, facts_of(graph, info.id))
                works.append(work)
                summaries.append(summary)
        if works:
            self._execute_write(lambda tx: [work(tx) for work in works])
        return summaries

    def _document_work(self, info: DocumentInfo,
                       graph: GraphDocument) -> tuple[Callable[[neo4j.ManagedTransaction], None], WriteSummary]:
        """The transaction function that writes one document's facts, and its summary."""
        node_rows: dict[str, list[dict]] = defaultdict(list)
        for node in graph.nodes:
            node_rows[node_table(node)].append(_node_row(node))
        tables = {n.id: node_table(n) for n in graph.nodes}
        tables[info.id] = "Document"
        rel_rows: dict[str, list[dict]] = defaultdict(list)
        for rel in graph.relationships:
            section = relationship_section(rel, tables, _WRITE_SECTIONS, info.id)
            rel_rows[section].append({"src": rel.start, "dst": rel.end, "props": _props(rel.properties)})

        def work(tx: neo4j.ManagedTransaction) -> None:
            touched = {r["id"] for r in tx.run(_q("touched_by_document", "write"), doc=info.id)}
            if tx.run(_q("document_exists", "write"), id=info.id).single() is not None:
                tx.run(_q("delete_document_relationships", "write"), doc=info.id).consume()
            tx.run(_q("mark_document_incomplete", "write"), id=info.id, path=info.path, title=info.title,
                   date=info.date, chars=info.chars, format=info.format).consume()
            for table, section in (("Organization", "merge_organizations"), ("District", "merge_districts"),
                                   ("Event", "merge_events")):
                if node_rows[table]:
                    tx.run(_q(section, "write"), rows=node_rows[table]).consume()
            for section, rows in rel_rows.items():
                tx.run(_q(section, "write"), rows=rows).consume()
            ids = sorted(touched | {n.id for n in graph.nodes})
            tx.run(_q("refresh_aliases", "write"), ids=ids).consume()
            tx.run(_q("delete_orphans", "write"), ids=ids).consume()
            tx.run(_q("mark_document_complete", "write"), id=info.id, sha256=info.sha256,
                   fingerprint=info.fingerprint).consume()
            tx.run(_q("bump_version", "write")).consume()

        return work, WriteSummary(document=info.id, nodes=len(graph.nodes), relationships=len(graph.relationships))

    def _execute_write(self, work) -> None:
        try:
            with self._driver.session(database=self.database) as session:
                session.execute_write(work)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(f"{exc.code}: {exc.message}") from exc

    def delete_document(self, doc_id: str) -> bool:
        if not self._read(_q("document_exists"), {"id": doc_id}):
            return False

        def work(tx: neo4j.ManagedTransaction) -> None:
            touched = [r["id"] for r in tx.run(_q("touched_by_document", "write"), doc=doc_id)]
            tx.run(_q("delete_document_relationships", "write"), doc=doc_id).consume()
            tx.run(_q("delete_document_node", "write"), id=doc_id).consume()
            tx.run(_q("refresh_aliases", "write"), ids=touched).consume()
            tx.run(_q("delete_orphans", "write"), ids=touched).consume()
            tx.run(_q("bump_version", "write")).consume()

        self._execute_write(work)
        return True

    def document_fingerprint(self, doc_id: str) -> str | None:
        rows = self._read(_q("document_fingerprint"), {"id": doc_id})
        return rows[0]["fingerprint"] if rows else None

    # -- reading -----------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        return [DocumentInfo(**row) for row in self._read(_q("documents"))]

    def _named_entities(self) -> list[Entry]:
        rows = self._read(_q("named_entities"))
        return [(r["id"], r["name"], r["aliases"], _ordered_labels(r["labels"])) for r in rows]

    def _nodes_by_id(self, ids: list[str]) -> dict[str, Node]:
        return {row["id"]: _to_node(row) for row in self._read(_q("nodes"), {"ids": ids})}

    def node(self, node_id: str) -> Node | None:
        rows = self._read(_q("node"), {"id": node_id})
        return _to_node(rows[0]) if rows else None

    def relationships_of(self, node_id: str) -> list[Relationship]:
        return [_to_rel(r) for r in self._read(_q("relationships_of"), {"id": node_id})]

    def iter_snapshot(self) -> Iterator[Node | Relationship]:
        # The whole graph, streamed from one read transaction (one consistent view) with a time limit
        # of its own: at 100k nodes / 500k relationships it takes ~40 s, far past the 10 s that suits
        # a single question (INNOGRAPH_NEO4J_SNAPSHOT_TIMEOUT, seconds, to change it).
        try:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS,
                                      fetch_size=5000) as session:
                with session.begin_transaction(timeout=self.snapshot_timeout_s) as tx:
                    for record in tx.run(_q("entity_nodes")):
                        yield _to_node(record.data())
                    for record in tx.run(_q("entity_relationships")):
                        yield _to_rel(record.data())
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from exc
        except (ClientError, TransientError, Neo4jError) as exc:
            if "TransactionTimedOut" in (exc.code or ""):
                raise QueryTimeout(f"reading the whole graph took longer than {self.snapshot_timeout_s:g} s "
                                   "(INNOGRAPH_NEO4J_SNAPSHOT_TIMEOUT)") from exc
            raise StoreError(f"{exc.code}: {exc.message}") from exc

    def mentions(self) -> list[Relationship]:
        return [_to_rel(r) for r in self._read(_q("mentions"))]

    def query(self, cypher_text: str, params: dict[str, Any] | None = None, *, row_limit: int = 1000,
              timeout_s: float = 10.0) -> QueryResult:
        @neo4j.unit_of_work(timeout=timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            result = tx.run(cypher_text, params or {})
            columns = list(result.keys())
            rows, truncated = [], False
            for record in result:
                if len(rows) >= row_limit:
                    truncated = True
                    break
                rows.append([_plain(v) for v in record.values()])
            return QueryResult(columns=columns, rows=rows, truncated=truncated)

        try:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                # A read transaction as well as the door's check: the server refuses writes here too.
                return session.execute_read(work)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from exc
        except (ClientError, TransientError, Neo4jError) as exc:
            if "TransactionTimedOut" in (exc.code or ""):
                raise QueryTimeout(f"the query ran longer than {timeout_s:g} s and was stopped") from exc
            raise StoreError(f"{exc.code}: {exc.message}") from exc

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {r["label"]: r["n"] for r in self._read(_q("node_counts"))}
        rels = {r["type"]: r["n"] for r in self._read(_q("relationship_counts"))}
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    def version(self) -> int:
        rows = self._read(_q("version"))
        return int(rows[0]["version"]) if rows else 0

    def close(self) -> None:
        self._driver.close()


# -- conversions ------------------------------------------------------------------------------
def _props(props: dict[str, Any]) -> dict[str, Any]:
    """Neo4j stores only primitives and lists of them; None means 'no property'."""
    out = {}
    for key, value in props.items():
        if value is None or isinstance(value, dict):
            continue
        out[key] = value
    return out


def _node_row(node: Node) -> dict[str, Any]:
    props = _props(node.properties)
    props.pop("aliases", None)  # aliases come from the mentions (refresh_aliases)
    props["name"] = node.properties.get("name") or node.properties.get("title") or node.id
    row = {"id": node.id, "props": props}
    if "Event" in node.labels:
        row["kind"] = node.properties.get("kind")
    elif "District" not in node.labels:
        row["kind"] = primary_label(node.labels)
    return row


def _ordered_labels(labels: list[str]) -> list[str]:
    if "Organization" in labels:
        kinds = [l for l in labels if l in ORGANIZATION_KINDS]
        return ["Organization", *kinds[:1]]
    if "Event" in labels:
        return ["Event", "SigningEvent"] if "SigningEvent" in labels else ["Event"]
    return list(labels)


def _to_node(row: dict[str, Any]) -> Node:
    labels = _ordered_labels(row["labels"])
    props = {k: v for k, v in row["props"].items() if k not in _INTERNAL_PROPS}
    if "Document" in labels:
        props = {k: v for k, v in props.items() if k in ("path", "title", "date", "sha256", "chars", "format", "fingerprint")}
    elif "Event" in labels:
        props.pop("name", None)
    else:
        props.setdefault("aliases", [])
    return Node(id=row["id"], labels=labels, properties=props)


def _to_rel(row: dict[str, Any]) -> Relationship:
    props = dict(row["props"])
    if row["type"] != "MENTIONED_IN":
        props.pop("aliases", None)
    else:
        props.setdefault("aliases", [])  # Neo4j does not keep an empty list property
    return Relationship(type=row["type"], start=row["src"], end=row["dst"], properties=props)


def _plain(value: Any) -> Any:
    if isinstance(value, neo4j.graph.Node):
        return _to_node({"id": value.get("id"), "labels": list(value.labels), "props": dict(value)}).model_dump()
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, "properties": dict(value)}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
