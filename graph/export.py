"""Exports of a graph document: JSON (the contract), GraphML and GEXF (Gephi), CSV for neo4j-admin.

>>> from innograph.graph.model import GraphDocument, Node
>>> g = GraphDocument(nodes=[Node(id="place:相城区", labels=["District"], properties={"name": "相城区"})])
>>> b"\\u76f8" not in export_bytes(g, "json") and "相城区".encode() in export_bytes(g, "json")
True
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx

from innograph.graph.model import GraphDocument
from innograph.graph.ontology import primary_label

EXPORT_FORMATS = ("json", "graphml", "gexf", "csv")
MEDIA_TYPES = {
    "json": "application/json",
    "graphml": "application/xml",
    "gexf": "application/xml",
    "csv": "application/zip",
}


def export_bytes(graph: GraphDocument, fmt: str) -> bytes:
    if fmt == "json":
        return graph.to_json(indent=2).encode("utf-8")
    if fmt in ("graphml", "gexf"):
        g = to_networkx(graph)
        buf = io.BytesIO()
        if fmt == "graphml":
            nx.write_graphml(g, buf, encoding="utf-8")
        else:
            nx.write_gexf(g, buf, encoding="utf-8")
        return buf.getvalue()
    if fmt == "csv":
        return _csv_zip(graph)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {EXPORT_FORMATS}")


def to_networkx(graph: GraphDocument) -> nx.MultiDiGraph:
    """Flat attributes (strings and numbers) as Gephi wants them: label, type, labels, name, ..."""
    g = nx.MultiDiGraph()
    for info in graph.documents:
        g.add_node(info.id, label=info.title or info.id, type="Document", labels="Document", path=info.path)
    for node in graph.nodes:
        attrs = {"label": node.name, "type": primary_label(node.labels), "labels": ";".join(node.labels)}
        for key, value in node.properties.items():
            attrs[key] = ";".join(map(str, value)) if isinstance(value, list) else ("" if value is None else value)
        g.add_node(node.id, **attrs)
    for i, rel in enumerate(graph.relationships):
        attrs = {"type": rel.type, "label": rel.type}
        for key, value in rel.properties.items():
            attrs[key] = ";".join(map(str, value)) if isinstance(value, list) else ("" if value is None else value)
        g.add_edge(rel.start, rel.end, key=i, **attrs)
    return g


def _csv_zip(graph: GraphDocument) -> bytes:
    """nodes.csv and relationships.csv with neo4j-admin import headers (``id:ID``, ``:LABEL``, ...)."""
    node_buf, rel_buf = io.StringIO(), io.StringIO()
    keys = sorted({k for n in graph.nodes for k in n.properties} - {"aliases"})
    w = csv.writer(node_buf)
    w.writerow(["id:ID", ":LABEL", "aliases:string[]", *keys])
    for info in graph.documents:
        w.writerow([info.id, "Document", "", *["" for _ in keys]])
    for node in graph.nodes:
        p = node.properties
        w.writerow([node.id, ";".join(node.labels), ";".join(p.get("aliases") or []),
                    *[_scalar(p.get(k)) for k in keys]])
    rel_keys = sorted({k for r in graph.relationships for k in r.properties} - {"aliases", "confidence"})
    w = csv.writer(rel_buf)
    w.writerow([":START_ID", ":END_ID", ":TYPE", "confidence:float", "aliases:string[]", *rel_keys])
    for rel in graph.relationships:
        p = rel.properties
        w.writerow([rel.start, rel.end, rel.type, _scalar(p.get("confidence")), ";".join(p.get("aliases") or []),
                    *[_scalar(p.get(k)) for k in rel_keys]])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("nodes.csv", node_buf.getvalue().encode("utf-8"))
        z.writestr("relationships.csv", rel_buf.getvalue().encode("utf-8"))
        z.writestr("README.txt", "neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv "
                   "--array-delimiter=';' neo4j\n")
    return out.getvalue()


def _scalar(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
