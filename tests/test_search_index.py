"""Entity search through the in-memory name index answers exactly what each store's Cypher scan answers."""

from __future__ import annotations

import shutil

import pytest

from graphs import signing_document


@pytest.fixture(scope="module")
def seeded_store(seeded_data_dir, tmp_path_factory):
    from innograph.graph.ladybug_store import LadybugStore

    copy = tmp_path_factory.mktemp("search-index") / "data"
    shutil.copytree(seeded_data_dir, copy)
    with LadybugStore(copy) as store:
        yield store


def _cypher_search(store, q, types=None, limit=20):
    """The store's CONTAINS query (cypher/ladybug/read.cypher `search`), the index's specification."""
    from innograph.graph.ladybug_store import _q, _to_node

    fetch = limit if not types else 100_000
    nodes = [_to_node(r["n"]) for r in store._rows(_q("search"), {"q": q, "limit": fetch})]
    if types:
        nodes = [n for n in nodes if set(types) & set(n.labels)]
    return [n.id for n in nodes[:limit]]


def _queries(store):
    """Every name and alias of the seed graph, and their 1-3 character pieces."""
    out = set()
    for node in store.snapshot().nodes:
        for text in [node.properties.get("name") or "", *(node.properties.get("aliases") or [])]:
            out.add(text)
            for size in (1, 2, 3):
                out.update(text[i:i + size] for i in range(0, max(0, len(text) - size + 1), 3))
    return sorted(q for q in out if q.strip())


def test_index_answers_like_the_cypher_scan(seeded_store):
    queries = _queries(seeded_store)
    assert len(queries) > 500
    for q in queries:
        assert [n.id for n in seeded_store.search(q)] == _cypher_search(seeded_store, q), q


@pytest.mark.parametrize("types", [["University"], ["District"], ["Enterprise", "Incubator"]])
def test_index_filters_types_like_the_cypher_scan(seeded_store, types):
    found = 0
    for q in ["大学", "苏州", "区", "有限公司", "研究", "园", "中心"]:
        got = [n.id for n in seeded_store.search(q, types=types, limit=10)]
        assert got == _cypher_search(seeded_store, q, types, limit=10), (q, types)
        found += len(got)
    assert found, types


def test_index_follows_writes(tmp_path):
    from innograph.graph.ladybug_store import LadybugStore

    with LadybugStore(tmp_path / "d") as store:
        assert store.search("南航") == []
        store.write(signing_document())
        assert [n.properties["name"] for n in store.search("南航")][0] == "南京航空航天大学"
        store.delete_document("doc:signing")
        assert store.search("南航") == []


@pytest.fixture(scope="module")
def seeded_neo4j(request):
    from conftest import SEEDS, clear_neo4j, run_cli

    from innograph.graph.neo4j_store import Neo4jStore

    server = request.getfixturevalue("neo4j_server")
    clear_neo4j(server.uri)
    result = run_cli("ingest", str(SEEDS), "--no-progress", env={"INNOGRAPH_NEO4J_URI": server.uri})
    assert result.returncode == 0, result.stdout + result.stderr
    store = Neo4jStore(server.uri, password=None)
    yield store
    store.close()


@pytest.mark.neo4j
def test_neo4j_index_answers_like_its_cypher_scan(seeded_neo4j):
    """Neo4j's search goes through the same name index; its own CONTAINS query is the specification."""
    from innograph.graph.neo4j_store import _q

    queries = _queries(seeded_neo4j)
    assert len(queries) > 500
    for q in queries:
        expected = [r["id"] for r in seeded_neo4j._read(_q("search"), {"q": q, "limit": 20})]
        assert [n.id for n in seeded_neo4j.search(q)] == expected, q
    for types in (["University"], ["District"], ["Enterprise", "Incubator"]):
        for q in ["大学", "苏州", "区", "有限公司", "研究"]:
            rows = seeded_neo4j._read(_q("search"), {"q": q, "limit": 100_000})
            expected = [r["id"] for r in rows if set(types) & set(r["labels"])][:10]
            assert [n.id for n in seeded_neo4j.search(q, types=types, limit=10)] == expected, (q, types)


def test_separator_characters_match_nothing(seeded_store):
    assert seeded_store.search("\x1f") == [] and seeded_store.search("\x1e") == []
