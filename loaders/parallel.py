"""Parallel ingest: read and extract in a process pool, write from this process.

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
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from innograph.graph.ids import doc_id
from innograph.graph.model import GraphDocument
from innograph.graph.ontology import primary_label
from innograph.graph.store import Store
from innograph.loaders.curation import Curation
from innograph.loaders.ingest import Failure, IngestReport, _one_line, discover, document_fingerprint, ingest_paths
from innograph.loaders.readers import SUPPORTED_SUFFIXES, UnreadableDocument

__all__ = ["ingest_parallel", "default_workers"]


@dataclass
class _Prepared:
    """What a worker sends back for one file."""

    path: str
    doc_id: str | None = None          # the source's id once it was read
    graph: GraphDocument | None = None  # None when unchanged or failed
    unchanged: bool = False
    failure: str | None = None          # the reason, as ingest_paths words it


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _warm_up() -> None:
    """Worker start: load the extraction dictionaries once per process, not per document."""
    from innograph.loaders.extract.lexicon import lexicon

    lexicon()


def _prepare(path_text: str, stored_fingerprint: str | None, curation: Curation | None) -> _Prepared:
    """Read and extract one file in a worker, mirroring ``ingest.ingest_file`` up to the write."""
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
        out.graph = graph
    except UnreadableDocument as exc:
        out.failure = exc.reason
    except Exception as exc:  # one broken document does not stop the others
        out.failure = f"{type(exc).__name__}: {_one_line(exc)}"
    return out


def _pool_context() -> multiprocessing.context.BaseContext:
    # forkserver: workers fork from a clean, thread-free server (the parent holds database and
    # driver threads, which must not be forked); spawn where forkserver does not exist.
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["innograph.loaders.extract", "innograph.loaders.readers"])
        return ctx
    return multiprocessing.get_context("spawn")


def ingest_parallel(
    store: Store,
    paths: Iterable[str | Path],
    workers: int = 2,
    curation: Curation | None = None,
    on_progress: Callable[[Path], None] | None = None,
    *,
    window: int | None = None,
) -> IngestReport:
    """Read, extract (in ``workers`` processes) and write every file; never raise for one bad file.

    Results are written in input order as they come back, with at most ``window`` files (default
    four per worker) in flight, so memory stays bounded however large the corpus. ``workers <= 1``
    is plain :func:`ingest_paths`.
    """
    if workers <= 1:
        return ingest_paths(store, paths, curation=curation, on_progress=on_progress)
    files = discover(paths)
    report = IngestReport()
    if not files:
        return report
    # Stored fingerprints, read once: a worker skips an unchanged document without extracting it.
    stored = {d.id: d.fingerprint for d in store.documents()}
    window = window or workers * 4
    seen_ids: dict[str, str] = {}
    pending: deque[tuple[Path, Future]] = deque()
    it = iter(files)

    def submit(pool: ProcessPoolExecutor) -> bool:
        path = next(it, None)
        if path is None:
            return False
        try:
            expected = stored.get(doc_id(path))
        except Exception:  # an id the reader will refuse anyway: let the worker say why
            expected = None
        pending.append((path, pool.submit(_prepare, str(path), expected, curation)))
        return True

    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=_warm_up) as pool:
        while len(pending) < window and submit(pool):
            pass
        while pending:
            path, future = pending.popleft()
            try:
                prepared = future.result()
            except BrokenProcessPool:
                raise
            except Exception as exc:  # the task itself failed (e.g. a result that would not pickle)
                prepared = _Prepared(path=str(path), failure=f"{type(exc).__name__}: {_one_line(exc)}")
            submit(pool)
            _record(store, path, prepared, seen_ids, report)
            if on_progress:
                on_progress(path)
    return report


def _record(store: Store, path: Path, prepared: _Prepared, seen_ids: dict[str, str], report: IngestReport) -> None:
    """Write one prepared file and account for it, as ``ingest_paths`` does."""
    if prepared.failure is not None:
        report.failures.append(Failure(str(path), prepared.failure))
        return
    source_id = prepared.doc_id
    if source_id is not None:
        if source_id in seen_ids and seen_ids[source_id] != str(path):
            report.failures.append(Failure(
                str(path), f"same document id {source_id} as {seen_ids[source_id]}; rename one file"))
            return
        seen_ids[source_id] = str(path)
    if prepared.unchanged:
        report.unchanged.append(str(path))
        return
    graph = prepared.graph
    assert graph is not None
    try:
        store.write(graph)
    except Exception as exc:  # one broken document does not stop the others
        report.failures.append(Failure(str(path), f"{type(exc).__name__}: {_one_line(exc)}"))
        return
    report.written.append(str(path))
    for node in graph.nodes:  # counted as ingest_paths counts them
        report.nodes[primary_label(node.labels)] += 1
        if "SigningEvent" in node.labels:
            report.nodes["SigningEvent"] += 1
    for rel in graph.relationships:
        report.relationships[rel.type] += 1
