"""Neo4j helpers for the benches: a test server, and a batched bulk load of a synthetic graph.

The bulk load uses the Neo4j store's own write statements (cypher/neo4j/write.cypher:
``merge_*`` and one ``TYPE:From:To`` section per relationship type), ``UNWIND $rows`` in batches
of ``batch`` rows per transaction, then sets what ``refresh_aliases`` would have set.
"""

from __future__ import annotations

import time
from pathlib import Path

from innograph import cypher

DOCS = ("UNWIND $rows AS r MERGE (d:Document {id: r.id}) "
        "SET d.path = r.path, d.title = r.title, d.date = r.date, d.chars = r.chars, d.format = r.format, "
        "d.sha256 = r.sha256, d.fingerprint = r.fingerprint, d.complete = true")
ALIASES = ("UNWIND $rows AS r MATCH (n {id: r.id}) WHERE n:Organization OR n:District "
           "SET n.aliases = r.aliases, n.aliasText = r.text")
ALIASES_ORG = ("UNWIND $rows AS r MATCH (n:Organization {id: r.id}) SET n.aliases = r.aliases, n.aliasText = r.text")
ALIASES_DISTRICT = ("UNWIND $rows AS r MATCH (n:District {id: r.id}) SET n.aliases = r.aliases, n.aliasText = r.text")


def start_server(data_dir: Path, heap: str = "2g", pagecache: str = "1g"):
    from neo4j_server import Neo4jTestServer

    ok, reason = Neo4jTestServer.available()
    if not ok:
        raise SystemExit(f"Neo4j not available: {reason}")
    srv = Neo4jTestServer(data_dir, heap=heap, heap_initial=heap, pagecache=pagecache)
    srv.start()
    return srv


def statement(section: str) -> str:
    return cypher.statement("neo4j", "write", section)


def run_batch(driver, query: str, rows: list[dict], database: str = "neo4j") -> None:
    with driver.session(database=database) as session:
        session.execute_write(lambda tx: tx.run(query, rows=rows).consume())


def bulk_load(driver, g, batch: int = 10_000, mentions: bool = True, log=print) -> dict:
    """Load a SynthGraph; returns seconds and rates per phase."""
    from graphgen import neo4j_batches

    out: dict = {}
    t0 = time.perf_counter()
    n_nodes = n_rels = 0
    t_rels = 0.0
    for section, rows in neo4j_batches(g, batch):
        t = time.perf_counter()
        run_batch(driver, statement(section), rows)
        if section.startswith("merge_"):
            n_nodes += len(rows)
        else:
            n_rels += len(rows)
            t_rels += time.perf_counter() - t
    out["entity_nodes"] = n_nodes
    out["entity_relationships"] = n_rels
    out["relationship_seconds"] = t_rels
    out["relationships_per_s"] = n_rels / t_rels if t_rels else 0.0
    rows = []
    for d in range(g.n_docs):
        doc = g.doc_id(d)
        rows.append({"id": doc, "path": f"synthetic/{doc[4:]}.txt", "title": f"合成文档 {d}", "date": "2021-03",
                     "chars": 2000, "format": "txt", "sha256": f"{d:064x}", "fingerprint": f"synthetic-{d}"})
        if len(rows) >= batch:
            run_batch(driver, DOCS, rows)
            rows = []
    if rows:
        run_batch(driver, DOCS, rows)
    if mentions:
        t = time.perf_counter()
        by_section: dict[str, list] = {}
        m = 0
        for k in range(len(g.m_node)):
            i, d = int(g.m_node[k]), int(g.m_doc[k])
            section = f"MENTIONED_IN:{g.table(i)}:Document"
            props = {"doc": g.doc_id(d), "evidence": f"{g.names[i]}。", "extractor": "rule:mention", "confidence": 1.0}
            if g.table(i) != "Event":
                props["aliases"] = [g.names[i]] + ([g.aliases[i]] if i in g.aliases else [])
            rows = by_section.setdefault(section, [])
            rows.append({"src": g.node_id(i), "dst": g.doc_id(d), "props": props})
            if len(rows) >= batch:
                run_batch(driver, statement(section), rows)
                m += len(rows)
                by_section[section] = []
        for section, rows in by_section.items():
            if rows:
                run_batch(driver, statement(section), rows)
                m += len(rows)
        out["mentions"] = m
        out["mention_seconds"] = time.perf_counter() - t
    # What refresh_aliases leaves: every form the mentions used.
    for table, query in (("Organization", ALIASES_ORG), ("District", ALIASES_DISTRICT)):
        lo, hi = (g.n_districts, g.n_districts + g.n_orgs) if table == "Organization" else (0, g.n_districts)
        rows = []
        for i in range(lo, hi):
            forms = [g.names[i]] + ([g.aliases[i]] if i in g.aliases else [])
            rows.append({"id": g.node_id(i), "aliases": forms, "text": " " + " ".join(forms)})
            if len(rows) >= batch:
                run_batch(driver, query, rows)
                rows = []
        if rows:
            run_batch(driver, query, rows)
    run_batch(driver, "UNWIND $rows AS r MERGE (m:Meta {key: 'graph'}) SET m.version = r.v", [{"v": 1}])
    out["seconds"] = time.perf_counter() - t0
    log(f"  neo4j bulk load: {n_nodes:,} nodes, {n_rels:,} relationships ({out['relationships_per_s']:,.0f} rels/s), "
        f"{out.get('mentions', 0):,} mentions, {out['seconds']:.1f} s in all")
    return out


def clear(driver) -> None:
    """Empty the database (in batches: one huge transaction would exhaust the heap)."""
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
