"""Helpers for the view and UI tests: a hand-made graph, a live server over it, headless Chromium.

The graph is built here (not by the extractor, which changes under other hands) and written to an
embedded ladybug store; ``innograph serve`` then runs on it in a subprocess (``LiveServer``).

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright (``scripts/install-browser.sh``
installs it; ``playwright install`` cannot download browsers on these machines). Without it the
browser tests skip, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, LiveServer, open_test_store
from graphs import LAB, NANHANG, SUZHOU, XIANGCHENG, other_document, rel, signing_document

CHROMIUM = os.environ.get("INNOGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"

XSS_NAME = "<img src=x onerror=alert(1)>有限公司"
XSS_SENTENCE = f"{XSS_NAME}落户相城区。</script><script>alert(2)</script>"
ZYF = "org:中亿丰建设集团股份有限公司"
INCUBATOR = "org:相城数字经济孵化器"
GOV = "org:相城区人民政府"
SJTU = "org:上海交通大学"
SHANGHAI = "place:上海市"
SIP = "place:苏州工业园区"
ALLIANCE = "org:苏州市人工智能产业联盟"
HUB = "org:星网枢纽科技有限公司"
BIG_PARTNERS = 400  # a hub with this many partners: a view above LARGE_VIEW nodes


def _doc(doc_id: str, title: str, date: str | None, nodes: list, rels: list, sentence: str):
    """A graph document whose every node is mentioned in it (the store drops unmentioned nodes)."""
    from innograph.graph.model import DocumentInfo, GraphDocument

    g = GraphDocument(documents=[DocumentInfo(id=doc_id, path=f"{doc_id[4:]}.txt", title=title, date=date,
                                              sha256=f"sha-{doc_id}")])
    g.nodes = nodes
    g.relationships = list(rels)
    for node in nodes:
        aliases = node.properties.get("aliases") or []
        g.relationships.append(rel("MENTIONED_IN", node.id, doc_id, doc_id, sentence, aliases=aliases))
    return g


def org(node_id: str, kind: str, *aliases: str):
    from innograph.graph.model import Node

    return Node(id=node_id, labels=["Organization", kind], properties={"name": node_id[4:], "aliases": list(aliases)})


def place(node_id: str, level: str, *aliases: str):
    from innograph.graph.model import Node

    return Node(id=node_id, labels=["District"], properties={"name": node_id[6:], "level": level, "aliases": list(aliases)})


def event(kind: str, date: str, title: str, parties: list[str]):
    from innograph.graph.ids import event_id
    from innograph.graph.model import Node
    from innograph.graph.ontology import labels_for_event

    return Node(id=event_id(kind, date, parties), labels=labels_for_event(kind),
                properties={"kind": kind, "date": date, "title": title})


def views_graphs() -> list:
    """The documents of the views' test graph.

    - ``signing_document``/``other_document`` of tests/graphs.py: 南航 and 相城区 sign (2021-02-01),
      a joint lab founded by 南航 sits in 相城区, 相城区 is part of 苏州市;
    - an unveiling (2022-06-15) in 相城区 where 中亿丰 hosts and 南航 takes part, establishing the lab,
      which is also a BRANCH_OF 南航 (two parallel edges of different types between lab and 南航);
      an incubator operated by 中亿丰; the district government witnesses; 中亿丰 works with 上海交通大学
      (an outside partner, in 上海市);
    - a 2019 conference in 苏州工业园区 with an alliance;
    - a document naming ``<img src=x onerror=alert(1)>有限公司``, settled in 相城区;
    - a hub in 苏州工业园区 with ``BIG_PARTNERS`` partner companies.
    """
    from innograph.graph.ids import org_id

    s_unveil = "2022年6月15日，中亿丰建设集团股份有限公司与南京航空航天大学在相城区为南航-中亿丰联合实验室揭牌，该实验室为南航分支机构。"
    unveil = event("unveiling", "2022-06-15", "南航-中亿丰联合实验室揭牌", ["中亿丰建设集团股份有限公司", "南京航空航天大学"])
    cobuild = _doc("doc:unveil", "联合实验室揭牌", "2022-06", [
        org(NANHANG, "University", "南航"), org(LAB, "ResearchInstitute"), org(ZYF, "Enterprise", "中亿丰"),
        org(INCUBATOR, "Incubator"), org(GOV, "Government"), org(SJTU, "University", "上海交大"),
        place(XIANGCHENG, "district", "相城"), place(SHANGHAI, "city", "上海"), unveil,
    ], [
        rel("PARTY_TO", ZYF, unveil.id, "doc:unveil", s_unveil, role="host"),
        rel("PARTY_TO", NANHANG, unveil.id, "doc:unveil", s_unveil, role="participant"),
        rel("PARTY_TO", GOV, unveil.id, "doc:unveil", s_unveil, role="witness"),
        rel("HELD_IN", unveil.id, XIANGCHENG, "doc:unveil", s_unveil),
        rel("ESTABLISHES", unveil.id, LAB, "doc:unveil", s_unveil),
        rel("BRANCH_OF", LAB, NANHANG, "doc:unveil", s_unveil),
        rel("LOCATED_IN", ZYF, XIANGCHENG, "doc:unveil", s_unveil),
        rel("LOCATED_IN", INCUBATOR, XIANGCHENG, "doc:unveil", "相城数字经济孵化器由中亿丰运营。"),
        rel("OPERATED_BY", INCUBATOR, ZYF, "doc:unveil", "相城数字经济孵化器由中亿丰运营。"),
        rel("LOCATED_IN", GOV, XIANGCHENG, "doc:unveil", s_unveil),
        rel("COLLABORATES_WITH", ZYF, SJTU, "doc:unveil", "中亿丰与上海交通大学开展合作。", via="doc:unveil"),
        rel("LOCATED_IN", SJTU, SHANGHAI, "doc:unveil", "上海交通大学位于上海市。"),
    ], s_unveil)
    s_conf = "2019年9月10日，苏州市人工智能产业联盟在苏州工业园区召开年会。"
    conf = event("conference", "2019-09-10", "人工智能产业联盟年会", ["苏州市人工智能产业联盟"])
    conference = _doc("doc:conference", "产业联盟年会", "2019-09", [
        org(ALLIANCE, "Association"), place(SIP, "zone", "园区"), place(SUZHOU, "city", "苏州"), conf,
    ], [
        rel("PARTY_TO", ALLIANCE, conf.id, "doc:conference", s_conf, role="host"),
        rel("HELD_IN", conf.id, SIP, "doc:conference", s_conf),
        rel("LOCATED_IN", ALLIANCE, SIP, "doc:conference", s_conf),
        rel("PART_OF", SIP, SUZHOU, "doc:conference", "苏州工业园区隶属苏州市。"),
    ], s_conf)
    evil_id = org_id(XSS_NAME)
    evil = _doc("doc:evil", "<script>t</script>", None, [
        org(evil_id, "Enterprise").model_copy(update={"properties": {"name": XSS_NAME, "aliases": []}}),
        place(XIANGCHENG, "district"),
    ], [rel("LOCATED_IN", evil_id, XIANGCHENG, "doc:evil", XSS_SENTENCE)], XSS_SENTENCE)
    s_big = "星网枢纽科技有限公司与众多伙伴企业开展合作。"
    partners = [org(f"org:星网伙伴{i:03d}号有限公司", "Enterprise") for i in range(BIG_PARTNERS)]
    big = _doc("doc:big", "星网伙伴名单", "2023-01", [org(HUB, "Enterprise", "星网"), place(SIP, "zone"), *partners], [
        rel("LOCATED_IN", HUB, SIP, "doc:big", s_big),
        *(rel("COLLABORATES_WITH", HUB, p.id, "doc:big", s_big, via="doc:big") for p in partners),
    ], s_big)
    return [signing_document(), other_document(), cobuild, conference, evil, big]


def evil_id() -> str:
    from innograph.graph.ids import org_id

    return org_id(XSS_NAME)


def start_views_server(tmp: Path, request) -> LiveServer:
    data_dir = tmp / "data"
    with open_test_store("ladybug", tmp, request) as store:
        for g in views_graphs():
            store.write(g)
    return LiveServer(data_dir, env={"INNOGRAPH_NEO4J_URI": ""})


def require_chromium() -> str:
    """The Chromium executable, or skip (fail under CI=true) saying why it is missing."""
    exe = CHROMIUM if os.path.isfile(CHROMIUM) else None
    reason = None
    if exe is None:
        reason = f"{CHROMIUM} not found: run scripts/install-browser.sh (apt-get install chromium fonts-noto-cjk)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed: pip install -e '.[test]'"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI, but: {reason}")
        pytest.skip(reason)
    return exe


def launch(playwright, user_data_dir: Path | None = None):
    """Headless Chromium with the flags that work here.

    Playwright's ``launch`` always starts Chromium on a new, empty profile in a temporary
    ``--user-data-dir`` of its own (it refuses the flag, which belongs to persistent contexts);
    ``TMPDIR`` points it at ``user_data_dir`` when given, so the profile sits in the test's tmp.
    """
    exe = require_chromium()
    env = None
    if user_data_dir is not None:
        user_data_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "TMPDIR": str(user_data_dir)}
    return playwright.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS, env=env)


CANVAS_INK_JS = """
(sel) => {
  const c = document.querySelector(sel || '#network canvas');
  if (!c) return -1;
  const ctx = c.getContext('2d');
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) {
    // vis-network's canvas is transparent where nothing is drawn
    if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) ink++;
  }
  return ink;
}
"""


def canvas_ink(frame, selector: str = "#network canvas") -> int:
    """How many non-blank pixels the network canvas has (−1: no canvas)."""
    return frame.evaluate(CANVAS_INK_JS, selector)


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def screenshot_ink(png: bytes) -> int:
    """Non-white pixels of a PNG (for screenshots)."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    return sum(count for count, level in img.getcolors(maxcolors=256) if level < 235)
