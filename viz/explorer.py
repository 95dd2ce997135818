"""networkx in, one offline explorer page out: sigma.js (WebGL) with search, filters, legend
and a details panel, fast on 5,000 nodes.

The page inlines one script, ``explorer.bundle.js`` (sigma.js 3 and graphology, bundled with
the page's own code from ``viz/js/``; see ``viz/js/README.md`` to rebuild it) and one JSON
data block (:mod:`govkg.viz.payload`). Layouts are computed here, never in the browser. As for
:func:`govkg.viz.render_html`, a Content-Security-Policy forbids every request (the script is
allowed by hash), the page is refused if any ``src``/``href`` points off the page, the JSON is
written with ``<``, ``>`` and ``&`` escaped, and the script puts graph text into the page with
``textContent`` only.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("u", kind="unit", label="市环境保护局", aliases=["市环保局"])
>>> g.add_node("t", kind="task", label="规范处置危险废物", deadline="2018-12-31")
>>> _ = g.add_edge("u", "t", role="lead")
>>> page = explorer_html(g, title="六盘水市 <任务>")
>>> "六盘水市 &lt;任务&gt;" in page, "市环保局" in page, 'src="http' in page
(True, True, False)
"""

from __future__ import annotations

import functools
import html
import os
import pathlib
from importlib.resources import files

import networkx as nx

from govkg.viz.page import _check_offline, _script_json, _sha256
from govkg.viz.payload import explorer_data
from govkg.viz.shell import PAGE, kind_css

__all__ = ["explorer_html", "write_explorer", "BUNDLE"]

#: The bundled script, beside this module (package data).
BUNDLE = "explorer.bundle.js"


@functools.cache
def _bundle() -> str:
    script = files("govkg.viz").joinpath(BUNDLE).read_text(encoding="utf-8")
    lowered = script.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise RuntimeError(f"{BUNDLE} contains '</script' or '<!--'; it cannot be inlined")
    return script


def explorer_html(
    graph: nx.MultiDiGraph, *, title: str = "govkg", view: str = "overview", focus: str | None = None
) -> str:
    """The explorer page for ``graph`` (see :mod:`govkg.viz.contract` for the attributes read).

    ``view`` is ``"overview"`` (units and topics; tasks appear when a unit, topic or
    regulation is opened) or ``"full"`` (every node). ``focus`` (a node id, label or alias)
    is selected and opened when the page loads. The graph is not modified.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("p", kind="topic", label="危险废物")
    >>> explorer_html(g, view="full", focus="危险废物").count('<script>')
    1
    >>> explorer_html(g, view="tasks")
    Traceback (most recent call last):
    ...
    ValueError: view 'tasks'; expected one of overview, full
    """
    data = explorer_data(graph, title=title, view=view, focus=focus)
    script = _bundle()
    csp = "; ".join([
        "default-src 'none'",
        f"script-src 'sha256-{_sha256(script)}'",
        "style-src 'unsafe-inline'",
        "img-src data: blob:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    counts = f"{len(graph)} 节点 nodes · {graph.number_of_edges()} 边 edges"
    page = PAGE.substitute(
        csp=html.escape(csp), title=html.escape(title), mode=view, kind_css=kind_css(),
        status=html.escape(counts), data=_script_json(data), script=script,
    )
    _check_offline(page)
    return page


def write_explorer(graph: nx.MultiDiGraph, path: str | os.PathLike, **options) -> pathlib.Path:
    """Write :func:`explorer_html` of ``graph`` (same keyword options) to ``path`` as UTF-8.

    >>> import tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("u", kind="unit", label="市财政局")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_explorer(g, pathlib.Path(tmp) / "explorer.html", title="财政")
    ...     "市财政局" in out.read_text(encoding="utf-8")
    True
    """
    out = pathlib.Path(path)
    out.write_text(explorer_html(graph, **options), encoding="utf-8", newline="\n")
    return out
