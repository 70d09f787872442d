"""Assemble the graph document of one source document from mentions, events and relations."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

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

PLACE_LEVELS = ("city", "county", "district", "zone", "town")
_FULL_PLACE_RE = re.compile(r"(市|区|县|镇|街道|园区|新城|片区)$")


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
    place_spans = [m.span() for m in lex.place_re.finditer(text)]
    resolver.prescan(text, place_spans)
    starts = [s for s, _e in place_spans]
    paragraph_breaks = [m.start() for m in re.finditer(r"\n\s*\n", text)]

    def paragraph_of(pos: int) -> int:
        return bisect.bisect_right(paragraph_breaks, pos)

    per_sentence: list[tuple[Sentence, list[Mention], list[Mention]]] = []
    for sent in sentences:
        lo = bisect.bisect_left(starts, sent.start)
        hi = bisect.bisect_left(starts, sent.end)
        rel_spans = [(s - sent.start, e - sent.start) for s, e in place_spans[lo:hi] if e <= sent.end]
        places = find_places(sent.text, sent.start, sent.index, lex, rel_spans)
        for p in places:
            resolver.resolve_place(p)
        orgs = find_orgs(sent.text, sent.start, sent.index, lex, places)
        orgs += find_enumerations(sent.text, sent.start, sent.index, lex, orgs, places)
        orgs = [o for o in orgs if o.rule != "dropped"]
        for p in places:
            if any(o.start <= p.start and p.end <= o.end for o in orgs):
                p.standalone = False
        orgs += distribute_heads(sent.text, sent.start, sent.index, orgs, places)
        for o in orgs:
            resolver.resolve_org(o)
        per_sentence.append((sent, places, orgs))

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

    # Short forms that end a longer name of the same kind (中日产业创新中心 -> 阳澄湖中日产业创新中心,
    # 苏州分院 -> 南大环规院苏州分院): one entity.
    canon_label: dict[str, str] = {}
    for _sent, _places, orgs in per_sentence:
        for o in orgs:
            canon_label.setdefault(o.canonical, o.label)
    by_len = sorted(canon_label, key=len, reverse=True)
    remap: dict[str, str] = {}
    for c in canon_label:
        if lex.org(c) or len(c) < 4:
            continue
        longer = [x for x in by_len if len(x) > len(c) and x.endswith(c) and canon_label[x] == canon_label[c]]
        if len(longer) >= 1 and len({canon_label[x] for x in longer}) == 1:
            target = longer[-1]
            prefix = target[: len(target) - len(c)]
            # the longer name only adds a place or an organisation in front
            if prefix and not re.search(r"[、，与和及]", prefix):
                remap[c] = target
    for _sent, _places, orgs in per_sentence:
        for o in orgs:
            if o.canonical in remap:
                o.canonical = remap[o.canonical]

    # Nodes and MENTIONED_IN aliases.
    for sent, places, orgs in per_sentence:
        for p in places:
            if p.standalone and p.level in PLACE_LEVELS:
                b.ensure_place(p.canonical, sent.text, p.surface)
        for o in orgs:
            nid = b.ensure_org(o, sent.text)
            expanded = normalize_name(getattr(o, "expanded", "") or "")
            if expanded and expanded != o.canonical and expanded not in b.surfaces[nid]:
                b.surfaces[nid].append(expanded)

    # Structural relations: nesting, name prefixes, dictionary containment.
    for sent, places, orgs in per_sentence:
        for o in orgs:
            oid = b.node_id(o)
            for inner in o.inner:
                iid = b.node_id(inner)
                if inner.is_place:
                    continue
                if o.label == "Incubator" and inner.label == "Enterprise":
                    b.add_rel("OPERATED_BY", oid, iid, sent.text, "rule:operated_by.nested_name", 0.7)
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
                    if True:
                        pmention = Mention(o.start, o.start, parent.name, parent.kind, sent.index, "dict:org", 0.9,
                                           canonical=parent.name, standalone=False)
                        pid = b.ensure_org(pmention, sent.text)
                        b.add_rel("BRANCH_OF", oid, pid, sent.text, "rule:branch_of.dictionary", 0.9)
            # a place at the start of the canonical name: 苏州市科学技术局 -> 苏州市
            if o.label in ("Government", "Association", "ResearchInstitute", "Incubator"):
                pm = lex.place_re.match(o.canonical)
                if pm:
                    canon = lex.place_alias.get(pm.group())
                    if canon is None and pm.group() in lex.context_alias:
                        canon = lex.context_alias[pm.group()][0]
                    # the longest place prefix: 苏州市相城区 -> 相城区
                    pm2 = lex.place_re.match(o.canonical, pm.end())
                    if pm2 and lex.place_alias.get(pm2.group()):
                        canon2 = lex.place_alias[pm2.group()]
                        e2 = lex.places.get(canon2)
                        if e2 and e2.parent == canon:
                            canon = canon2
                    full = _FULL_PLACE_RE.search(pm.group()) or o.label in ("Government", "Association")
                    if canon and full and not (o.label == "Association" and pm.end() == len(o.canonical)):
                        surface = pm.group() if lex.place_alias.get(pm.group()) == canon else (pm2.group() if pm2 else None)
                        pid = b.ensure_place(canon, sent.text, surface)
                        if pid:
                            b.add_rel("LOCATED_IN", oid, pid, sent.text, "rule:located_in.name_prefix", 0.75)
        # table rows: a district cell and an organisation cell
        cells = table_row(sent.text)
        if cells and len(cells) >= 3 and cells[0].isdigit():
            row_places = [p for p in places if p.standalone and p.level in PLACE_LEVELS
                          and normalize_name(p.surface) in {normalize_name(c) for c in cells}]
            if row_places:
                for o in orgs:
                    if o.standalone:
                        b.add_rel("LOCATED_IN", b.node_id(o), place_id(row_places[0].canonical), sent.text,
                                  "rule:located_in.table_row", 0.85)

    # PART_OF between places of this document.
    place_nodes = {n.properties["name"]: nid for nid, n in b.nodes.items() if n.labels == ["District"]}
    for name, nid in list(place_nodes.items()):
        entry = lex.places.get(name)
        parent = entry.parent if entry else None
        if not parent:
            # grammar zones (张家港高新区): parent from the mention
            for _sent, places, _orgs in per_sentence:
                for p in places:
                    if p.canonical == name and p.parent:
                        parent = p.parent
                        break
                if parent:
                    break
        if parent and parent in place_nodes:
            b.add_rel("PART_OF", nid, place_nodes[parent], b.first_evidence.get(nid, ""), "dict:divisions", 0.95)

    # Sentence relations.
    founded_pairs: list[tuple[str, str, str]] = []
    for sent, places, orgs in per_sentence:
        for c, f, rule, conf in rel.founded_by(sent.text, sent.start, orgs):
            b.add_rel("FOUNDED_BY", b.node_id(c), b.node_id(f), sent.text, rule, conf)
            founded_pairs.append((b.node_id(c), b.node_id(f), sent.text))
        for o, p, rule, conf in rel.located_in(sent.text, sent.start, orgs, places):
            pid = b.ensure_place(p.canonical, sent.text, p.surface)
            if pid and not o.is_place:
                b.add_rel("LOCATED_IN", b.node_id(o), pid, sent.text, rule, conf)
        for c, op, rule, conf in rel.operated_by(sent.text, sent.start, orgs):
            b.add_rel("OPERATED_BY", b.node_id(c), b.node_id(op), sent.text, rule, conf)

    # Events.
    drafts: list[ev.EventDraft] = []
    last_date: dict[int, str] = {}
    last_year: dict[int, int] = {}
    for sent, places, orgs in per_sentence:
        para = paragraph_of(sent.start)
        y = dt.year_in(sent.text)
        hint = last_year.get(para)
        date = dt.resolve_date(sent.text, source.date, hint)
        if y:
            last_year[para] = y
        if date:
            last_date[para] = date
        triggers = ev.detect(sent.text)
        if not triggers:
            continue
        date = date or last_date.get(para)
        if not date:
            continue
        for kind, ts, te in triggers:
            parties, establishes, held_in = ev.roles_for(kind, sent.text, sent.start, ts, te, orgs, places)
            if not parties and not establishes and kind in ("signing", "settlement", "unveiling", "opening"):
                continue
            d = ev.EventDraft(kind, date, [sent.index], sent.text, parties, establishes, held_in, paragraph=para)
            for o in orgs:
                d.party_labels[o.canonical] = "place" if o.is_place else "org"
            for p in places:
                d.party_labels[p.canonical] = "place"
            drafts.append(d)
    events = ev.merge_events(drafts)
    canon_to_id: dict[str, str] = {}
    for _sent, places, orgs in per_sentence:
        for o in orgs:
            canon_to_id.setdefault(o.canonical, b.node_id(o))
        for p in places:
            canon_to_id.setdefault(p.canonical, place_id(p.canonical))
    sent_text = {s.index: s.text for s in sentences}
    for e in events:
        parties = {k: v for k, v in e.parties.items() if canon_to_id.get(k) in b.nodes}
        if not parties and not e.establishes and e.kind in ("signing",):
            continue
        eid = event_id(e.kind, e.date, sorted(parties))
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
                    b.add_rel("LOCATED_IN", est_id, held_id, evidence, "rule:located_in.event", 0.6)
                if e.kind == "signing":
                    for p, role in parties.items():
                        pid = canon_to_id[p]
                        if role == "signatory" and pid.startswith("org:"):
                            b.add_rel("FOUNDED_BY", est_id, pid, evidence, "rule:founded_by.signing_event", 0.6)
        sigs = [canon_to_id[p] for p, r in parties.items() if r == "signatory" and canon_to_id[p].startswith("org:")]
        for i, a in enumerate(sigs):
            for c in sigs[i + 1:]:
                b.add_rel("COLLABORATES_WITH", a, c, evidence, f"rule:collaborates.event", 0.6, via=f"event:{eid}")
        _ = sent_text
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
