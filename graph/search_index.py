"""An in-memory name index for entity search (``Store.search``, both stores), rebuilt per graph version.

``LadybugStore.search`` used to scan every Organization and District row (``CONTAINS`` over names
and aliases) and sort all matches on each call: 75-130 ms at 100k nodes (p50-p99), more for short,
common queries (苏州, 科技). This index answers the same question, in the same order, from memory:

* every Organization/District is laid out once, in the store's result order (shorter name first,
  then name), as ``name␟alias␟alias␞`` in one long string;
* exact name and alias matches come from two dicts;
* ``str.find`` (C speed) walks the long string from the start: the first ``limit`` hits are the
  answer, so a common query stops after a few dozen characters and a rare one scans ~3 MB once.

It keeps ids, names and label sets only (no node objects: ~40 MB at 100k nodes) and answers with
ids; the store fetches those few nodes. Order: exact name, then exact alias, then by (name length,
name) - the ORDER BY of each store's Cypher ``search`` (``cypher/<store>/read.cypher``), which
stays as its specification (tests/test_search_index.py compares them; Neo4j's scan took p99 143 ms).

>>> index = NameIndex([("a", "苏州大学", ["苏大"], ["Organization", "University"]),
...                    ("b", "苏州市", ["苏州"], ["District"])])
>>> index.search("苏州")
['b', 'a']
>>> index.search("苏州", types=["University"])
['a']
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Iterable

_FIELD = "\x1f"
_RECORD = "\x1e"

Entry = tuple[str, str, list[str], list[str]]  # (id, name, aliases, labels)


class NameIndex:
    def __init__(self, entries: Iterable[Entry]) -> None:
        rows = sorted(entries, key=lambda e: (len(e[1] or ""), e[1] or "", e[0]))
        shared: dict[frozenset[str], frozenset[str]] = {}
        self.ids: list[str] = []
        self.labels: list[frozenset[str]] = []  # one object per distinct label set
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.by_alias: dict[str, list[int]] = defaultdict(list)
        parts: list[str] = []
        self.starts: list[int] = []
        pos = 0
        for i, (node_id, name, aliases, labels) in enumerate(rows):
            name = name or ""
            aliases = [str(a) for a in aliases or []]
            label_set = frozenset(labels)
            self.ids.append(node_id)
            self.labels.append(shared.setdefault(label_set, label_set))
            self.by_name[name].append(i)
            for alias in set(aliases):
                self.by_alias[alias].append(i)
            record = name + "".join(_FIELD + a for a in aliases) + _RECORD
            self.starts.append(pos)
            parts.append(record)
            pos += len(record)
        self.text = "".join(parts)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, q: str, types: list[str] | None = None, limit: int = 20) -> list[str]:
        """The ids of up to ``limit`` entities whose name or an alias contains ``q``, best first."""
        if not q or _FIELD in q or _RECORD in q or limit <= 0:
            return []
        wanted = frozenset(types) if types else None

        def ok(i: int) -> bool:
            return wanted is None or bool(wanted & self.labels[i])

        out: list[int] = []
        seen: set[int] = set()
        exact = self.by_name.get(q, ())
        for i in sorted(exact) + sorted(set(self.by_alias.get(q, ())) - set(exact)):
            if i not in seen and ok(i):
                seen.add(i)
                out.append(i)
                if len(out) >= limit:
                    return [self.ids[i] for i in out]
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
            # Next record: one hit per entity is enough.
            nxt = starts[i + 1] if i + 1 < len(starts) else len(text)
            pos = find(q, nxt)
        return [self.ids[i] for i in out]
