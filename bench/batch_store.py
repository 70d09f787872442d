"""A proposed faster write path for the ladybug store, kept in bench/ until the lead adopts it.

``LadybugStore.write`` runs ~20 statements and one COMMIT per document, and several of them scan a
whole table (``delete_document_relationships``, ``delete_orphans``, the ``MATCH … {id: r.src}``
joins), so a document costs 50–200 ms and more as the store grows: ingest is write-bound.

``BatchLadybugStore.write_many(graphs)`` writes many documents in ONE transaction with the same
statements run once over the union of their rows, and skips the work a first-time document cannot
need (nothing to delete, no orphan can appear). The final graph is the same as writing the
documents one by one (checked by ``bench_ingest.py`` with ``export().sorted()``).

``ingest_parallel`` uses ``store.write_many`` when the store has it.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections import defaultdict

from innograph.graph.ladybug_store import _WRITE_SECTIONS, LadybugStore, _node_row, _q, _rel_row
from innograph.graph.model import GraphDocument
from innograph.graph.store import StoreError, WriteSummary
from innograph.graph.tables import facts_of, node_table, relationship_section

_EXISTING_DOCS = "UNWIND $ids AS i MATCH (d:Document {id: i}) RETURN d.id AS id"
_TOUCHED_MANY = "UNWIND $docs AS doc MATCH (n)-[:MENTIONED_IN]->(d:Document {id: doc}) RETURN DISTINCT n.id AS id"
_DELETE_MANY = "MATCH ()-[r]->() WHERE list_contains($docs, r.doc) DELETE r"
_MARK_INCOMPLETE_MANY = (
    "UNWIND $rows AS r MERGE (d:Document {id: r.id}) "
    "SET d.path = r.path, d.title = r.title, d.date = r.date, d.chars = r.chars, d.format = r.format, d.complete = false")
_MARK_COMPLETE_MANY = (
    "UNWIND $rows AS r MATCH (d:Document {id: r.id}) "
    "SET d.sha256 = r.sha256, d.fingerprint = r.fingerprint, d.complete = true")


_REL_FIELDS = ("src", "dst", "doc", "evidence", "extractor", "confidence", "role", "via", "aliases")
_LOAD_RELS = """LOAD WITH HEADERS (src STRING, dst STRING, doc STRING, evidence STRING, extractor STRING,
    confidence DOUBLE, role STRING, via STRING, aliases STRING[])
FROM '{path}' (header=true, delim='|', quote='"', escape='"', parallel=false)
MATCH (a:{a} {{id: src}}), (b:{b} {{id: dst}})
CREATE (a)-[:{t} {{doc: doc, evidence: evidence, extractor: extractor, confidence: confidence, role: role, via: via,
    aliases: aliases}}]->(b)"""
_LIST_UNSAFE = set(',[]"|\n\r')


class BatchLadybugStore(LadybugStore):
    """LadybugStore plus ``write_many``: a batch of documents per transaction.

    ``load_csv=True`` hands relationship rows to ladybug as a temporary CSV file read by ``COPY … FROM``
    inside the transaction instead of an ``UNWIND $rows`` parameter (ladybug converts a Python list of
    dicts at ~60 µs per row). Off: on 200 corpus documents the COPY statements are fast but each
    COMMIT after them takes ~1.8 s (9.6 s in all against 7.5 s with UNWIND); ``LOAD FROM … MATCH …
    CREATE`` was worse still inside a transaction (126 s: its MATCH does not use the primary key).
    """

    load_csv = False

    def _create_relationships(self, section: str, rows: list[dict]) -> None:
        unsafe = any(_LIST_UNSAFE & set(a) for r in rows for a in r["aliases"])
        if not self.load_csv or unsafe or len(rows) < 20:
            self._run(_q(section, "write"), {"rows": rows})
            return
        t, a, b = section.split(":")
        fd, path = tempfile.mkstemp(suffix=".csv", prefix="innograph-rels-")
        try:
            with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh, delimiter="|", quoting=csv.QUOTE_ALL, doublequote=True)
                w.writerow(_REL_FIELDS)
                for r in rows:
                    w.writerow([r["src"], r["dst"], r["doc"], r["evidence"], r["extractor"],
                                "" if r["confidence"] is None else repr(r["confidence"]), r["role"], r["via"],
                                "[" + ",".join(r["aliases"]) + "]"])
            self._run(f"COPY {t} FROM '{path}' (header=true, delim='|', quote='\"', escape='\"', parallel=false, "
                      f"from='{a}', to='{b}')")
        finally:
            os.unlink(path)

    def write(self, graph: GraphDocument) -> list[WriteSummary]:
        return self.write_many([graph])

    def write_many(self, graphs: list[GraphDocument]) -> list[WriteSummary]:
        parts = []
        for graph in graphs:
            for info in graph.documents:
                parts.append((info, facts_of(graph, info.id)))
        if not parts:
            return []
        # A document written twice in one batch: the later one wins, as with two writes.
        last = {info.id: i for i, (info, _) in enumerate(parts)}
        parts = [p for i, p in enumerate(parts) if last[p[0].id] == i]
        docs = [info.id for info, _ in parts]
        node_rows: dict[str, dict[str, dict]] = {"Organization": {}, "District": {}, "Event": {}}
        rel_rows: dict[str, list[dict]] = defaultdict(list)
        new_ids: set[str] = set()
        unmentioned = False
        for info, part in parts:
            mentioned = {r.start for r in part.relationships if r.type == "MENTIONED_IN"}
            unmentioned = unmentioned or any(n.id not in mentioned for n in part.nodes)
            for node in part.nodes:
                table, row = _node_row(node)
                previous = node_rows[table].get(node.id)
                if table == "District" and previous is not None and row.get("level") is None:
                    row["level"] = previous.get("level")  # SET n.level = coalesce(r.level, n.level)
                node_rows[table].pop(node.id, None)
                node_rows[table][node.id] = row  # later document wins, like sequential writes
                new_ids.add(node.id)
            tables = {n.id: node_table(n) for n in part.nodes}
            tables[info.id] = "Document"
            for rel in part.relationships:
                section = relationship_section(rel, tables)
                if section not in _WRITE_SECTIONS:
                    raise StoreError(f"{info.id}: cannot store {rel.type} from {rel.start} to {rel.end}: "
                                     "the ontology has no such relationship between these node kinds")
                rel_rows[section].append(_rel_row(rel))
        with self._lock:
            self._run("BEGIN TRANSACTION")
            try:
                existing = {r["id"] for r in self._rows(_EXISTING_DOCS, {"ids": docs})}
                touched: set[str] = set()
                if existing:  # re-written documents: drop their old facts first
                    old = sorted(existing)
                    touched = {r["id"] for r in self._rows(_TOUCHED_MANY, {"docs": old})}
                    self._run(_DELETE_MANY, {"docs": old})
                self._run(_MARK_INCOMPLETE_MANY, {"rows": [
                    {"id": i.id, "path": i.path, "title": i.title, "date": i.date, "chars": i.chars, "format": i.format}
                    for i, _ in parts]})
                for table, section in (("Organization", "merge_organizations"),
                                       ("District", "merge_districts"), ("Event", "merge_events")):
                    if node_rows[table]:
                        self._run(_q(section, "write"), {"rows": list(node_rows[table].values())})
                for section, rows in rel_rows.items():
                    self._create_relationships(section, rows)
                ids = sorted(touched | new_ids)
                self._run(_q("clear_aliases", "write"), {"ids": ids})
                self._run(_q("refresh_aliases", "write"), {"ids": ids})
                if touched or unmentioned:  # else no node can have become an orphan
                    self._run(_q("delete_orphans", "write"), {"ids": ids})
                self._run(_MARK_COMPLETE_MANY, {"rows": [
                    {"id": i.id, "sha256": i.sha256, "fingerprint": i.fingerprint} for i, _ in parts]})
                self._run(_q("bump_version", "write"))
                self._run("COMMIT")
            except Exception:
                self._rollback()
                raise
        return [WriteSummary(document=i.id, nodes=len(p.nodes), relationships=len(p.relationships)) for i, p in parts]
