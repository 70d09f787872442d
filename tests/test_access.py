"""Access and limits: tokens, CORS, frame-ancestors, request size, parameter bounds."""

from __future__ import annotations

import httpx
import pytest

from conftest import LiveServer, open_test_store
from graphs import NANHANG, SUZHOU, signing_document

TOKEN = "s3cret-token-for-tests"


def _server(tmp_path, request, **env):
    with open_test_store("ladybug", tmp_path, request) as store:
        store.write(signing_document())
    return LiveServer(tmp_path / "data", env={"INNOGRAPH_NEO4J_URI": "", **env})


@pytest.fixture
def protected(tmp_path, request):
    srv = _server(tmp_path, request, INNOGRAPH_API_TOKEN=TOKEN, INNOGRAPH_PROTECT_READS="1",
                  INNOGRAPH_CORS_ORIGINS="https://intranet.example", INNOGRAPH_FRAME_ANCESTORS="'self' https://intranet.example",
                  INNOGRAPH_MAX_REQUEST_BYTES="2048")
    yield srv
    srv.stop()


def test_reads_need_the_token_when_protected(protected):
    with httpx.Client(base_url=protected.url) as c:
        assert c.get("/api/entities", params={"q": "南"}).status_code == 401
        assert c.get(f"/viz/entity/{NANHANG}").status_code == 401
        ok = c.get("/api/entities", params={"q": "南"}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and ok.json()["results"]
        assert c.get("/health").status_code == 200, "health stays open for monitoring"


def test_cors_and_frame_ancestors_follow_configuration(protected):
    with httpx.Client(base_url=protected.url) as c:
        pre = c.options("/api/entities", headers={"Origin": "https://intranet.example",
                                                  "Access-Control-Request-Method": "GET"})
        assert pre.headers.get("access-control-allow-origin") == "https://intranet.example"
        other = c.options("/api/entities", headers={"Origin": "https://evil.example",
                                                    "Access-Control-Request-Method": "GET"})
        assert other.headers.get("access-control-allow-origin") is None
        page = c.get(f"/viz/entity/{NANHANG}", headers={"Authorization": f"Bearer {TOKEN}"})
        assert page.headers["content-security-policy"] == "frame-ancestors 'self' https://intranet.example"


def test_request_size_is_limited(protected):
    with httpx.Client(base_url=protected.url) as c:
        r = c.post("/api/cypher", content=b"{" + b" " * 5000 + b"}", headers={
            "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        assert r.status_code == 413


def test_default_is_public_reads_same_origin_and_self_framing(tmp_path, request):
    srv = _server(tmp_path, request)
    try:
        with httpx.Client(base_url=srv.url) as c:
            r = c.get("/api/entities", params={"q": "南"})
            assert r.status_code == 200
            assert r.headers["content-security-policy"] == "frame-ancestors 'self'"
            assert c.options("/api/entities", headers={"Origin": "https://x.example",
                                                       "Access-Control-Request-Method": "GET"}).headers.get(
                "access-control-allow-origin") is None
            for path, params, field in [
                ("/api/paths", {"source": NANHANG, "target": SUZHOU, "max_hops": 9}, "max_hops"),
                ("/api/paths", {"source": NANHANG, "target": SUZHOU, "k": 50}, "k"),
                (f"/api/entities/{NANHANG}/neighbors", {"depth": 4}, "depth"),
                (f"/api/entities/{NANHANG}/neighbors", {"limit": 100000}, "limit"),
                ("/api/entities", {"q": "南", "limit": 5000}, "limit"),
                ("/api/events", {"limit": 10000}, "limit"),
                (f"/viz/entity/{NANHANG}", {"depth": 5}, "depth"),
            ]:
                r = c.get(path, params=params)
                assert r.status_code == 422 and r.json()["error"]["field"] == field, (path, params, r.text)
    finally:
        srv.stop()
