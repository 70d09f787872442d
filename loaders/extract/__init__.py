"""Extraction pipeline: a source document in, a provenance-tracked graph document out.

``extract_graph(source, curation=None)`` is a pure function of its inputs. Modules, one job each:

* ``lexicon``   - dictionaries (data files in ``loaders/dictionaries/``) and trie regexes;
* ``grammar``   - head nouns, boundary words, generic vocabulary;
* ``places``    - places (divisions, Suzhou zones, foreign cities, zone grammar);
* ``entities``  - organisations (dictionary, suffix grammar, nesting, enumerations, tables);
* ``resolve``   - canonical names (short forms, abbreviations, relative prefixes, width);
* ``sections``  - table-of-contents lines, headings and the place each section is about (its scope);
* ``dates``     - event dates completed by the document's context;
* ``events``    - events, roles, attendees, one event per ceremony;
* ``relations`` - FOUNDED_BY, LOCATED_IN, OPERATED_BY, BRANCH_OF statements read from sentences;
* ``build``     - nodes, structural relations (BRANCH_OF, PART_OF, prefixes, tables), LOCATED_IN by
  strength of evidence (sentence, heading, event, name, section scope), provenance.
"""

from __future__ import annotations

from innograph.graph.model import GraphDocument
from innograph.loaders.document import SourceDocument

__all__ = ["extract_graph", "EXTRACTOR_VERSION"]

EXTRACTOR_VERSION = "rules-1"


def extract_graph(source: SourceDocument, curation=None) -> GraphDocument:
    """Extract organisations, places, events and relations from one document.

    Every relationship carries ``doc``, ``evidence`` (a sentence of ``source.text``), ``extractor``
    and ``confidence``; every node has a ``MENTIONED_IN`` edge to the document. The curation
    (``innograph.loaders.curation.Curation``) is applied last.
    """
    from innograph.loaders.extract.build import extract_graph_impl

    graph = extract_graph_impl(source)
    if curation is not None:
        graph = curation.apply(graph)
    return graph
