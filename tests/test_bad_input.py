"""Bad input with the seeds: each bad file gets a one-line reason, every good file is ingested."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from badinput import build_bad_corpus
from conftest import SEEDS, STORE_KINDS, run_cli, run_cli_peak_rss, store_env


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad") / "corpus"
    kinds = build_bad_corpus(folder)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder)
        kinds[seed.name] = "good"
    return folder, kinds


@pytest.mark.parametrize("kind", STORE_KINDS)
def test_bad_files_reported_good_files_ingested(corpus, kind, request, tmp_path):
    folder, kinds = corpus
    env = store_env(kind, request)
    if kind == "neo4j":
        from conftest import clear_neo4j

        clear_neo4j(env["INNOGRAPH_NEO4J_URI"])
    result, peak_kib = run_cli_peak_rss("ingest", str(folder), "--data-dir", str(tmp_path / "data"), "--no-progress",
                                        env=env)
    out = result.stdout
    assert result.returncode == 3, "exit code 3 means partial: " + out + result.stderr
    good = sorted(n for n, k in kinds.items() if k == "good")
    bad = sorted(n for n, k in kinds.items() if k == "bad")
    assert f"{len(good)} written, 0 unchanged, {len(bad)} failed" in out, out
    failed = {re.match(r"FAILED .*/([^/:]+): (.+)$", l).group(1): re.match(r"FAILED .*/([^/:]+): (.+)$", l).group(2)
              for l in out.splitlines() if l.startswith("FAILED")}
    assert sorted(failed) == bad
    assert "empty" in failed["empty.txt"]
    assert "binary" in failed["binary.txt"] or "not a text" in failed["binary.txt"]
    assert "encrypted" in failed["encrypted.pdf"]
    assert "truncated" in failed["truncated.pdf"] or "damaged" in failed["truncated.pdf"]
    assert "too large" in failed["huge.txt"]
    assert all("\n" not in reason and len(reason) < 300 for reason in failed.values())
    # Memory stays bounded although a 50 MB file was offered.
    assert 0 < peak_kib < 600 * 1024, f"peak RSS {peak_kib / 1024:.0f} MB"

    graph = json.loads(run_cli("export", "--data-dir", str(tmp_path / "data"), env=env).stdout)
    docs = {d["id"] for d in graph["documents"]}
    assert docs == {"doc:" + n.rsplit(".", 1)[0] for n in good}
    names = {n["properties"].get("name") for n in graph["nodes"]}
    assert "苏州纳米科技有限公司" in names, "zero-width characters inside a name are dropped"
    assert not any("\u200b" in (n or "") or "\u200d" in (n or "") for n in names)
    assert "ABC智能科技有限公司" in names, "full-width letters are unified with half-width ones"
    assert "东吴大学" in names and "清华大学" in names and "吴江区" in names, "GBK and mixed-encoding text is read"
    assert "苏州大学" in names, "text inside deeply nested HTML is read"
    # Seeds are fully there: the same as ingesting them alone.
    alone = tmp_path / "alone"
    if kind == "neo4j":
        return  # one Neo4j database: the seeds-alone comparison runs on the embedded store
    assert run_cli("ingest", str(SEEDS), "--data-dir", str(alone), "--no-progress").returncode == 0
    seeds_alone = json.loads(run_cli("export", "--data-dir", str(alone)).stdout)
    seed_docs = {d["id"] for d in seeds_alone["documents"]}
    mine = [r for r in graph["relationships"] if r["properties"].get("doc") in seed_docs]
    assert len(mine) == len(seeds_alone["relationships"])
