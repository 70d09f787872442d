"""Outage: with Neo4j stopped the API answers 503 quickly, and recovers by itself when it is back."""

from __future__ import annotations

import time

import httpx
import pytest

from conftest import LiveServer, clear_neo4j
from graphs import NANHANG, signing_document

pytestmark = pytest.mark.neo4j


def test_api_answers_503_fast_during_outage_and_recovers(neo4j_server, tmp_path):
    from innograph.graph.neo4j_store import Neo4jStore

    clear_neo4j(neo4j_server.uri)
    with Neo4jStore(neo4j_server.uri) as store:
        store.write(signing_document())
    api = LiveServer(tmp_path / "data", env={"INNOGRAPH_NEO4J_URI": neo4j_server.uri})
    try:
        with httpx.Client(base_url=api.url, timeout=30) as client:
            assert client.get(f"/api/entities/{NANHANG}").status_code == 200
            neo4j_server.stop()
            for path in ("/api/entities?q=南京", f"/api/entities/{NANHANG}", "/health"):
                started = time.monotonic()
                r = client.get(path)
                elapsed = time.monotonic() - started
                assert r.status_code == 503, (path, r.status_code, r.text)
                assert "unavailable" in r.json()["error"]["message"]
                assert elapsed <= 2.0, f"{path} took {elapsed:.2f}s"
            neo4j_server.start()
            deadline = time.monotonic() + 30
            status = None
            while time.monotonic() < deadline:
                status = client.get(f"/api/entities/{NANHANG}").status_code
                if status == 200:
                    break
                time.sleep(0.5)
            assert status == 200, "the API did not recover after Neo4j came back"
            assert client.get("/api/entities", params={"q": "南京"}).json()["results"][0]["id"] == NANHANG
    finally:
        api.stop()
        if not neo4j_server.is_running():
            neo4j_server.start()


def test_api_starts_while_neo4j_is_down_and_connects_later(neo4j_server, tmp_path):
    from innograph.graph.neo4j_store import Neo4jStore

    clear_neo4j(neo4j_server.uri)
    with Neo4jStore(neo4j_server.uri) as store:
        store.write(signing_document())
    neo4j_server.stop()
    try:
        api = LiveServer(tmp_path / "data", env={"INNOGRAPH_NEO4J_URI": neo4j_server.uri})
    except Exception:
        neo4j_server.start()
        raise
    try:
        with httpx.Client(base_url=api.url, timeout=30) as client:
            assert client.get("/api/entities", params={"q": "南京"}).status_code == 503
            neo4j_server.start()
            assert client.get(f"/api/entities/{NANHANG}").status_code == 200
    finally:
        api.stop()
        if not neo4j_server.is_running():
            neo4j_server.start()
