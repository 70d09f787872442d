"""The collaboration network: organisations linked by what they did together, every link typed.

A projection of the store's graph (:mod:`innograph.graph.projection`) onto organisations only:

========================  ======================================================================
kind                      when two organisations are linked
========================  ======================================================================
``event``                 both are parties (``PARTY_TO``) of one event (a signing, an unveiling…)
``established``           one is a party of an event that established (``ESTABLISHES``) the other
``co_founded``            both founded / co-built (``FOUNDED_BY``) one organisation
``founded_by``            one founded / co-built the other
``collaborates``          an explicit ``COLLABORATES_WITH``
``operated_by``           one runs the other (a carrier and its operator)
``branch_of``             one is a branch of the other (not followed by default: belonging, not working together)
========================  ======================================================================

Each link of the :class:`networkx.Graph` carries ``weight`` (how many distinct events or
co-founded organisations support it), ``kinds`` and ``evidence`` (a list of :class:`Evidence`,
each with the sentence and document it was read from). Nodes are added in id order and edges in
sorted order, so algorithms that depend on iteration order (Louvain) give the same answer on both
stores.

Districts are not nodes: an organisation's district is where it is located (``LOCATED_IN``,
mapped up to the district of the home city it lies in, see :class:`PlaceIndex`), or — when
nothing says where it is — where it is active (events it took part in, organisations it founded).
"""

from __future__ import annotations

import random
import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from pydantic import BaseModel

from innograph.graph.model import Node, Relationship
from innograph.graph.ontology import EVENT_KIND_ZH, ORGANIZATION_KINDS, primary_label

LINK_KINDS: tuple[str, ...] = ("event", "established", "co_founded", "founded_by", "collaborates",
                               "operated_by", "branch_of")
DEFAULT_KINDS: tuple[str, ...] = ("event", "established", "co_founded", "founded_by", "collaborates", "operated_by")
LINK_KIND_ZH: dict[str, str] = {
    "event": "共同参与事件",
    "established": "参与设立",
    "co_founded": "共建",
    "founded_by": "创建",
    "collaborates": "合作",
    "operated_by": "运营",
    "branch_of": "分支",
}
# When one pair has several kinds of evidence, the most telling is shown first.
KIND_ORDER = {kind: i for i, kind in enumerate(("co_founded", "event", "founded_by", "established", "operated_by",
                                                "collaborates", "branch_of"))}
# Betweenness is exact up to this many linked organisations, above estimated from a seeded sample of
# sources (Brandes–Pich); igraph (C) when installed, else networkx (pure Python: lower limits).
BETWEENNESS_EXACT_UP_TO = {"igraph": 5000, "networkx": 1000}
BETWEENNESS_SAMPLE = {"igraph": 1000, "networkx": 200}
SEED = 42


class Evidence(BaseModel):
    """Why two organisations are linked: one fact, with the sentence and document it comes from.

    ``source``/``target`` read as the fact does: the founded organisation and its founder for
    ``founded_by`` (as ``FOUNDED_BY`` runs), the party and what the event established for
    ``established``, the two parties in id order for ``event`` and ``co_founded``.
    """

    kind: str
    source: str
    target: str
    via: str | None = None  # the event, or the organisation co-founded / operated / branched
    via_name: str | None = None
    date: str | None = None
    event_kind: str | None = None
    rel_type: str
    role: str | None = None
    evidence: str | None = None
    doc: str | None = None
    confidence: float | None = None

    def sort_key(self) -> tuple:
        return (KIND_ORDER.get(self.kind, 99), self.via or "", self.doc or "", self.evidence or "",
                self.source, self.target)


def is_organisation(node: Node) -> bool:
    return any(label in ORGANIZATION_KINDS for label in node.labels)


def node_name(node: Node) -> str:
    return node.name


# -- districts ------------------------------------------------------------------------------------
class PlaceIndex:
    """Maps any place to the *unit* brokers and comparisons reason about.

    The home city is the city-level district with the most places within it (苏州市 in the seeds).
    A place within the home city maps to the home city's child it lies in (黄埭镇 → 相城区,
    苏州高铁新城 → 相城区, 中国（江苏）自由贸易试验区苏州片区 → 苏州工业园区); a place within another
    city maps to that city (张江高科技园区 → 上海市); a place with no parent maps to itself.
    """

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self.parents: dict[str, list[str]] = defaultdict(list)
        self.places: list[str] = []
        for n, data in g.nodes(data=True):
            if "District" in data["node"].labels:
                self.places.append(n)
        self.places.sort()
        for p in self.places:
            ps = sorted({b for _, b, d in g.out_edges(p, data=True)
                         if d["rel"].type == "PART_OF" and b in g and "District" in g.nodes[b]["node"].labels and b != p})
            self.parents[p] = ps
        children: dict[str, int] = defaultdict(int)
        for p in self.places:
            for anc in self.chain(p)[1:]:
                children[anc] += 1
        cities = [p for p in self.places if g.nodes[p]["node"].properties.get("level") == "city" and not self.parents[p]]
        self.home: str | None = min(cities, key=lambda c: (-children[c], c)) if cities else None
        self._unit: dict[str, str] = {}

    def chain(self, place: str) -> list[str]:
        """The place and its ancestors, following the first parent (in id order) at each step."""
        out = [place]
        seen = {place}
        while self.parents.get(out[-1]):
            nxt = next((p for p in self.parents[out[-1]] if p not in seen), None)
            if nxt is None:
                break
            out.append(nxt)
            seen.add(nxt)
        return out

    def unit(self, place: str) -> str:
        if place not in self._unit:
            chain = self.chain(place)
            root = chain[-1]
            if root == self.home and len(chain) >= 2:
                self._unit[place] = chain[-2]
            else:
                self._unit[place] = root
        return self._unit[place]

    def units(self, places) -> list[str]:
        found = {self.unit(p) for p in places}
        if self.home in found and len(found) > 1:
            found.discard(self.home)  # "somewhere in Suzhou" adds nothing to a more precise district
        return sorted(found)


@dataclass
class OrgPlace:
    units: list[str] = field(default_factory=list)
    source: str | None = None  # "located" (LOCATED_IN), "activity" (inferred from events and founding) or None


# -- the network ----------------------------------------------------------------------------------
@dataclass
class CollaborationNetwork:
    """The collaboration network of one projection, with the analyses that are cached on it."""

    g: nx.MultiDiGraph
    graph: nx.Graph
    kinds: tuple[str, ...]
    places: PlaceIndex
    _cache: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # nodes
    def node(self, node_id: str) -> Node:
        return self.g.nodes[node_id]["node"]

    def name(self, node_id: str) -> str:
        return self.node(node_id).name if node_id in self.g else node_id

    def type(self, node_id: str) -> str:
        return primary_label(self.node(node_id).labels)

    def evidence(self, a: str, b: str) -> list[Evidence]:
        if not self.graph.has_edge(a, b):
            return []
        return self.graph[a][b]["evidence"]

    def partners(self, org: str) -> list[str]:
        """Organisations linked to ``org``, strongest link first (ties by id)."""
        if org not in self.graph:
            return []
        return sorted(self.graph[org], key=lambda o: (-self.graph[org][o]["weight"], o))

    def linked(self) -> list[str]:
        """Organisations with at least one link, in id order."""
        return [n for n in self.graph if self.graph.degree(n) > 0]

    def org_place(self, org: str) -> OrgPlace:
        key = ("place", org)
        if key not in self._cache:
            self._cache[key] = _org_place(self.g, self.places, org)
        return self._cache[key]

    # cached analyses
    def cached(self, key, compute):
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        value = compute()
        with self._lock:
            return self._cache.setdefault(key, value)

    def betweenness(self) -> dict[str, float]:
        """Normalised betweenness of every organisation (exact up to ``BETWEENNESS_EXACT_UP_TO`` nodes)."""
        def compute():
            scores = betweenness(self.graph.subgraph(self.linked()))
            return {node: scores.get(node, 0.0) for node in self.graph}
        return self.cached("betweenness", compute)


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised, unweighted betweenness centrality (as ``networkx.betweenness_centrality``), rounded
    to 9 decimals so that ties compare equal whichever store the graph came from.

    Exact up to ``BETWEENNESS_EXACT_UP_TO`` nodes; above, estimated from a seeded sample of sources
    and scaled up. igraph computes it when installed (seconds for thousands of organisations),
    networkx otherwise.

    >>> scores = betweenness(nx.path_graph(["a", "b", "c"]))
    >>> scores["b"], scores["a"]
    (1.0, 0.0)
    """
    nodes = sorted(graph)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    try:
        import igraph
    except ImportError:  # pragma: no cover - igraph is a dependency; networkx gives the same numbers, slower
        igraph = None
    engine = "igraph" if igraph is not None else "networkx"
    sample = BETWEENNESS_SAMPLE[engine] if n > BETWEENNESS_EXACT_UP_TO[engine] else None
    if igraph is None:
        scores = nx.betweenness_centrality(graph, k=sample, normalized=True, seed=SEED)
        return {v: round(scores[v], 9) for v in nodes}
    index = {v: i for i, v in enumerate(nodes)}
    h = igraph.Graph(n=n, edges=sorted((min(index[a], index[b]), max(index[a], index[b])) for a, b in graph.edges()))
    scale = 2.0 / ((n - 1) * (n - 2))  # igraph counts each unordered pair once; networkx's normalisation
    if sample is None:
        raw = h.betweenness(directed=False)
    else:
        sources = sorted(random.Random(SEED).sample(range(n), sample))
        raw = h.betweenness(directed=False, sources=sources)
        scale *= n / sample
    return {v: round(raw[i] * scale, 9) for i, v in enumerate(nodes)}


_networks: "weakref.WeakKeyDictionary[nx.MultiDiGraph, dict]" = weakref.WeakKeyDictionary()
_networks_lock = threading.Lock()


def collaboration_network(g: nx.MultiDiGraph, kinds: tuple[str, ...] | list[str] | None = None) -> CollaborationNetwork:
    """The collaboration network of a projection, built once per projection and link kinds."""
    key = tuple(sorted(set(kinds or DEFAULT_KINDS), key=LINK_KINDS.index))
    unknown = set(key) - set(LINK_KINDS)
    if unknown:
        raise ValueError(f"unknown link kinds {sorted(unknown)}; known: {', '.join(LINK_KINDS)}")
    with _networks_lock:
        per_graph = _networks.setdefault(g, {})
        if key in per_graph:
            return per_graph[key]
    net = build_collaboration_network(g, key)
    with _networks_lock:
        return _networks.setdefault(g, {}).setdefault(key, net)


def build_collaboration_network(g: nx.MultiDiGraph, kinds: tuple[str, ...] = DEFAULT_KINDS) -> CollaborationNetwork:
    """Build the network (see the module docstring); prefer the cached :func:`collaboration_network`."""
    wanted = set(kinds)
    orgs = sorted(n for n, d in g.nodes(data=True) if is_organisation(d["node"]))
    org_set = set(orgs)
    found: dict[tuple[str, str], dict[tuple, Evidence]] = defaultdict(dict)

    def add(a: str, b: str, ev: Evidence) -> None:
        if a == b or a not in org_set or b not in org_set:
            return
        pair = (a, b) if a < b else (b, a)
        k = (ev.kind, ev.via, ev.source, ev.target, ev.doc)
        if k not in found[pair] or ev.sort_key() < found[pair][k].sort_key():
            found[pair][k] = ev

    for n, data in sorted(g.nodes(data=True), key=lambda x: x[0]):
        node = data["node"]
        if "Event" in node.labels:
            _event_links(g, n, node, org_set, wanted, add)
        elif n in org_set:
            _founding_links(g, n, node, org_set, wanted, add)

    graph = nx.Graph()
    for org in orgs:
        graph.add_node(org)
    for pair in sorted(found):
        evidence = sorted(found[pair].values(), key=Evidence.sort_key)
        graph.add_edge(*pair, weight=_weight(evidence), kinds=sorted({e.kind for e in evidence}, key=KIND_ORDER.get),
                       evidence=evidence)
    return CollaborationNetwork(g=g, graph=graph, kinds=tuple(kinds), places=PlaceIndex(g))


def _props(rel: Relationship) -> dict:
    p = rel.properties
    return {"evidence": p.get("evidence"), "doc": p.get("doc"), "confidence": p.get("confidence")}


def _rel_key(rel: Relationship) -> tuple:
    p = rel.properties
    return (str(p.get("doc") or ""), str(p.get("evidence") or ""), str(p.get("role") or ""))


def _event_links(g, event_id: str, event: Node, orgs: set[str], wanted: set[str], add) -> None:
    parties: dict[str, Relationship] = {}
    for a, _, d in g.in_edges(event_id, data=True):
        rel = d["rel"]
        if rel.type == "PARTY_TO" and a in orgs:
            if a not in parties or _rel_key(rel) < _rel_key(parties[a]):
                parties[a] = rel
    established: dict[str, Relationship] = {}
    for _, b, d in g.out_edges(event_id, data=True):
        rel = d["rel"]
        if rel.type == "ESTABLISHES" and b in orgs:
            if b not in established or _rel_key(rel) < _rel_key(established[b]):
                established[b] = rel
    p = event.properties
    common = {"via": event_id, "via_name": str(p.get("title") or event_id), "date": p.get("date"),
              "event_kind": p.get("kind")}
    if "event" in wanted:
        for a, b in combinations(sorted(parties), 2):
            rel = min(parties[a], parties[b], key=_rel_key)
            add(a, b, Evidence(kind="event", source=a, target=b, rel_type="PARTY_TO", **common, **_props(rel)))
    if "established" in wanted:
        for a in sorted(parties):
            for b in sorted(established):
                rel = min(parties[a], established[b], key=_rel_key)
                add(a, b, Evidence(kind="established", source=a, target=b, rel_type="ESTABLISHES",
                                   role=parties[a].properties.get("role"), **common, **_props(rel)))


def _founding_links(g, org: str, node: Node, orgs: set[str], wanted: set[str], add) -> None:
    founders: dict[str, Relationship] = {}
    for _, b, d in g.out_edges(org, data=True):
        rel = d["rel"]
        t = rel.type
        if b not in orgs or b == org:
            continue
        if t == "FOUNDED_BY":
            if b not in founders or _rel_key(rel) < _rel_key(founders[b]):
                founders[b] = rel
        elif t == "OPERATED_BY" and "operated_by" in wanted:
            add(org, b, Evidence(kind="operated_by", source=org, target=b, via=org, via_name=node.name,
                                 rel_type=t, **_props(rel)))
        elif t == "BRANCH_OF" and "branch_of" in wanted:
            add(org, b, Evidence(kind="branch_of", source=org, target=b, via=org, via_name=node.name,
                                 rel_type=t, **_props(rel)))
        elif t == "COLLABORATES_WITH" and "collaborates" in wanted:
            via = rel.properties.get("via")
            add(org, b, Evidence(kind="collaborates", source=org, target=b, via=str(via) if via else None,
                                 via_name=_via_name(g, via), rel_type=t, **_props(rel)))
    if "founded_by" in wanted:
        for b in sorted(founders):
            add(org, b, Evidence(kind="founded_by", source=org, target=b, via=org, via_name=node.name,
                                 rel_type="FOUNDED_BY", **_props(founders[b])))
    if "co_founded" in wanted:
        for a, b in combinations(sorted(founders), 2):
            rel = min(founders[a], founders[b], key=_rel_key)
            add(a, b, Evidence(kind="co_founded", source=a, target=b, via=org, via_name=node.name,
                               rel_type="FOUNDED_BY", **_props(rel)))


def _via_name(g, via) -> str | None:
    if not via:
        return None
    event_id = str(via).removeprefix("event:")
    if event_id in g:
        return str(g.nodes[event_id]["node"].properties.get("title") or event_id)
    return str(via)


def _weight(evidence: list[Evidence]) -> int:
    """How many distinct events / co-founded organisations / explicit links support a pair."""
    keys: set[tuple] = set()
    generic_founding = False
    for ev in evidence:
        if ev.kind in ("event", "established"):
            keys.add(("event", ev.via))
        elif ev.kind in ("co_founded", "founded_by"):
            keys.add(("founded", ev.via))
        elif ev.kind == "collaborates":
            via = ev.via or ""
            if via.startswith("event:"):
                keys.add(("event", via.removeprefix("event:")))
            elif via == "FOUNDED_BY":
                generic_founding = True
            else:
                keys.add(("collab", via, ev.doc))
        else:
            keys.add((ev.kind, ev.via))
    if generic_founding and not any(k[0] == "founded" for k in keys):
        keys.add(("founded", None))
    return max(1, len(keys))


def _org_place(g: nx.MultiDiGraph, places: PlaceIndex, org: str) -> OrgPlace:
    located = [b for _, b, d in g.out_edges(org, data=True) if d["rel"].type == "LOCATED_IN"]
    if located:
        return OrgPlace(units=places.units(located), source="located")
    active: set[str] = set()
    # where the organisations it founded, runs or has as branches are
    for a, _, d in g.in_edges(org, data=True):
        if d["rel"].type in ("FOUNDED_BY", "OPERATED_BY", "BRANCH_OF"):
            active.update(b for _, b, d2 in g.out_edges(a, data=True) if d2["rel"].type == "LOCATED_IN")
    # where the events it took part in were held
    for _, e, d in g.out_edges(org, data=True):
        if d["rel"].type == "PARTY_TO":
            active.update(b for _, b, d2 in g.out_edges(e, data=True) if d2["rel"].type == "HELD_IN")
    if active:
        return OrgPlace(units=places.units(active), source="activity")
    return OrgPlace()


# -- Chinese phrasing of evidence ------------------------------------------------------------------
def _short(text: str | None, n: int = 36) -> str:
    text = (text or "").strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def _event_phrase(ev: Evidence) -> str:
    kind = EVENT_KIND_ZH.get(ev.event_kind or "", ev.event_kind or "事件")
    head = f" {ev.date} 的{kind}" if ev.date else kind
    title = (ev.via_name or "").strip()
    # a short title names the event; a long one is the evidence sentence again, which is quoted anyway
    return f"{head}「{title}」" if title and len(title) <= 30 else head


def fact_zh(ev: Evidence, name) -> str:
    """The fact as one Chinese clause, e.g. ``南京航空航天大学 与 中亿丰控股集团 共建了 联合实验室``.

    ``name`` maps an id to a display name.
    """
    s, t = name(ev.source), name(ev.target)
    via = ev.via_name or (name(ev.via) if ev.via else "")
    if ev.kind == "event":
        return f"{s} 与 {t} 共同参与了{_event_phrase(ev)}"
    if ev.kind == "established":
        return f"{s} 参与的{_event_phrase(ev)}设立了 {t}"
    if ev.kind == "co_founded":
        return f"{s} 与 {t} 共建了 {via}"
    if ev.kind == "founded_by":
        return f"{s} 由 {t} 共建"
    if ev.kind == "operated_by":
        return f"{s} 由 {t} 运营"
    if ev.kind == "branch_of":
        return f"{s} 是 {t} 的分支机构"
    return f"{s} 与 {t} 合作" + (f"（{_short(ev.via_name)}）" if ev.via_name and ev.via_name != "FOUNDED_BY" else "")


def action_zh(ev: Evidence, name) -> str:
    """What the pair did, to follow ``A 与 B``: ``共建了 联合实验室``, ``共同参与了 2021-01-08 的签约「…」``;
    facts that do not read that way are given whole after ``有关联：``."""
    if ev.kind == "event":
        return f"共同参与了{_event_phrase(ev)}"
    if ev.kind == "co_founded":
        return f"共建了 {ev.via_name or name(ev.via)}"
    if ev.kind == "collaborates":
        return "有合作" + (f"（{_short(ev.via_name)}）" if ev.via_name and ev.via_name != "FOUNDED_BY" else "")
    return f"有关联：{fact_zh(ev, name)}"


def best_evidence(evidence: list[Evidence]) -> Evidence | None:
    """The most telling piece of evidence: concrete kinds before explicit links, then with a sentence."""
    if not evidence:
        return None
    return min(evidence, key=lambda e: (KIND_ORDER.get(e.kind, 99), not e.evidence, e.sort_key()))
