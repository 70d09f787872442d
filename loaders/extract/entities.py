"""Organisation mentions: dictionary lookup, the suffix/head-noun grammar with boundary rules,
nested names, enumerations (A、B、C等企业) and table rows.
"""

from __future__ import annotations

import re

from innograph.graph.ids import normalize_name
from innograph.loaders.extract import grammar as g
from innograph.loaders.extract.lexicon import Lexicon
from innograph.loaders.extract.mentions import Mention
from innograph.loaders.extract.places import SHORT_PREV_OK

_MAX_NAME = 40
_CLOSE_BRACKET_RE = re.compile(r"[（(]([^（）()]{1,8})[）)]")
_BRACKET_OK = {"有限合伙", "筹", "集团", "中国", "筹建", "试行"}
# Heads after which the outer name is a branch/unit of the inner organisation and inherits its kind.
_INHERIT_HEADS = {"分院", "分中心", "办事处", "工作委员会", "专业委员会", "分行", "支行", "分公司", "服务中心", "基地",
                  "分校", "合作中心", "技术中心", "研究院", "研究中心", "创新中心"}
# Titles after an organisation that make it a person's affiliation (市委书记): party committees are
# no organisation of the ontology.
_PARTY_RE = re.compile(r"(?:市委|区委|县委|镇委|党委|党工委)$")
_LEGAL_HEADS = {"有限公司", "股份有限公司", "有限责任公司", "公司", "股份公司"}
_SUBUNIT_RE = re.compile(r"([\u4e00-\u9fff]{1,4}?)(院|所|系)(?=[、，。；：等和与及以的\s）)]|$)")
_LATIN_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9.&\- ]{1,30}[A-Za-z0-9]")


def _protected_spans(text: str, places: list[Mention], dict_orgs: list[tuple[int, int]], offset: int) -> list[tuple[int, int]]:
    spans = [(m.start - offset, m.end - offset) for m in places]
    spans.extend(dict_orgs)
    spans.extend((m.start(), m.end()) for m in g.PROTECTED_RE.finditer(text))
    return spans


def _inside(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [a, b) overlaps a protected span without covering it."""
    for s, e in spans:
        if a < e and s < b and not (a <= s and e <= b and (a, b) != (s, e)):
            if s < a or b < e:
                return True
    return False


def is_generic(name: str, head: str, places_in: list[tuple[int, int]]) -> bool:
    """A name made only of generic vocabulary (科技企业孵化器, 国家企业技术中心) names no organisation."""
    stem = name[: len(name) - len(head)] if head and name.endswith(head) else name
    if not stem:
        return True
    # Places inside the stem make it specific (苏州市科技局), except a bare province (江苏省实验室).
    for s, e in places_in:
        if s < len(stem):
            return False
    if _LATIN_NAME_RE.search(stem) or "“" in stem:
        return False
    m = g.GENERIC_RE.fullmatch(stem)
    return m is not None


def _expand_left(text: str, p: int, q: int, protected: list[tuple[int, int]], places_rel: list[tuple[int, int]],
                 head: str) -> int | None:
    """Where the name that ends with the head noun text[p:q] starts, or None for a generic phrase."""
    a = p
    while a > 0 and p - a < _MAX_NAME:
        ch = text[a - 1]
        if ch in g.HARD_STOP or not g.NAME_CHAR_RE.match(ch):
            break
        a -= 1
    window = text[a:p]
    cuts: dict[int, bool] = {a: False}          # start -> whether the cut word is a soft boundary
    for m in g.BOUNDARY_RE.finditer(window):
        cs, ce = a + m.start(), a + m.end()
        if _inside(cs, ce, protected):
            continue
        cuts[ce] = m.group() in g.SOFT_BOUNDARIES
    for start in sorted(cuts, reverse=True):
        name = text[start:q]
        rel = [(s - start, e - start) for s, e in places_rel if s >= start and e <= q]
        if start < p and not is_generic(name, head, rel):
            return start
        # a generic phrase after a verb (推进科技孵化器) names nothing; only soft cuts (投资, 管理)
        # let the name reach further left
        if not cuts[start] and start != a:
            return None
    return None


def find_orgs(text: str, offset: int, sentence: int, lex: Lexicon, places: list[Mention]) -> list[Mention]:
    """Organisation mentions of one sentence."""
    found: dict[tuple[int, int], Mention] = {}
    dict_spans: list[tuple[int, int]] = []
    # 1. Dictionary (universities, CAS institutes, well-known bodies), leftmost-longest.
    for m in lex.org_re.finditer(text):
        s, e = m.span()
        surface = m.group()
        entry = lex.org(surface)
        if entry is None:
            continue
        if surface != entry.name and len(surface) <= 2:
            prev = text[s - 1] if s > 0 else " "
            if "\u4e00" <= prev <= "\u9fff" and prev not in SHORT_PREV_OK:
                continue
        dict_spans.append((s, e))
        found[(s, e)] = Mention(offset + s, offset + e, surface, entry.kind, sentence, "dict:org", 0.95,
                                canonical=entry.name)
    places_rel = [(pm.start - offset, pm.end - offset) for pm in places]
    protected = _protected_spans(text, places, dict_spans, offset)
    # 2. Head-noun grammar.
    for m in g.SUFFIX_RE.finditer(text):
        p, q = m.span()
        head = m.group()
        kind = g.SUFFIX_KIND[head]
        if q < len(text) and text[q] in g.HEAD_NEXT_BAD:
            continue
        # a head inside a dictionary name is that name's business
        if any(s <= p and q <= e and (s, e) != (p, q) for s, e in dict_spans) and not any(e == q for s, e in dict_spans):
            continue
        # bracketed qualifiers after the head: （有限合伙）, （筹）, （苏州）
        end = q
        b = _CLOSE_BRACKET_RE.match(text, q)
        if b and (b.group(1) in _BRACKET_OK or lex.place_alias.get(b.group(1))):
            after = text[b.end():b.end() + 1]
            if not after or not ("\u4e00" <= after <= "\u9fff") or b.group(1) in _BRACKET_OK:
                end = b.end()
        start = _expand_left(text, p, q, protected, places_rel, head)
        if start is None:
            continue
        while start < p and text[start] in "）)·-－—–.．+ ":
            start += 1
        surface = text[start:end]
        # an unmatched opening bracket: the name starts after it (外国商会（协会 -> 协会)
        opened = surface.rfind("（") if surface.count("（") > surface.count("）") else -1
        if opened < 0 and surface.count("(") > surface.count(")"):
            opened = surface.rfind("(")
        if opened >= 0:
            start += opened + 1
            surface = text[start:end]
            if is_generic(surface, head, []):
                continue
        if len(surface) < 3 and head not in ("科协",):
            continue
        if (start, end) in found:
            continue
        found[(start, end)] = Mention(offset + start, offset + end, surface, kind, sentence, f"grammar:suffix.{head}", 0.8)
    mentions = sorted(found.values(), key=lambda x: (x.start, -(x.end - x.start)))
    # 3. Sub-units right after a known organisation: 同济大学交通院, 信通院工物所.
    extra = []
    for mt in mentions:
        rel_end = mt.end - offset
        sm = _SUBUNIT_RE.match(text, rel_end)
        if sm and not any(o.start - offset == rel_end for o in mentions):
            surface = text[mt.start - offset: sm.end()]
            kind = mt.label if mt.label in ("University", "ResearchInstitute") else "ResearchInstitute"
            extra.append(Mention(mt.start, offset + sm.end(), surface, kind, sentence, "grammar:subunit", 0.7))
    mentions.extend(extra)
    return _nest(mentions)


def _lex_places_only(text: str) -> bool:
    """Whether ``text`` is one place name (苏州, （苏州）, 姑苏区)."""
    from innograph.loaders.extract.lexicon import lexicon

    lex = lexicon()
    m = lex.place_re.fullmatch(text.strip("（）()"))
    return bool(m)


def _nest(mentions: list[Mention]) -> list[Mention]:
    """Resolve overlaps: a name that starts where a longer one starts is nested in it."""
    mentions = sorted(mentions, key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Mention] = []
    for m in mentions:
        host = None
        for o in out:
            if o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end):
                host = o
                break
        if host is None:
            # partial overlaps: keep the longer, earlier one
            if out and m.start < out[-1].end and m.end > out[-1].end:
                if out[-1].rule.startswith("dict") and not m.rule.startswith("dict"):
                    continue
            out.append(m)
            continue
        if m.start == host.start:
            host.inner.append(m)
        # names strictly inside a longer name (not at its start) are modifiers, not mentions
    # Inner names: aliases of the host (研究院 + 有限公司), branches (大学 + 苏州研究院) or modifiers.
    result: list[Mention] = []
    for m in out:
        keep_inner = []
        head = m.rule.rsplit(".", 1)[-1] if m.rule.startswith("grammar:suffix.") else ""
        for inner in sorted(m.inner, key=lambda x: x.end):
            remainder = m.surface[len(inner.surface):]
            rest_wo_head = remainder[: len(remainder) - len(head)] if head and remainder.endswith(head) else remainder
            rest_wo_head = rest_wo_head.strip("（）()")
            if head in _LEGAL_HEADS and not rest_wo_head:
                m.inner_alias = inner.surface  # type: ignore[attr-defined]
                continue
            if not rest_wo_head and inner.label not in ("Enterprise", "University") and not inner.rule.startswith("dict"):
                continue
            if inner.rule.startswith("dict") and inner.surface != inner.canonical and len(inner.surface) <= 3:
                continue   # 南航-…实验室, 赛迪区块链研究院: a short form used as a modifier
            if m.label == "Enterprise" and head in _LEGAL_HEADS and inner.label == "Incubator":
                continue   # 某某科技园管理有限公司: the park is the company's business, not a branch
            if re.search(r"[-－—–]", inner.surface) or re.search(r"^[-－—–]", remainder):
                continue   # 南京医科大学-山东大学…: a joint name, not a branch
            inner.standalone = False
            keep_inner.append(inner)
            rest_core = rest_wo_head.strip("（）() ")
            place_only = not rest_core or bool(_lex_places_only(rest_core))
            if head in _INHERIT_HEADS and inner.label != "Government" and place_only:
                m.label = inner.label
                m.rule += "+inherit"
        m.inner = keep_inner
        result.append(m)
        result.extend(keep_inner)
    return result


# ---------------------------------------------------------------------------------------------
# Enumerations and tables
# ---------------------------------------------------------------------------------------------

_ITEM_SPLIT_RE = re.compile(r"、|以及|及|和|与")
_ITEM_OK_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9·（）()\- ]{2,16}$")


def find_enumerations(text: str, offset: int, sentence: int, lex: Lexicon, known: list[Mention],
                      places: list[Mention]) -> list[Mention]:
    """Items of "A、B、C等企业" typed by the category noun, when not already known."""
    out: list[Mention] = []
    for m in g.ENUM_CATEGORY_RE.finditer(text):
        kind = g.ENUM_CATEGORY_KIND[m.group(1)]
        end = m.start()
        a = end
        while a > 0 and text[a - 1] not in "，。；：！？“”《》（(【\n\t":
            a -= 1
        segment = text[a:end]
        if "、" not in segment:
            continue
        parts = re.split(r"、|以及|及", segment)
        pos = a
        spans = []
        for i, part in enumerate(parts):
            s = pos
            e = pos + len(part)
            pos = e + 1
            if i == 0:
                # the first item starts after the last boundary word of the clause
                cut = s
                for bm in g.BOUNDARY_RE.finditer(part):
                    cut = s + bm.end()
                s = cut
            if i == len(parts) - 1:
                # "B和C": the last part may hold two items
                sub = re.split(r"(?:以及|和|及)", text[s:e])
                if len(sub) == 2 and all(2 <= len(x) <= 12 for x in sub):
                    mid = s + len(sub[0])
                    spans.append((s, mid))
                    k = text.find(sub[1], mid)
                    spans.append((k, k + len(sub[1])))
                    continue
            spans.append((s, e))
        for s, e in spans:
            item = text[s:e].strip()
            if not item or not _ITEM_OK_RE.match(item):
                continue
            abs_s, abs_e = offset + s, offset + e
            if any(k.start <= abs_s and abs_e <= k.end for k in known) or any(p.start <= abs_s and abs_e <= p.end for p in places):
                continue
            contained = [k for k in known if abs_s <= k.start and k.end <= abs_e]
            if any(abs_s <= p.start and p.end <= abs_e and (p.start, p.end) != (abs_s, abs_e) and p.start == abs_s and len(item) - len(p.surface) < 2 for p in places):
                continue
            if contained:
                if any((k.start, k.end) == (abs_s, abs_e) for k in contained) or any(not k.rule.startswith("dict") for k in contained):
                    continue
                for k in contained:
                    k.standalone = False
                    k.rule = "dropped"
            if g.GENERIC_RE.fullmatch(item) or item[0].isdigit() or item.endswith(("等", "项目", "技术", "产品", "产业", "领域", "行业", "方面")):
                continue
            item_kind = kind
            hm = g.SUFFIX_RE.search(item)
            if hm and hm.end() == len(item):
                item_kind = g.SUFFIX_KIND[hm.group()]
            out.append(Mention(abs_s, abs_e, item, item_kind, sentence, f"grammar:enumeration.{m.group(1)}", 0.6))
    return out


def table_row(text: str) -> list[str] | None:
    """Cells of a table row (tab-separated), or None."""
    if "\t" not in text:
        return None
    cells = [c.strip() for c in text.split("\t")]
    cells = [c for c in cells if c]
    return cells if len(cells) >= 2 else None


def canonical_org_name(name: str) -> str:
    return normalize_name(name)


_DISTRIBUTIVE_HEADS = ("管委会", "管理委员会", "人民政府", "政府", "管理办")


def distribute_heads(text: str, offset: int, sentence: int, orgs: list[Mention], places: list[Mention]) -> list[Mention]:
    """"经开区、苏相合作区、高新区管委会": every place of the list gets the head (…管委会).

    And "市发改委、工信局、商务局": bare departments after a prefixed one share its prefix.
    """
    out: list[Mention] = []
    by_start = {p.start - offset: p for p in places}
    for o in orgs:
        rs = o.start - offset
        head = next((h for h in _DISTRIBUTIVE_HEADS if o.surface.endswith(h)), None)
        if head and o.label == "Government":
            pos = rs
            while pos >= 2 and text[pos - 1] == "、":
                prev = [p for p in places if p.end - offset == pos - 1 and p.standalone]
                if not prev:
                    break
                p = prev[0]
                out.append(Mention(p.start, p.end, p.surface + head, "Government", sentence, "grammar:distributive_head",
                                   0.7))
                pos = p.start - offset
    # prefix sharing for departments: 市发改委、工信局、商务局
    govs = sorted([o for o in orgs if o.label == "Government" and o.standalone], key=lambda x: x.start)
    for i, o in enumerate(govs[1:], 1):
        prev = govs[i - 1]
        if o.start - prev.end == 1 and text[prev.end - offset] == "、":
            pm = re.match(r"^(省|市|区|县|[\u4e00-\u9fff]{2,6}?[省市区县])", prev.surface)
            if pm and not re.match(r"^(省|市|区|县)", o.surface) and len(o.surface) <= 6:
                o.surface_prefix = pm.group(1)  # type: ignore[attr-defined]
    _ = by_start
    return out
