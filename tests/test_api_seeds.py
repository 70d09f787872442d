"""Every endpoint against a real server on the demo corpus, on both stores, with answers checked."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest

from conftest import SEEDS, STORE_KINDS, seeded_server

TOKEN = "test-token-0123456789"


@pytest.fixture(scope="module", params=STORE_KINDS)
def api(request, tmp_path_factory):
    srv = seeded_server(request.param, request, tmp_path_factory.mktemp("seeds-api") / "data")
    client = httpx.Client(base_url=srv.url, timeout=60)
    yield client
    client.close()
    srv.stop()


def seed_text(doc_id: str) -> str:
    from innograph.loaders.readers import read_document

    return read_document(SEEDS / (doc_id.removeprefix("doc:") + ".txt")).text


def entity_id(api, name: str) -> str:
    results = api.get("/api/entities", params={"q": name}).json()["results"]
    exact = [r for r in results if r["name"] == name]
    assert exact, (name, results[:5])
    return exact[0]["id"]


def test_path_from_nanhang_to_xiangcheng_with_evidence_from_the_document(api):
    body = api.get("/api/paths", params={"source": "南京航空航天大学", "target": "相城区"}).json()
    assert body["paths"], body
    best = body["paths"][0]
    assert best["explanation"].startswith("南京航空航天大学") and best["explanation"].endswith("相城区")
    for hop in best["hops"]:
        assert hop["evidence"] in seed_text(hop["doc"])
        assert hop["direction"] in ("forward", "backward")
    lengths = [p["length"] for p in body["paths"]]
    assert lengths == sorted(lengths) and len(lengths) <= 3


def test_paths_filters(api):
    only_located = api.get("/api/paths", params={"source": "南京航空航天大学", "target": "相城区",
                                                 "types": ["LOCATED_IN"]}).json()
    assert only_located["paths"] == [] and only_located["reason"]
    k1 = api.get("/api/paths", params={"source": "南京航空航天大学", "target": "苏州市", "k": 1}).json()
    assert len(k1["paths"]) == 1
    no_gov = api.get("/api/paths", params={"source": "河海大学", "target": "苏州市", "avoid": "Government", "k": 5}).json()
    for p in no_gov["paths"]:
        assert all(n["type"] != "Government" for n in p["nodes"][1:-1])


def test_neighbours_with_counts_and_filters(api):
    nid = entity_id(api, "河海大学")
    body = api.get(f"/api/entities/{nid}/neighbors", params={"depth": 1}).json()
    names = {n["name"] for n in body["nodes"]}
    assert "河海大学苏州研究院" in names
    assert sum(body["counts"].values()) == body["shown"] == len(body["nodes"])
    deeper = api.get(f"/api/entities/{nid}/neighbors", params={"depth": 2}).json()
    assert deeper["total"] > body["total"]
    districts = api.get(f"/api/entities/{nid}/neighbors", params={"depth": 2, "labels": "District"}).json()
    assert all(n["type"] == "District" for n in districts["nodes"][1:])
    capped = api.get(f"/api/entities/{nid}/neighbors", params={"depth": 2, "limit": 3}).json()
    assert capped["shown"] == 3 and capped["total"] == deeper["total"]
    assert deeper["relationships_total"] == len(deeper["relationships"]) > 3
    # rel_limit: the links listed are capped, every node shown keeps one, the total is still told.
    few = api.get(f"/api/entities/{nid}/neighbors", params={"depth": 2, "rel_limit": len(deeper["nodes"]) - 1}).json()
    assert few["relationships_total"] == deeper["relationships_total"]
    assert len(few["relationships"]) == len(deeper["nodes"]) - 1
    ends = {e for r in few["relationships"] for e in (r["start"], r["end"])}
    assert ends == {n["id"] for n in deeper["nodes"]}
    bad = api.get(f"/api/entities/{nid}/neighbors", params={"depth": 9})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "depth"


def test_events_newest_first_filtered_and_paginated(api):
    body = api.get("/api/events", params={"kind": "signing", "limit": 100}).json()
    assert body["total"] >= 8
    dates = [e["date"] for e in body["events"] if e["date"]]
    assert dates == sorted(dates, reverse=True)
    for e in body["events"]:
        assert e["parties"] and e["evidence"]
    page = api.get("/api/events", params={"kind": "signing", "limit": 2, "offset": 2}).json()
    assert [e["id"] for e in page["events"]] == [e["id"] for e in body["events"][2:4]]
    park = api.get("/api/events", params={"kind": "signing", "district": "苏州工业园区", "since": "2021-02", "until": "2021-02"}).json()
    assert park["events"], "a signing in the industrial park in February 2021"
    assert all(e["date"].startswith("2021-02") for e in park["events"])
    party = api.get("/api/events", params={"party": "南京医科大学"}).json()
    assert any("南京医科大学" in {p["entity"]["name"] for p in e["parties"]} for e in party["events"])
    assert api.get("/api/events", params={"since": "2021/02"}).json()["error"]["field"] == "since"


def test_district_profile(api):
    body = api.get(f"/api/districts/{entity_id(api, '苏州市')}/profile").json()
    assert {"相城区", "苏州工业园区"} <= {d["name"] for d in body["sub_districts"]}
    assert sum(body["counts_by_type"].values()) >= 20
    assert body["signing_timeline"] and all(k[:4].isdigit() or k == "undated" for k in body["signing_timeline"])
    assert body["most_connected"] and body["most_connected"][0]["score"] >= body["most_connected"][-1]["score"]
    sip = api.get(f"/api/districts/{entity_id(api, '苏州工业园区')}/profile").json()
    assert sip["top_outside_partners"]
    assert api.get("/api/districts/place:不存在区/profile").status_code == 404


def test_export_formats(api):
    graph = api.get("/api/export", params={"format": "json"}).json()
    assert len(graph["documents"]) == 5
    import networkx as nx

    for fmt in ("graphml", "gexf"):
        r = api.get("/api/export", params={"format": fmt})
        assert r.status_code == 200
        g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(r.content))
        assert g.number_of_nodes() == len(graph["nodes"]) + 5
    z = zipfile.ZipFile(io.BytesIO(api.get("/api/export", params={"format": "csv"}).content))
    assert {"nodes.csv", "relationships.csv"} <= set(z.namelist())
    assert api.get("/api/export", params={"format": "xlsx"}).status_code == 422


def test_documents_listed(api):
    docs = api.get("/api/documents").json()["documents"]
    assert len(docs) == 5 and all(d["title"] for d in docs)


def test_unknown_ids_suggest_names(api):
    err = api.get("/api/entities/org:河海大学苏州研究所").json()["error"]
    assert err["status"] == 404 and any("河海大学" in s["name"] for s in err["suggestions"])


def test_named_queries_listed_and_run(api):
    listing = api.get("/api/queries").json()
    assert len(listing["queries"]) >= 12
    assert all(q["question_zh"] and q["question_en"] for q in listing["queries"])
    r = api.post("/api/queries/cofounded_by_organization", json={"params": {"name": "河海大学"}})
    assert r.status_code == 200 and "河海大学苏州研究院" in {row[0] for row in r.json()["rows"]}
    missing = api.post("/api/queries/cofounded_by_organization", json={"params": {}})
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "params.name"
    assert api.post("/api/queries/no_such_query", json={}).status_code == 404


@pytest.mark.parametrize("kind", STORE_KINDS)
def test_upload_and_delete_documents_need_a_token(kind, request, tmp_path):
    srv = seeded_server(kind, request, tmp_path / "data", env_extra={"INNOGRAPH_API_TOKEN": TOKEN})
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        with httpx.Client(base_url=srv.url, timeout=60) as api:
            text = ("2021年6月18日，昆明理工大学、东南大学与吴江区签署合作协议，共建昆明理工大学吴江智能制造研究院。"
                    "研究院位于吴江区。").encode()
            files = {"file": ("吴江新闻.txt", text, "text/plain")}
            seu_id = entity_id(api, "东南大学")  # named by a seed document too
            seu_before = api.get(f"/api/entities/{seu_id}").json()
            assert api.post("/api/documents", files=files).status_code == 401
            assert api.post("/api/documents", files=files, headers={"Authorization": "Bearer wrong"}).status_code == 401
            r = api.post("/api/documents", files=files, headers=auth)
            assert r.status_code == 201, r.text
            doc = r.json()["document"]
            assert any(d["id"] == doc for d in api.get("/api/documents").json()["documents"])
            assert api.get("/api/entities", params={"q": "昆明理工"}).json()["results"], "the upload's facts are in"
            seu_during = api.get(f"/api/entities/{seu_id}").json()
            assert doc in {d["id"] for d in seu_during["documents"]}
            assert api.delete(f"/api/documents/{doc}").status_code == 401
            assert api.delete(f"/api/documents/{doc}", headers=auth).json()["deleted"] is True
            assert api.get("/api/entities", params={"q": "昆明理工"}).json()["results"] == []
            # Facts other documents state stay: 东南大学 is exactly as before the upload.
            assert api.get(f"/api/entities/{seu_id}").json() == seu_before
            assert api.delete(f"/api/documents/{doc}", headers=auth).status_code == 404
            bad = api.post("/api/documents", files={"file": ("x.exe", b"MZ", "application/octet-stream")}, headers=auth)
            assert bad.status_code == 422 and bad.json()["error"]["field"] == "file"
            empty = api.post("/api/documents", files={"file": ("empty.txt", b"", "text/plain")}, headers=auth)
            assert empty.status_code == 422 and "empty" in empty.json()["error"]["message"]
    finally:
        srv.stop()


def test_without_configured_token_writes_are_disabled(server):
    r = httpx.post(server.url + "/api/documents", files={"file": ("a.txt", "苏州".encode(), "text/plain")})
    assert r.status_code == 403 and "INNOGRAPH_API_TOKEN" in r.json()["error"]["message"]
