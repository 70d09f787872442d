"""Parallel ingest: read, extract and encode in a process pool, write from this process.

Extraction is pure and CPU-bound, so it runs in worker processes; stores are single-writer, so
every write happens here, in input order. The outcome is the one :func:`ingest_paths` gives for the
same files: the same graph, the same report (written / unchanged / failures with the same reasons),
one broken document never stops the others, and unchanged documents (same fingerprint) are
skipped without being extracted.

>>> from innograph.loaders.parallel import ingest_parallel  # doctest: +SKIP
>>> report = ingest_parallel(store, ["data/seeds"], workers=2)  # doctest: +SKIP
"""

from __future__ import annotations

import multiprocessing
import os
import select
import sys
import threading
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from innograph.graph.ids import doc_id
from innograph.graph.model import GraphDocument
from innograph.graph.store import Store, StoreUnavailable
from innograph.loaders.curation import Curation
from innograph.loaders.ingest import (Failure, IngestReport, _one_line, discover, document_fingerprint,
                                     extracted_counts)
from innograph.loaders.readers import SUPPORTED_SUFFIXES, UnreadableDocument

__all__ = ["ingest_parallel", "default_workers"]


@dataclass
class _Prepared:
    """What a worker sends back for one file."""

    path: str
    doc_id: str | None = None          # the source's id once it was read
    graph: GraphDocument | None = None  # None when unchanged or failed (or sent encoded)
    encoded: Any = None                 # the graph as the store's encode() made it, from a worker
    counts: tuple[Counter, Counter] | None = None  # (nodes by label, relationships by type), for the report
    unchanged: bool = False
    failure: str | None = None          # the reason, as ingest_paths words it

    def item(self) -> Any:
        """What the writer writes: the encoded graph from a worker, else the graph."""
        return self.encoded if self.encoded is not None else self.graph


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _warm_up(parent_pid: int) -> None:
    """Worker start: load the extraction dictionaries once per process, not per document, and end
    with the ingest that started the pool."""
    from innograph.loaders.extract.lexicon import lexicon

    lexicon()
    _exit_with(parent_pid)


def _exit_with(pid: int) -> None:
    """End this worker when process ``pid`` ends, even by SIGKILL.

    A pool's workers otherwise wait for tasks forever once their parent is killed (multiprocessing
    hands both ends of the task queue's pipe to every worker, so none reads end-of-file) and keep
    the fork server and resource tracker alive: every killed ingest left four idle processes.
    """
    try:
        handle = os.pidfd_open(pid)  # Linux 5.3+: readable once the process has ended
    except (AttributeError, OSError):
        handle = None

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])
        else:
            while True:
                time.sleep(1.0)
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:  # alive, another user's
                    continue
        os._exit(1)

    threading.Thread(target=watch, name="innograph-parent-watch", daemon=True).start()


def _prepare(path_text: str, stored_fingerprint: str | None, curation: Curation | None,
             encode: Callable[[GraphDocument], Any] | None = None) -> _Prepared:
    """Read and extract one file in a worker, mirroring ``ingest.ingest_file`` up to the write.

    ``encode`` (the store's ``Store.encode``): the graph travels as the rows of the store's write
    statements, plain data the parent unpickles in C. Models cost the parent a Python call each to
    unpickle and the writer then turned them into rows: on 2 cores that parent-side work was the
    pool's largest overhead.
    """
    from innograph.loaders.extract import extract_graph
    from innograph.loaders.readers import read_document

    path = Path(path_text)
    out = _Prepared(path=path_text)
    try:
        if not path.exists():
            raise UnreadableDocument(str(path), "no such file")
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise UnreadableDocument(str(path), f"unsupported format {path.suffix or '(no extension)'}")
        source = read_document(path)
        out.doc_id = source.id
        fingerprint = document_fingerprint(source.sha256, curation)
        if stored_fingerprint == fingerprint:
            out.unchanged = True
            return out
        graph = extract_graph(source, curation=curation)
        for info in graph.documents:
            info.fingerprint = fingerprint
        out.counts = extracted_counts(graph)  # counted where the graph is made: in a worker, off the writer's core
        if encode is not None:
            out.encoded = encode(_shared_strings(graph))
        else:
            out.graph = graph
    except UnreadableDocument as exc:
        out.failure = exc.reason
    except Exception as exc:  # one broken document does not stop the others
        out.failure = f"{type(exc).__name__}: {_one_line(exc)}"
    return out


def _shared_strings(graph: GraphDocument) -> GraphDocument:
    """Make equal strings one object, so the pickle carries each once (the parent unpickles ~1.6x faster).

    Evidence sentences, document ids, extractor names and node ids repeat across a document's facts.
    """
    memo: dict[str, str] = {}
    one = memo.setdefault
    for node in graph.nodes:
        node.id = one(node.id, node.id)
        node.labels = [one(label, label) for label in node.labels]
    for rel in graph.relationships:
        rel.start = one(rel.start, rel.start)
        rel.end = one(rel.end, rel.end)
        rel.properties = {one(k, k): (one(v, v) if isinstance(v, str) else v) for k, v in rel.properties.items()}
    return graph


def _pool_context() -> multiprocessing.context.BaseContext:
    # forkserver: workers fork from a clean, thread-free server (the parent holds database and
    # driver threads, which must not be forked); spawn where forkserver does not exist.
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        # The preload module loads the dictionaries in the server: every worker forks with them.
        ctx.set_forkserver_preload(["innograph.loaders.extract.preload", "innograph.loaders.readers"])
        return ctx
    return multiprocessing.get_context("spawn")


def ingest_parallel(
    store: Store,
    paths: Iterable[str | Path],
    workers: int = 2,
    curation: Curation | None = None,
    on_progress: Callable[[Path, str], None] | None = None,
    *,
    window: int | None = None,
    batch: int = 64,
    max_delay: float = 1.0,
) -> IngestReport:
    """Read, extract (in ``workers`` processes) and write every file; never raise for one bad file.

    Results are taken in input order, with at most ``window`` files (default: two batches, at
    least 16 per worker) in flight, so memory stays bounded however large the corpus. Workers also
    encode each graph for the store (``Store.encode``), so this process only writes:
    ``store.write_encoded`` (one transaction per batch in ladybug) in batches of ``batch``. A batch
    is written early only when the next result is not ready and its first document has waited
    ``max_delay`` seconds, so progress never stalls on slow documents while batches stay full: a
    writer that flushed whenever it caught up with the workers wrote 84 batches of ~10 documents
    for 1,000 files, at twice the writing CPU of 16 full ones. A batch that fails is written again
    document by document so the failure lands on the right file.
    ``workers <= 1`` runs the same pipeline in this process (no pool). ``on_progress(path, status)``
    gets "written", "unchanged" or "failed", as with ``ingest_paths``; a store that becomes
    unavailable stops the run (``StoreUnavailable``), as it does there.
    """
    files = discover(paths)
    report = IngestReport()
    if not files:
        return report
    # Stored fingerprints, read once: a worker skips an unchanged document without extracting it.
    stored = {d.id: d.fingerprint for d in store.documents()}
    writer = _Writer(store.write_many if workers <= 1 else store.write_encoded, report, on_progress, batch)
    seen_ids: dict[str, str] = {}

    def expected(path: Path) -> str | None:
        try:
            return stored.get(doc_id(path))
        except Exception:  # an id the reader will refuse anyway: let the reader say why
            return None

    if workers <= 1:
        for path in files:
            writer.take(path, _prepare(str(path), expected(path), curation), seen_ids)
        writer.flush()
        return report

    # In flight: enough for the workers to keep extracting while the parent writes a whole batch.
    window = window or max(workers * 16, 2 * batch)
    encode = type(store).encode  # a plain function: pickled by name, run in the workers
    pending: deque[tuple[Path, Future]] = deque()
    it = iter(files)

    def submit(pool: ProcessPoolExecutor) -> bool:
        path = next(it, None)
        if path is None:
            return False
        pending.append((path, pool.submit(_prepare, str(path), expected(path), curation, encode)))
        return True

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=_warm_up,
                               initargs=(os.getpid(),))
    try:
        while len(pending) < window and submit(pool):
            pass
        while pending:
            path, future = pending[0]
            while writer.waiting and not future.done():
                remaining = writer.since_first() - max_delay
                if remaining >= 0:
                    writer.flush()  # queued documents have waited long enough: write while the workers extract
                    break
                wait([future], timeout=-remaining)
            pending.popleft()
            try:
                prepared = future.result()
            except BrokenProcessPool:
                raise
            except Exception as exc:  # the task itself failed (e.g. a result that would not pickle)
                prepared = _Prepared(path=str(path), failure=f"{type(exc).__name__}: {_one_line(exc)}")
            submit(pool)
            writer.take(path, prepared, seen_ids)
        writer.flush()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # don't extract what will not be written
        raise
    pool.shutdown(wait=True)
    return report


class _Writer:
    """Accounts for prepared files in input order and writes extracted ones, batched.

    Progress is reported in input order: a file that needs no write waits behind the queued
    documents before it, so ``on_progress`` sees what ``ingest_paths`` would.
    """

    def __init__(self, write: Callable[[list], object], report: IngestReport, on_progress, batch: int) -> None:
        # write: the store's write_many (graphs) or write_encoded (what workers encoded)
        self.write, self.report, self.on_progress, self.batch = write, report, on_progress, max(1, batch)
        # (path, item to write, status, its counts for the report)
        self.pending: list[tuple[Path, Any, str, tuple | None]] = []
        self.queued = 0  # items among pending
        self.first_queued = 0.0  # time.monotonic() when the first of them was queued

    @property
    def waiting(self) -> bool:
        return self.queued > 0

    def since_first(self) -> float:
        """Seconds the oldest queued item has waited for its batch."""
        return time.monotonic() - self.first_queued

    def take(self, path: Path, prepared: _Prepared, seen_ids: dict[str, str]) -> None:
        item, status = _record(path, prepared, seen_ids, self.report)
        if item is None and not self.queued:
            self._progress(path, status)
            return
        self.pending.append((path, item, status, prepared.counts))
        if item is not None:
            if not self.queued:
                self.first_queued = time.monotonic()
            self.queued += 1
            if self.queued >= self.batch:
                self.flush()

    def flush(self) -> None:
        pending, self.pending, self.queued = self.pending, [], 0
        items = [item for _, item, _, _ in pending if item is not None]
        batch_written = False
        if len(items) > 1:
            try:
                self.write(items)
            except StoreUnavailable:
                raise  # the store is gone: every further document would fail the same way
            except Exception:
                pass  # write them one by one below, so a failure is reported on its own file
            else:
                batch_written = True
        for path, item, status, counts in pending:
            if item is None:
                self._progress(path, status)
                continue
            if not batch_written:
                try:
                    self.write([item])
                except StoreUnavailable:
                    raise
                except Exception as exc:  # one broken document does not stop the others
                    self.report.failures.append(Failure(str(path), f"{type(exc).__name__}: {_one_line(exc)}"))
                    self._progress(path, "failed")
                    continue
            self._written(path, counts)

    def _progress(self, path: Path, status: str) -> None:
        if self.on_progress:
            self.on_progress(path, status)

    def _written(self, path: Path, counts: tuple[Counter, Counter]) -> None:
        self.report.written.append(str(path))
        self.report.add_counts(*counts)
        self._progress(path, "written")


def _record(path: Path, prepared: _Prepared, seen_ids: dict[str, str],
            report: IngestReport) -> tuple[Any, str]:
    """Account for one prepared file as ``ingest_paths`` does: (what to write or None, status)."""
    if prepared.failure is not None:
        report.failures.append(Failure(str(path), prepared.failure))
        return None, "failed"
    source_id = prepared.doc_id
    if source_id is not None:
        if source_id in seen_ids and seen_ids[source_id] != str(path):
            report.failures.append(Failure(
                str(path), f"same document id {source_id} as {seen_ids[source_id]}; rename one file"))
            return None, "failed"
        seen_ids[source_id] = str(path)
    if prepared.unchanged:
        report.unchanged.append(str(path))
        return None, "unchanged"
    return prepared.item(), "written"
