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


@pytest.fixture
def ladybug_store(tmp_path):
    from innograph.graph.ladybug_store import LadybugStore

    store = LadybugStore(tmp_path / "data")
    yield store
    store.close()


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
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
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
def server(seeded_data_dir):
    srv = LiveServer(seeded_data_dir)
    yield srv
    srv.stop()
