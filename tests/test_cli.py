"""The command line on the demo corpus: extract, ingest (idempotent, replacing), export, query, path."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import SEEDS, run_cli


def test_extract_prints_the_graph_document_contract():
    from innograph.loaders.readers import read_document

    seed = sorted(SEEDS.glob("*.txt"))[0]
    result = run_cli("extract", str(seed), "--format", "json")
    assert result.returncode == 0, result.stderr
    graph = json.loads(result.stdout)
    assert set(graph) == {"documents", "nodes", "relationships"}
    assert graph["documents"][0]["id"] == "doc:" + seed.stem
    assert "\\u" not in result.stdout, "Chinese must be unescaped"
    text = read_document(seed).text
    node_ids = {n["id"] for n in graph["nodes"]}
    mentioned = set()
    for rel in graph["relationships"]:
        props = rel["properties"]
        for key in ("doc", "evidence", "extractor", "confidence"):
            assert props.get(key) not in (None, ""), (rel, key)
        assert props["evidence"] in text, "evidence must be a sentence exactly as in the text"
        assert 0 <= props["confidence"] <= 1
        assert rel["start"] in node_ids
        if rel["type"] == "MENTIONED_IN":
            mentioned.add(rel["start"])
    assert mentioned == node_ids, "every node is traceable to the document"
    labels = {l for n in graph["nodes"] for l in n["labels"]}
    assert {"Organization", "District", "Event"} <= labels


def test_extract_emits_every_node_kind_of_the_ontology():
    result = run_cli("extract", *map(str, sorted(SEEDS.glob("*.txt"))), "--format", "json")
    assert result.returncode == 0, result.stderr
    labels = {l for n in json.loads(result.stdout)["nodes"] for l in n["labels"]}
    assert {"University", "ResearchInstitute", "Enterprise", "Incubator", "Government", "Association",
            "District", "Event", "SigningEvent"} <= labels


def test_extract_reports_unreadable_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = run_cli("extract", str(bad), "--format", "json")
    assert result.returncode == 1
    assert "bad.txt" in result.stderr


def test_reingest_unchanged_changes_nothing(seeded_data_dir, tmp_path):
    data = tmp_path / "copy"
    shutil.copytree(seeded_data_dir, data)
    before = run_cli("export", "--format", "json", "--data-dir", str(data))
    again = run_cli("ingest", str(SEEDS), "--data-dir", str(data), "--no-progress")
    assert again.returncode == 0, again.stderr
    assert "0 written, 5 unchanged, 0 failed" in again.stdout
    after = run_cli("export", "--format", "json", "--data-dir", str(data))
    assert json.loads(after.stdout) == json.loads(before.stdout)


def test_changed_file_replaces_only_its_facts(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    data = tmp_path / "data"
    assert run_cli("ingest", str(corpus), "--data-dir", str(data), "--no-progress").returncode == 0
    before = json.loads(run_cli("export", "--data-dir", str(data)).stdout)
    changed = sorted(corpus.glob("*.txt"))[1]
    changed_id = "doc:" + changed.stem
    changed.write_text(changed.read_text(encoding="utf-8") + "\n2021年5月8日，昆明理工大学与吴江区签署合作协议，共建昆明理工大学吴江智能制造研究院。\n",
                       encoding="utf-8")
    result = run_cli("ingest", str(corpus), "--data-dir", str(data), "--no-progress")
    assert "1 written, 4 unchanged, 0 failed" in result.stdout, result.stdout
    after = json.loads(run_cli("export", "--data-dir", str(data)).stdout)

    def facts(graph, keep):
        return sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in graph["relationships"]
                      if keep(r["properties"].get("doc")))

    assert facts(after, lambda d: d != changed_id) == facts(before, lambda d: d != changed_id)
    assert "昆明理工大学" in {n["properties"].get("name") for n in after["nodes"]}
    new_facts = [r for r in after["relationships"] if r["properties"].get("doc") == changed_id
                 and "昆明理工大学" in r["properties"].get("evidence", "")]
    assert new_facts


def test_bad_file_does_not_stop_good_ones_and_exit_code_says_partial(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 50)
    result = run_cli("ingest", str(corpus), "--data-dir", str(tmp_path / "data"), "--no-progress")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "1 written, 0 unchanged, 2 failed" in result.stdout
    failed = [l for l in result.stdout.splitlines() if l.startswith("FAILED")]
    assert len(failed) == 2
    assert any("empty.txt" in l and "empty" in l.split(":", 1)[1] for l in failed)


def test_data_dir_from_environment(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[2]
    env = {"INNOGRAPH_DATA_DIR": str(tmp_path / "envdata")}
    assert run_cli("ingest", str(seed), "--no-progress", env=env).returncode == 0
    assert (tmp_path / "envdata").is_dir()
    out = run_cli("export", env=env)
    assert json.loads(out.stdout)["documents"][0]["id"] == "doc:" + seed.stem


def test_export_to_file(seeded_data_dir, tmp_path):
    out = tmp_path / "graph.json"
    result = run_cli("export", "--format", "json", "--out", str(out), "--data-dir", str(seeded_data_dir))
    assert result.returncode == 0
    graph = json.loads(out.read_text(encoding="utf-8"))
    assert len(graph["documents"]) == 5 and graph["nodes"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_export_other_formats(seeded_data_dir, tmp_path, fmt):
    import zipfile

    import networkx as nx

    out = tmp_path / f"graph.{fmt}"
    assert run_cli("export", "--format", fmt, "--out", str(out), "--data-dir", str(seeded_data_dir)).returncode == 0
    if fmt == "csv":
        with zipfile.ZipFile(out) as z:
            nodes = z.read("nodes.csv").decode("utf-8")
            assert nodes.startswith("id:ID,:LABEL") and "苏州" in nodes
            assert z.read("relationships.csv").decode("utf-8").startswith(":START_ID,:END_ID,:TYPE")
    else:
        g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        kinds = {d.get("type") for _, d in g.nodes(data=True)}
        assert {"University", "District"} <= kinds
        assert any("苏州" in str(d.get("label")) for _, d in g.nodes(data=True))


def test_query_is_read_only_and_prints_a_table(seeded_data_dir):
    ok = run_cli("query", "MATCH (d:District) WHERE d.name = '苏州市' RETURN d.name AS name", "--data-dir", str(seeded_data_dir))
    assert ok.returncode == 0, ok.stderr
    assert "苏州市" in ok.stdout and "(1 rows)" in ok.stdout
    refused = run_cli("query", "MATCH (d:District) DETACH DELETE d", "--data-dir", str(seeded_data_dir))
    assert refused.returncode == 2 and "refused" in refused.stderr


def test_path_command_explains_in_chinese(seeded_data_dir):
    result = run_cli("path", "南京航空航天大学", "相城区", "--data-dir", str(seeded_data_dir))
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("1. 南京航空航天大学") and first.endswith("相城区")
    unknown = run_cli("path", "不存在的大学", "相城区", "--data-dir", str(seeded_data_dir))
    assert unknown.returncode == 1 and "不存在的大学" in unknown.stderr


def test_unreachable_neo4j_is_a_clear_error(tmp_path):
    from conftest import free_port

    uri = f"bolt://127.0.0.1:{free_port()}"
    for args in (["ingest", str(SEEDS), "--no-progress"], ["export"], ["query", "MATCH (n) RETURN n"]):
        result = run_cli(*args, env={"INNOGRAPH_NEO4J_URI": uri}, timeout=60)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert f"cannot reach Neo4j at {uri}" in result.stderr


def test_neo4j_credentials_flags_are_global_options():
    result = run_cli("--neo4j-user", "analyst", "--neo4j-database", "graph", "--help")
    assert result.returncode == 0 and "--neo4j-password" in result.stdout


def test_ingest_with_two_workers_gives_the_same_graph(seeded_data_dir, tmp_path):
    result = run_cli("ingest", str(SEEDS), "--data-dir", str(tmp_path / "p"), "--workers", "2", "--no-progress")
    assert result.returncode == 0 and "5 written" in result.stdout, result.stdout + result.stderr
    parallel = json.loads(run_cli("export", "--data-dir", str(tmp_path / "p")).stdout)
    sequential = json.loads(run_cli("export", "--data-dir", str(seeded_data_dir)).stdout)
    assert parallel == sequential


def test_ingest_uses_a_pool_by_default_only_for_many_files():
    from innograph.cli import AUTO_POOL_FILES, auto_workers
    from innograph.loaders.parallel import default_workers

    assert auto_workers(AUTO_POOL_FILES - 1) == 1  # a pool's start-up would cost more than it gives
    assert auto_workers(AUTO_POOL_FILES) == default_workers() >= 1
