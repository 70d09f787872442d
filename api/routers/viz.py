"""Network views as self-contained HTML pages (or PNGs), and the small JSON helpers the web UI needs.

Views — each takes ``embed=1`` (chrome-less, for an iframe), ``download=1`` (the standalone file as
an attachment, which works from ``file://``) and ``format=png`` (a picture for slides):

- ``/viz/entity/{id}?depth=&limit=&labels=&types=`` — the ego network;
- ``/viz/path?source=&target=&k=&max_hops=`` — the shortest paths between two entities;
- ``/viz/district/{id}?limit=`` — a district's organisations and their partners;
- ``/viz/events?district=&since=&until=&kind=&party=`` — events and their parties.

JSON for the UI: ``/viz/data/suggest`` (names, aliases, pinyin and its initials),
``/viz/data/districts`` and ``/viz/data/documents/{id}`` (a source document and the facts read from it).
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Annotated, Literal
from urllib.parse import quote, urlencode

import networkx as nx
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from innograph.api.deps import get_projection, get_store
from innograph.api.errors import ApiError
from innograph.api.routers.entities import not_found
from innograph.api.routers.network import RelLimit
from innograph.graph.districts import PARTNER_TYPES
from innograph.graph.events import list_events
from innograph.graph.model import Node
from innograph.graph.neighbourhood import MAX_RELATIONSHIPS, ego_subgraph
from innograph.graph.ontology import (ENTITY_TYPES, EVENT_KIND_ZH, EVENT_KINDS, LABEL_ZH, RELATIONSHIP_TYPES,
                                      RELATIONSHIP_ZH)
from innograph.graph.paths import explain_path, shortest_paths
from innograph.graph.places import organisations_in, places_within
from innograph.graph.projection import ProjectionCache
from innograph.graph.resolve import resolve_entity
from innograph.graph.store import Store, Subgraph
from innograph.viz.network import (DEFAULT_LIMIT, MAX_VIEW, cap_subgraph, node_type, relationships_note, render_page,
                                   showing_note)

router = APIRouter(prefix="/viz", tags=["views"])
VIEW_CAP = DEFAULT_LIMIT  # kept for callers of the old name
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
NODE_LABELS = (*ENTITY_TYPES, "Event")
Format = Literal["html", "png"]

StoreDep = Annotated[Store, Depends(get_store)]
ProjectionDep = Annotated[ProjectionCache, Depends(get_projection)]
Limit = Annotated[int, Query(ge=1, le=100_000, description=f"at most this many nodes (never more than {MAX_VIEW})")]
Embed = Annotated[bool, Query(description="chrome-less page for an iframe")]
Download = Annotated[bool, Query(description="the standalone HTML file (or PNG) as an attachment")]
FormatQ = Annotated[Format, Query(description="html (default) or png")]


# -- the four views ----------------------------------------------------------------------------
@router.get("/entity/{entity_id:path}", response_class=HTMLResponse,
            responses={200: {"content": {"image/png": {}}}})
def entity_view(
    entity_id: str,
    request: Request,
    store: StoreDep,
    projection: ProjectionDep,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Limit = DEFAULT_LIMIT,
    labels: Annotated[list[str] | None, Query(description="keep only nodes with these labels")] = None,
    types: Annotated[list[str] | None, Query(description="follow only these relationship types")] = None,
    rel_limit: RelLimit = MAX_RELATIONSHIPS,
    embed: Embed = False,
    download: Download = False,
    format: FormatQ = "html",
) -> Response:
    _check(labels, NODE_LABELS, "labels")
    _check(types, RELATIONSHIP_TYPES, "types")
    g = projection.graph()
    node = _resolve_in(store, g, entity_id)
    sub, total, rel_total = ego_subgraph(projection.undirected(), node.id, depth=depth, labels=labels, types=types,
                                         limit=min(limit, MAX_VIEW), max_relationships=rel_limit)
    name = _name(node)
    controls = [
        {"kind": "select", "name": "depth", "label": "深度 depth", "value": depth,
         "options": [(1, "1 跳 hop"), (2, "2 跳 hops"), (3, "3 跳 hops")]},
        {"kind": "number", "name": "limit", "label": "上限 limit", "value": min(limit, MAX_VIEW), "min": 1, "max": MAX_VIEW},
        {"kind": "checks", "name": "labels", "label": "类型 types:", "values": set(labels or []),
         "options": [(t, LABEL_ZH.get(t, t)) for t in NODE_LABELS]},
    ] + _embed_hidden(embed)
    links = _narrow_links(request, total, len(sub.nodes), depth)
    return _respond(request, store, sub, total=total, title=f"{name} 的关系网络", focus=[node.id],
                          filename=f"{name}-网络", embed=embed, download=download, fmt=format,
                          controls=controls, narrow_links=links,
                          note=relationships_note(len(sub.relationships), rel_total),
                          subtitle=f"{LABEL_ZH.get(node_type(node), node_type(node))} · {depth} 跳 hop(s)")


@router.get("/path", response_class=HTMLResponse, responses={200: {"content": {"image/png": {}}}})
def path_view(
    request: Request,
    store: StoreDep,
    projection: ProjectionDep,
    source: Annotated[str, Query(min_length=1, description="id, exact name or alias")],
    target: Annotated[str, Query(min_length=1, description="id, exact name or alias")],
    k: Annotated[int, Query(ge=1, le=10, description="how many shortest paths")] = 3,
    max_hops: Annotated[int, Query(ge=1, le=8)] = 6,
    types: Annotated[list[str] | None, Query(description="relationship types to follow")] = None,
    avoid: Annotated[list[str] | None, Query(description="labels not to walk through")] = None,
    embed: Embed = False,
    download: Download = False,
    format: FormatQ = "html",
) -> Response:
    _check(types, RELATIONSHIP_TYPES, "types")
    _check(avoid, (*NODE_LABELS, "Organization"), "avoid")
    g = projection.undirected()
    ends = [_resolve_in(store, g, name, field=field) for name, field in ((source, "source"), (target, "target"))]
    found = shortest_paths(g, ends[0].id, ends[1].id, k=k, max_hops=max_hops, rel_types=types, avoid_labels=avoid)
    allowed = set(types) if types else None
    nodes: dict[str, Node] = {n.id: n for n in ends}
    rels, seen_pairs = [], set()
    for p in found:
        for i in range(len(p.relationships)):
            a, b = p.nodes[i], p.nodes[i + 1]
            nodes.setdefault(a.id, a)
            nodes.setdefault(b.id, b)
            pair = frozenset((a.id, b.id))
            if pair in seen_pairs:
                continue
            seen_pairs.add(pair)
            rels.extend(r for r in g[a.id][b.id]["rels"] if allowed is None or r.type in allowed)
    sub = Subgraph(nodes=list(nodes.values()), relationships=rels)
    names = (_name(ends[0]), _name(ends[1]))
    if found:
        subtitle = "；".join(f"{p.length} 跳 hops: {explain_path(p)}" for p in found)
        note = None
    else:
        subtitle = None
        note = ("起点和终点是同一个实体 (source and target are the same entity)" if ends[0].id == ends[1].id else
                f"没有找到不超过 {max_hops} 跳的路径 (no path of at most {max_hops} hops)")
    controls = [
        {"kind": "hidden", "name": "source", "value": source},
        {"kind": "hidden", "name": "target", "value": target},
        {"kind": "select", "name": "k", "label": "路径数 paths", "value": k, "options": [(i, str(i)) for i in (1, 2, 3, 5, 10)]},
        {"kind": "select", "name": "max_hops", "label": "最多跳数 max hops", "value": max_hops,
         "options": [(i, str(i)) for i in range(1, 9)]},
    ] + _embed_hidden(embed)
    return _respond(request, store, sub, total=len(sub.nodes), title=f"{names[0]} ↔ {names[1]} 的路径",
                          focus=[e.id for e in ends], filename=f"{names[0]}-{names[1]}-路径", embed=embed,
                          download=download, fmt=format, controls=controls, note=note, subtitle=subtitle,
                          extra_body={"data-paths": str(len(found))})


@router.get("/district/{district_id:path}", response_class=HTMLResponse,
            responses={200: {"content": {"image/png": {}}}})
def district_view(
    district_id: str,
    request: Request,
    store: StoreDep,
    projection: ProjectionDep,
    limit: Limit = DEFAULT_LIMIT,
    partners: Annotated[bool, Query(description="include partners from outside the district")] = True,
    embed: Embed = False,
    download: Download = False,
    format: FormatQ = "html",
) -> Response:
    g = projection.graph()
    district = _resolve_in(store, g, district_id, field="district_id")
    if "District" not in district.labels:
        raise ApiError(422, f"{district_id!r} is not a district", field="district_id")
    sub, pinned = district_subgraph(g, district.id, partners=partners)
    capped, total = cap_subgraph(sub, limit, pinned=pinned)
    name = _name(district)
    orgs = organisations_in(g, places_within(g, district.id))
    controls = [
        {"kind": "number", "name": "limit", "label": "上限 limit", "value": min(limit, MAX_VIEW), "min": 1, "max": MAX_VIEW},
        {"kind": "select", "name": "partners", "label": "外部伙伴 partners", "value": "true" if partners else "false",
         "options": [("true", "显示 show"), ("false", "隐藏 hide")]},
    ] + _embed_hidden(embed)
    return _respond(request, store, capped, total=total, title=f"{name} 的机构与合作伙伴",
                          focus=[district.id], filename=f"{name}-机构", embed=embed, download=download, fmt=format,
                          controls=controls, narrow_links=_narrow_links(request, total, len(capped.nodes), None),
                          subtitle=f"{len(orgs)} 家机构 organisations located here")


@router.get("/events", response_class=HTMLResponse, responses={200: {"content": {"image/png": {}}}})
def events_view(
    request: Request,
    store: StoreDep,
    projection: ProjectionDep,
    district: Annotated[str | None, Query(description="district id or name")] = None,
    since: Annotated[str | None, Query(pattern=DATE)] = None,
    until: Annotated[str | None, Query(pattern=DATE)] = None,
    kind: Annotated[str | None, Query(description=f"one of {', '.join(EVENT_KINDS)}")] = None,
    party: Annotated[str | None, Query(description="organisation or district id or name")] = None,
    events: Annotated[int, Query(ge=1, le=1000, description="at most this many events, newest first")] = 100,
    limit: Limit = DEFAULT_LIMIT,
    embed: Embed = False,
    download: Download = False,
    format: FormatQ = "html",
) -> Response:
    if kind and kind not in EVENT_KINDS:
        raise ApiError(422, f"invalid kind: {kind!r} is not one of {', '.join(EVENT_KINDS)}", field="kind")
    g = projection.graph()
    place = _resolve_in(store, g, district, field="district") if district else None
    who = _resolve_in(store, g, party, field="party") if party else None
    found = list_events(g, kind=kind, district=place.id if place else None, party=who.id if who else None,
                        since=since, until=until)
    sub, pinned = events_subgraph(g, [r.event.id for r in found[:events]])
    if place is not None and place.id not in {n.id for n in sub.nodes}:
        sub.nodes.insert(0, place)
    capped, total = cap_subgraph(sub, limit, pinned=[*(p.id for p in (place, who) if p), *pinned])
    where = _name(place) if place else "全部地区"
    span = f"{since or '…'} — {until or '…'}" if since or until else ""
    title = f"{where} 的事件" + (f"（{EVENT_KIND_ZH.get(kind, kind)}）" if kind else "")
    note = None
    if len(found) > events:
        note = f"只画出最新的 {events} / {len(found)} 个事件 (newest {events} of {len(found)} events)"
    controls = [
        {"kind": "hidden", "name": "district", "value": district} if district else None,
        {"kind": "hidden", "name": "party", "value": party} if party else None,
        {"kind": "text", "name": "since", "label": "起 since", "value": since, "placeholder": "2020-01"},
        {"kind": "text", "name": "until", "label": "止 until", "value": until, "placeholder": "2023-12"},
        {"kind": "select", "name": "kind", "label": "类型 kind", "value": kind or "",
         "options": [("", "全部 all"), *((k, f"{EVENT_KIND_ZH[k]} {k}") for k in EVENT_KINDS)]},
        {"kind": "number", "name": "events", "label": "事件数 events", "value": events, "min": 1, "max": 1000},
    ] + _embed_hidden(embed)
    return _respond(request, store, capped, total=total, title=title, focus=[place.id] if place else [],
                          filename=f"{where}-事件", embed=embed, download=download, fmt=format,
                          controls=[c for c in controls if c], note=note,
                          subtitle=f"{len(found)} 个事件 events {span}".strip(),
                          extra_body={"data-events": str(min(len(found), events))})


# -- subgraphs the views draw --------------------------------------------------------------------
def district_subgraph(g: nx.MultiDiGraph, district_id: str, *, partners: bool = True) -> tuple[Subgraph, list[str]]:
    """The district, the places within it, the organisations there and (optionally) their partners:
    co-parties of their events (with the events, whose PARTY_TO edges carry the evidence) and
    whoever founded, runs, branches from or collaborates with them. Returns the subgraph and the
    ids to keep first when capping (the district, its places, its organisations)."""
    area = places_within(g, district_id)
    orgs = organisations_in(g, area)
    insiders = area | orgs
    keep = set(insiders)
    if partners:
        for inside in insiders:
            for _, b, data in g.out_edges(inside, data=True):
                rel = data["rel"]
                if rel.type == "PARTY_TO":
                    keep.add(b)
                    keep.update(a for a, _, d in g.in_edges(b, data=True) if d["rel"].type == "PARTY_TO")
                elif rel.type in PARTNER_TYPES:
                    keep.add(b)
            for a, _, data in g.in_edges(inside, data=True):
                if data["rel"].type in PARTNER_TYPES and data["rel"].type != "PARTY_TO":
                    keep.add(a)
    pinned = [district_id, *sorted(area - {district_id}), *sorted(orgs, key=lambda o: (-g.degree(o), o))]
    return _induced(g, keep, order=pinned), pinned


def events_subgraph(g: nx.MultiDiGraph, event_ids: list[str]) -> tuple[Subgraph, list[str]]:
    """The events with their parties, places and what they established, and those edges only."""
    keep: dict[str, None] = dict.fromkeys(event_ids)
    rels = []
    for e in event_ids:
        for a, _, data in g.in_edges(e, data=True):
            if data["rel"].type == "PARTY_TO":
                keep.setdefault(a)
                rels.append(data["rel"])
        for _, b, data in g.out_edges(e, data=True):
            if data["rel"].type in ("HELD_IN", "ESTABLISHES"):
                keep.setdefault(b)
                rels.append(data["rel"])
    return Subgraph(nodes=[g.nodes[n]["node"] for n in keep], relationships=rels), list(event_ids)


def _induced(g: nx.MultiDiGraph, keep: set[str], order: list[str]) -> Subgraph:
    ordered = [n for n in order if n in keep] + sorted(keep - set(order))
    rels = [d["rel"] for _, _, d in g.subgraph(keep).edges(data=True)]
    return Subgraph(nodes=[g.nodes[n]["node"] for n in ordered], relationships=rels)


# -- rendering ------------------------------------------------------------------------------------
def _respond(request: Request, store: Store, sub: Subgraph, *, total: int, title: str, focus: list[str],
                   filename: str, embed: bool, download: bool, fmt: str, controls: list[dict] | None = None,
                   narrow_links: list[tuple[str, str]] | None = None, note: str | None = None,
                   subtitle: str | None = None, extra_body: dict | None = None) -> Response:
    titles = _doc_titles(store)
    if fmt == "png":
        from innograph.viz.png import render_png

        footer = " · ".join(x for x in (showing_note(len(sub.nodes), total), note) if x) or None
        data = render_png(sub, title=title, focus=focus, note=footer)
        headers = {"Content-Disposition": _disposition(filename + ".png", attachment=download)}
        return Response(data, media_type="image/png", headers=headers)
    html = render_page(
        sub, title=title, focus=focus, total=total, note=note, subtitle=subtitle, embed=embed,
        standalone=download, controls=controls, narrow_links=narrow_links, doc_titles=titles,
        download_href=_with(request, download="1", embed=None, format=None),
        png_href=_with(request, format="png", embed=None, download=None),
        full_href=_with(request, embed=None, download=None, format=None), body_attrs=extra_body,
    )
    headers = {"Content-Disposition": _disposition(filename + ".html", attachment=True)} if download else {}
    return HTMLResponse(html, headers=headers)


_titles_lock = threading.Lock()
_titles_cache: dict[int, tuple[int, dict[str, str]]] = {}


def _doc_titles(store: Store) -> dict[str, str]:
    version = store.version()
    with _titles_lock:
        cached = _titles_cache.get(id(store))
        if cached and cached[0] == version:
            return cached[1]
    titles = {d.id: d.title for d in store.documents() if d.title}
    with _titles_lock:
        _titles_cache[id(store)] = (version, titles)
    return titles


def _with(request: Request, **changes: str | None) -> str:
    """The request's own URL (path and query) with some parameters set or removed."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    items += [(k, v) for k, v in changes.items() if v is not None]
    query = urlencode(items)
    return request.url.path + (f"?{query}" if query else "")


def _narrow_links(request: Request, total: int, shown: int, depth: int | None) -> list[tuple[str, str]]:
    links = []
    if total > shown:
        for n in (50, 100):
            if n < shown:
                links.append((f"只看前 {n} 个 top {n}", _with(request, limit=str(n))))
        if depth and depth > 1:
            links.append((f"深度 depth {depth - 1}", _with(request, depth=str(depth - 1))))
    return links


def _embed_hidden(embed: bool) -> list[dict]:
    return [{"kind": "hidden", "name": "embed", "value": "1"}] if embed else []


def _disposition(filename: str, *, attachment: bool) -> str:
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"innograph-view.{filename.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _check(values: list[str] | None, allowed, field: str) -> None:
    for v in values or []:
        if v not in allowed:
            raise ApiError(422, f"invalid {field}: {v!r} is not one of {', '.join(allowed)}", field=field)


def _resolve_in(store: Store, g: nx.Graph, name_or_id: str, *, field: str = "id") -> Node:
    if name_or_id in g:
        return g.nodes[name_or_id]["node"]
    node = resolve_entity(store, name_or_id)
    if node is None or node.id not in g:
        err = not_found(store, name_or_id)
        err.field = field
        raise err
    return g.nodes[node.id]["node"]


def _name(node: Node) -> str:
    return node.name


# -- JSON for the web UI -------------------------------------------------------------------------
@router.get("/data/suggest", tags=["views"])
def suggest(
    projection: ProjectionDep,
    q: Annotated[str, Query(min_length=1, max_length=100, description="名称、别名、拼音或拼音首字母 / name, alias, pinyin or its initials")],
    type: Annotated[list[str] | None, Query(description=f"one of {', '.join(ENTITY_TYPES)}")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict:
    """Suggestions as one types: Chinese substrings of names and aliases, then pinyin (``nanjing``)
    and pinyin initials (``njhk`` for 南京航空航天大学)."""
    _check(type, ENTITY_TYPES, "type")
    from innograph.viz.suggest import suggestions

    found = suggestions(projection.graph(), q, types=type, limit=limit)
    return {"query": q, "results": found}


@router.get("/data/districts", tags=["views"])
def districts(projection: ProjectionDep) -> dict:
    """Every district with its level, its parent, how many organisations and events it has directly."""
    g = projection.graph()
    out = []
    for n, data in g.nodes(data=True):
        node = data["node"]
        if "District" not in node.labels:
            continue
        orgs = events = 0
        parent = None
        for a, _, d in g.in_edges(n, data=True):
            t = d["rel"].type
            orgs += t == "LOCATED_IN"
            events += t == "HELD_IN"
        for _, b, d in g.out_edges(n, data=True):
            if d["rel"].type == "PART_OF":
                parent = b
            elif d["rel"].type == "PARTY_TO":
                events += 1
        out.append({"id": n, "name": node.name, "level": node.properties.get("level"), "parent": parent,
                    "organisations": orgs, "events": events, "aliases": list(node.properties.get("aliases") or [])})
    out.sort(key=lambda d: (-(d["organisations"] + d["events"]), d["name"]))
    return {"districts": out}


@router.get("/data/documents/{document_id:path}", tags=["views"])
def document(document_id: str, store: StoreDep, projection: ProjectionDep) -> dict:
    """A source document: its metadata, the entities it mentions and every fact read from it."""
    info = next((d for d in store.documents() if d.id == document_id), None)
    if info is None:
        raise ApiError(404, f"no document with id {document_id!r}", field="document_id")
    g = projection.graph()

    def brief(node_id: str) -> dict:
        node = g.nodes[node_id]["node"] if node_id in g else None
        if node is None:
            return {"id": node_id, "name": node_id, "type": ""}
        return {"id": node_id, "name": node.name, "type": node_type(node)}

    facts = []
    for a, b, data in g.edges(data=True):
        rel = data["rel"]
        p = rel.properties
        if p.get("doc") != document_id:
            continue
        facts.append({"type": rel.type, "type_zh": RELATIONSHIP_ZH.get(rel.type, rel.type), "start": brief(a),
                      "end": brief(b), "role": p.get("role"), "evidence": p.get("evidence"),
                      "extractor": p.get("extractor"), "confidence": p.get("confidence")})
    facts.sort(key=lambda f: (f["evidence"] or "", f["type"], f["start"]["name"]))
    mentioned = Counter()
    for rel in store.mentions():
        if rel.end == document_id:
            mentioned[rel.start] += 1
    return {"document": info.model_dump(), "entities": [brief(n) for n in sorted(mentioned)], "facts": facts}
