"""Memory of the projection at 100k nodes / 500k relationships: today's snapshot against the proposed one.

Each variant runs in a fresh process (RSS is per process and Python rarely gives memory back) and
prints the RSS after each step: open the store, snapshot, MultiDiGraph, undirected graph.

    .venv/bin/python bench/bench_projection_memory.py --nodes 100000
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, save  # noqa: E402


def rss_mb() -> tuple[float, float]:
    with open(f"/proc/{os.getpid()}/status") as fh:
        d = {line.split(":")[0]: int(line.split()[1]) for line in fh if line.startswith(("VmRSS", "VmHWM"))}
    return d["VmRSS"] / 1024, d["VmHWM"] / 1024


def child(variant: str, nodes: int) -> None:
    import json

    import proposals
    from bench_queries import ladybug_dir

    from innograph.graph.ladybug_store import LadybugStore
    from innograph.graph.projection import build_projection, simple_undirected

    data, _ = ladybug_dir(nodes)
    out = {}
    store = LadybugStore(data, read_only=True)
    out["open"] = rss_mb()
    t = time.perf_counter()
    snap = store.snapshot() if variant == "today" else proposals.ladybug_snapshot(store)
    out["snapshot_s"] = time.perf_counter() - t
    gc.collect()
    out["snapshot"] = rss_mb()
    g = build_projection(snap)
    gc.collect()
    out["multidigraph"] = rss_mb()
    u = simple_undirected(g)
    del snap
    gc.collect()
    out["undirected"] = rss_mb()
    print(json.dumps(out))
    del g, u


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.nodes)
        return
    import json

    print(f"# bench_projection_memory - {machine()}")
    results = {"machine": machine(), "nodes": args.nodes}
    for variant in ("today", "proposed"):
        out = subprocess.run([sys.executable, __file__, "--nodes", str(args.nodes), "--child", variant],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        results[variant] = r
        print(f"{variant:9s} snapshot {r['snapshot_s']:.1f} s; RSS MiB: open {r['open'][0]:,.0f}, after snapshot "
              f"{r['snapshot'][0]:,.0f}, + MultiDiGraph {r['multidigraph'][0]:,.0f}, + undirected "
              f"{r['undirected'][0]:,.0f} (peak {r['undirected'][1]:,.0f})")
    print(f"figures saved to {save(f'projection-memory-{args.nodes}', results)}")


if __name__ == "__main__":
    main()
