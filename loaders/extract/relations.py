"""Relations between entities read from one sentence: FOUNDED_BY, LOCATED_IN, OPERATED_BY.

Structural relations (BRANCH_OF from nested names, PART_OF from the dictionary, LOCATED_IN from
name prefixes and table rows) are made in ``build``.
"""

from __future__ import annotations

import re

from innograph.loaders.extract.mentions import Mention

# 由A和B(合作)共建的C / 由A与B合作设立 ; C由A、B共同建设运营
FOUNDED_VERB = r"(?:合作共建|共同建设|共同打造|联合共建|合作设立|合作建设|共建|设立|组建|创办|发起成立|联合成立|联合设立|合作成立|成立|打造|建设|投资建设|牵头建设|建立|签约成立)"
FOUNDED_BY_BY_RE = re.compile(r"由([^。；，]{2,120}?)(?:等|多方|双方|三方|四方)?(?:合作|联合|共同|牵头|携手|投资)?" + FOUNDED_VERB)
FOUNDED_SUBJ_RE = re.compile(FOUNDED_VERB)
LOCATE_RE = re.compile(r"(?:落户(?:于|在|到)?|位于|坐落于|落地(?:于|在)?|扎根|入驻|选址)$")
AT_RE = re.compile(r"在$")
AT_VERB_RE = re.compile(r"^[^，。；]{0,6}?(?:设立|成立|建设|揭牌|落地|落户|注册|打造|建立|共建|开园|启用)")
OPERATED_RE = re.compile(r"由([^，。；]{2,60}?)(?:负责)?(?:运营|运行|管理运营|建设运营|投资运营)|运营(?:方|主体|单位)(?:为|是)([^，。；]{2,60})")


_ADJACENT_RE = re.compile(r"^(?:了|的|出|起|成|“|\s){0,3}$")
_CO_RE = re.compile(r"联合|携手|联手|与|和|同|及|、")
_CO_VERBS = ("合作共建", "共同建设", "共同打造", "联合共建", "共建", "合作设立", "联合设立", "联合成立", "合作成立",
             "签约成立", "合作建设", "联合建设")
_PLAIN_VERBS = ("设立", "成立", "组建", "创办", "建立", "打造", "建设")
# An organisation named as the attribute of another (作为吉利集团“大本营”的吉利汽车集团) is no founder.
_ATTRIBUTIVE_RE = re.compile(r"^[^，。；、与和]{0,10}的")


def _attributive(text: str, o: Mention, offset: int, others: list[Mention]) -> bool:
    rest = text[o.end - offset:]
    m = _ATTRIBUTIVE_RE.match(rest)
    if not m:
        return False
    after = o.end - offset + m.end()
    return any(x.start - offset == after or 0 < x.start - offset - after <= 1 for x in others if x is not o)


def founded_by(text: str, offset: int, orgs: list[Mention],
               places: list[Mention] | None = None) -> list[tuple[Mention, Mention, str, float]]:
    """(created, founder, rule, confidence) pairs; a founder may be a place (由黄埭镇与上海交通大学共建)."""
    out = []
    standalone = [m for m in orgs if m.standalone]
    actors = standalone + [p for p in places or [] if p.standalone and p.level in ("district", "county", "zone", "town")]
    for m in FOUNDED_BY_BY_RE.finditer(text):
        founders_span = (m.start(1), m.end(1))
        vend = m.end()
        founders = [o for o in actors if founders_span[0] <= o.start - offset and o.end - offset <= founders_span[1]]
        founders = [f for f in founders if not _attributive(text, f, offset, founders)]
        if not founders or all(f.is_place for f in founders):
            continue
        # the created: the organisation right after the verb (…共建的C / 共建C), else the subject
        # the 由-clause describes (C由A、B共同建设; C落户X，由A与B合作设立)
        created = [o for o in standalone if o.start - offset >= vend and _ADJACENT_RE.match(text[vend:o.start - offset])
                   and o not in founders]
        if not created:
            before = [o for o in standalone if o.end - offset <= m.start() and o not in founders]
            if before:
                subj = before[-1]
                gap = text[subj.end - offset:m.start()]
                if len(gap) <= 6 or ("，" in gap and not any(o.start >= subj.end and o.end - offset <= m.start()
                                                            for o in standalone if o is not subj)):
                    created = [subj]
        for c in created[:1]:
            for f in founders:
                if f.canonical != c.canonical:
                    out.append((c, f, "rule:founded_by.you_gongjian", 0.85))
    if out:
        return out
    # A与B…共建C / A联合B在X设立C (founders are the organisations of the clause before the verb)
    for v in FOUNDED_SUBJ_RE.finditer(text):
        verb = v.group()
        if verb not in _CO_VERBS and verb not in _PLAIN_VERBS:
            continue
        vend = v.end()
        created = [o for o in standalone if o.start - offset >= vend and _ADJACENT_RE.match(text[vend:o.start - offset])]
        if not created:
            continue
        sent_start = max(text.rfind("。", 0, v.start()), text.rfind("；", 0, v.start())) + 1
        comma = text.rfind("，", 0, v.start()) + 1
        last_clause = text[comma:v.start()]
        if verb in _PLAIN_VERBS or _CO_RE.search(last_clause) or comma <= sent_start:
            clause_start = max(sent_start, comma)
        else:
            clause_start = sent_start      # A与B在X设立…，共同建设C: the subject of the sentence
        clause = text[clause_start:v.start()]
        founders = [o for o in actors if clause_start <= o.start - offset and o.end - offset <= v.start()
                    and "（" not in text[o.end - offset:v.start()]]
        founders = [f for f in founders if not _attributive(text, f, offset, founders)]
        if verb in _PLAIN_VERBS:
            # 设立/成立 alone: only a joint subject at the clause start (A联合B在X设立C, A与B成立C)
            orgs_only = [f for f in founders if not f.is_place]
            if len(orgs_only) < 2 or not _CO_RE.search(clause) or orgs_only[0].start - offset - clause_start > 4:
                continue
            founders = [f for f in founders if not f.is_place or f.start - offset < orgs_only[0].start - offset]
        if not [f for f in founders if not f.is_place]:
            continue
        for c in created:
            for f in founders:
                if f.canonical != c.canonical and c.canonical not in f.canonical:
                    out.append((c, f, "rule:founded_by.subject_verb", 0.7))
        # "共建A、B" / "共建A和B": further created items joined by 、/和
        last = created[-1]
        pos = last.end - offset
        for o in standalone:
            if o.start - offset in (pos + 1,) and text[pos:pos + 1] in "、和及与":
                for f in founders:
                    out.append((o, f, "rule:founded_by.subject_verb", 0.65))
                pos = o.end - offset
    return out


_LOCATE_GAP_RE = re.compile(r"^(?:[”」』）)\s]|正式|顺利|成功|已经|已|将|也|均|再次|即将|近日|日前|今年|去年|整体|签约|"
                            r"\d{1,4}年|\d{1,2}月|\d{1,2}日|年|月|日|于)*$")
# ORG在PLACE成立/揭牌/落户: the organisation was set up in the place.
_AT_SUBJECT_VERB_RE = re.compile(r"(?:正式|顺利|成功)?(?:签约)?(?:成立|揭牌|挂牌|落户|落地|启用|开园|开业|建成)(?:仪式)?(?=[，。；！、]|$)")


def located_in(text: str, offset: int, orgs: list[Mention], places: list[Mention]) -> list[tuple[Mention, Mention, str, float]]:
    """(organisation, place, rule, confidence): X落户Y, X位于Y, 位于Y的X, 在Y设立X, X在Y成立."""
    out = []
    standalone = [m for m in orgs if m.standalone]
    for p in places:
        if p.level == "province" or not p.standalone:
            continue
        ps, pe = p.start - offset, p.end - offset
        before = text[max(0, ps - 5):ps]
        lm = LOCATE_RE.search(before)
        if lm:
            vstart = max(0, ps - 5) + lm.start()
            # 位于Y的X
            if text[pe:pe + 1] == "的":
                nxt = [o for o in standalone if o.start - offset == pe + 1]
                if nxt:
                    out.append((nxt[0], p, "rule:located_in.weiyu_de", 0.8))
                    continue
            # the organisations of the clause before the verb, right before it
            clause_start = max(text.rfind("，", 0, vstart), text.rfind("。", 0, vstart)) + 1
            subj = [o for o in standalone if clause_start <= o.start - offset and o.end - offset <= vstart
                    and _LOCATE_GAP_RE.match(text[o.end - offset:vstart])]
            if not subj:
                # a subject at the end of the previous clause: X，正式落户Y
                prev = [o for o in standalone if o.end - offset <= vstart]
                if prev and 0 < vstart - (prev[-1].end - offset) <= 6 and \
                        _LOCATE_GAP_RE.match(text[prev[-1].end - offset:vstart].replace("，", "")):
                    subj = prev[-1:]
            if subj:
                # A、B落户X: every organisation of the list
                first = subj[0]
                listed = [o for o in standalone if clause_start <= o.start - offset < first.start - offset
                          and re.fullmatch(r"[、和及与]", text[o.end - offset:o.end - offset + 1] or "x")]
                for o in listed + subj:
                    out.append((o, p, "rule:located_in.luohu", 0.8))
        elif AT_RE.search(before):
            vm = AT_VERB_RE.search(text[pe:])
            if vm:
                vend = pe + vm.end()
                created = [o for o in standalone if vend <= o.start - offset <= vend + 3]
                for o in created:
                    out.append((o, p, "rule:located_in.zai_sheli", 0.75))
                    nxt = o.end - offset
                    for o2 in standalone:
                        if o2.start - offset == nxt + 1 and text[nxt:nxt + 1] in "、和":
                            out.append((o2, p, "rule:located_in.zai_sheli", 0.7))
                            nxt = o2.end - offset
                if created:
                    continue
            # X在Y成立: the subject right before 在
            if _AT_SUBJECT_VERB_RE.match(text, pe):
                zai = ps - 1
                subj = [o for o in standalone if 0 <= zai - (o.end - offset) <= 1 and text[o.end - offset:zai] in ("", "”", "」")]
                for o in subj:
                    out.append((o, p, "rule:located_in.zai_chengli", 0.8))
    return out


def operated_by(text: str, offset: int, orgs: list[Mention]) -> list[tuple[Mention, Mention, str, float]]:
    out = []
    standalone = [m for m in orgs if m.standalone]
    for m in OPERATED_RE.finditer(text):
        g = 1 if m.group(1) else 2
        s, e = m.start(g), m.end(g)
        operators = [o for o in standalone if s <= o.start - offset and o.end - offset <= e]
        carriers = [o for o in standalone if o.end - offset <= m.start() and o.label == "Incubator"]
        if operators and carriers:
            for op in operators:
                out.append((carriers[-1], op, "rule:operated_by.you_yunying", 0.75))
    return out


_BRANCH_STATEMENT_RE = re.compile(r"[^，。；]{0,24}?设立的[^，。；]{0,12}?(?:分支机构|分公司|子公司|分院|分中心|分部|办事处)"
                                  r"|(?:在|于)[^，。；]{1,10}?(?:之外|以外)?的(?:首个|第一个|首家|第一家)[^，。；]{0,14}")
_IS_RE = re.compile(r"(?:正式)?(?:成为|是|为)")
_DEVELOPED_RE = re.compile(r"(?:投资)?(?:开发|建设|打造|兴建)的")


def branch_statements(text: str, offset: int, orgs: list[Mention]) -> list[tuple[Mention, Mention, str, float]]:
    """(branch, parent): A成为B在…设立的首个分支机构, 这是B在深圳之外的首个研究中心 (A the subject)."""
    out = []
    standalone = sorted((m for m in orgs if m.standalone), key=lambda m: m.start)
    for a in standalone:
        im = _IS_RE.match(text, a.end - offset)
        if not im:
            continue
        b = next((o for o in standalone if o.start - offset == im.end() and o.canonical != a.canonical), None)
        if b is None:
            continue
        sm = _BRANCH_STATEMENT_RE.match(text, b.end - offset)
        if sm and (sm.group().endswith(("分支机构", "分公司", "子公司", "分院", "分中心", "分部", "办事处"))
                   or a.canonical.endswith(sm.group()[-2:])):
            out.append((a, b, "rule:branch_of.statement", 0.75))
    return out


def developed_by(text: str, offset: int, orgs: list[Mention]) -> list[tuple[Mention, Mention, str, float]]:
    """(carrier, developer): 以城市重建开发的新虹产业园 — a park built by a developer."""
    out = []
    standalone = [m for m in orgs if m.standalone]
    for a in standalone:
        dm = _DEVELOPED_RE.match(text, a.end - offset)
        if not dm or a.label == "Incubator":
            continue
        for c in standalone:
            if c.start - offset == dm.end() and c.label == "Incubator":
                out.append((c, a, "rule:founded_by.developed", 0.7))
    return out
