"""Neo4j load: batched UNWIND writes against a one-MERGE-per-transaction baseline, same run.

On a real Neo4j 5.26 (tests/neo4j_server.py, 127.0.0.1, auth off), with the synthetic graph
(default 10k nodes / 50k relationships):

1. baseline: one ``MATCH (a), (b) MERGE (a)-[:T {doc}]->(b) SET …`` per relationship, each in its own
   write transaction, for ``--baseline-seconds`` (a sample: the rate is what counts);
2. batched: the store's own statements (``UNWIND $rows … MATCH … CREATE``), ``--batch`` rows per
   transaction, all relationships (after the nodes, also batched);
3. batched MERGE: the baseline's MERGE statement, batched the same way (same semantics as 1);
4. ``Neo4jStore.write``, the store's real path (one transaction per document, ~20 statements), on
   a sample of the graph's documents, into an empty database and again into the full graph;
   baseline: the same store with the former untyped delete statement (bench/neo4j_scan_store.py).

    .venv/bin/python bench/bench_neo4j_load.py --nodes 10000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import WORK, check, machine, save  # noqa: E402

MERGE_ONE = ("MATCH (a:{a} {{id: $src}}), (b:{b} {{id: $dst}}) "
             "MERGE (a)-[x:{t} {{doc: $props.doc}}]->(b) SET x += $props")
MERGE_MANY = ("UNWIND $rows AS r MATCH (a:{a} {{id: r.src}}), (b:{b} {{id: r.dst}}) "
              "MERGE (a)-[x:{t} {{doc: r.props.doc}}]->(b) SET x += r.props")


def rel_rows(g):
    from graphgen import TYPES

    for k in range(len(g.r_type)):
        s, d = int(g.r_src[k]), int(g.r_dst[k])
        yield TYPES[g.r_type[k]], g.table(s), g.table(d), {"src": g.node_id(s), "dst": g.node_id(d),
                                                           "props": g.rel_properties(k)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=5_000)
    ap.add_argument("--python-driver", action="store_true", help="do not load neo4j-rust-ext (see common.py)")
    ap.add_argument("--baseline-seconds", type=float, default=20.0)
    ap.add_argument("--store-docs", type=int, default=200)
    ap.add_argument("--rewrite-docs", type=int, default=20)
    args = ap.parse_args()
    from common import use_neo4j_rust_ext

    rust = False if args.python_driver else use_neo4j_rust_ext()
    import neo4j
    from graphgen import generate, graph_documents, neo4j_batches
    from neo4j_bulk import bulk_load, clear, run_batch, start_server, statement

    from innograph.graph.neo4j_store import Neo4jStore

    print(f"# bench_neo4j_load - {machine()}; driver packstream: {'rust (neo4j-rust-ext)' if rust else 'python'}")
    g = generate(args.nodes)
    s = g.summary()
    print(f"graph: {s['nodes']:,} nodes, {s['relationships']:,} relationships, {s['documents']:,} documents")
    data = WORK / "neo4j-load"
    shutil.rmtree(data, ignore_errors=True)
    srv = start_server(data)
    results: dict = {"machine": machine(), "graph": s, "batch": args.batch, "rust_ext": rust}
    try:
        store = Neo4jStore(srv.uri, password=None)  # creates the schema: constraints and indexes
        driver = neo4j.GraphDatabase.driver(srv.uri, auth=None)
        # Warm-up (JIT, query plans): a small graph through every statement, then an empty database.
        t = time.perf_counter()
        warm = generate(args.nodes, seed=7)  # same size, other names: JIT-compiles the write path
        bulk_load(driver, warm, args.batch, log=lambda *_: None)
        clear(driver)
        bulk_load(driver, warm, args.batch, log=lambda *_: None)
        with driver.session() as session:
            for t_, a, b, row in list(rel_rows(warm))[:300]:
                query = MERGE_ONE.format(a=a, b=b, t=t_)
                session.execute_write(lambda tx: tx.run(query, src=row["src"], dst=row["dst"],
                                                        props=row["props"]).consume())
        for d in graph_documents(warm, limit=20):
            store.write(d)
        clear(driver)
        print(f"warm-up: {time.perf_counter() - t:.1f} s")
        # Nodes first (batched), so both measurements find their ends by index.
        t = time.perf_counter()
        n_nodes = 0
        for section, rows in neo4j_batches(g, args.batch):
            if section.startswith("merge_"):
                run_batch(driver, statement(section), rows)
                n_nodes += len(rows)
        t_nodes = time.perf_counter() - t
        print(f"nodes, batched UNWIND MERGE: {n_nodes:,} in {t_nodes:.1f} s ({n_nodes / t_nodes:,.0f} nodes/s)")
        rels = list(rel_rows(g))

        # 1. baseline: one MERGE per transaction.
        deadline = time.perf_counter() + args.baseline_seconds
        n_base = 0
        t = time.perf_counter()
        with driver.session() as session:
            for t_, a, b, row in rels:
                query = MERGE_ONE.format(a=a, b=b, t=t_)
                session.execute_write(lambda tx: tx.run(query, src=row["src"], dst=row["dst"],
                                                        props=row["props"]).consume())
                n_base += 1
                if time.perf_counter() > deadline:
                    break
        t_base = time.perf_counter() - t
        base_rate = n_base / t_base
        print(f"[1] baseline, one MERGE per transaction: {n_base:,} relationships in {t_base:.1f} s "
              f"({base_rate:,.0f} rels/s)")
        # Undo the sample so the batched runs write the whole set into the same state.
        with driver.session() as session:
            session.run("MATCH ()-[r]->() WHERE NOT r:MENTIONED_IN CALL (r) { DELETE r } "
                        "IN TRANSACTIONS OF 10000 ROWS").consume()

        # 2. batched, the store's statements (UNWIND ... CREATE), from one and from two client threads.
        def batched(threads: int) -> tuple[int, float]:
            from concurrent.futures import ThreadPoolExecutor

            by: dict[str, list] = {}
            jobs = []
            for t_, a, b, row in rels:
                section = f"{t_}:{a}:{b}"
                rows = by.setdefault(section, [])
                rows.append(row)
                if len(rows) >= args.batch:
                    jobs.append((section, rows))
                    by[section] = []
            jobs += [(section, rows) for section, rows in by.items() if rows]
            t = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:  # managed transactions retry a deadlock
                list(pool.map(lambda job: run_batch(driver, statement(job[0]), job[1]), jobs))
            return sum(len(r) for _, r in jobs), time.perf_counter() - t

        rate_b = 0.0
        for threads in (1, 2):
            n_b, t_b = batched(threads)
            rate = n_b / t_b
            rate_b = max(rate_b, rate)
            print(f"[2] batched UNWIND ... CREATE ({args.batch:,} rows per transaction, {threads} client thread(s)): "
                  f"{n_b:,} relationships in {t_b:.1f} s ({rate:,.0f} rels/s) = {rate / base_rate:.1f}x the baseline")
            results[f"batched_create_{threads}t_rels_per_s"] = rate
            with driver.session() as session:
                session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()

        # 3. batched MERGE (the baseline's statement, batched).
        by = {}
        t = time.perf_counter()
        n_m = 0
        for t_, a, b, row in rels:
            key = (t_, a, b)
            rows = by.setdefault(key, [])
            rows.append(row)
            if len(rows) >= args.batch:
                run_batch(driver, MERGE_MANY.format(a=a, b=b, t=t_), rows)
                n_m += len(rows)
                by[key] = []
        for (t_, a, b), rows in by.items():
            if rows:
                run_batch(driver, MERGE_MANY.format(a=a, b=b, t=t_), rows)
                n_m += len(rows)
        t_m = time.perf_counter() - t
        rate_m = n_m / t_m
        print(f"[3] batched UNWIND ... MERGE: {n_m:,} relationships in {t_m:.1f} s ({rate_m:,.0f} rels/s) "
              f"= {rate_m / base_rate:.1f}x the baseline")
        print("    " + check("batched >= 10x baseline", rate_b / base_rate >= 10) + "; "
              + check("batched >= 20k rels/s", rate_b >= 20_000))
        results.update({"nodes_per_s": n_nodes / t_nodes, "baseline_rels_per_s": base_rate, "baseline_n": n_base,
                        "batched_create_rels_per_s": rate_b, "batched_merge_rels_per_s": rate_m,
                        "ratio_create": rate_b / base_rate, "ratio_merge": rate_m / base_rate})

        # 4. the store's real write path, one document per transaction, against the former untyped
        # delete (bench/neo4j_scan_store.py), into an empty database and into the full graph.
        from neo4j_scan_store import ScanDeleteNeo4jStore

        scan = ScanDeleteNeo4jStore(srv.uri, password=None)
        docs = list(graph_documents(g, limit=args.store_docs))
        n_r = sum(len(d.relationships) for d in docs)
        exports = {}
        for label, st in (("scan_baseline", scan), ("store", store)):
            clear(driver)
            t = time.perf_counter()
            for d in docs:
                st.write(d)
            t_s = time.perf_counter() - t
            exports[label] = st.export().sorted()
            print(f"[4] Neo4jStore.write ({label}), one transaction per document, empty database: "
                  f"{len(docs)} documents, {n_r:,} relationships (MENTIONED_IN included) in {t_s:.1f} s "
                  f"({len(docs) / t_s:,.1f} docs/s, {n_r / t_s:,.0f} rels/s)")
            results[f"store_write_{label}"] = {"docs": len(docs), "rels": n_r, "s": t_s, "rels_per_s": n_r / t_s}
        redo = list(graph_documents(g, limit=args.rewrite_docs))
        for label, st in (("scan_baseline", scan), ("store", store)):
            clear(driver)
            bulk_load(driver, g, args.batch, log=lambda *_: None)
            t = time.perf_counter()
            for d in redo:
                st.write(d)
            t_s = time.perf_counter() - t
            exports[label + "_full"] = st.export().sorted()
            print(f"    {label}: rewriting {len(redo)} documents in the full {g.n:,}-node graph: "
                  f"{t_s / len(redo) * 1000:,.0f} ms per document")
            results[f"store_rewrite_full_{label}"] = {"docs": len(redo), "s": t_s, "ms_per_doc": t_s / len(redo) * 1000}
        same = exports["scan_baseline"] == exports["store"] and exports["scan_baseline_full"] == exports["store_full"]
        print(f"    same graph with both statement sets: {same}")
        results["store_write_same_graph"] = same
        scan.close()
        store.close()
        driver.close()
    finally:
        srv.stop()
        shutil.rmtree(data, ignore_errors=True)
    print(f"figures saved to {save(f'neo4j-load-{args.nodes}', results)}")


if __name__ == "__main__":
    main()
