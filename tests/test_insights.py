"""Insights on the seed corpus: the algorithms on the seeded projection, the CLI, and Neo4j parity.

Facts checked are robust facts of the seeds: 河海大学 co-founded 河海大学苏州研究院 with
苏州市人民政府 (signed in 相城区); 南京医科大学 and 山东大学 signed with 苏州工业园区管理委员会 in
2021-02; 南京航空航天大学 and 中亿丰控股集团 co-built a joint lab.
"""

from __future__ import annotations

import json
import math
import shutil
import unicodedata

import networkx as nx
import pytest

from conftest import SEEDS, clear_neo4j, run_cli
from innograph.graph.insights.brokers import find_brokers
from innograph.graph.insights.collaboration import build_collaboration_network, collaboration_network
from innograph.graph.insights.communities import community_of, community_subgraph, detect_communities, pagerank
from innograph.graph.insights.compare import compare_districts, quarter
from innograph.graph.insights.recommend import DEFAULT_TYPES, recommend_partners
from innograph.graph.projection import ProjectionCache

HOHAI, SZGOV = "org:河海大学", "org:苏州市人民政府"
NJMU, SDU, SIP_GOV = "org:南京医科大学", "org:山东大学", "org:苏州工业园区管理委员会"
NUAA, ZYF = "org:南京航空航天大学", "org:中亿丰控股集团"
XIANGCHENG, SIP = "place:相城区", "place:苏州工业园区"


def seed_text(doc_id: str) -> str:
    from innograph.loaders.readers import read_document

    return read_document(SEEDS / (doc_id.removeprefix("doc:") + ".txt")).text


@pytest.fixture(scope="module")
def seeded(seeded_data_dir, tmp_path_factory):
    """(store, projection) over a read-only copy of the seeded ladybug store."""
    from innograph.graph.ladybug_store import LadybugStore

    data = tmp_path_factory.mktemp("insights") / "data"
    shutil.copytree(seeded_data_dir, data)
    store = LadybugStore(data, read_only=True)
    yield store, ProjectionCache(store).graph()
    store.close()


@pytest.fixture(scope="module")
def net(seeded):
    return collaboration_network(seeded[1])


# -- the collaboration network ---------------------------------------------------------------------
def test_collaboration_network_links_organisations_with_typed_evidence(net):
    g = net.graph
    assert all("Organization" in net.node(n).labels for n in g)
    for a, b, kind, via_part in [(HOHAI, SZGOV, "co_founded", "河海大学苏州研究"), (NUAA, ZYF, "co_founded", "实验室"),
                                 (NJMU, SDU, "event", None), (NJMU, SIP_GOV, "event", None)]:
        assert g.has_edge(a, b), (a, b)
        evidence = net.evidence(a, b)
        assert kind in g[a][b]["kinds"]
        found = [e for e in evidence if e.kind == kind]
        if via_part:
            assert any(via_part in (e.via_name or "") for e in found), found
        for e in evidence:
            assert e.evidence and e.evidence in seed_text(e.doc), e
        assert g[a][b]["weight"] >= 1
    signing = [e for e in net.evidence(NJMU, SIP_GOV) if e.kind == "event" and e.event_kind == "signing"]
    assert signing and signing[0].date.startswith("2021-02")
    # the founded organisation is linked to its founders too
    lab = next(e.via for e in net.evidence(NUAA, ZYF) if e.kind == "co_founded")
    assert g.has_edge(lab, NUAA) and "founded_by" in g[lab][NUAA]["kinds"]


def test_network_kinds_restrict_links(seeded, net):
    only_events = build_collaboration_network(seeded[1], ("event",))
    founding_only = [(a, b) for a, b, d in net.graph.edges(data=True) if set(d["kinds"]) <= {"co_founded", "founded_by"}]
    assert founding_only  # e.g. a joint lab and its founders
    assert not any(only_events.graph.has_edge(a, b) for a, b in founding_only)
    assert only_events.graph.has_edge(NJMU, SDU)
    assert all(set(d["kinds"]) == {"event"} for _, _, d in only_events.graph.edges(data=True))
    with pytest.raises(ValueError):
        collaboration_network(seeded[1], ["nonsense"])


def test_districts_of_organisations(net):
    assert net.org_place("org:河海大学苏州研究院").units == [XIANGCHENG]
    assert net.org_place("org:河海大学苏州研究院").source == "located"
    assert XIANGCHENG in net.org_place(HOHAI).units  # active there: co-founded the institute located in 相城区
    assert net.places.home == "place:苏州市"
    assert net.places.unit("place:黄埭镇") == XIANGCHENG


# -- brokers ---------------------------------------------------------------------------------------
def test_brokers_bridge_districts_with_the_pairs_they_connect(net):
    brokers = find_brokers(net, by="district", limit=100, max_pairs=1000)
    assert brokers, "no brokers on the seeds"
    scores = [b.betweenness for b in brokers]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert [b.rank for b in brokers] == list(range(1, len(brokers) + 1))
    exact = nx.betweenness_centrality(net.graph.subgraph(net.linked()), normalized=True)
    for b in brokers:
        assert b.betweenness == pytest.approx(exact[b.id], abs=1e-8)
        assert b.pair_count == len(b.pairs) > 0
        for p in b.pairs:
            assert net.graph.has_edge(b.id, p.a) and net.graph.has_edge(b.id, p.b)
            assert not net.graph.has_edge(p.a, p.b)
            assert p.a_groups and p.b_groups and not set(p.a_groups) & set(p.b_groups)
    gov = next(b for b in brokers if b.id == SZGOV)  # the city government bridges the districts it signed in
    hohai_pairs = [p for p in gov.pairs if HOHAI in (p.a, p.b)]
    assert hohai_pairs and XIANGCHENG in gov.bridged_groups


def test_brokers_restricted_by_type(net):
    for types in (["University"], ["Government"], ["ResearchInstitute", "Enterprise"]):
        for b in find_brokers(net, types=types, limit=100):
            assert net.type(b.id) in types
    without_government = find_brokers(net, network_types=["University", "ResearchInstitute", "Enterprise", "Incubator"],
                                       limit=100, max_pairs=100)
    for b in without_government:
        assert net.type(b.id) != "Government"
        for p in b.pairs:
            assert net.type(p.a) != "Government" and net.type(p.b) != "Government"
    with pytest.raises(ValueError):
        find_brokers(net, by="nowhere")


def test_brokers_by_community(net):
    members = {m.id: c.number for c in detect_communities(net, min_size=1) for m in c.members}
    for b in find_brokers(net, by="community", limit=100, max_pairs=100):
        for p in b.pairs:
            assert members[p.a] != members[p.b]


# -- communities -----------------------------------------------------------------------------------
def test_communities_are_louvain_named_by_central_members(seeded, net):
    found = detect_communities(net)
    assert found and [c.number for c in found] == list(range(1, len(found) + 1))
    assert [c.size for c in found] == sorted((c.size for c in found), reverse=True)
    seen: set[str] = set()
    for c in found:
        ids = c.member_ids
        assert c.size == len(ids) >= 2 and not seen & set(ids)
        seen |= set(ids)
        assert 2 <= len(c.central) <= 3 and c.central == ids[: len(c.central)]
        assert c.name == "、".join(net.name(m) for m in c.central)
        scores = [m.centrality for m in c.members]
        assert scores == sorted(scores, reverse=True)
    medical = community_of(net, NJMU)
    assert medical is not None and {SDU, SIP_GOV} <= set(medical.member_ids)
    assert medical.name.count("、") in (1, 2)
    lab = community_of(net, NUAA)
    assert lab is not None and ZYF in lab.member_ids
    # deterministic: a network built afresh gives the same communities
    again = detect_communities(build_collaboration_network(seeded[1]))
    assert [c.model_dump() for c in again] == [c.model_dump() for c in found]


def test_community_view_subgraph(net):
    c = community_of(net, NJMU)
    sub, pinned = community_subgraph(net, c)
    ids = {n.id for n in sub.nodes}
    assert set(c.member_ids) <= ids and pinned == c.member_ids
    assert any(n.id.startswith("event:") for n in sub.nodes)  # the signing that links them
    assert sub.relationships and all(r.start in ids and r.end in ids for r in sub.relationships)
    assert any(r.type == "PARTY_TO" and r.properties.get("evidence") for r in sub.relationships)


def test_pagerank_matches_its_definition():
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 2), ("b", "c", 1), ("c", "a", 1), ("c", "d", 1)])
    r = pagerank(g)
    assert sum(r.values()) == pytest.approx(1.0)
    assert max(r, key=r.get) == "c" and r["d"] < r["a"]


# -- recommendations -------------------------------------------------------------------------------
def _check_recommendations(net, entity, recs):
    name = net.name(entity)
    assert recs.recommendations
    scores = [r.score for r in recs.recommendations]
    assert scores == sorted(scores, reverse=True)
    for r in recs.recommendations:
        assert r.id not in recs.peers and r.id != entity
        assert net.type(r.id) in DEFAULT_TYPES
        assert r.common and r.paths and len(r.paths) <= 3
        assert r.explanation == r.paths[0].text
        assert r.explanation.startswith(f"{net.name(r.id)} 与 {name} 的伙伴 {net.name(r.common[0])} ")
        assert "证据" in r.explanation
        for path in r.paths:
            assert path.nodes[0] == entity and path.nodes[-1] == r.id and path.nodes[1] in r.common
            for hop in path.hops:
                assert hop.text
                if hop.evidence:
                    assert hop.evidence in seed_text(hop.doc), hop


def test_recommendations_for_an_organisation_with_evidence_paths(seeded, net):
    titles = {d.id: d.title for d in seeded[0].documents() if d.title}
    recs = recommend_partners(net, HOHAI, doc_titles=titles)
    assert recs.mode == "organisation" and SZGOV in recs.peers
    _check_recommendations(net, HOHAI, recs)
    assert all(SZGOV in r.common for r in recs.recommendations)  # its one partner outside its own institutes
    # the score is Adamic–Adar on the collaboration network
    for r in recs.recommendations:
        assert r.score == pytest.approx(next(nx.adamic_adar_index(net.graph, [(HOHAI, r.id)]))[2], abs=1e-4)
    # 山东大学 already works with 南京医科大学: never suggested to it
    assert SDU not in {r.id for r in recommend_partners(net, NJMU, types=None, limit=100).recommendations}


def test_recommendations_for_a_district(net):
    recs = recommend_partners(net, XIANGCHENG, limit=20)
    assert recs.mode == "district"
    assert {HOHAI, "org:河海大学苏州研究院"} <= set(recs.peers)
    _check_recommendations(net, XIANGCHENG, recs)
    located = {o for o in net.linked() if XIANGCHENG in net.org_place(o).units and net.org_place(o).source == "located"}
    assert not located & {r.id for r in recs.recommendations}
    first_hops = {p.hops[0].kind for r in recs.recommendations for p in r.paths}
    assert first_hops <= {"located", "district_event", "held_in", "founded_in"}
    # the type filter holds
    for r in recommend_partners(net, XIANGCHENG, types=["University"], limit=50).recommendations:
        assert net.type(r.id) == "University"


def test_recommendations_refuse_other_entities(seeded, net):
    event = next(n for n, d in seeded[1].nodes(data=True) if "Event" in d["node"].labels)
    with pytest.raises(ValueError):
        recommend_partners(net, event)


# -- district comparison ---------------------------------------------------------------------------
def test_compare_districts(net):
    c = compare_districts(net, [XIANGCHENG, SIP])
    xc, sip = c.districts
    assert (xc.id, sip.id) == (XIANGCHENG, SIP)
    assert c.quarters == sorted(c.quarters) and "2021Q1" in c.quarters
    for col in c.districts:
        assert list(col.signings_by_quarter) == c.quarters
        assert sum(col.signings_by_quarter.values()) == col.signings
        assert set(col.counts_by_type) == set(c.types) and sum(col.counts_by_type.values()) == col.organisations
    assert sip.signings_by_quarter["2021Q1"] >= 1  # 2021-02-27 南京医科大学 / 山东大学
    assert {NJMU, SDU} <= {u.id for u in sip.partner_universities}
    assert HOHAI in {u.id for u in xc.partner_universities}
    assert xc.organisations > 0 and sip.organisations > 0
    for shared in c.shared_partners:
        assert len(shared.districts) >= 2
    city = compare_districts(net, [XIANGCHENG, "place:苏州市"])
    assert city.notes  # 相城区 lies within 苏州市
    assert HOHAI in {s.id for s in city.shared_partners}
    with pytest.raises(ValueError):
        compare_districts(net, [XIANGCHENG])
    with pytest.raises(ValueError):
        compare_districts(net, [XIANGCHENG, HOHAI])


def test_quarter():
    assert [quarter(d) for d in ("2021-01-04", "2021-06", "2021-07-01", "2020", None)] == \
        ["2021Q1", "2021Q2", "2021Q3", "2020", "undated"]


# -- briefing --------------------------------------------------------------------------------------
def test_briefing_for_a_district_and_an_organisation(seeded, net):
    from innograph.graph.insights.briefing import build_briefing, render_briefing_html

    docs = seeded[0].documents()
    b = build_briefing(net, XIANGCHENG, documents=docs)
    assert b.kind == "district" and b.name == "相城区"
    figures = {f.en: f.value for f in b.figures}
    assert int(figures["organisations"]) > 0 and int(figures["signings"]) >= 1
    hohai_signing = [s for s in b.recent_signings if "河海大学" in s.parties]
    assert hohai_signing and hohai_signing[0].date.startswith("2021-02")
    for s in b.recent_signings:
        assert s.evidence in seed_text(s.doc)
    assert b.sources and all(s.title for s in b.sources)
    html = render_briefing_html(net, b)
    assert "相城区" in html and hohai_signing[0].evidence[:20] in html
    assert 'src="http' not in html and "<script src" not in html  # self-contained
    assert 'src="data:image/png;base64,' in html or "srcdoc=" in html

    org = build_briefing(net, HOHAI, documents=docs)
    assert org.kind == "organisation" and SZGOV in {p.id for p in org.top_partners}
    assert org.community and org.recommendations


def test_briefing_escapes_document_text(seeded, net):
    from innograph.graph.insights.briefing import build_briefing, render_briefing_html

    b = build_briefing(net, HOHAI, documents=seeded[0].documents())
    b.recent_signings[0].evidence = "<script>alert('x')</script>"
    b.top_partners[0].text = "<img src=x onerror=alert(1)>"
    html = render_briefing_html(net, b, picture=False)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html


def test_briefing_pdf(seeded, net, tmp_path):
    from innograph.graph.insights.briefing import build_briefing, html_to_pdf, pdf_engine, render_briefing_html

    if pdf_engine() is None:
        pytest.skip("no Chromium or WeasyPrint here to print a PDF")
    b = build_briefing(net, SIP, documents=seeded[0].documents())
    pdf = html_to_pdf(render_briefing_html(net, b))
    assert pdf[:5] == b"%PDF-"
    pypdf = pytest.importorskip("pypdf")
    path = tmp_path / "b.pdf"
    path.write_bytes(pdf)
    reader = pypdf.PdfReader(str(path))
    assert len(reader.pages) == 1  # one page
    text = unicodedata.normalize("NFKC", reader.pages[0].extract_text())  # the PDF's glyphs map to Kangxi radicals
    assert "苏州工业园区" in text and "Key figures" in text and "Recent signings" in text


# -- CLI -------------------------------------------------------------------------------------------
def _cli(*args: str, data_dir, env: dict | None = None):
    """Run ``innograph insights …``: the real command when the lead has registered the sub-app, else the
    sub-app itself through ``python -c`` (the same code, one line of registration short)."""
    from innograph import cli

    if any(getattr(g, "name", None) == "insights" for g in cli.app.registered_groups):
        return run_cli("insights", *args, *(["--data-dir", str(data_dir)] if data_dir else []), env=env)
    import os
    import subprocess
    import sys

    from conftest import ROOT

    code = "from innograph.insights_cli import insights_app; insights_app()"
    argv = [sys.executable, "-c", code, *args, *(["--data-dir", str(data_dir)] if data_dir else [])]
    return subprocess.run(argv, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})}, cwd=ROOT)


@pytest.fixture(scope="module")
def cli_data(seeded_data_dir, tmp_path_factory):
    data = tmp_path_factory.mktemp("insights-cli") / "data"
    shutil.copytree(seeded_data_dir, data)
    return data


def test_cli_brokers_communities_recommend_compare(cli_data, net):
    env = {"INNOGRAPH_NEO4J_URI": ""}
    out = _cli("brokers", "--json", data_dir=cli_data, env=env)
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)
    assert SZGOV in {b["entity"]["id"] for b in body["brokers"]}
    text = _cli("brokers", "--limit", "3", data_dir=cli_data, env=env)
    assert text.returncode == 0 and "苏州市人民政府" in text.stdout and "连接了" in text.stdout

    out = _cli("communities", "--json", data_dir=cli_data, env=env)
    assert out.returncode == 0, out.stderr
    names = [c["name"] for c in json.loads(out.stdout)["communities"]]
    assert names == [c.name for c in detect_communities(net)]

    out = _cli("recommend", "河海大学", "--json", data_dir=cli_data, env=env)
    assert out.returncode == 0, out.stderr
    recs = json.loads(out.stdout)["recommendations"]
    assert recs and [r["entity"]["id"] for r in recs] == [r.id for r in recommend_partners(net, HOHAI).recommendations]
    text = _cli("recommend", "相城区", data_dir=cli_data, env=env)
    assert text.returncode == 0 and "相城区 的伙伴" in text.stdout and "证据" in text.stdout

    out = _cli("compare", "相城区", "苏州工业园区", data_dir=cli_data, env=env)
    assert out.returncode == 0, out.stderr
    assert "相城区" in out.stdout and "2021Q1" in out.stdout and "南京医科大学" in out.stdout


def test_cli_errors(cli_data):
    env = {"INNOGRAPH_NEO4J_URI": ""}
    missing = _cli("recommend", "河海大学不存在", data_dir=cli_data, env=env)
    assert missing.returncode == 1 and "河海大学" in missing.stderr  # suggestions
    one = _cli("compare", "相城区", data_dir=cli_data, env=env)
    assert one.returncode == 2 and "2 to 5" in one.stderr
    bad = _cli("brokers", "--type", "Nonsense", data_dir=cli_data, env=env)
    assert bad.returncode == 2


def test_cli_briefing_and_community_view(cli_data, tmp_path):
    from innograph.graph.insights.briefing import pdf_engine

    env = {"INNOGRAPH_NEO4J_URI": ""}
    html = tmp_path / "b.html"
    out = _cli("briefing", "相城区", "--out", str(html), data_dir=cli_data, env=env)
    assert out.returncode == 0, out.stderr
    assert "相城区" in html.read_text(encoding="utf-8")
    view = tmp_path / "c.html"
    out = _cli("communities", "--view", "1", "--out", str(view), data_dir=cli_data, env=env)
    assert out.returncode == 0, out.stderr
    assert "社区 1" in view.read_text(encoding="utf-8")
    if pdf_engine():
        pdf = tmp_path / "b.pdf"
        out = _cli("briefing", "河海大学", "--format", "pdf", "--out", str(pdf), data_dir=cli_data, env=env)
        assert out.returncode == 0, out.stderr
        assert pdf.read_bytes()[:5] == b"%PDF-"


# -- both stores -----------------------------------------------------------------------------------
def _answers(store) -> dict:
    """Brokers, communities and recommendations as plain data, for comparing stores."""
    net = collaboration_network(ProjectionCache(store).graph())
    return {
        "brokers": [b.model_dump() for b in find_brokers(net, limit=100, max_pairs=1000)],
        "community_brokers": [b.model_dump() for b in find_brokers(net, by="community", limit=100)],
        "communities": [c.model_dump() for c in detect_communities(net, min_size=1)],
        "recommendations": {e: recommend_partners(net, e, limit=50).model_dump()
                            for e in (HOHAI, NJMU, NUAA, XIANGCHENG, SIP)},
        "compare": compare_districts(net, [XIANGCHENG, SIP]).model_dump(),
    }


@pytest.mark.neo4j
def test_same_answers_on_neo4j(request, tmp_path):
    """The same graph documents written to both stores give the same brokers, communities,
    recommendations and comparison. (Extracted once, in this process, so that an extractor being
    edited meanwhile cannot make the two stores hold different graphs.)"""
    from innograph.graph.ladybug_store import LadybugStore
    from innograph.graph.neo4j_store import Neo4jStore
    from innograph.loaders.extract import extract_graph
    from innograph.loaders.ingest import discover
    from innograph.loaders.readers import read_document

    graphs = [extract_graph(read_document(path)) for path in discover([SEEDS])]
    server = request.getfixturevalue("neo4j_server")
    clear_neo4j(server.uri)
    answers = {}
    for kind, store in (("neo4j", Neo4jStore(server.uri, password=None)), ("ladybug", LadybugStore(tmp_path / "data"))):
        with store:
            for graph in graphs:
                store.write(graph.model_copy(deep=True))
            answers[kind] = _answers(store)
    on_neo4j, on_ladybug = answers["neo4j"], answers["ladybug"]
    assert on_neo4j["brokers"] and on_neo4j["communities"]
    assert any(r["recommendations"] for r in on_neo4j["recommendations"].values())
    for key in on_ladybug:
        assert on_neo4j[key] == on_ladybug[key], key
    assert math.isfinite(on_neo4j["brokers"][0]["betweenness"])
