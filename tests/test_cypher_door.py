"""The Cypher door: every write and admin action refused before anything runs, on both stores.

A fuzz of generated variants (case, comments, unicode, whitespace) goes through the checker and
through the real API; the graph must be unchanged afterwards. Timeouts and the row cap hold.
"""

from __future__ import annotations

import random

import httpx
import pytest

from conftest import STORE_KINDS, LiveServer, open_test_store, run_cli, store_env
from graphs import NANHANG, signing_document

WRITES = [
    "CREATE (n:Organization {id: 'x', name: 'x'})",
    "MERGE (n:Organization {id: 'x'}) RETURN n",
    "MATCH (n:Organization) SET n.name = 'x'",
    "MATCH (n:Organization) SET n:Hacked",
    "MATCH (n) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Organization) REMOVE n.name",
    "DROP INDEX entity_names",
    "DROP CONSTRAINT organization_id",
    "DROP TABLE Organization",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD FROM 'x.csv' RETURN *",
    "MATCH (n) FOREACH (x IN [1] | SET n.x = 1)",
    "CALL apoc.create.node(['X'], {}) YIELD node RETURN node",
    "CALL dbms.security.createUser('u', 'p', false)",
    "CALL db.createLabel('X')",
    "CALL dbms.killQueries(['q-1'])",
    "CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN 1",
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS",
    "MATCH (n) RETURN n; CREATE (m:Organization {id: 'y'})",
    "RETURN 1; RETURN 2",
    "COPY Organization FROM 'x.csv'",
    "ALTER TABLE Organization ADD hacked STRING",
    "INSTALL httpfs",
    "ATTACH 'other.lbug' AS other",
    "EXPORT DATABASE '/tmp/x'",
    "CREATE NODE TABLE Hack(id STRING, PRIMARY KEY(id))",
    "BEGIN TRANSACTION",
    "CHECKPOINT",
    "USE system SHOW USERS",
    "GRANT ROLE admin TO neo4j",
    "START DATABASE neo4j",
    "PROFILE CREATE (n:X)",
    "EXPLAIN MATCH (n) DELETE n",
    "WITH 1 AS x CREATE (n:X {v: x})",
]
READS = [
    "MATCH (o:Organization) WHERE o.name = 'CREATE' RETURN count(o) AS n",
    "MATCH (o:Organization) WHERE o.name CONTAINS $q RETURN o.name AS name",
    "RETURN 'DETACH DELETE; DROP' AS text",
    "MATCH (o:Organization) /* DELETE */ RETURN count(o) AS n // SET",
    "MATCH (o:Organization)-[r]->(d:District) RETURN o.name AS o, d.name AS d LIMIT 5",
]


def variants(seed: int = 20261130, per_query: int = 7) -> list[str]:
    """Case, comments, unicode and whitespace variations of every write query (≥ 200)."""
    rng = random.Random(seed)
    spaces = [" ", "  ", "\t", "\n", "\u00a0", "\u3000", " /* c */ ", " // note\n", "\r\n"]
    out = []
    for query in WRITES:
        out.append(query)
        for _ in range(per_query):
            tokens = query.split(" ")
            mutated = []
            for tok in tokens:
                r = rng.random()
                if r < 0.3:
                    tok = tok.lower()
                elif r < 0.5:
                    tok = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in tok)
                elif r < 0.6 and tok.isascii() and tok.isalpha():
                    tok = "".join(chr(ord(c) + 0xFEE0) for c in tok)  # full-width letters
                mutated.append(tok)
            text = mutated[0]
            for tok in mutated[1:]:
                text += rng.choice(spaces) + tok
            if rng.random() < 0.3:
                text = "/* leading comment */ " + text
            if rng.random() < 0.3:
                text = text + " ;"
            out.append(text)
    return out


def test_fuzz_has_enough_variants():
    assert len(variants()) >= 200


@pytest.mark.parametrize("query", variants())
def test_checker_refuses_every_variant(query):
    from innograph.graph.readonly import check_read_only
    from innograph.graph.store import ReadOnlyViolation

    with pytest.raises(ReadOnlyViolation):
        check_read_only(query)


@pytest.mark.parametrize("query", READS)
def test_checker_lets_reads_through(query):
    from innograph.graph.readonly import check_read_only

    check_read_only(query)


@pytest.fixture(scope="module", params=STORE_KINDS)
def door(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("door")
    with open_test_store(request.param, tmp, request) as store:
        store.write(signing_document())
    env = {**store_env(request.param, request), "INNOGRAPH_QUERY_TIMEOUT": "1", "INNOGRAPH_QUERY_ROW_LIMIT": "50"}
    server = LiveServer(tmp / "data", env=env)
    client = httpx.Client(base_url=server.url, timeout=60)
    client.kind, client.env, client.data_dir = request.param, env, tmp / "data"
    yield client
    client.close()
    server.stop()


def test_api_refuses_all_variants_and_the_graph_is_unchanged(door):
    before = door.get("/api/export").json()
    for query in variants():
        r = door.post("/api/cypher", json={"query": query})
        assert r.status_code == 403, (query, r.status_code, r.text)
    assert door.get("/api/export").json() == before


def test_api_runs_reads(door):
    for query in READS:
        r = door.post("/api/cypher", json={"query": query, "params": {"q": "航空"}})
        assert r.status_code == 200, (query, r.text)


def test_named_queries_take_values_as_parameters_only(door):
    evil = "x' OR 1=1 DETACH DELETE n //"
    r = door.post("/api/queries/entity_evidence", json={"params": {"name": evil}})
    assert r.status_code == 200 and r.json()["rows"] == []
    assert door.get(f"/api/entities/{NANHANG}").status_code == 200


SLOW = {
    # Ladybug walks every path (no relationship uniqueness); Neo4j counts a long range lazily.
    "ladybug": "MATCH (a)-[*1..12]-(b) RETURN a.id, b.id",
    "neo4j": "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(*)",
}


def test_query_timeout_holds(door):
    r = door.post("/api/cypher", json={"query": SLOW[door.kind]})
    if r.status_code == 200:
        pytest.fail("the slow query finished within the 1 s limit: make it slower")
    assert r.status_code == 408, r.text
    assert "1 s" in r.json()["error"]["message"]


def test_row_cap_holds(door):
    r = door.post("/api/cypher", json={"query": "UNWIND range(1, 500) AS x RETURN x"})
    body = r.json()
    assert len(body["rows"]) == 50 and body["truncated"] is True


def test_cli_query_refuses_writes(door):
    for query in WRITES:
        result = run_cli("query", query, "--data-dir", str(door.data_dir), env=door.env)
        assert result.returncode == 2 and "refused" in result.stderr, query


@pytest.mark.neo4j
def test_neo4j_runs_queries_in_a_read_transaction(request, tmp_path):
    """Even past the door, Neo4j itself refuses a write in the door's read transaction."""
    from innograph.graph.store import StoreError

    with open_test_store("neo4j", tmp_path, request) as store:
        store.write(signing_document())
        before = store.counts()
        with pytest.raises(StoreError):
            store.query("CREATE (n:Organization {id: 'smuggled'})")
        assert store.counts() == before
