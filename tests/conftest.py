"""Shared fixtures: stores (embedded ladybug, and a real Neo4j when available) and a live server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
SHARED = ROOT.parent / "shared"
INNOGRAPH = [sys.executable, "-m", "innograph"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*INNOGRAPH, *args], capture_output=True, text=True, timeout=timeout, env=full_env, cwd=ROOT)


def run_cli_peak_rss(*args: str, env: dict | None = None, timeout: float = 300) -> tuple[subprocess.CompletedProcess, int]:
    """``run_cli``, and the peak RSS (KiB) of that one process, from ``os.wait4``.

    ``RUSAGE_CHILDREN`` would give the largest child the whole test session has waited for (a
    server of an earlier test, say), not this command's.
    """
    import tempfile

    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([*INNOGRAPH, *args], stdout=out, stderr=err, env=full_env, cwd=ROOT)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                raise subprocess.TimeoutExpired(proc.args, timeout)
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(proc.args, proc.returncode, out.read().decode("utf-8", "replace"),
                                           err.read().decode("utf-8", "replace"))
    return done, usage.ru_maxrss


@pytest.fixture
def ladybug_store(tmp_path):
    from innograph.graph.ladybug_store import LadybugStore

    store = LadybugStore(tmp_path / "data")
    yield store
    store.close()


# -- Neo4j: one real 5.26 server per test session, started from Maven (tools/neo4j-harness) -------
@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    from neo4j_server import Neo4jTestServer

    ok, reason = Neo4jTestServer.available()
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Neo4j tests must run in CI, but: {reason}")
        pytest.skip(f"no Neo4j test server: {reason}")
    server = Neo4jTestServer(tmp_path_factory.mktemp("neo4j") / "server")
    server.start(timeout=300)
    yield server
    server.stop()


def clear_neo4j(uri: str) -> None:
    """Empty the database between tests (schema stays; the store re-creates it idempotently)."""
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=None) as driver, driver.session() as session:
        # IN TRANSACTIONS needs an auto-commit transaction: session.run, not execute_query.
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def open_test_store(kind: str, tmp_path: Path, request):
    """A fresh, empty store of the given kind."""
    if kind == "ladybug":
        from innograph.graph.ladybug_store import LadybugStore

        return LadybugStore(tmp_path / "data")
    server = request.getfixturevalue("neo4j_server")
    clear_neo4j(server.uri)
    from innograph.graph.neo4j_store import Neo4jStore

    return Neo4jStore(server.uri, password=None)


STORE_KINDS = ["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=STORE_KINDS)
def store(request, tmp_path):
    s = open_test_store(request.param, tmp_path, request)
    yield s
    s.close()


def store_env(kind: str, request) -> dict:
    """Environment that points `innograph` commands at the store of this kind."""
    if kind == "ladybug":
        return {"INNOGRAPH_NEO4J_URI": ""}
    return {"INNOGRAPH_NEO4J_URI": request.getfixturevalue("neo4j_server").uri}


class LiveServer:
    """``innograph serve`` in a subprocess on a free localhost port."""

    def __init__(self, data_dir: Path, env: dict | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(data_dir.parent / f"server-{self.port}.log", "w+")
        self.proc = subprocess.Popen(
            [*INNOGRAPH, "serve", "--data-dir", str(data_dir), "--port", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, **(env or {})})
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.output()}")
            try:
                httpx.get(self.url + "/health", timeout=5)  # any answer: the server is up
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.output()}")

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def seeded_data_dir(tmp_path_factory) -> Path:
    """A data directory with the seed corpus ingested through the real CLI."""
    data_dir = tmp_path_factory.mktemp("seeded") / "data"
    result = run_cli("ingest", str(SEEDS), "--data-dir", str(data_dir), "--no-progress")
    assert result.returncode == 0, result.stdout + result.stderr
    return data_dir


@pytest.fixture(scope="session")
def server(seeded_data_dir, tmp_path_factory):
    """A live server on a copy of the seeded data (ladybug allows one process per database)."""
    import shutil

    data = tmp_path_factory.mktemp("served") / "data"
    shutil.copytree(seeded_data_dir, data)
    srv = LiveServer(data, env={"INNOGRAPH_NEO4J_URI": ""})
    yield srv
    srv.stop()


def seeded_server(kind: str, request, data_dir: Path, env_extra: dict | None = None) -> LiveServer:
    """A live server over the demo corpus on a store of this kind (ladybug: a copy of the seeded data)."""
    import shutil

    env = dict(env_extra or {})
    if kind == "neo4j":
        server = request.getfixturevalue("neo4j_server")
        clear_neo4j(server.uri)
        env["INNOGRAPH_NEO4J_URI"] = server.uri
        result = run_cli("ingest", str(SEEDS), "--no-progress", env=env)
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        shutil.copytree(request.getfixturevalue("seeded_data_dir"), data_dir)
        env["INNOGRAPH_NEO4J_URI"] = ""
    return LiveServer(data_dir, env=env)
