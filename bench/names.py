"""Name pools shared by the synthetic corpus and graph generators (invented or general knowledge).

Everything here is deterministic for a given seed: the same ``Universe(seed)`` always holds the
same organisations, in the same districts, with the same popularity ranks.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass

SEED = 20240517

# Brand names (字号): two invented syllables each, combined pairwise.
BRAND_FIRST = list("华博中科智新远恒启鼎瑞德泰正安创天宏信卓合锦沃凯迈汇融睿铭思源星辰")
BRAND_SECOND = list("芯远科越达航锐创川翔泽盛宇联威云峰信石诺森朗捷拓腾晟澜驰昊")
INDUSTRIES = [
    "智能科技", "生物医药", "新材料", "半导体", "信息技术", "精密机械", "新能源", "医疗器械",
    "光电科技", "数据科技", "机器人", "环保科技", "集成电路", "软件", "航空科技", "纳米科技",
    "检测技术", "汽车零部件", "智能装备", "通信技术",
]
FIELDS = [
    "人工智能", "生物医药", "先进材料", "集成电路", "智能制造", "数字经济", "新能源", "医疗器械",
    "区块链", "工业互联网", "智能网联汽车", "纳米技术", "光电通信", "高端装备",
]
ENTERPRISE_SUFFIXES = ["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"]
RESEARCH_SUFFIXES = ["研究院", "研究所", "实验室", "创新中心", "研发中心", "技术研究院"]
INCUBATOR_SUFFIXES = ["孵化器", "众创空间", "加速器", "科技园", "产业园", "创新园", "创业园"]
ASSOCIATION_SUFFIXES = ["协会", "产业联盟", "商会", "学会", "产业技术创新战略联盟"]

# (name, level, parent, short form) - Suzhou's divisions (general knowledge).
CITY = ("苏州市", "city", None, "苏州")
COUNTIES = [
    ("张家港市", "county", "苏州市", "张家港"), ("常熟市", "county", "苏州市", "常熟"),
    ("太仓市", "county", "苏州市", "太仓"), ("昆山市", "county", "苏州市", "昆山"),
    ("吴江区", "district", "苏州市", "吴江"), ("吴中区", "district", "苏州市", "吴中"),
    ("相城区", "district", "苏州市", "相城"), ("姑苏区", "district", "苏州市", "姑苏"),
    ("虎丘区", "district", "苏州市", "虎丘"), ("苏州工业园区", "zone", "苏州市", "园区"),
    ("苏州高新区", "zone", "苏州市", "高新区"),
]
TOWNS = [
    ("黄埭镇", "相城区"), ("渭塘镇", "相城区"), ("望亭镇", "相城区"), ("北桥街道", "相城区"),
    ("陆家镇", "昆山市"), ("周庄镇", "昆山市"), ("千灯镇", "昆山市"), ("花桥镇", "昆山市"), ("巴城镇", "昆山市"),
    ("木渎镇", "吴中区"), ("甪直镇", "吴中区"), ("胥口镇", "吴中区"), ("临湖镇", "吴中区"),
    ("盛泽镇", "吴江区"), ("震泽镇", "吴江区"), ("同里镇", "吴江区"), ("平望镇", "吴江区"),
    ("沙溪镇", "太仓市"), ("浏河镇", "太仓市"), ("璜泾镇", "太仓市"),
    ("梅李镇", "常熟市"), ("海虞镇", "常熟市"), ("虞山街道", "常熟市"),
    ("锦丰镇", "张家港市"), ("塘桥镇", "张家港市"), ("凤凰镇", "张家港市"),
    ("浒墅关镇", "苏州高新区"), ("通安镇", "苏州高新区"), ("东渚街道", "苏州高新区"),
    ("娄葑街道", "苏州工业园区"), ("斜塘街道", "苏州工业园区"), ("唯亭街道", "苏州工业园区"),
    ("平江街道", "姑苏区"), ("沧浪街道", "姑苏区"), ("虎丘街道", "姑苏区"),
]
ZONES = [
    ("苏州高铁新城", "相城区"), ("相城经济技术开发区", "相城区"), ("苏相合作区", "相城区"),
    ("苏州科技城", "苏州高新区"), ("吴中经济技术开发区", "吴中区"), ("吴江经济技术开发区", "吴江区"),
    ("昆山经济技术开发区", "昆山市"), ("太仓港经济技术开发区", "太仓市"), ("常熟高新技术产业开发区", "常熟市"),
    ("张家港保税区", "张家港市"), ("独墅湖科教创新区", "苏州工业园区"),
]
OUTSIDE = [("上海市", "上海"), ("北京市", "北京"), ("深圳市", "深圳"), ("南京市", "南京"), ("杭州市", "杭州")]

UNIVERSITIES = [
    "苏州大学", "南京大学", "东南大学", "清华大学", "北京大学", "复旦大学", "上海交通大学", "浙江大学",
    "同济大学", "南京航空航天大学", "南京理工大学", "河海大学", "中国科学技术大学", "西安交通大学",
    "哈尔滨工业大学", "华中科技大学", "武汉大学", "中山大学", "四川大学", "吉林大学", "天津大学",
    "北京航空航天大学", "北京理工大学", "华东师范大学", "江南大学", "南京医科大学", "苏州科技大学",
    "常熟理工学院", "西交利物浦大学", "中国人民大学", "厦门大学", "山东大学", "电子科技大学", "东北大学",
]
GOV_SUFFIXES = ["人民政府", "科技局", "工业和信息化局", "发展和改革委员会", "商务局"]
ZONE_GOV_SUFFIX = "管委会"


@dataclass(frozen=True)
class Org:
    name: str
    kind: str
    district: str


@dataclass(frozen=True)
class Place:
    name: str
    level: str
    parent: str | None
    short: str | None = None


def all_places() -> list[Place]:
    out = [Place(*CITY)]
    out += [Place(*c) for c in COUNTIES]
    out += [Place(name, "zone", parent) for name, parent in ZONES]
    out += [Place(name, "town", parent) for name, parent in TOWNS]
    out += [Place(name, "city", None, short) for name, short in OUTSIDE]
    return out


def brands() -> list[str]:
    return [a + b for a in BRAND_FIRST for b in BRAND_SECOND if a != b]


class Universe:
    """A fixed population of organisations with Zipf-like popularity (a few are everywhere)."""

    def __init__(self, n_orgs: int = 20000, seed: int = SEED) -> None:
        rng = random.Random(seed)
        self.places = all_places()
        suzhou = [p for p in self.places if p.name == "苏州市" or p.parent is not None]
        self.suzhou_places = suzhou
        self.local_units = [p for p in suzhou if p.level in ("county", "district", "zone")]
        self.towns = [p for p in suzhou if p.level == "town"]
        self.brand_pool = brands()
        self.parent_of = {p.name: p.parent for p in self.places}
        orgs: list[Org] = []
        seen: set[str] = set()
        for u in UNIVERSITIES:
            seen.add(u)
            orgs.append(Org(u, "University", "苏州市"))
        for unit in self.local_units:
            for suffix in (GOV_SUFFIXES if unit.level != "zone" else [ZONE_GOV_SUFFIX, "科技局"]):
                name = unit.name + suffix
                seen.add(name)
                orgs.append(Org(name, "Government", unit.name))
        kinds = ["Enterprise"] * 62 + ["ResearchInstitute"] * 14 + ["Incubator"] * 14 + ["Association"] * 10
        attempts = 0
        while len(orgs) < n_orgs and attempts < n_orgs * 20:
            attempts += 1
            kind = rng.choice(kinds)
            place = rng.choice(self.local_units + self.towns)
            unit = place if place.level != "town" else next(p for p in self.local_units if p.name == place.parent)
            name = self._name(rng, kind, unit)
            if name in seen:
                continue
            seen.add(name)
            orgs.append(Org(name, kind, place.name))
        self.orgs = orgs
        # Popularity: weight 1/(rank+10) over a shuffled order, universities and governments near the top.
        order = list(range(len(orgs)))
        rng.shuffle(order)
        head = [i for i in range(len(orgs)) if orgs[i].kind in ("University", "Government")]
        head_set = set(head)
        rank = head + [i for i in order if i not in head_set]
        weights = [0.0] * len(orgs)
        for r, i in enumerate(rank):
            weights[i] = 1.0 / (r + 10)
        self._cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            self._cum.append(total)
        self._by_kind: dict[str, list[int]] = {}
        self._by_district: dict[str, list[int]] = {}
        for i, org in enumerate(orgs):
            self._by_kind.setdefault(org.kind, []).append(i)
            if org.kind != "University":
                self._by_district.setdefault(org.district, []).append(i)
                parent = self.parent_of.get(org.district)
                if parent and parent != "苏州市":
                    self._by_district.setdefault(parent, []).append(i)

    def _name(self, rng: random.Random, kind: str, unit: Place) -> str:
        brand = rng.choice(self.brand_pool)
        industry = rng.choice(INDUSTRIES)
        prefix = rng.choice(["苏州", "江苏", "", "", (unit.short or unit.name)])
        if kind == "Enterprise":
            return f"{prefix}{brand}{industry}{rng.choice(ENTERPRISE_SUFFIXES)}"
        if kind == "ResearchInstitute":
            if rng.random() < 0.3:
                uni = rng.choice(UNIVERSITIES)
                return f"{uni}{unit.short or '苏州'}{rng.choice(['研究院', '创新研究院', '技术研究院'])}"
            return f"{prefix}{brand}{rng.choice(FIELDS)}{rng.choice(RESEARCH_SUFFIXES)}"
        if kind == "Incubator":
            if rng.random() < 0.3:
                return f"{unit.short or unit.name}{rng.choice(FIELDS)}{rng.choice(INCUBATOR_SUFFIXES)}"
            return f"{brand}{rng.choice(INCUBATOR_SUFFIXES)}"
        # Association
        return f"{rng.choice(['苏州市', unit.name, '江苏省'])}{rng.choice(FIELDS)}{rng.choice(ASSOCIATION_SUFFIXES)}"

    def pick(self, rng: random.Random, kind: str | None = None) -> Org:
        if kind is not None:
            return self.orgs[rng.choice(self._by_kind[kind])]
        x = rng.random() * self._cum[-1]
        return self.orgs[bisect.bisect_left(self._cum, x)]

    def pick_in(self, rng: random.Random, district: str) -> Org:
        """An organisation of that district (or of one of its towns), uniformly."""
        pool = self._by_district.get(district)
        if not pool:
            return self.pick(rng)
        return self.orgs[rng.choice(pool)]
