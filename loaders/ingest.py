"""Ingest: files in, graph documents written to a store, one report out.

One broken document never stops the others: each file gets its own outcome, and a half-finished
run is completed by running it again (a document is marked complete only after all its facts are
written, and unchanged complete documents are skipped).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from innograph.graph.model import GraphDocument
from innograph.graph.ontology import primary_label
from innograph.graph.store import Store, StoreUnavailable
from innograph.loaders.curation import Curation
from innograph.loaders import extract as extract_package
from innograph.loaders.extract import extract_graph
from innograph.loaders.readers import SUPPORTED_SUFFIXES, UnreadableDocument, read_document

# Exit codes of `innograph ingest`, documented in the README.
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_PARTIAL = 3


def extracted_counts(graph: GraphDocument) -> tuple[Counter, Counter]:
    """What a written document adds to the report: nodes by primary label (SigningEvents counted
    under that name too) and relationships by type."""
    nodes: Counter = Counter(primary_label(node.labels) for node in graph.nodes)
    signings = sum(1 for node in graph.nodes if "SigningEvent" in node.labels)
    if signings:
        nodes["SigningEvent"] += signings
    return nodes, Counter(rel.type for rel in graph.relationships)


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class IngestReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    nodes: Counter = field(default_factory=Counter)
    relationships: Counter = field(default_factory=Counter)

    def add_counts(self, nodes: Counter, relationships: Counter) -> None:
        self.nodes.update(nodes)
        self.relationships.update(relationships)

    @property
    def exit_code(self) -> int:
        if not self.failures:
            return EXIT_OK
        return EXIT_PARTIAL if (self.written or self.unchanged) else EXIT_FAILED

    def summary(self) -> str:
        lines = [
            f"documents: {len(self.written)} written, {len(self.unchanged)} unchanged, {len(self.failures)} failed",
        ]
        if self.nodes:
            lines.append("nodes extracted: " + ", ".join(f"{k} {v}" for k, v in sorted(self.nodes.items())))
        if self.relationships:
            lines.append("relationships extracted: " + ", ".join(f"{k} {v}" for k, v in sorted(self.relationships.items())))
        for failure in self.failures:
            lines.append(f"FAILED {failure.path}: {failure.reason}")
        return "\n".join(lines)


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The supported files among ``paths``, directories walked recursively, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            found.append(path)
    return found


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    curation: Curation | None = None,
    on_progress: Callable[[Path, str], None] | None = None,
) -> IngestReport:
    """Read, extract and write every file; never raise for one bad file."""
    report = IngestReport()
    seen_ids: dict[str, str] = {}
    for path in discover(paths):
        status = "written"
        try:
            outcome = ingest_file(store, path, curation=curation, seen_ids=seen_ids)
        except UnreadableDocument as exc:
            report.failures.append(Failure(str(path), exc.reason))
            status = "failed"
        except StoreUnavailable:
            raise  # the store is gone: every further document would fail the same way
        except Exception as exc:  # one broken document does not stop the others
            report.failures.append(Failure(str(path), f"{type(exc).__name__}: {_one_line(exc)}"))
            status = "failed"
        else:
            if outcome is None:
                report.unchanged.append(str(path))
                status = "unchanged"
            else:
                report.written.append(str(path))
                report.add_counts(*extracted_counts(outcome))
        if on_progress:
            on_progress(path, status)
    return report


def ingest_file(store: Store, path: Path, *, curation: Curation | None = None,
                seen_ids: dict[str, str] | None = None):
    """Ingest one file; returns its graph document, or None when it was already stored unchanged."""
    if not path.exists():
        raise UnreadableDocument(str(path), "no such file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnreadableDocument(str(path), f"unsupported format {path.suffix or '(no extension)'}")
    source = read_document(path)
    if seen_ids is not None:
        if source.id in seen_ids and seen_ids[source.id] != str(path):
            raise UnreadableDocument(str(path), f"same document id {source.id} as {seen_ids[source.id]}; rename one file")
        seen_ids[source.id] = str(path)
    fingerprint = document_fingerprint(source.sha256, curation)
    if store.document_fingerprint(source.id) == fingerprint:
        return None
    graph = extract_graph(source, curation=curation)
    for info in graph.documents:
        info.fingerprint = fingerprint
    store.write(graph)
    return graph


def document_fingerprint(content_sha256: str, curation: Curation | None) -> str:
    """What decides whether a stored document is current: its bytes, the extractor, the curation."""
    parts = [content_sha256, extractor_version(), repr(curation) if curation else "no-curation"]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of the extraction code and dictionaries: upgrading them re-extracts stored documents."""
    digest = hashlib.sha256()
    root = Path(extract_package.__file__).parent
    for path in sorted([*root.rglob("*.py"), *(root.parent / "dictionaries").rglob("*")]):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else ""
