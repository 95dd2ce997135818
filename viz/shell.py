"""The explorer page around its data and its script: HTML skeleton and CSS.

``PAGE`` is a :class:`string.Template` that :func:`govkg.viz.explorer_html` fills; every
control the script wires has its element here, so the script never builds markup from data.
``kind_css`` draws the legend's chips in the colours and shapes of
:data:`govkg.viz.scheme.KIND_STYLES`.

>>> sorted(PAGE.get_identifiers())
['csp', 'data', 'kind_css', 'mode', 'script', 'status', 'title']
>>> ".chip.task { background: #7cb342; border-radius: 50%; }" in kind_css()
True
"""

from __future__ import annotations

import re
from string import Template

from govkg.viz.scheme import KIND_STYLES

__all__ = ["PAGE", "FONT_STACK", "kind_css"]

#: CJK fonts found on users' machines (Linux, macOS, Windows), then the browser's default.
FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
              '"WenQuanYi Micro Hei", sans-serif')
_HEX = re.compile(r"#[0-9a-f]{6}")


def kind_css() -> str:
    """One rule per node kind for the coloured chips beside names."""
    rules = []
    for kind, style in KIND_STYLES.items():
        if not _HEX.fullmatch(style.color):
            raise ValueError(f"colour {style.color!r} of kind {kind!r} is not #rrggbb")
        radius = "50%" if style.shape == "circle" else "2px"
        rules.append(f".chip.{kind} {{ background: {style.color}; border-radius: {radius}; }}")
    return "\n".join(rules)


PAGE = Template("""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="$csp">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<link rel="icon" href="data:,">
<style>
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { font: 14px/1.45 """ + FONT_STACK + """; color: #1b1f24; background: #fff;
  display: grid; grid-template-rows: auto minmax(0, 1fr); }
button, input, select { font: inherit; }
header { display: flex; align-items: center; gap: 1em; padding: 0.45em 1em; border-bottom: 1px solid #d0d7de; }
header h1 { font-size: 1.15em; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 22em; }
#status { color: #57606a; margin: 0; font-size: 0.9em; white-space: nowrap; }
.search { position: relative; flex: 1; max-width: 34em; }
#search { width: 100%; padding: 0.35em 0.6em; border: 1px solid #8c959f; border-radius: 6px; }
#search-results { position: absolute; z-index: 10; left: 0; right: 0; top: 100%; margin: 2px 0 0; padding: 0;
  list-style: none; background: #fff; border: 1px solid #d0d7de; border-radius: 6px;
  box-shadow: 0 6px 18px rgba(0,0,0,.15); max-height: 60vh; overflow: auto; }
#search-results:empty { display: none; }
#search-results button { display: block; width: 100%; text-align: left; border: 0; background: none;
  padding: 0.3em 0.6em; cursor: pointer; }
#search-results button:hover, #search-results button:focus { background: #eef4ff; }
#search-results li.more, #search-results li.none { padding: 0.3em 0.6em; color: #57606a; }
.actions { display: flex; gap: 0.4em; margin-left: auto; }
.actions button, #controls .pair button, #filter-reset { border: 1px solid #8c959f; background: #f6f8fa;
  border-radius: 6px; padding: 0.2em 0.7em; cursor: pointer; }
main { display: grid; grid-template-columns: 16em minmax(0, 1fr) 25em; min-height: 0; }
#controls { overflow: auto; padding: 0.4em 0.8em; border-right: 1px solid #d0d7de; font-size: 0.92em; }
#controls h2 { font-size: 1em; margin: 0.8em 0 0.3em; }
#controls h3 { font-size: 0.9em; margin: 0.6em 0 0.2em; color: #57606a; }
#controls ul { list-style: none; margin: 0; padding: 0; }
#controls li { margin: 0.15em 0; }
#controls .pair { display: flex; gap: 0.3em; }
#controls .pair button[aria-pressed="true"] { background: #1f5fbf; color: #fff; border-color: #1f5fbf; }
button.kind { border: 0; background: none; padding: 0.1em 0; cursor: pointer; text-align: left; }
button.kind[aria-pressed="false"] { opacity: 0.4; text-decoration: line-through; }
#controls label { display: block; cursor: pointer; }
#controls select, #controls input[type=date] { width: 100%; margin: 0.1em 0 0.3em; }
small { color: #57606a; }
.chip { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.4em; vertical-align: -0.05em; }
$kind_css
.line { display: inline-block; width: 1.8em; margin: 0 0.4em 0.25em 0.2em; border-top: 2px solid; vertical-align: middle; }
.line.arrow { position: relative; }
.line.arrow::after { content: "▸"; position: absolute; right: -0.35em; top: -0.85em; font-size: 0.8em; color: inherit; }
body[data-mode="full"] .only-overview { opacity: 0.45; }
#graph { position: relative; min-width: 0; min-height: 0; background: #fbfcfd; }
#details { overflow: auto; padding: 0.6em 1em 2em; border-left: 1px solid #d0d7de; }
#details h2 { font-size: 1.1em; margin: 0.2em 0 0.6em; word-break: break-all; }
#details h3 { font-size: 0.95em; margin: 1em 0 0.3em; border-bottom: 1px solid #eaeef2; }
#details h4 { font-size: 0.9em; margin: 0.5em 0 0.2em; font-weight: 600; }
#details .role.lead h4 { color: #d32f2f; } #details .role.responsible h4 { color: #1565c0; }
#details .role.cooperating h4 { color: #00897b; }
#details .kind { margin: 0; color: #57606a; font-size: 0.9em; }
#details dl { display: grid; grid-template-columns: auto 1fr; gap: 0.15em 0.8em; margin: 0.3em 0; }
#details dt { color: #57606a; } #details dd { margin: 0; }
#details ul.items { list-style: none; margin: 0; padding: 0; }
#details ul.follow > li { margin-bottom: 0.4em; } #details ul.follow ul.items { margin-left: 1.2em; }
#details button.item, #details button.more { border: 0; background: none; padding: 0.05em 0; cursor: pointer;
  text-align: left; color: #0b57d0; }
#details button.item:hover { text-decoration: underline; }
#details button.more { color: #57606a; }
#details blockquote { margin: 0.3em 0; padding: 0.4em 0.7em; background: #f6f8fa; border-left: 3px solid #8c959f;
  white-space: pre-wrap; }
#details figure { margin: 0; } #details figcaption { color: #57606a; font-size: 0.85em; }
#details .detail { white-space: pre-wrap; }
#details .hint { color: #57606a; }
</style>
</head>
<body data-mode="$mode">
<header>
<h1>$title</h1>
<div class="search">
<input id="search" type="search" autocomplete="off" spellcheck="false" aria-controls="search-results"
 placeholder="搜索单位、主题、法规、任务、文件 search units, topics, regulations, tasks, files">
<ul id="search-results" role="listbox" aria-label="搜索结果 search results"></ul>
</div>
<p id="status">$status</p>
<div class="actions">
<button type="button" id="collapse" title="收起展开的节点 close opened nodes">收起 Collapse</button>
<button type="button" id="export-png" title="把当前视图存为 PNG save the current view">导出 PNG</button>
</div>
</header>
<main>
<nav id="controls" aria-label="视图与筛选 view and filters">
<h2>视图 View</h2>
<div class="pair">
<button type="button" id="view-overview" aria-pressed="false">概览 Overview</button>
<button type="button" id="view-full" aria-pressed="false">全图 Full</button>
</div>
<h2>图例 Legend</h2>
<ul id="legend-kinds"></ul>
<h3>单位颜色 = 地区 unit colour = jurisdiction</h3>
<ul id="legend-jurisdictions"></ul>
<h2>关系 Relations</h2>
<ul id="legend-roles"></ul>
<h2>筛选 Filters</h2>
<label for="filter-topic">主题 Topic</label><select id="filter-topic"></select>
<label for="filter-document">文件 Document</label><select id="filter-document"></select>
<label for="filter-jurisdiction">地区 Jurisdiction</label><select id="filter-jurisdiction"></select>
<label for="deadline-from">完成时限 Deadline from</label><input type="date" id="deadline-from">
<label for="deadline-to">至 to</label><input type="date" id="deadline-to">
<button type="button" id="filter-reset">清除筛选 Clear filters</button>
</nav>
<div id="graph" role="img" aria-label="知识图谱 knowledge graph"></div>
<aside id="details" aria-live="polite"></aside>
</main>
<script type="application/json" id="govkg-data">$data</script>
<script>$script</script>
</body>
</html>
""")
