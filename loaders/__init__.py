"""Loaders: read documents of any supported format, extract the graph, ingest it into a store."""
