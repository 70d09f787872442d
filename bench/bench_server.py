"""The API server with the 100k-node graph: peak memory, and latency under load on loopback.

1. copies the synthetic 100k-node ladybug graph (built by bench_queries.py's cache) to a fresh data
   directory and starts ``python -m innograph serve --data-dir D --port P`` on 127.0.0.1;
2. waits for its start-up warm-up (projection and name index, built in the background:
   ``GET /health/warm-up``; ``INNOGRAPH_WARM_UP=0`` leaves it to the first path request, whose
   latency is printed), then one search, one path, one view; then reads the server's RSS and peak
   RSS (/proc/PID/status VmHWM);
3. runs ``wrk`` (Debian package; 2 threads, 20 connections, 30 s, loopback only) against each of
   search, paths and an entity view, with URLs drawn from the same workload as bench_queries.py,
   and prints p50/p99 and throughput per endpoint; then the peak RSS again.

With ``--store neo4j`` the same graph is bulk-loaded into a real Neo4j 5.26 (bench/neo4j_bulk.py)
and the server reads it through ``INNOGRAPH_NEO4J_URI``; the RSS is the server's, not the JVM's.

    .venv/bin/python bench/bench_server.py --nodes 100000 --duration 30 --connections 20 [--store neo4j]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, WORK, check, machine, save  # noqa: E402

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def status_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) in MiB, the server process and its children together for the current one."""
    rss = status_kb(pid, "VmRSS")
    hwm = status_kb(pid, "VmHWM")
    return rss / 1024, hwm / 1024


def wrk(url_paths: list[str], base: str, duration: int, connections: int, threads: int) -> dict:
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8")
    items = ",\n".join('"' + p.replace('"', '\\"') + '"' for p in url_paths)
    script.write("local paths = {\n" + items + "\n}\nmath.randomseed(1)\n"
                 "request = function()\n  return wrk.format(\"GET\", paths[math.random(#paths)])\nend\n")
    script.close()
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "60s", "--latency",
           "-s", script.name, base]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 120).stdout
    os.unlink(script.name)

    def ms(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    res: dict = {"raw": out}
    for p in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{p}%\s+(\S+)", out, re.M)
        if m:
            res[f"p{p}"] = ms(m.group(1))
    m = re.search(r"(\d+) requests in", out)
    res["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: (.*)", out)
    res["socket_errors"] = m.group(1).strip() if m else ""
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--duration", type=int, default=30)
    ap.add_argument("--connections", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--keep-data", action="store_true")
    ap.add_argument("--store", choices=["ladybug", "neo4j"], default="ladybug")
    args = ap.parse_args()
    import httpx
    from bench_queries import ladybug_dir, workload

    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get update && apt-get install -y wrk")
    print(f"# bench_server - {machine()}")
    src, info = ladybug_dir(args.nodes)
    data = WORK / f"server-{args.nodes}"
    shutil.rmtree(data, ignore_errors=True)
    env = dict(os.environ)
    neo4j_server = None
    if args.store == "ladybug":
        shutil.copytree(src, data)
        env["INNOGRAPH_NEO4J_URI"] = ""
    else:
        neo4j_server = _neo4j_with_graph(args.nodes, WORK / "neo4j-server")
        data.mkdir(parents=True)
        env["INNOGRAPH_NEO4J_URI"] = neo4j_server.uri
    _, searches, pairs, centres = workload(args.nodes, 2, 300)
    port = free_port()
    base = f"http://{HOST}:{port}"
    log = open(WORK / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "innograph", "serve", "--data-dir", str(data), "--host", HOST,
                             "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    results: dict = {"machine": machine(), "nodes": args.nodes, "store": args.store, "graph": info}
    try:
        client = httpx.Client(base_url=base, timeout=900)
        deadline = time.time() + 120
        while True:
            try:
                if client.get("/health").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                raise SystemExit(f"server did not start; see {WORK / 'server.log'}")
            time.sleep(0.5)
        print(f"server pid {proc.pid} on {base}, {args.store} store, graph {info['nodes']:,} nodes / "
              f"{info['relationships']:,} relationships")
        rss0 = rss_mb(proc.pid)
        print(f"after start: RSS {rss0[0]:,.0f} MiB")
        while True:  # the server builds the projection and the name index in the background
            warm = client.get("/health/warm-up").json()
            if warm["state"] not in ("pending", "running"):
                break
            time.sleep(0.5)
        built_at_start = warm["state"] == "done"
        print(f"start-up warm-up (INNOGRAPH_WARM_UP): {warm['state']}"
              + (f" in {warm['seconds']:,.1f} s (projection and name index)" if warm["seconds"] is not None else ""))
        results["warm_up"] = warm
        t = time.perf_counter()
        r = client.get("/api/entities", params={"q": searches[0]})
        r.raise_for_status()
        t_search = time.perf_counter() - t
        t = time.perf_counter()
        r = client.get("/api/paths", params={"source": pairs[0][0], "target": pairs[0][1]})
        r.raise_for_status()
        t_first_path = time.perf_counter() - t
        t = time.perf_counter()
        r = client.get(f"/viz/entity/{quote(centres[0], safe='')}")
        r.raise_for_status()
        t_view = time.perf_counter() - t
        rss1 = rss_mb(proc.pid)
        print(f"first requests: search {t_search * 1000:,.0f} ms; path {t_first_path:,.1f} s "
              + ("(projection built at start-up); " if built_at_start else "(builds the projection); ")
              + f"view {t_view * 1000:,.0f} ms")
        print(f"after warm-up: RSS {rss1[0]:,.0f} MiB, peak RSS (VmHWM) {rss1[1]:,.0f} MiB - "
              + check("peak RSS <= 1 GB", rss1[1] <= 1024))
        results["warm"] = {"search_s": t_search, "first_path_s": t_first_path, "view_s": t_view}
        results["rss_after_start_mb"] = rss0[0]
        results["rss_after_warm_mb"], results["peak_rss_after_warm_mb"] = rss1
        endpoints = {
            "search": [f"/api/entities?q={quote(q)}" for q in searches],
            "paths": [f"/api/paths?source={quote(a)}&target={quote(b)}" for a, b in pairs],
            "view": [f"/viz/entity/{quote(c, safe='')}" for c in centres],
        }
        for name, paths in endpoints.items():
            res = wrk(paths, base, args.duration, args.connections, args.threads)
            results[f"load_{name}"] = {k: v for k, v in res.items() if k != "raw"}
            print(f"load {name:6s}: {args.connections} connections, {args.duration} s: "
                  f"p50 {res.get('p50', float('nan')):,.1f} ms, p90 {res.get('p90', float('nan')):,.1f} ms, "
                  f"p99 {res.get('p99', float('nan')):,.1f} ms; {res['rps']:,.1f} req/s, {res['requests']:,} requests, "
                  f"non-2xx {res['non_2xx']}{', socket errors ' + res['socket_errors'] if res['socket_errors'] else ''}")
        rss2 = rss_mb(proc.pid)
        results["rss_after_load_mb"], results["peak_rss_mb"] = rss2
        print(f"after load: RSS {rss2[0]:,.0f} MiB, peak RSS (VmHWM) {rss2[1]:,.0f} MiB - "
              + check("peak RSS <= 1 GB", rss2[1] <= 1024))
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        if neo4j_server is not None:
            neo4j_server.stop()
            shutil.rmtree(WORK / "neo4j-server", ignore_errors=True)
        if not args.keep_data:
            shutil.rmtree(data, ignore_errors=True)
    suffix = "" if args.store == "ladybug" else f"-{args.store}"
    print(f"figures saved to {save(f'server-{args.nodes}{suffix}', results)}")


def _neo4j_with_graph(n: int, data_dir: Path):
    """A Neo4j 5.26 test server holding the synthetic n-node graph (batched UNWIND)."""
    import neo4j
    from graphgen import generate
    from neo4j_bulk import bulk_load, start_server

    shutil.rmtree(data_dir, ignore_errors=True)
    from innograph.graph.neo4j_store import Neo4jStore

    srv = start_server(data_dir, heap="3g", pagecache="2g")
    Neo4jStore(srv.uri, password=None).close()  # the schema: constraints and indexes, as the server has them
    with neo4j.GraphDatabase.driver(srv.uri, auth=None) as driver:
        load = bulk_load(driver, generate(n), 5000, log=lambda *_: None)
    print(f"neo4j 5.26 at {srv.uri}: the {n:,}-node graph loaded in {load['seconds']:.0f} s")
    return srv


if __name__ == "__main__":
    main()
