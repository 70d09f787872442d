"""Settings from the environment (and CLI flags, which override them)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = "innograph-data"


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


@dataclass
class Settings:
    """Where the graph lives and how the service behaves.

    ``INNOGRAPH_DATA_DIR`` (default ``./innograph-data``) holds the embedded store and the
    curation file. When ``INNOGRAPH_NEO4J_URI`` is set every command uses Neo4j instead.
    """

    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("INNOGRAPH_DATA_DIR", DEFAULT_DATA_DIR)))
    neo4j_uri: str | None = field(default_factory=lambda: os.environ.get("INNOGRAPH_NEO4J_URI") or None)
    neo4j_user: str = field(default_factory=lambda: os.environ.get("INNOGRAPH_NEO4J_USER", "neo4j"))
    neo4j_password: str | None = field(default_factory=lambda: os.environ.get("INNOGRAPH_NEO4J_PASSWORD") or None)
    neo4j_database: str = field(default_factory=lambda: os.environ.get("INNOGRAPH_NEO4J_DATABASE", "neo4j"))
    api_token: str | None = field(default_factory=lambda: os.environ.get("INNOGRAPH_API_TOKEN") or None)
    query_timeout_s: float = field(default_factory=lambda: float(os.environ.get("INNOGRAPH_QUERY_TIMEOUT", "10")))
    query_row_limit: int = field(default_factory=lambda: int(os.environ.get("INNOGRAPH_QUERY_ROW_LIMIT", "1000")))
    # Reads are public unless this is set (then every /api and /viz call needs the token too).
    protect_reads: bool = field(default_factory=lambda: os.environ.get("INNOGRAPH_PROTECT_READS", "") in ("1", "true", "yes"))
    # Origins allowed to call the API from a browser (comma-separated; empty: same origin only).
    cors_origins: list[str] = field(default_factory=lambda: _split(os.environ.get("INNOGRAPH_CORS_ORIGINS", "")))
    # Who may embed pages in an iframe (CSP frame-ancestors), e.g. "'self' https://intranet.example".
    frame_ancestors: str = field(default_factory=lambda: os.environ.get("INNOGRAPH_FRAME_ANCESTORS", "'self'"))
    max_request_bytes: int = field(default_factory=lambda: int(os.environ.get("INNOGRAPH_MAX_REQUEST_BYTES", str(64 * 1024 * 1024 + 65536))))

    @property
    def curation_file(self) -> Path:
        return self.data_dir / "curation.toml"

    @property
    def store_kind(self) -> str:
        return "neo4j" if self.neo4j_uri else "ladybug"
