"""Assemble the graph document of one source document from mentions, events and relations."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from innograph.graph.ids import event_id, normalize_name, org_id, place_id
from innograph.graph.model import DocumentInfo, GraphDocument, Node, Relationship
from innograph.graph.ontology import labels_for_event
from innograph.loaders.document import Sentence, SourceDocument
from innograph.loaders.extract import dates as dt
from innograph.loaders.extract import events as ev
from innograph.loaders.extract import relations as rel
from innograph.loaders.extract.entities import distribute_heads, find_enumerations, find_orgs, table_row
from innograph.loaders.extract.lexicon import Lexicon, lexicon
from innograph.loaders.extract.mentions import Mention
from innograph.loaders.extract.places import find_places
from innograph.loaders.extract.resolve import Resolver, short_form_regex, short_keys
from innograph.loaders.extract.sections import SCOPE_LEVELS, Places, Scopes, document_subject, heading_level, is_toc

PLACE_LEVELS = ("city", "county", "district", "zone", "town")
_FULL_PLACE_RE = re.compile(r"(市|区|县|镇|街道|园区|新城|片区)$")


# LOCATED_IN evidence, strongest first: what a body sentence states (落户X, 位于X, 在X设立), what a
# heading states, where the event that created it was held, the place in its name, the place the
# section or document is about.
P_SENTENCE, P_HEADING, P_EVENT, P_NAME, P_SCOPE = range(5)
# Organisations whose location the section's place gives: carriers and institutes described in a
# section about a place (governments, companies and universities say where they are by name).
_SCOPED_KINDS = ("ResearchInstitute", "Incubator")
_ASPIRATIONAL_RE = re.compile(r"(?:争创|力争|争取|创建|筹建|申报|申请|对标|学习)[^，。；]{0,4}$")
_NATIONAL_RE = re.compile(r"^(?:国家|中国|全国|中华|国际|世界|全球|欧洲|亚洲|非洲|美洲|北美|拉美|亚太)")
# A signing ceremony reported as held (…集中签约仪式在…隆重举行) is an event even without named parties.
_CEREMONY_HELD_RE = re.compile(r"签约仪式[^，。；]{0,20}(?:举行|举办|召开)")
_COBUILD_BEFORE_RE = re.compile(r"(?:共建|共同建设|共同打造|合作共建|合作建设|联合设立|合作设立|联合共建|联合建设)[^，。；]{0,40}$")


@dataclass
class _Sent:
    sent: Sentence
    places: list[Mention]
    orgs: list[Mention]
    toc: bool = False
    heading: int | None = None
    scope: str | None = None

    def __iter__(self):     # (sentence, places, orgs) unpacking
        return iter((self.sent, self.places, self.orgs))


def _year_fallback(text: str) -> str | None:
    """A year for a document without a date: the latest year its head names, else the most common
    year of its text (a yearbook chapter on 2020 names 2020 most)."""
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text)]
    if not years:
        return None
    head = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text[:400])]
    if head:
        return str(max(head))
    return str(Counter(years).most_common(1)[0][0])


def _sentences(source: SourceDocument) -> list[Sentence]:
    if source.sentences:
        return source.sentences
    from innograph.loaders.text import split_sentences

    return split_sentences(source.text)


class _Builder:
    def __init__(self, source: SourceDocument):
        self.source = source
        self.lex: Lexicon = lexicon()
        self.doc = source.id
        self.nodes: dict[str, Node] = {}
        self.rels: list[Relationship] = []
        self.rel_keys: set[tuple] = set()
        self.first_evidence: dict[str, str] = {}
        self.surfaces: dict[str, list[str]] = defaultdict(list)
        self.kind_votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    # -- helpers -------------------------------------------------------------------------------
    def node_id(self, m: Mention) -> str:
        return place_id(m.canonical) if m.is_place else org_id(m.canonical)

    def add_rel(self, type_: str, start: str, end: str, evidence: str, extractor: str, confidence: float, **props) -> None:
        if start == end or start not in self.nodes or end not in self.nodes:
            return
        r = Relationship(type=type_, start=start, end=end,
                         properties={"doc": self.doc, "evidence": evidence, "extractor": extractor,
                                     "confidence": round(confidence, 2), **props})
        if r.key() in self.rel_keys:
            return
        self.rel_keys.add(r.key())
        self.rels.append(r)

    def ensure_place(self, canonical: str, evidence: str, surface: str | None = None) -> str | None:
        entry = self.lex.places.get(canonical)
        level = entry.level if entry else "zone"
        if level not in PLACE_LEVELS:
            return None
        nid = place_id(canonical)
        if nid not in self.nodes:
            self.nodes[nid] = Node(id=nid, labels=["District"], properties={"name": normalize_name(canonical), "aliases": [], "level": level})
            self.first_evidence.setdefault(nid, evidence)
        if surface:
            s = normalize_name(surface)
            if s not in self.surfaces[nid]:
                self.surfaces[nid].append(s)
        return nid

    def ensure_org(self, m: Mention, evidence: str) -> str:
        nid = self.node_id(m)
        if nid not in self.nodes:
            self.nodes[nid] = Node(id=nid, labels=["Organization", m.label], properties={"name": normalize_name(m.canonical), "aliases": []})
            self.first_evidence.setdefault(nid, evidence)
        s = normalize_name(m.surface)
        if s not in self.surfaces[nid]:
            self.surfaces[nid].append(s)
        weight = 1.0 if m.rule.startswith("dict") else (0.8 if "suffix" in m.rule or "subunit" in m.rule else 0.5)
        if "inherit" in m.rule:
            weight = 0.9
        self.kind_votes[nid][m.label] += weight
        return nid

    def ensure(self, m: Mention, evidence: str) -> str | None:
        if m.is_place:
            return self.ensure_place(m.canonical, evidence, m.surface)
        return self.ensure_org(m, evidence)


def extract_graph_impl(source: SourceDocument) -> GraphDocument:
    b = _Builder(source)
    lex = b.lex
    text = source.text
    sentences = _sentences(source)
    resolver = Resolver(lex)
    place_spans = lex.place_spans(text)
    resolver.prescan(text, place_spans)
    starts = [s for s, _e in place_spans]
    paragraph_breaks = [m.start() for m in re.finditer(r"\n\s*\n", text)]
    doc_date = source.date or _year_fallback(text)

    def paragraph_of(pos: int) -> int:
        return bisect.bisect_right(paragraph_breaks, pos)

    # The document's subject place: its title's, else the place that dominates its mentions.
    pl = Places(lex)
    title_places = [p.canonical for p in find_places(source.title or "", 0, 0, lex) if p.canonical and p.level != "province"]
    counted = []
    for s_, e_ in place_spans:
        surface = text[s_:e_]
        canon = lex.place_alias.get(surface) or (lex.context_alias.get(surface) or [None])[0]
        if canon:
            counted.append(canon)
    scopes = Scopes(pl, document_subject(source.title or "", counted, title_places, pl))

    # Table-of-contents lines, and the lines between them (an entry cut in two: "（二）…大会召" / "开.....28").
    toc_flags = []
    for sent in sentences:
        whole_line = (sent.start == 0 or text[sent.start - 1] == "\n") and (sent.end >= len(text) or text[sent.end] == "\n")
        toc_flags.append(whole_line and is_toc(sent.text))
    toc_at = [i for i, f in enumerate(toc_flags) if f]
    for a, c in zip(toc_at, toc_at[1:]):
        if c - a <= 3:
            for i in range(a + 1, c):
                toc_flags[i] = True

    per_sentence: list[_Sent] = []
    for sent, toc in zip(sentences, toc_flags):
        whole_line = (sent.start == 0 or text[sent.start - 1] == "\n") and (sent.end >= len(text) or text[sent.end] == "\n")
        level = None if toc else heading_level(sent.text, whole_line)
        scope = scopes.current()
        resolver.scope = scope
        resolver.scope_ancestors = pl.ancestors(scope) if scope else ()
        lo = bisect.bisect_left(starts, sent.start)
        hi = bisect.bisect_left(starts, sent.end)
        rel_spans = [(s - sent.start, e - sent.start) for s, e in place_spans[lo:hi] if e <= sent.end]
        places = find_places(sent.text, sent.start, sent.index, lex, rel_spans)
        for p in places:
            resolver.resolve_place(p)
            pl.note(p.canonical, p.parent)
        orgs = find_orgs(sent.text, sent.start, sent.index, lex, places)
        orgs += find_enumerations(sent.text, sent.start, sent.index, lex, orgs, places)
        orgs = [o for o in orgs if o.rule != "dropped"]
        for p in places:
            if any(o.start <= p.start and p.end <= o.end for o in orgs):
                p.standalone = False
        if level is not None:
            named = [p.canonical for p in places if p.level in PLACE_LEVELS and p.canonical]
            scopes.heading(level, named)
            scope = scopes.current()
            resolver.scope = scope
            resolver.scope_ancestors = pl.ancestors(scope) if scope else ()
        orgs += distribute_heads(sent.text, sent.start, sent.index, orgs, places)
        for o in orgs:
            resolver.resolve_org(o)
        orgs = [o for o in orgs if o.canonical]
        per_sentence.append(_Sent(sent, places, orgs, toc, level, scope))
    body = [x for x in per_sentence if not x.toc]

    # In-document short forms of full legal names (湖北亿咖通科技有限公司 ... 亿咖通).
    keys: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for _sent, _places, orgs in per_sentence:
        for o in orgs:
            for k in short_keys(o.canonical, lex):
                if k not in keys and not lex.place_alias.get(k) and not lex.org(k):
                    keys[k] = o.canonical
                    kinds[k] = o.label
    short_re = short_form_regex(keys)
    if short_re:
        for sent, places, orgs in per_sentence:
            for m in short_re.finditer(sent.text):
                s, e = sent.start + m.start(), sent.start + m.end()
                if any(o.start <= s < o.end or o.start < e <= o.end for o in orgs + places):
                    continue
                nxt = sent.text[m.end():m.end() + 1]
                if nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in "与和及、等在的将为是于也还并已共":
                    continue
                orgs.append(Mention(s, e, m.group(), kinds[m.group()], sent.index, "resolve:short_form", 0.7,
                                    canonical=keys[m.group()]))

    # Names the grammar cannot see by themselves (enumerated: 苏州纳米城, Latin: PraxisAuril) wherever
    # the document repeats them.
    listed: dict[str, tuple[str, str]] = {}
    for _sent, _places, orgs in per_sentence:
        for o in orgs:
            if o.rule.startswith(("grammar:enumeration", "grammar:latin")) and len(o.surface) >= 3:
                listed.setdefault(o.surface, (o.canonical, o.label))
    if listed:
        listed_re = short_form_regex({k: v[0] for k, v in listed.items()})
        for sent, places, orgs in per_sentence:
            for m in listed_re.finditer(sent.text):
                s, e = sent.start + m.start(), sent.start + m.end()
                if any(o.start < e and s < o.end for o in orgs):
                    continue
                canon, label = listed[m.group()]
                orgs.append(Mention(s, e, m.group(), label, sent.index, "resolve:repeated_name", 0.65, canonical=canon))
                for p in places:
                    if s <= p.start and p.end <= e:
                        p.standalone = False

    # One entity per organisation: short forms that end a longer name of the same kind
    # (中日产业创新中心 -> 阳澄湖中日产业创新中心), names read as another's alias (江苏第三代半导体研究院 ->
    # 江苏第三代半导体研究院有限公司), a place's short form in front (昆山工业技术研究院 -> 昆山市…).
    canon_label: dict[str, str] = {}
    alias_of: dict[str, str] = {}
    for _sent, _places, orgs in per_sentence:
        for o in orgs:
            canon_label.setdefault(o.canonical, o.label)
            for a in o.aliases:
                a = normalize_name(a)
                if a != o.canonical:
                    alias_of.setdefault(a, o.canonical)
    # Every longer name by each of its proper suffixes of 4+ characters, longest names first: one
    # lookup per name, where scanning all names for each was quadratic (~14 % of extraction).
    longer_by_suffix: dict[str, list[str]] = defaultdict(list)
    for x in sorted(canon_label, key=len, reverse=True):
        for i in range(1, len(x) - 3):
            longer_by_suffix[x[i:]].append(x)
    remap: dict[str, str] = {}
    for c in canon_label:
        if c in alias_of and alias_of[c] in canon_label and not lex.org(c):
            remap[c] = alias_of[c]
            continue
        pm = lex.place_re.match(c)
        if pm and not lex.org(c):
            full = lex.place_alias.get(pm.group())
            if full and full != pm.group() and full.startswith(pm.group()) and full + c[pm.end():] in canon_label:
                remap[c] = full + c[pm.end():]
                continue
        if lex.org(c) or len(c) < 4:
            continue
        longer = [x for x in longer_by_suffix.get(c, ()) if canon_label[x] == canon_label[c]]
        if len(longer) >= 1 and len({canon_label[x] for x in longer}) == 1:
            target = longer[-1]
            prefix = target[: len(target) - len(c)]
            # the longer name only adds a place or an organisation in front
            if prefix and not re.search(r"[、，与和及]", prefix):
                remap[c] = target
    for _sent, _places, orgs in per_sentence:
        for o in orgs:
            seen = 0
            while o.canonical in remap and seen < 4:
                o.canonical = remap[o.canonical]
                seen += 1

    # Anaphora: 该研究院, 该公司, 这是… name the organisation just described.
    _resolve_anaphora(body)

    # Nodes and MENTIONED_IN aliases; body sentences first, so that evidence is never a TOC line
    # when the text names the entity elsewhere.
    for x in body + [x for x in per_sentence if x.toc]:
        sent, places, orgs = x
        for p in places:
            if p.standalone and p.level in PLACE_LEVELS and not x.toc:
                b.ensure_place(p.canonical, sent.text, p.surface)
        for o in orgs:
            if o.rule == "resolve:anaphora":
                continue
            nid = b.ensure_org(o, sent.text)
            for extra in [getattr(o, "expanded", "") or "", *o.aliases]:
                extra = normalize_name(extra)
                if extra and extra != o.canonical and extra not in b.surfaces[nid]:
                    b.surfaces[nid].append(extra)

    located: dict[str, list[tuple[int, str, str, str, float]]] = defaultdict(list)

    def locate(oid: str, pid: str | None, priority: int, evidence: str, rule: str, conf: float) -> None:
        if pid and oid in b.nodes and oid.startswith("org:"):
            located[oid].append((priority, pid, evidence, rule, conf))

    # Structural relations: nesting, name prefixes, dictionary containment (body sentences only).
    for x in body:
        sent, places, orgs = x
        for o in orgs:
            oid = b.node_id(o)
            for inner in o.inner:
                iid = b.node_id(inner)
                if inner.is_place:
                    continue
                if o.label == "Incubator" and inner.label == "Enterprise":
                    if inner.surface.endswith("公司"):
                        b.add_rel("OPERATED_BY", oid, iid, sent.text, "rule:operated_by.nested_name", 0.7)
                    else:       # 腾讯（苏州）数字产业基地: a brand's carrier
                        b.add_rel("FOUNDED_BY", oid, iid, sent.text, "rule:founded_by.nested_name", 0.65)
                else:
                    b.add_rel("BRANCH_OF", oid, iid, sent.text, "rule:branch_of.nested_name", 0.8)
            # dictionary parents: 中国科学院苏州纳米技术与纳米仿生研究所 -> 中国科学院
            entry = lex.org(o.canonical)
            if entry:
                parent = None
                for k in range(len(o.canonical) - 1, 1, -1):
                    cand = lex.org_alias.get(o.canonical[:k])
                    if cand and cand != entry.name and o.canonical[:k] == cand:
                        parent = lex.orgs[cand]
                        break
                if parent:
                    pmention = Mention(o.start, o.start, parent.name, parent.kind, sent.index, "dict:org", 0.9,
                                       canonical=parent.name, standalone=False)
                    pid = b.ensure_org(pmention, sent.text)
                    b.add_rel("BRANCH_OF", oid, pid, sent.text, "rule:branch_of.dictionary", 0.9)
            for pid, rule in _name_places(b, lex, o, sent.text):
                locate(oid, pid, P_NAME, sent.text, rule, 0.75)
        # table rows: a district cell and an organisation cell
        cells = table_row(sent.text)
        if cells and len(cells) >= 3 and cells[0].isdigit():
            row_places = [p for p in places if p.standalone and p.level in PLACE_LEVELS
                          and normalize_name(p.surface) in {normalize_name(c) for c in cells}]
            if row_places:
                for o in orgs:
                    if o.standalone:
                        locate(b.node_id(o), b.ensure_place(row_places[0].canonical, sent.text, row_places[0].surface),
                               P_SENTENCE, sent.text, "rule:located_in.table_row", 0.85)

    # PART_OF between places of this document: the nearest ancestor the document names.
    place_nodes = {n.properties["name"]: nid for nid, n in b.nodes.items() if n.labels == ["District"]}
    for name, nid in list(place_nodes.items()):
        for parent in pl.ancestors(name):
            if parent in place_nodes:
                b.add_rel("PART_OF", nid, place_nodes[parent], b.first_evidence.get(nid, ""), "dict:divisions", 0.95)
                break

    # Sentence relations (body sentences; headings only where the body says nothing).
    founded_pairs: list[tuple[str, str, str]] = []
    for x in body:
        sent, places, orgs = x
        prio = P_HEADING if x.heading is not None else P_SENTENCE
        for c, f, rule, conf in rel.founded_by(sent.text, sent.start, orgs, places):
            if x.heading is not None:
                continue
            if f.is_place:      # a place that co-builds an institute hosts it (由黄埭镇与上海交通大学合作共建)
                locate(b.node_id(c), b.ensure_place(f.canonical, sent.text, f.surface), P_SENTENCE, sent.text,
                       "rule:located_in.cobuilt_by_place", 0.75)
                continue
            b.add_rel("FOUNDED_BY", b.node_id(c), b.node_id(f), sent.text, rule, conf)
            founded_pairs.append((b.node_id(c), b.node_id(f), sent.text))
        for o, p, rule, conf in rel.located_in(sent.text, sent.start, orgs, places):
            if not o.is_place:
                locate(b.node_id(o), b.ensure_place(p.canonical, sent.text, p.surface), prio, sent.text, rule, conf)
        for c, op, rule, conf in rel.operated_by(sent.text, sent.start, orgs):
            if x.heading is None:
                b.add_rel("OPERATED_BY", b.node_id(c), b.node_id(op), sent.text, rule, conf)
        if x.heading is None:
            for c, parent, rule, conf in rel.branch_statements(sent.text, sent.start, orgs):
                b.add_rel("BRANCH_OF", b.node_id(c), b.node_id(parent), sent.text, rule, conf)
            for c, f, rule, conf in rel.developed_by(sent.text, sent.start, orgs):
                b.add_rel("FOUNDED_BY", b.node_id(c), b.node_id(f), sent.text, rule, conf)

    # Events (body sentences).
    drafts: list[ev.EventDraft] = []
    last_date: dict[int, str] = {}
    last_year: dict[int, int] = {}
    section = 0
    section_date: str | None = None
    recent: list[ev.EventDraft] = []          # the events of the latest dated event sentence
    since_event = 99
    for x in body:
        sent, places, orgs = x
        if x.heading is not None:
            section += 1
            section_date, recent, since_event = None, [], 99
            continue
        para = paragraph_of(sent.start)
        y = dt.year_in(sent.text)
        hint = last_year.get(para)
        dates = dt.find_dates(sent.text, doc_date, hint)
        date = dates[0][2] if dates else None
        if y:
            last_year[para] = y
        if date:
            last_date[para] = date
        triggers = ev.detect(sent.text)
        context = bool(ev.CONTEXT_START_RE.match(sent.text))
        since_event += 1
        if triggers and recent and since_event <= 4 and not dates and ev.ATTENDS_CEREMONY_RE.search(sent.text):
            triggers = []       # …出席签约仪式: who attended the ceremony just reported
        if recent and since_event <= 4 and not triggers:
            # who attended or spoke: parties of the ceremony just reported
            for d in recent:
                for k, v in ev.attendees(sent.text, orgs).items():
                    if k not in d.establishes:
                        d.parties.setdefault(k, v)
        if not triggers:
            continue
        found = []
        for kind, ts, te in triggers:
            # the date of this trigger: one before it in the sentence, else the paragraph's, else (for
            # a report on the same ceremony: 活动现场…, 会上…) the section's
            own = [d for s_, e_, d in dates if s_ < ts]
            when = own[-1] if own else (dates[0][2] if dates and kind != "settlement" else None)
            if when is None and kind != "settlement":
                when = last_date.get(para)
            if when is None and context:
                when = section_date
            if not when:
                continue
            parties, establishes, held_in = ev.roles_for(kind, sent.text, sent.start, ts, te, orgs, places)
            if kind in ("unveiling", "opening", "settlement") and not establishes:
                continue
            if kind == "signing" and not parties and not establishes:
                # a ceremony reported as held (苏州工业园区重点项目集中签约仪式在…举行): the place that
                # names it hosts it; without one the signing links nobody
                cm = _CEREMONY_HELD_RE.search(sent.text)
                host = next((p for p in places if p.canonical and p.level in PLACE_LEVELS and cm
                             and ev.clause_bounds(sent.text, cm.start())[0] <= p.start - sent.start < cm.start()), None)
                if host is None:
                    continue
                parties = {host.canonical: "host"}
            if context and recent and not dates:
                # 活动现场，X揭牌 / 活动中，大赛启动: at the ceremony just reported
                held_in = recent[0].held_in or held_in
                same = next((r for r in recent if set(r.establishes) & set(establishes)), None)
                if same is not None:
                    for e_ in establishes:
                        if e_ not in same.establishes:
                            same.establishes.append(e_)
                    continue
            if held_in is None and kind in ("conference", "competition", "signing") and x.scope and \
                    pl.level(x.scope) in SCOPE_LEVELS:
                held_in = x.scope
            clause = ev.clause_bounds(sent.text, ts)
            held_in = _most_specific(pl, held_in, [p.canonical for p in places if p.canonical
                                                   and clause[0] <= p.start - sent.start < clause[1]])
            d = ev.EventDraft(kind, when, [sent.index], sent.text, parties, establishes, held_in, paragraph=para,
                              section=section)
            for o in orgs:
                d.party_labels[o.canonical] = "place" if o.is_place else "org"
            for p in places:
                d.party_labels[p.canonical] = "place"
            drafts.append(d)
            found.append(d)
        if found and (dates or not context):
            recent, since_event = found, 0
            section_date = found[0].date
    events = ev.merge_events(drafts)
    canon_to_id: dict[str, str] = {}
    for _sent, places, orgs in per_sentence:
        for o in orgs:
            canon_to_id.setdefault(o.canonical, b.node_id(o))
        for p in places:
            canon_to_id.setdefault(p.canonical, place_id(p.canonical))
    for e in events:
        parties = {k: v for k, v in e.parties.items() if canon_to_id.get(k) in b.nodes}
        if not parties and e.kind == "signing":
            continue            # a signing links organisations (or places) as its parties
        key = sorted(parties) or [f"+{x}" for x in e.establishes] or [f"@{e.held_in}", e.evidence[:40]]
        eid = event_id(e.kind, e.date, key)
        title = ev.title_for(e.kind, e.evidence, parties, e.establishes)
        b.nodes[eid] = Node(id=eid, labels=labels_for_event(e.kind), properties={"kind": e.kind, "date": e.date, "title": title})
        b.first_evidence[eid] = e.evidence
        evidence = e.evidence
        for p, role in parties.items():
            b.add_rel("PARTY_TO", canon_to_id[p], eid, evidence, f"rule:event.{e.kind}.party", 0.75, role=role)
        held_id = None
        if e.held_in:
            held_id = b.ensure_place(e.held_in, evidence)
            if held_id:
                b.add_rel("HELD_IN", eid, held_id, evidence, f"rule:event.{e.kind}.held_in", 0.7)
        for est in e.establishes:
            est_id = canon_to_id.get(est)
            if est_id in b.nodes:
                b.add_rel("ESTABLISHES", eid, est_id, evidence, f"rule:event.{e.kind}.establishes", 0.75)
                if held_id and est_id.startswith("org:"):
                    locate(est_id, held_id, P_EVENT, evidence, "rule:located_in.event", 0.6)
                if e.kind == "signing" and _cobuilt(evidence, est):
                    for p, role in parties.items():
                        pid = canon_to_id[p]
                        if role == "signatory" and pid.startswith("org:"):
                            b.add_rel("FOUNDED_BY", est_id, pid, evidence, "rule:founded_by.signing_event", 0.6)
        sigs = [canon_to_id[p] for p, r in parties.items() if r == "signatory" and canon_to_id[p].startswith("org:")]
        for i, a in enumerate(sigs):
            for c in sigs[i + 1:]:
                b.add_rel("COLLABORATES_WITH", a, c, evidence, "rule:collaborates.event", 0.6, via=eid)
    # co-founders collaborate
    by_created: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for c, f, evidence in founded_pairs:
        by_created[c].append((f, evidence))
    for c, founders in by_created.items():
        ids = list(dict.fromkeys(f for f, _ in founders))
        for i, a in enumerate(ids):
            for d in ids[i + 1:]:
                evidence = founders[0][1]
                b.add_rel("COLLABORATES_WITH", a, d, evidence, "rule:collaborates.co_founding", 0.6, via="FOUNDED_BY")

    # Where the section or the document is about one place, the institutes and carriers it
    # describes without saying where they are sit in that place.
    _scope_locations(b, lex, pl, body, locate)
    # LOCATED_IN: the strongest evidence each organisation has; the most specific of nested places.
    for oid, cands in located.items():
        best = min(c[0] for c in cands)
        chosen = [c for c in cands if c[0] == best]
        pids = {c[1] for c in chosen}
        names = {pid: b.nodes[pid].properties["name"] for pid in pids if pid in b.nodes}
        for prio, pid, evidence, rule, conf in chosen:
            name = names.get(pid)
            if name and any(other != pid and name in pl.ancestors(names.get(other, "")) for other in pids):
                continue        # 北京市 when 北京市朝阳区 is known
            b.add_rel("LOCATED_IN", oid, pid, evidence, rule, conf)

    # Finalise nodes: kind by vote, aliases = surface forms in this document.
    for nid, node in b.nodes.items():
        if "Organization" in node.labels:
            votes = b.kind_votes.get(nid)
            if votes:
                node.labels = ["Organization", max(votes.items(), key=lambda kv: kv[1])[0]]
        if "Event" not in node.labels:
            name = node.properties["name"]
            node.properties["aliases"] = [s for s in b.surfaces.get(nid, []) if s != name]
    # MENTIONED_IN for every node.
    for nid, node in b.nodes.items():
        evidence = b.first_evidence.get(nid) or (sentences[0].text if sentences else "")
        props = {"aliases": list(b.surfaces.get(nid, []))} if "Event" not in node.labels else {}
        r = Relationship(type="MENTIONED_IN", start=nid, end=b.doc,
                         properties={"doc": b.doc, "evidence": evidence, "extractor": "rule:mention",
                                     "confidence": 1.0, **props})
        b.rels.append(r)

    info = DocumentInfo(id=source.id, path=source.path, title=source.title, date=source.date,
                        sha256=source.sha256 or None, chars=len(source.text), format=source.format)
    return GraphDocument(documents=[info], nodes=list(b.nodes.values()), relationships=b.rels)


def _most_specific(pl: Places, held: str | None, named: list[str]) -> str | None:
    """The most specific place the sentence names inside ``held`` (苏州 of a venue, 苏州工业园区 of the
    ceremony's name: 苏州工业园区)."""
    if not held:
        return held
    inside = [p for p in named if p != held and held in pl.ancestors(p)]
    return max(inside, key=pl.rank) if inside else held


_ANAPHOR_RE = re.compile(r"(?:该|此|这一?)(研究院|研究所|研究中心|实验室|中心|学院|公司|联盟|基地|产业园|园区|平台|机构|协会)"
                         r"|^这(?=是)")


def _resolve_anaphora(body: list[_Sent]) -> None:
    """Mentions for 该研究院 / 该公司 (the latest organisation of that head in the section) and for a
    sentence-initial 这是 (the first organisation of the sentence before)."""
    recent: list[Mention] = []
    prev_first: Mention | None = None
    for x in body:
        sent, _places, orgs = x
        if x.heading is not None:
            recent, prev_first = [], None
            continue
        spans = [(o.start - sent.start, o.end - sent.start) for o in orgs]
        own = sorted((o for o in orgs if o.standalone and not o.is_place), key=lambda o: o.start)
        for m in _ANAPHOR_RE.finditer(sent.text):
            if any(s_ < m.end() and m.start() < e_ for s_, e_ in spans):
                continue
            head = m.group(1)
            before = [o for o in own if o.end - sent.start <= m.start()]
            pool = list(reversed(before)) + list(reversed(recent))
            if head is None:
                ante = prev_first
            elif head in ("机构", "平台"):
                ante = next((o for o in pool if o.label in ("ResearchInstitute", "Incubator")), None)
            else:
                ante = next((o for o in pool if any(n.endswith(head) or (head == "中心" and "中心" in n[-6:])
                                                    for n in (o.canonical, o.surface, *o.aliases))), None)
            if ante is None:
                continue
            orgs.append(Mention(sent.start + m.start(), sent.start + m.end(), m.group(), ante.label, sent.index,
                                "resolve:anaphora", 0.6, canonical=ante.canonical))
        if own:
            recent = (recent + own)[-12:]
            prev_first = own[0]


def _cobuilt(evidence: str, established: str) -> bool:
    """Whether the signing sentence says its parties build what it establishes (共建X), rather than
    that X settles or is unveiled (X签约落户, X揭牌)."""
    at = evidence.find(established)
    if at < 0:
        short = established[-6:]
        at = evidence.find(short)
    return at >= 0 and bool(_COBUILD_BEFORE_RE.search(evidence[:at]))


def _name_places(b: _Builder, lex: Lexicon, o: Mention, evidence: str) -> list[tuple[str, str]]:
    """Places an organisation's own name locates it in: 苏州市科学技术局 -> 苏州市, 苏州市知识产权保护中心
    相城分中心 -> 相城区 (the place after the parent's name), 中国（苏州）知识产权保护中心 -> 苏州市."""
    if o.is_place or o.label not in ("Government", "Association", "ResearchInstitute", "Incubator"):
        return []
    name = o.canonical
    out: list[tuple[str, str]] = []
    begin = 0
    if o.inner:
        parent = max(o.inner, key=lambda i: i.end)
        rest = o.surface[parent.end - o.start:]
        cut = name.rfind(rest) if rest else -1
        if cut <= 0:
            return []
        name, begin = name[cut:], cut
    bm = re.match(r"^(?:中国|中华)[（(]([^（）()]{2,4})[）)]", name)
    if bm and lex.place_alias.get(bm.group(1)):
        canon = lex.place_alias[bm.group(1)]
        pid = b.ensure_place(canon, evidence, bm.group(1)) if canon in lex.places else None
        return [(pid, "rule:located_in.name_bracket")] if pid else []
    pm = lex.place_re.match(name)
    if not pm:
        return out
    canon = lex.place_alias.get(pm.group())
    if canon is None and pm.group() in lex.context_alias:
        canon = lex.context_alias[pm.group()][0]
    # the longest place prefix: 苏州市相城区 -> 相城区
    pm2 = lex.place_re.match(name, pm.end())
    if pm2 and lex.place_alias.get(pm2.group()):
        canon2 = lex.place_alias[pm2.group()]
        e2 = lex.places.get(canon2)
        if e2 and e2.parent == canon:
            canon = canon2
    full = _FULL_PLACE_RE.search(pm.group()) or o.label in ("Government", "Association")
    if not canon or not full or (o.label == "Association" and pm.end() == len(name)):
        return out
    # the surface that named the place (园区, 度假区 are context short forms)
    surface = pm.group() if lex.place_alias.get(pm.group()) == canon else (pm2.group() if pm2 else None)
    sm = lex.place_re.match(o.surface[begin:] if begin else o.surface)
    if sm and sm.group() in lex.context_alias and o.canonical.endswith(o.surface[(begin if begin else 0) + sm.end():]):
        surface = sm.group()
    pid = b.ensure_place(canon, evidence, surface)
    if pid:
        out.append((pid, "rule:located_in.name_prefix"))
    return out


def _scope_locations(b: _Builder, lex: Lexicon, pl: Places, body: list[_Sent], locate) -> None:
    """LOCATED_IN the section's (or document's) place, for institutes and carriers of that place.

    Only when every body sentence that names the organisation has the same scope, the scope is a
    district, county-level city, zone or town, the organisation is not a national one or known from
    the dictionary (unless its name holds a place of the scope's), its own name holds no place
    outside the scope, the sentence names no other place before it, and it is not an aspiration
    (争创X).
    """
    scopes_of: dict[str, set] = defaultdict(set)
    sample: dict[str, tuple[Mention, _Sent]] = {}
    blocked: set[str] = set()
    for x in body:
        sent, places, orgs = x
        for o in orgs:
            if not o.standalone or o.is_place:
                continue
            oid = b.node_id(o)
            scopes_of[oid].add(x.scope)
            rs = o.start - sent.start
            if _ASPIRATIONAL_RE.search(sent.text[:rs].rstrip("“")):
                blocked.add(oid)
            # a sentence that names another place before the organisation speaks of that place,
            # unless the organisation's own name places it in the scope (苏州同济区块链研究院)
            before = [p for p in places if p.standalone and p.end <= o.start and p.canonical and p.level in PLACE_LEVELS]
            if before and x.scope and not _inside_scope(pl, before[-1].canonical, x.scope):
                if not any(_inside_scope(pl, c, x.scope) for c in _own_places(lex, o)):
                    continue
            # the fullest mention tells best what the name is made of
            if oid not in sample or (len(o.inner), len(o.surface)) > (len(sample[oid][0].inner), len(sample[oid][0].surface)):
                sample[oid] = (o, x)
    for oid, scopes in scopes_of.items():
        if len(scopes) != 1 or oid in blocked or oid not in sample:
            continue
        scope = next(iter(scopes))
        if not scope or pl.level(scope) not in SCOPE_LEVELS:
            continue
        node = b.nodes.get(oid)
        if node is None or node.labels[-1] not in _SCOPED_KINDS:
            continue
        o, x = sample[oid]
        if o.rule.startswith("grammar:subunit"):
            continue
        name = node.properties["name"]
        # the name's own part (after the parent organisation's name, if any)
        own = name
        if o.inner:
            parent = max(o.inner, key=lambda i: i.end)
            own = o.surface[parent.end - o.start:]
        elif lex.org(name):
            # a known organisation is local only when its name says so (中国科学院苏州纳米…研究所)
            own = ""
            if not any(_inside_scope(pl, lex.place_alias.get(m.group(), ""), scope)
                       for m in lex.place_re.finditer(name)):
                continue
        elif _NATIONAL_RE.match(name):
            continue
        if o.inner and not any(_inside_scope(pl, c, scope) for c in _own_places(lex, o)):
            # a unit named after a parent from elsewhere (广东省科学院中乌焊接研究所) sits with its parent
            parent = max(o.inner, key=lambda i: i.end)
            if any((c := lex.place_alias.get(m.group())) and not _inside_scope(pl, c, scope)
                   for m in lex.place_re.finditer(parent.surface)):
                continue
        ok = True
        for m in lex.place_re.finditer(own):
            canon = lex.place_alias.get(m.group())
            if not canon or (m.start() > 0 and own[m.start() - 1] not in "（(" and not re.search(r"[省市区县镇]$", m.group())):
                continue     # 姑苏 in 材料科学姑苏实验室 is an epithet, not a place
            if not (_inside_scope(pl, canon, scope) or pl.within(scope, canon)):
                ok = False
                break
        if ok:
            locate(oid, b.ensure_place(scope, x.sent.text), P_SCOPE, x.sent.text, "rule:located_in.section_scope", 0.55)


def _own_places(lex: Lexicon, o: Mention) -> list[str]:
    """Places an organisation's name itself names, outside the name of its parent organisation
    (相城 in 上海交通大学相城技术创新研究中心) or as a bracketed qualifier (复旦大学张江研究院（苏州）…)."""
    own = o.surface
    if o.inner:
        parent = max(o.inner, key=lambda i: i.end)
        own = o.surface[parent.end - o.start:] + "".join(re.findall(r"[（(][^（）()]+[）)]", o.surface[:parent.end - o.start]))
    out = []
    for m in lex.place_re.finditer(own):
        canon = lex.place_alias.get(m.group())
        if canon:
            out.append(canon)
    return out


def _inside_scope(pl: Places, canon: str, scope: str) -> bool:
    return bool(canon) and (pl.within(canon, scope) or pl.within(scope, canon))
