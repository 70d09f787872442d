"""The mention: one surface form of an entity at an exact place in the text."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mention:
    start: int                 # absolute offsets in SourceDocument.text
    end: int
    surface: str               # text[start:end] (or the cleaned form of it)
    label: str                 # District or an organisation kind
    sentence: int              # index of the sentence
    rule: str                  # extractor rule that found it
    confidence: float = 0.8
    canonical: str = ""        # filled by resolve
    level: str | None = None   # places
    parent: str | None = None  # places: administrative parent (canonical)
    inner: list["Mention"] = field(default_factory=list)   # nested organisations / places at the start
    standalone: bool = True    # False for mentions only seen nested in a longer name
    aliases: list[str] = field(default_factory=list)   # further names of the entity read here
    name_form: str = ""        # the name to resolve when it differs from the surface (OCR repairs)

    @property
    def is_place(self) -> bool:
        return self.label == "District"
