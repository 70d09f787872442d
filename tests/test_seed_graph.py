"""Both stores hold the same graph of the demo corpus, and the analysts' library answers from it.

The seeds are ingested through the real CLI into ladybug and into Neo4j; then counts, search
results, shortest-path lengths and every named query are compared, and each named query is
checked against a fact the seed documents state.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import SEEDS, clear_neo4j, run_cli

SEARCHES = ["苏州", "大学", "研究院", "相城", "南航", "园区", "有限公司"]
PATH_PAIRS = [("南京航空航天大学", "相城区"), ("河海大学", "苏州市"), ("南京医科大学", "苏州工业园区"),
              ("南京航空航天大学", "河海大学")]


@pytest.fixture(scope="module")
def stores(seeded_data_dir, request, tmp_path_factory):
    """{"ladybug": store, "neo4j": store} holding the seeds (Neo4j ingested through the CLI too)."""
    from innograph.graph.ladybug_store import LadybugStore
    from innograph.graph.neo4j_store import Neo4jStore

    server = request.getfixturevalue("neo4j_server")
    clear_neo4j(server.uri)
    result = run_cli("ingest", str(SEEDS), "--no-progress", env={"INNOGRAPH_NEO4J_URI": server.uri})
    assert result.returncode == 0, result.stdout + result.stderr
    copy = tmp_path_factory.mktemp("parity") / "data"
    shutil.copytree(seeded_data_dir, copy)  # the shared seeded database stays free for other tests
    out = {"ladybug": LadybugStore(copy), "neo4j": Neo4jStore(server.uri)}
    yield out
    for s in out.values():
        s.close()


def normalise(rows):
    """Rows as comparable values: lists inside rows sorted (collect() order is unspecified)."""
    def cell(v):
        if isinstance(v, list):
            return json.dumps(sorted(json.dumps(x, ensure_ascii=False, sort_keys=True) for x in v), ensure_ascii=False)
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return sorted(tuple(cell(v) for v in row) for row in rows)


pytestmark = pytest.mark.neo4j


def test_same_counts(stores):
    assert stores["ladybug"].counts() == stores["neo4j"].counts()


@pytest.mark.parametrize("q", SEARCHES)
def test_same_search_results(stores, q):
    lb = [n.id for n in stores["ladybug"].search(q, limit=50)]
    neo = [n.id for n in stores["neo4j"].search(q, limit=50)]
    assert lb and lb == neo


def test_same_export(stores):
    assert stores["ladybug"].export() == stores["neo4j"].export()


@pytest.mark.parametrize("source,target", PATH_PAIRS)
def test_same_shortest_path_lengths(stores, source, target):
    from innograph.graph.paths import shortest_paths
    from innograph.graph.projection import ProjectionCache
    from innograph.graph.resolve import resolve_entity

    lengths = {}
    for kind, store in stores.items():
        a, b = resolve_entity(store, source), resolve_entity(store, target)
        assert a is not None and b is not None, (kind, source, target)
        lengths[kind] = [p.length for p in shortest_paths(ProjectionCache(store).undirected(), a.id, b.id, k=3)]
    assert lengths["ladybug"] == lengths["neo4j"]
    assert lengths["ladybug"], f"no path between {source} and {target}"
    # The stores' own Cypher agrees on the shortest length.
    for kind, store in stores.items():
        from innograph.graph.query_library import named_query

        q = named_query(kind, "shortest_paths_between")
        rows = store.query(q.text, q.bind({"source": source, "target": target})).rows
        assert rows and min(r[2] for r in rows) == lengths["ladybug"][0], kind


# -- the analysts' library: each query, on both stores, against a fact of the seed corpus -----------
EXPECTED = {
    "partners_of_organization": ({"name": "南京航空航天大学"}, lambda rows: "中亿丰控股集团" in {r[0] for r in rows}),
    "cofounded_by_organization": ({"name": "河海大学"}, lambda rows: any("河海大学苏州研究院" == r[0] for r in rows)),
    "branches_of_organization": ({"name": "河海大学"}, lambda rows: any(r[0].startswith("河海大学苏州") for r in rows)),
    "events_of_organization": ({"name": "南京医科大学"}, lambda rows: any((r[0] or "").startswith("2021-02") and r[1] == "signing" for r in rows)),
    "recent_signings": ({"since": "2021-01"}, lambda rows: any(any("腾讯" in p for p in r[2]) for r in rows)),
    "district_signing_timeline": ({"district": "苏州工业园区"}, lambda rows: any(r[0] == "2021-02" for r in rows)),
    "organizations_in_district": ({"district": "苏州工业园区"}, lambda rows: len(rows) >= 5),
    "universities_cobuilding_in_district": ({"district": "苏州市"}, lambda rows: "河海大学" in {r[0] for r in rows}),
    "incubators_and_operators": ({"district": "苏州市"}, lambda rows: len(rows) >= 3),
    "most_connected_organizations": ({"limit": 5}, lambda rows: len(rows) == 5 and rows[0][2] >= rows[-1][2]),
    "entity_evidence": ({"name": "河海大学"}, lambda rows: rows and all(r[2] for r in rows if r[0] != "PART_OF")),
    "documents_mentioning": ({"name": "苏州工业园区"}, lambda rows: len(rows) >= 3),
    "places_within_district": ({"district": "苏州市"}, lambda rows: {"相城区", "苏州工业园区"} <= {r[0] for r in rows}),
    "shortest_paths_between": ({"source": "南京航空航天大学", "target": "相城区"}, lambda rows: rows and rows[0][2] <= 3),
    "organizations_bridging_districts": ({"district_a": "相城区", "district_b": "苏州工业园区"}, lambda rows: isinstance(rows, list)),
}


def test_library_has_twelve_or_more_queries_with_twins():
    from innograph.graph.query_library import query_names

    assert len(query_names("neo4j")) >= 12
    assert query_names("neo4j") == query_names("ladybug")
    assert set(query_names("neo4j")) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_answers_from_the_seeds_on_both_stores(stores, name):
    from innograph.graph.query_library import named_query

    params, check = EXPECTED[name]
    results = {}
    for kind, store in stores.items():
        q = named_query(kind, name)
        assert q.question_zh and q.question_en, "every query says what it answers in Chinese and English"
        result = store.query(q.text, q.bind(params))
        assert check(result.rows), (kind, name, result.rows[:10])
        results[kind] = result
    assert results["ladybug"].columns == results["neo4j"].columns
    if name not in ("shortest_paths_between", "most_connected_organizations"):
        assert normalise(results["ladybug"].rows) == normalise(results["neo4j"].rows)
