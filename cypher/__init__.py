"""The Cypher of each store, kept as ``.cypher`` files: ``cypher/<store>/<name>.cypher``.

A file holds one statement, or several named sections introduced by ``// name: <section>``
lines. Queries take parameters (``$name``); nothing here builds a query out of values.

>>> "Organization" in statement("ladybug", "schema", "organization_table")
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_SECTION = re.compile(r"^//\s*name:\s*(\S+)\s*$", re.MULTILINE)


@lru_cache(maxsize=None)
def text(store: str, name: str) -> str:
    """The whole text of ``cypher/<store>/<name>.cypher``."""
    return resources.files(__package__).joinpath(store, f"{name}.cypher").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def sections(store: str, name: str) -> dict[str, str]:
    """The named sections of a file, in order, each stripped of its trailing semicolon."""
    body = text(store, name)
    parts = _SECTION.split(body)
    out: dict[str, str] = {}
    for i in range(1, len(parts), 2):
        out[parts[i]] = _strip_statement(parts[i + 1])
    return out


def statement(store: str, name: str, section: str | None = None) -> str:
    """One statement: a named section of a file, or the whole file."""
    if section is None:
        return _strip_statement(text(store, name))
    try:
        return sections(store, name)[section]
    except KeyError:
        raise KeyError(f"cypher/{store}/{name}.cypher has no section {section!r}") from None


def _strip_statement(body: str) -> str:
    body = body.strip()
    return body[:-1].rstrip() if body.endswith(";") else body
