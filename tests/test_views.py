"""Network views over HTTP against a real `innograph serve` on a hand-made graph (embedded store).

The browser side (drawing, tooltips, the UI) is in test_ui_browser.py; here: what the pages and
PNGs contain, escaping, capping, the JSON helpers for the UI, and the layout and PNG code itself.
"""

from __future__ import annotations

import io
import json
import re
import time
from urllib.parse import parse_qsl, quote

import httpx
import pytest

from browser import (ALLIANCE, BIG_PARTNERS, GOV, HUB, INCUBATOR, SHANGHAI, SIP, SJTU, XSS_NAME, ZYF, evil_id,
                     start_views_server)
from graphs import LAB, NANHANG, SUZHOU, XIANGCHENG

EXTERNAL = re.compile(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//|@import|url\(\s*["']?(https?:)?//""", re.I)


@pytest.fixture(scope="module")
def views(request, tmp_path_factory):
    server = start_views_server(tmp_path_factory.mktemp("views"), request)
    client = httpx.Client(base_url=server.url, timeout=60)
    yield client
    client.close()
    server.stop()


def path(p: str) -> str:
    return quote(p, safe="/?&=:")


def page_data(html: str) -> tuple[list[dict], list[dict], dict]:
    """The node list, edge list and options a view page hands to vis-network."""
    nodes = json.loads(re.search(r"var nodes = (.*);\n", html).group(1))
    edges = json.loads(re.search(r"var edges = (.*);\n", html).group(1))
    options = json.loads(re.search(r"var options = (.*);\n", html).group(1))
    return nodes, edges, options


def get_view(client, url: str, **params) -> str:
    base, _, query = url.partition("?")
    merged = [*parse_qsl(query), *params.items()]
    r = client.get(path(base), params=merged)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    return r.text


# -- self-contained and safe -------------------------------------------------------------------------
ALL_VIEWS = [
    f"/viz/entity/{NANHANG}",
    f"/viz/path?source={NANHANG}&target={SHANGHAI}",
    f"/viz/district/{XIANGCHENG}",
    f"/viz/events?district={XIANGCHENG}",
]


@pytest.mark.parametrize("url", ALL_VIEWS)
def test_every_view_is_one_self_contained_page(views, url):
    html = get_view(views, url)
    assert not EXTERNAL.search(html), EXTERNAL.search(html).group(0)
    assert "<script src" not in html and 'rel="stylesheet"' not in html
    assert "vis.Network" in html and "vis-network" in html  # inlined library
    assert '<meta charset="utf-8">' in html
    nodes, edges, _ = page_data(html)
    assert nodes and edges
    assert 'id="legend"' in html and 'id="download"' in html and 'id="png"' in html


def test_views_render_chinese_text_unescaped_as_utf8(views):
    html = get_view(views, f"/viz/entity/{NANHANG}")
    assert "南京航空航天大学 的关系网络" in html
    nodes, edges, _ = page_data(html)
    assert {"南京航空航天大学", "相城区", "南航-中亿丰联合实验室"} <= {n["label"] for n in nodes}
    assert "共建" in {e["label"] for e in edges}


@pytest.mark.parametrize("url", [
    "/viz/entity/{evil}", "/viz/district/相城区", "/viz/path?source={evil}&target=南航", "/viz/entity/相城区",
])
def test_document_text_is_escaped_in_every_view(views, url):
    html = get_view(views, url.format(evil=evil_id()))
    assert "<img src=x" not in html
    assert "<script>alert(2)" not in html and "</script><script>" not in html
    assert "<script>t</script>" not in html  # a document title
    nodes, edges, _ = page_data(html)
    assert XSS_NAME in {n["label"] for n in nodes}  # it is there, as data
    assert any("<script>alert(2)</script>" in e["title"] for e in edges)


def test_title_and_note_are_escaped(views):
    html = get_view(views, f"/viz/entity/{evil_id()}")
    assert "&lt;img src=x onerror=alert(1)&gt;有限公司 的关系网络" in html


# -- styling: type, degree, labels, tooltips ----------------------------------------------------------
def test_colour_shape_and_size_by_type_and_degree(views):
    nodes, edges, _ = page_data(get_view(views, f"/viz/entity/{XIANGCHENG}"))
    by_id = {n["id"]: n for n in nodes}
    assert by_id[XIANGCHENG]["shape"] == "hexagon" and by_id[XIANGCHENG]["group"] == "District"
    assert by_id[NANHANG]["shape"] == "dot" and by_id[NANHANG]["color"]["background"] == "#d62728"
    assert by_id[INCUBATOR]["shape"] == "square" and by_id[GOV]["shape"] == "triangle"
    assert any(n["shape"] == "star" and n["group"] == "Event" for n in nodes)
    # the centre is best connected here and drawn biggest, with a thick border
    assert by_id[XIANGCHENG]["size"] == max(n["size"] for n in nodes)
    assert by_id[XIANGCHENG]["borderWidth"] > by_id[NANHANG]["borderWidth"]
    assert by_id[ZYF]["size"] > by_id[evil_id()]["size"]  # 4 links in view against 1


def test_legend_lists_present_types_with_counts(views):
    html = get_view(views, f"/viz/entity/{XIANGCHENG}")
    legend = re.search(r'<div class="legend" id="legend">(.*?)</div>', html, re.S).group(1)
    assert "高校 University (1)" in legend and "地区 District (2)" in legend
    assert "协会联盟" not in legend  # no association near 相城区


def test_edge_labels_and_tooltips_carry_evidence_and_document(views):
    _, edges, _ = page_data(get_view(views, f"/viz/entity/{LAB}"))
    founded = [e for e in edges if e["relType"] == "FOUNDED_BY"]
    assert founded and founded[0]["label"] == "共建"
    tip = founded[0]["title"]
    assert "南航-中亿丰联合实验室 —共建→ 南京航空航天大学" in tip
    assert "证据 Evidence: 2021年2月1日，南京航空航天大学与相城区签署合作协议" in tip
    assert "来源 Document: doc:signing《签约》" in tip


def test_parallel_edges_of_different_types_are_kept_with_unique_ids(views):
    _, edges, _ = page_data(get_view(views, f"/viz/entity/{LAB}"))
    between = [e for e in edges if {e["from"], e["to"]} == {LAB, NANHANG}]
    assert {e["relType"] for e in between} == {"FOUNDED_BY", "BRANCH_OF"}
    assert sum(1 for e in between if "smooth" in e) == 1  # the second one is curved apart
    ids = [e["id"] for e in edges]
    assert len(ids) == len(set(ids))


# -- the four views ------------------------------------------------------------------------------------
def test_entity_view_by_name_depth_and_label_filter(views):
    one, _, _ = page_data(get_view(views, "/viz/entity/南航"))
    two, _, _ = page_data(get_view(views, "/viz/entity/南航", depth=2))
    assert len(two) > len(one)
    assert ZYF not in {n["id"] for n in one} and ZYF in {n["id"] for n in two}
    only, _, _ = page_data(get_view(views, f"/viz/entity/{NANHANG}", depth=2, labels="District"))
    assert {n["group"] for n in only} == {"University", "District"}  # the centre stays
    r = views.get(path(f"/viz/entity/{NANHANG}"), params={"labels": "Planet"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "labels"


def test_unknown_entity_is_404_with_suggestions(views):
    r = views.get(path("/viz/entity/org:南京航空大学"))
    assert r.status_code == 404
    assert NANHANG in [s["id"] for s in r.json()["error"]["suggestions"]]


def test_path_view_draws_every_shortest_path(views):
    html = get_view(views, "/viz/path", source="南京航空航天大学", target="上海市")
    nodes, edges, _ = page_data(html)
    ids = {n["id"] for n in nodes}
    assert {NANHANG, SHANGHAI, SJTU, ZYF} <= ids
    assert re.search(r'data-paths="[1-9]"', html)
    assert "南京航空航天大学 ↔ 上海市 的路径" in html
    assert "南京航空航天大学 —合作→ 相城区" in html  # the explanation of a path
    focus = [n["id"] for n in nodes if n["borderWidth"] > 1]
    assert sorted(focus) == sorted([NANHANG, SHANGHAI])
    # every edge joins two drawn nodes
    assert all(e["from"] in ids and e["to"] in ids for e in edges)


def test_path_view_without_a_path_says_so(views):
    html = get_view(views, "/viz/path", source=SHANGHAI, target=ALLIANCE, max_hops=2)
    nodes, _, _ = page_data(html)
    assert {n["id"] for n in nodes} == {SHANGHAI, ALLIANCE}
    assert "没有找到不超过 2 跳的路径" in html and 'data-paths="0"' in html
    r = views.get("/viz/path", params={"source": "不存在的机构", "target": NANHANG})
    assert r.status_code == 404 and r.json()["error"]["field"] == "source"


def test_district_view_has_its_organisations_and_their_partners(views):
    html = get_view(views, "/viz/district/相城区")
    nodes, edges, _ = page_data(html)
    ids = {n["id"] for n in nodes}
    assert {XIANGCHENG, ZYF, INCUBATOR, GOV, LAB, evil_id()} <= ids  # located here
    assert {SJTU, NANHANG} <= ids  # partners from outside
    assert any(n["group"] == "Event" for n in nodes)
    assert HUB not in ids  # in another district
    alone, _, _ = page_data(get_view(views, "/viz/district/相城区", partners="false"))
    assert SJTU not in {n["id"] for n in alone}
    r = views.get(path(f"/viz/district/{NANHANG}"))
    assert r.status_code == 422 and r.json()["error"]["field"] == "district_id"


def test_district_view_includes_places_within(views):
    nodes, _, _ = page_data(get_view(views, f"/viz/district/{SUZHOU}", limit=1000))
    ids = {n["id"] for n in nodes}
    assert {SUZHOU, XIANGCHENG, SIP, ZYF, ALLIANCE, HUB} <= ids


def test_events_view_filters_by_district_and_date(views):
    html = get_view(views, "/viz/events", district="相城区")
    nodes, edges, _ = page_data(html)
    events = [n for n in nodes if n["group"] == "Event"]
    assert len(events) == 2 and 'data-events="2"' in html
    assert {"PARTY_TO", "HELD_IN", "ESTABLISHES"} <= {e["relType"] for e in edges}
    assert {NANHANG, ZYF, GOV, XIANGCHENG} <= {n["id"] for n in nodes}
    recent, _, _ = page_data(get_view(views, "/viz/events", district="相城区", since="2022"))
    assert [n["label"] for n in recent if n["group"] == "Event"] == ["2022-06-15 揭牌：南航-中亿丰联合实验室揭牌"]
    everywhere, _, _ = page_data(get_view(views, "/viz/events", since="2019"))
    assert sum(n["group"] == "Event" for n in everywhere) == 3
    bad = views.get("/viz/events", params={"since": "last year"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "since"


# -- large views -----------------------------------------------------------------------------------------
def test_large_view_is_capped_with_a_visible_note_and_ways_to_narrow_it(views):
    total = BIG_PARTNERS + 2  # the hub, its partners and its district
    html = get_view(views, f"/viz/entity/{HUB}")
    nodes, _, _ = page_data(html)
    assert len(nodes) == 300
    assert f"显示 300 / {total} 个节点 (showing 300 of {total} nodes)" in html
    assert 'name="limit"' in html and 'name="depth"' in html and 'name="labels"' in html  # the form
    assert "limit=100" in html  # a quick link
    small, _, _ = page_data(get_view(views, f"/viz/entity/{HUB}", limit=50))
    assert len(small) == 50 and small[0]["id"] == HUB


def test_relationships_above_rel_limit_are_capped_with_a_note_and_every_node_keeps_a_link(views):
    html = get_view(views, f"/viz/entity/{NANHANG}", depth=2)
    nodes, edges, _ = page_data(html)
    assert len(edges) > len(nodes) > 5 and 'id="view-note"' not in html
    capped_html = get_view(views, f"/viz/entity/{NANHANG}", depth=2, rel_limit=len(nodes) - 1)
    capped_nodes, capped_edges, _ = page_data(capped_html)
    assert len(capped_nodes) == len(nodes) and len(capped_edges) == len(nodes) - 1
    assert {e for edge in capped_edges for e in (edge["from"], edge["to"])} == {n["id"] for n in nodes}
    assert f"显示 {len(nodes) - 1:,} / {len(edges):,} 条关系" in capped_html


def test_above_300_nodes_the_layout_is_computed_and_physics_is_off(views):
    html = get_view(views, f"/viz/entity/{HUB}", limit=1000)
    nodes, _, options = page_data(html)
    assert len(nodes) == BIG_PARTNERS + 2 and 'id="view-showing"' not in html
    assert options["physics"]["enabled"] is False
    assert all(n["physics"] is False and "x" in n and "y" in n for n in nodes)
    positions = {(round(n["x"]), round(n["y"])) for n in nodes}
    assert len(positions) > 0.95 * len(nodes)  # spread out, not piled up
    small, _, small_options = page_data(get_view(views, f"/viz/entity/{NANHANG}"))
    assert small_options["physics"]["enabled"] is True and "physics" not in small[0]


def test_limit_above_the_maximum_is_capped_not_refused(views):
    from innograph.viz.network import MAX_VIEW

    r = views.get(path(f"/viz/district/{SUZHOU}"), params={"limit": 50_000})
    assert r.status_code == 200
    nodes, _, _ = page_data(r.text)
    assert len(nodes) <= MAX_VIEW


# -- embed, download, PNG ----------------------------------------------------------------------------------
def test_embed_is_chrome_less(views):
    html = get_view(views, f"/viz/entity/{NANHANG}", embed=1)
    assert "<header>" not in html and "vis.Network" in html
    capped = get_view(views, f"/viz/entity/{HUB}", embed=1)
    assert "<header>" not in capped and 'class="embed-note"' in capped and "showing 300 of" in capped


def test_download_is_a_standalone_attachment(views):
    r = views.get(path(f"/viz/entity/{NANHANG}"), params={"download": 1, "depth": 2})
    assert r.status_code == 200
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    assert quote("南京航空航天大学", safe="") in disposition
    html = r.text
    assert "<form" not in html and 'href="/' not in html  # nothing that needs the server
    assert not EXTERNAL.search(html)
    nodes, _, _ = page_data(html)
    assert len(nodes) > 5


def test_download_link_keeps_the_view_parameters(views):
    html = get_view(views, f"/viz/entity/{NANHANG}", depth=2)
    href = re.search(r'id="download" href="([^"]+)"', html).group(1)
    assert "depth=2" in href and "download=1" in href


def _png(r: httpx.Response):
    from PIL import Image

    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"] == "image/png"
    assert r.content[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(r.content)).convert("RGB")


@pytest.mark.parametrize("url", ALL_VIEWS)
def test_png_of_every_view(views, url):
    base, _, query = url.partition("?")
    img = _png(views.get(path(base), params=[*parse_qsl(query), ("format", "png")]))
    assert img.width >= 1200 and img.height >= 800
    colours = img.getcolors(maxcolors=1_000_000)
    assert len(colours) > 50  # drawn, not a blank canvas
    red = sum(c for c, (r, g, b) in colours if r > 190 and g < 70 and b < 70)  # 高校 nodes are red
    if "district" not in url and "events" not in url:
        assert red > 100


def test_png_download_is_an_attachment(views):
    r = views.get(path(f"/viz/entity/{NANHANG}"), params={"format": "png", "download": 1})
    _png(r)
    assert r.headers["content-disposition"].startswith("attachment;") and ".png" in r.headers["content-disposition"]


def test_png_font_has_chinese_glyphs():
    from matplotlib.ft2font import FT2Font

    from innograph.viz.png import cjk_font

    font = cjk_font()
    assert font is not None, "no CJK font: run scripts/install-browser.sh or pip install pylopdf-fonts-zh-cn"
    face = FT2Font(font.path)
    assert all(face.get_char_index(ord(ch)) for ch in "南京航空航天大学相城区签约")


def test_png_font_falls_back_to_the_pypi_font(monkeypatch):
    pytest.importorskip("pylopdf_fonts_zh_cn")
    from innograph.viz import png

    monkeypatch.setattr(png, "PREFERRED_FAMILIES", ("No Such Font",))
    monkeypatch.setattr(png, "SYSTEM_FONT_FILES", ())
    png.cjk_font.cache_clear()
    try:
        font = png.cjk_font()
        assert font is not None and font.source == "pypi:pylopdf-fonts-zh-cn" and font.name == "Noto Sans SC"
    finally:
        png.cjk_font.cache_clear()


def test_png_text_is_drawn_with_cjk_glyphs_not_boxes():
    """The same Chinese title drawn with the CJK font differs from tofu boxes of a Latin-only font."""
    from PIL import Image

    from innograph.graph.model import Node
    from innograph.graph.store import Subgraph
    from innograph.viz import png

    sub = Subgraph(nodes=[Node(id="place:相城区", labels=["District"], properties={"name": "相城区"})])
    with_cjk = Image.open(io.BytesIO(png.render_png(sub, title="南京航空航天大学", size=(6, 2)))).convert("L")
    other = Image.open(io.BytesIO(png.render_png(sub, title="苏州工业园区管委", size=(6, 2)))).convert("L")
    # two titles of eight characters each: missing glyphs would draw the same eight boxes
    top = (0, 0, with_cjk.width, int(with_cjk.height * 0.12))
    assert with_cjk.crop(top).tobytes() != other.crop(top).tobytes()


# -- JSON for the UI ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("q, first, matched", [
    ("南航", NANHANG, "alias:南航"),
    ("航空", NANHANG, "name"),
    ("njhk", NANHANG, "initials"),
    ("nanjinghang", NANHANG, "pinyin"),
    ("xiangcheng", XIANGCHENG, "pinyin"),
    ("zyf", ZYF, "initials"),
])
def test_suggestions_by_name_alias_and_pinyin(views, q, first, matched):
    body = views.get("/viz/data/suggest", params={"q": q}).json()
    assert body["results"], body
    assert body["results"][0]["id"] == first
    assert body["results"][0]["matched"] == matched


def test_suggestions_filter_by_type_and_skip_events(views):
    body = views.get("/viz/data/suggest", params={"q": "xc", "type": "Incubator"}).json()
    assert [r["id"] for r in body["results"]] == [INCUBATOR]
    body = views.get("/viz/data/suggest", params={"q": "揭牌"}).json()
    assert body["results"] == []
    assert views.get("/viz/data/suggest", params={"q": "x", "type": "Planet"}).status_code == 422


def test_document_data_lists_facts_and_entities(views):
    body = views.get("/viz/data/documents/doc:unveil").json()
    assert body["document"]["title"] == "联合实验室揭牌"
    assert ZYF in {e["id"] for e in body["entities"]}
    branch = [f for f in body["facts"] if f["type"] == "BRANCH_OF"]
    assert branch and branch[0]["start"]["id"] == LAB and "分支机构" in branch[0]["evidence"]
    assert views.get("/viz/data/documents/doc:nothing").status_code == 404


def test_districts_data(views):
    body = views.get("/viz/data/districts").json()
    by_id = {d["id"]: d for d in body["districts"]}
    assert by_id[XIANGCHENG]["parent"] == SUZHOU and by_id[XIANGCHENG]["organisations"] >= 5
    assert by_id[SIP]["level"] == "zone"


def test_ui_page_is_served_without_cdn(views):
    html = views.get("/").text
    assert "创新生态知识图谱" in html and not EXTERNAL.search(html)
    js = views.get("/static/app.js").text
    assert "innerHTML" not in js.replace("never innerHTML", "")
    assert "/viz/data/suggest" in js


# -- the building blocks, in process -------------------------------------------------------------------------
def synthetic(n: int, seed: int = 1):
    """A scale-free graph of ``n`` organisations (and a few districts) with provenance on every edge."""
    import random

    from innograph.graph.model import Node, Relationship
    from innograph.graph.store import Subgraph

    rng = random.Random(seed)
    kinds = ["University", "ResearchInstitute", "Enterprise", "Incubator", "Government", "Association"]
    nodes = [Node(id=f"org:机构{i}", labels=["Organization", kinds[i % 6]], properties={"name": f"机构{i}"}) for i in range(n)]
    rels, targets = [], [0]
    for i in range(1, n):
        j = rng.choice(targets)
        rels.append(Relationship(type="COLLABORATES_WITH", start=nodes[i].id, end=nodes[j].id,
                                 properties={"doc": "doc:s", "evidence": f"机构{i}与机构{j}合作。", "confidence": 0.8}))
        targets += [i, j]
    return Subgraph(nodes=nodes, relationships=rels)


def test_cap_keeps_the_pinned_nodes_and_their_neighbourhood():
    from innograph.viz.network import cap_subgraph

    sub = synthetic(2000)
    capped, total = cap_subgraph(sub, 200, pinned=["org:机构1500"])
    ids = [n.id for n in capped.nodes]
    assert total == 2000 and len(ids) == 200 and ids[0] == "org:机构1500"
    assert all(r.start in ids and r.end in ids for r in capped.relationships)
    assert len(capped.relationships) >= 199 - 1  # one connected piece around the pinned node


def test_layout_is_fast_and_deterministic():
    from innograph.viz.layout import layout

    sub = synthetic(1000)
    ids = [n.id for n in sub.nodes]
    edges = [(r.start, r.end) for r in sub.relationships]
    start = time.perf_counter()
    first = layout(ids, edges, roots=[ids[0]])
    took = time.perf_counter() - start
    assert took < 2.0, f"layout of 1,000 nodes took {took:.2f}s"
    assert first == layout(ids, edges, roots=[ids[0]])
    assert len({(round(x), round(y)) for x, y in first.values()}) > 990
    assert layout([], []) == {} and list(layout(["a"], [])) == ["a"]


def test_thousand_node_page_renders_quickly_and_stays_one_page():
    from innograph.viz.network import render_page

    sub = synthetic(1000)
    start = time.perf_counter()
    html = render_page(sub, title="千节点", focus=["org:机构0"], total=5000)
    took = time.perf_counter() - start
    assert took < 3.0, f"1,000-node page took {took:.2f}s"
    nodes, edges, options = page_data(html)
    assert len(nodes) == 1000 and len(edges) == 999 and options["physics"]["enabled"] is False
    assert "显示 1000 / 5000 个节点" in html
