"""Stable node ids: the same canonical entity in any document gets the same id.

>>> org_id("平安科技(深圳)有限公司")
'org:平安科技（深圳）有限公司'
>>> place_id("相城区")
'place:相城区'
>>> doc_id("data/seeds/000_664c25d17c0e77a8.txt")
'doc:000_664c25d17c0e77a8'
>>> event_id("signing", "2021-02-27", ["苏州工业园区管理委员会", "山东大学"]) == event_id("signing", "2021-02-27", ["山东大学", "苏州工业园区管理委员会"])
True
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
import unicodedata
from pathlib import PurePath

# Zero-width and formatting characters that OCR and copy-paste leave inside names.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """Unify width and punctuation so full- and half-width spellings of a name coincide.

    NFKC folds full-width Latin letters and digits to ASCII; Chinese brackets are kept
    full-width because that is how Chinese legal names are written.

    >>> normalize_name("ＡＢＣ科技（苏州）有限公司")
    'ABC科技（苏州）有限公司'
    >>> normalize_name("中科院\u200b苏州纳米所")
    '中科院苏州纳米所'
    """
    text = _INVISIBLE.sub("", name)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("(", "（").replace(")", "）")
    text = _WS.sub("", text) if _is_mostly_cjk(text) else _WS.sub(" ", text).strip()
    return text


def _is_mostly_cjk(text: str) -> bool:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk * 2 >= len(text.replace(" ", "")) if text else False


def org_id(name: str) -> str:
    return "org:" + normalize_name(name)


def place_id(name: str) -> str:
    return "place:" + normalize_name(name)


def doc_id(path: str | PurePath) -> str:
    """A document's id is its file name without extension: a changed file keeps its id."""
    return "doc:" + PurePath(path).stem


def event_id(kind: str, date: str | None, parties: list[str]) -> str:
    """One id per ceremony: kind, date and the set of parties, whatever sentence described it."""
    key = "|".join([kind, date or "", *sorted(set(parties))])
    return f"event:{kind}:{date or 'undated'}:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
