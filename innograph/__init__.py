"""innograph — an innovation-ecosystem knowledge graph built from Chinese documents."""

__version__ = "0.1.0"
