"""Proposed Neo4j write statement, kept in bench/ until the lead adopts it (cypher/neo4j/write.cypher).

``delete_document_relationships`` - ``MATCH ()-[r]->() WHERE r.doc = $doc`` has no type, so the
per-type ``rel_doc_*`` indexes cannot serve it: every relationship in the store is scanned each time
a document is written again (a first-time document now skips it: commit f01ec24). Proposed: one
typed, indexed match per type (UNION ALL). ``refresh_aliases`` and ``delete_orphans`` by label index
and touched ids were proposed here too and are now in the store (f01ec24).

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
REFRESH_ALIASES = """UNWIND $ids AS nid
CALL (nid) {
  MATCH (n:Organization {id: nid}) RETURN n
  UNION MATCH (n:District {id: nid}) RETURN n
}
OPTIONAL MATCH (n)-[m:MENTIONED_IN]->(:Document)
WITH n, collect(m.aliases) AS lists
WITH n, reduce(acc = [], l IN lists | acc + [a IN l WHERE NOT a IN acc AND a <> n.name]) AS forms
SET n.aliases = forms, n.aliasText = reduce(s = '', a IN forms | s + ' ' + a)"""
DELETE_ORPHANS = """UNWIND $ids AS nid
CALL (nid) {
  MATCH (n:Organization {id: nid}) RETURN n
  UNION MATCH (n:District {id: nid}) RETURN n
  UNION MATCH (n:Event {id: nid}) RETURN n
}
WITH n WHERE NOT EXISTS { (n)-[:MENTIONED_IN]->(:Document) }
DETACH DELETE n"""
OVERRIDES = {"delete_document_relationships": DELETE_DOCUMENT_RELATIONSHIPS}


class _Tx:
    """A transaction wrapper that swaps in the proposed statement."""

    def __init__(self, tx, ids_holder: dict) -> None:
        self._tx, self._ids = tx, ids_holder
        self._texts = {base._q(name, "write"): name for name in OVERRIDES}

    def run(self, query, parameters=None, **kwargs):
        name = self._texts.get(query)
        if name is not None:
            return self._tx.run(OVERRIDES[name], parameters, **kwargs)
        return self._tx.run(query, parameters, **kwargs)


class FastNeo4jStore(base.Neo4jStore):
    """Neo4jStore whose document writes and deletes use the proposed statements."""

    def _execute_write(self, work) -> None:
        holder: dict = {}
        super()._execute_write(lambda tx: work(_Tx(tx, holder)))
