"""Suggestions for a name or id that matched nothing: the closest entity names."""

from __future__ import annotations

import difflib

from innograph.graph.model import Node
from innograph.graph.store import Store


def closest_entities(store: Store, text: str, limit: int = 5) -> list[Node]:
    """Entities sharing the longest pieces of ``text``, best first.

    Tries ever shorter substrings (Chinese names share their distinctive middle, e.g. 南京航空),
    then ranks candidates by similarity of the whole name.
    """
    name = text.split(":", 1)[-1]
    candidates: dict[str, Node] = {}
    for size in (len(name), 4, 3, 2):
        if size <= 0 or size > len(name):
            continue
        for start in range(0, len(name) - size + 1, max(1, size // 2)):
            for node in store.search(name[start:start + size], limit=10):
                candidates.setdefault(node.id, node)
        if len(candidates) >= limit:
            break
    ranked = sorted(candidates.values(),
                    key=lambda n: -difflib.SequenceMatcher(None, name, n.name).ratio())
    return ranked[:limit]
