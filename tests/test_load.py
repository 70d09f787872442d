"""A bounded load test on loopback: 20 concurrent clients for 30 s over mixed endpoints, no 5xx."""

from __future__ import annotations

import asyncio
import random
import shutil
import time
from collections import Counter

import httpx

from conftest import LiveServer

CLIENTS = 20
SECONDS = 30.0


async def _client(base: str, ids: list[str], deadline: float, seed: int, stats: Counter) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        while time.monotonic() < deadline:
            a, b = rng.choice(ids), rng.choice(ids)
            choice = rng.randrange(8)
            if choice == 0:
                r = await c.get("/api/entities", params={"q": rng.choice(["苏州", "大学", "研究院", "相城", "园区", "科技"])})
            elif choice == 1:
                r = await c.get(f"/api/entities/{a}")
            elif choice == 2:
                r = await c.get("/api/paths", params={"source": a, "target": b, "max_hops": 6})
            elif choice == 3:
                r = await c.get(f"/api/entities/{a}/neighbors", params={"depth": 2})
            elif choice == 4:
                r = await c.get("/api/events", params={"kind": "signing", "limit": 20})
            elif choice == 5:
                r = await c.get(f"/viz/entity/{a}")
            elif choice == 6:
                r = await c.post("/api/cypher", json={"query": "MATCH (o:Organization) RETURN o.name LIMIT 20"})
            else:
                r = await c.post("/api/queries/partners_of_organization", json={"params": {"name": "河海大学"}})
            stats[r.status_code] += 1


def test_twenty_clients_thirty_seconds_no_server_errors(seeded_data_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(seeded_data_dir, data)
    server = LiveServer(data, env={"INNOGRAPH_NEO4J_URI": ""})
    try:
        ids = [r["id"] for q in ("大学", "区", "研究院", "有限公司")
               for r in httpx.get(server.url + "/api/entities", params={"q": q, "limit": 20}).json()["results"]]
        assert len(ids) >= 20
        stats: Counter = Counter()
        deadline = time.monotonic() + SECONDS

        async def run() -> None:
            await asyncio.gather(*(_client(server.url, ids, deadline, i, stats) for i in range(CLIENTS)))

        asyncio.run(run())
        total = sum(stats.values())
        assert total > CLIENTS * 10, stats
        assert not [s for s in stats if s >= 500], stats
        assert set(stats) <= {200, 404}, stats
        log = server.output()
        assert "Traceback" not in log and " ERROR " not in log and "Exception" not in log, log[-3000:]
    finally:
        server.stop()
