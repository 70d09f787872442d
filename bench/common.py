"""Helpers shared by the bench scripts: timing, percentiles, machine description, cached inputs."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
WORK = Path(os.environ.get("INNOGRAPH_BENCH_DIR", "/tmp/innograph-bench"))
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(ROOT / "tests"))  # neo4j_server


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return f"{cores} cores{mem}, Python {platform.python_version()}, load {load:.1f}, {time.strftime('%Y-%m-%d %H:%M')}"


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def summary_ms(samples_s: list[float]) -> dict[str, float]:
    ms = [x * 1000 for x in samples_s]
    return {"n": len(ms), "p50": pct(ms, 50), "p95": pct(ms, 95), "p99": pct(ms, 99), "max": max(ms),
            "mean": statistics.fmean(ms)}


def fmt_ms(s: dict[str, float]) -> str:
    out = f"p50 {s['p50']:.2f} ms  p95 {s['p95']:.2f} ms  p99 {s['p99']:.2f} ms  (n={s['n']}, max {s['max']:.1f} ms)"
    if "cpu_p99" in s:
        out += f" [CPU p50 {s['cpu_p50']:.2f} p99 {s['cpu_p99']:.2f} ms]"
    return out


class Timer:
    def __enter__(self) -> "Timer":
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.s = time.perf_counter() - self.t0


def corpus_dir(n_docs: int) -> Path:
    """The synthetic corpus of ``n_docs`` documents, generated once and cached under WORK."""
    from corpus import write_corpus

    out = WORK / f"corpus-{n_docs}"
    marker = out / ".complete"
    if not marker.exists():
        import shutil

        shutil.rmtree(out, ignore_errors=True)
        write_corpus(out, n_docs)
        marker.write_text("ok")
    return out


def save(name: str, data: dict) -> Path:
    """Keep the figures of a run as JSON beside the other runs' (WORK/results/NAME.json)."""
    out = WORK / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def adjacent_ratios(runs: list[tuple[str, float]], slow: str, fast: str) -> list[float]:
    """t(slow) / t(fast) for every two consecutive runs of the two kinds, in the order they ran.

    The machines here are shared: the same work took 31 s and 47 s a minute apart. Runs that
    alternate and are compared with their neighbour see the same machine; the median of these
    ratios is robust to a slow spell, where "best of each" may pair a fast spell with a slow one.

    >>> adjacent_ratios([("a", 4.0), ("b", 2.0), ("a", 6.0), ("b", 3.0)], "a", "b")
    [2.0, 3.0, 2.0]
    """
    out = []
    for (kind1, t1), (kind2, t2) in zip(runs, runs[1:]):
        if {kind1, kind2} == {slow, fast}:
            out.append((t1 if kind1 == slow else t2) / (t2 if kind2 == fast else t1))
    return out


def check(label: str, ok: bool) -> str:
    return f"{label}: {'MET' if ok else 'MISSED'}"


def _spin(n: int) -> float:
    t0 = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i % 7
    return time.perf_counter() - t0


def parallel_capacity(n: int = 3_000_000, rounds: int = 2) -> float:
    """How many cores a CPU-bound Python process actually gets right now, out of two.

    The same pure-Python loop in one process, then in two at once: 2 x t(one) / t(both). On an idle
    2-core machine this is ~2.0; on a machine shared with other jobs it is what a pool can reach.
    """
    from concurrent.futures import ProcessPoolExecutor

    best = 0.0
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_spin, [1000, 1000]))
        for _ in range(rounds):
            t0 = time.perf_counter()
            pool.submit(_spin, n).result()
            one = time.perf_counter() - t0
            t0 = time.perf_counter()
            list(pool.map(_spin, [n, n]))
            both = time.perf_counter() - t0
            best = max(best, 2 * one / both)
    return best


RUST_EXT = WORK / "rustext" / "neo4j"


def use_neo4j_rust_ext() -> bool:
    """Load ``neo4j._rust`` (the neo4j-rust-ext wheel, unpacked under WORK/rustext) without touching the venv.

    Set up once with:
      .venv/bin/pip download --no-deps -d /tmp/innograph-bench/rustext-dl neo4j-rust-ext==<driver version>
      .venv/bin/pip install --no-deps --target /tmp/innograph-bench/rustext /tmp/innograph-bench/rustext-dl/*.whl
    Must run before ``import neo4j``. Returns whether the extension is in use.
    """
    import glob
    import importlib.abc
    import importlib.machinery
    import importlib.util

    if "neo4j" in sys.modules:
        raise RuntimeError("use_neo4j_rust_ext() must run before neo4j is imported")
    found = glob.glob(str(RUST_EXT / "_rust*.so"))
    if not found:
        return False
    so = found[0]

    class _Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "neo4j._rust":
                loader = importlib.machinery.ExtensionFileLoader(name, so)
                return importlib.util.spec_from_file_location(name, so, loader=loader)
            return None

    sys.meta_path.insert(0, _Finder())
    import neo4j._codec.packstream.v1 as v1

    return v1._rust_pack is not None


class CpuMeter:
    """CPU seconds used by this process and all its descendants (sampled, so short-lived workers count).

    Wall-clock rates on a shared machine measure the neighbours too; CPU seconds do not.
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval

    def __enter__(self) -> "CpuMeter":
        import threading

        import psutil

        self._me = psutil.Process()
        self._seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._c0 = self._own()
        self._t0 = time.perf_counter()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _own(self) -> float:
        t = self._me.cpu_times()
        return t.user + t.system

    def _sample(self) -> None:
        import psutil

        try:
            children = self._me.children(recursive=True)
        except psutil.Error:
            return
        for child in children:
            try:
                t = child.cpu_times()
            except psutil.Error:
                continue
            self._seen[child.pid] = max(self._seen.get(child.pid, 0.0), t.user + t.system)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __exit__(self, *exc: object) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()
        self.wall = time.perf_counter() - self._t0
        self.parent = self._own() - self._c0
        self.children = sum(self._seen.values())
        self.total = self.parent + self.children
