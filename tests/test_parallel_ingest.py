"""Parallel ingest (loaders/parallel.py) gives what sequential ingest gives."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from innograph.graph.ladybug_store import LadybugStore
from innograph.loaders.ingest import ingest_paths
from innograph.loaders.parallel import ingest_parallel

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def _corpus(root: Path) -> Path:
    """The seeds plus an empty file, an unsupported file and a PDF that is not one."""
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "notes.xyz").write_text("苏州大学", encoding="utf-8")
    (corpus / "broken.pdf").write_bytes(b"not a pdf at all")
    return corpus


def _files(corpus: Path) -> list[Path]:
    # discover() skips unsupported suffixes in directories: name the odd file explicitly.
    return [corpus, corpus / "notes.xyz", corpus / "missing.txt"]


def _report(report) -> dict:
    return {"written": report.written, "unchanged": report.unchanged,
            "failures": [(f.path, f.reason) for f in report.failures],
            "nodes": dict(report.nodes), "relationships": dict(report.relationships)}


def test_same_graph_and_report_as_sequential(tmp_path):
    corpus = _corpus(tmp_path)
    with LadybugStore(tmp_path / "seq") as seq, LadybugStore(tmp_path / "par") as par:
        seq_progress: list[tuple[Path, str]] = []
        expected = ingest_paths(seq, _files(corpus), on_progress=lambda p, s: seq_progress.append((p, s)))
        progress: list[tuple[Path, str]] = []
        got = ingest_parallel(par, _files(corpus), workers=2, on_progress=lambda p, s: progress.append((p, s)))
        assert _report(got) == _report(expected)
        assert len(expected.written) == 5 and len(expected.failures) == 4
        assert got.exit_code == expected.exit_code
        assert progress == seq_progress
        assert par.export().sorted() == seq.export().sorted()

        # Second run: every readable document is unchanged and skipped, failures stay failures.
        progress.clear()
        again = ingest_parallel(par, _files(corpus), workers=2, on_progress=lambda p, s: progress.append((p, s)))
        assert sorted(s for _, s in progress) == ["failed"] * 4 + ["unchanged"] * 5
        assert again.written == [] and len(again.unchanged) == 5
        assert _report(again)["failures"] == _report(expected)["failures"]
        assert par.export().sorted() == seq.export().sorted()


def test_changed_document_is_rewritten_and_duplicate_ids_fail(tmp_path):
    corpus = tmp_path / "c"
    (corpus / "a").mkdir(parents=True)
    (corpus / "b").mkdir()
    first = sorted(SEEDS.glob("*.txt"))[:2]
    for f in first:
        shutil.copy(f, corpus / "a" / f.name)
    # Same file name in another folder: same document id, as sequential ingest reports it.
    shutil.copy(first[0], corpus / "b" / first[0].name)
    with LadybugStore(tmp_path / "seq") as seq, LadybugStore(tmp_path / "par") as par:
        expected = ingest_paths(seq, [corpus])
        got = ingest_parallel(par, [corpus], workers=2)
        assert _report(got) == _report(expected)
        assert any("same document id" in f.reason for f in got.failures)
        # Edit one document: only it is written again.
        edited = corpus / "a" / first[1].name
        edited.write_text(edited.read_text(encoding="utf-8") + "\n苏州大学与东南大学签署合作协议。\n", encoding="utf-8")
        expected2 = ingest_paths(seq, [corpus / "a"])
        got2 = ingest_parallel(par, [corpus / "a"], workers=2)
        assert got2.written == [str(edited)] and _report(got2) == _report(expected2)
        assert par.export().sorted() == seq.export().sorted()


@pytest.mark.parametrize("workers", [0, 1])
def test_one_worker_runs_in_process(tmp_path, workers):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], corpus)
    with LadybugStore(tmp_path / "s") as store:
        report = ingest_parallel(store, [corpus], workers=workers)
        assert len(report.written) == 1 and not report.failures


@pytest.mark.parametrize("workers", [1, 2])
def test_batched_writes_give_the_same_graph(tmp_path, workers):
    """Batches through LadybugStore.write_many give the graph of one transaction per document."""
    corpus = _corpus(tmp_path)
    with LadybugStore(tmp_path / "seq") as seq, LadybugStore(tmp_path / "batch") as bat:
        expected = ingest_paths(seq, _files(corpus))
        got = ingest_parallel(bat, _files(corpus), workers=workers, batch=3)
        assert _report(got) == _report(expected)
        assert bat.export().sorted() == seq.export().sorted()
        # Re-writing changed documents in a batch replaces their facts, as one-by-one writes do.
        for f in sorted(corpus.glob("*.txt"))[:3]:
            f.write_text(f.read_text(encoding="utf-8")[: 4000], encoding="utf-8")
        ingest_paths(seq, [corpus])
        ingest_parallel(bat, [corpus], workers=workers, batch=3)
        assert bat.export().sorted() == seq.export().sorted()


class _FailingStore(LadybugStore):
    """A store whose every write fails when one document is bad: a whole batch with it fails.

    ladybug's write and write_many go through write_encoded, which parallel ingest's writer calls.
    """

    bad = "doc:002_0c50825f1ffc88e5"

    def write_encoded(self, encoded):
        if any(part.info["id"] == self.bad for graph in encoded for part in graph):
            raise RuntimeError("disk on fire")
        return super().write_encoded(encoded)


def test_failed_batch_is_retried_document_by_document(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)
    with _FailingStore(tmp_path / "s") as store:
        report = ingest_parallel(store, [corpus], workers=2, batch=5)
        assert [f.reason for f in report.failures] == ["RuntimeError: disk on fire"]
        assert report.failures[0].path.endswith("002_0c50825f1ffc88e5.txt")
        assert len(report.written) == 4 and len(store.documents()) == 4


class _GoneStore(LadybugStore):
    """A store that goes away after two documents."""

    def write_encoded(self, encoded):
        from innograph.graph.store import StoreUnavailable

        if len(self.documents()) + len(encoded) > 2:
            raise StoreUnavailable("gone")
        return super().write_encoded(encoded)


def test_store_unavailable_stops_the_run(tmp_path):
    from innograph.graph.store import StoreUnavailable

    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)
    with _GoneStore(tmp_path / "s") as store:
        with pytest.raises(StoreUnavailable):
            ingest_parallel(store, [corpus], workers=2)
        assert len(store.documents()) <= 2  # a batch that met the outage is not half-written


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir()))
def test_rows_carry_the_whole_graph_through_pickle(seed):
    """What a worker sends for a store without an encoding of its own (Store.encode: the graph's
    rows, pickled) rebuilds the very graph it extracted, and the rebuilt models behave as validated
    ones (assignment, dumps, keys)."""
    import pickle

    from innograph.graph.model import GraphDocument
    from innograph.graph.store import Store
    from innograph.loaders.extract import extract_graph
    from innograph.loaders.parallel import _prepare
    from innograph.loaders.readers import read_document

    graph = extract_graph(read_document(SEEDS / seed))
    assert graph.relationships and graph.nodes
    prepared = pickle.loads(pickle.dumps(_prepare(str(SEEDS / seed), None, None, Store.encode)))
    assert prepared.graph is None and prepared.encoded is not None
    rebuilt = GraphDocument.from_rows(prepared.encoded)
    for info in graph.documents:
        info.fingerprint = rebuilt.documents[0].fingerprint
    assert rebuilt == graph and rebuilt.to_json() == graph.to_json()
    assert GraphDocument.model_validate_json(rebuilt.to_json()) == graph
    rel = rebuilt.relationships[0]
    rel.start = "x"  # pydantic's own assignment still works on the rebuilt models
    assert rel.key()[1] == "x"
    assert rel.model_dump(exclude_unset=True).keys() == {"type", "start", "end", "properties"}


def test_ladybug_encoding_through_pickle_writes_the_graph_write_does(tmp_path):
    """Parallel ingest's workers send LadybugStore.encode's rows: pickled, written with
    write_encoded (twice: a failed batch is written again), they give the store write() gives."""
    import pickle

    from innograph.loaders.parallel import _prepare

    encoded, graphs = [], []
    for path in sorted(SEEDS.iterdir()):
        prepared = pickle.loads(pickle.dumps(_prepare(str(path), None, None, LadybugStore.encode)))
        assert prepared.failure is None and prepared.graph is None
        encoded.append(prepared.encoded)
        graphs.append(_prepare(str(path), None, None).graph)
    assert [part.info["id"] for doc in encoded for part in doc] == [d.id for g in graphs for d in g.documents]
    with LadybugStore(tmp_path / "one") as one, LadybugStore(tmp_path / "enc") as enc:
        for graph in graphs:
            one.write(graph)
        summaries = enc.write_encoded(encoded)
        assert [s.document for s in summaries] == [d.id for g in graphs for d in g.documents]
        assert all(s.relationships > 0 for s in summaries)
        expected = one.export().sorted()
        assert enc.export().sorted() == expected
        enc.write_encoded(encoded[::-1])  # rewriting from the same rows (not consumed by the first write)
        assert enc.export().sorted() == expected


class _BatchRecordingStore(LadybugStore):
    """Records which documents each write carried, in order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.batches: list[list[str]] = []

    def write_encoded(self, encoded):
        self.batches.append([Path(part.info["path"]).name for graph in encoded for part in graph])
        return super().write_encoded(encoded)


def test_batches_stay_full_when_the_writer_catches_up(tmp_path):
    """The writer waits for workers rather than writing part-batches (each costs a transaction)."""
    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)
    with _BatchRecordingStore(tmp_path / "s") as store:
        ingest_parallel(store, [corpus], workers=2, batch=2, max_delay=60)
        assert [len(b) for b in store.batches] == [2, 2, 1]
        assert [n for b in store.batches for n in b] == sorted(p.name for p in SEEDS.iterdir())


def test_a_slow_document_does_not_hold_back_written_ones(tmp_path):
    """Documents queued behind a slow extraction are written once they have waited max_delay."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    seeds = sorted(SEEDS.iterdir())
    shutil.copy(seeds[0], corpus / "a.txt")
    # ~25x a seed: seconds to extract, so the first document's wait runs out long before.
    (corpus / "b.txt").write_text(seeds[2].read_text(encoding="utf-8") * 25, encoding="utf-8")
    progress: list[tuple[str, float]] = []
    with _BatchRecordingStore(tmp_path / "s") as store:
        report = ingest_parallel(store, [corpus], workers=2, batch=64, max_delay=0.2,
                                 on_progress=lambda p, s: progress.append((p.name, time.monotonic())))
        assert len(report.written) == 2
        assert store.batches == [["a.txt"], ["b.txt"]]
    # a.txt was reported written while b.txt was still being extracted, not at the end
    assert [name for name, _ in progress] == ["a.txt", "b.txt"]
    assert progress[1][1] - progress[0][1] > 0.2
