"""User curation of extracted entities: merge, rename, retype, drop and add aliases.

The curation file is TOML (``curation.toml`` in the data directory; see
``loaders/dictionaries/CURATION.md``). It is applied by ``extract_graph`` to every document it
extracts, so a curated decision holds on every (re-)ingest.

>>> c = Curation.from_dict({"merge": {"南航": "南京航空航天大学"}, "retype": {"中国工程院": "Association"}})
>>> c.target("南航")
'南京航空航天大学'
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from innograph.graph.ids import normalize_name, org_id, place_id
from innograph.graph.model import GraphDocument, Node, Relationship, merge_node
from innograph.graph.ontology import ORGANIZATION_KINDS

KINDS = (*ORGANIZATION_KINDS, "District")


class CurationError(ValueError):
    """The curation file is malformed; the message says where."""


@dataclass
class Curation:
    merge: dict[str, str] = field(default_factory=dict)        # name or alias -> canonical name
    rename: dict[str, str] = field(default_factory=dict)       # canonical name -> new canonical name
    retype: dict[str, str] = field(default_factory=dict)       # name -> kind (or District)
    drop: list[str] = field(default_factory=list)              # names to remove with their edges
    aliases: dict[str, list[str]] = field(default_factory=dict)  # name -> extra aliases
    path: str | None = None

    # ------------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path) -> "Curation":
        path = Path(path)
        try:
            if path.suffix == ".json":
                data = json.loads(path.read_text(encoding="utf-8"))
            else:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
            raise CurationError(f"{path}: {exc}") from exc
        cur = cls.from_dict(data)
        cur.path = str(path)
        return cur

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Curation":
        def table(key: str) -> dict[str, Any]:
            value = data.get(key, {})
            if not isinstance(value, dict):
                raise CurationError(f"[{key}] must be a table of \"name\" = value")
            return value

        unknown = set(data) - {"merge", "rename", "retype", "drop", "aliases"}
        if unknown:
            raise CurationError(f"unknown section(s): {', '.join(sorted(unknown))}")
        merge = {normalize_name(k): normalize_name(str(v)) for k, v in table("merge").items()}
        rename = {normalize_name(k): normalize_name(str(v)) for k, v in table("rename").items()}
        retype = {}
        for k, v in table("retype").items():
            if v not in KINDS:
                raise CurationError(f"[retype] {k!r} = {v!r}: kind must be one of {', '.join(KINDS)}")
            retype[normalize_name(k)] = v
        drop = data.get("drop", [])
        if isinstance(drop, dict):
            drop = drop.get("names", [])
        if not isinstance(drop, list):
            raise CurationError("drop must be a list of names")
        aliases = {}
        for k, v in table("aliases").items():
            vals = [v] if isinstance(v, str) else list(v)
            aliases[normalize_name(k)] = [normalize_name(str(a)) for a in vals]
        return cls(merge, rename, retype, [normalize_name(str(d)) for d in drop], aliases)

    def __repr__(self) -> str:   # stable: part of the ingest fingerprint
        body = json.dumps(
            {"merge": self.merge, "rename": self.rename, "retype": self.retype, "drop": sorted(self.drop),
             "aliases": self.aliases}, ensure_ascii=False, sort_keys=True)
        return f"Curation({body})"

    def __bool__(self) -> bool:
        return bool(self.merge or self.rename or self.retype or self.drop or self.aliases)

    # ------------------------------------------------------------------------------------------
    def target(self, name: str) -> str:
        """The canonical name a name ends up with after merges and renames."""
        name = normalize_name(name)
        seen = set()
        while name not in seen:
            seen.add(name)
            if name in self.merge:
                name = self.merge[name]
            elif name in self.rename:
                name = self.rename[name]
            else:
                break
        return name

    def apply(self, graph: GraphDocument) -> GraphDocument:
        """A new graph document with the curation applied (ids follow the new names)."""
        if not self:
            return graph
        drop = set(self.drop)
        id_map: dict[str, str] = {}
        nodes: dict[str, Node] = {}
        for node in graph.nodes:
            props = dict(node.properties)
            name = normalize_name(str(props.get("name") or ""))
            names = {name, *[normalize_name(a) for a in props.get("aliases") or []]}
            if "Event" in node.labels or "Document" in node.labels:
                nodes.setdefault(node.id, node.model_copy(deep=True))
                id_map[node.id] = node.id
                continue
            if names & drop:
                id_map[node.id] = ""
                continue
            new_name = name
            for n in [name, *sorted(names - {name})]:
                t = self.target(n)
                if t != n:
                    new_name = t
                    break
            if new_name in drop:
                id_map[node.id] = ""
                continue
            labels = list(node.labels)
            kind = self.retype.get(new_name) or next((self.retype[n] for n in names if n in self.retype), None)
            if kind:
                labels = ["District"] if kind == "District" else ["Organization", kind]
            is_place = labels == ["District"]
            new_id = place_id(new_name) if is_place else org_id(new_name)
            aliases = [a for a in [*(props.get("aliases") or []), name] if normalize_name(a) != new_name]
            aliases.extend(a for a in self.aliases.get(new_name, []) if a not in aliases and a != new_name)
            for n in names:
                aliases.extend(a for a in self.aliases.get(n, []) if a not in aliases and a != new_name)
            props["name"] = new_name
            props["aliases"] = sorted(set(aliases), key=aliases.index)
            new = Node(id=new_id, labels=labels, properties=props)
            if is_place and "level" not in props:
                props["level"] = "city"
            if new_id in nodes:
                merge_node(nodes[new_id], new)
            else:
                nodes[new_id] = new
            id_map[node.id] = new_id
        rels: list[Relationship] = []
        seen: set[tuple] = set()
        for rel in graph.relationships:
            start = id_map.get(rel.start, rel.start)
            end = id_map.get(rel.end, rel.end)
            if not start or not end or (start == end and rel.type != "MENTIONED_IN"):
                continue
            new = rel.model_copy(update={"start": start, "end": end}, deep=True)
            if new.key() in seen:
                continue
            seen.add(new.key())
            rels.append(new)
        # events left without any party/establishment are kept: they still have their document
        return GraphDocument(documents=list(graph.documents), nodes=list(nodes.values()), relationships=rels)
