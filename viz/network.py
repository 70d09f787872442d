"""Network views: a subgraph in, one self-contained HTML page (or a PNG) out.

pyvis holds the network and its options; the page comes from our own template because pyvis'
templates fetch bootstrap and more from CDNs and set tooltips as innerHTML. Here vis-network is
inlined from the copy pyvis ships, tooltips are DOM text nodes, and the data is embedded with
Jinja's ``tojson`` (which escapes ``<``, ``>``, ``&`` and ``'``), so no text from a document can
become markup. Every other text (title, legend, notes, controls) goes through Jinja's autoescape.

Large views stay usable: a view is capped at ``limit`` nodes (at most ``MAX_VIEW``) with a visible
"showing N of M" note; every view gets server-side positions (:mod:`innograph.viz.layout`), and
above ``LARGE_VIEW`` nodes physics is off so the browser draws at once.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from innograph.graph.model import Node, Relationship
from innograph.graph.ontology import EVENT_KIND_ZH, LABEL_ZH, RELATIONSHIP_ZH, primary_label
from innograph.graph.store import Subgraph
from innograph.viz.layout import layout

# Colour and shape per type; the legend, the HTML views and the PNGs all use this table.
STYLE: dict[str, tuple[str, str]] = {
    "University": ("#d62728", "dot"),
    "ResearchInstitute": ("#9467bd", "diamond"),
    "Enterprise": ("#1f77b4", "dot"),
    "Incubator": ("#2ca02c", "square"),
    "Government": ("#8c564b", "triangle"),
    "Association": ("#e377c2", "triangleDown"),
    "District": ("#ff7f0e", "hexagon"),
    "Event": ("#7f7f7f", "star"),
    "Document": ("#bcbd22", "box"),
}
DEFAULT_STYLE = ("#17becf", "dot")
LARGE_VIEW = 300  # above this many nodes physics is off and the server's layout is final
MAX_VIEW = 1000  # no view draws more nodes than this, whatever limit is asked for
DEFAULT_LIMIT = 300
EDGE_LABELS_UP_TO = 150  # edge labels start switched off above this many edges
FONT_FACE = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif"


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _env() -> Environment:
    folder = Path(str(resources.files(__package__).joinpath("templates")))
    return Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]))


def node_type(node: Node) -> str:
    """The type a view colours a node by: its organisation kind, or its first label."""
    if not node.labels:
        return ""
    return primary_label(node.labels) if node.labels[0] == "Organization" else node.labels[0]


def node_label(node: Node) -> str:
    p = node.properties
    if "Event" in node.labels:
        kind = EVENT_KIND_ZH.get(p.get("kind", ""), p.get("kind", "") or "")
        title = str(p.get("title") or "")
        short = title if len(title) <= 18 else title[:17] + "…"
        return f"{p.get('date') or ''} {kind}：{short}".strip()
    return str(p.get("name") or p.get("title") or node.id)


# -- capping ---------------------------------------------------------------------------------
def cap_subgraph(sub: Subgraph, limit: int, pinned: Iterable[str] = ()) -> tuple[Subgraph, int]:
    """At most ``limit`` nodes of ``sub`` (and the relationships among them); the second value is
    how many nodes there were.

    The pinned nodes stay; the rest are taken breadth-first from them, best-connected neighbours
    first, so the view stays one connected picture around what was asked for; nodes unreachable
    from the pinned ones follow by degree.

    >>> nodes = [Node(id=str(i), labels=["District"]) for i in range(5)]
    >>> rels = [Relationship(type="PART_OF", start=str(i), end="0") for i in range(1, 5)]
    >>> capped, total = cap_subgraph(Subgraph(nodes=nodes, relationships=rels), 3, pinned=["4"])
    >>> [n.id for n in capped.nodes], total, len(capped.relationships)
    (['4', '0', '1'], 5, 2)
    """
    total = len(sub.nodes)
    limit = max(1, min(limit, MAX_VIEW))
    if total <= limit:
        return sub, total
    by_id = {n.id: n for n in sub.nodes}
    degree: Counter = Counter()
    adjacency: dict[str, list[str]] = defaultdict(list)
    for rel in sub.relationships:
        if rel.start in by_id and rel.end in by_id:
            degree[rel.start] += 1
            degree[rel.end] += 1
            adjacency[rel.start].append(rel.end)
            adjacency[rel.end].append(rel.start)
    keep: dict[str, None] = {}
    queue = deque()
    for p in pinned:
        if p in by_id and p not in keep and len(keep) < limit:
            keep[p] = None
            queue.append(p)
    if not keep:
        first = max(by_id, key=lambda n: degree[n])
        keep[first] = None
        queue.append(first)
    while queue and len(keep) < limit:
        cur = queue.popleft()
        for nb in sorted(set(adjacency[cur]), key=lambda n: (-degree[n], n)):
            if nb not in keep:
                keep[nb] = None
                queue.append(nb)
                if len(keep) >= limit:
                    break
    if len(keep) < limit:
        for n in sorted(by_id, key=lambda n: (-degree[n], n)):
            if n not in keep:
                keep[n] = None
                if len(keep) >= limit:
                    break
    rels = [r for r in sub.relationships if r.start in keep and r.end in keep]
    return Subgraph(nodes=[by_id[n] for n in keep], relationships=rels), total


# -- the network's data ----------------------------------------------------------------------
@dataclass
class ViewData:
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    legend: list[dict[str, Any]] = field(default_factory=list)


def view_data(sub: Subgraph, *, focus: Iterable[str] = (), doc_titles: dict[str, str] | None = None,
              positions: dict[str, tuple[float, float]] | None = None) -> ViewData:
    """Node and edge dicts for vis-network, built in one pass each (no O(E²) de-duplication).

    Every edge gets a unique id, so parallel relationships of different types all stay; the
    second and later edges between one pair are drawn as curves of growing roundness.
    """
    focus = set(focus)
    doc_titles = doc_titles or {}
    names = {n.id: node_label(n) for n in sub.nodes}
    degree: Counter = Counter()
    for rel in sub.relationships:
        if rel.start in names and rel.end in names:
            degree[rel.start] += 1
            degree[rel.end] += 1
    large = len(sub.nodes) > LARGE_VIEW
    if positions is None:
        positions = layout([n.id for n in sub.nodes], ((r.start, r.end) for r in sub.relationships),
                           roots=[n.id for n in sub.nodes if n.id in focus])
    nodes = []
    for node in sub.nodes:
        kind = node_type(node)
        colour, shape = STYLE.get(kind, DEFAULT_STYLE)
        label = names[node.id]
        d = degree[node.id]
        item = {
            "id": node.id, "label": label, "group": kind, "shape": shape,
            "color": {"background": colour, "border": "#222" if node.id in focus else colour,
                      "highlight": {"background": colour, "border": "#000"}},
            "size": round(10 + min(34.0, 5 * math.sqrt(d)) + (8 if node.id in focus else 0), 1),
            "title": _node_tip(node, kind, label, d), "borderWidth": 4 if node.id in focus else 1,
        }
        if node.id in focus:
            item["font"] = {"size": 18, "strokeWidth": 3, "strokeColor": "#ffffff"}
        x, y = positions.get(node.id, (0.0, 0.0))
        item["x"], item["y"] = round(x, 1), round(y, 1)
        if large:
            item["physics"] = False
        nodes.append(item)
    edges = []
    pair_count: Counter = Counter()
    for i, rel in enumerate(sub.relationships):
        if rel.start not in names or rel.end not in names:
            continue
        verb = RELATIONSHIP_ZH.get(rel.type, rel.type)
        edge = {"id": f"e{i}", "from": rel.start, "to": rel.end, "label": verb, "relType": rel.type,
                "title": _edge_tip(rel, verb, names, doc_titles), "arrows": "to"}
        pair = (rel.start, rel.end) if rel.start <= rel.end else (rel.end, rel.start)
        k = pair_count[pair]
        pair_count[pair] += 1
        if k:
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                              "roundness": 0.2 * ((k + 1) // 2)}
        edges.append(edge)
    present = Counter(n["group"] for n in nodes)
    legend = [{"type": t, "zh": LABEL_ZH.get(t, t), "colour": STYLE[t][0], "shape": STYLE[t][1], "count": present[t]}
              for t in STYLE if present[t]]
    legend += [{"type": t, "zh": LABEL_ZH.get(t, t), "colour": DEFAULT_STYLE[0], "shape": DEFAULT_STYLE[1],
                "count": c} for t, c in present.items() if t not in STYLE]
    return ViewData(nodes=nodes, edges=edges, options=options(large=large, edges=len(edges), nodes=len(nodes)), legend=legend)


def _node_tip(node: Node, kind: str, label: str, degree: int) -> str:
    p = node.properties
    tip = [label, f"类型 Type: {LABEL_ZH.get(kind, kind)} ({kind})"]
    if "Event" in node.labels and p.get("title"):
        tip[0] = str(p["title"])
        tip.append(f"事件 Kind: {EVENT_KIND_ZH.get(p.get('kind', ''), p.get('kind', ''))} ({p.get('kind', '')})")
    aliases = p.get("aliases") or []
    if aliases:
        tip.append("别名 Aliases: " + "、".join(str(a) for a in aliases))
    if p.get("level"):
        tip.append(f"级别 Level: {p['level']}")
    if p.get("date"):
        tip.append(f"日期 Date: {p['date']}")
    tip.append(f"连接 Links: {degree}")
    tip.append(f"ID: {node.id}")
    return "\n".join(tip)


def _edge_tip(rel: Relationship, verb: str, names: dict[str, str], doc_titles: dict[str, str]) -> str:
    p = rel.properties
    tip = [f"{names.get(rel.start, rel.start)} —{verb}→ {names.get(rel.end, rel.end)}", f"关系 Relation: {verb} ({rel.type})"]
    if p.get("role"):
        tip.append(f"角色 Role: {p['role']}")
    if p.get("via"):
        tip.append(f"依据 Via: {p['via']}")
    if p.get("evidence"):
        tip.append(f"证据 Evidence: {p['evidence']}")
    if p.get("doc"):
        title = doc_titles.get(p["doc"])
        tip.append(f"来源 Document: {p['doc']}" + (f"《{title}》" if title else ""))
    if p.get("extractor") or p.get("confidence") is not None:
        tip.append(f"抽取 Extractor: {p.get('extractor') or '?'} · 置信度 confidence {p.get('confidence')}")
    return "\n".join(tip)


def options(*, large: bool, edges: int = 0, nodes: int = 0) -> dict:
    # the server's layout is already a good start: a short stabilisation suffices for mid-size views
    iterations = 150 if nodes <= 100 else 60
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False},
        "physics": {"enabled": not large, "solver": "barnesHut",
                    "stabilization": {"enabled": True, "iterations": iterations, "fit": True},
                    "barnesHut": {"gravitationalConstant": -6000, "springLength": 120, "avoidOverlap": 0.1}},
        "interaction": {"hover": True, "tooltipDelay": 100, "navigationButtons": False,
                        "hideEdgesOnDrag": large, "hideEdgesOnZoom": large, "multiselect": True},
        "edges": {"smooth": False if large else {"enabled": True, "type": "dynamic"},
                  "color": {"color": "#9a9a9a", "highlight": "#333", "hover": "#333"},
                  "font": {"size": 10, "align": "middle", "face": FONT_FACE, "color": "#555",
                           "strokeWidth": 2, "strokeColor": "#ffffff"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "width": 1},
        "nodes": {"font": {"face": FONT_FACE, "size": 14 if not large else 12}},
    }


def build_network(sub: Subgraph, *, focus: str | Iterable[str] | None = None,
                  doc_titles: dict[str, str] | None = None) -> Network:
    """A pyvis Network of the subgraph, its node and edge lists assigned directly.

    pyvis' ``add_edge`` is O(E²) and merges a second edge between the same pair in undirected
    mode; assigning the lists keeps parallel edges of different types.
    """
    focus_ids = [focus] if isinstance(focus, str) else list(focus or [])
    data = view_data(sub, focus=focus_ids, doc_titles=doc_titles)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes, net.edges = data.nodes, data.edges
    net.node_ids = [n["id"] for n in data.nodes]
    net.node_map = {n["id"]: n for n in data.nodes}
    net.options = data.options
    net.legend = data.legend  # our own attribute: the template draws the legend from it
    return net


def showing_note(shown: int, total: int) -> str | None:
    if total <= shown:
        return None
    return f"显示 {shown} / {total} 个节点 (showing {shown} of {total} nodes)"


def relationships_note(shown: int, total: int) -> str | None:
    if total <= shown:
        return None
    return (f"显示 {shown:,} / {total:,} 条关系，每个节点保留通向中心的一条 "
            f"(showing {shown:,} of {total:,} relationships; every node keeps its link towards the centre)")


def render_page(
    sub: Subgraph,
    *,
    title: str,
    focus: str | Iterable[str] | None = None,
    note: str | None = None,
    total: int | None = None,
    embed: bool = False,
    download_href: str | None = None,
    png_href: str | None = None,
    full_href: str | None = None,
    standalone: bool = False,
    controls: list[dict] | None = None,
    narrow_links: list[tuple[str, str]] | None = None,
    doc_titles: dict[str, str] | None = None,
    subtitle: str | None = None,
    body_attrs: dict[str, str] | None = None,
) -> str:
    """One self-contained HTML page (no external fetch of any kind) drawing the subgraph.

    ``total`` is how many nodes there were before capping (the "showing N of M" note);
    ``controls`` are the fields of the narrowing form and ``narrow_links`` quick links, both left
    out of ``standalone`` (downloaded) pages, which must work from ``file://``.
    """
    net = build_network(sub, focus=focus, doc_titles=doc_titles)
    nodes, edges, _heading, _h, _w, options_json = net.get_network_data()
    js, css = _vis_assets()
    shown = len(nodes)
    showing = showing_note(shown, total if total is not None else shown)
    return _env().get_template("view.html").render(
        title=title, subtitle=subtitle, nodes=nodes, edges=edges, options=json.loads(options_json),
        vis_js=js, vis_css=css, legend=net.legend, note=note, showing=showing, embed=embed,
        download_href=None if standalone else download_href, png_href=None if standalone else png_href,
        full_href=None if standalone else full_href, standalone=standalone,
        controls=[] if standalone else (controls or []), narrow_links=[] if standalone else (narrow_links or []),
        node_count=shown, edge_count=len(edges), total=total if total is not None else shown,
        edge_labels=len(edges) <= EDGE_LABELS_UP_TO, font_face=FONT_FACE, body_attrs=body_attrs or {},
    )
