"""The analysts' library of named queries: ``cypher/<store>/queries/<name>.cypher``.

Each file starts with a header in Chinese and English and one ``// @param`` line per parameter:
``// @param NAME TYPE[=DEFAULT] description`` (TYPE is ``string`` or ``int``; without a default
the parameter is required). The same names exist for every store, so the API and the tests can
run a query by name whatever the store.

>>> q = named_query("neo4j", "partners_of_organization")
>>> [p.name for p in q.params]
['name', 'limit']
>>> q.bind({"name": "南京大学"})["limit"]
50
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel

_PARAM = re.compile(r"^//\s*@param\s+(\w+)\s+(string|int)(?:=(\S*))?\s*(.*)$")
_QUESTION_ZH = re.compile(r"^//\s*问题:\s*(.+)$")
_QUESTION_EN = re.compile(r"^//\s*Question:\s*(.+)$")


class QueryParameterError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class QueryParam(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    description: str = ""


class NamedQuery(BaseModel):
    name: str
    question_zh: str
    question_en: str
    params: list[QueryParam]
    text: str

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Parameters for running the query: defaults filled, types checked, unknown names refused."""
        known = {p.name for p in self.params}
        for key in given:
            if key not in known:
                raise QueryParameterError(key, f"{self.name} has no parameter {key!r}; it takes {', '.join(sorted(known)) or 'none'}")
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in given and given[p.name] is not None:
                value = given[p.name]
            elif p.required:
                raise QueryParameterError(p.name, f"{self.name} needs the parameter {p.name!r} ({p.description})")
            else:
                value = p.default
            if p.type == "int":
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    raise QueryParameterError(p.name, f"{p.name!r} must be a whole number") from None
            else:
                value = str(value)
            out[p.name] = value
        return out


@lru_cache(maxsize=None)
def query_names(store: str) -> tuple[str, ...]:
    folder = resources.files("innograph.cypher").joinpath(store, "queries")
    return tuple(sorted(p.name[:-len(".cypher")] for p in folder.iterdir() if p.name.endswith(".cypher")))


@lru_cache(maxsize=None)
def named_query(store: str, name: str) -> NamedQuery:
    if name not in query_names(store):
        raise KeyError(name)
    text = resources.files("innograph.cypher").joinpath(store, "queries", f"{name}.cypher").read_text(encoding="utf-8")
    zh = en = ""
    params = []
    for line in text.splitlines():
        if m := _QUESTION_ZH.match(line):
            zh = m.group(1).strip()
        elif m := _QUESTION_EN.match(line):
            en = m.group(1).strip()
        elif m := _PARAM.match(line):
            pname, ptype, default, desc = m.groups()
            typed_default: Any = default
            if default is not None and ptype == "int":
                typed_default = int(default)
            params.append(QueryParam(name=pname, type=ptype, required=default is None,
                                     default=typed_default, description=desc.strip()))
    return NamedQuery(name=name, question_zh=zh, question_en=en, params=params, text=text)


def all_queries(store: str) -> list[NamedQuery]:
    return [named_query(store, n) for n in query_names(store)]
