"""Neo4j plans of the statements whose cost grows with the whole store: they must seek by index.

A document written again first deletes its old facts; without an index that reads every
relationship in the store (ladybug has no relationship index and pays that: bench/README.md).
"""

from __future__ import annotations

import neo4j
import pytest

from innograph import cypher

pytestmark = pytest.mark.neo4j


def _operators(plan: dict) -> list[str]:
    return [plan["operatorType"], *(op for child in plan.get("children", []) for op in _operators(child))]


def test_delete_document_relationships_seeks_the_rel_doc_indexes(neo4j_server, tmp_path, request):
    from conftest import open_test_store

    store = open_test_store("neo4j", tmp_path, request)  # creates the schema, indexes included
    try:
        statement = cypher.statement("neo4j", "write", "delete_document_relationships")
        with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=None) as driver:
            driver.execute_query("CALL db.awaitIndexes(60)")
            _, summary, _ = driver.execute_query("EXPLAIN " + statement, {"doc": "doc:x"})
        ops = [op.split("@")[0] for op in _operators(summary.plan)]
        seeks = [op for op in ops if "RelationshipIndexSeek" in op]
        scans = [op for op in ops if "AllRelationshipsScan" in op or "RelationshipTypeScan" in op]
        assert len(seeks) == 10, ops  # one per relationship type of the ontology, MENTIONED_IN included
        assert scans == [], ops
    finally:
        store.close()
