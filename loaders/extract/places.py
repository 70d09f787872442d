"""Places: dictionary lookup of administrative divisions, Suzhou zones and foreign cities, plus the
generic zone grammar (X高新区, X经开区, X片区 ...) and composition of adjacent names (北京市朝阳区).
"""

from __future__ import annotations

import re

from innograph.loaders.extract.grammar import BOUNDARY_RE as _BOUNDARY_RE
from innograph.loaders.extract.lexicon import Lexicon
from innograph.loaders.extract.mentions import Mention

# A known place followed by a zone head noun is a functional zone of that place.
ZONE_HEADS = ("高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|度假区|示范区|合作区|保税区|综合保税区|"
              "自贸片区|片区|新城|新区|港区|科教城|科技城|商务区|工业园区|产业园区|科学城")
_ZONE_TAIL_RE = re.compile(rf"(?:[\u4e00-\u9fff]{{0,4}}?)(?:{ZONE_HEADS})(?:（筹）|\(筹\))?")
# Characters after a short form that show it is part of a longer word, not a place.
_SHORT_NEXT_BAD = set("大学院所")
SHORT_PREV_OK = set("与和及同在由的对向把将给跟、，。；：“”《（(【 \t\n赴至到从于是为") | set("托合手接进访约署建助持请自落户市区省")

# Suzhou's levels below the city, to order "most recent place of a kind".
LEVEL_RANK = {"country": 0, "province": 1, "city": 2, "county": 3, "district": 3, "zone": 4, "town": 5}


def find_places(text: str, offset: int, sentence: int, lex: Lexicon,
                matches: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Place mentions of one sentence (``offset`` = the sentence's start in the document).

    ``matches`` are the dictionary matches (relative spans) when the caller scanned the whole text.
    """
    out: list[Mention] = []
    prev_end = -1
    spans = matches if matches is not None else lex.place_spans(text)
    for s, e in spans:
        if out and s < out[-1].end - offset:
            continue            # inside a zone the grammar composed (张家港高新区)
        surface = text[s:e]
        canon = lex.place_alias.get(surface)
        context = surface in lex.context_alias and canon is None
        if canon is None and not context:
            continue
        entry = lex.places.get(canon) if canon else None
        # Short forms (no administrative suffix) need a clean left boundary and no name continuation.
        is_short = entry is None or surface != entry.name
        if is_short and len(surface) <= 2:
            prev = text[s - 1] if s > 0 else " "
            city_level = entry is not None and entry.level in ("city", "province")
            if not city_level and "\u4e00" <= prev <= "\u9fff" and prev not in SHORT_PREV_OK and s != prev_end:
                continue
            nxt = text[e] if e < len(text) else ""
            if nxt in _SHORT_NEXT_BAD:
                continue
        level = entry.level if entry else "zone"
        if entry and entry.level in ("province",):
            level = "province"
        mention = Mention(offset + s, offset + e, surface, "District", sentence, "dict:place",
                          0.9 if not is_short else 0.8, canonical=canon or "", level=level,
                          parent=entry.parent if entry else None)
        if context:
            mention.rule = "dict:place.context"
        # Generic zone grammar: a known place followed by a zone head (相城高新区, 张家港高新区).
        if entry and level in ("city", "county", "district", "town") and not context:
            z = _ZONE_TAIL_RE.match(text, e)
            filler = text[e:z.end()] if z else ""
            if z and (any(e < s2 < z.end() and e2 >= z.end() and text[s2:e2] not in lex.context_alias for s2, e2 in spans)
                      or _BOUNDARY_RE.search(filler[:-2] if len(filler) > 2 else "")):
                z = None        # 苏州市支持苏州自贸片区: the filler holds a verb or another place
            if z and z.end() > e:
                zone = text[s:z.end()]
                known = lex.place_alias.get(zone)
                if known:
                    ke = lex.places[known]
                    mention = Mention(offset + s, offset + z.end(), zone, "District", sentence, "dict:place", 0.9,
                                      canonical=known, level=ke.level, parent=ke.parent)
                else:
                    mention = Mention(offset + s, offset + z.end(), zone, "District", sentence, "grammar:zone", 0.7,
                                      canonical=zone, level="zone", parent=canon)
        out.append(mention)
        prev_end = e
    return _compose(out, text, offset, lex)


def _compose(mentions: list[Mention], text: str, offset: int, lex: Lexicon) -> list[Mention]:
    """Join adjacent parent+child names: 苏州市相城区 -> 相城区 (alias), 北京市朝阳区 -> 北京市朝阳区."""
    out: list[Mention] = []
    for m in mentions:
        if out:
            prev = out[-1]
            if prev.end == m.start and prev.canonical and m.canonical and _is_ancestor(prev.canonical, m, lex):
                child_entry = lex.places.get(m.canonical)
                surface = prev.surface + m.surface
                in_suzhou = _is_ancestor("苏州市", m, lex) or m.canonical == "苏州市"
                canon = m.canonical if (in_suzhou or (child_entry and child_entry.level == "zone")) else surface
                out[-1] = Mention(prev.start, m.end, surface, "District", m.sentence, "dict:place.compound", 0.9,
                                  canonical=canon, level=m.level, parent=prev.canonical)
                continue
        out.append(m)
    return out


def _is_ancestor(anc: str, m: Mention, lex: Lexicon) -> bool:
    parent = m.parent
    seen = 0
    while parent and seen < 6:
        if parent == anc:
            return True
        entry = lex.places.get(parent)
        parent = entry.parent if entry else None
        seen += 1
    return False
