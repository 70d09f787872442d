"""A one-page briefing per district or organisation, as self-contained HTML or as PDF.

Contents: key figures, the network view (a PNG from :func:`innograph.viz.png.render_png`
embedded as a data URI; where that renderer is unavailable, the interactive vis-network page is
inlined in an ``<iframe srcdoc>`` — no fetch either way), top partners with their evidence,
recent signings with their sentences and source documents, and partner recommendations.

The HTML comes from ``viz/templates/briefing.html`` with Jinja autoescape on, so no text read
from a document can become markup. The PDF is that page printed by headless Chromium
(``chromium --headless --print-to-pdf``; ``$INNOGRAPH_CHROMIUM`` names another binary), or by
WeasyPrint when it is installed and no Chromium is found.
"""

from __future__ import annotations

import base64
import datetime as _dt
import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field

from innograph.graph.events import EventRecord, list_events
from innograph.graph.insights.collaboration import (CollaborationNetwork, LINK_KIND_ZH, action_zh, best_evidence,
                                                    fact_zh)
from innograph.graph.insights.communities import community_of
from innograph.graph.insights.compare import district_partners
from innograph.graph.insights.recommend import district_peers, recommend_partners
from innograph.graph.model import DocumentInfo
from innograph.graph.ontology import LABEL_ZH, ORGANIZATION_KINDS
from innograph.graph.places import places_within
from innograph.graph.store import Subgraph

NETWORK_NODES = 30
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
PDF_TIMEOUT_S = 90
ONE_PAGE_ZOOMS = (0.9, 0.8, 0.7)
HOP_ZH = {"located": "位于该地", "district_event": "与该地共同参与事件", "held_in": "参与在该地举行的事件",
          "founded_in": "在该地共建机构", **LINK_KIND_ZH}


class PdfUnavailable(RuntimeError):
    """No way to print a PDF here (no Chromium, no WeasyPrint)."""


class Figure(BaseModel):
    zh: str
    en: str
    value: str


class PartnerLine(BaseModel):
    id: str
    name: str
    type: str
    text: str  # why, in Chinese
    evidence: str | None = None
    doc: str | None = None


class SigningLine(BaseModel):
    id: str
    date: str | None
    title: str
    parties: list[str]
    evidence: str | None = None
    doc: str | None = None


class RecommendationLine(BaseModel):
    id: str
    name: str
    type: str
    score: float
    via: str | None = None  # the peer it works with
    fact: str | None = None  # what it did with that peer, in Chinese
    evidence: str | None = None
    doc: str | None = None
    text: str  # the whole explanation


class SourceLine(BaseModel):
    id: str
    title: str | None = None
    path: str | None = None
    date: str | None = None


class Briefing(BaseModel):
    id: str
    name: str
    kind: str  # "district" or "organisation"
    type: str
    generated: str
    figures: list[Figure]
    counts_by_type: dict[str, int] = Field(default_factory=dict)
    districts: list[str] = Field(default_factory=list)
    community: str | None = None
    top_partners: list[PartnerLine]
    recent_signings: list[SigningLine]
    recommendations: list[RecommendationLine]
    sources: list[SourceLine]


def build_briefing(net: CollaborationNetwork, entity_id: str, *, documents: list[DocumentInfo] | None = None,
                   top: int = 5, signings: int = 5, recommendations: int = 4) -> Briefing:
    g = net.g
    node = g.nodes[entity_id]["node"]
    docs = {d.id: d for d in documents or []}
    titles = {d.id: d.title for d in docs.values() if d.title}
    is_district = "District" in node.labels
    if is_district:
        located, partners = district_partners(net, entity_id)
        events = list_events(g, district=entity_id)
        counts = {k: sum(1 for o in located if net.type(o) == k) for k in ORGANIZATION_KINDS}
        ranked = sorted(partners.values(), key=lambda p: (-p.links, p.id))[:top]
        hops = district_peers(g, net, entity_id)
        partner_lines = [_district_partner_line(net, entity_id, located, hops, p.id) for p in ranked]
        unis = sum(1 for p in partners if net.type(p) == "University") + counts["University"]
        figures = [
            Figure(zh="机构", en="organisations", value=str(len(located))),
            Figure(zh="合作伙伴", en="partners", value=str(len(partners))),
            Figure(zh="合作高校", en="universities", value=str(unis)),
            Figure(zh="事件", en="events", value=str(len(events))),
            Figure(zh="签约", en="signings", value=str(sum(1 for r in events if r.event.properties.get("kind") == "signing"))),
            Figure(zh="下辖地区", en="places within", value=str(len(places_within(g, entity_id)) - 1)),
        ]
        districts, community = [], None
    else:
        counts = {}
        events = list_events(g, party=entity_id)
        partner_ids = net.partners(entity_id)
        partner_lines = []
        for p in partner_ids[:top]:
            ev = best_evidence(net.evidence(entity_id, p))
            partner_lines.append(PartnerLine(id=p, name=net.name(p), type=net.type(p), text=fact_zh(ev, net.name),
                                             evidence=ev.evidence, doc=ev.doc))
        found = community_of(net, entity_id) if entity_id in net.graph and net.graph.degree(entity_id) else None
        community = f"第 {found.number} 社区：{found.name}（{found.size} 家机构）" if found else None
        scores = net.betweenness()
        mine = scores.get(entity_id, 0.0)
        broker_rank = 1 + sum(1 for v in scores.values() if v > mine) if mine > 0 else None
        place = net.org_place(entity_id)
        districts = [net.name(u) for u in place.units]
        figures = [
            Figure(zh="类型", en="type", value=LABEL_ZH.get(net.type(entity_id), net.type(entity_id))),
            Figure(zh="合作伙伴", en="partners", value=str(len(partner_ids))),
            Figure(zh="事件", en="events", value=str(len(events))),
            Figure(zh="签约", en="signings", value=str(sum(1 for r in events if r.event.properties.get("kind") == "signing"))),
            Figure(zh="中介中心性排名", en="betweenness rank", value=f"#{broker_rank}" if broker_rank else "—"),
            Figure(zh="所在地区", en="district", value="、".join(districts) or "未知"),
        ]
    recent = [r for r in events if r.event.properties.get("kind") == "signing"][:signings]
    recs = recommend_partners(net, entity_id, limit=recommendations, doc_titles=titles, max_paths=1)
    rec_lines = []
    for r in recs.recommendations:
        last = r.paths[0].hops[-1] if r.paths else None
        rec_lines.append(RecommendationLine(
            id=r.id, name=net.name(r.id), type=net.type(r.id), score=r.score,
            via=net.name(r.common[0]) if r.common else None,
            fact=action_zh(best_evidence(net.evidence(r.common[0], r.id)), net.name) if r.common else None,
            evidence=last.evidence if last else None, doc=last.doc if last else None, text=r.explanation))
    used_docs = sorted({d for d in [*(p.doc for p in partner_lines), *(s.doc for s in recent)] if d}
                       | {h.doc for r in recs.recommendations for p in r.paths for h in p.hops if h.doc})
    return Briefing(
        id=entity_id, name=node.name, kind="district" if is_district else "organisation",
        type="District" if is_district else net.type(entity_id), generated=_dt.date.today().isoformat(),
        figures=figures, counts_by_type=counts, districts=districts, community=community,
        top_partners=partner_lines, recent_signings=[_signing(net, r) for r in recent], recommendations=rec_lines,
        sources=[SourceLine(id=d, title=docs[d].title if d in docs else None, path=docs[d].path if d in docs else None,
                            date=docs[d].date if d in docs else None) for d in used_docs],
    )


def _signing(net: CollaborationNetwork, rec: EventRecord) -> SigningLine:
    p = rec.event.properties
    return SigningLine(id=rec.event.id, date=p.get("date"), title=str(p.get("title") or rec.event.id),
                       parties=[x.node.name for x in rec.parties], evidence=rec.evidence, doc=rec.doc)


def _district_partner_line(net: CollaborationNetwork, district: str, located: set[str], hops: dict,
                           partner: str) -> PartnerLine:
    """Why a partner is one: its strongest link to an organisation of the district, else its direct tie."""
    inside = [o for o in net.partners(partner) if o in located]
    text, evidence, doc = f"{net.name(partner)} 与 {net.name(district)} 有合作", None, None
    if inside:
        ev = best_evidence(net.evidence(partner, inside[0]))
        text, evidence, doc = fact_zh(ev, net.name), ev.evidence, ev.doc
    elif partner in hops:
        hop = hops[partner]
        text, evidence, doc = hop.text, hop.evidence, hop.doc
    return PartnerLine(id=partner, name=net.name(partner), type=net.type(partner), text=text, evidence=evidence, doc=doc)


# -- the network view ------------------------------------------------------------------------------
def briefing_subgraph(net: CollaborationNetwork, entity_id: str, *, limit: int = NETWORK_NODES) -> tuple[Subgraph, list[str]]:
    """What the briefing draws, and the ids pinned first.

    A district: itself, the places within it that host organisations, those organisations, its top
    partners, and the events and co-founded organisations that link them. An organisation: itself,
    its partners, where it is, and the events and co-founded organisations behind each link.
    """
    from innograph.viz.network import cap_subgraph

    g = net.g
    keep: dict[str, None] = {entity_id: None}
    if "District" in g.nodes[entity_id]["node"].labels:
        area = places_within(g, entity_id)
        located, partners = district_partners(net, entity_id)
        for o in sorted(located, key=lambda o: (-net.graph.degree(o) if o in net.graph else 0, o)):
            keep.setdefault(o)
            for _, place, d in g.out_edges(o, data=True):
                if d["rel"].type == "LOCATED_IN" and place in area:
                    keep.setdefault(place)
        for p in sorted(partners.values(), key=lambda p: (-p.links, p.id))[:15]:
            keep.setdefault(p.id)
            for o in located:
                for ev in net.evidence(o, p.id):
                    if ev.via and ev.via in g:
                        keep.setdefault(ev.via)
        for place in area:  # events the district took part in, or that were held in it, with their parties
            for a, b, d in [*g.out_edges(place, data=True), *((b, a, d) for a, b, d in g.in_edges(place, data=True))]:
                t = d["rel"].type
                if (t == "PARTY_TO" or t == "HELD_IN") and b in g and "Event" in g.nodes[b]["node"].labels:
                    parties = [x for x, _, d2 in g.in_edges(b, data=True) if d2["rel"].type == "PARTY_TO"]
                    if any(x in keep for x in parties):
                        keep.setdefault(b)
    else:
        for p in net.partners(entity_id)[:25]:
            keep.setdefault(p)
            for ev in net.evidence(entity_id, p):
                if ev.via and ev.via in g:
                    keep.setdefault(ev.via)
        for _, place, d in g.out_edges(entity_id, data=True):
            if d["rel"].type == "LOCATED_IN":
                keep.setdefault(place)
    kept = set(keep)
    rels = [d["rel"] for _, _, d in g.subgraph(kept).edges(data=True) if d["rel"].type != "MENTIONED_IN"]
    rels.sort(key=lambda r: (r.type, r.start, r.end, str(r.properties.get("doc"))))
    sub = Subgraph(nodes=[g.nodes[n]["node"] for n in keep], relationships=rels)
    capped, _ = cap_subgraph(sub, limit, pinned=list(keep)[:1])
    return capped, [entity_id]


def network_picture(sub: Subgraph, *, title: str, focus: list[str]) -> tuple[str, str]:
    """("png", data URI) when the PNG renderer works here, else ("html", a standalone interactive page)."""
    try:
        from innograph.viz.png import render_png

        data = render_png(sub, title=title, focus=focus, size=(8, 4.4), dpi=150)
        return "png", "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    except Exception:  # no matplotlib / renderer: fall back to the interactive page, inlined
        from innograph.viz.network import render_page

        return "html", render_page(sub, title=title, focus=focus, standalone=True, embed=True)


# -- rendering -------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _env() -> Environment:
    folder = Path(str(resources.files("innograph.viz").joinpath("templates")))
    return Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]))


def render_briefing_html(net: CollaborationNetwork, briefing: Briefing, *, picture: bool = True,
                         pdf_href: str | None = None) -> str:
    sub, focus = briefing_subgraph(net, briefing.id)
    kind, view = network_picture(sub, title=f"{briefing.name} 的合作网络", focus=focus) if picture else (None, None)
    return _env().get_template("briefing.html").render(
        b=briefing, label_zh=LABEL_ZH, hop_zh=HOP_ZH, picture_kind=kind, picture=view,
        network_nodes=len(sub.nodes), network_edges=len(sub.relationships), pdf_href=pdf_href,
        sources={s.id: s for s in briefing.sources})


def find_chromium() -> str | None:
    configured = os.environ.get("INNOGRAPH_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def pdf_engine() -> str | None:
    """``"chromium"``, ``"weasyprint"`` or None: how :func:`html_to_pdf` would print here."""
    if find_chromium():
        return "chromium"
    try:
        import weasyprint  # noqa: F401
    except Exception:
        return None
    return "weasyprint"


def pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF has (counts its page objects; enough for the PDFs printed here)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def html_to_pdf(html: str, *, timeout_s: float = PDF_TIMEOUT_S, one_page: bool = True) -> bytes:
    """Print a self-contained HTML page to PDF (A4, as the page's ``@page`` rule says).

    With ``one_page`` a page that runs over is printed again a little smaller (down to 70 %), so a
    briefing stays one page whatever the length of its sentences.
    """
    pdf = _print_pdf(html, timeout_s=timeout_s)
    if one_page:
        for zoom in ONE_PAGE_ZOOMS:
            if pdf_pages(pdf) <= 1:
                break
            pdf = _print_pdf(html.replace("</head>", f"<style>body {{ zoom: {zoom}; }}</style></head>", 1),
                             timeout_s=timeout_s)
    return pdf


def _print_pdf(html: str, *, timeout_s: float) -> bytes:
    chromium = find_chromium()
    errors = []
    if chromium:
        with tempfile.TemporaryDirectory(prefix="innograph-pdf-") as tmp:
            src, out = Path(tmp) / "briefing.html", Path(tmp) / "briefing.pdf"
            src.write_text(html, encoding="utf-8")
            cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
                   f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer",
                   "--run-all-compositor-stages-before-draw", "--virtual-time-budget=3000",
                   f"--print-to-pdf={out}", src.as_uri()]
            try:
                proc = subprocess.run(cmd, capture_output=True, timeout=timeout_s, stdin=subprocess.DEVNULL)
                if out.is_file() and out.read_bytes()[:5] == b"%PDF-":
                    return out.read_bytes()
                errors.append(f"chromium exited {proc.returncode}: {proc.stderr.decode(errors='replace')[-300:]}")
            except (OSError, subprocess.TimeoutExpired) as exc:
                errors.append(f"chromium: {exc}")
    try:
        import weasyprint
    except Exception:
        weasyprint = None
    if weasyprint is not None:
        return weasyprint.HTML(string=html).write_pdf()
    raise PdfUnavailable("cannot print a PDF here: install Chromium (Debian: apt-get install chromium, or set "
                         "INNOGRAPH_CHROMIUM) or WeasyPrint" + (f" ({'; '.join(errors)})" if errors else ""))
