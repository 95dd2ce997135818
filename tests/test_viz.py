"""Fast tests of the HTML page (no browser): encoding, escaping, offline-ness, styling, input."""

from __future__ import annotations

import base64
import copy
import doctest
import hashlib
import importlib
import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from govkg.viz import EDGE_STYLES, LABEL_CHARS, LARGE_GRAPH, NODE_STYLES, render_html, write_html

TASK = "组织开展大气污染防治专项执法检查，对重点排污单位实行在线监控，确保按期完成治理任务"
MARKUP = "<script>alert(1)</script>"


def small_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="sample")
    g.add_node(
        "u1", kind="unit", label="市环境保护局", detail="别名：市环保局", jurisdiction="六盘水市"
    )
    g.add_node("u2", kind="unit", label=MARKUP, detail='<img src=x onerror="alert(2)"> & "q"')
    g.add_node("c1", kind="collective", label="各县（市、区）政府", detail="a.txt:7")
    g.add_node("t1", kind="task", label=TASK, detail=f"{TASK}\na.txt:123", aliases=["x"])
    g.add_node("r1", kind="regulation", label="《中华人民共和国大气污染防治法》")
    g.add_node("p1", kind="topic", label="大气污染")
    g.add_node("d1", kind="document", label="a.txt")
    g.add_edge("u1", "t1", role="lead")
    g.add_edge("u1", "t1", role="responsible")
    g.add_edge("c1", "t1", role="cooperating")
    g.add_edge("t1", "r1", role="cites", label="第三条")
    g.add_edge("t1", "p1", role="subject")
    g.add_edge("u2", "u1", role="parent")
    g.add_edge("d1", "t1", role="mentions")
    return g


def page_data(page: str) -> dict:
    """The JSON block the page draws from."""
    match = re.search(r'<script type="application/json" id="govkg-data">(.*?)</script>', page, re.S)
    assert match, "page has no govkg-data block"
    return json.loads(match.group(1))


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(small_graph(), title="六盘水市 任务")


def snapshot(g: nx.MultiDiGraph):
    return copy.deepcopy(
        (dict(g.graph), list(g.nodes(data=True)), list(g.edges(keys=True, data=True)))
    )


@pytest.mark.parametrize(
    "module", ["govkg.viz", "govkg.viz.page", "govkg.viz.style", "govkg.viz.template"]
)
def test_page_docstring_examples_run(module):
    mod = importlib.import_module(module)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{module} has no docstring examples"
    assert result.failed == 0


@pytest.mark.parametrize(
    "module", ["govkg.viz", "govkg.viz.page", "govkg.viz.style", "govkg.viz.template"]
)
def test_page_all_names_exist(module):
    mod = importlib.import_module(module)
    assert mod.__all__, module
    assert [name for name in mod.__all__ if not hasattr(mod, name)] == []


def test_page_package_reexports_the_api():
    viz = importlib.import_module("govkg.viz")
    assert {"render_html", "write_html", "NODE_STYLES", "EDGE_STYLES"} <= set(viz.__all__)


def test_page_written_as_utf8_with_chinese_labels(tmp_path):
    out = write_html(small_graph(), tmp_path / "graph.html", title="任务图")
    assert out == tmp_path / "graph.html"
    raw = out.read_bytes()
    text = raw.decode("utf-8")  # strict: raises on any non-UTF-8 byte
    assert "市环境保护局".encode("utf-8") in raw
    assert "<title>任务图</title>" in text
    assert text.lower().count('<meta charset="utf-8">') == 1
    assert text == render_html(small_graph(), title="任务图")


def test_page_markup_in_labels_stays_text(page):
    assert MARKUP not in page
    assert "<img" not in page
    scripts = Tags(page).scripts
    assert len(scripts) == 3, "only vis-network, the data block and the start-up script"
    nodes = {node["id"]: node for node in page_data(page)["nodes"]}
    # vis-network draws labels on a canvas and sets tooltips with innerText: plain text
    assert nodes["u2"]["label"] == MARKUP[:LABEL_CHARS] + "…"
    assert nodes["u2"]["title"].splitlines() == [
        MARKUP,
        "单位/unit",
        '<img src=x onerror="alert(2)"> & "q"',
    ]


def test_page_title_is_escaped():
    page = render_html(small_graph(), title='<b>税务</b> & "局"')
    assert "<title>&lt;b&gt;税务&lt;/b&gt; &amp; &quot;局&quot;</title>" in page
    assert "<b>税务</b>" not in page


def test_page_loads_nothing_from_the_network(page):
    tags = Tags(page)
    urls = [
        (tag, name, value)
        for tag, attrs in tags.tags
        for name, value in attrs.items()
        if name in {"src", "href", "action", "srcset", "poster", "data"}
    ]
    assert all(value.startswith("data:") for _, _, value in urls), urls
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", page)
    assert all("src" not in attrs for attrs, _ in tags.scripts)
    assert ("link", {"rel": "stylesheet"}) not in [(t, {"rel": a.get("rel")}) for t, a in tags.tags]


def test_page_csp_allows_only_its_own_inline_scripts(page):
    tags = Tags(page)
    (csp,) = [
        attrs["content"]
        for tag, attrs in tags.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert "default-src 'none'" in csp
    executable = [text for attrs, text in tags.scripts if attrs.get("type") != "application/json"]
    assert len(executable) == 2
    hashes = set(re.findall(r"'sha256-([^']+)'", csp))
    digest = {
        base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        for text in executable
    }
    assert hashes == digest
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_page_leaves_input_graph_unchanged():
    g = small_graph()
    before = snapshot(g)
    render_html(g)
    assert snapshot(g) == before
    assert g.nodes["t1"]["aliases"] == ["x"]
    assert set(g.nodes["u1"]) == {"kind", "label", "detail", "jurisdiction"}


def test_page_node_colour_and_shape_follow_kind(page):
    by_kind = {}
    for node in page_data(page)["nodes"]:
        by_kind.setdefault(node["kind"], set()).add((node["color"]["background"], node["shape"]))
    assert set(by_kind) == set(NODE_STYLES)
    assert all(len(styles) == 1 for styles in by_kind.values()), by_kind
    colours = [next(iter(styles))[0] for styles in by_kind.values()]
    assert len(set(colours)) == len(colours)
    shapes = {kind: next(iter(styles))[1] for kind, styles in by_kind.items()}
    assert shapes["unit"] == "box" and shapes["task"] == "dot"
    assert shapes["regulation"] == "diamond" and shapes["topic"] == "ellipse"


@pytest.mark.parametrize(
    ("role", "label"),
    [
        ("lead", "牵头/lead"),
        ("responsible", "负责/responsible"),
        ("cooperating", "配合/cooperating"),
        ("cites", "依据/cites"),
        ("subject", "主题/subject"),
        ("parent", "上级/parent"),
        ("mentions", "提及/mentions"),
    ],
)
def test_page_edge_label_and_colour_follow_role(page, role, label):
    (edge,) = [e for e in page_data(page)["edges"] if e["role"] == role]
    assert edge["label"] == label
    assert edge["color"]["color"] == EDGE_STYLES[role].color
    assert edge["arrows"] == "to"


def test_page_edge_roles_have_distinct_colours():
    assert len({style.color for style in EDGE_STYLES.values()}) == len(EDGE_STYLES)


def test_page_edge_own_label_goes_to_tooltip(page):
    (edge,) = [e for e in page_data(page)["edges"] if e["role"] == "cites"]
    assert edge["title"] == "依据/cites\n第三条"


def test_page_parallel_edges_curve_apart(page):
    pair = [e for e in page_data(page)["edges"] if (e["from"], e["to"]) == ("u1", "t1")]
    assert len(pair) == 2
    assert "smooth" not in pair[0] and pair[1]["smooth"]["type"] == "curvedCW"


def test_page_long_label_shortened_tooltip_keeps_full_text(page):
    nodes = {node["id"]: node for node in page_data(page)["nodes"]}
    assert nodes["t1"]["label"] == TASK[:LABEL_CHARS] + "…"
    assert nodes["t1"]["title"].splitlines() == [TASK, "任务/task", TASK, "a.txt:123"]
    assert nodes["u1"]["label"] == "市环境保护局"
    assert nodes["u1"]["title"] == "市环境保护局\n单位/unit · 六盘水市\n别名：市环保局"


def test_page_legend_lists_kinds_and_roles_with_counts(page):
    legend = page.split('<aside id="legend">')[1].split("</aside>")[0]
    for style in [*NODE_STYLES.values(), *EDGE_STYLES.values()]:
        assert style.caption in legend
    assert "单位/unit <small>2</small>" in legend
    assert "牵头/lead <small>1</small>" in legend
    assert "<h1>六盘水市 任务</h1>" in page


@pytest.mark.parametrize(
    ("graph_edit", "message"),
    [
        (lambda g: g.add_node("x", kind="person", label="张三"), "kind 'person'; expected one of"),
        (lambda g: g.add_node("y", label="无类型"), "kind None; expected one of"),
        (lambda g: g.add_edge("u1", "t1", role="owner"), "role 'owner'; expected one of"),
    ],
)
def test_page_rejects_unknown_kinds_and_roles(graph_edit, message):
    g = small_graph()
    graph_edit(g)
    with pytest.raises(ValueError, match=re.escape(message)):
        render_html(g)


def test_page_rejects_node_ids_that_are_not_str_or_int():
    g = nx.MultiDiGraph()
    g.add_node(("a", 1), kind="unit", label="甲")
    with pytest.raises(TypeError, match="expected str or int ids"):
        render_html(g)


@pytest.mark.parametrize("height", ["900", "90%; background:url(https://x)", "", "1e3px"])
def test_page_rejects_height_that_is_not_a_css_length(height):
    with pytest.raises(ValueError, match="not a CSS length"):
        render_html(small_graph(), height=height)


def test_page_height_sets_canvas_height():
    assert "#mynetwork { flex: 1; height: 80vh;" in render_html(small_graph(), height="80vh")


def test_page_is_deterministic():
    assert render_html(small_graph()) == render_html(small_graph())


def test_page_empty_graph_renders():
    data = page_data(render_html(nx.MultiDiGraph()))
    assert data["nodes"] == [] and data["edges"] == []


def test_page_large_graph_gets_cheap_layout():
    g = nx.MultiDiGraph()
    for i in range(LARGE_GRAPH + 1):
        g.add_node(i, kind="task", label=f"任务{i}")
        if i:
            g.add_edge(i, i // 2, role="subject")
    data = page_data(render_html(g))
    physics = data["options"]["physics"]
    assert data["freeze"] is True
    assert physics["solver"] == "barnesHut"
    assert physics["stabilization"]["iterations"] <= 200
    assert data["options"]["edges"]["smooth"]["enabled"] is False
    assert data["options"]["layout"]["improvedLayout"] is False
    small = page_data(render_html(small_graph()))
    assert small["freeze"] is False and small["options"]["edges"]["smooth"]["enabled"] is True
