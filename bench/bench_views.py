"""How fast the network views are generated.

    .venv/bin/python bench/bench_views.py [--runs 5] [--png]

Prints, for synthetic subgraphs with the ontology's node types and provenance on every edge:

- a 1,000-node view page (server-side layout, physics off; target ≤ 0.5 s);
- a 5,000-node request capped to the view maximum of 1,000 nodes (cap + layout + page; target ≤ 1 s)
  and to the default limit of 300 nodes;
- with ``--png``, the PNG of the 1,000-node view too.

Times are the median of ``--runs`` runs after one warm-up run (which loads the template and the
inlined vis-network once, as a running server has).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from innograph.graph.model import Node, Relationship  # noqa: E402
from innograph.graph.store import Subgraph  # noqa: E402
from innograph.viz.layout import layout  # noqa: E402
from innograph.viz.network import DEFAULT_LIMIT, MAX_VIEW, cap_subgraph, render_page  # noqa: E402

KINDS = ["University", "ResearchInstitute", "Enterprise", "Enterprise", "Enterprise", "Incubator", "Government",
         "Association"]
ROLES = ["signatory", "host", "witness", "participant"]


def synthetic(n: int, seed: int = 7) -> Subgraph:
    """``n`` nodes: ~5% districts (a PART_OF tree), ~20% events, the rest organisations located in a
    district; events have 2–4 parties with roles, are held in a district and may establish an
    organisation; some FOUNDED_BY / COLLABORATES_WITH with preferential attachment (hubs)."""
    rng = random.Random(seed)
    n_districts = max(3, n // 20)
    n_events = n // 5
    n_orgs = n - n_districts - n_events
    nodes, rels = [], []

    def rel(type_, a, b, **extra):
        rels.append(Relationship(type=type_, start=a, end=b, properties={
            "doc": f"doc:{rng.randrange(n // 10 + 1):05d}", "evidence": f"{a[4:]}与{b[4:]}的关系见于本句。",
            "extractor": "bench", "confidence": 0.8, **extra}))

    districts = [f"place:区{i}" for i in range(n_districts)]
    for i, d in enumerate(districts):
        nodes.append(Node(id=d, labels=["District"], properties={"name": d[6:], "level": "district", "aliases": []}))
        if i:
            rel("PART_OF", d, districts[rng.randrange(i)])
    orgs = [f"org:机构{i}有限公司" for i in range(n_orgs)]
    popular = []
    for i, o in enumerate(orgs):
        kind = KINDS[i % len(KINDS)]
        nodes.append(Node(id=o, labels=["Organization", kind], properties={"name": o[4:], "aliases": [f"机构{i}"]}))
        rel("LOCATED_IN", o, rng.choice(districts))
        if popular and rng.random() < 0.5:
            rel(rng.choice(["FOUNDED_BY", "COLLABORATES_WITH", "BRANCH_OF"]), o, rng.choice(popular))
        popular += [o] * (1 + (i % 17 == 0) * 10)
    for i in range(n_events):
        e = f"event:signing:{i}"
        nodes.append(Node(id=e, labels=["Event", "SigningEvent"],
                          properties={"kind": "signing", "date": f"20{10 + i % 14}-0{1 + i % 9}-1{i % 10}",
                                      "title": f"第{i}次合作签约仪式"}))
        for party in rng.sample(popular, k=min(len(popular), rng.randint(2, 4))):
            rel("PARTY_TO", party, e, role=rng.choice(ROLES))
        rel("HELD_IN", e, rng.choice(districts))
        if rng.random() < 0.3:
            rel("ESTABLISHES", e, rng.choice(orgs))
    # de-duplicate parties picked twice from the popularity list
    seen, unique = set(), []
    for r in rels:
        key = (r.type, r.start, r.end)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return Subgraph(nodes=nodes, relationships=unique)


def timed(fn, runs: int) -> tuple[float, float, object]:
    fn()  # warm-up
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--png", action="store_true", help="also time the PNG of the 1,000-node view")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"bench_views: {cores} cores, Python {platform.python_version()}, {args.runs} runs (median, max)")

    thousand = synthetic(1000)
    focus = ["org:机构0有限公司"]
    med, worst, html = timed(lambda: render_page(thousand, title="1,000 节点", focus=focus), args.runs)
    print(f"  1,000-node view page          {med:6.3f} s  (max {worst:.3f})  {len(html) / 1e6:.2f} MB  "
          f"{len(thousand.relationships)} edges   target <= 0.5 s  {'OK' if med <= 0.5 else 'SLOW'}")
    ids = [n.id for n in thousand.nodes]
    edges = [(r.start, r.end) for r in thousand.relationships]
    med_l, _, _ = timed(lambda: layout(ids, edges, roots=focus), args.runs)
    print(f"    of which the layout         {med_l:6.3f} s")

    five = synthetic(5000, seed=11)
    for cap, target in ((MAX_VIEW, 1.0), (DEFAULT_LIMIT, 1.0)):
        def capped(cap=cap):
            sub, total = cap_subgraph(five, cap, pinned=focus)
            return render_page(sub, title="5,000 节点", focus=focus, total=total)
        med, worst, html = timed(capped, args.runs)
        print(f"  5,000-node request capped {cap:>4} {med:6.3f} s  (max {worst:.3f})  {len(html) / 1e6:.2f} MB  "
              f"{len(five.relationships)} edges in   target <= {target} s  {'OK' if med <= target else 'SLOW'}")

    if args.png:
        from innograph.viz.png import cjk_font, render_png

        med, worst, data = timed(lambda: render_png(thousand, title="1,000 节点", focus=focus), max(1, args.runs // 2))
        font = cjk_font()
        print(f"  1,000-node PNG                {med:6.3f} s  (max {worst:.3f})  {len(data) / 1e3:.0f} kB  "
              f"font {font.name if font else 'none'}")


if __name__ == "__main__":
    main()
