"""Dates of events: from the sentence, completed by the document's context.

>>> resolve_date("1月16日，开园仪式举行", "2021-03")
'2021-01-16'
>>> resolve_date("2021年3月，园区签约", None)
'2021-03'
>>> resolve_date("近日，揭牌", "2021-03") is None
True
>>> resolve_date("2020年6月 30日，实验室揭牌", None)
'2020-06-30'
"""

from __future__ import annotations

import re

_CN = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
DATE_RE = re.compile(
    rf"(?:(?P<y>(?:19|20)\d{{2}}|[〇○零一二三四五六七八九]{{4}})\s*年\s*)?(?P<m>{_NUM})\s*月\s*(?:(?P<d>{_NUM})\s*[日号])?"
    rf"|(?P<y2>(?:19|20)\d{{2}})[-/.](?P<m2>\d{{1,2}})[-/.](?P<d2>\d{{1,2}})"
)
YEAR_RE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年(?!度?\s*[\d一二三四五六七八九十]+\s*月)")


def _num(tok: str | None) -> int | None:
    if not tok:
        return None
    if tok.isdigit():
        return int(tok)
    if "十" in tok:
        hi, _, lo = tok.partition("十")
        return (_CN.get(hi, 1) if hi else 1) * 10 + (_CN.get(lo, 0) if lo else 0)
    v = 0
    for ch in tok:
        if ch not in _CN:
            return None
        v = v * 10 + _CN[ch]
    return v


def context_year(doc_date: str | None) -> int | None:
    if doc_date and re.match(r"^\d{4}", doc_date):
        return int(doc_date[:4])
    return None


def find_dates(text: str, doc_date: str | None, year_hint: int | None = None) -> list[tuple[int, int, str]]:
    """Every date in ``text`` as (start, end, YYYY-MM[-DD]); the year defaults to the hint or the document's."""
    out = []
    default_year = year_hint or context_year(doc_date)
    for m in DATE_RE.finditer(text):
        if m.group("y2"):
            y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        else:
            y = _num(m.group("y")) if m.group("y") else None
            mo = _num(m.group("m"))
            d = _num(m.group("d"))
            if y is None:
                # "2021年度3月" style handled above; otherwise the year comes from the context
                y = default_year
                if y and doc_date and len(doc_date) >= 7 and mo and int(doc_date[5:7]) < mo and default_year == context_year(doc_date) and not year_hint:
                    # a month after the document's date in the same year: most likely last year
                    y -= 1
        if not y or not mo or not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
            continue
        out.append((m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}" if d else f"{y:04d}-{mo:02d}"))
    return out


def resolve_date(text: str, doc_date: str | None, year_hint: int | None = None) -> str | None:
    """The first date of a sentence, completed by context; None when the text gives none (近日)."""
    dates = find_dates(text, doc_date, year_hint)
    return dates[0][2] if dates else None


def year_in(text: str) -> int | None:
    m = YEAR_RE.search(text)
    return int(m.group("y")) if m else None
