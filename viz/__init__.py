"""networkx in, HTML out: the explorer page (sigma.js, for any size) and the small pyvis page.

Every pyvis import of the project lives in this package. :func:`explorer_html` is the page
analysts use: an overview of units and topics, search, filters, a details panel, fast on
5,000 nodes. :func:`render_html` is the older vis-network page, kept for small views and
notebooks.

>>> import networkx as nx
>>> from govkg.viz import explorer_html, render_html
>>> g = nx.MultiDiGraph()
>>> g.add_node("u", kind="unit", label="市发展改革委")
>>> "市发展改革委" in render_html(g), "市发展改革委" in explorer_html(g)
(True, True)
"""

from govkg.viz.adapter import from_store_network
from govkg.viz.capture import screenshot
from govkg.viz.contract import KINDS, ROLES
from govkg.viz.explorer import explorer_html, write_explorer
from govkg.viz.page import LABEL_CHARS, LARGE_GRAPH, render_html, write_html
from govkg.viz.style import EDGE_STYLES, NODE_STYLES, EdgeStyle, NodeStyle
from govkg.viz.synthetic import synthetic_graph

__all__ = [
    "explorer_html",
    "write_explorer",
    "screenshot",
    "from_store_network",
    "synthetic_graph",
    "KINDS",
    "ROLES",
    "render_html",
    "write_html",
    "LABEL_CHARS",
    "LARGE_GRAPH",
    "NODE_STYLES",
    "EDGE_STYLES",
    "NodeStyle",
    "EdgeStyle",
]
