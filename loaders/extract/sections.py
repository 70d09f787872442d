"""Document structure: table-of-contents lines, headings, and the place each section is about.

Reports and yearbooks arrange their news by place ("七、相城区" … "八、姑苏区"); plans and
notices are about the place that issues them (苏州市相城区“十四五”规划). The *scope* of a sentence
is the most specific place of its enclosing headings, else the document's subject place. It
completes what sentences leave implicit: which 高新区 a bare 高新区 is, and where an institute
described in that section sits.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from innograph.loaders.extract.lexicon import Lexicon

# Table-of-contents entries: dot leaders or a tab before a page number at the end of the line.
TOC_RE = re.compile(r"(?:\.{2,}|…{2,}|·{3,}|-{4,}|_{4,}|\t)\s*\d{1,4}\s*$")
_CN = "一二三四五六七八九十百"
# Heading markers and their depth: 第一章 (0), 一、 (1), （一） (2), 1. (3).
_MARKERS = [
    (0, re.compile(rf"第[{_CN}\d]+[章篇部编]")),
    (1, re.compile(rf"[{_CN}]+[、．.]")),
    (2, re.compile(rf"[（(][{_CN}\d]+[）)]")),
    (3, re.compile(r"\d{1,2}[.．、](?!\d)")),
]
_LEAD_RE = re.compile(r"^(?:#{1,6}\s*)?(?:<b>|\*\*)?\s*")
MAX_HEADING = 48
SCOPE_LEVELS = ("county", "district", "zone", "town")
_RANK = {"city": 1, "county": 2, "district": 2, "zone": 3, "town": 4}


def is_toc(text: str) -> bool:
    """Whether a line is a table-of-contents entry (``（五）…在相城成立.....	30``)."""
    return bool(TOC_RE.search(text))


def heading_level(text: str, whole_line: bool) -> int | None:
    """The depth of a heading line, or None for body text."""
    if not whole_line or len(text) > MAX_HEADING:
        return None
    body = _LEAD_RE.sub("", text)
    if body.endswith(("。", "；", "，")) or "。" in body[:-1]:
        return None
    for level, rx in _MARKERS:
        if rx.match(body):
            return level
    if text.startswith("#"):
        return 1
    return None


@lru_cache(maxsize=4096)
def _ancestors(lex_id: int, canon: str) -> tuple[str, ...]:
    from innograph.loaders.extract.lexicon import lexicon

    lex = lexicon()
    out = []
    entry = lex.places.get(canon)
    parent = entry.parent if entry else None
    while parent and len(out) < 8:
        out.append(parent)
        entry = lex.places.get(parent)
        parent = entry.parent if entry else None
    return tuple(out)


class Places:
    """Ancestry of the places of one document (dictionary places and the zones the grammar found)."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.extra_parent: dict[str, str] = {}

    def note(self, canon: str, parent: str | None) -> None:
        if canon and parent and canon not in self.lex.places:
            self.extra_parent.setdefault(canon, parent)

    def parent(self, canon: str) -> str | None:
        entry = self.lex.places.get(canon)
        return entry.parent if entry else self.extra_parent.get(canon)

    def ancestors(self, canon: str) -> tuple[str, ...]:
        if canon in self.lex.places:
            return _ancestors(id(self.lex), canon)
        parent = self.extra_parent.get(canon)
        return (parent, *self.ancestors(parent)) if parent else ()

    def within(self, inner: str, outer: str) -> bool:
        """Whether ``inner`` is ``outer`` or lies inside it."""
        return inner == outer or outer in self.ancestors(inner)

    def level(self, canon: str) -> str | None:
        entry = self.lex.places.get(canon)
        if entry:
            return entry.level
        return "zone" if canon in self.extra_parent else None

    def rank(self, canon: str) -> int:
        return _RANK.get(self.level(canon) or "", 0)


class Scopes:
    """The stack of headings seen so far and the place each names."""

    def __init__(self, places: Places, subject: str | None):
        self.places = places
        self.subject = subject
        self.stack: list[tuple[int, str | None]] = []

    def current(self) -> str | None:
        for _level, place in reversed(self.stack):
            if place:
                return place
        return self.subject

    def heading(self, level: int, named: list[str]) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        outer = self.current()
        place = None
        named = [p for p in named if self.places.rank(p) >= 1]
        if named:
            inside = [p for p in named if outer and self.places.within(p, outer)]
            pool = inside or named
            place = max(pool, key=lambda p: (self.places.rank(p), -pool.index(p)))
        self.stack.append((level, place))


def document_subject(title: str, place_canons: list[str], title_places: list[str], places: Places) -> str | None:
    """The place a document is about: the most specific place of its title, else the place that
    clearly dominates its mentions."""
    ranked = [p for p in title_places if places.rank(p) >= 1]
    if ranked:
        return max(ranked, key=places.rank)
    counts = Counter(p for p in place_canons if places.level(p) in SCOPE_LEVELS)
    total = sum(counts.values())
    if not counts:
        return None
    top, n = counts.most_common(1)[0]
    if n >= 5 and n * 2 >= total:
        return top
    return None
