"""Synthetic graph generator: 10k / 100k / 1M-node graphs with the ontology's labels.

The graph is what an extractor would have written after reading many documents:

* ``District`` nodes (real Suzhou divisions, then invented towns and streets) with ``PART_OF``;
* ``Organization`` nodes of the six kinds, each ``LOCATED_IN`` a district; a Zipf-like popularity
  makes universities, government bodies and a few companies hubs, as in real news;
* ``Event`` nodes (a quarter of the nodes; signings are ``SigningEvent`` too) with ``PARTY_TO``
  (roles), ``HELD_IN``, ``ESTABLISHES`` and ``COLLABORATES_WITH`` between co-signatories (``via``);
* ``FOUNDED_BY``, ``BRANCH_OF``, ``OPERATED_BY`` between organisations;
* facts restated by other documents until there are ``rel_factor`` × n relationships
  (n = entity nodes; the default 5 gives 100k nodes / 500k relationships);
* ``Document`` nodes (n / 10) and a ``MENTIONED_IN`` edge from every node to every document that
  states one of its facts (these are extra: the projection leaves them out).

Every relationship carries the provenance properties ``doc``, ``evidence``, ``extractor`` and
``confidence``. Rows are compact (integers); names and evidence sentences are built on output, so
the 1M-node graph fits in memory. Outputs: one :class:`GraphDocument` per document (the path of
``Store.write``), CSV files for ladybug's ``COPY FROM`` (schema of cypher/ladybug/schema.cypher),
and row batches in the shape of the Neo4j store's write statements.

    .venv/bin/python bench/graphgen.py --nodes 100000 --csv /tmp/innograph-graph-100k
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

if TYPE_CHECKING:
    from innograph.graph.model import GraphDocument

from names import (  # noqa: E402
    ASSOCIATION_SUFFIXES, BRAND_FIRST, BRAND_SECOND, ENTERPRISE_SUFFIXES, FIELDS, GOV_SUFFIXES, INCUBATOR_SUFFIXES,
    INDUSTRIES, RESEARCH_SUFFIXES, SEED, UNIVERSITIES, ZONE_GOV_SUFFIX, all_places,
)

TYPES = ("LOCATED_IN", "PART_OF", "PARTY_TO", "HELD_IN", "ESTABLISHES", "FOUNDED_BY", "BRANCH_OF",
         "OPERATED_BY", "COLLABORATES_WITH")
T = {name: i for i, name in enumerate(TYPES)}
ROLES = ("", "signatory", "host", "witness", "participant")
CONFIDENCES = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
EVENT_KINDS = ("signing", "unveiling", "settlement", "opening", "competition", "conference")
EVENT_WEIGHTS = (0.45, 0.15, 0.15, 0.1, 0.07, 0.08)
EVENT_ZH = {"signing": "签约仪式", "unveiling": "揭牌仪式", "settlement": "项目落户签约", "opening": "开园仪式",
            "competition": "创新创业大赛", "conference": "产业发展大会"}
TABLE = ("District", "Organization", "Event")
EXTRACTORS = {
    "LOCATED_IN": "rule:located_in", "PART_OF": "dictionary:divisions", "PARTY_TO": "rule:event_party",
    "HELD_IN": "rule:event_place", "ESTABLISHES": "rule:event_establishes", "FOUNDED_BY": "rule:founded_by",
    "BRANCH_OF": "rule:name_prefix", "OPERATED_BY": "rule:operated_by", "COLLABORATES_WITH": "rule:shared_event",
}


@dataclass
class SynthGraph:
    """Nodes 0..n-1 (districts, then organisations, then events), documents 0..n_docs-1."""

    seed: int
    n_districts: int
    n_orgs: int
    n_events: int
    n_docs: int
    names: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # district level / organisation kind / event kind
    aliases: dict[int, str] = field(default_factory=dict)
    dates: dict[int, str] = field(default_factory=dict)
    # relationships as parallel numpy arrays
    r_type: np.ndarray = None  # type: ignore[assignment]
    r_src: np.ndarray = None  # type: ignore[assignment]
    r_dst: np.ndarray = None  # type: ignore[assignment]
    r_doc: np.ndarray = None  # type: ignore[assignment]
    r_conf: np.ndarray = None  # type: ignore[assignment]
    r_role: np.ndarray = None  # type: ignore[assignment]
    r_via: np.ndarray = None  # type: ignore[assignment]  # event index or -1
    m_node: np.ndarray = None  # type: ignore[assignment]  # MENTIONED_IN: node -> doc
    m_doc: np.ndarray = None  # type: ignore[assignment]

    @property
    def n(self) -> int:
        return self.n_districts + self.n_orgs + self.n_events

    def table(self, i: int) -> str:
        if i < self.n_districts:
            return "District"
        if i < self.n_districts + self.n_orgs:
            return "Organization"
        return "Event"

    def node_id(self, i: int) -> str:
        t = self.table(i)
        if t == "District":
            return f"place:{self.names[i]}"
        if t == "Organization":
            return f"org:{self.names[i]}"
        return f"event:{self.kinds[i]}:{self.dates[i]}:{i:08x}"

    def labels(self, i: int) -> list[str]:
        t = self.table(i)
        if t == "District":
            return ["District"]
        if t == "Organization":
            return ["Organization", self.kinds[i]]
        return ["Event", "SigningEvent"] if self.kinds[i] == "signing" else ["Event"]

    def doc_id(self, d: int) -> str:
        return f"doc:synth_{d:07d}"

    def node_properties(self, i: int) -> dict:
        t = self.table(i)
        if t == "Event":
            return {"kind": self.kinds[i], "date": self.dates[i], "title": self.names[i]}
        props: dict = {"name": self.names[i], "aliases": [self.aliases[i]] if i in self.aliases else []}
        if t == "District":
            props["level"] = self.kinds[i]
        return props

    def evidence(self, k: int) -> str:
        t = TYPES[self.r_type[k]]
        a, b = self.names[self.r_src[k]], self.names[self.r_dst[k]]
        if t == "LOCATED_IN":
            return f"{a}位于{b}，主要从事相关领域的研发与产业化。"
        if t == "PART_OF":
            return f"{a}隶属{b}管辖。"
        if t == "PARTY_TO":
            return f"{self.dates[int(self.r_dst[k])]}，{a}参加{b}。"
        if t == "HELD_IN":
            return f"{a}在{b}举行。"
        if t == "ESTABLISHES":
            return f"{a}上，{b}正式揭牌成立。"
        if t == "FOUNDED_BY":
            return f"{a}由{b}联合共建。"
        if t == "BRANCH_OF":
            return f"{a}是{b}设立的分支机构。"
        if t == "OPERATED_BY":
            return f"{a}由{b}负责运营管理。"
        return f"{a}与{b}签署合作协议，双方将在多个领域开展合作。"

    def rel_properties(self, k: int) -> dict:
        props = {"doc": self.doc_id(int(self.r_doc[k])), "evidence": self.evidence(k),
                 "extractor": EXTRACTORS[TYPES[self.r_type[k]]], "confidence": CONFIDENCES[self.r_conf[k]]}
        if self.r_role[k]:
            props["role"] = ROLES[self.r_role[k]]
        if self.r_via[k] >= 0:
            props["via"] = self.node_id(int(self.r_via[k]))
        return props

    def summary(self) -> dict:
        types = np.bincount(self.r_type, minlength=len(TYPES))
        return {"nodes": self.n, "districts": self.n_districts, "organizations": self.n_orgs, "events": self.n_events,
                "documents": self.n_docs, "relationships": int(len(self.r_type)),
                "by_type": {TYPES[i]: int(c) for i, c in enumerate(types)},
                "mentioned_in": int(len(self.m_node))}


class _Zipf:
    """Pick index lo..hi-1 with weight 1/(rank + offset) (rank = index - lo)."""

    def __init__(self, lo: int, hi: int, offset: float = 10.0, exponent: float = 1.0) -> None:
        self.lo = lo
        w = 1.0 / (np.arange(hi - lo, dtype=np.float64) + offset) ** exponent
        self.cum = np.cumsum(w)

    def __call__(self, rng: random.Random) -> int:
        return self.lo + int(np.searchsorted(self.cum, rng.random() * self.cum[-1]))

    def many(self, nprng: np.random.Generator, size: int) -> np.ndarray:
        return self.lo + np.searchsorted(self.cum, nprng.random(size) * self.cum[-1])


def _brand(rng: random.Random) -> str:
    k = 2 if rng.random() < 0.5 else 3
    return "".join(rng.choice(BRAND_FIRST if j == 0 else BRAND_SECOND) for j in range(k))


def generate(n: int, *, rel_factor: float = 5.0, seed: int = SEED) -> SynthGraph:
    """A graph of ``n`` entity nodes and ``rel_factor * n`` entity relationships (plus documents and mentions)."""
    rng = random.Random(seed + n)
    nprng = np.random.default_rng(seed + n)
    places = all_places()
    n_districts = max(len(places), n // 200)
    n_events = n // 4
    n_orgs = n - n_districts - n_events
    n_docs = max(20, n // 10)
    g = SynthGraph(seed=seed, n_districts=n_districts, n_orgs=n_orgs, n_events=n_events, n_docs=n_docs)
    names, kinds = g.names, g.kinds
    seen: set[str] = set()
    parent: dict[int, int] = {}
    index: dict[str, int] = {}
    for p in places:
        index[p.name] = len(names)
        names.append(p.name)
        kinds.append(p.level)
        seen.add(p.name)
        if p.short:
            g.aliases[len(names) - 1] = p.short
    for p in places:
        if p.parent:
            parent[index[p.name]] = index[p.parent]
    counties = [index[p.name] for p in places if p.level in ("county", "district", "zone") and p.parent == "苏州市"]
    while len(names) < n_districts:
        name = _brand(rng) + rng.choice(["镇", "街道", "社区", "片区"])
        if name in seen:
            continue
        seen.add(name)
        parent[len(names)] = rng.choice(counties)
        names.append(name)
        kinds.append("town")
    # Organisations: universities and government bodies first (the hubs), then invented ones.
    org_lo = n_districts
    for u in UNIVERSITIES:
        names.append(u)
        kinds.append("University")
        seen.add(u)
    for c in counties:
        for suffix in (GOV_SUFFIXES if kinds[c] != "zone" else [ZONE_GOV_SUFFIX, "科技局"]):
            names.append(names[c] + suffix)
            kinds.append("Government")
            seen.add(names[-1])
    org_kinds = ["Enterprise"] * 62 + ["ResearchInstitute"] * 14 + ["Incubator"] * 14 + ["Association"] * 10
    district_names = names[:n_districts]
    while len(names) < org_lo + n_orgs:
        kind = rng.choice(org_kinds)
        brand = _brand(rng)
        prefix = rng.choice(["苏州", "江苏", "", "", "", rng.choice(district_names).rstrip("市区镇")])
        if kind == "Enterprise":
            core = f"{brand}{rng.choice(INDUSTRIES)}"
            name = f"{prefix}{core}{rng.choice(ENTERPRISE_SUFFIXES)}"
        elif kind == "ResearchInstitute":
            core = f"{brand}{rng.choice(FIELDS)}"
            name = f"{prefix}{core}{rng.choice(RESEARCH_SUFFIXES)}"
        elif kind == "Incubator":
            core = brand
            name = f"{prefix}{brand}{rng.choice(FIELDS)}{rng.choice(INCUBATOR_SUFFIXES)}"
        else:
            core = ""
            name = f"{prefix or '苏州市'}{brand}{rng.choice(FIELDS)}{rng.choice(ASSOCIATION_SUFFIXES)}"
        if name in seen:
            continue
        seen.add(name)
        if core and rng.random() < 0.3 and core not in seen:
            g.aliases[len(names)] = core
        names.append(name)
        kinds.append(kind)
    del seen
    org_hi = org_lo + n_orgs
    pick_org = _Zipf(org_lo, org_hi, offset=10.0)
    pick_district = _Zipf(0, n_districts, offset=3.0)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i in range(org_lo, org_hi):
        by_kind[kinds[i]].append(i)

    t_, s_, d_, doc_, role_, via_ = [], [], [], [], [], []

    def add(t: str, s: int, d: int, doc: int, role: int = 0, via: int = -1) -> None:
        t_.append(T[t])
        s_.append(s)
        d_.append(d)
        doc_.append(doc)
        role_.append(role)
        via_.append(via)

    rand_doc = lambda: rng.randrange(n_docs)  # noqa: E731
    for c, p in parent.items():
        add("PART_OF", c, p, rand_doc())
    for i in range(org_lo, org_hi):
        add("LOCATED_IN", i, pick_district(rng), rand_doc())
    for i in by_kind["Incubator"]:
        add("OPERATED_BY", i, pick_org(rng), rand_doc())
    for _ in range(int(0.25 * n)):
        a = rng.randrange(org_lo, org_hi)
        b = pick_org(rng)
        if a != b:
            add("FOUNDED_BY", a, b, rand_doc())
    for _ in range(int(0.08 * n)):
        a = rng.randrange(org_lo, org_hi)
        b = pick_org(rng)
        if a != b:
            add("BRANCH_OF", a, b, rand_doc())
    ev_lo = org_hi
    for e in range(ev_lo, ev_lo + n_events):
        kind = rng.choices(EVENT_KINDS, EVENT_WEIGHTS)[0]
        year, month, day = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year:04d}-{month:02d}-{day:02d}"
        doc = rand_doc()
        place = pick_district(rng)
        parties = []
        for _ in range(rng.choice((2, 2, 2, 3, 3, 4))):
            o = pick_org(rng)
            if o not in parties:
                parties.append(o)
        title = f"{names[parties[0]]}{'与' + names[parties[1]] if len(parties) > 1 else ''}{EVENT_ZH[kind]}"
        names.append(title)
        kinds.append(kind)
        g.dates[e] = date
        signatory = kind in ("signing", "settlement")
        for j, o in enumerate(parties):
            add("PARTY_TO", o, e, doc, ROLES.index("signatory" if signatory else ("host" if j == 0 else "participant")))
        if rng.random() < 0.15:
            add("PARTY_TO", rng.choice(by_kind["Government"]), e, doc, ROLES.index("witness"))
        if rng.random() < 0.05:
            add("PARTY_TO", place, e, doc, ROLES.index("signatory"))
        add("HELD_IN", e, place, doc)
        if kind in ("unveiling", "settlement", "opening") or rng.random() < 0.1:
            add("ESTABLISHES", e, rng.randrange(org_lo, org_hi), doc)
        if signatory and len(parties) > 1:
            for j in range(len(parties)):
                for k in range(j + 1, len(parties)):
                    add("COLLABORATES_WITH", parties[j], parties[k], doc, via=e)
    # Restatements: the same fact read again from another document.
    base = len(t_)
    target = int(rel_factor * n)
    extra = max(0, target - base)
    pick = nprng.integers(0, base, size=extra)
    g.r_type = np.concatenate([np.asarray(t_, dtype=np.int8), np.asarray(t_, dtype=np.int8)[pick]])[:target]
    g.r_src = np.concatenate([np.asarray(s_, dtype=np.int32), np.asarray(s_, dtype=np.int32)[pick]])[:target]
    g.r_dst = np.concatenate([np.asarray(d_, dtype=np.int32), np.asarray(d_, dtype=np.int32)[pick]])[:target]
    g.r_role = np.concatenate([np.asarray(role_, dtype=np.int8), np.asarray(role_, dtype=np.int8)[pick]])[:target]
    g.r_via = np.concatenate([np.asarray(via_, dtype=np.int32), np.asarray(via_, dtype=np.int32)[pick]])[:target]
    g.r_doc = np.concatenate([np.asarray(doc_, dtype=np.int32), nprng.integers(0, n_docs, size=extra, dtype=np.int32)])[:target]
    g.r_conf = nprng.integers(0, len(CONFIDENCES), size=len(g.r_type), dtype=np.int8)
    # A restated fact in the same document as its original would be the same fact: move it on.
    # MENTIONED_IN: every (node, document) pair that a fact of that document touches.
    pairs = np.concatenate([g.r_src.astype(np.int64) * n_docs + g.r_doc, g.r_dst.astype(np.int64) * n_docs + g.r_doc])
    pairs = np.unique(pairs)
    g.m_node = (pairs // n_docs).astype(np.int32)
    g.m_doc = (pairs % n_docs).astype(np.int32)
    _dedupe_facts(g)
    return g


def _dedupe_facts(g: SynthGraph) -> None:
    """Drop relationships whose fact key (type, start, end, doc, role, via) repeats."""
    key = np.stack([g.r_type.astype(np.int64), g.r_src, g.r_dst, g.r_doc, g.r_role, g.r_via], axis=1)
    _, first = np.unique(key, axis=0, return_index=True)
    if len(first) == len(g.r_type):
        return
    keep = np.sort(first)
    for name in ("r_type", "r_src", "r_dst", "r_doc", "r_conf", "r_role", "r_via"):
        setattr(g, name, getattr(g, name)[keep])


# -- outputs ---------------------------------------------------------------------------------------
def graph_documents(g: SynthGraph, limit: int | None = None) -> Iterator["GraphDocument"]:
    """One graph document per document, as an extractor would return it (for ``Store.write``)."""
    from innograph.graph.model import DocumentInfo, GraphDocument, Node, Relationship

    order = np.argsort(g.r_doc, kind="stable")
    bounds = np.searchsorted(g.r_doc[order], np.arange(g.n_docs + 1))
    m_order = np.argsort(g.m_doc, kind="stable")
    m_bounds = np.searchsorted(g.m_doc[m_order], np.arange(g.n_docs + 1))
    for d in range(g.n_docs if limit is None else min(limit, g.n_docs)):
        doc = g.doc_id(d)
        info = DocumentInfo(id=doc, path=f"synthetic/{doc[4:]}.txt", title=f"合成文档 {d}", date="2021-03",
                            chars=2000, format="txt", sha256=f"{d:064x}", fingerprint=f"synthetic-{d}")
        rels = []
        for k in order[bounds[d]:bounds[d + 1]]:
            rels.append(Relationship(type=TYPES[g.r_type[k]], start=g.node_id(int(g.r_src[k])),
                                     end=g.node_id(int(g.r_dst[k])), properties=g.rel_properties(int(k))))
        nodes = []
        for m in m_order[m_bounds[d]:m_bounds[d + 1]]:
            i = int(g.m_node[m])
            node = Node(id=g.node_id(i), labels=g.labels(i), properties=g.node_properties(i))
            nodes.append(node)
            props = {"doc": doc, "evidence": f"{g.names[i]}。", "extractor": "rule:mention", "confidence": 1.0}
            if g.table(i) != "Event":
                props["aliases"] = [g.names[i]] + ([g.aliases[i]] if i in g.aliases else [])
            rels.append(Relationship(type="MENTIONED_IN", start=node.id, end=doc, properties=props))
        yield GraphDocument(documents=[info], nodes=nodes, relationships=rels)


def _lb_list(values: list[str]) -> str:
    return "[" + ",".join(values) + "]"


def write_ladybug_csv(g: SynthGraph, out: Path) -> dict[str, list[tuple[Path, str, str]]]:
    """CSV files for ladybug's COPY FROM: {table: [(file, from_table, to_table)]}."""
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[tuple[Path, str, str]]] = defaultdict(list)
    writers = {}
    handles = []

    def writer(name: str, header: list[str]):
        if name not in writers:
            fh = open(out / f"{name}.csv", "w", newline="", encoding="utf-8")
            handles.append(fh)
            w = csv.writer(fh, delimiter="|")
            w.writerow(header)
            writers[name] = w
        return writers[name]

    # Aliases of a node: its name's other forms across mentions (what refresh_aliases computes).
    w = writer("Organization", ["id", "name", "aliases", "kind", "labels", "extra"])
    for i in range(g.n_districts, g.n_districts + g.n_orgs):
        w.writerow([g.node_id(i), g.names[i], _lb_list([g.aliases[i]] if i in g.aliases else []), g.kinds[i],
                    _lb_list(g.labels(i)), ""])
    files["Organization"].append((out / "Organization.csv", "", ""))
    w = writer("District", ["id", "name", "aliases", "level", "labels", "extra"])
    for i in range(g.n_districts):
        w.writerow([g.node_id(i), g.names[i], _lb_list([g.aliases[i]] if i in g.aliases else []), g.kinds[i],
                    "[District]", ""])
    files["District"].append((out / "District.csv", "", ""))
    w = writer("Event", ["id", "name", "kind", "date", "title", "labels", "extra"])
    for i in range(g.n_districts + g.n_orgs, g.n):
        w.writerow([g.node_id(i), g.names[i], g.kinds[i], g.dates[i], g.names[i], _lb_list(g.labels(i)), ""])
    files["Event"].append((out / "Event.csv", "", ""))
    w = writer("Document", ["id", "path", "title", "date", "sha256", "chars", "format", "fingerprint", "complete"])
    for d in range(g.n_docs):
        doc = g.doc_id(d)
        w.writerow([doc, f"synthetic/{doc[4:]}.txt", f"合成文档 {d}", "2021-03", f"{d:064x}", 2000, "txt",
                    f"synthetic-{d}", "true"])
    files["Document"].append((out / "Document.csv", "", ""))
    rel_header = ["from", "to", "doc", "evidence", "extractor", "confidence", "role", "via", "aliases"]
    for k in range(len(g.r_type)):
        t = TYPES[g.r_type[k]]
        s, d = int(g.r_src[k]), int(g.r_dst[k])
        key = f"{t}__{g.table(s)}__{g.table(d)}"
        w = writers.get(key) or writer(key, rel_header)
        p = g.rel_properties(k)
        w.writerow([g.node_id(s), g.node_id(d), p["doc"], p["evidence"], p["extractor"], p["confidence"],
                    p.get("role", ""), p.get("via", ""), "[]"])
    for m in range(len(g.m_node)):
        i, d = int(g.m_node[m]), int(g.m_doc[m])
        key = f"MENTIONED_IN__{g.table(i)}__Document"
        w = writers.get(key) or writer(key, rel_header)
        forms = [] if g.table(i) == "Event" else [g.names[i]] + ([g.aliases[i]] if i in g.aliases else [])
        w.writerow([g.node_id(i), g.doc_id(d), g.doc_id(d), f"{g.names[i]}。", "rule:mention", 1.0, "", "",
                    _lb_list(forms)])
    for fh in handles:
        fh.close()
    for key in writers:
        if "__" in key:
            t, a, b = key.split("__")
            files[t].append((out / f"{key}.csv", a, b))
    (out / "manifest.json").write_text(json.dumps(
        {k: [(str(f), a, b) for f, a, b in v] for k, v in files.items()} | {"summary": g.summary()},
        ensure_ascii=False, indent=1), encoding="utf-8")
    return files


def copy_into_ladybug(data_dir: Path, csv_dir: Path) -> dict:
    """Bulk-load the CSV files into a fresh ladybug store in ``data_dir`` (same schema as the store)."""
    from innograph.graph.ladybug_store import LadybugStore

    manifest = json.loads((csv_dir / "manifest.json").read_text(encoding="utf-8"))
    store = LadybugStore(data_dir)
    try:
        for table in ("Organization", "District", "Event", "Document"):
            for f, _, _ in manifest[table]:
                store._run(f"COPY {table} FROM '{f}' (HEADER=true, DELIM='|')")
        for table, entries in manifest.items():
            if table in ("Organization", "District", "Event", "Document", "summary"):
                continue
            for f, a, b in entries:
                store._run(f"COPY {table} FROM '{f}' (HEADER=true, DELIM='|', from='{a}', to='{b}')")
        store._run("MERGE (m:Meta {key: 'graph'}) SET m.version = 1")
    finally:
        store.close()
    return manifest["summary"]


def neo4j_batches(g: SynthGraph, batch: int = 10_000) -> Iterator[tuple[str, list[dict]]]:
    """(write section, rows) in the shape of cypher/neo4j/write.cypher, nodes first."""
    from innograph.graph.ontology import primary_label

    for lo_i, hi_i, section in ((0, g.n_districts, "merge_districts"),
                                (g.n_districts, g.n_districts + g.n_orgs, "merge_organizations"),
                                (g.n_districts + g.n_orgs, g.n, "merge_events")):
        rows = []
        for i in range(lo_i, hi_i):
            props = {k: v for k, v in g.node_properties(i).items() if k != "aliases"}
            props["name"] = g.names[i]
            row = {"id": g.node_id(i), "props": props}
            if section == "merge_organizations":
                row["kind"] = primary_label(g.labels(i))
            elif section == "merge_events":
                row["kind"] = g.kinds[i]
            rows.append(row)
            if len(rows) >= batch:
                yield section, rows
                rows = []
        if rows:
            yield section, rows
    by_section: dict[str, list[dict]] = defaultdict(list)
    for k in range(len(g.r_type)):
        s, d = int(g.r_src[k]), int(g.r_dst[k])
        section = f"{TYPES[g.r_type[k]]}:{g.table(s)}:{g.table(d)}"
        rows = by_section[section]
        rows.append({"src": g.node_id(s), "dst": g.node_id(d), "props": g.rel_properties(k)})
        if len(rows) >= batch:
            yield section, rows
            by_section[section] = []
    for section, rows in by_section.items():
        if rows:
            yield section, rows


def main() -> None:
    ap = argparse.ArgumentParser(description="Generate a synthetic innograph graph")
    ap.add_argument("--nodes", type=int, default=10_000)
    ap.add_argument("--rel-factor", type=float, default=5.0)
    ap.add_argument("--csv", type=Path, help="write ladybug COPY CSV files here")
    ap.add_argument("--ladybug", type=Path, help="bulk-load into a fresh ladybug store in this data dir (needs --csv)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    g = generate(args.nodes, rel_factor=args.rel_factor)
    t1 = time.perf_counter()
    print(f"generated in {t1 - t0:.1f} s: {json.dumps(g.summary(), ensure_ascii=False)}")
    if args.csv:
        write_ladybug_csv(g, args.csv)
        t2 = time.perf_counter()
        print(f"CSV written to {args.csv} in {t2 - t1:.1f} s")
        if args.ladybug:
            copy_into_ladybug(args.ladybug, args.csv)
            print(f"ladybug COPY FROM into {args.ladybug} in {time.perf_counter() - t2:.1f} s")


if __name__ == "__main__":
    main()
