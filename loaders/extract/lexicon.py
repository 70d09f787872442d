"""Dictionaries as data: loading the TSV files of ``loaders/dictionaries/`` and fast lookup.

Every dictionary is compiled once into a trie-shaped regular expression (one pass over a
sentence finds every leftmost-longest entry, no per-entry loop), and cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from innograph.graph.ids import normalize_name

DICT_DIR = Path(__file__).resolve().parents[1] / "dictionaries"


def trie_regex(words: list[str] | set[str]) -> str:
    """A regex source matching any of ``words``, longest first, built as a character trie.

    >>> import re
    >>> rx = re.compile(trie_regex(["苏州", "苏州市", "苏州工业园区"]))
    >>> [m.group() for m in rx.finditer("苏州市和苏州工业园区、苏州")]
    ['苏州市', '苏州工业园区', '苏州']
    """
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        children = [(ch, sub) for ch, sub in node.items() if ch != ""]
        if not children:
            return ""
        singles = []
        alts = []
        for ch, sub in sorted(children):
            rest = build(sub)
            if rest == "" and "" in sub:
                singles.append(re.escape(ch))
            else:
                alts.append(re.escape(ch) + rest)
        if len(singles) == 1:
            alts.append(singles[0])
        elif singles:
            alts.append("[" + "".join(singles) + "]")
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        if end:
            body += "?"
        return body

    return build(trie)


def _first_char_guard(words) -> str:
    """A lookahead on the first characters: positions that start no word are skipped fast."""
    firsts = sorted({w[0] for w in words if w})
    return "(?=[" + "".join(re.escape(c) for c in firsts) + "])"


def _rows(name: str) -> list[list[str]]:
    path = DICT_DIR / name
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        out.append(line.rstrip("\r").split("\t"))
    return out


@dataclass
class PlaceEntry:
    name: str
    level: str               # city | county | district | zone | town | province | country
    parent: str | None
    aliases: list[str] = field(default_factory=list)
    context_aliases: list[str] = field(default_factory=list)


@dataclass
class OrgEntry:
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class Lexicon:
    places: dict[str, PlaceEntry]            # canonical name -> entry
    place_alias: dict[str, str]              # surface -> canonical (unambiguous forms)
    context_alias: dict[str, list[str]]      # short form -> candidate canonical names (default first)
    orgs: dict[str, OrgEntry]
    org_alias: dict[str, str]
    place_re: re.Pattern
    org_re: re.Pattern
    provinces: set[str]
    countries: set[str]

    def place_spans(self, text: str) -> list[tuple[int, int]]:
        """Leftmost-longest matches of every place word in ``text`` (what ``place_re.finditer``
        finds), by a scan over character pairs: one set lookup per position instead of a regex
        alternation over thousands of first characters."""
        words, bigrams, longest = self._place_index()
        out: list[tuple[int, int]] = []
        i, n = 0, len(text)
        while i < n - 1:
            if text[i:i + 2] in bigrams:
                for k in range(min(longest, n - i), 1, -1):
                    if text[i:i + k] in words:
                        out.append((i, i + k))
                        i += k
                        break
                else:
                    i += 1
            else:
                i += 1
        return out

    def _place_index(self) -> tuple[frozenset, frozenset, int]:
        index = self.__dict__.get("_pindex")
        if index is None:
            words = frozenset(self.place_alias) | frozenset(self.context_alias)
            index = (words, frozenset(w[:2] for w in words), max(map(len, words), default=2))
            self.__dict__["_pindex"] = index
        return index

    def place(self, surface: str) -> PlaceEntry | None:
        canon = self.place_alias.get(surface)
        return self.places.get(canon) if canon else None

    def org(self, surface: str) -> OrgEntry | None:
        canon = self.org_alias.get(normalize_name(surface))
        return self.orgs.get(canon) if canon else None


# City short forms that are also common words (阿里 the brand, 大同 the idiom, 来宾 the guests ...).
_CITY_SHORT_STOP = {"阿里", "大同", "安康", "白银", "长治", "来宾", "中山", "普洱", "黄山", "三明", "海东", "海北", "海南",
                    "玉树", "果洛", "阿拉善", "兴安", "通化", "吉安", "永州", "新余", "金昌", "白城", "白山", "七台河", "黑河",
                    "保山", "丽江", "林芝", "山南", "那曲", "昌都", "日喀则", "和田", "阿勒泰", "塔城", "哈密", "东方"}
_LEVEL_MAP = {"province": "province", "city": "city", "county": "county", "district": "district", "town": "town"}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    places: dict[str, PlaceEntry] = {}
    alias: dict[str, str] = {}
    ambiguous: set[str] = set()
    context: dict[str, list[str]] = {}
    provinces: set[str] = set()

    def add_alias(surface: str, canon: str, weak: bool = False) -> None:
        if not surface or surface == canon:
            return
        if surface in alias and alias[surface] != canon:
            if weak:
                return
            ambiguous.add(surface)
            return
        alias[surface] = canon

    # 1. Administrative divisions (nationwide; towns for Jiangsu only).
    suzhou_counties: set[str] = set()
    for row in _rows("divisions.tsv"):
        name, short, level, parent = (row + ["", "", "", ""])[:4]
        if name in places:
            continue
        places[name] = PlaceEntry(name, level, parent or None)
        alias[name] = name
        if level == "province":
            provinces.add(name)
            if short:
                add_alias(short, name, weak=True)
                places[name].aliases.append(short)
        elif level == "city" and short and len(short) >= 2 and short not in _CITY_SHORT_STOP:
            add_alias(short, name, weak=True)
            places[name].aliases.append(short)
        elif parent == "苏州市" and short:
            suzhou_counties.add(name)
    # 2. Suzhou places (override levels, parents, aliases).
    for row in _rows("suzhou_places.tsv"):
        name, level, parent, als = (row + ["", "", "", ""])[:4]
        entry = places.get(name) or PlaceEntry(name, level, parent or None)
        entry.level, entry.parent = level, parent or None
        places[name] = entry
        alias[name] = name
        for a in filter(None, als.split("|")):
            if a.startswith("~"):
                a = a[1:]
                context.setdefault(a, []).append(name)
                entry.context_aliases.append(a)
            else:
                alias[a] = name                 # Suzhou short forms win over national ones
                ambiguous.discard(a)
                if a not in entry.aliases:
                    entry.aliases.append(a)
    # 3. World cities (city-states and foreign cities are District level city).
    countries: set[str] = set()
    for fname in ("world_cities.tsv", "world_cities_extra.tsv"):
        for row in _rows(fname):
            city, country = (row + ["", ""])[:2]
            countries.add(country)
            if city and city not in alias and city not in places:
                places[city] = PlaceEntry(city, "city", None)
                alias[city] = city
    # Chinese municipalities and SARs: short form is what documents mostly use.
    for canon in ("上海市", "北京市", "天津市", "重庆市"):
        if canon in places:
            places[canon].level = "city"
            places[canon].parent = None
    for a in ambiguous:
        alias.pop(a, None)

    # Organisations.
    orgs: dict[str, OrgEntry] = {}
    org_alias: dict[str, str] = {}
    for fname, default_kind in (("universities.tsv", "University"), ("cas_institutes.tsv", "ResearchInstitute"),
                                ("organizations.tsv", None)):
        for row in _rows(fname):
            if default_kind:
                name, als = (row + ["", ""])[:2]
                kind = default_kind
            else:
                name, kind, als = (row + ["", "", ""])[:3]
            name = normalize_name(name)
            entry = orgs.setdefault(name, OrgEntry(name, kind))
            org_alias[name] = name
            for a in filter(None, als.split("|")):
                a = normalize_name(a)
                org_alias.setdefault(a, name)
                if a not in entry.aliases:
                    entry.aliases.append(a)

    place_words = set(alias) | set(context)
    place_re = re.compile(_first_char_guard(place_words) + trie_regex(place_words))
    org_re = re.compile(_first_char_guard(set(org_alias)) + trie_regex(set(org_alias)))
    return Lexicon(places, alias, context, orgs, org_alias, place_re, org_re, provinces, countries)
