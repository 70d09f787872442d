"""Throughput of extract_graph on the seed documents: prints characters per second (one core).

    .venv/bin/python bench/bench_extract.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from innograph.loaders.extract import extract_graph
from innograph.loaders.extract.lexicon import lexicon
from innograph.loaders.readers import read_document

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    docs = [read_document(p) for p in sorted(SEEDS.glob("*.txt"))]
    t0 = time.perf_counter()
    lexicon()
    load = time.perf_counter() - t0
    extract_graph(docs[0])          # warm up
    chars = sum(len(d.text) for d in docs) * args.repeat
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for d in docs:
            extract_graph(d)
    elapsed = time.perf_counter() - t0
    print(f"dictionaries loaded in {load:.2f}s (once per process)")
    print(f"{len(docs)} documents x {args.repeat}: {chars} chars in {elapsed:.2f}s = {chars / elapsed:,.0f} chars/s")


if __name__ == "__main__":
    main()
