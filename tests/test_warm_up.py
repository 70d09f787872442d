"""Start-up warm-up: a real `innograph serve` over the demo corpus builds its projection and name index
in the background before any request asks (INNOGRAPH_WARM_UP, default on), and not when it is "0"."""

from __future__ import annotations

import time

import httpx
import pytest

from conftest import STORE_KINDS, seeded_server


def warm_up_status(client: httpx.Client) -> dict:
    r = client.get("/health/warm-up")
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(params=STORE_KINDS)
def kind(request):
    return request.param


def test_caches_are_built_after_start_up_without_a_request(kind, request, tmp_path):
    server = seeded_server(kind, request, tmp_path / "data")
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            # Only the status is asked for: it reads the caches' state and never builds anything.
            deadline = time.time() + 60
            status = warm_up_status(client)
            while status["state"] in ("pending", "running") and time.time() < deadline:
                time.sleep(0.1)
                status = warm_up_status(client)
            assert status["enabled"] and status["state"] == "done", (status, server.output())
            assert status["projection"] and status["name_index"] and status["warm"]
            assert status["error"] is None and status["seconds"] >= 0
            # /health keeps its fields and answers as before.
            health = client.get("/health").json()
            assert set(health) == {"status", "store", "documents", "version"}
            assert health["status"] == "ok" and health["store"] == kind and health["documents"] == 5
            assert client.get("/viz/data/districts").status_code == 200
    finally:
        server.stop()


def test_warm_up_off_leaves_the_caches_cold_until_requests_build_them(kind, request, tmp_path):
    server = seeded_server(kind, request, tmp_path / "data", {"INNOGRAPH_WARM_UP": "0"})
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            # Long enough for a warm-up of this corpus (well under a second) to have finished, were it on.
            deadline = time.time() + 2
            while time.time() < deadline:
                status = warm_up_status(client)
                assert status == {"enabled": False, "state": "off", "warm": False, "projection": False,
                                  "name_index": False, "seconds": None, "error": None}, status
                time.sleep(0.2)
            assert client.get("/api/entities", params={"q": "苏州"}).json()["results"]
            status = warm_up_status(client)
            assert status["name_index"] and not status["projection"] and not status["warm"]
            assert client.get("/viz/data/districts").status_code == 200
            status = warm_up_status(client)
            assert status["projection"] and status["warm"] and status["state"] == "off"
    finally:
        server.stop()
