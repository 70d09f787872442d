"""A source document after reading: its text, its sentences and what we know of its context."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """One sentence, exactly as it stands in ``SourceDocument.text[start:end]``."""

    index: int
    text: str
    start: int
    end: int


@dataclass
class SourceDocument:
    """What a reader produces and an extractor consumes.

    ``date`` is the document's own date (``YYYY`` or ``YYYY-MM`` or ``YYYY-MM-DD``) when the reader
    could tell it; extractors use it to date 1月16日-style mentions.
    """

    id: str
    path: str
    text: str
    title: str = ""
    date: str | None = None
    format: str = "txt"
    sha256: str = ""
    sentences: list[Sentence] = field(default_factory=list)
