"""Administrative containment over the projection: what lies within a place, who sits there."""

from __future__ import annotations

import networkx as nx


def places_within(g: nx.MultiDiGraph, place_id: str) -> set[str]:
    """The place and every place PART_OF it, transitively.

    >>> from innograph.graph.model import Node, Relationship
    >>> from innograph.graph.projection import build_projection
    >>> from innograph.graph.store import Subgraph
    >>> sub = Subgraph(nodes=[Node(id=i, labels=["District"]) for i in ("city", "dist", "town")],
    ...     relationships=[Relationship(type="PART_OF", start="dist", end="city"),
    ...                    Relationship(type="PART_OF", start="town", end="dist")])
    >>> sorted(places_within(build_projection(sub), "city"))
    ['city', 'dist', 'town']
    """
    if place_id not in g:
        return set()
    found = {place_id}
    frontier = [place_id]
    while frontier:
        current = frontier.pop()
        for a, _, data in g.in_edges(current, data=True):
            if data["rel"].type == "PART_OF" and a not in found:
                found.add(a)
                frontier.append(a)
    return found


def organisations_in(g: nx.MultiDiGraph, area: set[str]) -> set[str]:
    """Organisations LOCATED_IN any place of ``area``."""
    orgs = set()
    for place in area:
        for a, _, data in g.in_edges(place, data=True):
            if data["rel"].type == "LOCATED_IN":
                orgs.add(a)
    return orgs
