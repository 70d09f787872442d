"""Memory of the projection at 100k nodes / 500k relationships, through the public API only.

Two ways of building it, each in a fresh process (RSS is per process and Python rarely gives memory
back), printing the RSS after each step and the peak:

* ``steps`` - open the store, ``store.snapshot()`` (the whole graph as one ``Subgraph``),
  ``build_projection(snapshot)``, drop the snapshot, ``simple_undirected(g)``;
* ``cache`` - what the API server does: ``ProjectionCache(store).graph()`` and ``.undirected()``.

The baseline is the store alone (RSS after opening it); "projection alone" is the RSS above it.

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

    from bench_queries import ladybug_dir

    from innograph.graph.ladybug_store import LadybugStore
    from innograph.graph.projection import ProjectionCache, build_projection, simple_undirected

    data, _ = ladybug_dir(nodes)
    out: dict = {}
    store = LadybugStore(data, read_only=True)
    gc.collect()
    out["open"] = rss_mb()
    t = time.perf_counter()
    if variant == "steps":
        snap = store.snapshot()
        out["snapshot_s"] = time.perf_counter() - t
        gc.collect()
        out["snapshot"] = rss_mb()
        g = build_projection(snap)
        del snap
        gc.collect()
        out["multidigraph"] = rss_mb()
        u = simple_undirected(g)
        gc.collect()
        out["undirected"] = rss_mb()
    else:
        cache = ProjectionCache(store)
        g = cache.graph()
        u = cache.undirected()
        gc.collect()
        out["built"] = rss_mb()
    out["build_s"] = time.perf_counter() - t
    out["graph"] = [g.number_of_nodes(), g.number_of_edges(), u.number_of_edges()]
    print(json.dumps(out))
    del g, u
    store.close()


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
    for variant in ("steps", "cache"):
        out = subprocess.run([sys.executable, __file__, "--nodes", str(args.nodes), "--child", variant],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        results[variant] = r
        nodes, edges, pairs = r["graph"]
        if variant == "steps":
            print(f"steps: {nodes:,} nodes, {edges:,} edges ({pairs:,} undirected pairs); snapshot {r['snapshot_s']:.1f} s, "
                  f"all {r['build_s']:.1f} s; RSS MiB: store open {r['open'][0]:,.0f}, + snapshot {r['snapshot'][0]:,.0f}, "
                  f"+ MultiDiGraph (snapshot dropped) {r['multidigraph'][0]:,.0f}, + undirected {r['undirected'][0]:,.0f} "
                  f"(peak {r['undirected'][1]:,.0f}); projection alone: {r['undirected'][0] - r['open'][0]:,.0f}")
        else:
            print(f"cache: ProjectionCache(store).graph() + .undirected() in {r['build_s']:.1f} s; RSS MiB: store open "
                  f"{r['open'][0]:,.0f}, built {r['built'][0]:,.0f} (peak {r['built'][1]:,.0f}); projection alone: "
                  f"{r['built'][0] - r['open'][0]:,.0f}, peak above the open store: {r['built'][1] - r['open'][0]:,.0f}")
    print(f"figures saved to {save(f'projection-memory-{args.nodes}', results)}")


if __name__ == "__main__":
    main()
