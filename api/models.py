"""Response models of the HTTP API (pydantic v2)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from innograph.graph.model import DocumentInfo, Node, Relationship
from innograph.graph.query_library import QueryParam


class ErrorBody(BaseModel):
    status: int
    message: str
    field: str | None = None
    suggestions: list["EntitySummary"] = Field(default_factory=list)


class ErrorResponse(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: str
    store: str
    documents: int
    version: int


class WarmUpStatus(BaseModel):
    """Whether the caches the first requests would otherwise build are built (``GET /health/warm-up``)."""

    enabled: bool  # INNOGRAPH_WARM_UP (default on; "0" turns it off)
    state: str  # off, pending, running, done, failed, skipped (no store at start-up), stopped (shutdown)
    warm: bool  # the projection and the name index are both built (by the warm-up or by requests)
    projection: bool
    name_index: bool
    seconds: float | None = None  # how long the warm-up took, once done
    error: str | None = None  # why it failed, when it did


class EntitySummary(BaseModel):
    id: str
    name: str
    type: str
    labels: list[str]
    aliases: list[str] = Field(default_factory=list)


class Fact(BaseModel):
    """One relationship seen from an entity, with the sentence that states it."""

    type: str
    direction: str  # "out" or "in"
    other: EntitySummary
    role: str | None = None
    via: str | None = None
    evidence: str | None = None
    doc: str | None = None
    extractor: str | None = None
    confidence: float | None = None


class SourceDocument(BaseModel):
    id: str
    title: str | None = None
    path: str | None = None
    date: str | None = None
    evidence: str | None = None


class EntityDetail(BaseModel):
    entity: EntitySummary
    properties: dict[str, Any]
    facts: list[Fact]
    documents: list[SourceDocument]


class SearchResults(BaseModel):
    query: str
    results: list[EntitySummary]


class Hop(BaseModel):
    type: str
    direction: str  # "forward" when walked along the stored direction, else "backward"
    source: EntitySummary
    target: EntitySummary
    evidence: str | None = None
    doc: str | None = None
    extractor: str | None = None
    confidence: float | None = None


class PathResult(BaseModel):
    length: int
    explanation: str
    nodes: list[EntitySummary]
    hops: list[Hop]


class PathsResponse(BaseModel):
    source: EntitySummary
    target: EntitySummary
    paths: list[PathResult]
    reason: str | None = None


# Ladybug's parser is quadratic on garbage (20,000 characters take 8 s to refuse); the longest
# query of the analysts' library is under 2,000.
MAX_QUERY_CHARS = 8000


class CypherRequest(BaseModel):
    query: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS)
    params: dict[str, Any] = Field(default_factory=dict)


class CypherResponse(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


class DocumentList(BaseModel):
    documents: list[DocumentInfo]


class GraphView(BaseModel):
    nodes: list[Node]
    relationships: list[Relationship]
    total: int
    counts: dict[str, int]


class EventPartyOut(BaseModel):
    entity: EntitySummary
    role: str | None = None


class EventOut(BaseModel):
    id: str
    kind: str | None
    date: str | None
    title: str | None
    parties: list[EventPartyOut]
    held_in: list[EntitySummary]
    establishes: list[EntitySummary]
    evidence: str | None = None
    doc: str | None = None


class EventPage(BaseModel):
    total: int
    offset: int
    limit: int
    events: list[EventOut]


class RankedOut(BaseModel):
    entity: EntitySummary
    score: int
    via: list[str] = Field(default_factory=list)


class DistrictProfileOut(BaseModel):
    district: EntitySummary
    sub_districts: list[EntitySummary]
    counts_by_type: dict[str, int]
    organisations_by_type: dict[str, list[EntitySummary]]
    signing_timeline: dict[str, int]
    top_outside_partners: list[RankedOut]
    most_connected: list[RankedOut]


class NeighbourhoodOut(BaseModel):
    centre: EntitySummary
    depth: int
    total: int
    shown: int
    counts: dict[str, int]
    nodes: list[EntitySummary]
    relationships: list[Relationship]
    relationships_total: int = Field(description="relationships among the nodes shown; `rel_limit` caps those listed")


class IngestOutcome(BaseModel):
    document: str | None
    status: str  # written, unchanged
    nodes: int = 0
    relationships: int = 0


class Deleted(BaseModel):
    document: str
    deleted: bool


class NamedQueryOut(BaseModel):
    name: str
    question_zh: str
    question_en: str
    params: list[QueryParam]
    cypher: str


class NamedQueryList(BaseModel):
    store: str
    queries: list[NamedQueryOut]


class NamedQueryRequest(BaseModel):
    params: dict[str, Any] = Field(default_factory=dict)
