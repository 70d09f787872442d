"""Baseline for ``bench_neo4j_load.py`` [4]: the Neo4j store with its former delete statement.

``delete_document_relationships`` used to be ``MATCH ()-[r]->() WHERE r.doc = $doc DELETE r``: with
no type, the per-type ``rel_doc_*`` indexes cannot serve it, so every relationship in the store was
scanned each time a document was written again. cypher/neo4j/write.cypher now runs one typed,
indexed match per type (UNION ALL). ``ScanDeleteNeo4jStore`` is ``Neo4jStore`` with the former
statement; the bench measures both and checks that they leave the same graph.
"""

from __future__ import annotations

from innograph.graph import neo4j_store as base

SCAN_DELETE = "MATCH ()-[r]->() WHERE r.doc = $doc\nDELETE r"
OVERRIDES = {"delete_document_relationships": SCAN_DELETE}


class _Tx:
    """A transaction wrapper that swaps in the former statement."""

    def __init__(self, tx) -> None:
        self._tx = tx
        self._texts = {base._q(name, "write"): name for name in OVERRIDES}

    def run(self, query, parameters=None, **kwargs):
        name = self._texts.get(query)
        if name is not None:
            return self._tx.run(OVERRIDES[name], parameters, **kwargs)
        return self._tx.run(query, parameters, **kwargs)


class ScanDeleteNeo4jStore(base.Neo4jStore):
    """Neo4jStore whose document writes and deletes use the former, scanning delete statement."""

    def _execute_write(self, work) -> None:
        super()._execute_write(lambda tx: work(_Tx(tx)))
