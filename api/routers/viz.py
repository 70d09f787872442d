"""Network views as self-contained HTML pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from innograph.api.deps import get_projection, get_store
from innograph.api.routers.entities import not_found
from innograph.graph.neighbourhood import ego_subgraph
from innograph.graph.projection import ProjectionCache
from innograph.graph.store import Store
from innograph.viz.network import render_page

router = APIRouter(prefix="/viz", tags=["views"])
VIEW_CAP = 300


@router.get("/entity/{entity_id}", response_class=HTMLResponse)
def entity_view(
    entity_id: str,
    store: Annotated[Store, Depends(get_store)],
    projection: Annotated[ProjectionCache, Depends(get_projection)],
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1, le=2000)] = VIEW_CAP,
    embed: bool = False,
    download: bool = False,
) -> HTMLResponse:
    g = projection.graph()
    if entity_id not in g:
        raise not_found(store, entity_id)
    sub, total = ego_subgraph(g, entity_id, depth=depth, limit=limit)
    name = g.nodes[entity_id]["node"].name
    note = f"显示 {len(sub.nodes)} / {total} 个节点 (showing {len(sub.nodes)} of {total}); 可用 depth、limit 缩小范围" if total > len(sub.nodes) else None
    html = render_page(sub, title=f"{name} 的关系网络", focus=entity_id, note=note, embed=embed,
                       download_href=f"?depth={depth}&limit={limit}&download=1")
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}.html"} if download else {}
    return HTMLResponse(html, headers=headers)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
