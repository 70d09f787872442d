"""The insights endpoints and page against a real server on the seed corpus, on both stores."""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest

from conftest import SEEDS, STORE_KINDS, seeded_server

API = "/api/insights"


@pytest.fixture(scope="module", params=STORE_KINDS)
def api(request, tmp_path_factory):
    srv = seeded_server(request.param, request, tmp_path_factory.mktemp("insights-api") / "data")
    client = httpx.Client(base_url=srv.url, timeout=120)
    yield client
    client.close()
    assert " 500 " not in srv.output() and "Traceback" not in srv.output(), srv.output()[-3000:]
    srv.stop()


def seed_text(doc_id: str) -> str:
    from innograph.loaders.readers import read_document

    return read_document(SEEDS / (doc_id.removeprefix("doc:") + ".txt")).text


def assert_error(response, status: int, field: str | None):
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert body["status"] == status and body["field"] == field and body["message"]
    return body


# -- brokers ---------------------------------------------------------------------------------------
def test_brokers(api):
    body = api.get(f"{API}/brokers", params={"pairs": 100}).json()
    assert body["by"] == "district" and body["brokers"]
    scores = [b["betweenness"] for b in body["brokers"]]
    assert scores == sorted(scores, reverse=True)
    gov = next(b for b in body["brokers"] if b["entity"]["name"] == "苏州市人民政府")
    assert "相城区" in {g["name"] for g in gov["bridged_groups"]}
    assert gov["pairs"] and all(p["text"].startswith("苏州市人民政府 连接了 ") for p in gov["pairs"])
    assert any("河海大学" in (p["a"]["name"], p["b"]["name"]) for p in gov["pairs"])
    for b in body["brokers"]:
        for p in b["pairs"]:
            assert not {g["id"] for g in p["a_groups"]} & {g["id"] for g in p["b_groups"]}
    assert gov["explanation"].startswith("苏州市人民政府 的中介中心性为")


def test_brokers_filters_and_errors(api):
    only = api.get(f"{API}/brokers", params={"types": ["University", "ResearchInstitute"]}).json()
    assert all(b["entity"]["type"] in ("University", "ResearchInstitute") for b in only["brokers"])
    no_gov = api.get(f"{API}/brokers", params={"network_types": ["University", "ResearchInstitute", "Enterprise"]}).json()
    assert all(b["entity"]["type"] != "Government" for b in no_gov["brokers"])
    community = api.get(f"{API}/brokers", params={"by": "community"})
    assert community.status_code == 200
    assert community.json()["brokers"] or community.json()["reason"]
    assert_error(api.get(f"{API}/brokers", params={"types": "Nonsense"}), 422, "types")
    assert_error(api.get(f"{API}/brokers", params={"kinds": "gossip"}), 422, "kinds")
    assert_error(api.get(f"{API}/brokers", params={"by": "galaxy"}), 422, "by")


# -- communities -----------------------------------------------------------------------------------
def test_communities_and_their_views(api):
    body = api.get(f"{API}/communities").json()
    assert body["count"] == len(body["communities"]) > 0 and body["seed"] == 42
    medical = next(c for c in body["communities"] if "org:南京医科大学" in {m["entity"]["id"] for m in c["members"]})
    assert {"org:山东大学", "org:苏州工业园区管理委员会"} <= {m["entity"]["id"] for m in medical["members"]}
    assert medical["name"] == "、".join(e["name"] for e in medical["central"])
    detail = api.get(f"{API}/communities/{medical['number']}").json()
    assert detail["links"] and all(link["evidence"] for link in detail["links"])
    for link in detail["links"]:
        for ev in link["evidence"]:
            if ev["evidence"]:
                assert ev["evidence"] in seed_text(ev["doc"])
    view = api.get(medical["view"])
    assert view.status_code == 200 and view.headers["content-type"].startswith("text/html")
    assert f'data-community="{medical["number"]}"' in view.text and "南京医科大学" in view.text
    assert not re.search(r'<script[^>]+src=', view.text)  # self-contained
    download = api.get(medical["view"], params={"download": 1})
    assert "attachment" in download.headers["content-disposition"]
    assert_error(api.get(f"{API}/communities/999"), 404, "number")
    assert_error(api.get(f"{API}/communities/999/view"), 404, "number")


# -- recommendations -------------------------------------------------------------------------------
def test_recommendations_for_an_organisation(api):
    body = api.get(f"{API}/recommendations", params={"entity": "河海大学"}).json()
    assert body["entity"]["id"] == "org:河海大学" and body["mode"] == "organisation"
    assert "org:苏州市人民政府" in {p["id"] for p in body["peers"]}
    recs = body["recommendations"]
    assert recs
    peers = {p["id"] for p in body["peers"]}
    for r in recs:
        assert r["entity"]["id"] not in peers and r["entity"]["type"] in ("University", "ResearchInstitute", "Enterprise")
        assert r["explanation"].startswith(f"{r['entity']['name']} 与 河海大学 的伙伴 ")
        assert "证据" in r["explanation"]
        for path in r["paths"]:
            assert path["nodes"][0]["id"] == "org:河海大学" and path["nodes"][-1]["id"] == r["entity"]["id"]
            for hop in path["hops"]:
                if hop["evidence"]:
                    assert hop["evidence"] in seed_text(hop["doc"])
    assert any("苏州市人民政府" in r["explanation"] for r in recs)


def test_recommendations_for_a_district(api):
    body = api.get(f"{API}/recommendations", params={"entity": "相城区", "limit": 5, "paths": 1}).json()
    assert body["mode"] == "district" and len(body["recommendations"]) <= 5
    assert body["recommendations"]
    for r in body["recommendations"]:
        assert r["explanation"].startswith(f"{r['entity']['name']} 与 相城区 的伙伴 ")
        assert len(r["paths"]) == 1
    universities = api.get(f"{API}/recommendations", params={"entity": "相城区", "types": "University"}).json()
    assert all(r["entity"]["type"] == "University" for r in universities["recommendations"])


def test_recommendation_errors(api):
    missing = assert_error(api.get(f"{API}/recommendations", params={"entity": "河海大学不存在"}), 404, "entity")
    assert "河海大学" in {s["name"] for s in missing["suggestions"]}
    events = api.get("/api/events", params={"limit": 1}).json()["events"]
    assert_error(api.get(f"{API}/recommendations", params={"entity": events[0]["id"]}), 422, "entity")
    assert_error(api.get(f"{API}/recommendations", params={"entity": "相城区", "types": "Planet"}), 422, "types")
    assert_error(api.get(f"{API}/recommendations"), 422, "entity")


# -- comparison ------------------------------------------------------------------------------------
def test_compare_districts(api):
    body = api.get(f"{API}/compare", params={"districts": ["相城区", "苏州工业园区"]}).json()
    xc, sip = body["districts"]
    assert (xc["district"]["name"], sip["district"]["name"]) == ("相城区", "苏州工业园区")
    for col in body["districts"]:
        assert list(col["signings_by_quarter"]) == body["quarters"]
        assert sum(col["signings_by_quarter"].values()) == col["signings"]
        assert set(col["counts_by_type"]) == set(body["types"])
    assert sip["signings_by_quarter"]["2021Q1"] >= 1
    assert {"南京医科大学", "山东大学"} <= {u["entity"]["name"] for u in sip["partner_universities"]}
    assert "河海大学" in {u["entity"]["name"] for u in xc["partner_universities"]}
    three = api.get(f"{API}/compare", params={"districts": ["相城区", "苏州工业园区", "苏州市"]}).json()
    assert len(three["districts"]) == 3 and three["notes"]
    assert "河海大学" in {s["entity"]["name"] for s in three["shared_partners"]}


def test_compare_errors(api):
    assert_error(api.get(f"{API}/compare", params={"districts": "相城区"}), 422, "districts")
    six = ["相城区", "苏州工业园区", "苏州市", "昆山市", "吴江区", "常熟市"]
    assert_error(api.get(f"{API}/compare", params={"districts": six}), 422, "districts")
    assert_error(api.get(f"{API}/compare", params={"districts": ["相城区", "河海大学"]}), 422, "districts")
    assert_error(api.get(f"{API}/compare", params={"districts": ["相城区", "相城区"]}), 422, "districts")
    missing = assert_error(api.get(f"{API}/compare", params={"districts": ["相城区", "相城区区区"]}), 404, "districts")
    assert missing["suggestions"]


# -- briefing --------------------------------------------------------------------------------------
def test_briefing_html_and_json(api):
    page = api.get(f"{API}/briefing/{quote('相城区')}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert 'data-entity="place:相城区"' in html and "关键数据" in html and "近期签约" in html
    assert not re.search(r'(src|href)="https?://', html)  # works offline
    assert 'src="data:image/png;base64,' in html or "srcdoc=" in html
    data = api.get(f"{API}/briefing/place:相城区", params={"format": "json"}).json()
    assert data["kind"] == "district" and data["recent_signings"]
    for s in data["recent_signings"]:
        assert s["evidence"] in seed_text(s["doc"])
        assert s["evidence"][:15] in html
    by_query = api.get(f"{API}/briefing", params={"entity": "河海大学", "format": "json"}).json()
    assert by_query["kind"] == "organisation" and by_query["name"] == "河海大学"
    download = api.get(f"{API}/briefing/{quote('河海大学')}", params={"download": 1})
    assert "attachment" in download.headers["content-disposition"]
    assert_error(api.get(f"{API}/briefing/{quote('不存在的机构')}"), 404, "entity_id")
    assert_error(api.get(f"{API}/briefing", params={"entity": "不存在的机构"}), 404, "entity")


def test_briefing_pdf(api):
    from innograph.graph.insights.briefing import pdf_engine

    response = api.get(f"{API}/briefing/{quote('苏州工业园区')}", params={"format": "pdf", "download": 1})
    if pdf_engine() is None:
        assert_error(response, 503, None)
        pytest.skip("no PDF engine here")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-" and "attachment" in response.headers["content-disposition"]
    from innograph.graph.insights.briefing import pdf_pages

    assert pdf_pages(response.content) == 1


# -- the page --------------------------------------------------------------------------------------
def test_insights_page(api):
    page = api.get("/insights")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    for section in ("brokers", "communities", "recommend", "compare", "briefings"):
        assert f'id="{section}"' in html
    assert "苏州市人民政府" in html and f"{API}/communities/1/view" in html and f"{API}/briefing/" in html
    assert not re.search(r'(src|href)="https?://', html)  # no CDN
    assert api.get(f"{API}/communities/1/view").status_code == 200

    rec = api.get("/insights", params={"entity": "河海大学"}).text
    assert 'id="recommendations"' in rec and "河海大学 的伙伴" in rec
    missing = api.get("/insights", params={"entity": "河海大学不存在"}).text
    assert 'id="recommend-error"' in missing
    cmp = api.get("/insights", params={"compare": ["place:相城区", "place:苏州工业园区"]}).text
    assert 'id="comparison"' in cmp and "2021Q1" in cmp
    bad = api.get("/insights", params={"compare": ["place:相城区"]}).text
    assert 'id="compare-error"' in bad


def test_page_escapes_what_is_typed(api):
    html = api.get("/insights", params={"entity": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
