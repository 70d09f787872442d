"""An in-memory name index for entity search (LadybugStore.search), rebuilt per graph version.

``LadybugStore.search`` scans every Organization and District row (``CONTAINS`` over names and
aliases) and sorts all matches on each call: tens of milliseconds at 100k nodes, more for short,
common queries (苏州, 科技). This index answers the same question, in the same order, from memory:

* every Organization/District is laid out once, in the store's result order (shorter name first,
  then name), as ``name␟alias␟alias␞`` in one long string;
* exact name and alias matches come from two dicts;
* ``str.find`` (C speed) walks the long string from the start: the first ``limit`` hits are the
  answer, so a common query stops after a few dozen characters and a rare one scans ~3 MB once.

Order: exact name, then exact alias, then by (name length, name) - ``cypher/ladybug/read.cypher``'s
``search`` ORDER BY. ``types`` filters on the node's labels like the store does.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from innograph.graph.model import Node

_FIELD = "\x1f"
_RECORD = "\x1e"


class NameIndex:
    def __init__(self, nodes: list[Node]) -> None:
        entities = [n for n in nodes if n.labels[0] in ("Organization", "District")]
        entities.sort(key=lambda n: (len(n.properties.get("name") or ""), n.properties.get("name") or "", n.id))
        self.nodes = entities
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.by_alias: dict[str, list[int]] = defaultdict(list)
        parts: list[str] = []
        self.starts: list[int] = []
        pos = 0
        for i, node in enumerate(entities):
            name = str(node.properties.get("name") or "")
            aliases = [str(a) for a in node.properties.get("aliases") or []]
            self.by_name[name].append(i)
            for alias in set(aliases):
                self.by_alias[alias].append(i)
            record = name + "".join(_FIELD + a for a in aliases) + _RECORD
            self.starts.append(pos)
            parts.append(record)
            pos += len(record)
        self.text = "".join(parts)

    def search(self, q: str, types: list[str] | None = None, limit: int = 20) -> list[Node]:
        if not q or _FIELD in q or _RECORD in q:
            return []
        wanted = set(types) if types else None

        def ok(i: int) -> bool:
            return wanted is None or bool(wanted & set(self.nodes[i].labels))

        out: list[int] = []
        seen: set[int] = set()
        for i in sorted(self.by_name.get(q, ())) + sorted(set(self.by_alias.get(q, ())) - set(self.by_name.get(q, ()))):
            if i not in seen and ok(i):
                seen.add(i)
                out.append(i)
                if len(out) >= limit:
                    return [self.nodes[i] for i in out]
        text, starts, find = self.text, self.starts, self.text.find
        pos = find(q)
        while pos >= 0:
            i = bisect.bisect_right(starts, pos) - 1
            if i not in seen:
                seen.add(i)
                if ok(i):
                    out.append(i)
                    if len(out) >= limit:
                        break
            # Next record: one hit per node is enough.
            nxt = starts[i + 1] if i + 1 < len(starts) else len(text)
            pos = find(q, nxt)
        return [self.nodes[i] for i in out]
