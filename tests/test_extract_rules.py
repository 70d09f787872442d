"""The extraction rules on small texts written for the purpose (not copied from the seeds):
names, joint names, sections and their places, relations, events and dates."""

from __future__ import annotations

import re

from innograph.loaders.document import SourceDocument
from innograph.loaders.extract import extract_graph
from innograph.loaders.text import split_sentences


def doc(text: str, date: str | None = "2021-03", title: str = "t") -> SourceDocument:
    return SourceDocument(id="doc:t", path="t.txt", text=text, title=title, date=date, sentences=split_sentences(text))


def graph_of(text: str, **kw):
    g = extract_graph(doc(text, **kw))
    names = {n.id: (n.properties.get("name") or n.properties.get("title")) for n in g.nodes}
    rels = {(r.type, names.get(r.start, r.start), names.get(r.end, r.end)) for r in g.relationships
            if r.type != "MENTIONED_IN"}
    return g, names, rels


def node(g, name):
    return next((n for n in g.nodes if n.properties.get("name") == name), None)


# -- names ---------------------------------------------------------------------------------------

def test_ocr_dash_in_a_joint_name_is_repaired_and_the_lab_is_cobuilt_not_a_branch():
    g, names, rels = graph_of("3月2日，由东南大学和苏州某某控股集团合作共建的“东大一某某智能制造联合实验室”在苏州吴中成立。")
    lab = node(g, "东大-某某智能制造联合实验室")
    assert lab is not None, sorted(names.values())
    assert "东大一某某智能制造联合实验室" in lab.properties["aliases"]
    assert ("FOUNDED_BY", lab.properties["name"], "东南大学") in rels
    assert ("LOCATED_IN", lab.properties["name"], "吴中区") in rels
    assert not any(t == "BRANCH_OF" and s == lab.properties["name"] for t, s, _ in rels)


def test_yi_that_starts_a_word_is_not_a_dash():
    g, names, _ = graph_of("苏州大学一流学科联合实验室正式揭牌。")
    assert not any("-" in n for n in names.values() if n), names


def test_place_named_branch_of_a_university():
    _g, _names, rels = graph_of("3月1日，苏州市政府与东南大学签署合作协议，在吴江区共建东南大学苏州研究院。")
    assert ("BRANCH_OF", "东南大学苏州研究院", "东南大学") in rels
    assert ("FOUNDED_BY", "东南大学苏州研究院", "东南大学") in rels
    assert ("LOCATED_IN", "东南大学苏州研究院", "吴江区") in rels


def test_junk_prefixes_before_known_names():
    _g, names, _ = graph_of("“技联吉林大学”产学研合作对接会在长春举行。中共苏州市委苏州市人民政府关于推进创新的意见印发。")
    values = set(names.values())
    assert "吉林大学" in values and "技联吉林大学" not in values
    assert "苏州市人民政府" in values and not any("市委苏州" in v for v in values if v)


def test_designation_in_quotes_is_no_organisation():
    _g, names, _ = graph_of("该实验室被授予“江苏省实验室”称号。")
    assert "江苏省实验室" not in set(names.values())


def test_departments_listed_after_a_prefixed_one_share_its_place():
    _g, names, _ = graph_of("八、姑苏区\n3月5日，市发改委、工信局、商务局相关负责人参加活动。")
    values = set(names.values())
    assert {"苏州市发展和改革委员会", "苏州市工业和信息化局", "苏州市商务局"} <= values, values


def test_latin_name_after_a_description_and_single_item_enumeration():
    _g, names, _ = graph_of("某某公司联合英国科技咨询公司BrightLabs在园区设立创新中心。支持恒瑞达等龙头企业建立研究所。")
    values = set(names.values())
    assert "BrightLabs" in values and "英国科技咨询公司" not in values
    assert "恒瑞达" in values


# -- sections and their places -------------------------------------------------------------------

SECTIONED = """目录
一、太仓.....	1
二、相城区.....	2

一、太仓
3月1日，高新区举办科技工作会议。
二、相城区
（一）某某研究院落户相城
3月2日，某某研究院正式落户相城。该院依托苏州联创先进材料研究院开展研发。
"""


def test_context_short_form_is_the_zone_of_the_section():
    g, names, _ = graph_of(SECTIONED)
    assert "太仓高新技术产业开发区" in set(names.values())


def test_toc_lines_are_no_evidence():
    g, _names, _rels = graph_of(SECTIONED)
    for r in g.relationships:
        if r.type != "MENTIONED_IN":
            assert "....." not in r.properties["evidence"], r


def test_institute_of_a_section_about_a_district_is_located_there():
    _g, _names, rels = graph_of(SECTIONED)
    assert ("LOCATED_IN", "苏州联创先进材料研究院", "相城区") in rels


def test_document_subject_place_locates_local_institutes_but_not_national_or_foreign_ones():
    text = ("苏州市吴中区“十四五”科技创新规划\n依托长三角智能装备研究院、国家某某技术创新中心、上海材料研究所等机构，"
            "加快建设吴中智能制造产业园。")
    _g, _names, rels = graph_of(text, title="苏州市吴中区“十四五”科技创新规划")
    assert ("LOCATED_IN", "长三角智能装备研究院", "吴中区") in rels
    assert not any(t == "LOCATED_IN" and s == "上海材料研究所" and e == "吴中区" for t, s, e in rels)
    assert not any(t == "LOCATED_IN" and s.startswith("国家") for t, s, _ in rels)


def test_part_of_reaches_the_nearest_ancestor_the_document_names():
    _g, _names, rels = graph_of("苏州市支持苏州自贸片区建设。")
    assert ("PART_OF", "中国（江苏）自由贸易试验区苏州片区", "苏州市") in rels


# -- events --------------------------------------------------------------------------------------

def test_plans_are_no_events():
    g, _names, _ = graph_of("7月，将举行首届数字经济高峰论坛。4至6月将在北京举办创新创业大赛。")
    assert not [n for n in g.nodes if "Event" in n.labels]


def test_attendees_are_parties_and_collaboration_via_is_the_event_id():
    text = ("3月8日，苏州市人民政府与南京大学签署战略合作协议。\n"
            "江苏省科学技术厅有关负责人出席签约仪式。")
    g, names, _ = graph_of(text)
    signing = next(n for n in g.nodes if "SigningEvent" in n.labels)
    parties = {names[r.start] for r in g.relationships if r.type == "PARTY_TO" and r.end == signing.id}
    assert {"苏州市人民政府", "南京大学", "江苏省科学技术厅"} <= parties
    for r in g.relationships:
        if r.type == "COLLABORATES_WITH":
            assert r.properties["via"] == signing.id or r.properties["via"] == "FOUNDED_BY"
            assert re.fullmatch(r"event:signing:\d{4}-\d{2}-\d{2}:[0-9a-f]{10}", r.properties["via"])


def test_unveiling_needs_something_unveiled():
    g, _names, _ = graph_of("3月9日，市领导出席签约仪式，并共同为研究院揭牌。")
    assert not [n for n in g.nodes if n.properties.get("kind") == "unveiling"]


def test_undated_document_takes_the_year_of_its_text():
    text = "2020年，园区新增研发机构。\n【某某中心启用】11月18日，苏州某某技术创新中心启用。"
    g, _names, _ = graph_of(text, date=None)
    dates = [n.properties["date"] for n in g.nodes if "Event" in n.labels]
    assert dates == ["2020-11-18"], dates
