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
                  "分校", "分会"}
_LEGAL_HEADS = {"有限公司", "股份有限公司", "有限责任公司", "公司", "股份公司"}
_SUBUNIT_RE = re.compile(r"([\u4e00-\u9fff]{1,4}?)(院|所|系)(?=[、，。；：等和与及以的\s）)]|$)")
_NUMBERED_UNIT_RE = re.compile(r"[一二三四五六七八九十\d]{1,3}(?:院|所|部)(?![长士生])")
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


# Category nouns of carriers: a place with only generic words before them is a category
# (苏州市众创空间 "Suzhou's makerspaces", 江苏省科技企业孵化器), not a name.
_CATEGORY_HEADS = ("众创空间", "孵化器", "加速器", "创客空间", "孵化载体")
# A territorial prefix that stands for "this province/city/district" (市科协, 区委办, 省、市产业技术研究院),
# unless it starts a word of its own (市场, 区域, 县域, 省级, 市属 …).
_RELATIVE_STEM_RE = re.compile(r"^[省市区县](?![级属内外直域块间位场县市各])")


def _countries() -> set[str]:
    from innograph.loaders.extract.lexicon import lexicon

    return lexicon().countries


def is_generic(name: str, head: str, places_in: list[tuple[int, int]]) -> bool:
    """A name made only of generic vocabulary (科技企业孵化器, 国家企业技术中心) names no organisation."""
    stem = name[: len(name) - len(head)] if head and name.endswith(head) else name
    if not stem:
        return True
    # Places inside the stem make it specific (苏州市科技局) ...
    inside = [(s, e) for s, e in places_in if s < len(stem)]
    if inside:
        # ... except a place and generic words before a category noun (苏州市众创空间)
        if head in _CATEGORY_HEADS and inside[0][0] == 0:
            rest = stem[inside[0][1]:]
            if not rest or g.GENERIC_RE.fullmatch(rest):
                return True
        return False
    if _LATIN_NAME_RE.search(stem) or "“" in stem:
        return False
    if _RELATIVE_STEM_RE.match(stem) and (len(stem) == 1 or g.GENERIC_RE.fullmatch(stem[1:])) \
            and head not in _CATEGORY_HEADS and len(name) >= 3:
        return False
    if stem in _countries():
        return True          # 丹麦公司, 日本企业: companies of a country
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
    # a short quoted word before the head belongs to the name (姑苏云谷“红引智启”服务中心)
    if a == p and p >= 4 and text[p - 1] == "”":
        opening = text.rfind("“", max(0, p - 12), p - 1)
        inner = text[opening + 1:p - 1] if opening >= 0 else ""
        if 2 <= len(inner) <= 8 and all("\u4e00" <= c <= "\u9fff" or c == "·" for c in inner):
            a = opening
            while a > 0 and p - a < _MAX_NAME and text[a - 1] not in g.HARD_STOP and g.NAME_CHAR_RE.match(text[a - 1]):
                a -= 1
            if a == opening and (opening == 0 or text[opening - 1] in g.HARD_STOP):
                return opening
    # a Latin word before a space belongs to the name (俄罗斯 Ecobios 创新公司)
    while a > 1 and text[a - 1] == " " and text[a - 2].isascii() and text[a - 2].isalnum():
        b = a - 1
        while b > 0 and text[b - 1].isascii() and (text[b - 1].isalnum() or text[b - 1] in "&.-"):
            b -= 1
        if b == a - 1:
            break
        a = b
    window = text[a:p]
    cuts: dict[int, bool] = {a: False}          # start -> whether the cut word is a soft boundary
    for pm in _PARTY_BEFORE_PLACE_RE.finditer(text, a):
        if pm.end() >= p:
            break
        cuts[pm.end()] = False
    last_cut = a
    for m in g.BOUNDARY_RE.finditer(window):
        cs, ce = a + m.start(), a + m.end()
        if _inside(cs, ce, protected):
            continue
        # "元和塘": a conjunction after a single character joins no two names (but 领导力和|政府)
        if m.group() in ("和", "与", "及") and cs - last_cut == 1 and g.NAME_CHAR_RE.match(text[cs - 1]) \
                and text[cs - 1] not in "、）)" and ce < p and not g.GENERIC_RE.match(text, ce):
            continue
        cuts[ce] = m.group() in g.SOFT_BOUNDARIES
        last_cut = ce
    for start in sorted(cuts, reverse=True):
        # a cut before a head noun splits a compound (指导|中心苏州分中心): no cut
        if start != a and _HEAD_START_RE.match(text, start):
            continue
        s0 = start
        while s0 < p and text[s0] in "）)·-－—–.．+ ":
            s0 += 1
        name = text[s0:q]
        rel = [(s - s0, e - s0) for s, e in places_rel if s >= s0 and e <= q]
        if s0 < p and not is_generic(name, head, rel):
            return start
        # a generic phrase after a verb (推进科技孵化器) names nothing; only soft cuts (投资, 管理)
        # let the name reach further left
        if not cuts[start] and start != a:
            return None
    return None


# Heads that may not stand after another branch head (江苏分院分中心 is "分院 and 分中心").
# Departments that a list may name without their place after a first one (市发改委、工信局、商务局).
_DEPARTMENT_HEADS = {h for h, k in g.SUFFIX_KIND.items() if k == "Government" and h.endswith(("局", "委", "厅", "办"))
                     and h not in ("管理局", "总局", "监管局", "执法局")} | {"管委会", "管理委员会"}
# Words that end with a place-like word but are no place before it: 产业园区, 工业园区.
_PLACE_WORD_BEFORE = {"产业", "工业", "科技", "创业", "创新", "物流", "软件", "生态", "示范", "特色"}
_BRANCH_HEADS = ("分院", "分中心", "分公司", "分行", "支行", "分校", "办事处")
# Words after a head noun that show the head is part of a longer word: 管理办法, 部委办局, 仿制药.
_HEAD_WORD_AFTER = {"管理办": "法", "委办": "局", "办公室": "主"}
_HEAD_WORD_BEFORE = {"制药": "仿", "药业": "仿"}
# Region words that may stand in brackets after a name, like a place: 金鸡湖创新合作中心（大湾区）.
_BRACKET_REGIONS = {"大湾区", "长三角", "京津冀", "粤港澳", "珠三角", "海外", "国际", "总部", "筹", "筹建"}
# Party committees named before a title are a person's affiliation, not an organisation.
_PARTY_TITLE_RE = re.compile(r"常委|书记|委员|统战部|组织部|宣传部|政法委|办公|领导|全会|[一二三四五六七八九十]+届|党校|副"
                             r"|[省市区县]?(?:人民)?政府")
# Heads of research proper: a company named after such an institute is that institute.
_RESEARCH_HEADS = ("研究院", "研究所", "实验室", "研究中心", "研究总院")
_PARTY_HEADS = ("省委", "市委", "区委", "县委")
_CHAIN_SPLIT_RE = re.compile(r"[—－+＋]")
_LATIN_AFTER_RE = re.compile(r"\s*([A-Z][A-Za-z0-9&.\-]{2,30}(?: [A-Z][A-Za-z0-9&.\-]{1,20}){0,2})")
_TITLE_AFTER_RE = re.compile(r"”?(?:称号|荣誉称号|奖|荣誉)")


_HEAD_START_RE = re.compile(r"(?:中心|基地|平台)(?!城)")
# 中共苏州市委苏州市人民政府: a party committee named before the government of the same place.
_PARTY_BEFORE_PLACE_RE = re.compile(r"(?<=[省市区县])委(?=[\u4e00-\u9fff]{2,}(?:人民政府|政府))")


def _generic_tail(stem: str) -> int:
    """The length of the run of generic words that ends ``stem``."""
    best = 0
    for i in range(len(stem) - 1, -1, -1):
        if g.GENERIC_RE.fullmatch(stem, i):
            best = len(stem) - i
    return best


def _dict_short_ok(text: str, s: int, e: int) -> bool:
    """Whether a short dictionary form (腾讯, 央行) at text[s:e] stands alone, not at the start of a
    longer name (腾讯微瓴, 央行数字货币)."""
    nxt = text[e:e + 1]
    if not nxt or not ("\u4e00" <= nxt <= "\u9fff"):
        return True
    if nxt in "与和及、等在的将为是于也还并已共公集团联合签同作携":
        return True
    return bool(g.BOUNDARY_RE.match(text, e)) or bool(g.SUFFIX_RE.match(text, e))


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
        if surface != entry.name and len(surface) <= 3:
            prev = text[s - 1] if s > 0 else " "
            after_place = any(pm.end - offset == s for pm in places)
            if len(surface) <= 2 and "\u4e00" <= prev <= "\u9fff" and prev not in SHORT_PREV_OK and not after_place:
                continue
            if not _dict_short_ok(text, s, e) and not any(ps <= s and e <= pe for ps, pe in
                                                          ((pm.start - offset, pm.end - offset) for pm in places)):
                # part of a longer name: keep it only as the start of a name the grammar finds
                dict_spans.append((s, e))
                found[(s, e)] = Mention(offset + s, offset + e, surface, entry.kind, sentence, "dict:org.prefix", 0.6,
                                        canonical=entry.name, standalone=False)
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
        if head in _HEAD_WORD_AFTER and text[q:q + 1] == _HEAD_WORD_AFTER[head]:
            continue
        if head in _HEAD_WORD_BEFORE and text[p - 1:p] == _HEAD_WORD_BEFORE[head]:
            continue
        if head in _BRANCH_HEADS and text[:p].endswith(_BRANCH_HEADS):
            continue
        if head in _PARTY_HEADS and _PARTY_TITLE_RE.match(text, q):
            continue
        # a head inside a dictionary name is that name's business
        if any(s <= p and q <= e and (s, e) != (p, q) for s, e in dict_spans) and not any(e == q for s, e in dict_spans):
            continue
        # bracketed qualifiers after the head: （有限合伙）, （筹）, （苏州）, （大湾区）
        end = q
        b = _CLOSE_BRACKET_RE.match(text, q)
        bracket_place = False
        if b and (b.group(1) in _BRACKET_OK or b.group(1) in _BRACKET_REGIONS or lex.place_alias.get(b.group(1))):
            end = b.end()
            bracket_place = b.group(1) not in _BRACKET_OK
        start = _expand_left(text, p, q, protected, places_rel, head)
        if start is None:
            # a bare department in a list of departments (市发改委、工信局、商务局): its place is shared
            if kind == "Government" and len(head) >= 3 and head in _DEPARTMENT_HEADS and p > 0 and text[p - 1] in "、与和及" \
                    and q - p == len(head):
                found.setdefault((p, end), Mention(offset + p, offset + end, text[p:end], kind, sentence,
                                                   f"grammar:bare_department.{head}", 0.6))
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
            if is_generic(surface, head, [(ps - start, pe - start) for ps, pe in places_rel if ps >= start and pe <= q]):
                continue
        if len(surface) < 3 and head not in ("科协",):
            continue
        # a chain of carriers (众创苗圃—孵化器—加速器—产业园, 苗圃+孵化+加速器) is no name
        parts = _CHAIN_SPLIT_RE.split(surface)
        if len(parts) >= 3:
            continue
        # a generic base: 科研基地, 特色基地, 生产基地
        if head == "基地":
            stem = surface[:-2]
            if _generic_tail(stem) >= 2 and not any(pe == p for ps, pe in places_rel):
                continue
        # a designation in quotes: 被授予“江苏省实验室”称号
        if start > 0 and text[start - 1] == "“" and _TITLE_AFTER_RE.match(text, end):
            continue
        # one link of a chain of carriers: 众创苗圃—科技企业孵化器—产业加速器
        if text[end:end + 1] in ("—", "－", "+", "＋") and not text[end + 1:end + 2].isascii():
            continue
        # legal names start with their place: 专业母基金园区元禾辰坤…中心（有限合伙） -> 园区元禾辰坤…
        if kind == "Enterprise" and (head in _LEGAL_HEADS or head in ("（有限合伙）", "(有限合伙)") or
                                     text[q:end] in ("（有限合伙）", "(有限合伙)")):
            if not lex.place_re.match(text, start):
                for pm in lex.place_re.finditer(text, start + 2, p):
                    word = pm.group()
                    if not (lex.place_alias.get(word) or word in lex.context_alias) or text[pm.start() - 1] in "（(":
                        continue
                    if any(ds <= pm.start() < de for ds, de in dict_spans) or text[pm.start() - 2:pm.start()] in _PLACE_WORD_BEFORE:
                        continue
                    brand = text[pm.end():p]
                    if len(brand) >= 2 and not g.GENERIC_RE.match(brand[:2]):
                        start = pm.start()
                        surface = text[start:end]
                    break
        # a grammar name that ends with a dictionary name: 技联吉林大学 is 吉林大学 with a stray prefix,
        # 苏州上海大学 is 上海大学 with a modifier (the dictionary mention stands)
        tail = next(((ds, de) for ds, de in dict_spans if de == end and start < ds), None)
        if tail is not None and found.get(tail) is not None and found[tail].surface == found[tail].canonical:
            prefix = text[start:tail[0]]
            if len(prefix) <= 3 or any(ps == start and pe == tail[0] for ps, pe in places_rel):
                continue
        if (start, end) in found:
            continue
        mention = Mention(offset + start, offset + end, surface, kind, sentence, f"grammar:suffix.{head}", 0.8)
        if bracket_place:
            mention.aliases.append(text[start:q])     # 牛津大学高等研究院（苏州） is also 牛津大学高等研究院
        found[(start, end)] = mention
    mentions = sorted(found.values(), key=lambda x: (x.start, -(x.end - x.start)))
    # 2b. A company named by its Latin name after a description: 英国科技资源网络公司PraxisAuril.
    for mt in list(mentions):
        if mt.label == "Enterprise" and mt.surface.endswith("公司") and mt.rule.startswith("grammar"):
            lm = _LATIN_AFTER_RE.match(text, mt.end - offset)
            if lm:
                mentions.remove(mt)
                ls, le = lm.span(1)
                mentions.append(Mention(offset + ls, offset + le, lm.group(1), "Enterprise", sentence,
                                        "grammar:latin_after_description", 0.7))
    # 2c. The parent a branch is named after (国家工业互联网大数据中心江苏分中心 -> 国家工业互联网大数据中心),
    # even when its name alone would read as generic.
    for mt in list(mentions):
        head = mt.rule.rsplit(".", 1)[-1] if mt.rule.startswith("grammar:suffix.") else ""
        if head not in _BRANCH_PARENT_HEADS:
            continue
        rs = mt.start - offset
        inside = [(ps, pe) for ps, pe in places_rel if rs + 4 <= ps and pe <= mt.end - offset - len(head)]
        if not inside:
            continue
        ps = inside[-1][0]
        parent = text[rs:ps]
        hm = g.SUFFIX_RE.search(parent)
        while hm and hm.end() != len(parent):
            hm = g.SUFFIX_RE.search(parent, hm.start() + 1)
        if (hm or parent.endswith("中心")) and not any(o.start == mt.start and o.end - offset == ps for o in mentions):
            kind = g.SUFFIX_KIND[hm.group()] if hm else "ResearchInstitute"
            mentions.append(Mention(mt.start, offset + ps, parent, kind, sentence, "grammar:branch_parent", 0.65))
    # 3. Sub-units right after a known organisation: 同济大学交通院, 信通院工物所, 航天科工三院.
    extra = []
    for mt in mentions:
        rel_end = mt.end - offset
        sm = _SUBUNIT_RE.match(text, rel_end)
        num = _NUMBERED_UNIT_RE.match(text, rel_end) if mt.rule.startswith("dict") else None
        if num:
            sm = num
        if sm and not any(o.start - offset == rel_end and o.end - offset > sm.end() for o in mentions) \
                and not any(o.start - offset == mt.start - offset and o.end - offset == sm.end() for o in mentions):
            surface = text[mt.start - offset: sm.end()]
            kind = mt.label if mt.label in ("University", "ResearchInstitute") else "ResearchInstitute"
            extra.append(Mention(mt.start, offset + sm.end(), surface, kind, sentence, "grammar:subunit", 0.7))
    mentions.extend(extra)
    lead = {}
    for ps, pe in places_rel:
        lead.setdefault(offset + ps, offset + pe)
    return _nest(mentions, lead)


def _lex_places_only(text: str) -> bool:
    """Whether ``text`` is one place name (苏州, （苏州）, 姑苏区)."""
    from innograph.loaders.extract.lexicon import lexicon

    lex = lexicon()
    m = lex.place_re.fullmatch(text.strip("（）()"))
    return bool(m)


_BRANCH_PARENT_HEADS = ("分中心", "分院", "分公司", "分行", "支行", "办事处", "工作委员会", "分会", "分校")
_JOINT_HEADS = ("联合实验室", "联合研究院", "联合研究中心", "协同创新中心", "联合创新中心", "联合技术中心", "联合研发中心",
                "联合工程中心", "联合实验中心", "实验室", "研究中心", "创新中心")
_FULL_LEGAL_HEADS = ("有限公司", "股份有限公司", "有限责任公司")
_GOV_INHERIT_HEADS = {"分中心", "办事处", "分院"}


def _repair_joint_dash(m: Mention, inner: Mention) -> bool:
    """OCR read the hyphen of a joint name as 一: “南航一中亿丰…联合实验室” is 南航-中亿丰…联合实验室.

    Only directly after an organisation name that starts the joint name, and only when 一 does not
    start a word of its own (一流, 一体化, 一批 …).
    """
    rest = m.surface[len(inner.surface):]
    if not rest.startswith("一") or len(rest) < 4 or not m.surface.endswith(_JOINT_HEADS):
        return False
    nxt = rest[1]
    if not ("\u4e00" <= nxt <= "\u9fff") or nxt in "流体批个家些种项站代号级线次期届带路起同致直定般切系所座支名位":
        return False
    m.name_form = inner.surface + "-" + rest[1:]
    return True


def _nest(mentions: list[Mention], lead_places: dict[int, int] | None = None) -> list[Mention]:
    """Resolve overlaps: a name that starts where a longer one starts is nested in it.

    Each mention hangs under the smallest longer mention that contains it; nested names at the
    start of their host are its parent organisations (大学 + 苏州研究院), its alias (研究院 +
    有限公司) or modifiers; names inside a host but not at its start are modifiers.
    """
    mentions = sorted(mentions, key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Mention] = []
    placed: list[Mention] = []
    for m in mentions:
        hosts = [o for o in placed if o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)]
        if not hosts:
            # partial overlaps: keep the longer, earlier one
            if out and m.start < out[-1].end and m.end > out[-1].end:
                if out[-1].rule.startswith("dict") and not m.rule.startswith("dict"):
                    continue
            out.append(m)
            placed.append(m)
            continue
        host = min(hosts, key=lambda o: o.end - o.start)
        if m.start == host.start:
            host.inner.append(m)
            placed.append(m)
        elif m.rule.startswith("dict") and m.label in ("University", "ResearchInstitute") and lead_places \
                and lead_places.get(host.start) == m.start:
            # 苏州同济区块链研究院: a university named after the host's place
            host.inner.append(m)
            placed.append(m)
        # names strictly inside a longer name (not at its start) are modifiers, not mentions
    result: list[Mention] = []

    def settle(m: Mention) -> None:
        keep_inner = []
        head = m.rule.rsplit(".", 1)[-1] if m.rule.startswith("grammar:suffix.") else ""
        queue = sorted(m.inner, key=lambda x: x.end)
        while queue:
            inner = queue.pop(0)
            remainder = m.surface[len(inner.surface):]
            rest_wo_head = remainder[: len(remainder) - len(head)] if head and remainder.endswith(head) else remainder
            rest_core = re.sub(r"[（(][^（）()]*[）)]", lambda b: "" if _lex_places_only(b.group()) else b.group(), rest_wo_head)
            rest_core = rest_core.strip("（）() ")
            if head in _LEGAL_HEADS and not rest_core:
                # 江苏第三代半导体研究院有限公司: the institute registered as a company
                m.aliases.append(inner.surface)
                if inner.label == "ResearchInstitute" and inner.surface.endswith(_RESEARCH_HEADS):
                    m.label = "ResearchInstitute"
                    m.rule += "+inherit"
                queue = sorted(queue + inner.inner, key=lambda x: x.end)
                continue
            if not rest_core and inner.rule.startswith("dict") and re.fullmatch(r"[（(][^（）()]+[）)]", remainder):
                # 江苏省产业技术研究院（苏州）: the dictionary institute with its place
                m.canonical, m.label = inner.canonical, inner.label
                m.aliases.append(inner.surface)
                queue = sorted(queue + inner.inner, key=lambda x: x.end)
                continue
            if not rest_core and not inner.rule.startswith("dict") and inner.label not in ("Enterprise", "University") \
                    and not remainder.endswith(head or "\0"):
                # 牛津大学高等研究院（苏州）: the same institute with its place
                m.aliases.append(inner.surface)
                queue = sorted(queue + inner.inner, key=lambda x: x.end)
                continue
            if inner.rule.startswith("dict") and _repair_joint_dash(m, inner):
                continue   # a joint name (南航-中亿丰…), not a branch
            if m.label == "Enterprise" and head in _LEGAL_HEADS and inner.label == "Incubator":
                continue   # 某某科技园管理有限公司: the park is the company's business, not a branch
            if head in _FULL_LEGAL_HEADS and inner.rule.startswith("dict") and inner.surface != inner.canonical:
                continue   # 阿里巴巴文化传媒有限公司: a brand in a legal name
            if re.search(r"[-－—–]", inner.surface) or re.search(r"^[-－—–]", remainder):
                continue   # 南京医科大学-山东大学…: a joint name, not a branch
            inner.standalone = False
            keep_inner.append(inner)
            place_only = not rest_core or bool(_lex_places_only(rest_core))
            if head in _INHERIT_HEADS and place_only and (inner.label != "Government" or head in _GOV_INHERIT_HEADS):
                m.label = inner.label
                m.rule += "+inherit"
        m.inner = keep_inner
        result.append(m)
        for inner in keep_inner:
            settle(inner)

    for m in out:
        if m.rule != "dict:org.prefix":     # a short form at the start of a name nobody found
            settle(m)
    return result


# ---------------------------------------------------------------------------------------------
# Enumerations and tables
# ---------------------------------------------------------------------------------------------

_ITEM_OK_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9·（）()\- ]{2,16}$")


_ENUM_SEP_RE = re.compile(r"、|以及|及")
# A single item before 等 + category after a verb or preposition: 支持中亿丰等龙头企业, 以西帝摩等龙头企业.
_SINGLE_ITEM_RE = re.compile(r"(?:以|依托|支持|推动|鼓励|引导|与|和|同|对接|引进|培育|吸引)([\u4e00-\u9fffA-Za-z0-9·]{2,10})$")
# "以X为代表的…企业": X is one of them.
_REPRESENTATIVE_RE = re.compile(r"以([\u4e00-\u9fffA-Za-z0-9·]{2,10}?)为(?:代表|龙头|核心|引领)的[^，。；]{0,12}?(" +
                                "|".join(sorted(g.ENUM_CATEGORY_KIND, key=len, reverse=True)) + ")")


def _enum_item(text: str, s: int, e: int, kind: str, category: str, offset: int, sentence: int,
               known: list[Mention], places: list[Mention]) -> Mention | None:
    while s < e and text[s] in " 与和及同并":
        s += 1
    while e > s and text[e - 1] == " ":
        e -= 1
    item = text[s:e]
    if not item or not _ITEM_OK_RE.match(item):
        return None
    abs_s, abs_e = offset + s, offset + e
    if any(k.start <= abs_s and abs_e <= k.end for k in known) or any(p.start <= abs_s and abs_e <= p.end for p in places):
        return None
    if any(abs_s <= p.start and p.end <= abs_e and (p.start, p.end) != (abs_s, abs_e) and p.start == abs_s
           and len(item) - len(p.surface) < 2 for p in places):
        return None
    contained = [k for k in known if abs_s <= k.start and k.end <= abs_e]
    if contained:
        if any((k.start, k.end) == (abs_s, abs_e) for k in contained) or any(not k.rule.startswith("dict") for k in contained):
            return None
        for k in contained:
            k.standalone = False
            k.rule = "dropped"
    if g.GENERIC_RE.fullmatch(item) or item[0].isdigit() or item.endswith(("等", "项目", "技术", "产品", "产业", "领域", "行业", "方面")):
        return None
    hm = g.SUFFIX_RE.search(item)
    while hm and hm.end() != len(item):
        hm = g.SUFFIX_RE.search(item, hm.start() + 1)
    if hm and is_generic(item, hm.group(), [(p.start - abs_s, p.end - abs_s) for p in places
                                            if abs_s <= p.start and p.end <= abs_e]):
        return None         # 信息化协会, 数字经济产业园: kinds of carriers
    if g.BOUNDARY_RE.fullmatch(item):
        return None
    item_kind = kind
    hm = g.SUFFIX_RE.search(item)
    if hm and hm.end() == len(item):
        item_kind = g.SUFFIX_KIND[hm.group()]
    return Mention(abs_s, abs_e, item, item_kind, sentence, f"grammar:enumeration.{category}", 0.6)


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
        spans: list[tuple[int, int]] = []
        if "、" not in segment:
            sm = _SINGLE_ITEM_RE.search(segment)
            if sm:
                spans.append((a + sm.start(1), a + sm.end(1)))
        else:
            seps = []
            for sep in _ENUM_SEP_RE.finditer(segment):
                seps.append((a + sep.start(), a + sep.end()))
            pos = a
            parts = []
            for ss, se in seps:
                parts.append((pos, ss))
                pos = se
            parts.append((pos, end))
            for i, (ps, pe) in enumerate(parts):
                if i == 0:
                    # the first item starts after the last boundary word of the clause
                    cut = ps
                    for bm in g.BOUNDARY_RE.finditer(text, ps, pe):
                        if not any(k.start - offset < bm.end() <= k.end - offset and k.start - offset <= bm.start()
                                   for k in known if k.end - offset == pe):
                            cut = bm.end()
                    ps = cut
                if i == len(parts) - 1:
                    # "B和C": the last part may hold two items
                    sub = re.search(r"(?:以及|和|及)", text[ps:pe])
                    if sub and 2 <= sub.start() <= 12 and 2 <= pe - ps - sub.end() <= 12:
                        spans.append((ps, ps + sub.start()))
                        spans.append((ps + sub.end(), pe))
                        continue
                spans.append((ps, pe))
        for s, e in spans:
            item = _enum_item(text, s, e, kind, m.group(1), offset, sentence, known, places)
            if item:
                out.append(item)
    for m in _REPRESENTATIVE_RE.finditer(text):
        kind = g.ENUM_CATEGORY_KIND[m.group(2)]
        item = _enum_item(text, m.start(1), m.end(1), kind, m.group(2), offset, sentence, known + out, places)
        if item:
            out.append(item)
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


_ADMIN_SUFFIX_RE = re.compile(r"[省市区县镇]$")
_ADMIN_LEVELS = ("province", "city", "county", "district", "town")
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
        elif o.label not in ("Government", "University") and o.standalone and not o.rule.startswith("dict"):
            # "江苏省和苏州市产研院", "省、市产业技术研究院": each place gets the rest of the name
            first = next((p for p in places if p.start == o.start and p.end < o.end), None)
            rest = None
            if first is not None:
                if _ADMIN_SUFFIX_RE.search(first.surface) and first.level in _ADMIN_LEVELS:
                    rest = o.surface[first.end - o.start:]
            elif _RELATIVE_STEM_RE.match(o.surface):
                rest = o.surface[1:]
            if not rest or len(rest) < 3:
                continue
            pos = rs
            while pos >= 2 and text[pos - 1] in "、和与及":
                prev = next((p for p in places if p.end - offset == pos - 1 and p.standalone and p.level in _ADMIN_LEVELS
                             and _ADMIN_SUFFIX_RE.search(p.surface)), None)
                if prev is not None:
                    ps_, surface = prev.start - offset, prev.surface
                elif text[pos - 2] in "省市区县" and (pos < 3 or not g.NAME_CHAR_RE.match(text[pos - 3]) or
                                                  text[pos - 3] in "与和及、对向同"):
                    ps_, surface = pos - 2, text[pos - 2]
                else:
                    break
                out.append(Mention(offset + ps_, offset + pos - 1, surface + rest, o.label, sentence,
                                   "grammar:distributive_rest", 0.65))
                pos = ps_
    # prefix sharing for departments: 市发改委、工信局、商务局
    govs = sorted([o for o in orgs if o.label == "Government" and o.standalone], key=lambda x: x.start)
    for i, o in enumerate(govs[1:], 1):
        prev = govs[i - 1]
        if o.start - prev.end == 1 and text[prev.end - offset] == "、":
            pm = re.match(r"^(省|市|区|县|[\u4e00-\u9fff]{2,6}?[省市区县])", prev.surface)
            shared = pm.group(1) if pm else getattr(prev, "surface_prefix", "")
            if shared and not re.match(r"^(省|市|区|县)", o.surface) and len(o.surface) <= 6:
                o.surface_prefix = shared  # type: ignore[attr-defined]
    _ = by_start
    return out
