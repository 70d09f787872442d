#!/usr/bin/env python
"""Smoke test for the Neo4j test server (tests/neo4j_server.py + this Maven launcher).

    .venv/bin/python tools/neo4j-harness/smoke.py [--mode embedded|harness] [--data-dir DIR] [--keep]

Checks: start, auth-less Bolt, version 5.26.x, CJK write/read, full-text index with the 'cjk'
analyzer, dynamic labels/types (Cypher 5.26 `$(...)`), graceful restart and SIGKILL + start on the
same data. Exit code 0 when every required check passes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

import neo4j  # noqa: E402
from neo4j_server import Neo4jTestServer  # noqa: E402

FULLTEXT = (
    "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS "
    "FOR (n:Organization|District) ON EACH [n.name, n.aliasText] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
)

results: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, detail: str = "") -> bool:
    results.append((name, ok, detail))
    print(f"[{'OK ' if ok else 'FAIL'}] {name}{': ' + detail if detail else ''}", flush=True)
    return ok


def fulltext_hits(drv, term: str) -> list[str]:
    recs, _, _ = drv.execute_query(
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score "
        "RETURN node.name AS name, score ORDER BY score DESC",
        {"q": term},
    )
    return [r["name"] for r in recs]


def _last_start_debug_log(srv: Neo4jTestServer) -> str:
    """debug.log text since the most recent database start (embedded mode keeps it in data_dir/logs)."""
    log = srv.data_dir / "logs" / "debug.log"
    if not log.exists():
        return ""
    text = log.read_text(encoding="utf-8", errors="replace")
    marker = "Starting 'DatabaseId{00000000[system]}'"
    return text[text.rfind(marker):] if marker in text else text


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="embedded", choices=["embedded", "harness"])
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--keep", action="store_true", help="keep the data dir")
    args = ap.parse_args()

    ok, reason = Neo4jTestServer.available()
    if not check("available()", ok, reason):
        return 1

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="neo4j-smoke-"))
    if not Neo4jTestServer.is_built():
        t = time.monotonic()
        Neo4jTestServer.build()
        print(f"build: {time.monotonic() - t:.1f}s")

    srv = Neo4jTestServer(data_dir, mode=args.mode)
    try:
        srv.start()
        check("start", True, f"{srv.uri} in {srv.start_seconds:.1f}s (mode={args.mode})")

        with neo4j.GraphDatabase.driver(srv.uri, auth=None) as drv:
            drv.verify_connectivity()
            check("auth=None connects", True)

            recs, _, _ = drv.execute_query("CALL dbms.components() YIELD name, versions, edition RETURN *")
            version = recs[0]["versions"][0]
            check("version 5.26.x", version.startswith("5.26."), f"{version} {recs[0]['edition']}")

            recs, _, _ = drv.execute_query("CREATE (n:T {name:'苏州'}) RETURN n")
            check("CREATE (n:T {name:'苏州'})", recs[0]["n"]["name"] == "苏州")

            recs, _, _ = drv.execute_query(
                "CALL db.index.fulltext.listAvailableAnalyzers() YIELD analyzer RETURN collect(analyzer) AS a"
            )
            analyzers = recs[0]["a"]
            check("cjk analyzer listed", "cjk" in analyzers, ", ".join(sorted(analyzers)))

            drv.execute_query(
                "CREATE (:Organization {name:'中科院苏州纳米所', aliasText:'苏州纳米所 SINANO'}), "
                "(:District {name:'苏州工业园区', aliasText:'园区 SIP'}), "
                "(:Organization {name:'苏州大学'})"
            )
            try:
                drv.execute_query(FULLTEXT)
                drv.execute_query("CALL db.awaitIndexes(300)")
                hits = fulltext_hits(drv, "纳米")
                check("fulltext cjk '纳米' finds 中科院苏州纳米所", "中科院苏州纳米所" in hits, repr(hits))
                hits = fulltext_hits(drv, "苏州")
                check("fulltext cjk '苏州' finds 3", len(hits) == 3, repr(hits))
                hits = fulltext_hits(drv, "SIP")
                check("fulltext alias 'SIP'", hits == ["苏州工业园区"], repr(hits))
            except neo4j.exceptions.Neo4jError as exc:
                check("fulltext cjk", False, f"{exc.code}: {exc.message}")

            # Dynamic labels / relationship types (Cypher 5.26+)
            try:
                recs, _, _ = drv.execute_query(
                    "CREATE (n:$($label) {name:'dyn'}) RETURN labels(n) AS l", {"label": "Dyn Label"}
                )
                check("CREATE (n:$($label))", recs[0]["l"] == ["Dyn Label"], repr(recs[0]["l"]))
            except neo4j.exceptions.Neo4jError as exc:
                check("CREATE (n:$($label))", False, f"{exc.code}: {exc.message}")
            try:
                recs, _, _ = drv.execute_query(
                    "MERGE (a:T {name:'a'}) MERGE (b:T {name:'b'}) "
                    "MERGE (a)-[r:$($type)]->(b) RETURN type(r) AS t",
                    {"type": "LOCATED_IN"},
                )
                check("MERGE (a)-[r:$($type)]->(b)", recs[0]["t"] == "LOCATED_IN", repr(recs[0]["t"]))
            except neo4j.exceptions.Neo4jError as exc:
                check("MERGE (a)-[r:$($type)]->(b)", False, f"{exc.code}: {exc.message}")
            try:
                recs, _, _ = drv.execute_query(
                    "UNWIND $rows AS row MERGE (n:$(row.labels) {name: row.name}) RETURN labels(n) AS l",
                    {"rows": [{"labels": ["Organization", "Institute"], "name": "某研究所"}]},
                )
                check("MERGE (n:$(list))", sorted(recs[0]["l"]) == ["Institute", "Organization"], repr(recs[0]["l"]))
            except neo4j.exceptions.Neo4jError as exc:
                check("MERGE (n:$(list))", False, f"{exc.code}: {exc.message}")

            port = srv.port

        # Graceful restart on the same data
        t = time.monotonic()
        srv.stop()
        stop_s = time.monotonic() - t
        srv.start()
        check("graceful stop exits 0", srv.last_exit_code == 0, f"exit code {srv.last_exit_code}, {stop_s:.1f}s")
        check("restart", srv.port == port, f"start {srv.start_seconds:.1f}s, port {srv.port}")
        with neo4j.GraphDatabase.driver(srv.uri, auth=None) as drv:
            recs, _, _ = drv.execute_query("MATCH (n:T {name:'苏州'}) RETURN count(n) AS c")
            check("node survived graceful restart", recs[0]["c"] == 1, f"count={recs[0]['c']}")
            debug = _last_start_debug_log(srv)
            if debug:
                check("no recovery needed after graceful stop", "Recovery required" not in debug)
            else:  # harness mode: debug.log lives in the harness' random home, deleted on stop
                print("[n/a] no recovery needed after graceful stop: debug.log not kept in this mode")
            hits = fulltext_hits(drv, "纳米")
            check("fulltext index survived restart", "中科院苏州纳米所" in hits, repr(hits))
            drv.execute_query("CREATE (:T {name:'after-restart'})")

        # Hard kill (outage) and start again: crash recovery on the same data
        srv.kill()
        srv.start()
        with neo4j.GraphDatabase.driver(srv.uri, auth=None) as drv:
            recs, _, _ = drv.execute_query("MATCH (n:T) WHERE n.name IN ['苏州','after-restart'] RETURN count(n) AS c")
            check("data survived SIGKILL + start", recs[0]["c"] == 2, f"count={recs[0]['c']}, start {srv.start_seconds:.1f}s")
    finally:
        code = srv.stop()
        print(f"stopped (exit code {code}); log: {srv.log_path}")
        if not args.keep and args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)

    failed = [r for r in results if not r[1]]
    print(f"{len(results) - len(failed)}/{len(results)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
