"""The web UI and the network views in real headless Chromium (Debian's, driven by Playwright).

Skips when /usr/bin/chromium is missing (run scripts/install-browser.sh), fails instead under
CI=true. Screenshots go to test-artifacts/ at the repository root.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest

from browser import (HUB, SHANGHAI, SJTU, XSS_NAME, artifact, canvas_ink, evil_id, launch, require_chromium,
                     screenshot_ink, start_views_server)
from graphs import NANHANG, XIANGCHENG

pytestmark = pytest.mark.browser
TIMEOUT = 30_000


@pytest.fixture(scope="module")
def live(request, tmp_path_factory):
    require_chromium()  # skip before starting anything
    server = start_views_server(tmp_path_factory.mktemp("ui"), request)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(live, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch(pw, tmp_path_factory.mktemp("chromium-profile"))
        yield b
        b.close()


class Page:
    """A fresh page that records dialogs (alert/confirm/prompt), page errors and requests."""

    def __init__(self, browser, base_url: str, **context_args) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, **context_args)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT)
        self.base = base_url
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def goto(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def ui(browser, live):
    p = Page(browser, live.url)
    yield p
    p.close()
    assert not p.errors, p.errors
    assert not p.dialogs, f"a dialog fired: {p.dialogs}"


def view_frame(page, part: str):
    """The iframe whose URL contains ``part``, once its network is drawn and settled."""
    page.wait_for_function(f"() => [...document.querySelectorAll('iframe')].some(f => f.src.includes({part!r}))")
    for _ in range(100):
        frame = next((f for f in page.frames if part in f.url), None)
        if frame is not None:
            break
        page.wait_for_timeout(100)
    assert frame is not None, [f.url for f in page.frames]
    frame.wait_for_selector("body[data-drawn][data-stable]", state="attached", timeout=TIMEOUT)
    return frame


# -- the UI -------------------------------------------------------------------------------------------
def test_search_by_pinyin_initials_opens_entity_with_facts_and_network(ui):
    page = ui.goto("/")
    page.fill("#search", "njhk")
    option = page.wait_for_selector(f"#suggestions li[data-id='{NANHANG}']")
    assert "南京航空航天大学" in option.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_selector("#entity-panel:not([hidden]) li.fact")
    assert page.inner_text("#entity-name") == "南京航空航天大学"
    assert "南航" in page.inner_text("#entity-meta")
    facts = page.inner_text("#facts")
    assert "共建" in facts and "2021年2月1日，南京航空航天大学与相城区签署合作协议" in facts
    assert page.locator("#facts a.doc").count() >= 1 and page.locator("#sources a.doc").count() >= 2
    frame = view_frame(page, "/viz/entity/")
    assert frame.evaluate("document.querySelector('header')") is None  # embedded: chrome-less
    assert canvas_ink(frame) > 2000
    shot = page.screenshot(path=str(artifact("ui-entity.png")), full_page=True)
    assert screenshot_ink(shot) > 20_000


def test_search_by_chinese_alias_and_pinyin(ui):
    page = ui.goto("/")
    page.fill("#search", "南航")
    first = page.wait_for_selector("#suggestions li[data-id]")
    assert first.get_attribute("data-id") == NANHANG and "南航" in first.inner_text()
    page.fill("#search", "xiangcheng")
    page.wait_for_selector(f"#suggestions li[data-id='{XIANGCHENG}']")
    page.click(f"#suggestions li[data-id='{XIANGCHENG}']")
    page.wait_for_selector(f"#entity-panel[data-id='{XIANGCHENG}']")
    assert page.is_visible("#district-actions")


def test_document_link_shows_the_source_and_its_facts(ui):
    page = ui.goto("/#entity/" + quote(NANHANG))
    page.wait_for_selector("#facts a.doc")
    page.click("#sources a.doc[data-doc='doc:signing']")
    page.wait_for_selector("#document-panel:not([hidden])[data-doc='doc:signing']")
    assert page.inner_text("#document-title") == "签约"
    assert "签署合作协议" in page.inner_text("#document-facts")
    assert "相城区" in page.inner_text("#document-entities")


def test_entity_depth_changes_the_network(ui):
    page = ui.goto("/#entity/" + quote(NANHANG))
    one = int(view_frame(page, "depth=1").evaluate("document.body.dataset.nodes"))
    page.select_option("#entity-depth", "2")
    two = int(view_frame(page, "depth=2").evaluate("document.body.dataset.nodes"))
    assert two > one


def test_path_finder_lists_paths_with_evidence_and_draws_them(ui):
    page = ui.goto("/")
    page.fill("#path-source", "南航")
    page.click(f"#path-panel .suggestions li[data-id='{NANHANG}']")
    page.fill("#path-target", "上海")
    page.click(f"#path-panel .suggestions li[data-id='{SHANGHAI}']")
    page.click("#path-go")
    page.wait_for_selector("#path-results li.path")
    first = page.inner_text("#path-results li.path >> nth=0")
    assert first.startswith("南京航空航天大学") and "上海交通大学" in first and "上海市" in first
    assert "上海交通大学位于上海市。" in first  # a hop's evidence
    frame = view_frame(page, "/viz/path")
    ids = frame.evaluate("innographData.nodes.getIds()")
    assert {NANHANG, SHANGHAI, SJTU} <= set(ids)
    assert canvas_ink(frame) > 1000
    page.locator("#path-panel").screenshot(path=str(artifact("ui-path.png")))


def test_path_finder_reports_no_path(ui):
    page = ui.goto("/")
    page.select_option("#path-hops", "2")
    page.fill("#path-source", "上海市")
    page.fill("#path-target", "苏州市人工智能产业联盟")
    page.click("#path-go")
    page.wait_for_selector("#path-results li.empty:not(:has-text('加载'))")
    assert "没有找到路径" in page.inner_text("#path-results")


def test_events_timeline_per_district(ui):
    page = ui.goto("/#timeline")
    page.wait_for_selector(f"#timeline-district option[value='{XIANGCHENG}']", state="attached")
    page.select_option("#timeline-district", XIANGCHENG)
    page.click("#timeline-go")
    page.wait_for_selector("#timeline li.event")
    years = page.locator("#timeline li.year").all_inner_texts()
    assert years == ["2022", "2021"]
    events = page.locator("#timeline li.event").all_inner_texts()
    assert len(events) == 2 and "揭牌" in events[0] and "签约" in events[1]
    assert "中亿丰建设集团股份有限公司" in events[0]
    frame = view_frame(page, "/viz/events")
    assert canvas_ink(frame) > 1000
    page.fill("#timeline-since", "2022")
    page.click("#timeline-go")
    page.wait_for_function("document.querySelectorAll('#timeline li.event').length === 1")
    page.locator("#timeline-panel").screenshot(path=str(artifact("ui-timeline.png")))


def test_english_toggle_is_remembered(ui):
    page = ui.goto("/")
    assert page.inner_text("header h1") == "创新生态知识图谱"
    page.click("#lang")
    assert page.inner_text("header h1") == "Innovation-ecosystem knowledge graph"
    assert page.inner_text("#lang") == "中文"
    page.reload()
    assert page.inner_text("header h1") == "Innovation-ecosystem knowledge graph"
    page.goto(ui.base + "/#entity/" + quote(NANHANG))
    page.wait_for_selector("#facts li.fact")
    assert "founded by" in page.inner_text("#facts")
    page.click("#lang")
    assert page.inner_text("header h1") == "创新生态知识图谱" and "共建" in page.inner_text("#facts")


# -- safety: a document naming an organisation <img src=x onerror=alert(1)>有限公司 ------------------------
def test_hostile_name_is_text_in_the_ui(ui):
    page = ui.goto("/#entity/" + quote(evil_id()))
    page.wait_for_selector("#entity-panel:not([hidden]) li.fact")
    assert page.inner_text("#entity-name") == XSS_NAME
    assert "</script><script>alert(2)</script>" in page.inner_text("#facts")
    page.fill("#search", "onerror")
    option = page.wait_for_selector("#suggestions li[data-id]")
    assert XSS_NAME in option.inner_text()
    view_frame(page, "/viz/entity/")
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    for frame in page.frames:
        assert frame.evaluate("document.querySelectorAll('img, script:not([src])').length") <= 2  # our two scripts
        assert frame.evaluate("document.querySelectorAll('img').length") == 0
    assert ui.dialogs == []


def _dom_point(page, node_id: str) -> tuple[float, float]:
    return page.evaluate("""(id) => {
        const net = window.innographNetwork;
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const r = document.querySelector('#network canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }""", node_id)


def test_hostile_name_in_a_view_tooltip_is_text(ui):
    page = ui.goto(f"/viz/entity/{quote(evil_id())}")
    page.wait_for_selector("body[data-drawn][data-stable]", state="attached")
    x, y = _dom_point(page, evil_id())
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=5)
    tip = page.wait_for_selector("div.vis-tooltip", state="visible")
    text = tip.text_content()
    assert XSS_NAME in text
    assert tip.evaluate("t => t.querySelectorAll('*').length") == 1  # our one text <div>
    # the edge to 相城区 carries the evidence sentence with </script><script>alert(2)</script>
    x2, y2 = _dom_point(page, XIANGCHENG)
    page.mouse.move(10, 10)
    page.wait_for_timeout(200)
    page.mouse.move((x + x2) / 2, (y + y2) / 2, steps=5)
    page.wait_for_function("() => document.querySelector('div.vis-tooltip').textContent.includes('alert(2)')")
    assert "</script><script>alert(2)</script>" in page.text_content("div.vis-tooltip")
    page.screenshot(path=str(artifact("view-hostile-tooltip.png")))
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 2
    assert ui.dialogs == []


# -- the views themselves --------------------------------------------------------------------------------
def test_views_draw_in_the_browser(ui):
    for path, name in [(f"/viz/district/{quote(XIANGCHENG)}", "view-district.png"),
                       (f"/viz/events?district={quote(XIANGCHENG)}", "view-events.png"),
                       (f"/viz/path?source={quote(NANHANG)}&target={quote(SHANGHAI)}", "view-path.png")]:
        page = ui.goto(path)
        page.wait_for_selector("body[data-drawn][data-stable]", state="attached")
        assert canvas_ink(page) > 2000, path
        assert "地区 District" in page.inner_text("#legend")
        page.screenshot(path=str(artifact(name)))


def test_large_view_draws_without_physics_and_says_it_is_capped(ui):
    page = ui.goto(f"/viz/entity/{quote(HUB)}")
    page.wait_for_selector("body[data-drawn][data-stable]", state="attached")
    assert re.search(r"showing 300 of 402 nodes", page.inner_text("#view-showing"))
    assert page.is_visible("form#controls input[name=limit]")
    page.fill("form#controls input[name=limit]", "1000")
    page.click("form#controls button[type=submit]")
    page.wait_for_url(re.compile(r"limit=1000"))
    page.wait_for_selector("body[data-drawn][data-stable]", state="attached")
    assert page.evaluate("document.body.dataset.nodes") == "402"
    assert page.evaluate("window.innographNetwork.physics.options.enabled") is False
    assert canvas_ink(page) > 5000
    page.screenshot(path=str(artifact("view-large.png")))


def test_legend_hides_a_type(ui):
    page = ui.goto(f"/viz/entity/{quote(NANHANG)}")
    page.wait_for_selector("body[data-drawn]", state="attached")
    page.click("#legend button[data-group='Event']")
    hidden = page.evaluate("innographData.nodes.get({filter: n => n.group === 'Event'}).map(n => n.hidden)")
    assert hidden and all(hidden)
    page.click("#legend button[data-group='Event']")
    assert not any(page.evaluate("innographData.nodes.get({filter: n => n.group === 'Event'}).map(n => n.hidden)"))


def test_downloaded_view_works_offline_from_file(browser, live, tmp_path):
    r = httpx.get(live.url + f"/viz/entity/{quote(NANHANG)}", params={"depth": 2, "download": 1}, timeout=60)
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    saved = tmp_path / "南航-网络.html"
    saved.write_bytes(r.content)
    p = Page(browser, "", offline=True)
    try:
        page = p.page
        page.goto(saved.as_uri())
        page.wait_for_selector("body[data-drawn][data-stable]", state="attached")
        assert canvas_ink(page) > 2000
        assert "南京航空航天大学 的关系网络" in page.inner_text("h1")
        outside = [u for u in p.requests if not u.startswith(("file:", "data:"))]
        assert outside == [], outside
        assert p.errors == [] and p.dialogs == []
        page.screenshot(path=str(artifact("view-offline-file.png")))
    finally:
        p.close()
