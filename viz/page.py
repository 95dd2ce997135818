"""networkx in, one self-contained offline HTML page out.

The page inlines vis-network 9.1.2 (CSS and JS, from pyvis's package data) and loads nothing
else: a Content-Security-Policy in the page forbids every fetch (scripts are allowed by hash
only), and :func:`render_html` refuses to return a page in which any ``src``/``href`` points
anywhere but a ``data:`` URL. pyvis builds the node and edge records; the page around them is
our own, because pyvis 0.3.2's template always links Bootstrap from a CDN and, once any tooltip
contains "href", switches to a popup that sets ``innerHTML``.

Text from the graph never becomes markup. vis-network 9.1.2 draws labels on a canvas and sets
tooltips with ``innerText``, so labels and tooltips are passed as plain text (HTML-escaping
them would show ``&lt;`` on screen); the data travel in a JSON block with ``<``, ``>`` and
``&`` written as ``\\u003c`` …, and the title and legend are HTML-escaped.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("u", kind="unit", label="市环境保护局", detail="a.txt:3")
>>> g.add_node("t", kind="task", label="开展大气污染防治专项检查工作，确保空气质量达标", detail="a.txt:9")
>>> _ = g.add_edge("u", "t", role="lead")
>>> page = render_html(g, title="六盘水市 <任务>")
>>> "市环境保护局" in page, "六盘水市 &lt;任务&gt;" in page, 'src="http' in page
(True, True, False)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import pathlib
import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

import networkx as nx

from govkg.viz.style import EDGE_STYLES, NODE_STYLES
from govkg.viz.template import INIT_JS, PAGE, vis_assets

__all__ = ["render_html", "write_html", "LABEL_CHARS", "LARGE_GRAPH"]

#: Node labels longer than this many characters are cut and end in "…"; tooltips keep all.
LABEL_CHARS = 20
#: Above this many nodes the layout is cheaper: straight edges, fewer stabilisation
#: iterations, no "improved" initial layout, and physics switched off once stable.
LARGE_GRAPH = 300

_CSS_SIZE = re.compile(r"\d+(\.\d+)?(px|%|vh|vw|em|rem)")


def render_html(graph: nx.MultiDiGraph, *, title: str = "govkg", height: str = "900px") -> str:
    """Return a standalone HTML page drawing ``graph``; the graph is not modified.

    Nodes need ``kind`` (one of :data:`govkg.viz.NODE_STYLES`) and ``label``, and may carry
    ``detail`` (tooltip text) and ``jurisdiction``; edges need ``role`` (one of
    :data:`govkg.viz.EDGE_STYLES`) and may carry ``label``. ``height`` is a CSS length.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("r", kind="regulation", label="《大气污染防治法》", detail="b.txt:12")
    >>> page = render_html(g, height="600px")
    >>> page.startswith("<!DOCTYPE html>"), "《大气污染防治法》" in page
    (True, True)
    >>> g.add_node("x", kind="person", label="张三")
    >>> render_html(g)
    Traceback (most recent call last):
    ...
    ValueError: node 'x' has kind 'person'; expected one of collective, document, regulation, task, topic, unit
    """
    if not _CSS_SIZE.fullmatch(height):
        raise ValueError(f"height {height!r} is not a CSS length; expected e.g. '900px', '80vh'")
    nodes, edges = _network(graph)
    large = len(graph) > LARGE_GRAPH
    data = {"nodes": nodes, "edges": edges, "options": _options(large), "freeze": large}
    css, js = vis_assets()
    scripts = (js, INIT_JS)
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(f"'sha256-{_sha256(s)}'" for s in scripts),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    page = PAGE.substitute(
        csp=html.escape(csp),
        title=html.escape(title),
        height=height,
        vis_css=css,
        vis_js=js,
        init_js=INIT_JS,
        data=_script_json(data),
        legend=_legend(graph),
        counts=html.escape(f"{len(graph)} 节点 nodes · {graph.number_of_edges()} 边 edges"),
    )
    _check_offline(page)
    return page


def write_html(
    graph: nx.MultiDiGraph,
    path: str | os.PathLike,
    *,
    title: str = "govkg",
    height: str = "900px",
) -> pathlib.Path:
    """Write :func:`render_html` of ``graph`` to ``path`` as UTF-8 and return the path.

    >>> import networkx as nx, tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("t", kind="topic", label="大气污染防治")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_html(g, pathlib.Path(tmp) / "graph.html", title="主题")
    ...     "大气污染防治" in out.read_text(encoding="utf-8")
    True
    """
    out = pathlib.Path(path)
    out.write_text(render_html(graph, title=title, height=height), encoding="utf-8", newline="\n")
    return out


def _network(graph: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """vis-network node and edge records, added one by one to a pyvis Network.

    Never ``Network.from_nx``: it rewrites the attributes of the graph it is given.
    """
    from pyvis.network import Network  # here: importing pyvis imports IPython (~0.5 s)

    net = Network(directed=True, cdn_resources="in_line")
    for node, attrs in graph.nodes(data=True):
        net.add_node(node, **_node_options(node, attrs))
    seen: Counter[frozenset] = Counter()
    for number, (source, target, attrs) in enumerate(graph.edges(data=True)):
        options = _edge_options(source, target, attrs, number)
        pair = frozenset((source, target))
        if seen[pair]:  # parallel or opposite edges curve apart instead of overlapping
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * seen[pair]}
        seen[pair] += 1
        net.add_edge(source, target, **options)
    return net.nodes, net.edges


def _node_options(node: Any, attrs: dict[str, Any]) -> dict[str, Any]:
    if isinstance(node, bool) or not isinstance(node, (str, int)):
        raise TypeError(f"node {node!r} is a {type(node).__name__}; expected str or int ids")
    kind = attrs.get("kind")
    style = NODE_STYLES.get(kind)  # type: ignore[arg-type]
    if style is None:
        raise ValueError(
            f"node {node!r} has kind {kind!r}; expected one of {', '.join(sorted(NODE_STYLES))}"
        )
    text = str(attrs.get("label") or node)
    head = style.caption
    if attrs.get("jurisdiction"):
        head += f" · {attrs['jurisdiction']}"
    return {
        "label": _shorten(text),
        "title": "\n".join(part for part in (text, head, str(attrs.get("detail") or "")) if part),
        "shape": style.shape,
        "color": {
            "background": style.color,
            "border": style.border,
            "highlight": {"background": style.color, "border": "#000000"},
            "hover": {"background": style.color, "border": "#000000"},
        },
        "kind": kind,
    }


def _edge_options(source: Any, target: Any, attrs: dict[str, Any], number: int) -> dict[str, Any]:
    role = attrs.get("role")
    style = EDGE_STYLES.get(role)  # type: ignore[arg-type]
    if style is None:
        raise ValueError(
            f"edge {source!r} -> {target!r} has role {role!r}; "
            f"expected one of {', '.join(sorted(EDGE_STYLES))}"
        )
    return {
        "id": f"e{number}",
        "label": style.caption,
        "title": style.caption + (f"\n{attrs['label']}" if attrs.get("label") else ""),
        "role": role,
        "color": {
            "color": style.color,
            "highlight": style.color,
            "hover": style.color,
            "inherit": False,
        },
        "font": {"color": style.color},
        "width": style.width,
        "dashes": style.dashes,
    }


def _options(large: bool) -> dict[str, Any]:
    """vis-network options; ``large`` graphs (see :data:`LARGE_GRAPH`) get cheap settings."""
    return {
        "nodes": {"borderWidth": 1.5, "size": 12, "font": {"size": 14}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"size": 10, "align": "middle", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "smooth": {"enabled": not large, "type": "continuous"},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large},
        "layout": {"randomSeed": 7, "improvedLayout": not large},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000 if large else -3000,
                "centralGravity": 0.3,
                "springLength": 110,
                "springConstant": 0.04,
                "damping": 0.35,
                "avoidOverlap": 0.1,
            },
            "minVelocity": 1.0,
            "stabilization": {
                "enabled": True,
                "iterations": 100 if large else 500,
                "updateInterval": 25,
                "fit": True,
            },
        },
    }


def _legend(graph: nx.MultiDiGraph) -> str:
    """The legend as HTML: every kind and role with its count in ``graph``."""
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    roles = Counter(role for _, _, role in graph.edges(data="role"))
    rows = ['<h2>图例 Legend</h2>', "<ul>"]
    for kind, node in NODE_STYLES.items():
        swatch = f"background:{node.color};border-color:{node.border}"
        rows.append(
            f'<li><span class="swatch {node.shape}" style="{swatch}"></span>'
            f"{html.escape(node.caption)} <small>{kinds[kind]}</small></li>"
        )
    rows.append("</ul><ul>")
    for role, edge in EDGE_STYLES.items():
        line = f"border-top:{edge.width + 1}px {'dashed' if edge.dashes else 'solid'} {edge.color}"
        rows.append(
            f'<li><span class="line" style="{line}"></span>'
            f"{html.escape(edge.caption)} <small>{roles[role]}</small></li>"
        )
    rows.append("</ul>")
    return "\n".join(rows)


def _shorten(text: str) -> str:
    """One line of at most :data:`LABEL_CHARS` characters plus "…"."""
    line = " ".join(text.split())
    return line if len(line) <= LABEL_CHARS else line[:LABEL_CHARS] + "…"


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no "<", ">" or "&" left to end it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


class _Links(HTMLParser):
    """Collects every URL-valued attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"src", "href", "action", "srcset", "poster", "data", "formaction"}:
                self.urls.append((tag, name, value or ""))


def _check_offline(page: str) -> None:
    """Raise if any tag of ``page`` would load something that is not a data: URL."""
    parser = _Links()
    parser.feed(page)
    parser.close()
    bad = [
        f"<{tag} {name}={value!r}>"
        for tag, name, value in parser.urls
        if not value.startswith("data:")
    ]
    if bad:
        raise RuntimeError(f"page would load {', '.join(bad)}; every resource must be inline")
