"""Network views: a subgraph in, one self-contained HTML page out.

pyvis holds the network and its options; the page comes from our own template because pyvis'
templates fetch bootstrap and more from CDNs and set tooltips as innerHTML. Here vis-network is
inlined from the copy pyvis ships, tooltips are DOM text nodes, and the data is embedded with
Jinja's ``tojson`` (which escapes ``<``, ``>``, ``&`` and ``'``), so no text from a document can
become markup.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from innograph.graph.model import Node, Relationship
from innograph.graph.ontology import EVENT_KIND_ZH, LABEL_ZH, RELATIONSHIP_ZH, primary_label
from innograph.graph.store import Subgraph

# Colour and shape per type; the legend is built from the same table.
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
LARGE_VIEW = 300  # above this many nodes the layout is computed here and physics is off


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _env() -> Environment:
    folder = Path(str(resources.files(__package__).joinpath("templates")))
    return Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]))


def node_type(node: Node) -> str:
    return primary_label(node.labels) if node.labels[0] == "Organization" else node.labels[0]


def build_network(sub: Subgraph, *, focus: str | None = None) -> Network:
    """A pyvis Network of the subgraph, built from lists directly (pyvis' add_edge is O(E²))."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    degree = Counter()
    for rel in sub.relationships:
        degree[rel.start] += 1
        degree[rel.end] += 1
    nodes = []
    for node in sub.nodes:
        kind = node_type(node)
        colour, shape = STYLE.get(kind, ("#17becf", "dot"))
        label = _node_label(node)
        tip = [f"{label}", f"类型 {LABEL_ZH.get(kind, kind)} ({kind})"]
        aliases = node.properties.get("aliases") or []
        if aliases:
            tip.append("别名 " + "、".join(aliases))
        if node.properties.get("date"):
            tip.append("日期 " + str(node.properties["date"]))
        nodes.append({
            "id": node.id, "label": label, "group": kind, "color": colour, "shape": shape,
            "size": 12 + min(30, 3 * degree[node.id]) + (10 if node.id == focus else 0),
            "title": "\n".join(tip), "borderWidth": 3 if node.id == focus else 1,
        })
    edges = []
    for rel in sub.relationships:
        p = rel.properties
        tip = [f"{RELATIONSHIP_ZH.get(rel.type, rel.type)} ({rel.type})"]
        if p.get("role"):
            tip.append(f"角色 {p['role']}")
        if p.get("evidence"):
            tip.append(f"证据 {p['evidence']}")
        if p.get("doc"):
            tip.append(f"来源 {p['doc']}")
        edges.append({"from": rel.start, "to": rel.end, "label": RELATIONSHIP_ZH.get(rel.type, rel.type),
                      "title": "\n".join(tip), "arrows": "to", "font": {"size": 10, "align": "middle"}})
    # Assigning the lists keeps parallel edges of different types, which add_edge would merge.
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = _options(physics=len(nodes) <= LARGE_VIEW)
    if len(nodes) > LARGE_VIEW:
        _fix_positions(nodes, sub)
    return net


def _node_label(node: Node) -> str:
    p = node.properties
    if "Event" in node.labels:
        kind = EVENT_KIND_ZH.get(p.get("kind", ""), p.get("kind", ""))
        title = str(p.get("title") or "")
        return f"{p.get('date') or ''} {kind}：{title[:18]}".strip()
    return str(p.get("name") or node.id)


def _options(*, physics: bool) -> dict:
    return {
        "physics": {"enabled": physics, "stabilization": {"iterations": 200},
                    "barnesHut": {"gravitationalConstant": -8000, "springLength": 140}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "edges": {"smooth": {"type": "dynamic"} if physics else False, "color": {"color": "#999"}},
        "nodes": {"font": {"face": "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif", "size": 14}},
    }


def _fix_positions(nodes: list[dict], sub: Subgraph) -> None:
    """Server-side layout for large views: physics off, positions from networkx."""
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in nodes)
    g.add_edges_from((r.start, r.end) for r in sub.relationships)
    pos = nx.spring_layout(g, seed=7, iterations=30, scale=60 * len(nodes) ** 0.5)
    for n in nodes:
        x, y = pos[n["id"]]
        n["x"], n["y"], n["physics"] = float(x), float(y), False


def render_page(
    sub: Subgraph,
    *,
    title: str,
    focus: str | None = None,
    note: str | None = None,
    embed: bool = False,
    download_href: str | None = None,
) -> str:
    """One self-contained HTML page (no external fetch) drawing the subgraph."""
    net = build_network(sub, focus=focus)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    js, css = _vis_assets()
    present = Counter(n["group"] for n in nodes)
    legend = [{"type": t, "zh": LABEL_ZH.get(t, t), "colour": STYLE[t][0], "count": present[t]}
              for t in STYLE if present[t]]
    return _env().get_template("view.html").render(
        title=title, nodes=nodes, edges=edges, options=options, vis_js=js, vis_css=css,
        legend=legend, note=note, embed=embed, download_href=download_href,
        node_count=len(nodes), edge_count=len(edges),
    )
