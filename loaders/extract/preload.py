"""Imported by the parallel ingest's fork server: the extraction dictionaries, loaded once there.

Every worker is forked from that server and starts with them in memory (shared until written),
instead of loading them itself (loaders/parallel.py).
"""

from innograph.loaders.extract import extract_graph  # noqa: F401  (the code the workers run)
from innograph.loaders.extract.lexicon import lexicon

lexicon()
