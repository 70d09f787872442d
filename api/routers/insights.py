"""Insights: where to act, and why — brokers, communities, partner recommendations, district
comparison and one-page briefings, over the collaboration network of the projection.

JSON under ``/api/insights``:

- ``GET /api/insights/network`` — the collaboration network itself (typed links with evidence);
- ``GET /api/insights/brokers?by=district|community&types=&network_types=&kinds=&limit=``;
- ``GET /api/insights/communities?min_size=&resolution=`` and ``/communities/{n}`` (members and links);
- ``GET /api/insights/communities/{n}/view`` — the community drawn as a self-contained HTML page;
- ``GET /api/insights/recommendations?entity=&types=&kinds=&limit=`` — for an organisation or a district;
- ``GET /api/insights/compare?districts=&districts=`` — two to five districts side by side;
- ``GET /api/insights/briefing/{entity}?format=html|pdf|json`` — the one-page briefing.

And ``GET /insights``: a small self-contained page (no CDN, server-rendered) listing all of it.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote, urlencode

import networkx as nx
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field

from innograph.api.deps import get_projection, get_store
from innograph.api.errors import ApiError
from innograph.api.models import EntitySummary, ErrorResponse
from innograph.api.routers.entities import not_found
from innograph.api.summaries import summary
from innograph.graph.insights.brokers import find_brokers
from innograph.graph.insights.collaboration import (DEFAULT_KINDS, LINK_KIND_ZH, LINK_KINDS, SEED, CollaborationNetwork,
                                                    Evidence, collaboration_network, fact_zh, is_organisation)
from innograph.graph.insights.communities import Community, community_subgraph, detect_communities
from innograph.graph.insights.compare import MAX_DISTRICTS, MIN_DISTRICTS, compare_districts
from innograph.graph.insights.recommend import DEFAULT_TYPES, EvidenceHop, recommend_partners
from innograph.graph.model import Node
from innograph.graph.ontology import EVENT_KIND_ZH, LABEL_ZH, ORGANIZATION_KINDS
from innograph.graph.projection import ProjectionCache
from innograph.graph.resolve import resolve_entity
from innograph.graph.store import Store

API = "/api/insights"
# Every failure has the one JSON error body (api/errors.py); pages say so explicitly, since their 200 is HTML.
_STATUSES = [(400, "Invalid request"), (401, "A valid token is required"), (403, "Refused"),
             (404, "Not found, with suggestions"), (413, "Request too large"),
             (422, "A parameter is invalid; `field` names it"), (503, "The graph database (or the PDF printer) is unavailable")]
JSON_ERRORS = {status: {"model": ErrorResponse, "description": text} for status, text in _STATUSES}
PAGE_ERRORS = {status: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}
               for status, text in _STATUSES}
router = APIRouter(tags=["insights"])

StoreDep = Annotated[Store, Depends(get_store)]
ProjectionDep = Annotated[ProjectionCache, Depends(get_projection)]
KindsQ = Annotated[list[str] | None, Query(description=f"link kinds to follow: {', '.join(LINK_KINDS)} "
                                                      f"(default: {', '.join(DEFAULT_KINDS)})")]
TypesQ = Annotated[list[str] | None, Query(description=f"organisation types: {', '.join(ORGANIZATION_KINDS)}")]


# -- response models -------------------------------------------------------------------------------
class GroupOut(BaseModel):
    id: str
    name: str
    kind: str  # "district" or "community"


class EvidenceOut(BaseModel):
    kind: str
    kind_zh: str
    text: str  # the fact in Chinese
    source: EntitySummary
    target: EntitySummary
    via: EntitySummary | None = None  # the event or the co-founded organisation
    date: str | None = None
    role: str | None = None
    evidence: str | None = None
    doc: str | None = None
    confidence: float | None = None


class LinkOut(BaseModel):
    a: EntitySummary
    b: EntitySummary
    weight: int
    kinds: list[str]
    evidence: list[EvidenceOut]


class NetworkOut(BaseModel):
    kinds: list[str]
    organisations: int
    linked: int
    links: int
    nodes: list[EntitySummary]
    edges: list[LinkOut]


class BridgedPairOut(BaseModel):
    a: EntitySummary
    b: EntitySummary
    a_groups: list[GroupOut]
    b_groups: list[GroupOut]
    text: str


class BrokerOut(BaseModel):
    rank: int
    entity: EntitySummary
    betweenness: float
    partners: int
    groups: list[GroupOut]
    place_source: str | None = None  # how its district is known: located, activity (inferred) or null
    bridged_groups: list[GroupOut]
    pair_count: int
    pairs: list[BridgedPairOut]
    explanation: str


class BrokersOut(BaseModel):
    by: str
    kinds: list[str]
    types: list[str]
    network_types: list[str]
    method: str = "betweenness centrality (networkx), normalised"
    brokers: list[BrokerOut]
    reason: str | None = None


class MemberOut(BaseModel):
    entity: EntitySummary
    centrality: float
    degree: int


class DistrictCount(BaseModel):
    district: EntitySummary
    members: int


class CommunityOut(BaseModel):
    number: int
    name: str
    size: int
    central: list[EntitySummary]
    members: list[MemberOut]
    internal_links: int
    density: float
    counts_by_type: dict[str, int]
    districts: list[DistrictCount]
    view: str


class CommunitiesOut(BaseModel):
    method: str = "louvain (networkx.community.louvain_communities)"
    seed: int
    resolution: float
    kinds: list[str]
    count: int
    communities: list[CommunityOut]


class CommunityDetail(CommunityOut):
    links: list[LinkOut]


class HopOut(BaseModel):
    source: EntitySummary
    target: EntitySummary
    kind: str
    text: str
    evidence: str | None = None
    doc: str | None = None
    date: str | None = None


class PathOut(BaseModel):
    nodes: list[EntitySummary]
    hops: list[HopOut]
    text: str


class RecommendationOut(BaseModel):
    rank: int
    entity: EntitySummary
    score: float
    common: list[EntitySummary]
    explanation: str
    paths: list[PathOut]


class RecommendationsOut(BaseModel):
    entity: EntitySummary
    mode: str
    method: str
    types: list[str]
    kinds: list[str]
    peers: list[EntitySummary]
    recommendations: list[RecommendationOut]


class PartnerOut(BaseModel):
    entity: EntitySummary
    inside: bool
    links: int
    kinds: list[str]


class DistrictColumnOut(BaseModel):
    district: EntitySummary
    organisations: int
    counts_by_type: dict[str, int]
    events: int
    signings: int
    signings_by_quarter: dict[str, int]
    partners: int
    top_partners: list[PartnerOut]
    partner_universities: list[PartnerOut]


class SharedPartnerOut(BaseModel):
    entity: EntitySummary
    districts: list[EntitySummary]


class ComparisonOut(BaseModel):
    districts: list[DistrictColumnOut]
    quarters: list[str]
    types: list[str]
    shared_partners: list[SharedPartnerOut]
    notes: list[str] = Field(default_factory=list)


# -- helpers ---------------------------------------------------------------------------------------
def _check(values: list[str] | None, allowed, field: str) -> list[str]:
    for v in values or []:
        if v not in allowed:
            raise ApiError(422, f"invalid {field}: {v!r} is not one of {', '.join(allowed)}", field=field)
    return list(dict.fromkeys(values or []))


def _network(projection: ProjectionCache, kinds: list[str] | None) -> CollaborationNetwork:
    _check(kinds, LINK_KINDS, "kinds")
    return collaboration_network(projection.graph(), kinds or None)


def _resolve_in(store: Store, g: nx.Graph, name_or_id: str, *, field: str) -> Node:
    name_or_id = name_or_id.strip()
    if name_or_id in g:
        return g.nodes[name_or_id]["node"]
    node = resolve_entity(store, name_or_id) if name_or_id else None
    if node is None or node.id not in g:
        err = not_found(store, name_or_id)
        err.field = field
        raise err
    return g.nodes[node.id]["node"]


def _s(net: CollaborationNetwork, node_id: str) -> EntitySummary:
    return summary(net.node(node_id))


def _group(net: CollaborationNetwork, group: str, communities: dict[int, Community]) -> GroupOut:
    if group.startswith("community:"):
        n = int(group.split(":", 1)[1])
        c = communities.get(n)
        return GroupOut(id=group, name=f"社区 {n}" + (f"（{c.name}）" if c else ""), kind="community")
    return GroupOut(id=group, name=net.name(group), kind="district")


def evidence_out(net: CollaborationNetwork, ev: Evidence) -> EvidenceOut:
    via = _s(net, ev.via) if ev.via and ev.via in net.g else None
    return EvidenceOut(kind=ev.kind, kind_zh=LINK_KIND_ZH.get(ev.kind, ev.kind), text=fact_zh(ev, net.name),
                       source=_s(net, ev.source), target=_s(net, ev.target), via=via, date=ev.date, role=ev.role,
                       evidence=ev.evidence, doc=ev.doc, confidence=ev.confidence)


def _link(net: CollaborationNetwork, a: str, b: str) -> LinkOut:
    data = net.graph[a][b]
    return LinkOut(a=_s(net, a), b=_s(net, b), weight=data["weight"], kinds=data["kinds"],
                   evidence=[evidence_out(net, ev) for ev in data["evidence"]])


def _community_out(net: CollaborationNetwork, c: Community) -> CommunityOut:
    return CommunityOut(
        number=c.number, name=c.name, size=c.size, central=[_s(net, m) for m in c.central],
        members=[MemberOut(entity=_s(net, m.id), centrality=m.centrality, degree=m.degree) for m in c.members],
        internal_links=c.internal_links, density=c.density, counts_by_type=c.counts_by_type,
        districts=[DistrictCount(district=_s(net, d), members=n) for d, n in c.districts.items()],
        view=f"{API}/communities/{c.number}/view")


def _hop(net: CollaborationNetwork, hop: EvidenceHop) -> HopOut:
    return HopOut(source=_s(net, hop.source), target=_s(net, hop.target), kind=hop.kind, text=hop.text,
                  evidence=hop.evidence, doc=hop.doc, date=hop.date)


def _doc_titles(store: Store) -> dict[str, str]:
    return {d.id: d.title for d in store.documents() if d.title}


def _disposition(filename: str, *, attachment: bool) -> str:
    kind = "attachment" if attachment else "inline"
    ext = filename.rsplit(".", 1)[-1]
    return f"{kind}; filename=\"innograph-briefing.{ext}\"; filename*=UTF-8''{quote(filename, safe='')}"


# -- the network -----------------------------------------------------------------------------------
@router.get(f"{API}/network", response_model=NetworkOut, responses=JSON_ERRORS)
def network(projection: ProjectionDep, kinds: KindsQ = None,
            linked_only: Annotated[bool, Query(description="leave out organisations without links")] = True) -> NetworkOut:
    """The collaboration network: organisations, and the typed links between them with their evidence."""
    net = _network(projection, kinds)
    nodes = net.linked() if linked_only else sorted(net.graph)
    edges = sorted((min(a, b), max(a, b)) for a, b in net.graph.edges())
    return NetworkOut(kinds=list(net.kinds), organisations=net.graph.number_of_nodes(), linked=len(net.linked()),
                      links=len(edges), nodes=[_s(net, n) for n in nodes], edges=[_link(net, a, b) for a, b in edges])


# -- brokers ---------------------------------------------------------------------------------------
@router.get(f"{API}/brokers", response_model=BrokersOut, responses=JSON_ERRORS)
def brokers(
    projection: ProjectionDep,
    by: Annotated[Literal["district", "community"], Query(description="bridging what: districts or communities")] = "district",
    types: TypesQ = None,
    network_types: Annotated[list[str] | None, Query(description="compute betweenness on these organisation types only")] = None,
    kinds: KindsQ = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    pairs: Annotated[int, Query(ge=0, le=100, description="pairs listed per broker")] = 10,
) -> BrokersOut:
    """Organisations that bridge districts or communities: betweenness centrality on the collaboration
    network, each with the pairs of its partners it connects (not linked to each other, in different groups)."""
    types = _check(types, ORGANIZATION_KINDS, "types")
    network_types = _check(network_types, ORGANIZATION_KINDS, "network_types")
    net = _network(projection, kinds)
    return brokers_out(net, by=by, types=types, network_types=network_types, limit=limit, pairs=pairs)


def brokers_out(net: CollaborationNetwork, *, by: str, types: list[str], network_types: list[str], limit: int,
                pairs: int) -> BrokersOut:
    found = find_brokers(net, by=by, types=types or None, network_types=network_types or None, limit=limit,
                         max_pairs=pairs)
    communities = {c.number: c for c in detect_communities(net, min_size=1)} if by == "community" else {}
    out = []
    for b in found:
        groups = [_group(net, x, communities) for x in b.groups]
        bridged = [_group(net, x, communities) for x in b.bridged_groups]
        pair_out = []
        for p in b.pairs:
            ag = [_group(net, x, communities) for x in p.a_groups]
            bg = [_group(net, x, communities) for x in p.b_groups]
            text = (f"{net.name(b.id)} 连接了 {net.name(p.a)}（{'、'.join(g.name for g in ag)}）"
                    f"与 {net.name(p.b)}（{'、'.join(g.name for g in bg)}），两者尚无直接合作")
            pair_out.append(BridgedPairOut(a=_s(net, p.a), b=_s(net, p.b), a_groups=ag, b_groups=bg, text=text))
        what = "个地区" if by == "district" else "个社区"
        explanation = (f"{net.name(b.id)} 的中介中心性为 {b.betweenness:.4f}，与 {b.partners} 家机构有合作，"
                       f"连接了 {len(bridged)} {what}（{'、'.join(g.name for g in bridged[:6])}"
                       f"{'等' if len(bridged) > 6 else ''}）之间 {b.pair_count} 对尚无直接合作的机构")
        out.append(BrokerOut(rank=b.rank, entity=_s(net, b.id), betweenness=b.betweenness, partners=b.partners,
                             groups=groups, place_source=net.org_place(b.id).source if by == "district" else None,
                             bridged_groups=bridged, pair_count=b.pair_count, pairs=pair_out, explanation=explanation))
    reason = None
    if not out:
        reason = ("no organisation bridges two " + ("districts" if by == "district" else "communities")
                  + " in this network (try by=" + ("community" if by == "district" else "district") + " or more link kinds)")
    return BrokersOut(by=by, kinds=list(net.kinds), types=types, network_types=network_types, brokers=out, reason=reason)


# -- communities -----------------------------------------------------------------------------------
@router.get(f"{API}/communities", response_model=CommunitiesOut, responses=JSON_ERRORS)
def communities(
    projection: ProjectionDep,
    min_size: Annotated[int, Query(ge=1, le=1000)] = 2,
    resolution: Annotated[float, Query(gt=0, le=10, description="Louvain resolution: above 1 smaller communities")] = 1.0,
    kinds: KindsQ = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> CommunitiesOut:
    """Communities of collaborating organisations (Louvain, fixed seed), named by their most central members."""
    net = _network(projection, kinds)
    found = detect_communities(net, resolution=resolution, min_size=min_size)
    return CommunitiesOut(seed=SEED, resolution=resolution, kinds=list(net.kinds), count=len(found),
                          communities=[_community_out(net, c) for c in found[:limit]])


def _community(net: CollaborationNetwork, number: int, resolution: float) -> Community:
    found = detect_communities(net, resolution=resolution, min_size=1)
    for c in found:
        if c.number == number:
            return c
    raise ApiError(404, f"no community {number}: there are {len(found)} (numbered 1 to {len(found)})", field="number")


@router.get(f"{API}/communities/{{number}}", response_model=CommunityDetail, responses=JSON_ERRORS)
def community(number: int, projection: ProjectionDep, kinds: KindsQ = None,
              resolution: Annotated[float, Query(gt=0, le=10)] = 1.0) -> CommunityDetail:
    """One community: its members (most central first) and every link among them with its evidence."""
    net = _network(projection, kinds)
    c = _community(net, number, resolution)
    members = c.member_ids
    links = sorted((min(a, b), max(a, b)) for a, b in net.graph.subgraph(members).edges())
    return CommunityDetail(**_community_out(net, c).model_dump(), links=[_link(net, a, b) for a, b in links])


@router.get(f"{API}/communities/{{number}}/view", response_class=HTMLResponse, responses=PAGE_ERRORS)
def community_view(number: int, store: StoreDep, projection: ProjectionDep, kinds: KindsQ = None,
                   resolution: Annotated[float, Query(gt=0, le=10)] = 1.0,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 300,
                   embed: bool = False, download: bool = False) -> HTMLResponse:
    """The community drawn: its members, the events and co-founded organisations linking them, and the
    store's relationships among them (hover an edge for its evidence)."""
    from innograph.viz.network import cap_subgraph, render_page

    net = _network(projection, kinds)
    c = _community(net, number, resolution)
    sub, pinned = community_subgraph(net, c)
    capped, total = cap_subgraph(sub, limit, pinned=pinned)
    html = render_page(capped, title=f"社区 {c.number}：{c.name}", focus=c.central, total=total,
                       subtitle=f"{c.size} 家机构 organisations · {c.internal_links} 条合作 links · Louvain community {c.number}",
                       embed=embed, standalone=download, doc_titles=_doc_titles(store),
                       body_attrs={"data-community": str(c.number), "data-members": str(c.size)})
    headers = {"Content-Disposition": _disposition(f"社区{c.number}-{c.name}.html", attachment=True)} if download else {}
    return HTMLResponse(html, headers=headers)


# -- recommendations -------------------------------------------------------------------------------
@router.get(f"{API}/recommendations", response_model=RecommendationsOut, responses=JSON_ERRORS)
def recommendations(
    store: StoreDep,
    projection: ProjectionDep,
    entity: Annotated[str, Query(min_length=1, max_length=200, description="organisation or district: id, name or alias")],
    types: Annotated[list[str] | None, Query(description=f"candidate types (default {', '.join(DEFAULT_TYPES)})")] = None,
    kinds: KindsQ = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    paths: Annotated[int, Query(ge=1, le=10, description="evidence paths per recommendation")] = 3,
) -> RecommendationsOut:
    """Partners to approach: organisations that work with the entity's peers but not yet with it
    (Adamic–Adar), each with evidence paths in Chinese and the sentences and documents behind them."""
    types = _check(types, ORGANIZATION_KINDS, "types") or list(DEFAULT_TYPES)
    net = _network(projection, kinds)
    node = _resolve_in(store, net.g, entity, field="entity")
    return recommendations_out(net, store, node, types=types, limit=limit, paths=paths)


def recommendations_out(net: CollaborationNetwork, store: Store, node: Node, *, types: list[str], limit: int,
                        paths: int) -> RecommendationsOut:
    if "District" not in node.labels and not is_organisation(node):
        raise ApiError(422, f"invalid entity: {node.name!r} is neither an organisation nor a district", field="entity")
    recs = recommend_partners(net, node.id, types=types, limit=limit, max_paths=paths, doc_titles=_doc_titles(store))
    return RecommendationsOut(
        entity=summary(node), mode=recs.mode, method=recs.method, types=types, kinds=list(net.kinds),
        peers=[_s(net, p) for p in recs.peers],
        recommendations=[RecommendationOut(
            rank=r.rank, entity=_s(net, r.id), score=r.score, common=[_s(net, c) for c in r.common],
            explanation=r.explanation,
            paths=[PathOut(nodes=[_s(net, n) for n in p.nodes], hops=[_hop(net, h) for h in p.hops], text=p.text)
                   for p in r.paths]) for r in recs.recommendations])


# -- comparison ------------------------------------------------------------------------------------
@router.get(f"{API}/compare", response_model=ComparisonOut, responses=JSON_ERRORS)
def compare(
    store: StoreDep,
    projection: ProjectionDep,
    districts: Annotated[list[str], Query(description=f"{MIN_DISTRICTS} to {MAX_DISTRICTS} districts: id, name or alias")],
    kinds: KindsQ = None,
    top: Annotated[int, Query(ge=1, le=100)] = 10,
) -> ComparisonOut:
    """Districts side by side: organisations by type, signings per quarter, partner universities, shared partners."""
    net = _network(projection, kinds)
    return comparison_out(net, store, districts, top=top)


def comparison_out(net: CollaborationNetwork, store: Store, districts: list[str], *, top: int = 10) -> ComparisonOut:
    names = [d for d in (x.strip() for x in districts) if d]
    if not MIN_DISTRICTS <= len(names) <= MAX_DISTRICTS:
        raise ApiError(422, f"invalid districts: give {MIN_DISTRICTS} to {MAX_DISTRICTS} districts, not {len(names)}",
                       field="districts")
    ids = []
    for name in names:
        node = _resolve_in(store, net.g, name, field="districts")
        if "District" not in node.labels:
            raise ApiError(422, f"invalid districts: {name!r} is not a district", field="districts")
        ids.append(node.id)
    if len(set(ids)) != len(ids):
        raise ApiError(422, "invalid districts: the same district is named twice", field="districts")
    c = compare_districts(net, ids, top=top)

    def partner(p) -> PartnerOut:
        return PartnerOut(entity=_s(net, p.id), inside=p.inside, links=p.links, kinds=p.kinds)

    return ComparisonOut(
        districts=[DistrictColumnOut(
            district=_s(net, col.id), organisations=col.organisations, counts_by_type=col.counts_by_type,
            events=col.events, signings=col.signings, signings_by_quarter=col.signings_by_quarter,
            partners=col.partners, top_partners=[partner(p) for p in col.top_partners],
            partner_universities=[partner(p) for p in col.partner_universities]) for col in c.districts],
        quarters=c.quarters, types=c.types,
        shared_partners=[SharedPartnerOut(entity=_s(net, s.id), districts=[_s(net, d) for d in s.districts])
                         for s in c.shared_partners],
        notes=c.notes)


# -- briefing --------------------------------------------------------------------------------------
@router.get(f"{API}/briefing", response_class=HTMLResponse,
            responses={200: {"content": {"application/pdf": {}, "application/json": {}}}, **PAGE_ERRORS})
def briefing_by_query(
    store: StoreDep,
    projection: ProjectionDep,
    entity: Annotated[str, Query(min_length=1, max_length=200, description="district or organisation: id, name or alias")],
    format: Annotated[Literal["html", "pdf", "json"], Query(description="html (default), pdf or json")] = "html",
    download: Annotated[bool, Query(description="as an attachment")] = False,
) -> Response:
    """The briefing, for a plain HTML form: the same as ``/api/insights/briefing/{entity}``."""
    return _briefing(entity, store, projection, format, download, field="entity")


@router.get(f"{API}/briefing/{{entity_id}}", response_class=HTMLResponse,
            responses={200: {"content": {"application/pdf": {}, "application/json": {}}}, **PAGE_ERRORS})
def briefing(
    entity_id: str,
    store: StoreDep,
    projection: ProjectionDep,
    format: Annotated[Literal["html", "pdf", "json"], Query(description="html (default), pdf or json")] = "html",
    download: Annotated[bool, Query(description="as an attachment")] = False,
) -> Response:
    """A one-page briefing on a district or an organisation: key figures, the network view, top partners,
    recent signings with their sources, and suggested partners. HTML is self-contained (works offline)."""
    return _briefing(entity_id, store, projection, format, download, field="entity_id")


def _briefing(entity_id: str, store: Store, projection: ProjectionCache, format: str, download: bool, *,
              field: str) -> Response:
    from innograph.graph.insights.briefing import PdfUnavailable, build_briefing, html_to_pdf, render_briefing_html

    net = _network(projection, None)
    node = _resolve_in(store, net.g, entity_id, field=field)
    if "District" not in node.labels and not is_organisation(node):
        raise ApiError(422, f"invalid {field}: {node.name!r} is neither an organisation nor a district", field=field)
    b = build_briefing(net, node.id, documents=store.documents())
    if format == "json":
        return Response(b.model_dump_json(), media_type="application/json")
    pdf_href = None if format == "pdf" else f"{API}/briefing/{quote(node.id, safe='')}?format=pdf&download=1"
    html = render_briefing_html(net, b, pdf_href=pdf_href)
    filename = f"{node.name}-简报-{_dt.date.today().isoformat()}"
    if format == "pdf":
        try:
            data = html_to_pdf(html)
        except PdfUnavailable as exc:
            raise ApiError(503, str(exc)) from None
        return Response(data, media_type="application/pdf",
                        headers={"Content-Disposition": _disposition(filename + ".pdf", attachment=download)})
    headers = {"Content-Disposition": _disposition(filename + ".html", attachment=True)} if download else {}
    return HTMLResponse(html, headers=headers)


# -- the page --------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _env() -> Environment:
    folder = Path(str(resources.files("innograph.viz").joinpath("templates")))
    return Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]))


def _districts_by_size(net: CollaborationNetwork) -> list[tuple[str, str, int]]:
    from innograph.graph.places import organisations_in, places_within

    g = net.g
    out = []
    for n, data in g.nodes(data=True):
        if "District" in data["node"].labels:
            count = len(organisations_in(g, places_within(g, n)))
            if count:
                out.append((n, data["node"].name, count))
    out.sort(key=lambda x: (-x[2], x[0]))
    return out


@router.get("/insights", response_class=HTMLResponse, responses=PAGE_ERRORS)
def insights_page(
    request: Request,
    store: StoreDep,
    projection: ProjectionDep,
    by: Annotated[Literal["district", "community"], Query()] = "district",
    entity: Annotated[str | None, Query(max_length=200)] = None,
    types: Annotated[list[str] | None, Query()] = None,
    compare: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    """洞察 Insights: brokers, communities (with their views), partner recommendations, district comparison
    and briefing downloads — one self-contained page, rendered on the server (no CDN, no script needed)."""
    net = _network(projection, None)
    broker_list = brokers_out(net, by=by, types=[], network_types=[], limit=15, pairs=3)
    community_list = [_community_out(net, c) for c in detect_communities(net)]
    districts = _districts_by_size(net)
    rec, rec_error, cmp, cmp_error = None, None, None, None
    chosen_types = [t for t in (types or []) if t in ORGANIZATION_KINDS] or list(DEFAULT_TYPES)
    if entity and entity.strip():
        try:
            node = _resolve_in(store, net.g, entity, field="entity")
            rec = recommendations_out(net, store, node, types=chosen_types, limit=10, paths=2)
        except ApiError as exc:
            rec_error = exc.message + ("；您是否要找 did you mean: " + "、".join(s.name for s in exc.suggestions)
                                       if exc.suggestions else "")
    picked = [c for c in (compare or []) if c.strip()]
    if picked:
        try:
            cmp = comparison_out(net, store, picked)
        except ApiError as exc:
            cmp_error = exc.message + ("；您是否要找 did you mean: " + "、".join(s.name for s in exc.suggestions)
                                       if exc.suggestions else "")
    briefing_targets = [(n, name, f"{count} 家机构") for n, name, count in districts[:8]]
    briefing_targets += [(b.entity.id, b.entity.name, f"中介 broker #{b.rank}") for b in broker_list.brokers[:5]]
    html = _env().get_template("insights.html").render(
        by=by, brokers=broker_list, communities=community_list, districts=districts, entity=entity or "",
        types=chosen_types, all_types=ORGANIZATION_KINDS, label_zh=LABEL_ZH, rec=rec, rec_error=rec_error,
        compare=picked or [d[0] for d in districts[1:3]], cmp=cmp, cmp_error=cmp_error, api=API,
        briefings=briefing_targets, quote=lambda s: quote(s, safe=""), kind_zh={**LINK_KIND_ZH, **EVENT_KIND_ZH},
        link_kinds=LINK_KINDS, default_kinds=DEFAULT_KINDS, max_districts=MAX_DISTRICTS,
        urlencode=urlencode)
    return HTMLResponse(html)
