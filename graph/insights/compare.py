"""Two to five districts side by side: who is there, what was signed when, who they work with.

For each district: organisations located in it (or in a place within it) counted by type, its
events and signings (an event counts when held there, when the district is a party or when a
party is located there — :func:`innograph.graph.events.list_events`), signings per quarter (the
quarters of all compared districts, zero-filled), its partners and partner universities, and
finally the partners the districts share.

A district's *partners* are the organisations from outside it that work with it: peers that are
not located there (they took part in an event with it or held in it, or founded something there —
see :func:`innograph.graph.insights.recommend.district_peers`) and the collaboration-network
partners of the organisations located there. Partner universities also list the universities
located in the district itself (``inside``).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from pydantic import BaseModel, Field

from innograph.graph.events import list_events
from innograph.graph.insights.collaboration import CollaborationNetwork, is_organisation
from innograph.graph.insights.recommend import district_peers
from innograph.graph.ontology import ORGANIZATION_KINDS
from innograph.graph.places import organisations_in, places_within

MIN_DISTRICTS, MAX_DISTRICTS = 2, 5


class PartnerRef(BaseModel):
    id: str
    inside: bool = False  # located in the district itself
    links: int = 0  # how many of the district's organisations (or the district itself) it works with
    kinds: list[str] = Field(default_factory=list)


class DistrictColumn(BaseModel):
    id: str
    organisations: int
    counts_by_type: dict[str, int]
    events: int
    signings: int
    signings_by_quarter: dict[str, int]
    partners: int
    top_partners: list[PartnerRef]
    partner_universities: list[PartnerRef]


class SharedPartner(BaseModel):
    id: str
    districts: list[str]


class DistrictComparison(BaseModel):
    districts: list[DistrictColumn]
    quarters: list[str]
    types: list[str]
    shared_partners: list[SharedPartner]
    notes: list[str] = Field(default_factory=list)


def quarter(date: str | None) -> str:
    """``2021-02-27`` → ``2021Q1``; a year alone stays the year; no date → ``undated``.

    >>> quarter("2021-02-27"), quarter("2021-12"), quarter("2020"), quarter(None)
    ('2021Q1', '2021Q4', '2020', 'undated')
    """
    if not date:
        return "undated"
    parts = str(date).split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{parts[0]}Q{(int(parts[1]) - 1) // 3 + 1}"
    return parts[0]


def district_partners(net: CollaborationNetwork, district: str) -> tuple[set[str], dict[str, PartnerRef]]:
    """(organisations located in the district, partner id -> PartnerRef) — see the module docstring."""
    g = net.g
    area = places_within(g, district)
    located = {o for o in organisations_in(g, area) if is_organisation(g.nodes[o]["node"])}
    links: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, set[str]] = defaultdict(set)
    for org, hop in district_peers(g, net, district).items():
        if org not in located:
            links[org].add(district)
            kinds[org].add(hop.kind)
    for inside in sorted(located):
        for other in net.partners(inside):
            if other in located:
                continue
            links[other].add(inside)
            kinds[other].update(net.graph[inside][other]["kinds"])
    partners = {o: PartnerRef(id=o, links=len(links[o]), kinds=sorted(kinds[o])) for o in links}
    return located, partners


def compare_districts(net: CollaborationNetwork, district_ids: list[str], *, top: int = 10) -> DistrictComparison:
    g = net.g
    ids = list(dict.fromkeys(district_ids))
    if not MIN_DISTRICTS <= len(ids) <= MAX_DISTRICTS:
        raise ValueError(f"compare {MIN_DISTRICTS} to {MAX_DISTRICTS} different districts, not {len(ids)}")
    for d in ids:
        if d not in g or "District" not in g.nodes[d]["node"].labels:
            raise ValueError(f"{d!r} is not a district")
    columns: list[DistrictColumn] = []
    per_quarter: dict[str, Counter] = {}
    partner_sets: dict[str, set[str]] = {}
    for d in ids:
        located, partners = district_partners(net, d)
        types = Counter(net.type(o) for o in located)
        events = list_events(g, district=d)
        signings = [r for r in events if r.event.properties.get("kind") == "signing"]
        per_quarter[d] = Counter(quarter(r.date) for r in signings)
        partner_sets[d] = set(partners)
        ranked = sorted(partners.values(), key=lambda p: (-p.links, p.id))
        universities = [PartnerRef(id=o, inside=True) for o in sorted(located) if net.type(o) == "University"]
        universities += [p for p in ranked if net.type(p.id) == "University"]
        columns.append(DistrictColumn(
            id=d, organisations=len(located),
            counts_by_type={k: types.get(k, 0) for k in ORGANIZATION_KINDS},
            events=len(events), signings=len(signings), signings_by_quarter={}, partners=len(partners),
            top_partners=ranked[:top], partner_universities=universities))
    quarters = sorted(set().union(*per_quarter.values()), key=lambda q: (q == "undated", q))
    for col in columns:
        col.signings_by_quarter = {q: per_quarter[col.id].get(q, 0) for q in quarters}
    counts: dict[str, list[str]] = defaultdict(list)
    for d in ids:
        for p in partner_sets[d]:
            counts[p].append(d)
    shared = [SharedPartner(id=p, districts=ds) for p, ds in counts.items() if len(ds) >= 2]
    shared.sort(key=lambda s: (-len(s.districts), s.id))
    notes = []
    for a in ids:
        for b in ids:
            if a != b and a in places_within(g, b):
                notes.append(f"{net.name(a)} 位于 {net.name(b)} 之内，其数据也计入 {net.name(b)} "
                             f"({net.name(a)} lies within {net.name(b)})")
    return DistrictComparison(districts=columns, quarters=quarters, types=list(ORGANIZATION_KINDS),
                              shared_partners=shared, notes=notes)
