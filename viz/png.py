"""PNG pictures of network views, for slide decks: rendered on the server with matplotlib.

Positions come from :func:`innograph.viz.layout.layout` (the same layout the HTML views start
from), colours and shapes from :data:`innograph.viz.network.STYLE`, text in a CJK font:

1. a CJK font matplotlib already knows (Debian's ``fonts-noto-cjk``, which
   ``scripts/install-browser.sh`` installs, gives "Noto Sans CJK SC"; WenQuanYi or Source Han do too);
2. else a CJK font file at a well-known system path (added to matplotlib's font list, in case its
   cache predates the font's installation);
3. else Noto Sans SC shipped by the PyPI package ``pylopdf-fonts-zh-cn`` (a dependency), so a plain
   ``pip install`` renders Chinese too.

>>> font = cjk_font()
>>> font is None or bool(font.name)
True
"""

from __future__ import annotations

import io
import math
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from innograph.graph.ontology import LABEL_ZH, RELATIONSHIP_ZH
from innograph.graph.store import Subgraph
from innograph.viz.layout import layout
from innograph.viz.network import DEFAULT_STYLE, STYLE, node_label, node_type

PREFERRED_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Noto Sans CJK TC", "Noto Sans CJK JP", "Source Han Sans", "Droid Sans Fallback",
    "AR PL UMing CN", "AR PL UKai CN", "Noto Serif CJK SC",
)
SYSTEM_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
MARKERS = {"dot": "o", "diamond": "D", "square": "s", "triangle": "^", "triangleDown": "v", "hexagon": "h",
           "star": "*", "box": "s"}
_lock = threading.Lock()  # matplotlib's font cache and text layout are not thread-safe


@dataclass(frozen=True)
class CjkFont:
    name: str  # family name matplotlib knows it by
    path: str
    source: str  # "system", "system-file" or "pypi:pylopdf-fonts-zh-cn"


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont | None:
    """The CJK font used for PNG text, or None when the machine has none (text then shows boxes)."""
    from matplotlib import font_manager

    known: dict[str, str] = {}
    for entry in sorted(font_manager.fontManager.ttflist, key=lambda e: e.weight not in (400, "normal", "regular")):
        known.setdefault(entry.name, entry.fname)
    for family in PREFERRED_FAMILIES:
        if family in known:
            return CjkFont(family, known[family], "system")
    for path in SYSTEM_FONT_FILES:
        if Path(path).is_file():
            font = _add(path, "system-file")
            if font:
                return font
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = pylopdf_fonts_zh_cn.sans_path()
    return _add(str(path), "pypi:pylopdf-fonts-zh-cn") if path.is_file() else None


def _add(path: str, source: str) -> CjkFont | None:
    from matplotlib import font_manager

    try:
        font_manager.fontManager.addfont(path)
        name = font_manager.FontProperties(fname=path).get_name()
    except Exception:  # an unreadable font file: try the next
        return None
    return CjkFont(name, path, source)


def render_png(
    sub: Subgraph,
    *,
    title: str,
    focus: Iterable[str] = (),
    note: str | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    size: tuple[float, float] | None = None,
    dpi: int = 100,
) -> bytes:
    """The subgraph drawn as a PNG: typed, coloured and sized nodes, labels, legend and title."""
    with _lock:
        return _render(sub, title=title, focus=set(focus), note=note, positions=positions, size=size, dpi=dpi)


def _render(sub, *, title, focus, note, positions, size, dpi) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    font = cjk_font()
    family = [font.name] if font else ["DejaVu Sans"]

    has_bold = font is not None and font.source == "system"  # the fallback files have one weight

    def fp(points: float, bold: bool = False) -> FontProperties:
        return FontProperties(family=family + ["DejaVu Sans"], size=points,
                              weight="bold" if bold and has_bold else "normal")

    n = len(sub.nodes)
    ids = {nd.id for nd in sub.nodes}
    rels = [r for r in sub.relationships if r.start in ids and r.end in ids]
    if positions is None:
        positions = layout([nd.id for nd in sub.nodes], ((r.start, r.end) for r in rels),
                           roots=[nd.id for nd in sub.nodes if nd.id in focus])
    degree: Counter = Counter()
    for r in rels:
        degree[r.start] += 1
        degree[r.end] += 1
    if size is None:
        size = (16, 10) if n <= 150 else (20, 14)
    fig = Figure(figsize=size, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.05, 0.96, 0.83))
    ax.set_axis_off()
    ax.set_aspect("equal", adjustable="datalim")
    shrink = 1.0 if n <= 60 else 0.75 if n <= 200 else 0.5 if n <= 500 else 0.35

    def marker_size(node_id: str) -> float:
        base = (9 + 4 * math.sqrt(degree[node_id])) * shrink + (6 if node_id in focus else 0)
        return min(base, 36) ** 2

    # edges: one line per connected pair; its label lists every relationship type between them
    pair_types: dict[tuple[str, str], list[str]] = defaultdict(list)
    direction: dict[tuple[str, str], tuple[str, str]] = {}
    for r in rels:
        if r.start == r.end:
            continue
        pair = (r.start, r.end) if r.start <= r.end else (r.end, r.start)
        verb = RELATIONSHIP_ZH.get(r.type, r.type)
        if verb not in pair_types[pair]:
            pair_types[pair].append(verb)
        direction.setdefault(pair, (r.start, r.end))
    if len(pair_types) <= 300:
        for pair, (a, b) in direction.items():
            ax.add_patch(FancyArrowPatch(positions[a], positions[b], arrowstyle="-|>", mutation_scale=9,
                                         color="#9a9a9a", lw=0.9, zorder=1,
                                         shrinkA=math.sqrt(marker_size(a)) / 2, shrinkB=math.sqrt(marker_size(b)) / 2 + 1))
    else:
        segments = [(positions[a], positions[b]) for a, b in direction.values()]
        ax.add_collection(LineCollection(segments, colors="#b0b0b0", linewidths=0.4, zorder=1))
    if len(pair_types) <= 80:
        for pair, verbs in pair_types.items():
            (x1, y1), (x2, y2) = positions[pair[0]], positions[pair[1]]
            ax.text((x1 + x2) / 2, (y1 + y2) / 2, "/".join(verbs), fontproperties=fp(7), color="#666",
                    ha="center", va="center", zorder=2,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75})

    # nodes, one scatter per type
    by_type: dict[str, list] = defaultdict(list)
    for nd in sub.nodes:
        by_type[node_type(nd)].append(nd)
    handles = []
    for kind in [*[t for t in STYLE if t in by_type], *[t for t in by_type if t not in STYLE]]:
        group = by_type[kind]
        colour, shape = STYLE.get(kind, DEFAULT_STYLE)
        marker = MARKERS.get(shape, "o")
        xs = [positions[nd.id][0] for nd in group]
        ys = [positions[nd.id][1] for nd in group]
        ax.scatter(xs, ys, s=[marker_size(nd.id) for nd in group], c=colour, marker=marker, zorder=3,
                   edgecolors=["#111" if nd.id in focus else "white" for nd in group],
                   linewidths=[2.2 if nd.id in focus else 0.6 for nd in group])
        handles.append(Line2D([], [], linestyle="", marker=marker, markersize=9, color=colour,
                              label=f"{LABEL_ZH.get(kind, kind)} {kind} ({len(group)})"))

    # labels: all of them for small views, the focus and best-connected ones for large views
    if n <= 150:
        labelled = list(sub.nodes)
    else:
        ranked = sorted(sub.nodes, key=lambda nd: (nd.id not in focus, -degree[nd.id], nd.id))
        labelled = [nd for nd in ranked[:40] if nd.id in focus or degree[nd.id] >= 2 or node_type(nd) == "District"]
    label_pt = 9 if n <= 60 else 8 if n <= 150 else 7
    for nd in labelled:
        x, y = positions[nd.id]
        text = node_label(nd)
        if len(text) > 22:
            text = text[:21] + "…"
        ax.annotate(text, (x, y), xytext=(0, math.sqrt(marker_size(nd.id)) / 2 + 2), textcoords="offset points",
                    ha="center", va="bottom", fontproperties=fp(label_pt + (2 if nd.id in focus else 0), nd.id in focus),
                    zorder=4, color="#111",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
    ax.margins(x=0.12, y=0.08)
    ax.autoscale_view()
    if handles:  # one row under the title, outside the drawing
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, 0.935), ncol=min(len(handles), 9),
                   prop=fp(9), frameon=False, handletextpad=0.3, columnspacing=1.4)
    fig.text(0.01, 0.965, title, fontproperties=fp(16, True), va="center")
    footer = f"{n} 个节点 nodes · {len(rels)} 条关系 relationships"
    if note:
        footer = note + " · " + footer
    fig.text(0.01, 0.02, footer + " · innograph", fontproperties=fp(9), color="#555")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()
