"""Text utilities: normalisation, PDF line-break repair, sentence splitting, dates and titles."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from innograph.loaders import text as text_module
from innograph.loaders.text import (
    detect_date,
    guess_title,
    normalize_text,
    repair_line_breaks,
    split_sentences,
)

SEEDS = sorted((Path(__file__).resolve().parent.parent / "data" / "seeds").glob("*.txt"))


def test_docstring_examples_hold():
    result = doctest.testmod(text_module)
    assert result.attempted > 10
    assert result.failed == 0


# --------------------------------------------------------------------------- normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("苏州 工业园区", "苏州工业园区"),
        ("2020 年度国家级", "2020年度国家级"),
        ("第 3 批", "第3批"),
        ("综  述", "综述"),
        ("荣获 2019 年度江苏省科技服务业 “百强”机构称号", "荣获2019年度江苏省科技服务业“百强”机构称号"),
        ("首届 Phystech Start 中俄创新项目", "首届 Phystech Start 中俄创新项目"),
        ("B 轮融资", "B 轮融资"),
        ("中科院\u200b苏州\ufeff纳米所\u2060", "中科院苏州纳米所"),
        ("a\r\nb\rc\u2028d", "a\nb\nc\nd"),
        ("New\u00a0York\u3000City", "New York City"),
        ("苏州\u00a0工业园区\u3000管委会", "苏州工业园区管委会"),
        ("行尾空格   \n下一行", "行尾空格\n下一行"),
        ("第一页\f第二页", "第一页\n\n第二页"),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_keeps_table_cells_and_indentation():
    assert normalize_text("序号\t地区\t单位") == "序号\t地区\t单位"
    assert normalize_text("    苏州市相城区人民政府") == "    苏州市相城区人民政府"


# --------------------------------------------------------------------------- repair_line_breaks


def test_sentence_broken_over_lines_is_joined():
    # From seed 000: a paragraph that the PDF wrapped at a fixed width.
    raw = (
        "五、2021年苏州市科技创业孵化载体备案工作开展\n"
        "\n"
        "加快实施创新驱动发展战略，引导我市科技创业孵化载体健康可\n"
        "持续发展，根据《苏州市科技创业孵化载体管理实施细则（试行）》\n"
        "（苏科规〔2020〕3号，现发布2021年科技创业孵化载体备案工作\n"
        "有关事项通知。\n"
    )
    out = repair_line_breaks(raw)
    assert out == (
        "五、2021年苏州市科技创业孵化载体备案工作开展\n"
        "\n"
        "加快实施创新驱动发展战略，引导我市科技创业孵化载体健康可持续发展，根据《苏州市科技创业孵化载体管理"
        "实施细则（试行）》（苏科规〔2020〕3号，现发布2021年科技创业孵化载体备案工作有关事项通知。\n"
    )


def test_numbered_paragraph_that_wraps_is_joined_but_short_items_are_not():
    raw = (
        "（一）发展基础\n"
        "1.科技创新综合实力不断增强。充分发挥科技创新的示范和引领作\n"
        "用，逐步建立多元化的科技创新投入机制，区级科技管理经费达3.42\n"
        "亿元，同比增长24.64%；相城高新区综评排名连续3年大幅跃升，居全\n"
        "省第24位。\n"
        "2.数字金融\n"
        "着力推动金融与科技的融合发展，全力构建与数字金融产业发展相匹\n"
        "配的科技创新体系。\n"
    )
    assert repair_line_breaks(raw).split("\n") == [
        "（一）发展基础",
        "1.科技创新综合实力不断增强。充分发挥科技创新的示范和引领作用，逐步建立多元化的科技创新投入机制，"
        "区级科技管理经费达3.42亿元，同比增长24.64%；相城高新区综评排名连续3年大幅跃升，居全省第24位。",
        "2.数字金融",
        "着力推动金融与科技的融合发展，全力构建与数字金融产业发展相匹配的科技创新体系。",
        "",
    ]


def test_heading_is_not_glued_to_the_paragraph():
    raw = (
        "二、品牌活动：“创客天堂”·创客大赛\n"
        "1月13日，由苏州市众创空间协会主办的“创客天堂”2020苏州创客大赛总决赛成功举办！过关斩将，最终，经过评选，共有\n"
        "20个优质项目进入“创客天堂”2020苏州创客大赛总决赛。\n"
    )
    out = repair_line_breaks(raw)
    lines = out.split("\n")
    assert lines[0] == "二、品牌活动：“创客天堂”·创客大赛"
    assert lines[1].startswith("1月13日") and lines[1].endswith("苏州创客大赛总决赛。")
    assert "共有20个优质项目" in lines[1]


@pytest.mark.parametrize(
    "heading",
    [
        "二、品牌活动：“创客天堂”·创客大赛",
        "（一）发展基础",
        "第三章：区域要闻",
        "1.数字金融",
        "## 一、指导思想",
        "苏州市相城区“十四五”科技创新发展规划",
        "科技政策",
    ],
)
def test_headings_stay_on_their_own_line(heading):
    paragraph = "着力推动金融与科技的融合发展，全力构建与数字金融产业发展相匹配的科技创新体系，数字金融产业"
    raw = f"{heading}\n{paragraph}\n持续壮大。\n"
    out = repair_line_breaks(raw)
    assert out.split("\n")[0] == heading
    assert out.split("\n")[1] == paragraph + "持续壮大。"


def test_list_items_and_dashes_start_new_lines():
    raw = (
        "新形势、新坐标下，科技创新强区建设的基础条件、资源禀赋已经具备，但在更高的坐标体系中仍有短板\n"
        "——创新主体的作用需进一步发挥。企业创新主体作用发挥还不足。\n"
        "（二）基本原则\n"
        "1.科技创新综合实力不断增强。\n"
    )
    out = repair_line_breaks(raw)
    assert out.split("\n")[1].startswith("——创新主体")
    assert out.split("\n")[2] == "（二）基本原则"


def test_table_rows_stay_separate_and_a_split_row_is_rejoined():
    raw = (
        "2020年苏州市中小企业公共服务示范平台拟认定名单\n"
        "\n"
        "序号\t地区\t申报单位名称\n"
        "1\t张家港市\t张家港市海纳电子商务产业园管理有限公司\n"
        "2\t常熟市\t常熟市产品质量监督\n"
        "检验所\n"
        "3\t太仓市\t赛业(苏州)生物科技有限公司\n"
    )
    out = repair_line_breaks(raw)
    assert out.split("\n") == [
        "2020年苏州市中小企业公共服务示范平台拟认定名单",
        "",
        "序号\t地区\t申报单位名称",
        "1\t张家港市\t张家港市海纳电子商务产业园管理有限公司",
        "2\t常熟市\t常熟市产品质量监督检验所",
        "3\t太仓市\t赛业(苏州)生物科技有限公司",
        "",
    ]


def test_space_separated_table_rows_stay_separate():
    raw = "序号  地区  单位\n1  张家港市  江苏新悦环境监测有限公司\n2  常熟市  苏州红森软件有限公司\n"
    assert repair_line_breaks(raw) == raw


def test_table_of_contents_lines_stay():
    raw = (
        "第一章：政策动态\t1\n"
        "一、2020年度国家级科技企业孵化器名单公布.....\t1\n"
        "二、2020年度江苏省科技企业孵化器绩效评价工作开展.....\t1\n"
        "三、首个创业孵化服务国家标准正式发布.....2\n"
    )
    assert repair_line_breaks(raw) == raw


def test_page_break_inside_a_sentence_is_bridged_but_titles_are_not():
    raw = (
        "为贯彻落实党的十九大和十九届二中、三中、四中、五中全会精神，深入实施创新驱动发展战略，落实国务院关于大众创业"
        "万众创新等重大部署，加快科技创\n"
        "\n"
        "\n"
        "\n"
        "新创业高质量发展。\n"
        "\n"
        "大赛“一等奖”项目（1名）\n"
        "\n"
        "基于银负载锌离子溶液分步组装生长纳米线在柔性智能器件及军用装备涂装隐身的应用\n"
        "\n"
        "大赛“二等奖”项目（3名）\n"
    )
    out = repair_line_breaks(raw)
    assert "加快科技创新创业高质量发展。" in out
    assert "\n\n基于银负载锌离子溶液分步组装生长纳米线在柔性智能器件及军用装备涂装隐身的应用\n\n大赛“二等奖”" in out


def test_comma_at_line_end_continues_across_a_blank_line():
    assert repair_line_breaks("江苏省5家企业技术中心、\n\n2家分中心入选。") == "江苏省5家企业技术中心、2家分中心入选。"


def test_open_bracket_title_is_completed():
    raw = "关于印发《苏州市相城区“十四五”\n\n科技创新发展规划》的通知\n经开区管委会：\n"
    out = repair_line_breaks(raw)
    assert out.split("\n")[0] == "关于印发《苏州市相城区“十四五”科技创新发展规划》的通知"
    assert out.split("\n")[1] == "经开区管委会："


def test_double_spaced_narrow_columns_are_joined():
    # Seed 002: a two-column yearbook where every wrapped line is followed by a blank line.
    raw = (
        "【概况】2020年，园区在全球范围配\n\n置创新资源，在开放环境下推进自主\n\n创新，加快转换发展动能。科学研究\n\n"
        "与试验发展投入占地区生产总值的\n\n4.5%，万人有效发明专利拥有量174\n\n件。培育创新企业集群，全年集聚科\n\n"
        "技创新型企业8000余家，国家高新技\n\n术企业1800余家。\n\n科技政策\n\n"
        "【概况】2020年，园区出台苏州自贸\n\n片区高新技术企业税收奖励政策。\n"
    )
    out = repair_line_breaks(raw)
    assert out.split("\n\n") == [
        "【概况】2020年，园区在全球范围配置创新资源，在开放环境下推进自主创新，加快转换发展动能。科学研究"
        "与试验发展投入占地区生产总值的4.5%，万人有效发明专利拥有量174件。培育创新企业集群，全年集聚科"
        "技创新型企业8000余家，国家高新技术企业1800余家。",
        "科技政策",
        "【概况】2020年，园区出台苏州自贸片区高新技术企业税收奖励政策。\n",
    ]


def test_english_words_get_a_space_when_joined():
    raw = "The park hosts more than four hundred research institutes and the university\ncampus of the region.\n"
    assert repair_line_breaks(raw) == (
        "The park hosts more than four hundred research institutes and the university campus of the region.\n"
    )


def test_rules_and_blank_paragraphs_are_kept():
    raw = "第一段结束了\n\n---\n\n发：各县级市（区）党委和人民政府。\n"
    assert repair_line_breaks(raw) == raw


def test_repair_is_idempotent_and_empty_safe():
    assert repair_line_breaks("") == ""
    assert repair_line_breaks("\n\n") == "\n\n"
    raw = "加快实施创新驱动发展战略，引导我市科技创业孵化载体健康可\n持续发展，根据有关规定，现发布通知，请各单位认真\n遵照执行。"
    once = repair_line_breaks(raw)
    assert repair_line_breaks(once) == once


_HEADING_RE = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:第[一二三四五六七八九十]+章|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、](?!\d))"
)
_FINAL_RE = re.compile(r"[。！？；：!?;:][”’」』）)》】]*$")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seeds_headings_survive_and_lines_get_joined(seed):
    raw = normalize_text(seed.read_text(encoding="utf-8"))
    out = repair_line_breaks(raw)
    out_lines = set(out.split("\n"))
    for line in raw.split("\n"):
        s = line.strip()
        if _HEADING_RE.match(s) and len(s) <= 30 and not _FINAL_RE.search(s) and "\t" not in s and "..." not in s:
            assert line in out_lines, f"heading glued to text: {s}"
    assert len(out.split("\n")) < len(raw.split("\n"))
    # Nothing is lost or invented: only line breaks (and the spaces around them) go.
    assert re.sub(r"\s", "", out) == re.sub(r"\s", "", raw)


def test_seed_specific_joins():
    by_prefix = {p.name[:3]: normalize_text(p.read_text(encoding="utf-8")) for p in SEEDS}
    if {"000", "002", "004"} - by_prefix.keys():
        pytest.skip("seed documents not present")
    assert "引导我市科技创业孵化载体健康可持续发展" in repair_line_breaks(by_prefix["000"])
    assert "园区在全球范围配置创新资源" in repair_line_breaks(by_prefix["002"])
    out4 = repair_line_breaks(by_prefix["004"])
    assert "关于印发《苏州市相城区“十四五”科技创新发展规划》的通知" in out4.split("\n")
    assert "1.数字金融" in out4.split("\n")


# --------------------------------------------------------------------------- split_sentences


def _texts(text):
    return [s.text for s in split_sentences(text)]


def test_split_on_final_punctuation_not_on_semicolons():
    assert _texts("园区成立。大赛启动！是否参加？增长3.5%；完成率100%。") == [
        "园区成立。", "大赛启动！", "是否参加？", "增长3.5%；完成率100%。",
    ]


def test_closing_quotes_and_brackets_stay_with_the_sentence():
    assert _texts("他表示：“要加快发展。”会议结束。（详见附件。）下一句。") == [
        "他表示：“要加快发展。”", "会议结束。", "（详见附件。）", "下一句。",
    ]


def test_no_split_inside_a_quotation():
    assert _texts("口号是“争当表率。争做示范！走在前列。”大家赞同。") == [
        "口号是“争当表率。争做示范！走在前列。”", "大家赞同。",
    ]


def test_unbalanced_quote_does_not_swallow_the_line():
    text = "“" + "很长的一句话。" * 60 + "结束。"
    assert len(split_sentences(text)) > 50


def test_line_breaks_and_table_rows_end_sentences():
    text = "标题\n序号\t地区\t单位\n1\t常熟市\t苏州红森软件有限公司\n\n正文第一句。正文第二句"
    assert _texts(text) == ["标题", "序号\t地区\t单位", "1\t常熟市\t苏州红森软件有限公司", "正文第一句。", "正文第二句"]


def test_numbers_and_ascii_punctuation():
    assert _texts("版本3.5发布。访问 http://a.cn/?q=1 了解! Next one? yes") == [
        "版本3.5发布。", "访问 http://a.cn/?q=1 了解!", "Next one?", "yes",
    ]


def test_offsets_are_exact_and_text_is_stripped():
    text = "  第一句。  第二句！\n\n   \n\t第三句“引文。”  "
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["第一句。", "第二句！", "第三句“引文。”"]
    assert [s.index for s in sentences] == [0, 1, 2]
    for s in sentences:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_sentence_offsets(seed):
    text = repair_line_breaks(normalize_text(seed.read_text(encoding="utf-8")))
    sentences = split_sentences(text)
    assert len(sentences) > 20
    previous_end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.start:s.end] == s.text
        assert s.start >= previous_end
        previous_end = s.end
        assert "\n" not in s.text


# --------------------------------------------------------------------------- detect_date / guess_title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("苏州市众创空间 第一季度季报\n\n（内部资料）\n\n苏州市众创空间协会\n\n二〇二一年三月\n\n目录", "2021-03"),
        ("苏州市众创空间协会\n\n第四季度季报\n\n二〇二一年十二月\n\n2021 年第 4 季度季报", "2021-12"),
        ("中共苏州市委文件\n苏委发〔2022〕1号\n(2022年1月2日)\n迈进数字经济时代", "2022-01-02"),
        ("相政发〔2021〕24号\n关于印发规划的通知\n    苏州市相城区人民政府\n           2021年7月6日  \n", "2021-07-06"),
        ("二〇二〇年十月二十一日", "2020-10-21"),
        ("二○二一年三月", "2021-03"),
        ("2021年第一季度季报\n正文", "2021"),
        ("第一季度季报\n苏科规〔2021〕3号\n正文", "2021"),
        ("发布时间：2021-03-05\n正文", "2021-03-05"),
        ("2021/3/5", "2021-03-05"),
        ("会议于2021年3月召开。", "2021-03"),
        ("天使计划（2021-2022）正式开启", None),
        ("没有日期的文本", None),
        ("", None),
    ],
)
def test_detect_date(text, expected):
    assert detect_date(text) == expected


def test_detect_date_on_seeds():
    by_prefix = {p.name[:3]: p for p in SEEDS}
    expected = {"000": "2021-03", "001": "2021-12", "003": "2022-01-02", "004": "2021-07-06"}
    for prefix, date in expected.items():
        if prefix in by_prefix:
            text = repair_line_breaks(normalize_text(by_prefix[prefix].read_text(encoding="utf-8")))
            assert detect_date(text) == date, prefix


def test_guess_title():
    assert guess_title("\n\n苏州市众创空间第一季度季报\n\n（内部资料）") == "苏州市众创空间第一季度季报"
    assert guess_title("## 中共苏州市委文件\n") == "中共苏州市委文件"
    assert guess_title("（内部资料）\n二〇二一年三月\n真正的标题") == "真正的标题"
    assert guess_title("相政发〔2021〕24号\n关于印发《规划》的通知") == "关于印发《规划》的通知"
    assert len(guess_title("很长" * 100)) <= 80
    assert guess_title("") == ""
    assert guess_title("中共苏州市委文件\n苏委发〔2022〕1号\n\n关于推进产业创新集群发展的指导意见") == "关于推进产业创新集群发展的指导意见"
    assert guess_title("江苏省科学技术厅文件\n") == "江苏省科学技术厅文件"


def test_page_break_inside_a_short_prose_line_or_a_date_is_bridged():
    # a prose line (it already holds a clause mark) cut by a page break, even when short
    assert repair_line_breaks("5月6日，数字文旅大会召开。星河\n\n数字创意空间在园区签约落户，未来将带动园区在数字内容等产业进一步集聚发展。") == \
        "5月6日，数字文旅大会召开。星河数字创意空间在园区签约落户，未来将带动园区在数字内容等产业进一步集聚发展。"
    # a date cut in two
    assert repair_line_breaks("【某某中心】2020年10月22\n\n日，某某中心启用。") == "【某某中心】2020年10月22日，某某中心启用。"
    # a short title without a clause mark stays apart from the paragraph after the blank line
    assert repair_line_breaks("科技合作与交流\n\n2020年，园区深化开放创新合作，融入全球创新网络，构建开放型创新体系。") == \
        "科技合作与交流\n\n2020年，园区深化开放创新合作，融入全球创新网络，构建开放型创新体系。"
