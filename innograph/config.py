"""Settings from the environment (and CLI flags, which override them)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = "innograph-data"


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

    @property
    def curation_file(self) -> Path:
        return self.data_dir / "curation.toml"

    @property
    def store_kind(self) -> str:
        return "neo4j" if self.neo4j_uri else "ladybug"
