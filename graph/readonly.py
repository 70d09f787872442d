"""The Cypher door: decide, before anything runs, whether a query only reads.

The check works on tokens, after string literals, comments and backquoted names are removed, so
``RETURN 'CREATE'`` passes and ``MATCH (n) /* x */ DETACH DELETE n`` does not. It is
deliberately strict: a read query that merely looks like a write is refused, never the reverse.

>>> check_read_only("MATCH (n:Organization) RETURN n.name LIMIT 5")
>>> check_read_only("match (n) detach delete n")
Traceback (most recent call last):
...
innograph.graph.store.ReadOnlyViolation: refused: DETACH writes to the graph; only read queries are allowed
"""

from __future__ import annotations

import re
import unicodedata

from innograph.graph.store import ReadOnlyViolation

WRITE_KEYWORDS = {
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "FOREACH", "LOAD", "COPY",
    "ALTER", "INSTALL", "UNINSTALL", "ATTACH", "DETACH", "IMPORT", "EXPORT", "GRANT", "REVOKE",
    "DENY", "START", "STOP", "TERMINATE", "RENAME", "CHECKPOINT", "BEGIN", "COMMIT", "ROLLBACK",
    "USE", "ENABLE", "DISABLE", "FINISH", "INSERT",
}
# Procedures that only read. Anything else behind CALL is refused.
READ_PROCEDURES = {
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "db.index.fulltext.querynodes",
    "db.index.fulltext.queryrelationships", "db.indexes", "db.constraints",
    "show_tables", "table_info", "show_indexes", "show_connection", "show_functions",
}

# One scanner, so whichever of string, comment or backquoted name starts first wins.
_LITERAL = re.compile(
    r"(?P<string>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<block>/\*.*?\*/)"
    r"|(?P<line>//[^\n]*)"
    r"|(?P<name>`(?:[^`]|``)*`)",
    re.S,
)
_UNTERMINATED = re.compile(r"/\*|['\"`]")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CALL = re.compile(r"\bCALL\s*([A-Za-z_][\w.]*|\{)", re.I)
_IN_TRANSACTIONS = re.compile(r"\bIN\s+(?:\d+\s+)?(?:CONCURRENT\s+)?TRANSACTIONS\b", re.I)


def strip_literals(query: str) -> str:
    """The query with strings, comments and backquoted names blanked out.

    >>> strip_literals("RETURN 'a;b' // note")
    "RETURN ''  "
    >>> strip_literals("RETURN '/* not a comment */' AS x")
    "RETURN '' AS x"
    """

    def blank(m: re.Match) -> str:
        if m.group("string"):
            return "''"
        if m.group("name"):
            return "``"
        return " "

    return _LITERAL.sub(blank, query)


def check_read_only(query: str) -> None:
    """Raise :class:`ReadOnlyViolation` unless ``query`` is one statement that only reads."""
    if not query or not query.strip():
        raise ReadOnlyViolation("refused: the query is empty")
    # Fold full-width and compatibility forms so ＣＲＥＡＴＥ is seen as CREATE.
    folded = unicodedata.normalize("NFKC", query)
    text = strip_literals(folded)
    if _UNTERMINATED.search(text.replace("''", "").replace("``", "")):
        raise ReadOnlyViolation("refused: unterminated string, comment or quoted name")
    body = text.strip().rstrip(";").strip()
    if ";" in body:
        raise ReadOnlyViolation("refused: one statement at a time (found ';' between statements)")
    for word in _WORD.findall(body):
        upper = word.upper()
        if upper in WRITE_KEYWORDS:
            raise ReadOnlyViolation(f"refused: {upper} writes to the graph; only read queries are allowed")
    if _IN_TRANSACTIONS.search(body):
        raise ReadOnlyViolation("refused: CALL { … } IN TRANSACTIONS runs writes; only read queries are allowed")
    for match in _CALL.finditer(body):
        target = match.group(1)
        if target == "{":
            continue  # a subquery: its own tokens were checked above
        if target.lower() not in READ_PROCEDURES:
            raise ReadOnlyViolation(
                f"refused: CALL {target} is not on the list of read-only procedures ({', '.join(sorted(READ_PROCEDURES))})")
