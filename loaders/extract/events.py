"""Events: signing, unveiling, settlement, opening, competition and conference.

One event per ceremony: sentences of the same kind and date that share a party, an
establishment or a paragraph are merged. Only what happened counts: plans and schedules (将举行,
计划于, 4至7月将…) are no events, nor are designations or descriptions (落户于X in a profile).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from innograph.loaders.extract.mentions import Mention

_CONF_NOUNS = (r"(?:大会|会议(?!中心|室)|论坛|峰会|推介会|对接会|说明会|宣讲会|发布会|交流会|座谈会|年会|研讨会|洽谈会|博览会|见面会"
               r"|发布仪式|启动仪式|高校行)")
_CONF_VERBS = r"(?:召开|举行|举办|开幕|闭幕|成功举办|隆重举行|圆满收官|收官|拉开序幕|拉开帷幕|落幕|顺利召开)"
TRIGGERS: list[tuple[str, re.Pattern]] = [
    ("signing", re.compile(r"签约|签署|签订|签下")),
    ("unveiling", re.compile(r"揭牌|挂牌(?!上市)|授牌|揭幕")),
    ("opening", re.compile(r"开园|启用|开业|投入使用|正式运营|开馆|启动运营|正式启动|启动仪式"
                           r"|(?<=[心院室园地台库站])(?:正式)?启动(?=[，。；！]|$)")),
    ("settlement", re.compile(r"落户|入驻|落地|在[^，。；]{2,10}?(?:正式)?成立(?=[，。；！]|$)")),
    ("competition", re.compile(r"(?:大赛|竞赛|挑战赛|创业赛)(?:[^，。]{0,12})(?:启动|举办|举行|开幕|开赛|落幕|收官|总决赛|拉开帷幕)"
                               r"|(?:启动|举办|举行)[^，。]{0,20}(?:大赛|竞赛)")),
    ("conference", re.compile(_CONF_NOUNS + r"[^，。]{0,20}" + _CONF_VERBS
                              + r"|(?:召开|举行|举办)[^，。]{0,30}" + _CONF_NOUNS
                              + r"|在[^，。；]{2,40}?(?:大会|会议|论坛|峰会)上")),
]
# Plans, schedules and aims are not events.
_NOT_EVENT = re.compile(r"计划|将于|将在|将举行|将举办|将召开|将启动|即将|拟|预计|争取|力争|推动.{0,6}签约|签约项目\d"
                        r"|签约金额|签约额|\d+至\d+月")
_LIST_ITEM_AFTER_RE = re.compile(r"(?:仪式|活动|环节)(?:等|、)|等(?:丰富)?(?:环节|活动|内容|形式)")
# Sentences that report on the ceremony of the sentence before: its attendees and what was done there.
CONTEXT_START_RE = re.compile(r"^(?:会上|会议上|大会上|仪式上|活动上|活动现场|现场|活动中|活动期间|签约仪式上|会议期间)")
ATTENDANCE_RE = re.compile(r"出席|参加|参会|与会|见证|主持|致辞|讲话|莅临")
ATTENDS_CEREMONY_RE = re.compile(r"(?:出席|参加|见证|莅临)(?:了)?[^，。；]{0,6}(?:签约|揭牌|开园|启动|成立)?仪式|共同见证")
HOST_RE = re.compile(r"由([^，。]{2,40}?)(?:主办|承办|举办|发起)")
WITNESS_RE = re.compile(r"见证")
ESTABLISH_VERBS = re.compile(r"共建|共同建设|共同打造|设立|成立|揭牌|挂牌|落户|建设|启用|开园|组建|打造|签约落户|落地|注册|启动")
AT_PLACE_RE = re.compile(r"在|于|落户|落地|位于|赴")
_SETUP_VERB_RE = re.compile(r"注册|设立|成立|组建|共建|共同建设|签约落户")
# 签约暨X揭牌: X is what the signing establishes.
_ESTABLISHED_AFTER_RE = re.compile(r"[^，。；]{0,6}?(?:揭牌|落户|落地|成立|挂牌|开园|启用)")
# A trigger right after 为…: what is unveiled (为A、B揭牌).
_FOR_RE = re.compile(r"为([^，。；]{2,80})$")


@dataclass
class EventDraft:
    kind: str
    date: str | None
    sentences: list[int]
    evidence: str
    parties: dict[str, str] = field(default_factory=dict)     # canonical -> role
    establishes: list[str] = field(default_factory=list)
    held_in: str | None = None
    title: str = ""
    paragraph: int = 0
    party_labels: dict[str, str] = field(default_factory=dict)
    section: int = 0


def detect(sentence_text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each trigger in a sentence, at most one per kind."""
    out = []
    body = sentence_text.find("】") + 1 if sentence_text.startswith(("【", "[")) else 0
    for kind, rx in TRIGGERS:
        for m in [*rx.finditer(sentence_text, body), *(rx.finditer(sentence_text) if body else [])]:
            # a plan in the trigger's own clause (将举行…大赛, 计划于…签约) is no event
            clause_start = clause_bounds(sentence_text, m.start())[0]
            if _NOT_EVENT.search(sentence_text, clause_start, m.end()):
                continue
            if _LIST_ITEM_AFTER_RE.match(sentence_text, m.end()):
                continue        # …、项目合作签约仪式等环节: an item of a programme, not a report
            out.append((kind, m.start(), m.end()))
            break
    kinds = {k for k, _, _ in out}
    # a signing that unveils or settles something is one event: the signing (签约…揭牌落地); an
    # unveiling before a signing (…揭牌成立，…签约) is an event of its own
    if "signing" in kinds:
        sign_at = next(s for k, s, _ in out if k == "signing")
        out = [t for t in out if t[0] not in ("settlement", "unveiling", "opening") or t[1] < sign_at]
    if "unveiling" in kinds or "opening" in kinds:
        out = [t for t in out if t[0] != "settlement"]
    # a meeting about a competition in the same clause (大赛新闻发布会, 大赛启动仪式) is the competition's
    comp = next(((s, e) for k, s, e in out if k == "competition"), None)
    if comp:
        out = [t for t in out if t[0] != "conference"
               or clause_bounds(sentence_text, t[1])[0] != clause_bounds(sentence_text, comp[0])[0]]
    return out


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    a = max(text.rfind(c, 0, pos) for c in "，。；！") + 1
    ends = [i for i in (text.find(c, pos) for c in "，。；！") if i >= 0]
    return a, (min(ends) if ends else len(text))


def roles_for(kind: str, text: str, offset: int, trig_start: int, trig_end: int,
              orgs: list[Mention], places: list[Mention]) -> tuple[dict[str, str], list[str], str | None]:
    """Parties (canonical -> role), establishments and the place where it was held."""
    parties: dict[str, str] = {}
    establishes: list[str] = []
    held_in = None
    host = HOST_RE.search(text)
    host_span = (host.start(1), host.end(1)) if host else None
    witness = WITNESS_RE.search(text)
    trig_clause = clause_bounds(text, trig_start)
    for_m = _FOR_RE.search(text[:trig_start])
    for_span = (for_m.start(1), trig_start) if for_m and kind in ("unveiling", "opening") else None
    for m in orgs:
        rs, re_ = m.start - offset, m.end - offset
        if not m.standalone:
            continue
        if host_span and host_span[0] <= rs and re_ <= host_span[1]:
            parties[m.canonical] = "host"
            continue
        if witness and rs < witness.start() and witness.start() - re_ < 30 and rs > trig_end:
            parties.setdefault(m.canonical, "witness")
            continue
        if for_span and for_span[0] <= rs and re_ <= for_span[1]:
            establishes.append(m.canonical)       # 共同为A、B揭牌
            continue
        if rs >= trig_end:
            # after the trigger: what is created (共建X, 设立X, X揭牌), in the trigger's clause
            same_clause = rs < trig_clause[1] or not re.search(r"[，。；]", text[trig_end:rs])
            own_clause = clause_bounds(text, rs)[0]
            if kind == "signing" and not same_clause and _SETUP_VERB_RE.search(text, own_clause, rs) \
                    and m.label not in ("Government",):
                establishes.append(m.canonical)      # 签署协议，X在园区注册“Y”: what the signing set up
                continue
            if kind in ("signing", "unveiling", "opening", "settlement") and same_clause and (
                    ESTABLISH_VERBS.search(text[trig_start:rs]) or kind != "signing"
                    or _ESTABLISHED_AFTER_RE.match(text, re_)):
                if m.label not in ("Government",) and not text[max(0, rs - 1):rs] in ("与", "和", "同"):
                    establishes.append(m.canonical)
                    continue
            if kind in ("conference", "competition") or not same_clause:
                parties.setdefault(m.canonical, "participant")
            continue
        # before the trigger
        if kind in ("unveiling", "opening", "settlement") and ESTABLISH_VERBS.search(text[re_:trig_end + 2]) and \
                re.search(r"^[^，。；]{0,12}(揭牌|落户|启用|开园|落地|成立|入驻|挂牌|启动)", text[re_:]) and \
                text[max(0, rs - 1):rs] not in ("与", "和", "同"):
            establishes.append(m.canonical)
            continue
        if kind == "signing":
            clause_start = max(text.rfind("，", 0, trig_start), text.rfind("；", 0, trig_start), text.rfind("。", 0, trig_start)) + 1
            parties[m.canonical] = "signatory" if rs >= clause_start else "participant"
        else:
            parties.setdefault(m.canonical, "participant")
    # places: a place joined by 与 to a signatory is itself a party; held_in after 在/于/落户
    at_places = []
    for p in places:
        if p.level == "province" or not p.standalone or not p.canonical:
            continue
        rs = p.start - offset
        before = text[max(0, rs - 3):rs]
        if kind == "signing" and rs < trig_start and (before.endswith(("与", "和", "、")) or text[p.end - offset:p.end - offset + 1] in ("与", "和")):
            parties[p.canonical] = "signatory"
            continue
        if AT_PLACE_RE.search(before):
            at_places.append(p)
    if kind in ("conference", "competition"):
        # where the meeting was held (…在上海举行, 于武汉), else the place its name starts with
        near = [p for p in at_places if abs(p.start - offset - trig_start) <= 45 and p.end - offset >= trig_clause[0]]
        if near:
            held_in = near[-1].canonical
        else:
            named = [p for p in places if p.canonical and p.level != "province" and trig_clause[0] <= p.start - offset
                     and p.end - offset <= trig_end]
            if named:
                held_in = named[0].canonical
    elif at_places:
        held_in = at_places[0].canonical
    if held_in is None:
        cands = [p for p in places if p.level not in ("province",) and p.standalone and p.canonical and p.canonical not in parties]
        if cands:
            held_in = cands[-1].canonical if kind == "settlement" else cands[0].canonical
    # an establishment is not its own party
    for e in establishes:
        parties.pop(e, None)
    return parties, list(dict.fromkeys(establishes)), held_in


def attendees(text: str, orgs: list[Mention]) -> dict[str, str]:
    """Organisations of a sentence that reports who attended or spoke (…出席会议, 会上，X发布…)."""
    if not (ATTENDANCE_RE.search(text) or CONTEXT_START_RE.match(text)):
        return {}
    return {o.canonical: "participant" for o in orgs if o.standalone and not o.is_place}


def title_for(kind: str, sentence: str, parties: dict[str, str], establishes: list[str]) -> str:
    signatories = [p for p, r in parties.items() if r == "signatory"]
    if kind == "signing" and len(signatories) >= 2:
        t = "与".join(signatories[:2]) + ("等" if len(signatories) > 2 else "") + "签约"
        if establishes:
            t += "（" + "、".join(establishes[:2]) + "）"
        return t[:80]
    if kind in ("unveiling", "opening", "settlement") and establishes:
        verb = {"unveiling": "揭牌", "opening": "启用", "settlement": "落户"}[kind]
        return ("、".join(establishes[:2]) + verb)[:80]
    s = sentence.strip()
    s = re.sub(r"^[\d月日年\s，,、上下午]+", "", s)
    return s[:60] or sentence[:60]


def merge_events(drafts: list[EventDraft]) -> list[EventDraft]:
    """One event per ceremony."""
    out: list[EventDraft] = []
    for d in drafts:
        target = None
        for o in out:
            if o.kind != d.kind or (o.date and d.date and o.date[:7] != d.date[:7]):
                continue
            if o.date != d.date and o.date and d.date and len(o.date) == len(d.date) == 10:
                continue
            shared = (set(o.parties) & set(d.parties)) or (set(o.establishes) & set(d.establishes))
            near = o.paragraph == d.paragraph or abs(o.sentences[-1] - d.sentences[0]) <= 3
            # two signings of one day near each other are one ceremony only when one of them names
            # no signatories of its own (南大环规院苏州分院与城乡发展局…签署 is a second signing)
            signers_o = {k for k, v in o.parties.items() if v == "signatory"}
            signers_d = {k for k, v in d.parties.items() if v == "signatory"}
            distinct = o.kind == "signing" and signers_o and signers_d and not (signers_o & signers_d)
            # two unveilings of one day of different things in different places are two ceremonies
            if o.establishes and d.establishes and not set(o.establishes) & set(d.establishes) \
                    and o.held_in and d.held_in and o.held_in != d.held_in:
                distinct = True
            if (shared and (near or o.date == d.date)) or (near and o.date == d.date and not distinct):
                target = o
                break
        if target is None:
            out.append(d)
            continue
        target.sentences.extend(d.sentences)
        for k, v in d.parties.items():
            if k not in target.parties or target.parties[k] == "participant":
                target.parties[k] = v
        for e in d.establishes:
            if e not in target.establishes:
                target.establishes.append(e)
            target.parties.pop(e, None)
        target.held_in = target.held_in or d.held_in
        target.date = target.date if (target.date and len(target.date) >= len(d.date or "")) else d.date
    return out
