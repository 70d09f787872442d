"""Proposed Neo4j write statement, kept in bench/ until the lead adopts it (cypher/neo4j/write.cypher).

``delete_document_relationships`` - ``MATCH ()-[r]->() WHERE r.doc = $doc`` has no type, so the
per-type ``rel_doc_*`` indexes cannot serve it: every relationship in the store is scanned each time
a document is written again (a first-time document skips it: commit f01ec24). Proposed: one typed,
indexed match per type (UNION ALL) - the same change as bench/proposed/neo4j_write.diff.

``FastNeo4jStore`` is ``Neo4jStore`` with this statement; ``bench_neo4j_load.py`` measures both and
checks that they leave the same graph.
"""

from __future__ import annotations

from innograph.graph import neo4j_store as base
from innograph.graph.ontology import RELATIONSHIP_TYPES

DELETE_DOCUMENT_RELATIONSHIPS = (
    "CALL () {\n"
    + "\n  UNION ALL\n".join(f"  MATCH ()-[r:{t}]->() WHERE r.doc = $doc RETURN r" for t in RELATIONSHIP_TYPES)
    + "\n}\nDELETE r")
OVERRIDES = {"delete_document_relationships": DELETE_DOCUMENT_RELATIONSHIPS}


class _Tx:
    """A transaction wrapper that swaps in the proposed statement."""

    def __init__(self, tx) -> None:
        self._tx = tx
        self._texts = {base._q(name, "write"): name for name in OVERRIDES}

    def run(self, query, parameters=None, **kwargs):
        name = self._texts.get(query)
        if name is not None:
            return self._tx.run(OVERRIDES[name], parameters, **kwargs)
        return self._tx.run(query, parameters, **kwargs)


class FastNeo4jStore(base.Neo4jStore):
    """Neo4jStore whose document writes and deletes use the proposed statement."""

    def _execute_write(self, work) -> None:
        super()._execute_write(lambda tx: work(_Tx(tx)))
