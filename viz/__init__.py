"""networkx in, HTML out: an offline vis-network page of the knowledge graph.

Every pyvis import of the project lives in this package.

>>> import networkx as nx
>>> from govkg.viz import render_html
>>> g = nx.MultiDiGraph()
>>> g.add_node("u", kind="unit", label="市发展改革委")
>>> "市发展改革委" in render_html(g)
True
"""

from govkg.viz.page import LABEL_CHARS, LARGE_GRAPH, render_html, write_html
from govkg.viz.style import EDGE_STYLES, NODE_STYLES, EdgeStyle, NodeStyle

__all__ = [
    "render_html",
    "write_html",
    "LABEL_CHARS",
    "LARGE_GRAPH",
    "NODE_STYLES",
    "EDGE_STYLES",
    "NodeStyle",
    "EdgeStyle",
]
