"""The extraction contract of ../shared/ontology.md: provenance, MENTIONED_IN, stable ids, one kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.graph.model import PROVENANCE_KEYS
from innograph.graph.ontology import EVENT_KINDS, ORGANIZATION_KINDS, RELATIONSHIP_TYPES
from innograph.loaders.document import SourceDocument
from innograph.loaders.extract import extract_graph
from innograph.loaders.text import split_sentences

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def make_doc(text: str, doc: str = "doc:t", date: str | None = "2021-03") -> SourceDocument:
    return SourceDocument(id=doc, path=f"{doc[4:]}.txt", text=text, title="t", date=date,
                          sentences=split_sentences(text))


def seed_docs():
    from innograph.loaders.readers import read_document

    return [read_document(p) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="module")
def seed_graphs():
    return [(d, extract_graph(d)) for d in seed_docs()]


def check_contract(source: SourceDocument, graph) -> None:
    node_ids = {n.id for n in graph.nodes}
    assert len(node_ids) == len(graph.nodes), "duplicate node ids"
    assert graph.documents[0].id == source.id
    assert graph.documents[0].chars == len(source.text)
    mentioned = set()
    for r in graph.relationships:
        assert r.type in RELATIONSHIP_TYPES
        for key in PROVENANCE_KEYS:
            assert key in r.properties, (r.type, key)
        assert r.properties["doc"] == source.id
        assert r.properties["evidence"] and r.properties["evidence"] in source.text, r
        assert 0.0 <= r.properties["confidence"] <= 1.0
        assert r.start in node_ids
        if r.type == "MENTIONED_IN":
            assert r.end == source.id
            mentioned.add(r.start)
        else:
            assert r.end in node_ids
        if r.type == "PARTY_TO":
            assert r.properties["role"] in ("signatory", "host", "witness", "participant")
        if r.type == "COLLABORATES_WITH":
            assert r.properties.get("via")
    assert node_ids <= mentioned, node_ids - mentioned
    for n in graph.nodes:
        if "Organization" in n.labels:
            kinds = [lab for lab in n.labels if lab in ORGANIZATION_KINDS]
            assert len(kinds) == 1, n
            assert n.id == "org:" + n.properties["name"]
            assert isinstance(n.properties["aliases"], list)
        elif "District" in n.labels:
            assert n.properties["level"] in ("city", "county", "district", "zone", "town"), n
            assert n.id == "place:" + n.properties["name"]
        else:
            assert "Event" in n.labels
            assert n.properties["kind"] in EVENT_KINDS
            d = n.properties["date"]
            assert d is None or len(d) in (7, 10)
            assert n.properties["title"]


def test_contract_on_seeds(seed_graphs):
    for source, graph in seed_graphs:
        check_contract(source, graph)


def test_contract_on_small_text():
    doc = make_doc("2月1日，由南京航空航天大学和中亿丰控股集团合作共建的“南航-中亿丰智能成形制造技术与装备联合实验室”在苏州相城成立。")
    graph = extract_graph(doc)
    check_contract(doc, graph)
    names = {n.properties.get("name") for n in graph.nodes}
    assert "南京航空航天大学" in names
    assert "相城区" in names
    founded = {(r.start, r.end) for r in graph.relationships if r.type == "FOUNDED_BY"}
    assert ("org:南航-中亿丰智能成形制造技术与装备联合实验室", "org:南京航空航天大学") in founded


def test_empty_document():
    doc = make_doc("")
    graph = extract_graph(doc)
    assert graph.nodes == [] and graph.relationships == []
    assert graph.documents[0].id == "doc:t"


def test_ids_stable_across_documents():
    a = extract_graph(make_doc("南京航空航天大学与苏州工业园区管理委员会签署合作协议。", "doc:a"))
    b = extract_graph(make_doc("南航与园区管委会签约，中科院苏州纳米所参加。", "doc:b"))
    ids_a = {n.id for n in a.nodes}
    ids_b = {n.id for n in b.nodes}
    assert "org:南京航空航天大学" in ids_a & ids_b
    assert "org:苏州工业园区管理委员会" in ids_a & ids_b
    assert "org:中国科学院苏州纳米技术与纳米仿生研究所" in ids_b
    nanhang = next(n for n in b.nodes if n.id == "org:南京航空航天大学")
    assert "南航" in nanhang.properties["aliases"]


def test_full_and_half_width_unified():
    a = extract_graph(make_doc("平安科技（深圳）有限公司在苏州设立研究中心。", "doc:a"))
    b = extract_graph(make_doc("平安科技(深圳)有限公司在苏州设立研究中心。", "doc:b"))
    assert "org:平安科技（深圳）有限公司" in {n.id for n in a.nodes} & {n.id for n in b.nodes}


def test_pure_function():
    doc = make_doc("1月8日，苏州市政府与腾讯公司签署战略合作协议，腾讯（苏州）数字产业基地揭牌。")
    assert extract_graph(doc).sorted() == extract_graph(doc).sorted()
