"""SIGKILL in the middle of an ingest, on both stores: the re-run completes and equals a clean run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

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


def descendants(pid: int) -> list[int]:
    """Every process under ``pid``, from /proc (ppid is the 4th field of /proc/PID/stat)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def export(data_dir, env) -> dict:
    result = run_cli("export", "--data-dir", str(data_dir), env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("batch, workers", [(1, 1), (5, 1), (5, 2)])
@pytest.mark.parametrize("kind", STORE_KINDS)
def test_killed_ingest_reruns_to_the_clean_result(corpus, kind, batch, workers, request, tmp_path):
    """Killed once ``2 * batch`` documents are reported written (one or two transactions, the next
    one in flight), extracting in this process or in a pool: the re-run writes the rest, whole
    batches or nothing were kept, and the graph equals a clean run's."""
    env = store_env(kind, request)
    if kind == "neo4j":
        clear_neo4j(env["INNOGRAPH_NEO4J_URI"])
    data = tmp_path / "data"
    proc = subprocess.Popen([*INNOGRAPH, "ingest", str(corpus), "--data-dir", str(data), "--no-progress",
                             "--batch", str(batch), "--workers", str(workers)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT,
                            env={**os.environ, **env})
    done = 0
    for line in proc.stdout:
        if line.startswith("written"):
            done += 1
            if done == 2 * batch:
                helpers = descendants(proc.pid)  # the pool's fork server and workers
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait(60)
    assert proc.returncode == -signal.SIGKILL, "the ingest was killed mid-run"
    assert done == 2 * batch
    assert (len(helpers) >= 3) == (workers == 2), helpers  # fork server, 2 workers (and a resource tracker)
    deadline = time.monotonic() + 15
    while helpers and time.monotonic() < deadline:  # they end with the ingest, not linger
        helpers = [pid for pid in helpers if alive(pid)]
        time.sleep(0.2)
    assert not helpers, f"processes left behind by the killed ingest: {helpers}"

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
