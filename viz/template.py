"""The page skeleton around the graph, and the vis-network assets inlined into it.

``PAGE`` is a :class:`string.Template`; :func:`govkg.viz.render_html` fills it. ``INIT_JS``
reads the graph from the ``govkg-data`` JSON block and keeps pyvis's global names
(``network``, ``nodes``, ``edges``); ``govkg.drawn`` and ``govkg.stabilized`` turn true once
the canvas is drawn and the layout has settled.

>>> css, js = vis_assets()
>>> "vis-network" in css, len(js) > 100_000
(True, True)
>>> sorted(PAGE.get_identifiers())
['counts', 'csp', 'data', 'height', 'init_js', 'legend', 'title', 'vis_css', 'vis_js']
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files
from string import Template

__all__ = ["PAGE", "INIT_JS", "vis_assets"]

#: Where pyvis 0.3.2 keeps the vis-network build its own template inlines.
_VIS_DIR = ("templates", "lib", "vis-9.1.2")


@functools.cache
def vis_assets() -> tuple[str, str]:
    """vis-network's CSS and JS from pyvis's package data, checked to be inlinable."""
    folder = files("pyvis").joinpath(*_VIS_DIR)
    css = folder.joinpath("vis-network.css").read_text(encoding="utf-8")
    js = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    if re.search(r"url\((?!\s*[\"']?data:)", css) or "@import" in css:
        raise RuntimeError("pyvis's vis-network.css refers to a file or URL; it cannot be inlined")
    if "</style" in css.lower() or "</script" in js.lower():
        raise RuntimeError("pyvis's vis-network assets contain a closing tag; cannot inline them")
    return css, js


INIT_JS = """
var network, nodes, edges;
var govkg = {drawn: false, stabilized: false};
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("govkg-data").textContent);
  var status = document.getElementById("status");
  var counts = status.textContent;
  nodes = new vis.DataSet(data.nodes);
  edges = new vis.DataSet(data.edges);
  network = new vis.Network(document.getElementById("mynetwork"),
                            {nodes: nodes, edges: edges}, data.options);
  network.on("stabilizationProgress", function (p) {
    status.textContent = "布局 layout " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    if (data.freeze) { network.setOptions({physics: {enabled: false}}); }
    status.textContent = counts;
    govkg.stabilized = true;
  });
  network.once("afterDrawing", function () { govkg.drawn = true; });
})();
"""

PAGE = Template(
    """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="$csp">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<link rel="icon" href="data:,">
<style>$vis_css</style>
<style>
body, .vis-tooltip { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
  "PingFang SC", sans-serif; }
body { margin: 0; }
header { display: flex; align-items: baseline; gap: 1em; padding: 0.4em 1em; }
header h1 { font-size: 1.3em; margin: 0; }
#status { color: #555; margin: 0; }
main { display: flex; }
#mynetwork { flex: 1; height: $height; border: 1px solid #ccc; }
#legend { width: 13em; padding: 0 1em; font-size: 0.9em; }
#legend h2 { font-size: 1em; }
#legend ul { list-style: none; padding: 0; }
#legend li { margin: 0.3em 0; }
.swatch { display: inline-block; width: 1em; height: 0.8em; margin-right: 0.5em;
  border: 2px solid; vertical-align: middle; }
.swatch.dot { border-radius: 50%; width: 0.8em; }
.swatch.ellipse { border-radius: 50%; width: 1.2em; }
.swatch.diamond { transform: rotate(45deg) scale(0.8); width: 0.8em; }
.swatch.box { border-radius: 3px; }
.line { display: inline-block; width: 2em; margin-right: 0.5em; vertical-align: middle; }
.vis-tooltip { white-space: pre-wrap !important; max-width: 36em; }
</style>
<script>$vis_js</script>
</head>
<body>
<header><h1>$title</h1><p id="status">$counts</p></header>
<main>
<div id="mynetwork"></div>
<aside id="legend">
$legend
</aside>
</main>
<script type="application/json" id="govkg-data">$data</script>
<script>$init_js</script>
</body>
</html>
"""
)
