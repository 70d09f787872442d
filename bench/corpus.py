"""Synthetic corpus generator: realistic Chinese innovation-ecosystem documents, reproducibly.

Three kinds of document, modelled on the *kind* of text the project ingests (no sentence copied):

* signing news    - "X与Y签署战略合作协议，共建Z" with date, place, witnesses, follow-up paragraphs;
* work reports    - an association's quarterly bulletin: contents, policy items, association work,
                    regional news by district (unveilings, settlements, openings, contests, meetings);
* tables          - "序号 地区 单位名称" lists of organisations by district (tab separated).

Documents are drawn independently from one fixed seed (document ``i`` is the same in every corpus
size, so the 1,000-document corpus starts with the 100-document one).

    .venv/bin/python bench/corpus.py --docs 1000 --out /tmp/innograph-corpus-1000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from names import FIELDS, INDUSTRIES, SEED, Org, Universe  # noqa: E402

_UNIVERSE: Universe | None = None


def universe() -> Universe:
    global _UNIVERSE
    if _UNIVERSE is None:
        _UNIVERSE = Universe()
    return _UNIVERSE


CN_NUM = "〇一二三四五六七八九"
CHAPTER = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"] + [
    f"十{d}" for d in "一二三四五六七八九"] + [f"二十{d}" for d in ["", *"一二三四五六七八九"]]
AGREEMENTS = ["战略合作协议", "合作协议", "产学研合作协议", "共建协议", "框架合作协议", "项目投资协议"]
JOINT = ["联合实验室", "联合研发中心", "协同创新中心", "产业技术研究院", "成果转化中心", "创新研究院"]
FILLER = [
    "双方将充分发挥各自优势，在{field}领域开展深度合作，推动科技成果在本地转化落地。",
    "据介绍，该项目总投资约{money}亿元，预计{year2}年建成投用，达产后年产值可超{money2}亿元。",
    "近年来，{district}持续优化创新生态，围绕{field}等重点产业引育创新主体，集聚效应不断显现。",
    "下一步，{district}将进一步完善服务体系，为入驻企业提供政策咨询、融资对接和人才招引等全方位支持。",
    "会上，与会嘉宾围绕{field}发展趋势、关键技术突破和产业链协同等议题进行了交流研讨。",
    "截至{month}月底，{district}累计培育高新技术企业{count}家，新增省级以上研发机构{count2}家。",
    "该平台将聚焦{field}方向，建设公共技术服务平台，面向中小企业开放共享仪器设备。",
    "活动吸引了来自高校、科研院所、投资机构和企业的{count}余名代表参加。",
    "{org}相关负责人表示，将以此次合作为契机，加快技术攻关和市场拓展，打造行业标杆。",
    "通过“揭榜挂帅”等方式，支持企业联合高校院所开展关键核心技术攻关。",
    "今年以来，全市新增科技型中小企业{count}家，技术合同成交额同比增长{pct}%。",
    "项目团队由{count2}名博士领衔，拥有发明专利{count}项，产品已进入多家龙头企业供应链。",
]
POLICY = [
    "《{year}年苏州市科技发展计划项目指南》发布",
    "{district}出台支持{field}产业高质量发展若干措施",
    "{year}年度科技企业孵化器绩效评价工作启动",
    "关于组织申报{year}年度创新创业领军人才的通知",
    "{district}发布科技创新券实施细则",
    "省级工程技术研究中心认定工作开展",
]
POLICY_BODY = [
    "为深入实施创新驱动发展战略，进一步激发各类创新主体活力，现就有关事项通知如下。",
    "申报单位须在本地注册，具有独立法人资格，近三年研发投入占销售收入比例不低于{pct}%。",
    "对新认定的单位给予最高{money}00万元资助，所需资金由市、区两级财政按比例分担。",
    "请各地科技主管部门做好组织推荐工作，于{month}月{day}日前完成网上申报。",
]


def _date(rng: random.Random, year: int) -> tuple[int, int]:
    return rng.randint(1, 12), rng.randint(1, 28)


def _fmt(rng: random.Random, template: str, year: int, district: str, org: Org) -> str:
    return template.format(
        field=rng.choice(FIELDS), money=rng.randint(2, 60), money2=rng.randint(5, 120), year=year,
        year2=year + rng.randint(1, 3), district=district, month=rng.randint(1, 12), day=rng.randint(1, 28),
        count=rng.randint(20, 900), count2=rng.randint(2, 60), pct=rng.randint(3, 45), org=org.name)


def _paragraph(rng: random.Random, year: int, district: str, org: Org, n: int) -> str:
    return "".join(_fmt(rng, rng.choice(FILLER), year, district, org) for _ in range(n))


def _joint_name(rng: random.Random, a: Org, b: Org) -> str:
    short = a.name.replace("有限公司", "").replace("股份", "").replace("集团", "")[:8]
    return f"{short}{rng.choice(FIELDS)}{rng.choice(JOINT)}"


def signing_news(rng: random.Random) -> str:
    u = universe()
    year = rng.randint(2018, 2024)
    month, day = _date(rng, year)
    a = u.pick(rng)
    b = u.pick(rng, "University") if rng.random() < 0.5 else u.pick(rng)
    while b.name == a.name:
        b = u.pick(rng)
    district = rng.choice(u.local_units).name
    joint = _joint_name(rng, a, b)
    agreement = rng.choice(AGREEMENTS)
    gov = u.pick(rng, "Government")
    lines = [f"{a.name}与{b.name}签署{agreement}，共建{joint}", ""]
    lines.append(f"{year}年{month}月{day}日，{a.name}与{b.name}在{district}举行签约仪式，双方签署{agreement}，"
                 f"将共建{joint}。{gov.name}有关负责人出席并见证签约。")
    lines.append("")
    lines.append(f"根据协议，{joint}落户{district}，由{a.name}负责日常运营，{b.name}提供科研团队和技术支撑。"
                 + _paragraph(rng, year, district, a, rng.randint(1, 3)))
    lines.append("")
    for _ in range(rng.randint(1, 4)):
        lines.append(_paragraph(rng, year, district, rng.choice([a, b]), rng.randint(2, 4)))
        lines.append("")
    if rng.random() < 0.5:
        c = u.pick(rng)
        lines.append(f"当天，{c.name}与{district}还签订了项目入驻协议，{c.name}区域总部项目正式落户{district}。")
        lines.append("")
    lines.append(f"（来源：{u.pick(rng, 'Association').name}  {year}年{month}月{day}日）")
    return "\n".join(lines) + "\n"


def _news_item(rng: random.Random, year: int, district: str) -> tuple[str, str]:
    u = universe()
    month, day = _date(rng, year)
    org = u.pick_in(rng, district)
    kind = rng.random()
    if kind < 0.25:
        partner = u.pick(rng, "University") if rng.random() < 0.5 else u.pick(rng)
        joint = _joint_name(rng, org, partner)
        title = f"{org.name}与{partner.name}签约共建{joint}"
        body = (f"{month}月{day}日，{org.name}与{partner.name}签署合作协议，共建{joint}。"
                f"{joint}将依托{partner.name}的学科优势，开展{rng.choice(FIELDS)}领域应用研究。")
    elif kind < 0.45:
        new = f"{rng.choice(u.brand_pool)}{rng.choice(FIELDS)}{rng.choice(['创新中心', '研究院', '公共服务平台'])}"
        title = f"{new}揭牌成立"
        body = (f"{month}月{day}日，{new}在{district}揭牌成立。该中心由{org.name}牵头建设，"
                f"{u.pick(rng, 'Government').name}领导出席揭牌仪式。")
    elif kind < 0.65:
        title = f"{org.name}项目落户{district}"
        body = (f"{month}月{day}日，{org.name}与{district}签约，{org.name}{rng.choice(INDUSTRIES)}总部项目正式落户。"
                f"项目计划总投资{rng.randint(1, 80)}亿元。")
    elif kind < 0.8:
        park = u.pick(rng, "Incubator")
        title = f"{park.name}开园"
        body = (f"{month}月{day}日，{park.name}在{district}正式开园，首批{rng.randint(5, 40)}家企业入驻。"
                f"园区由{org.name}运营管理。")
    elif kind < 0.9:
        host = u.pick(rng, "Association")
        title = f"{year}{district}{rng.choice(FIELDS)}创新创业大赛举行"
        body = (f"{month}月{day}日，由{host.name}主办的{year}{district}{rng.choice(FIELDS)}创新创业大赛决赛举行，"
                f"{org.name}等{rng.randint(10, 30)}个项目进入决赛。")
    else:
        title = f"{district}{rng.choice(FIELDS)}产业发展大会召开"
        body = (f"{month}月{day}日，{district}{rng.choice(FIELDS)}产业发展大会召开，会上{rng.randint(5, 90)}个重点项目集中签约，"
                f"{org.name}作为企业代表发言。")
    return title, body + _paragraph(rng, year, district, org, rng.randint(1, 4))


def work_report(rng: random.Random) -> str:
    u = universe()
    year = rng.randint(2018, 2024)
    quarter = rng.randint(1, 4)
    assoc = u.pick(rng, "Association")
    lines = [f"{assoc.name}", f"{year}年第{CN_NUM[quarter]}季度工作简报", "（内部资料）", "",
             f"{''.join(CN_NUM[int(c)] for c in str(year))}年{CN_NUM[quarter * 3] if quarter < 4 else '十二'}月", ""]
    chapters: list[tuple[str, list[tuple[str, str]]]] = []
    district_for = {}
    policies = []
    for _ in range(rng.randint(2, 5)):
        d = rng.choice(u.local_units).name
        t = _fmt(rng, rng.choice(POLICY), year, d, assoc)
        policies.append((t, "".join(_fmt(rng, s, year, d, assoc) for s in rng.sample(POLICY_BODY, 3))))
    chapters.append(("政策动态", policies))
    work = []
    for _ in range(rng.randint(1, 3)):
        d = rng.choice(u.local_units).name
        work.append(_news_item(rng, year, d))
    chapters.append(("协会工作", work))
    regional = []
    for unit in rng.sample(u.local_units, rng.randint(2, 6)):
        for _ in range(rng.randint(1, 4)):
            title, body = _news_item(rng, year, unit.name)
            district_for[title] = unit.name
            regional.append((title, body))
    chapters.append(("区域要闻", regional))
    lines.append("目录")
    for ci, (name, items) in enumerate(chapters):
        lines.append(f"第{CHAPTER[ci]}章：{name}")
        for ii, (title, _) in enumerate(items):
            lines.append(f"{CHAPTER[ii % len(CHAPTER)]}、{title}.....\t{ci * 4 + ii + 1}")
    lines.append("")
    for ci, (name, items) in enumerate(chapters):
        lines.append(f"第{CHAPTER[ci]}章：{name}")
        lines.append("")
        for ii, (title, body) in enumerate(items):
            lines.append(f"（{CHAPTER[ii % len(CHAPTER)]}）{title}")
            lines.append("")
            lines.append(body)
            lines.append("")
    return "\n".join(lines) + "\n"


def org_table(rng: random.Random) -> str:
    u = universe()
    year = rng.randint(2018, 2024)
    category = rng.choice(["科技企业孵化器", "众创空间", "新型研发机构", "高新技术企业培育入库企业",
                           "企业研发机构", "科技服务机构"])
    lines = [f"附件{rng.randint(1, 3)}", "", f"{year}年度苏州市{category}名单（第{CN_NUM[rng.randint(1, 3)]}批）", ""]
    with_kind = rng.random() < 0.3
    lines.append("序号\t地区\t单位名称" + ("\t类别" if with_kind else ""))
    units = rng.sample(u.local_units, rng.randint(3, len(u.local_units)))
    n = 0
    for unit in units:
        for _ in range(rng.randint(2, 25)):
            n += 1
            org = u.pick_in(rng, unit.name)
            row = f"{n}\t{unit.name}\t{org.name}"
            if with_kind:
                row += "\t" + rng.choice(["国家级", "省级", "市级"])
            lines.append(row)
    lines.append("")
    lines.append(f"备注：名单按地区排序，排名不分先后。共{n}家。")
    return "\n".join(lines) + "\n"


KINDS = (("news", signing_news, 0.5), ("report", work_report, 0.2), ("table", org_table, 0.3))


def document(i: int, seed: int = SEED) -> tuple[str, str]:
    """Document ``i`` of the corpus: (kind, text). Independent of corpus size."""
    rng = random.Random(seed * 1_000_003 + i)
    x = rng.random()
    for kind, fn, share in KINDS:
        if x < share:
            return kind, fn(rng)
        x -= share
    return KINDS[-1][0], KINDS[-1][1](rng)


def write_corpus(out: Path, n_docs: int, seed: int = SEED) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    chars = 0
    kinds: dict[str, int] = {}
    for i in range(n_docs):
        kind, text = document(i, seed)
        (out / f"{i:05d}_{kind}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
        kinds[kind] = kinds.get(kind, 0) + 1
    return {"docs": n_docs, "chars": chars, "kinds": kinds}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100, help="number of documents (100, 1000, 10000)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    t0 = time.perf_counter()
    stats = write_corpus(args.out, args.docs, args.seed)
    dt = time.perf_counter() - t0
    print(f"wrote {stats['docs']} documents, {stats['chars']:,} characters ({stats['kinds']}) "
          f"to {args.out} in {dt:.2f} s")


if __name__ == "__main__":
    main()
