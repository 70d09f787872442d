"""Insights over the graph: where to act, and why.

- :mod:`.collaboration` — the collaboration network: organisations linked by shared events,
  co-founding, founding and explicit collaboration, every link typed and carrying its evidence;
- :mod:`.brokers` — organisations that bridge districts or communities (betweenness centrality);
- :mod:`.communities` — communities of collaborating organisations (Louvain, networkx);
- :mod:`.recommend` — partner recommendations with Chinese evidence paths (Adamic–Adar);
- :mod:`.compare` — two to five districts side by side;
- :mod:`.briefing` — a one-page briefing per district or organisation (HTML and PDF).

Everything works on the networkx projection of a store (:class:`~innograph.graph.projection.ProjectionCache`),
so both stores give the same answers; ties are broken by id and random algorithms take fixed seeds.
"""

from innograph.graph.insights.collaboration import CollaborationNetwork, Evidence, collaboration_network

__all__ = ["CollaborationNetwork", "Evidence", "collaboration_network"]
