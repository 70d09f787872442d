"""The embedded default store: ladybug (the maintained Kùzu fork), in the data directory.

Ladybug keeps one node table per label, so an ontology node ``["Organization", "University"]``
is a row of ``Organization`` with ``kind = 'University'``; :func:`_to_node` turns rows back into
ontology nodes. Queries live in ``cypher/ladybug/``.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, NamedTuple

import ladybug

from innograph import cypher
from innograph.graph.model import (DocumentInfo, GraphDocument, Node, Relationship, trusted_node,
                                   trusted_relationship)
from innograph.graph.ontology import ORGANIZATION_KINDS, RELATIONSHIP_TYPES, primary_label
from innograph.graph.search_index import Entry
from innograph.graph.store import QueryResult, QueryTimeout, Store, StoreError, WriteSummary
from innograph.graph.tables import facts_of, node_table, relationship_section

_DIALECT = "ladybug"
_SCHEMA_SECTIONS = (
    "organization_table", "district_table", "event_table", "document_table", "meta_table",
    "located_in", "part_of", "party_to", "held_in", "establishes", "founded_by", "branch_of",
    "operated_by", "collaborates_with", "mentioned_in",
)
_NODE_COLUMNS = {
    "Organization": ("name", "aliases", "kind"),
    "District": ("name", "aliases", "level"),
    "Event": ("name", "kind", "date", "title"),
}
_REL_COLUMNS = ("doc", "evidence", "extractor", "confidence", "role", "via", "aliases")
_REL_TABLE_COLUMNS = ("src", "dst", *_REL_COLUMNS)
DB_FILE = "graph.lbug"
_WRITE_SECTIONS = frozenset(cypher.sections(_DIALECT, "write"))


@lru_cache(maxsize=1)
def _arrow() -> tuple[Any, Any, dict[str, Any]]:
    """pyarrow, the relationship rows' schema and each node table's.

    Write statements read their rows as Arrow tables (LOAD FROM $rows, cypher/ladybug/write.cypher):
    typed columns ladybug scans in C++, where a list of maps cost a Python call per value. Imported
    on the first write: a server that only reads stays ~65 MB smaller.
    """
    import pyarrow as pa

    text, texts = pa.string(), pa.list_(pa.string())
    rel_schema = pa.schema([(c, pa.float64() if c == "confidence" else texts if c == "aliases" else text)
                            for c in _REL_TABLE_COLUMNS])
    node_schemas = {
        table: pa.schema([("id", text), *((c, text) for c in columns if c != "aliases"), ("labels", texts),
                          ("extra", text)])
        for table, columns in _NODE_COLUMNS.items()
    }
    return pa, rel_schema, node_schemas


def _q(section: str, name: str = "read") -> str:
    return cypher.statement(_DIALECT, name, section)


class LadybugStore(Store):
    """A graph store in one ladybug database file under ``data_dir``.

    >>> import tempfile
    >>> with LadybugStore(tempfile.mkdtemp()) as store:
    ...     store.counts()["nodes"]
    {}
    """

    name = "ladybug"
    #: Write-ahead log size that triggers a checkpoint. ladybug's default (16 MiB) checkpointed
    #: every few batches of an ingest: COMMIT took 11.5 of 26 s writing 1,000 documents; at 64 MiB
    #: 1.9 of 16 s (close, which checkpoints, 2.0 -> 3.3 s). Committed data is in the log either
    #: way: a crash replays it on the next open.
    CHECKPOINT_THRESHOLD = 64 * 1024 * 1024

    def __init__(self, data_dir: str | Path, *, read_only: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.data_dir / DB_FILE
        try:
            self._db = ladybug.Database(str(self.path), read_only=read_only,
                                        checkpoint_threshold=self.CHECKPOINT_THRESHOLD)
        except RuntimeError as exc:
            raise StoreError(f"cannot open the ladybug database {self.path}: {exc}") from exc
        self._conn = ladybug.Connection(self._db)
        # One connection for the store's own work, used from FastAPI's worker threads: serialise it.
        self._lock = threading.RLock()
        # Analysts' queries get a connection of their own, so a slow one (up to its time limit)
        # never holds up search, entities and paths.
        self._query_conn = ladybug.Connection(self._db)
        self._query_lock = threading.Lock()
        if not read_only:
            with self._lock:
                for section in _SCHEMA_SECTIONS:
                    self._conn.execute(cypher.statement(_DIALECT, "schema", section))
        super().__init__()

    # -- plumbing ----------------------------------------------------------------------------
    def _rows(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._lock:
            result = self._conn.execute(query, params or {})
            columns = result.get_column_names()
            rows = []
            while result.has_next():
                rows.append(dict(zip(columns, result.get_next())))
            return rows

    def _run(self, query: str, params: dict[str, Any] | None = None) -> None:
        with self._lock:
            self._conn.execute(query, params or {})

    def _rollback(self) -> None:
        # A failed statement may already have ended the transaction.
        try:
            self._run("ROLLBACK")
        except RuntimeError:
            pass

    # -- writing -----------------------------------------------------------------------------
    def write(self, graph: GraphDocument) -> list[WriteSummary]:
        return self.write_encoded([encode_graph(graph)])

    def write_many(self, graphs: list[GraphDocument]) -> list[WriteSummary]:
        """Write the documents of ``graphs`` in ONE transaction, each statement run once over all rows.

        The result is the graph that writing them one by one gives (a document given twice: the
        later wins). A first-time document has nothing to delete and cannot orphan a node, so that
        work is skipped. Parallel ingest calls :meth:`write_encoded` with batches of documents its
        workers encoded (loaders/parallel.py).
        """
        return self.write_encoded([encode_graph(graph) for graph in graphs])

    @staticmethod
    def encode(graph: GraphDocument) -> list["EncodedDocument"]:
        return encode_graph(graph)

    def write_encoded(self, encoded: list[list["EncodedDocument"]]) -> list[WriteSummary]:
        parts = [part for graph in encoded for part in graph]
        if not parts:
            return []
        last = {part.info["id"]: i for i, part in enumerate(parts)}
        parts = [part for i, part in enumerate(parts) if last[part.info["id"]] == i]
        docs = [part.info["id"] for part in parts]
        node_rows: dict[str, dict[str, dict]] = {"Organization": {}, "District": {}, "Event": {}}
        rel_columns: dict[str, dict[str, list]] = {}
        new_ids: set[str] = set()
        unmentioned = False
        for part in parts:
            unmentioned = unmentioned or part.unmentioned
            for table, row in part.nodes:
                node_id = row["id"]
                previous = node_rows[table].pop(node_id, None)  # the later document wins, as with two writes
                if table == "District" and previous is not None and row["level"] is None:
                    row = {**row, "level": previous["level"]}  # merge_districts: coalesce(r.level, n.level)
                node_rows[table][node_id] = row
                new_ids.add(node_id)
            for section, columns in part.relationships.items():
                out = rel_columns.get(section)
                if out is None:  # copied: the encoded document may be written again (a failed batch)
                    rel_columns[section] = {name: list(values) for name, values in columns.items()}
                else:
                    for name, values in columns.items():
                        out[name].extend(values)
        pa, rel_schema, node_schemas = _arrow()
        with self._lock:
            self._run("BEGIN TRANSACTION")
            try:
                existing = [r["id"] for r in self._rows(_q("existing_documents", "write"), {"ids": docs})]
                touched: set[str] = set()
                if existing:  # documents written before: drop their old facts first
                    touched = {r["id"] for r in self._rows(_q("touched_by_documents", "write"), {"docs": existing})}
                    self._run(_q("delete_documents_relationships", "write"), {"docs": existing})
                self._run(_q("mark_documents_incomplete", "write"), {"rows": [
                    {k: part.info[k] for k in ("id", "path", "title", "date", "chars", "format")} for part in parts]})
                for table, plural in (("Organization", "organizations"), ("District", "districts"),
                                      ("Event", "events")):
                    if not node_rows[table]:
                        continue
                    # CREATE the new nodes, SET the stored ones: MERGE would scan the table (write.cypher).
                    stored = {r["id"] for r in self._rows(_q(f"existing_nodes:{table}", "write"),
                                                           {"ids": list(node_rows[table])})}
                    for verb, wanted in (("create", False), ("update", True)):
                        todo = [r for i, r in node_rows[table].items() if (i in stored) is wanted]
                        if todo:
                            rows = pa.Table.from_pylist(todo, schema=node_schemas[table])
                            self._run(_q(f"{verb}_{plural}", "write"), {"rows": rows})
                for section, columns in rel_columns.items():
                    self._run(_q(section, "write"), {"rows": pa.table(columns, schema=rel_schema)})
                ids = sorted(touched | new_ids)
                self._run(_q("clear_aliases", "write"), {"ids": ids})
                self._run(_q("refresh_aliases", "write"), {"ids": ids})
                if touched or unmentioned:  # else no node can have lost its last mention
                    self._run(_q("delete_orphans", "write"), {"ids": ids})
                self._run(_q("mark_documents_complete", "write"), {"rows": [
                    {k: part.info[k] for k in ("id", "sha256", "fingerprint")} for part in parts]})
                self._run(_q("bump_version", "write"))
                self._run("COMMIT")
            except Exception:
                self._rollback()
                raise
        return [WriteSummary(document=part.info["id"], nodes=len(part.nodes), relationships=part.relationship_count)
                for part in parts]

    def delete_document(self, doc_id: str) -> bool:
        with self._lock:
            # The Document table's key, not the label-less node lookup (a scan of every table).
            if not self._rows(_q("existing_documents", "write"), {"ids": [doc_id]}):
                return False
            self._run("BEGIN TRANSACTION")
            try:
                touched = [r["id"] for r in self._rows(_q("touched_by_document", "write"), {"doc": doc_id})]
                self._run(_q("delete_document_relationships", "write"), {"doc": doc_id})
                self._run(_q("delete_document_node", "write"), {"id": doc_id})
                self._run(_q("clear_aliases", "write"), {"ids": touched})
                self._run(_q("refresh_aliases", "write"), {"ids": touched})
                self._run(_q("delete_orphans", "write"), {"ids": touched})
                self._run(_q("bump_version", "write"))
                self._run("COMMIT")
            except Exception:
                self._rollback()
                raise
        return True

    def document_fingerprint(self, doc_id: str) -> str | None:
        rows = self._rows(_q("document_fingerprint"), {"id": doc_id})
        return rows[0]["fingerprint"] if rows else None

    # -- reading -----------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        return [DocumentInfo(**row) for row in self._rows(_q("documents"))]

    def _nodes_by_id(self, ids: list[str]) -> dict[str, Node]:
        # One query per table the ids' prefixes name, not one per id.
        by_table: dict[str, list[str]] = defaultdict(list)
        for node_id in ids:
            table = _table_of(node_id)
            if table is not None:
                by_table[table].append(node_id)
        found: dict[str, Node] = {}
        for table, wanted in by_table.items():
            rows = self._rows(_q(f"nodes_in:{table}"), {"ids": wanted})
            found.update((n.id, n) for n in (_to_node(r["n"]) for r in rows))
        return found

    def _named_entities(self) -> list[Entry]:
        with self._lock:
            result = self._conn.execute(_q("named_entities"))
            entries = []
            while result.has_next():
                node_id, table, name, aliases, labels, kind = result.get_next()
                entries.append((node_id, name, aliases, _labels_of(table, labels, kind)))
        return entries

    def node(self, node_id: str) -> Node | None:
        # The table named by the id's prefix first: an index lookup (~0.1 ms) where the label-less
        # MATCH (n {id: $id}) scans every table (~70 ms at 100k nodes). Then the general query.
        table = _table_of(node_id)
        if table is not None:
            rows = self._rows(_q(f"node_in:{table}"), {"id": node_id})
            if rows:
                return _to_node(rows[0]["n"])
        rows = self._rows(_q("node"), {"id": node_id})
        return _to_node(rows[0]["n"]) if rows else None

    def relationships_of(self, node_id: str) -> list[Relationship]:
        table = _table_of(node_id)
        if table is not None and self._rows(_q(f"node_in:{table}"), {"id": node_id}):
            return [_to_rel(r) for r in self._rows(_q(f"relationships_of:{table}"), {"id": node_id})]
        return [_to_rel(r) for r in self._rows(_q("relationships_of"), {"id": node_id})]

    def iter_snapshot(self) -> Iterator[Node | Relationship]:
        # 500k relationships at 100k nodes: rows are converted as they stream in, one relationship
        # table at a time, from scalar columns (materialising all rows as nested dicts first peaked at
        # 2.6 GB); ends reuse the node id strings, repeated values are one object each, and the models
        # are built without re-validating what the store holds (trusted_node, trusted_relationship).
        label_lists: dict[tuple[str, ...], list[str]] = {}  # one list object per label set
        memo: dict[Any, Any] = {}
        one = memo.setdefault
        # A connection of its own, in one read transaction: a consistent snapshot, and the store's
        # other reads (search, /health) need not wait the ~17 s the projection takes to stream in.
        conn = ladybug.Connection(self._db)
        try:
            conn.execute("BEGIN TRANSACTION READ ONLY")
            result = conn.execute(_q("entity_nodes"))
            while result.has_next():
                node = _to_node(result.get_next()[0])
                labels = label_lists.setdefault(tuple(node.labels), node.labels)
                props = {k: (one(v, v) if isinstance(v, str) else v) for k, v in node.properties.items()}
                yield trusted_node(one(node.id, node.id), labels, props)
            for rel_type in RELATIONSHIP_TYPES:
                if rel_type == "MENTIONED_IN":
                    continue
                result = conn.execute(_q(f"relationship_columns:{rel_type}"))
                while result.has_next():
                    src, type_, dst, *values = result.get_next()
                    props = {}
                    for key, value in zip(_REL_COLUMNS, values):
                        if value is not None and value != "":
                            props[key] = one(value, value) if isinstance(value, (str, float)) else value
                    yield trusted_relationship(one(type_, type_), one(src, src), one(dst, dst), props)
            conn.execute("COMMIT")
        finally:
            conn.close()

    def mentions(self) -> list[Relationship]:
        return [_to_rel(r) for r in self._rows(_q("mentions"))]

    def query(self, cypher_text: str, params: dict[str, Any] | None = None, *, row_limit: int = 1000,
              timeout_s: float = 10.0) -> QueryResult:
        with self._query_lock:
            self._query_conn.set_query_timeout(int(timeout_s * 1000))
            try:
                result = self._query_conn.execute(cypher_text, params or {})
            except RuntimeError as exc:
                if "Interrupted" in str(exc):
                    raise QueryTimeout(f"the query ran longer than {timeout_s:g} s and was stopped") from exc
                raise StoreError(str(exc)) from exc
            finally:
                self._query_conn.set_query_timeout(0)
            columns = result.get_column_names()
            rows, truncated = [], False
            while result.has_next():
                if len(rows) >= row_limit:
                    truncated = True
                    break
                rows.append([_plain(v) for v in result.get_next()])
        return QueryResult(columns=columns, rows=rows, truncated=truncated)

    def counts(self) -> dict[str, dict[str, int]]:
        nodes: dict[str, int] = defaultdict(int)
        for row in self._rows(_q("node_counts")):
            if row["tbl"] == "Organization":
                nodes["Organization"] += row["n"]
                nodes[row["kind"]] += row["n"]
            elif row["tbl"] == "Event":
                nodes["Event"] += row["n"]
                if row["kind"] == "signing":
                    nodes["SigningEvent"] += row["n"]
            else:
                nodes[row["tbl"]] += row["n"]
        rels = {row["type"]: row["n"] for row in self._rows(_q("relationship_counts"))}
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    def version(self) -> int:
        rows = self._rows(_q("version"))
        return int(rows[0]["version"]) if rows else 0

    def close(self) -> None:
        with self._lock, self._query_lock:
            self._query_conn.close()
            self._conn.close()
            self._db.close()


# -- conversions between ontology objects and ladybug rows -------------------------------------
_TABLE_BY_PREFIX = (("org:", "Organization"), ("place:", "District"), ("event:", "Event"), ("doc:", "Document"))


def _table_of(node_id: str) -> str | None:
    """The table a node id's prefix names (graph/ids.py), or None."""
    for prefix, table in _TABLE_BY_PREFIX:
        if node_id.startswith(prefix):
            return table
    return None


class EncodedDocument(NamedTuple):
    """One document's facts as rows of ladybug's write statements: what :func:`encode_graph` makes."""

    info: dict[str, Any]                        # the DocumentInfo's fields
    nodes: list[tuple[str, dict[str, Any]]]      # (table, row), in the document's order
    relationships: dict[str, dict[str, list]]   # write section -> column -> values
    unmentioned: bool                           # a node no MENTIONED_IN of this document names

    @property
    def relationship_count(self) -> int:
        return sum(len(columns["src"]) for columns in self.relationships.values())


def encode_graph(graph: GraphDocument) -> list[EncodedDocument]:
    """The documents of ``graph`` as write rows: pure, so parallel ingest runs it in its workers.

    Raises :class:`StoreError` for a relationship the ontology has no table for.
    """
    out = []
    for info in graph.documents:
        part = facts_of(graph, info.id)
        mentioned = {r.start for r in part.relationships if r.type == "MENTIONED_IN"}
        nodes = [_node_row(node) for node in part.nodes]
        tables = {row["id"]: table for table, row in nodes}
        tables[info.id] = "Document"
        columns: dict[str, dict[str, list]] = {}
        for rel in part.relationships:
            section = relationship_section(rel, tables, _WRITE_SECTIONS, info.id)
            _add_rel(columns, section, rel)
        out.append(EncodedDocument(info.model_dump(), nodes, columns,
                                   any(node.id not in mentioned for node in part.nodes)))
    return out


def _node_row(node: Node) -> tuple[str, dict[str, Any]]:
    table = node_table(node)
    props = node.properties
    row: dict[str, Any] = {"id": node.id, "labels": list(node.labels)}
    for column in _NODE_COLUMNS[table]:
        if column != "aliases":
            value = props.get(column)
            row[column] = value if value is None or isinstance(value, str) else str(value)  # STRING columns
    if table == "Organization":
        row["kind"] = primary_label(node.labels)
    if table == "Event":
        row["name"] = props.get("title") or props.get("name")
    extra = {k: v for k, v in props.items() if k not in _NODE_COLUMNS[table]}
    row["extra"] = json.dumps(extra, ensure_ascii=False) if extra else None
    return table, row


def _add_rel(columns: dict[str, dict[str, list]], section: str, rel: Relationship) -> None:
    """Append one relationship to its write statement's columns (``_REL_TABLE_COLUMNS``, typed by ``_arrow``)."""
    out = columns.get(section)
    if out is None:
        out = columns[section] = {name: [] for name in _REL_TABLE_COLUMNS}
    props = rel.properties
    out["src"].append(rel.start)
    out["dst"].append(rel.end)
    for column in ("doc", "evidence", "extractor", "role", "via"):
        value = props.get(column)
        out[column].append("" if value is None else str(value))
    confidence = props.get("confidence")
    out["confidence"].append(None if confidence is None else float(confidence))
    out["aliases"].append([str(a) for a in props.get("aliases") or ()])


def _labels_of(table: str, labels: list[str] | None, kind: str | None) -> list[str]:
    """A node's labels from its row: stored labels, else the table (an organisation gets its kind)."""
    out = list(labels or [table])
    if table == "Organization" and not any(label in ORGANIZATION_KINDS for label in out):
        out = ["Organization", kind or "Enterprise"]
    return out


def _to_node(raw: dict[str, Any]) -> Node:
    table = raw["_LABEL"]
    if table == "Document":
        props = {k: v for k, v in raw.items() if not k.startswith("_") and k not in ("id", "complete")
                 and v is not None and k in ("path", "title", "date", "sha256", "chars", "format", "fingerprint")}
        return Node(id=raw["id"], labels=["Document"], properties=props)
    labels = _labels_of(table, raw.get("labels"), raw.get("kind"))
    props: dict[str, Any] = {}
    for column in _NODE_COLUMNS.get(table, ()):
        if column == "kind" and table == "Organization":
            continue
        value = raw.get(column)
        if value is not None:
            props[column] = value
    if "aliases" in _NODE_COLUMNS.get(table, ()):
        props.setdefault("aliases", [])
    if table == "Event":
        props.pop("name", None)
    if raw.get("extra"):
        props.update(json.loads(raw["extra"]))
    return Node(id=raw["id"], labels=labels, properties=props)


def _to_rel(row: dict[str, Any]) -> Relationship:
    raw = row["rel"]
    props = {k: raw[k] for k in _REL_COLUMNS if raw.get(k) not in (None, "")}
    if row["type"] != "MENTIONED_IN":
        props.pop("aliases", None)
    return Relationship(type=row["type"], start=row["src"], end=row["dst"], properties=props)


def _plain(value: Any) -> Any:
    """Query values as JSON-friendly data: nodes and relationships lose their internal ids."""
    if isinstance(value, dict):
        if "_LABEL" in value and "id" in value and "_SRC" not in value:
            return _to_node(value).model_dump()
        return {k: _plain(v) for k, v in value.items() if not k.startswith("_") and v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
