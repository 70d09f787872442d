"""Writing the 100k-node graph into the embedded store: one transaction per document against batches.

The synthetic graph's documents (bench/graphgen.py: 10,000 documents for 100k nodes / 500k
relationships) go through the store's real write path for a sample: ``LadybugStore.write`` once per
document (the baseline, one transaction each) and ``LadybugStore.write_many`` on batches of
``--batch`` documents (one transaction per batch, what parallel ingest uses); both must end with the
same graph. Then both rewrite documents in a store that already holds the whole graph (built with
COPY FROM, the bulk path the other benches use).

    .venv/bin/python bench/bench_store_write.py --nodes 100000 --docs 300
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import WORK, machine, save  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--rewrite", type=int, default=10)
    ap.add_argument("--batch", type=int, default=100)
    args = ap.parse_args()
    from bench_queries import ladybug_dir
    from graphgen import generate, graph_documents

    from innograph.graph.ladybug_store import LadybugStore

    print(f"# bench_store_write - {machine()}")
    src, info = ladybug_dir(args.nodes)
    g = generate(args.nodes)
    docs = list(graph_documents(g, limit=args.docs))
    n_rel = sum(len(d.relationships) for d in docs)
    n_ent = sum(1 for d in docs for r in d.relationships if r.type != "MENTIONED_IN")
    print(f"graph: {info['nodes']:,} nodes, {info['relationships']:,} relationships in {info['documents']:,} documents; "
          f"sample: {len(docs)} documents, {n_ent:,} relationships + {n_rel - n_ent:,} MENTIONED_IN")
    results: dict = {"machine": machine(), "graph": info, "sample_docs": len(docs), "sample_rels": n_rel,
                     "copy_from_s": info.get("copy_s")}
    root = WORK / "store-write"
    shutil.rmtree(root, ignore_errors=True)
    exports = {}
    one, many = "write (one per document)", f"write_many ({args.batch} per batch)"

    def write_one_by_one(store, graphs) -> None:
        for d in graphs:
            store.write(d)

    def write_batched(store, graphs) -> None:
        for i in range(0, len(graphs), args.batch):
            store.write_many(graphs[i:i + args.batch])

    ways = ((one, write_one_by_one), (many, write_batched))
    for label, write in ways:
        with LadybugStore(root / label) as store:
            t = time.perf_counter()
            write(store, docs)
            s = time.perf_counter() - t
            exports[label] = store.export().sorted()
        per_doc = s / len(docs)
        est = per_doc * info["documents"]
        print(f"{label:30s} empty store: {len(docs)} documents in {s:.1f} s ({per_doc * 1000:,.0f} ms/document, "
              f"{n_rel / s:,.0f} relationships/s); all {info['documents']:,} documents at this rate: "
              f">= {est / 60:,.1f} min (the rate falls as the store grows)")
        results[label] = {"s": s, "ms_per_doc": per_doc * 1000, "rels_per_s": n_rel / s, "estimate_all_s": est}
    same = exports[one] == exports[many]
    print(f"same graph: {same}; write_many {results[one]['s'] / results[many]['s']:.1f}x faster")
    results["same_graph"] = same
    results["speedup_empty"] = results[one]["s"] / results[many]["s"]
    # Rewriting documents in the full graph.
    redo = docs[: args.rewrite]
    for label, write in ways:
        data = root / ("full-" + label)
        shutil.copytree(src, data)
        with LadybugStore(data) as store:
            t = time.perf_counter()
            try:
                write(store, redo)
            except RuntimeError as exc:  # reported, not hidden
                print(f"{label:30s} full store: FAILED: {str(exc)[:120]}")
                results[label + " full"] = {"error": str(exc)[:300]}
                continue
            s = time.perf_counter() - t
        print(f"{label:30s} full store: rewriting {len(redo)} documents: {s:.1f} s ({s / len(redo) * 1000:,.0f} ms/document)")
        results[label + " full"] = {"s": s, "ms_per_doc": s / len(redo) * 1000}
    print(f"COPY FROM of the whole graph (bench_queries.py cache): {info.get('copy_s', float('nan')):.1f} s")
    shutil.rmtree(root, ignore_errors=True)
    print(f"figures saved to {save(f'store-write-{args.nodes}', results)}")


if __name__ == "__main__":
    main()
