"""Small hand-made graph documents for store tests (independent of extraction quality)."""

from __future__ import annotations

from innograph.graph.ids import event_id, org_id, place_id
from innograph.graph.model import DocumentInfo, GraphDocument, Node, Relationship
from innograph.graph.ontology import labels_for_event

NANHANG = org_id("南京航空航天大学")
LAB = org_id("南航-中亿丰联合实验室")
XIANGCHENG = place_id("相城区")
SUZHOU = place_id("苏州市")


def rel(type_: str, start: str, end: str, doc: str, evidence: str, **extra) -> Relationship:
    props = {"doc": doc, "evidence": evidence, "extractor": "test:hand-made", "confidence": 0.9, **extra}
    return Relationship(type=type_, start=start, end=end, properties=props)


def signing_document(doc: str = "doc:signing", *, sha: str = "sha-1", lab_name: str = "南航-中亿丰联合实验室") -> GraphDocument:
    """南航 and 相城区 sign; a joint lab founded by 南航 is located in 相城区."""
    lab = org_id(lab_name)
    s1 = f"2021年2月1日，南京航空航天大学与相城区签署合作协议，共建{lab_name}。"
    s2 = "相城区隶属苏州市。"
    ev = event_id("signing", "2021-02-01", ["南京航空航天大学", "相城区"])
    g = GraphDocument(documents=[DocumentInfo(id=doc, path=f"{doc[4:]}.txt", title="签约", date="2021-02", sha256=sha)])
    g.nodes = [
        Node(id=NANHANG, labels=["Organization", "University"], properties={"name": "南京航空航天大学", "aliases": ["南航"]}),
        Node(id=lab, labels=["Organization", "ResearchInstitute"], properties={"name": lab_name, "aliases": []}),
        Node(id=XIANGCHENG, labels=["District"], properties={"name": "相城区", "level": "district", "aliases": ["相城"]}),
        Node(id=SUZHOU, labels=["District"], properties={"name": "苏州市", "level": "city", "aliases": ["苏州"]}),
        Node(id=ev, labels=labels_for_event("signing"), properties={"kind": "signing", "date": "2021-02-01", "title": "南京航空航天大学与相城区签约"}),
    ]
    g.relationships = [
        rel("PARTY_TO", NANHANG, ev, doc, s1, role="signatory"),
        rel("PARTY_TO", XIANGCHENG, ev, doc, s1, role="signatory"),
        rel("HELD_IN", ev, XIANGCHENG, doc, s1),
        rel("ESTABLISHES", ev, lab, doc, s1),
        rel("FOUNDED_BY", lab, NANHANG, doc, s1),
        rel("LOCATED_IN", lab, XIANGCHENG, doc, s1),
        rel("PART_OF", XIANGCHENG, SUZHOU, doc, s2),
        rel("COLLABORATES_WITH", NANHANG, XIANGCHENG, doc, s1, via=ev),
    ]
    aliases = {NANHANG: ["南航"], XIANGCHENG: ["相城"], SUZHOU: ["苏州"]}
    for node in g.nodes:
        g.relationships.append(rel("MENTIONED_IN", node.id, doc, doc, s2 if node.id == SUZHOU else s1,
                                   aliases=aliases.get(node.id, [])))
    return g


def other_document(doc: str = "doc:other") -> GraphDocument:
    """A second document that also mentions 南京航空航天大学 (as 南航) and 苏州市."""
    s = "南航在苏州市设立研究院。"
    g = GraphDocument(documents=[DocumentInfo(id=doc, path="other.txt", title="其他", sha256="sha-o")])
    g.nodes = [
        Node(id=NANHANG, labels=["Organization", "University"], properties={"name": "南京航空航天大学", "aliases": ["南航"]}),
        Node(id=SUZHOU, labels=["District"], properties={"name": "苏州市", "level": "city", "aliases": []}),
    ]
    g.relationships = [
        rel("MENTIONED_IN", NANHANG, doc, doc, s, aliases=["南航"]),
        rel("MENTIONED_IN", SUZHOU, doc, doc, s, aliases=[]),
    ]
    return g
