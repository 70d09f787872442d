"""Search-as-you-type suggestions: Chinese names and aliases, pinyin and pinyin initials.

``nj`` or ``njhk`` finds 南京航空航天大学, ``xiangcheng`` finds 相城区, 南航 finds it by alias. Pinyin
comes from pypinyin (phrase-aware, so 银行 reads yinhang); it is computed lazily, only for ASCII
queries, and cached per name, so a rebuilt projection only converts names it has not seen.

>>> from innograph.graph.model import Node
>>> from innograph.graph.projection import build_projection
>>> from innograph.graph.store import Subgraph
>>> g = build_projection(Subgraph(nodes=[
...     Node(id="org:南京航空航天大学", labels=["Organization", "University"],
...          properties={"name": "南京航空航天大学", "aliases": ["南航"]}),
...     Node(id="place:相城区", labels=["District"], properties={"name": "相城区"})]))
>>> [r["name"] for r in suggestions(g, "南航")]
['南京航空航天大学']
>>> [r["matched"] for r in suggestions(g, "njhk")] if pinyin_available() else ["initials"]
['initials']
"""

from __future__ import annotations

import re
import threading
import unicodedata
import weakref
from dataclasses import dataclass

import networkx as nx

from innograph.graph.ontology import ENTITY_TYPES, LABEL_ZH
from innograph.viz.network import node_type

_ASCII = re.compile(r"^[a-z0-9 '\-]+$")
_cache_lock = threading.Lock()
_pinyin_cache: dict[str, tuple[str, str]] = {}
_indexes: "weakref.WeakKeyDictionary[nx.MultiDiGraph, list[_Entry]]" = weakref.WeakKeyDictionary()
PINYIN_CACHE_MAX = 200_000


@dataclass
class _Entry:
    id: str
    name: str
    aliases: list[str]
    type: str
    degree: int
    keys: list[str]  # normalised name and aliases, name first


def pinyin_available() -> bool:
    try:
        import pypinyin  # noqa: F401
    except ImportError:
        return False
    return True


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().strip()


def _pinyin(text: str) -> tuple[str, str]:
    """(full pinyin without tones or spaces, initials), both lower case; ASCII runs kept as they are."""
    with _cache_lock:
        hit = _pinyin_cache.get(text)
    if hit is not None:
        return hit
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    full = "".join(s.lower() for s in syllables)
    initials = "".join(s[0].lower() if s[:1].isascii() and len(s) < 8 and _is_han_syllable(s) else s.lower()
                       for s in syllables if s.strip())
    value = (re.sub(r"[^a-z0-9]", "", full), re.sub(r"[^a-z0-9]", "", initials))
    with _cache_lock:
        if len(_pinyin_cache) >= PINYIN_CACHE_MAX:
            _pinyin_cache.clear()
        _pinyin_cache[text] = value
    return value


def _is_han_syllable(s: str) -> bool:
    # lazy_pinyin returns non-Han runs unchanged (e.g. "ABC"): keep those whole, take a letter of syllables
    return s.isalpha() and s.islower()


def _index(g: nx.MultiDiGraph) -> list[_Entry]:
    with _cache_lock:
        hit = _indexes.get(g)
    if hit is not None:
        return hit
    entries = []
    for n, data in g.nodes(data=True):
        node = data["node"]
        kind = node_type(node)
        if kind not in ENTITY_TYPES:
            continue
        aliases = [str(a) for a in node.properties.get("aliases") or [] if a]
        entries.append(_Entry(id=n, name=node.name, aliases=aliases, type=kind, degree=g.degree(n),
                              keys=[_norm(node.name), *(_norm(a) for a in aliases)]))
    with _cache_lock:
        _indexes[g] = entries
    return entries


def suggestions(g: nx.MultiDiGraph, q: str, *, types: list[str] | None = None, limit: int = 10) -> list[dict]:
    """The best ``limit`` entities for what was typed, best first, each saying how it matched."""
    query = _norm(q)
    if not query:
        return []
    compact = query.replace(" ", "").replace("'", "").replace("-", "")
    ascii_query = bool(_ASCII.match(query)) and pinyin_available()
    wanted = set(types) if types else None
    scored = []
    for e in _index(g):
        if wanted and e.type not in wanted:
            continue
        best = None
        for i, key in enumerate(e.keys):
            field = "name" if i == 0 else "alias"
            if key == query:
                rank = 0 if i == 0 else 1
            elif key.startswith(query):
                rank = 2 if i == 0 else 3
            elif query in key:
                rank = 4 if i == 0 else 5
            else:
                continue
            if best is None or rank < best[0]:
                best = (rank, field if i == 0 else f"alias:{e.aliases[i - 1]}")
        if best is None and ascii_query and len(compact) >= 1:
            for i, text in enumerate([e.name, *e.aliases]):
                full, initials = _pinyin(text)
                if initials.startswith(compact):
                    rank = 6
                elif full.startswith(compact):
                    rank = 7
                elif len(compact) >= 2 and compact in initials:
                    rank = 8
                elif len(compact) >= 3 and compact in full:
                    rank = 9
                else:
                    continue
                rank += 0.5 * (i > 0)
                what = "initials" if rank in (6, 8, 6.5, 8.5) else "pinyin"
                if best is None or rank < best[0]:
                    best = (rank, what)
        if best is not None:
            scored.append((best[0], -e.degree, len(e.name), e.name, e, best[1]))
    scored.sort(key=lambda s: s[:4])
    out = []
    for rank, _, _, _, e, matched in scored[:limit]:
        out.append({"id": e.id, "name": e.name, "type": e.type, "type_zh": LABEL_ZH.get(e.type, e.type),
                    "aliases": e.aliases, "degree": e.degree, "matched": matched})
    return out
