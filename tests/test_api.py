"""The HTTP API against a real `innograph serve` on a free localhost port (hand-made graph)."""

from __future__ import annotations

import re

import httpx
import pytest

from conftest import STORE_KINDS, LiveServer, open_test_store, store_env
from graphs import LAB, NANHANG, SUZHOU, XIANGCHENG, other_document, rel, signing_document

XSS_NAME = "<img src=x onerror=alert(1)>有限公司"


@pytest.fixture(scope="module", params=STORE_KINDS)
def api(request, tmp_path_factory):
    from innograph.graph.ids import org_id
    from innograph.graph.model import DocumentInfo, GraphDocument, Node

    tmp = tmp_path_factory.mktemp("api")
    data_dir = tmp / "data"
    evil = GraphDocument(documents=[DocumentInfo(id="doc:evil", path="evil.txt", title="<script>t</script>")])
    evil_id = org_id(XSS_NAME)
    sentence = f"{XSS_NAME}落户相城区。</script><script>alert(2)</script>"
    evil.nodes = [Node(id=evil_id, labels=["Organization", "Enterprise"], properties={"name": XSS_NAME, "aliases": []}),
                  Node(id=XIANGCHENG, labels=["District"], properties={"name": "相城区", "level": "district"})]
    evil.relationships = [rel("LOCATED_IN", evil_id, XIANGCHENG, "doc:evil", sentence),
                          rel("MENTIONED_IN", evil_id, "doc:evil", "doc:evil", sentence, aliases=[]),
                          rel("MENTIONED_IN", XIANGCHENG, "doc:evil", "doc:evil", sentence, aliases=[])]
    with open_test_store(request.param, tmp, request) as store:
        store.write(signing_document())
        store.write(other_document())
        store.write(evil)
        xiangcheng_facts = facts_in_store(store, XIANGCHENG)
    server = LiveServer(data_dir, env=store_env(request.param, request))
    client = httpx.Client(base_url=server.url, timeout=30)
    client.evil_id = evil_id
    client.xiangcheng_facts = xiangcheng_facts
    client.store_kind = request.param
    yield client
    client.close()
    server.stop()


def facts_in_store(store, entity_id: str) -> list[tuple]:
    """(type, direction, neighbour id, name, type, doc) of each of the entity's relationships, as the store gives them."""
    from innograph.api.summaries import summary

    facts = []
    for r in store.relationships_of(entity_id):
        if r.type == "MENTIONED_IN":
            continue
        other = summary(store.node(r.end if r.start == entity_id else r.start))
        facts.append((r.type, "out" if r.start == entity_id else "in", other.id, other.name, other.type,
                      r.properties.get("doc")))
    return sorted(facts)


def test_health(api):
    body = api.get("/health").json()
    assert body["status"] == "ok" and body["store"] == api.store_kind and body["documents"] == 3


def test_search_chinese_substring_and_alias(api):
    names = [r["name"] for r in api.get("/api/entities", params={"q": "航空"}).json()["results"]]
    assert names == ["南京航空航天大学"]
    by_alias = api.get("/api/entities", params={"q": "南航"}).json()["results"]
    assert by_alias[0]["id"] == NANHANG
    typed = api.get("/api/entities", params={"q": "相城", "type": "University"}).json()["results"]
    assert typed == []


def test_search_rejects_unknown_type_naming_the_field(api):
    r = api.get("/api/entities", params={"q": "相城", "type": "Planet"})
    assert r.status_code == 422
    assert r.json()["error"]["field"] == "type"


def test_entity_has_facts_with_evidence_and_documents(api):
    body = api.get(f"/api/entities/{LAB}").json()
    assert body["entity"]["type"] == "ResearchInstitute"
    founded = [f for f in body["facts"] if f["type"] == "FOUNDED_BY"]
    assert founded and founded[0]["other"]["id"] == NANHANG
    assert "共建" in founded[0]["evidence"] and founded[0]["doc"] == "doc:signing"
    assert [d["id"] for d in body["documents"]] == ["doc:signing"]


def test_entity_detail_lists_each_neighbour_the_store_relates_once(api):
    # 相城区 is the best-connected entity here: five kinds of neighbour, one of them (the signing event)
    # twice, and in two documents. Each relationship is one fact, none dropped, none repeated.
    body = api.get(f"/api/entities/{XIANGCHENG}").json()
    facts = [(f["type"], f["direction"], f["other"]["id"], f["other"]["name"], f["other"]["type"], f["doc"])
             for f in body["facts"]]
    assert sorted(facts) == api.xiangcheng_facts
    assert len(facts) == 6 and len({f[2] for f in facts}) == 5
    assert {f[4] for f in facts} == {"Event", "ResearchInstitute", "University", "District", "Enterprise"}
    assert [(f[0], f[3]) for f in facts] == sorted((f[0], f[3]) for f in facts), "facts ordered by type, then name"


def test_unknown_entity_is_404_with_suggestions(api):
    r = api.get("/api/entities/org:南京航空大学")
    assert r.status_code == 404
    err = r.json()["error"]
    assert err["status"] == 404
    assert NANHANG in [s["id"] for s in err["suggestions"]]


def test_paths_carry_evidence_and_explanation(api):
    body = api.get("/api/paths", params={"source": "南京航空航天大学", "target": "苏州市"}).json()
    assert body["paths"], body
    first = body["paths"][0]
    assert first["nodes"][0]["id"] == NANHANG and first["nodes"][-1]["id"] == SUZHOU
    assert first["length"] == len(first["hops"]) == 2
    for hop in first["hops"]:
        assert hop["evidence"] and hop["doc"]
    assert first["explanation"].startswith("南京航空航天大学 ") and first["explanation"].endswith(" 苏州市")


def test_paths_respect_max_hops_and_avoid(api):
    r = api.get("/api/paths", params={"source": LAB, "target": SUZHOU, "max_hops": 1}).json()
    assert r["paths"] == [] and "1 hops" in r["reason"]
    avoided = api.get("/api/paths", params={"source": NANHANG, "target": SUZHOU, "avoid": "District"}).json()
    assert avoided["paths"] == []


def test_paths_validate_max_hops(api):
    r = api.get("/api/paths", params={"source": NANHANG, "target": SUZHOU, "max_hops": 99})
    assert r.status_code == 422 and r.json()["error"]["field"] == "max_hops"


def test_cypher_reads(api):
    r = api.post("/api/cypher", json={"query": "MATCH (o:Organization) WHERE o.name CONTAINS $q RETURN o.name AS name",
                                      "params": {"q": "航空"}})
    assert r.status_code == 200, r.text
    assert r.json()["rows"] == [["南京航空航天大学"]]


@pytest.mark.parametrize("query", [
    "CREATE (n:Organization {id: 'x'})",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Organization) SET n.name = 'x'",
    "match (n) return n; create (m:Organization {id: 'y'})",
])
def test_cypher_refuses_writes_before_running(api, query):
    before = api.get("/health").json()["version"]
    r = api.post("/api/cypher", json={"query": query})
    assert r.status_code == 403
    assert "refused" in r.json()["error"]["message"]
    assert api.get("/health").json()["version"] == before
    assert api.get(f"/api/entities/{NANHANG}").status_code == 200


def test_view_is_self_contained_and_escaped(api):
    r = api.get(f"/viz/entity/{api.evil_id}")
    assert r.status_code == 200
    html = r.text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "no external fetch"
    assert "vis.Network" in html
    assert "<img src=x" not in html
    assert "<script>alert(2)" not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html


def test_view_download_and_embed(api):
    r = api.get(f"/viz/entity/{NANHANG}", params={"download": 1})
    assert "attachment" in r.headers["content-disposition"]
    embedded = api.get(f"/viz/entity/{NANHANG}", params={"embed": 1}).text
    assert "<header>" not in embedded and "vis.Network" in embedded


def test_ui_is_served_without_cdn(api):
    html = api.get("/").text
    assert "创新生态知识图谱" in html
    assert not re.search(r"""(src|href)\s*=\s*["']https?://""", html)
    assert api.get("/static/app.js").status_code == 200


def test_openapi_docs(api):
    assert api.get("/docs").status_code == 200
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/api/entities", "/api/entities/{entity_id}", "/api/paths", "/api/cypher", "/viz/entity/{entity_id}"} <= set(paths)
