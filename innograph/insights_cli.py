"""``innograph insights …``: brokers, communities, recommend, compare, briefing.

The same answers as ``/api/insights/…`` (the JSON of ``--json`` is the API's), printed as Chinese
text by default. Each command takes ``--data-dir`` / ``--neo4j-uri`` like the other commands.
Registered in :mod:`innograph.cli` with ``app.add_typer(insights_app, name="insights")``.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

insights_app = typer.Typer(add_completion=False, no_args_is_help=True,
                           help="洞察 Insights: brokers, communities, partner recommendations, district comparison, briefings.")

DataDir = typer.Option(None, "--data-dir", help="Data directory of the embedded store (default: $INNOGRAPH_DATA_DIR or ./innograph-data).")
Neo4jUri = typer.Option(None, "--neo4j-uri", help="Use Neo4j at this Bolt URI (default: $INNOGRAPH_NEO4J_URI).")
AsJson = typer.Option(False, "--json", help="Print the API's JSON instead of text.")
Kinds = typer.Option(None, "--kind", help="Link kinds to follow (repeatable): event, established, co_founded, "
                                          "founded_by, collaborates, operated_by, branch_of.")


@contextmanager
def _session(data_dir: Optional[Path], neo4j_uri: Optional[str], kinds: Optional[list[str]] = None):
    """(store, collaboration network) for one command; store errors exit 2 as in the other commands."""
    from innograph.cli import _open, _settings
    from innograph.graph.insights.collaboration import LINK_KINDS, collaboration_network
    from innograph.graph.projection import ProjectionCache

    for k in kinds or []:
        if k not in LINK_KINDS:
            typer.echo(f"error: --kind must be one of {', '.join(LINK_KINDS)}, not {k!r}", err=True)
            raise typer.Exit(2)
    with _open(_settings(data_dir, neo4j_uri)) as store:
        yield store, collaboration_network(ProjectionCache(store).graph(), kinds or None)


@contextmanager
def _api_errors():
    """ApiError from the shared helpers -> a message (with suggestions) and exit 1 (not found) or 2."""
    from innograph.api.errors import ApiError

    try:
        yield
    except ApiError as exc:
        hint = "; did you mean: " + ", ".join(s.name for s in exc.suggestions) if exc.suggestions else ""
        typer.echo(f"error: {exc.message}{hint}", err=True)
        raise typer.Exit(1 if exc.status == 404 else 2) from None


def _check_types(values: Optional[list[str]], option: str) -> list[str]:
    from innograph.graph.ontology import ORGANIZATION_KINDS

    for v in values or []:
        if v not in ORGANIZATION_KINDS:
            typer.echo(f"error: {option} must be one of {', '.join(ORGANIZATION_KINDS)}, not {v!r}", err=True)
            raise typer.Exit(2)
    return list(values or [])


def _dump(model) -> None:
    typer.echo(json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=2))


@insights_app.command()
def brokers(by: str = typer.Option("district", "--by", help="Bridging what: district or community."),
            types: Optional[list[str]] = typer.Option(None, "--type", help="Only list organisations of these types (repeatable)."),
            network_types: Optional[list[str]] = typer.Option(None, "--network-type",
                                                              help="Compute betweenness on these types only (repeatable)."),
            kinds: Optional[list[str]] = Kinds,
            limit: int = typer.Option(20, "--limit", min=1), pairs: int = typer.Option(3, "--pairs", min=0),
            as_json: bool = AsJson, data_dir: Optional[Path] = DataDir, neo4j_uri: Optional[str] = Neo4jUri) -> None:
    """Organisations that bridge districts or communities (betweenness), with the pairs they connect."""
    from innograph.api.routers.insights import brokers_out

    if by not in ("district", "community"):
        typer.echo("error: --by must be district or community", err=True)
        raise typer.Exit(2)
    types, network_types = _check_types(types, "--type"), _check_types(network_types, "--network-type")
    with _session(data_dir, neo4j_uri, kinds) as (store, net), _api_errors():
        out = brokers_out(net, by=by, types=types, network_types=network_types, limit=limit, pairs=pairs)
    if as_json:
        return _dump(out)
    if not out.brokers:
        typer.echo(f"没有中介机构 no brokers: {out.reason}")
        return
    for b in out.brokers:
        typer.echo(f"{b.rank}. {b.entity.name} [{b.entity.type}] betweenness={b.betweenness:.4f} "
                   f"({'、'.join(g.name for g in b.groups) or '?'})")
        typer.echo(f"   {b.explanation}")
        for p in b.pairs:
            typer.echo(f"   - {p.text}")


@insights_app.command()
def communities(min_size: int = typer.Option(2, "--min-size", min=1),
                resolution: float = typer.Option(1.0, "--resolution", min=0.01, max=10.0),
                kinds: Optional[list[str]] = Kinds, limit: int = typer.Option(100, "--limit", min=1),
                view: Optional[int] = typer.Option(None, "--view", help="Write community N as a self-contained HTML view."),
                out: Optional[Path] = typer.Option(None, "--out", help="Where --view writes (default: community-N.html)."),
                as_json: bool = AsJson, data_dir: Optional[Path] = DataDir, neo4j_uri: Optional[str] = Neo4jUri) -> None:
    """Communities of collaborating organisations (Louvain, fixed seed), named by their most central members."""
    from innograph.api.routers.insights import CommunitiesOut, _community_out
    from innograph.graph.insights.collaboration import SEED
    from innograph.graph.insights.communities import community_subgraph, detect_communities

    with _session(data_dir, neo4j_uri, kinds) as (store, net):
        found = detect_communities(net, resolution=resolution, min_size=min_size)
        if view is not None:
            match = [c for c in detect_communities(net, resolution=resolution, min_size=1) if c.number == view]
            if not match:
                typer.echo(f"error: no community {view}", err=True)
                raise typer.Exit(1)
            from innograph.viz.network import cap_subgraph, render_page

            c = match[0]
            sub, pinned = community_subgraph(net, c)
            capped, total = cap_subgraph(sub, 300, pinned=pinned)
            titles = {d.id: d.title for d in store.documents() if d.title}
            html = render_page(capped, title=f"社区 {c.number}：{c.name}", focus=c.central, total=total,
                               standalone=True, doc_titles=titles,
                               subtitle=f"{c.size} 家机构 organisations · Louvain community {c.number}")
            target = out or Path(f"community-{c.number}.html")
            target.write_text(html, encoding="utf-8")
            typer.echo(f"wrote {target} ({len(html)} bytes)", err=True)
            return
        result = CommunitiesOut(seed=SEED, resolution=resolution, kinds=list(net.kinds), count=len(found),
                                communities=[_community_out(net, c) for c in found[:limit]])
    if as_json:
        return _dump(result)
    for c in result.communities:
        types = " · ".join(f"{t} {n}" for t, n in c.counts_by_type.items())
        where = "、".join(f"{d.district.name} {d.members}" for d in c.districts[:4])
        typer.echo(f"{c.number}. {c.name} — {c.size} 家机构 ({types}){' — ' + where if where else ''}")


@insights_app.command()
def recommend(entity: str = typer.Argument(..., help="An organisation or district: name, alias or id."),
              types: Optional[list[str]] = typer.Option(None, "--type", help="Candidate types (repeatable; default "
                                                                             "University, ResearchInstitute, Enterprise)."),
              kinds: Optional[list[str]] = Kinds, limit: int = typer.Option(10, "--limit", min=1),
              paths: int = typer.Option(2, "--paths", min=1, help="Evidence paths per recommendation."),
              as_json: bool = AsJson, data_dir: Optional[Path] = DataDir, neo4j_uri: Optional[str] = Neo4jUri) -> None:
    """Partners to approach: who works with the entity's peers but not yet with it (Adamic–Adar), with evidence."""
    from innograph.api.routers.insights import _resolve_in, recommendations_out
    from innograph.graph.insights.recommend import DEFAULT_TYPES

    types = _check_types(types, "--type") or list(DEFAULT_TYPES)
    with _session(data_dir, neo4j_uri, kinds) as (store, net), _api_errors():
        node = _resolve_in(store, net.g, entity, field="entity")
        out = recommendations_out(net, store, node, types=types, limit=limit, paths=paths)
    if as_json:
        return _dump(out)
    typer.echo(f"{out.entity.name}（{out.mode}）：{len(out.peers)} 个伙伴 peers")
    if not out.recommendations:
        typer.echo("暂无推荐 no recommendations")
    for r in out.recommendations:
        typer.echo(f"{r.rank}. {r.entity.name} [{r.entity.type}] Adamic–Adar={r.score:.3f} "
                   f"共同伙伴 common: {'、'.join(c.name for c in r.common)}")
        for p in r.paths:
            typer.echo(f"   - {p.text}")


@insights_app.command()
def compare(districts: list[str] = typer.Argument(..., help="Two to five districts: names, aliases or ids."),
            kinds: Optional[list[str]] = Kinds, top: int = typer.Option(10, "--top", min=1),
            as_json: bool = AsJson, data_dir: Optional[Path] = DataDir, neo4j_uri: Optional[str] = Neo4jUri) -> None:
    """Districts side by side: organisations by type, signings per quarter, partner universities, shared partners."""
    from innograph.api.routers.insights import comparison_out
    from innograph.graph.ontology import LABEL_ZH

    with _session(data_dir, neo4j_uri, kinds) as (store, net), _api_errors():
        out = comparison_out(net, store, districts, top=top)
    if as_json:
        return _dump(out)
    cols = out.districts
    rows: list[list[str]] = [["", *(c.district.name for c in cols)],
                             ["机构 organisations", *(str(c.organisations) for c in cols)]]
    rows += [[f"  {LABEL_ZH.get(t, t)} {t}", *(str(c.counts_by_type[t]) for c in cols)] for t in out.types]
    rows += [["事件 events", *(str(c.events) for c in cols)], ["签约 signings", *(str(c.signings) for c in cols)]]
    rows += [[f"  {q}", *(str(c.signings_by_quarter[q]) for c in cols)] for q in out.quarters]
    rows += [["伙伴 partners", *(str(c.partners) for c in cols)]]
    from innograph.cli import format_table

    typer.echo(format_table(rows[0], rows[1:]))
    for c in cols:
        unis = "、".join(u.entity.name + ("(本地)" if u.inside else "") for u in c.partner_universities) or "—"
        typer.echo(f"{c.district.name} 合作高校 universities: {unis}")
    shared = "; ".join(f"{s.entity.name}（{'、'.join(d.name for d in s.districts)}）" for s in out.shared_partners) or "—"
    typer.echo(f"共同伙伴 shared partners: {shared}")
    for note in out.notes:
        typer.echo(f"注 note: {note}")


@insights_app.command()
def briefing(entity: str = typer.Argument(..., help="A district or organisation: name, alias or id."),
             format: str = typer.Option("html", "--format", help="html, pdf or json."),
             out: Optional[Path] = typer.Option(None, "--out", help="Write here (default: <name>-简报.<format>; "
                                                                     "'-' for standard output)."),
             data_dir: Optional[Path] = DataDir, neo4j_uri: Optional[str] = Neo4jUri) -> None:
    """A one-page briefing (key figures, network view, top partners, recent signings with sources) as HTML or PDF."""
    from innograph.api.errors import ApiError
    from innograph.api.routers.insights import _resolve_in
    from innograph.graph.insights.briefing import PdfUnavailable, build_briefing, html_to_pdf, render_briefing_html
    from innograph.graph.insights.collaboration import is_organisation

    if format not in ("html", "pdf", "json"):
        typer.echo("error: --format must be html, pdf or json", err=True)
        raise typer.Exit(2)
    with _session(data_dir, neo4j_uri) as (store, net), _api_errors():
        node = _resolve_in(store, net.g, entity, field="entity")
        if "District" not in node.labels and not is_organisation(node):
            raise ApiError(422, f"{node.name!r} is neither an organisation nor a district", field="entity")
        b = build_briefing(net, node.id, documents=store.documents())
        if format == "json":
            data = b.model_dump_json(indent=2).encode("utf-8")
        else:
            html = render_briefing_html(net, b)
            if format == "html":
                data = html.encode("utf-8")
            else:
                try:
                    data = html_to_pdf(html)
                except PdfUnavailable as exc:
                    typer.echo(f"error: {exc}", err=True)
                    raise typer.Exit(3) from None
    if out is not None and str(out) == "-":
        sys.stdout.buffer.write(data)
        return
    target = out or Path(f"{node.name}-简报.{format}")
    target.write_bytes(data)
    typer.echo(f"wrote {target} ({len(data)} bytes)", err=True)
