"""Canonical names: one node per real entity, within and across documents.

* places: dictionary canonical names; context short forms (园区, 高新区) resolve to the nearest
  earlier place of that kind in the document, else to the dictionary default;
* organisations: width/brackets unified (normalize_name), government abbreviations expanded
  (科技局 -> 科学技术局, 管委会 -> 管理委员会, X市政府 -> X市人民政府), relative prefixes resolved
  (省科技厅 -> 江苏省科学技术厅, 园区管委会 -> 苏州工业园区管理委员会), redundant parent places
  dropped (苏州市相城区人民政府 -> 相城区人民政府), dictionary short forms mapped (南航 ->
  南京航空航天大学), and in-document short forms of full legal names found (亿咖通 ->
  湖北亿咖通科技有限公司).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from innograph.graph.ids import normalize_name
from innograph.loaders.extract import grammar as g
from innograph.loaders.extract.lexicon import Lexicon, trie_regex
from innograph.loaders.extract.mentions import Mention

_GOV_SUFFIX_FIX = [(re.compile(r"^(.+?(市|区|县))委(?:\2)?(?:人民)?政府$"), r"\1人民政府"),   # 相城区委区政府
                   (re.compile(r"(市|区|县|镇)政府$"), r"\1人民政府")]
_LEGAL_TAIL_RE = re.compile(
    r"(?:（[^（）]{1,6}）)?(?:(?:科技|技术|信息技术|智能科技|生物科技|医药科技|网络科技|数字科技|电子|实业|投资|发展|控股|"
    r"创业投资|投资管理|管理|咨询|服务|环保科技|新材料|医疗科技|生物医药|软件|制药|药业)?"
    r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团股份有限公司|集团))$"
)


@dataclass
class Entity:
    canonical: str
    label: str
    mentions: list[Mention] = field(default_factory=list)
    level: str | None = None
    parent: str | None = None
    label_votes: dict[str, float] = field(default_factory=dict)

    @property
    def is_place(self) -> bool:
        return self.label == "District"

    def surfaces(self) -> list[str]:
        out = []
        for m in self.mentions:
            s = normalize_name(m.surface)
            if s != self.canonical and s not in out:
                out.append(s)
        return out


class Resolver:
    """Per-document resolution state: what was named so far, for context short forms."""

    def __init__(self, lex: Lexicon, home_city: str = "苏州市", home_province: str = "江苏省"):
        self.lex = lex
        self.home_city = home_city
        self.home_province = home_province
        self.recent: list[tuple[int, str, str]] = []     # (position, canonical place, level)
        self.later: list[tuple[int, str]] = []            # full place names of the whole document
        self.scope: str | None = None                     # the place the current section is about
        self.scope_ancestors: tuple[str, ...] = ()

    def prescan(self, text: str, spans: list[tuple[int, int]] | None = None) -> None:
        """Full place names of the whole document, for short forms used before the full name."""
        if spans is None:
            spans = [m.span() for m in self.lex.place_re.finditer(text)]
        for s, e in spans:
            canon = self.lex.place_alias.get(text[s:e])
            if canon:
                self.later.append((s, canon))

    # -- places --------------------------------------------------------------------------------
    def resolve_short(self, surface: str) -> str:
        """The place a context short form (园区, 高新区, 经开区) stands for here."""
        probe = Mention(0, 0, surface, "District", 0, "probe")
        self._choose(probe)
        return probe.canonical

    def resolve_place(self, m: Mention) -> None:
        if not m.canonical:
            self._choose(m)
        if m.level in ("city", "county", "district", "zone", "town"):
            self.recent.append((m.start, m.canonical, m.level))

    def _fits(self, canon: str, short: str) -> bool:
        """Whether the place ``canon`` can be what the context short form ``short`` stands for."""
        if not canon or canon == short:
            return False
        entry = self.lex.places.get(canon)
        if entry is not None and short in entry.context_aliases:
            return True
        if entry is not None and entry.level != "zone":
            return False
        if short in ("高新区", "高新"):
            return "高新" in canon
        if short == "经开区":
            return "经开区" in canon or "经济技术开发区" in canon
        if short in ("园区", "工业园区"):
            return canon.endswith("工业园区")
        return canon.endswith(short)

    def _choose(self, m: Mention) -> None:
        short = m.surface
        cands = self.lex.context_alias.get(short, [])
        chosen = None
        # 1. the place the section is about, or one of its zones (高新区 in a section on 太仓 is 太仓高新区)
        if self.scope:
            if self._fits(self.scope, short):
                chosen = self.scope
            else:
                for area in (self.scope, *self.scope_ancestors):
                    kids = [c for c in zones_of(self.lex, area) if self._fits(c, short)]
                    if len(kids) == 1:
                        chosen = kids[0]
                        break
                    if kids:
                        break
        # 2. the nearest earlier place of that kind, 3. a later one, 4. the dictionary default
        if chosen is None:
            for _pos, canon, _lvl in reversed(self.recent):
                if self._fits(canon, short):
                    chosen = canon
                    break
        if chosen is None:
            for _pos, canon in self.later:
                if self._fits(canon, short):
                    chosen = canon
                    break
        if chosen is None and cands:
            chosen = cands[0]
        m.canonical = chosen or short
        entry = self.lex.places.get(m.canonical)
        if entry:
            m.level, m.parent = entry.level, entry.parent

    def nearest_place(self) -> str | None:
        for _pos, canon, lvl in reversed(self.recent[-8:]):
            if lvl in ("city", "county", "district", "zone"):
                return canon
        return None

    def nearest(self, suffix: str) -> str | None:
        """The latest place named X市 / X区 / X县 (区: a district before a functional zone)."""
        levels = {"市": ("city", "county"), "区": ("district",), "县": ("county",), "镇": ("town",)}.get(suffix)
        for _pos, canon, lvl in reversed(self.recent):
            if canon.endswith(suffix) and lvl != "province" and (levels is None or lvl in levels):
                return canon
        for _pos, canon, lvl in reversed(self.recent):
            if canon.endswith(suffix) and lvl != "province":
                return canon
        return None

    # -- organisations -------------------------------------------------------------------------
    def resolve_org(self, m: Mention) -> None:
        if m.canonical:
            return
        name = normalize_name(getattr(m, "surface_prefix", "") + (m.name_form or m.surface))
        entry = self.lex.org(name)
        if entry:
            m.canonical, m.label = entry.name, entry.kind
            return
        name = self._expand_prefix(name)
        if m.label == "Government" and not self.lex.place_re.match(name) and not self.lex.org(name) \
                and is_bare_department(name):
            # a bare department (城乡发展局, 商务局): the department of the place in context
            near = self.scope or self.nearest_place()
            if name in ("管委会", "管理委员会"):
                # a management committee governs a zone: without one in context it names nothing here
                entry = self.lex.places.get(near or "")
                if not near or (entry is not None and entry.level != "zone"):
                    m.canonical = ""
                    return
            if near and not name.startswith(("国家", "中国", "国务院")):
                name = near + name
        m.expanded = name  # type: ignore[attr-defined]
        for pattern, repl in _GOV_SUFFIX_FIX:
            name = pattern.sub(repl, name)
        for short, full in g.DEPT_CANON:
            if name.endswith(short):
                name = name[: -len(short)] + full
                break
        entry = self.lex.org(name)
        if entry:
            m.canonical, m.label = entry.name, entry.kind
            return
        m.canonical = name

    def _expand_prefix(self, name: str) -> str:
        # Context short form of a place at the start: 园区管委会, 高新区科技创新局.
        for short in sorted(self.lex.context_alias, key=len, reverse=True):
            if name.startswith(short) and len(name) > len(short) + 1:
                rest = name[len(short):]
                return self.resolve_short(short) + rest
        # Relative prefix: 省科技厅, 市科协, 区政府.
        rm = g.RELATIVE_PREFIX_RE.match(name)
        if rm:
            rel = rm.group(1)
            rest = name[1:]
            if rest.startswith(("级", "属", "内", "外", "直", "各")) or (rest.startswith("委") and rest not in ("委办",)):
                return name
            if rel == "省":
                return self.home_province + rest
            # the city/district of the section first (市发改委 in a section on 姑苏区 is 苏州市's)
            for area in ((self.scope, *self.scope_ancestors) if self.scope else ()):
                entry = self.lex.places.get(area)
                if area.endswith(rel) and entry is not None and entry.level in _RELATIVE_LEVELS[rel]:
                    return area + rest
            if rel == "市":
                return (self.nearest("市") or self.home_city) + rest
            if rel in ("区", "县", "镇"):
                near = self.nearest(rel)
                if near:
                    return near + rest
            return name
        # Redundant parent: 苏州市相城区人民政府 -> 相城区人民政府.
        m = self.lex.place_re.match(name)
        if m:
            first = self.lex.place_alias.get(m.group())
            # a county-level city's short form before its government: 常熟政府 -> 常熟市政府
            rest = name[m.end():]
            if first and m.group() != first and first.startswith(m.group()) and rest in ("政府", "人民政府"):
                return first + rest
            m2 = self.lex.place_re.match(name, m.end())
            if first and m2:
                second = self.lex.place_alias.get(m2.group())
                entry = self.lex.places.get(second) if second else None
                if entry and entry.parent == first and m2.group() == entry.name and first == self.home_city:
                    return name[m.end():]
        return name


_RELATIVE_LEVELS = {"省": ("province",), "市": ("city", "county"), "区": ("district",), "县": ("county",), "镇": ("town",)}
_ZONES: dict[int, dict[str, list[str]]] = {}


def zones_of(lex: Lexicon, parent: str) -> list[str]:
    """The functional zones (and their sub-zones) the dictionary places under ``parent``."""
    index = _ZONES.get(id(lex))
    if index is None:
        index = {}
        for name, entry in lex.places.items():
            if entry.level == "zone" and entry.parent:
                index.setdefault(entry.parent, []).append(name)
        _ZONES.clear()
        _ZONES[id(lex)] = index
    return index.get(parent, [])


def is_bare_department(name: str) -> bool:
    """A department named without its place (城乡发展局, 科技创新局, 商务局): generic words and a head."""
    m = g.SUFFIX_RE.search(name)
    while m and m.end() != len(name):
        m = g.SUFFIX_RE.search(name, m.start() + 1)
    if not m:
        return False
    stem = name[: m.start()]
    return not stem or bool(g.GENERIC_RE.fullmatch(stem))


def short_keys(full: str, lex: Lexicon) -> list[str]:
    """In-document short forms of a full legal name: 湖北亿咖通科技有限公司 -> 亿咖通."""
    keys = []
    base = _LEGAL_TAIL_RE.sub("", full)
    if base == full:
        return keys
    m = lex.place_re.match(base)
    if m and len(base) - m.end() >= 2:
        core = base[m.end():]
        # repeated prefixes: 苏州工业园区城市重建 -> 城市重建
        m2 = lex.place_re.match(core)
        if m2 and len(core) - m2.end() >= 2:
            core = core[m2.end():]
        keys.append(core)
    elif len(base) >= 2 and base != full:
        keys.append(base)
    return [k for k in keys if len(k) >= 2 and not g.GENERIC_RE.fullmatch(k)]


def short_form_regex(keys: dict[str, str]) -> re.Pattern | None:
    if not keys:
        return None
    return re.compile(trie_regex(set(keys)))
