"""Events: signing, unveiling, settlement, opening, competition and conference.

One event per ceremony: sentences of the same kind and date that share a party, an
establishment or a paragraph are merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from innograph.loaders.extract.mentions import Mention

TRIGGERS: list[tuple[str, re.Pattern]] = [
    ("signing", re.compile(r"签约|签署|签订|签下")),
    ("unveiling", re.compile(r"揭牌|挂牌(?!上市)|授牌|揭幕")),
    ("opening", re.compile(r"开园|启用|开业|投入使用|正式运营|开馆|启动运营|正式启动|启动仪式")),
    ("settlement", re.compile(r"落户|入驻|落地")),
    ("competition", re.compile(r"(?:大赛|竞赛|挑战赛|创业赛)(?:[^，。]{0,12})(?:启动|举办|举行|开幕|开赛|落幕|收官|总决赛)|(?:启动|举办|举行)[^，。]{0,20}(?:大赛|竞赛)")),
    ("conference", re.compile(r"(?:大会|会议|论坛|峰会|推介会|对接会|说明会|宣讲会|发布会|交流会|座谈会|年会|研讨会|洽谈会|博览会|见面会)"
                              r"[^，。]{0,12}(?:召开|举行|举办|开幕|召开|成功举办|隆重举行)"
                              r"|(?:召开|举行|举办)[^，。]{0,30}(?:大会|会议|论坛|峰会|推介会|对接会|说明会|宣讲会|发布会)")),
]
_NOT_EVENT = re.compile(r"计划|将于|拟|预计|争取|力争|推动.{0,6}签约|签约项目\d|签约金额|签约额")
HOST_RE = re.compile(r"由([^，。]{2,40}?)(?:主办|承办|举办|发起)")
WITNESS_RE = re.compile(r"见证")
ESTABLISH_VERBS = re.compile(r"共建|共同建设|共同打造|设立|成立|揭牌|落户|建设|启用|开园|组建|打造|签约落户|落地|注册")
AT_PLACE_RE = re.compile(r"在|于|落户|落地|位于|赴")


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


def detect(sentence_text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each trigger in a sentence, at most one per kind."""
    out = []
    if _NOT_EVENT.search(sentence_text):
        return out
    body = sentence_text.find("】") + 1 if sentence_text.startswith(("【", "[")) else 0
    for kind, rx in TRIGGERS:
        m = rx.search(sentence_text, body) or rx.search(sentence_text)
        if m:
            out.append((kind, m.start(), m.end()))
    kinds = {k for k, _, _ in out}
    if "signing" in kinds:
        out = [t for t in out if t[0] != "settlement"]
    if "unveiling" in kinds or "opening" in kinds:
        out = [t for t in out if t[0] != "settlement"]
    return out


def roles_for(kind: str, text: str, offset: int, trig_start: int, trig_end: int,
              orgs: list[Mention], places: list[Mention]) -> tuple[dict[str, str], list[str], str | None]:
    """Parties (canonical -> role), establishments and the place where it was held."""
    parties: dict[str, str] = {}
    establishes: list[str] = []
    held_in = None
    host = HOST_RE.search(text)
    host_span = (host.start(1), host.end(1)) if host else None
    witness = WITNESS_RE.search(text)
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
        before = text[max(0, rs - 8):rs]
        after = text[re_:re_ + 6]
        if rs >= trig_end:
            # after the trigger: what is created (共建X, 设立X, X揭牌) or a counter-party (与X签约 handled above)
            if kind in ("signing", "unveiling", "opening", "settlement") and (
                    ESTABLISH_VERBS.search(text[trig_start:rs]) or kind != "signing"):
                if m.label not in ("Government",):
                    establishes.append(m.canonical)
                    continue
            if kind in ("conference", "competition"):
                parties.setdefault(m.canonical, "participant")
            continue
        # before the trigger
        if kind in ("unveiling", "opening", "settlement") and ESTABLISH_VERBS.search(text[re_:trig_end + 2]) and \
                re.search(r"^[^，。；]{0,12}(揭牌|落户|启用|开园|落地|成立|入驻|挂牌)", text[re_:]):
            establishes.append(m.canonical)
            continue
        if kind == "signing":
            clause_start = max(text.rfind("，", 0, trig_start), text.rfind("；", 0, trig_start), text.rfind("。", 0, trig_start)) + 1
            parties[m.canonical] = "signatory" if rs >= clause_start else "participant"
        elif kind in ("conference", "competition"):
            parties.setdefault(m.canonical, "participant")
        else:
            parties.setdefault(m.canonical, "participant")
    # places: held_in after 在/于/落户; a place joined by 与 to a signatory is itself a party
    for p in places:
        if p.level == "province" or not p.standalone:
            continue
        rs = p.start - offset
        before = text[max(0, rs - 3):rs]
        if kind == "signing" and rs < trig_start and (before.endswith(("与", "和", "、")) or text[p.end - offset:p.end - offset + 1] in ("与", "和")):
            parties[p.canonical] = "signatory"
            continue
        if AT_PLACE_RE.search(before) and held_in is None:
            held_in = p.canonical
    if held_in is None:
        cands = [p for p in places if p.level not in ("province",) and p.standalone and p.canonical not in parties]
        if cands:
            held_in = cands[-1].canonical if kind == "settlement" else cands[0].canonical
    # an establishment is not its own party
    for e in establishes:
        parties.pop(e, None)
    return parties, list(dict.fromkeys(establishes)), held_in


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
    s = re.sub(r"^[\d月日年\s，,、]+", "", s)
    return s[:60]


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
            if (shared and (near or o.date == d.date)) or (near and o.date == d.date):
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
