"""SIGKILL in the middle of an ingest, on both stores: the re-run completes and equals a clean run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess

import pytest

from conftest import INNOGRAPH, ROOT, SEEDS, STORE_KINDS, clear_neo4j, run_cli, store_env


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash") / "corpus"
    folder.mkdir()
    for copy in range(3):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"c{copy}_{seed.name}")
    return folder


def export(data_dir, env) -> dict:
    result = run_cli("export", "--data-dir", str(data_dir), env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("batch", [1, 5])
@pytest.mark.parametrize("kind", STORE_KINDS)
def test_killed_ingest_reruns_to_the_clean_result(corpus, kind, batch, request, tmp_path):
    """Killed once ``2 * batch`` documents are reported written (one or two transactions, the next
    one in flight): the re-run writes the rest, whole batches or nothing were kept, and the graph
    equals a clean run's."""
    env = store_env(kind, request)
    if kind == "neo4j":
        clear_neo4j(env["INNOGRAPH_NEO4J_URI"])
    data = tmp_path / "data"
    proc = subprocess.Popen([*INNOGRAPH, "ingest", str(corpus), "--data-dir", str(data), "--no-progress",
                             "--batch", str(batch)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT,
                            env={**os.environ, **env})
    done = 0
    for line in proc.stdout:
        if line.startswith("written"):
            done += 1
            if done == 2 * batch:
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait(60)
    assert proc.returncode == -signal.SIGKILL, "the ingest was killed mid-run"
    assert done == 2 * batch

    rerun = run_cli("ingest", str(corpus), "--data-dir", str(data), "--no-progress", env=env)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    kept = [2 * batch, 3 * batch]  # the batch in flight when the kill came may have committed
    assert any(f"{15 - k} written, {k} unchanged, 0 failed" in rerun.stdout for k in kept), rerun.stdout
    recovered = export(data, env)

    clean_dir = tmp_path / "clean"
    if kind == "neo4j":
        clear_neo4j(env["INNOGRAPH_NEO4J_URI"])
    assert run_cli("ingest", str(corpus), "--data-dir", str(clean_dir), "--no-progress", env=env).returncode == 0
    clean = export(clean_dir, env)
    assert recovered == clean
    keys = [json.dumps([r["type"], r["start"], r["end"], r["properties"]], sort_keys=True, ensure_ascii=False)
            for r in recovered["relationships"]]
    assert len(keys) == len(set(keys)), "no duplicate relationships"
