"""Start a real Neo4j 5.26 Community server for tests, without Docker.

The server is the small Java launcher in ``tools/neo4j-harness`` (embedded Neo4j, Bolt on
127.0.0.1, auth off).  This module only holds a class; pytest fixtures live elsewhere.

    from neo4j_server import Neo4jTestServer

    ok, reason = Neo4jTestServer.available()
    if not ok: pytest.skip(reason)
    srv = Neo4jTestServer(tmp_path / "neo4j")
    srv.start()                       # builds once if needed, waits for Bolt + verify_connectivity()
    driver = neo4j.GraphDatabase.driver(srv.uri, auth=None)
    ...
    srv.restart()                     # same port, same data
    srv.kill()                        # hard crash (SIGKILL), for outage tests; start() again afterwards
    srv.stop()

Every started server is stopped when the Python process exits (atexit).  The Java process also
shuts itself down when its stdin pipe closes, so it does not outlive a Python process that was
killed with SIGKILL.  Java output is logged to ``<data_dir>/neo4j-test-server.log``.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import IO, Optional, Sequence, Tuple, Union

__all__ = ["Neo4jTestServer", "HARNESS_DIR"]

HARNESS_DIR = Path(__file__).resolve().parents[1] / "tools" / "neo4j-harness"
LOG_NAME = "neo4j-test-server.log"
# JVM options that Neo4j's own neo4j.conf passes on Java 17 (page cache / Netty reflection access).
JVM_ARGS = [
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    "-Dfile.encoding=UTF-8",
    "-Dlog4j2.disable.jmx=true",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
]
_BOLT_RE = re.compile(r"^BOLT_URI=(bolt://[^\s]+)\s*$")

_live: "set[Neo4jTestServer]" = set()  # servers started and not yet stopped
_build_lock = threading.Lock()


def _cleanup_all() -> None:
    for srv in list(_live):
        try:
            srv.stop(timeout=20)
        except Exception:  # pragma: no cover - best effort at interpreter exit
            pass


atexit.register(_cleanup_all)


def _java_major(java: str) -> Optional[int]:
    try:
        out = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    if major == 1 and m.group(2):  # "1.8.0_..." style
        major = int(m.group(2))
    return major


class Neo4jTestServer:
    """A Neo4j 5.26 server process on 127.0.0.1 with its database in ``data_dir``.

    ``port=None`` lets the OS choose a free port on the first start; ``restart()`` and later
    ``start()`` calls reuse that port.  ``mode`` is ``"embedded"`` (default; everything in
    data_dir) or ``"harness"`` (neo4j-harness builder; its home folder is wiped on stop, only
    ``data_dir/data`` persists).
    """

    def __init__(
        self,
        data_dir: Union[str, os.PathLike],
        port: Optional[int] = None,
        *,
        heap: str = "1g",
        heap_initial: Optional[str] = "256m",
        pagecache: str = "256m",
        mode: str = "embedded",
        java: str = "java",
        extra_java_args: Sequence[str] = (),
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.port: Optional[int] = port
        self.heap = heap
        self.heap_initial = heap_initial
        self.pagecache = pagecache
        self.mode = mode
        self.java = java
        self.extra_java_args = list(extra_java_args)
        self.log_path = self.data_dir / LOG_NAME
        self.start_seconds: Optional[float] = None  # wall time of the last start()
        self.last_exit_code: Optional[int] = None  # exit code of the last stopped/killed process
        self._proc: Optional[subprocess.Popen] = None
        self._uri: Optional[str] = None
        self._ready = threading.Event()
        self._reader: Optional[threading.Thread] = None
        self._log: Optional[IO[str]] = None

    # ------------------------------------------------------------------ environment
    @staticmethod
    def available() -> Tuple[bool, str]:
        """(True, "") if a server can be started here, else (False, reason).

        Needs ``java`` (17+) and, unless the launcher is already built, ``mvn``.
        """
        java = shutil.which("java")
        if not java:
            return False, "java not found on PATH (Neo4j test server needs Java 17+)"
        major = _java_major(java)
        if major is None:
            return False, f"could not determine the Java version of {java}"
        if major < 17:
            return False, f"Java {major} found, Neo4j 5.26 needs Java 17 or 21"
        if not Neo4jTestServer.is_built() and not shutil.which("mvn"):
            return False, "mvn not found on PATH (needed once to build tools/neo4j-harness)"
        if not (HARNESS_DIR / "pom.xml").is_file():
            return False, f"{HARNESS_DIR}/pom.xml missing"
        return True, ""

    @staticmethod
    def is_built() -> bool:
        classes = HARNESS_DIR / "target" / "classes" / "Main.class"
        cp = HARNESS_DIR / "target" / "classpath.txt"
        if not (classes.is_file() and cp.is_file()):
            return False
        built = min(classes.stat().st_mtime, cp.stat().st_mtime)
        sources = [HARNESS_DIR / "pom.xml", HARNESS_DIR / "src" / "main" / "java" / "Main.java"]
        if any(s.exists() and s.stat().st_mtime > built for s in sources):
            return False
        # classpath.txt holds absolute paths into the Maven repository (~/.m2): a wiped or moved
        # repository means the launcher must be rebuilt.
        jars = [j for j in cp.read_text().strip().split(os.pathsep) if j]
        return bool(jars) and all(os.path.isfile(j) for j in jars)

    @staticmethod
    def build(force: bool = False, timeout: float = 1800) -> None:
        """Run tools/neo4j-harness/build.sh (once; a file lock serialises parallel workers)."""
        with _build_lock:
            if not force and Neo4jTestServer.is_built():
                return
            target = HARNESS_DIR / "target"
            target.mkdir(exist_ok=True)
            with open(target / ".build.lock", "w") as lock:
                try:
                    import fcntl

                    fcntl.flock(lock, fcntl.LOCK_EX)
                except ImportError:  # pragma: no cover - non-POSIX
                    pass
                if not force and Neo4jTestServer.is_built():
                    return
                res = subprocess.run(
                    ["bash", str(HARNESS_DIR / "build.sh")],
                    cwd=HARNESS_DIR,
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                )
                if res.returncode != 0 or not Neo4jTestServer.is_built():
                    raise RuntimeError(
                        "building tools/neo4j-harness failed (exit %s):\n%s\n%s"
                        % (res.returncode, res.stdout[-4000:], res.stderr[-4000:])
                    )

    # ------------------------------------------------------------------ properties
    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:PORT``; stays valid while stopped (outage tests) once a port is known."""
        if self._uri is not None:
            return self._uri
        if self.port:
            return f"bolt://127.0.0.1:{self.port}"
        raise RuntimeError("Neo4j test server not started yet (port unknown)")

    @property
    def pid(self) -> Optional[int]:
        return self._proc.pid if self._proc else None

    def is_running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # ------------------------------------------------------------------ lifecycle
    def _command(self, port: int) -> list:
        cp = (HARNESS_DIR / "target" / "classpath.txt").read_text().strip()
        classpath = str(HARNESS_DIR / "target" / "classes") + os.pathsep + cp
        return [
            self.java,
            *([f"-Xms{self.heap_initial}"] if self.heap_initial else []),
            f"-Xmx{self.heap}",
            *JVM_ARGS,
            *self.extra_java_args,
            "-cp",
            classpath,
            "Main",
            str(port),
            str(self.data_dir),
            "--mode",
            self.mode,
            "--pagecache",
            self.pagecache,
        ]

    def start(self, timeout: float = 180) -> "Neo4jTestServer":
        """Start the server and wait until Bolt answers. Returns self."""
        if self.is_running():
            return self
        t0 = time.monotonic()
        if not self.is_built():
            self.build()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        port = self.port if self.port is not None else 0
        cmd = self._command(port)

        self._log = open(self.log_path, "a", encoding="utf-8", errors="replace")
        self._log.write(
            "\n===== %s start port=%s mode=%s\n"
            % (time.strftime("%Y-%m-%d %H:%M:%S"), port, self.mode)
        )
        self._log.flush()
        self._ready.clear()
        self._uri = None
        self._proc = subprocess.Popen(
            cmd,
            cwd=str(self.data_dir),
            stdin=subprocess.PIPE,  # closing it (or our death) stops the server
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            start_new_session=True,  # Ctrl-C in the terminal does not hit java; atexit stops it
        )
        _live.add(self)
        self._reader = threading.Thread(
            target=self._pump, args=(self._proc, self._log), daemon=True,
            name=f"neo4j-test-server-{self._proc.pid}",
        )
        self._reader.start()

        deadline = t0 + timeout
        try:
            while not self._ready.wait(0.2):
                if self._proc.poll() is not None:
                    raise RuntimeError(
                        "Neo4j test server exited with code %s before Bolt was ready; "
                        "log tail (%s):\n%s"
                        % (self._proc.returncode, self.log_path, self._log_tail())
                    )
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        "Neo4j test server did not report BOLT_URI within %ss; log tail:\n%s"
                        % (timeout, self._log_tail())
                    )
            assert self._uri is not None
            self.port = int(self._uri.rsplit(":", 1)[1].split("/")[0])
            self._wait_connectivity(deadline)
        except BaseException:
            self.kill()
            raise
        self.start_seconds = time.monotonic() - t0
        return self

    def _pump(self, proc: subprocess.Popen, log: IO[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                log.write(line)
                log.flush()
            except ValueError:  # log closed
                pass
            m = _BOLT_RE.match(line)
            if m and not self._ready.is_set():
                self._uri = m.group(1)
                self._ready.set()
        try:
            log.write("===== process exited with code %s\n" % proc.wait())
            log.flush()
        except ValueError:
            pass

    def _wait_connectivity(self, deadline: float) -> None:
        try:
            import neo4j  # noqa: WPS433
        except ImportError:  # driver not installed: BOLT_URI is already a strong signal
            return
        last: Optional[BaseException] = None
        while time.monotonic() < deadline:
            if not self.is_running():
                raise RuntimeError("Neo4j test server died:\n" + self._log_tail())
            try:
                with neo4j.GraphDatabase.driver(self.uri, auth=None) as drv:
                    drv.verify_connectivity()
                return
            except Exception as exc:  # ServiceUnavailable while Bolt warms up
                last = exc
                time.sleep(0.3)
        raise TimeoutError(f"Bolt at {self._uri} not reachable: {last!r}")

    def stop(self, timeout: float = 60) -> Optional[int]:
        """Graceful stop: close stdin (the launcher shuts Neo4j down, checkpoints and exits 0);
        SIGTERM if still alive after ``timeout`` s, SIGKILL 15 s later.

        Returns the exit code: 0 = clean, 143 = stopped by SIGTERM (also clean), -9 = killed.
        """
        proc = self._proc
        if proc is None:
            return None
        if proc.poll() is None:
            try:
                if proc.stdin:
                    proc.stdin.close()
            except OSError:
                pass
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                try:
                    proc.send_signal(signal.SIGTERM)
                    proc.wait(15)
                except ProcessLookupError:
                    pass
                except subprocess.TimeoutExpired:
                    self._kill_proc(proc)
        return self._finish(proc)

    def kill(self) -> Optional[int]:
        """Hard kill (SIGKILL), like a crash/outage. The data dir is kept for a later start()."""
        proc = self._proc
        if proc is None:
            return None
        if proc.poll() is None:
            self._kill_proc(proc)
        return self._finish(proc)

    def restart(self, timeout: float = 180, stop_timeout: float = 60) -> "Neo4jTestServer":
        """Stop gracefully and start again on the same port and data directory."""
        self.stop(timeout=stop_timeout)
        return self.start(timeout=timeout)

    @staticmethod
    def _kill_proc(proc: subprocess.Popen) -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # own session: pgid == pid
        except (ProcessLookupError, PermissionError):
            try:
                proc.kill()
            except ProcessLookupError:
                pass
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass

    def _finish(self, proc: subprocess.Popen) -> Optional[int]:
        if self._reader is not None:
            self._reader.join(10)
            self._reader = None
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        if self._log is not None:
            try:
                self._log.close()
            except OSError:
                pass
            self._log = None
        self._proc = None
        _live.discard(self)
        self.last_exit_code = proc.returncode
        return proc.returncode

    def _log_tail(self, n: int = 60) -> str:
        try:
            if self._log:
                self._log.flush()
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
            return "\n".join(lines[-n:])
        except OSError:
            return "(no log)"

    # ------------------------------------------------------------------ conveniences
    def driver(self, **kwargs):
        """A ``neo4j`` driver for this server (auth off). Caller closes it."""
        import neo4j

        return neo4j.GraphDatabase.driver(self.uri, auth=None, **kwargs)

    def __enter__(self) -> "Neo4jTestServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.is_running() else "stopped"
        return f"<Neo4jTestServer {state} port={self.port} data_dir={self.data_dir}>"
