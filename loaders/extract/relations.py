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


def founded_by(text: str, offset: int, orgs: list[Mention]) -> list[tuple[Mention, Mention, str, float]]:
    """(created, founder, rule, confidence) pairs."""
    out = []
    standalone = [m for m in orgs if m.standalone]
    for m in FOUNDED_BY_BY_RE.finditer(text):
        founders_span = (m.start(1), m.end(1))
        vend = m.end()
        founders = [o for o in standalone if founders_span[0] <= o.start - offset and o.end - offset <= founders_span[1]]
        if not founders:
            continue
        # the created: the first organisation right after the verb (…共建的C / 共建C), or the subject before 由
        created = [o for o in standalone if vend <= o.start - offset <= vend + 6 and o not in founders]
        if not created:
            subj = [o for o in standalone if o.end - offset <= m.start() and m.start() - (o.end - offset) <= 6]
            created = subj[-1:]
        for c in created[:1]:
            for f in founders:
                if f.canonical != c.canonical:
                    out.append((c, f, "rule:founded_by.you_gongjian", 0.85))
    if out:
        return out
    # A与B…共建C / A在X设立C (founders are the organisations before the verb in the same clause)
    for v in FOUNDED_SUBJ_RE.finditer(text):
        if v.group() not in ("合作共建", "共同建设", "共同打造", "联合共建", "共建", "合作设立", "联合设立", "联合成立", "合作成立"):
            continue
        vend = v.end()
        created = [o for o in standalone if vend <= o.start - offset <= vend + 3]
        if not created:
            continue
        clause_start = max(text.rfind("。", 0, v.start()), text.rfind("；", 0, v.start())) + 1
        clause_start = max(clause_start, text.rfind("，", 0, v.start()) + 1) if "与" in text[text.rfind("，", 0, v.start()) + 1:v.start()] or "和" in text[text.rfind("，", 0, v.start()) + 1:v.start()] else clause_start
        founders = [o for o in standalone if clause_start <= o.start - offset and o.end - offset <= v.start()
                    and o.label != "District" and "（" not in text[o.end - offset:v.start()]]
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


def located_in(text: str, offset: int, orgs: list[Mention], places: list[Mention]) -> list[tuple[Mention, Mention, str, float]]:
    """(organisation, place, rule, confidence): 落户X, 位于X, 在X设立Y."""
    out = []
    standalone = [m for m in orgs if m.standalone]
    for p in places:
        if p.level == "province" or not p.standalone:
            continue
        ps, pe = p.start - offset, p.end - offset
        before = text[max(0, ps - 5):ps]
        if LOCATE_RE.search(before):
            # the organisations of the clause before the verb
            clause_start = max(text.rfind("，", 0, ps - 4), text.rfind("。", 0, ps - 4)) + 1
            subj = [o for o in standalone if clause_start <= o.start - offset and o.end - offset <= ps]
            if not subj:
                clause_start = max(text.rfind("。", 0, ps - 4), 0)
                subj = [o for o in standalone if clause_start <= o.start - offset and o.end - offset <= ps][-1:]
            for o in subj:
                out.append((o, p, "rule:located_in.luohu", 0.8))
        elif AT_RE.search(before) and AT_VERB_RE.search(text[pe:]):
            vm = AT_VERB_RE.search(text[pe:])
            vend = pe + vm.end()
            created = [o for o in standalone if vend <= o.start - offset <= vend + 3]
            for o in created:
                out.append((o, p, "rule:located_in.zai_sheli", 0.75))
                nxt = o.end - offset
                for o2 in standalone:
                    if o2.start - offset == nxt + 1 and text[nxt:nxt + 1] in "、和":
                        out.append((o2, p, "rule:located_in.zai_sheli", 0.7))
                        nxt = o2.end - offset
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
