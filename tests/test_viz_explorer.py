"""Fast tests of the explorer page (no browser): contract, overview, search keys, layout,
escaping, offline-ness and the bundle."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import time
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from scipy.spatial import cKDTree

import govkg.viz
from govkg.viz import KINDS, ROLES, explorer_html, from_store_network, synthetic_graph, write_explorer
from govkg.viz.contract import read_graph
from govkg.viz.layout import spread_layout
from govkg.viz.overview import PARTNERS, build_overview
from govkg.viz.payload import PLACE_PREFIX, explorer_data
from govkg.viz.search import query_table, search_key

ROOT = Path(__file__).resolve().parents[1]
IMG = "<img src=x onerror=alert(1)>"
TASK = "组织开展大气污染防治专项执法检查，对重点排污单位实行在线监控"


def contract_graph() -> nx.MultiDiGraph:
    """Two bureaus of one city sharing two tasks, a third unit, a unit named like markup."""
    g = nx.MultiDiGraph()
    g.add_node("u1", kind="unit", label="六盘水市环境保护局", aliases=["市环保局"], jurisdiction="六盘水市")
    g.add_node("u2", kind="unit", label="六盘水市财政局", jurisdiction="六盘水市")
    g.add_node("u3", kind="unit", label="阳江市環境保護局", jurisdiction="阳江市")
    g.add_node("u4", kind="unit", label=IMG, jurisdiction="阳江市", detail='<b>"x"</b> & y')
    g.add_node("c1", kind="collective", label="各县（市、区）人民政府", jurisdiction="六盘水市")
    for i, text in enumerate([TASK, "规范危险废物贮存场所", "编制资金预算", "开展宣传教育"]):
        g.add_node(f"t{i}", kind="task", label=text, text=text, document="a.txt", line=10 + i,
                   quote=f"（{i + 1}）{text}。", deadline=f"201{6 + i}-12-31")
    g.add_node("r1", kind="regulation", label="《危险废物贮存污染控制标准》", detail="GB18597-2001")
    g.add_node("p1", kind="topic", label="危险废物")
    g.add_node("p0", kind="topic", label="固体废物")
    for u, t, role in [("u1", "t0", "lead"), ("u2", "t0", "cooperating"), ("u1", "t1", "lead"),
                       ("u2", "t1", "responsible"), ("u2", "t2", "lead"), ("u3", "t3", "lead"),
                       ("u4", "t3", "cooperating"), ("c1", "t1", "cooperating")]:
        g.add_edge(u, t, role=role)
    g.add_edge("t1", "r1", role="cites")
    g.add_edge("t1", "p1", role="subject")
    g.add_edge("t0", "p0", role="subject")
    g.add_edge("p1", "p0", role="broader")
    g.add_edge("t2", "t0", role="parent")
    return g


class Tags(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._open = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
            self._open = True

    def handle_data(self, data):
        if self._open:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = False


def data_block(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="govkg-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def page() -> str:
    return explorer_html(contract_graph(), title="六盘水市 <任务> & 图")


@pytest.fixture(scope="module")
def data(page) -> dict:
    return data_block(page)


def node(data: dict, node_id: str) -> dict:
    i = data["nodes"]["id"].index(node_id)
    return {column: values[i] for column, values in data["nodes"].items()}


# --- the package -----------------------------------------------------------------------------


def test_explorer_package_exports_the_new_api():
    assert {"explorer_html", "write_explorer", "screenshot", "synthetic_graph",
            "from_store_network", "render_html"} <= set(govkg.viz.__all__)
    assert [name for name in govkg.viz.__all__ if not hasattr(govkg.viz, name)] == []


def test_explorer_bundle_is_package_data_and_node_modules_stay_out():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "explorer.bundle.js" in config["tool"]["setuptools"]["package-data"]["govkg.viz"]
    assert "node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    for name in ("package.json", "package-lock.json", "build.sh", "README.md", "src/main.js"):
        assert (ROOT / "viz" / "js" / name).is_file(), name
    lock = json.loads((ROOT / "viz/js/package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/sigma"]["version"].startswith("3.")
    assert "graphology" in lock["packages"][""]["dependencies"]


def test_explorer_bundle_holds_the_page_code_and_can_be_inlined():
    bundle = (ROOT / "viz" / "explorer.bundle.js").read_text(encoding="utf-8")
    lowered = bundle.lower()
    assert "</script" not in lowered and "<!--" not in lowered
    assert "__govkgReady" in bundle and "govkg-data" in bundle and "search-results" in bundle
    assert not re.search(r"https?://", bundle), "the bundle must not name any URL"
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in bundle, f"the bundle uses {sink}; graph text must stay text"


def test_explorer_script_sources_set_text_only():
    for path in sorted((ROOT / "viz" / "js" / "src").glob("*.js")):
        code = re.sub(r"//[^\n]*", "", path.read_text(encoding="utf-8"))
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\.href\s*=(?!\s*url;)", code), path.name


# --- the contract ----------------------------------------------------------------------------


def test_explorer_contract_turns_assignments_towards_the_task():
    g = nx.MultiDiGraph()
    g.add_node("t", kind="task", label="任务")
    g.add_node("u", kind="unit", label="单位")
    g.add_node("r", kind="regulation", label="法规")
    g.add_edge("t", "u", role="responsible")
    g.add_edge("r", "t", role="cites")
    assert read_graph(g).edges == ((1, 0, "responsible"), (0, 2, "cites"))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda g: g.add_node("x", kind="person", label="张三"), "node 'x' has kind 'person'; expected one of unit"),
        (lambda g: g.add_node("y", label="无类型"), "node 'y' has kind None"),
        (lambda g: g.add_edge("u1", "t1", role="owner"), "edge 'u1' -> 't1' has role 'owner'; expected one of lead"),
    ],
)
def test_explorer_rejects_unknown_kinds_and_roles(edit, message):
    g = contract_graph()
    edit(g)
    with pytest.raises(ValueError, match=re.escape(message)):
        explorer_html(g)


def test_explorer_tolerates_missing_optional_attributes():
    g = nx.MultiDiGraph()
    g.add_node(1, kind="task")
    g.add_node(2, kind="unit", label=None, aliases="别名", line="x", deadline=None)
    g.add_edge(2, 1, role="lead")
    data = explorer_data(g)
    assert data["nodes"]["label"] == ["1", "2"]
    assert data["nodes"]["aliases"] == [[], ["别名"]]
    assert data["nodes"]["line"] == [0, 0]


def test_explorer_leaves_the_graph_unchanged():
    g = contract_graph()
    before = copy.deepcopy((list(g.nodes(data=True)), list(g.edges(keys=True, data=True))))
    explorer_html(g, view="full", focus="u1")
    assert (list(g.nodes(data=True)), list(g.edges(keys=True, data=True))) == before


# --- the overview ----------------------------------------------------------------------------


def test_explorer_overview_links_units_by_shared_tasks_with_role_counts():
    catalog = read_graph(contract_graph())
    o = build_overview(catalog)
    index = {n: i for i, n in enumerate(catalog.ids)}
    links = {(catalog.ids[l.a], catalog.ids[l.b]): l for l in o.links if l.kind == "partners"}
    pair = links.get(("u1", "u2")) or links[("u2", "u1")]
    assert pair.weight == 2 and pair.roles == {"lc": 1, "lr": 1}
    assert ("u1", "u3") not in links and ("u3", "u1") not in links
    assert o.tasks[index["u1"]] == 2 and o.tasks[index["u2"]] == 3
    assert {catalog.ids[i] for i in o.base} == {"u1", "u2", "u3", "u4", "c1", "p0", "p1"}
    topic = {(catalog.ids[l.a], catalog.ids[l.b]) for l in o.links if l.kind == "topic"}
    assert ("u1", "p1") in topic


def test_explorer_overview_puts_tasks_beside_their_main_unit():
    g = synthetic_graph(800, 1500, seed=3)
    catalog = read_graph(g)
    o = build_overview(catalog)
    index = {n: i for i, n in enumerate(catalog.ids)}
    nearer = total = 0
    for source, target, role in g.edges(data="role"):
        if role != "lead":
            continue
        task, lead = index[target], index[source]
        others = [i for i in o.base if catalog.kinds[i] == "unit" and i != lead]
        mine = np.linalg.norm(o.xy[task] - o.xy[lead])
        nearer += mine < np.median(np.linalg.norm(o.xy[others] - o.xy[task], axis=1))
        total += 1
    assert total > 100 and nearer / total > 0.95


def test_explorer_overview_keeps_each_units_strongest_partners():
    g = nx.MultiDiGraph()
    for u in range(10):
        g.add_node(f"u{u}", kind="unit", label=f"单位{u}")
    for t in range(9):  # u0 shares t+1 tasks with each u(t+1): weights 1..9
        for k in range(t + 1):
            g.add_node(f"t{t}.{k}", kind="task", label="任务")
            g.add_edge("u0", f"t{t}.{k}", role="lead")
            g.add_edge(f"u{t + 1}", f"t{t}.{k}", role="cooperating")
    catalog = read_graph(g)
    links = [l for l in build_overview(catalog).links if l.kind == "partners"]
    # every partner of u0 keeps its only link, so all 9 survive; u0's own top PARTNERS are the heaviest
    assert len(links) == 9
    assert sorted(l.weight for l in links)[-PARTNERS:] == [6, 7, 8, 9]


def test_explorer_page_ships_overview_and_full_positions(data):
    u1, t0 = node(data, "u1"), node(data, "t0")
    assert u1["base"] == 1 and t0["base"] == 0
    assert all(isinstance(v, float) for v in (u1["x"], u1["y"], u1["ox"], u1["oy"]))
    assert node(data, "u2")["size"] > node(data, "u1")["size"] > node(data, "u4")["size"]
    assert u1["color"] == node(data, "u2")["color"] != node(data, "u3")["color"]
    assert data["overview"]["kind"].count("partners") >= 2


def test_explorer_adds_document_and_jurisdiction_nodes_named_by_attributes(data):
    assert data["documents"] == ["a.txt"]
    doc = node(data, f"{PLACE_PREFIX}document/a.txt")
    assert data["kinds"][doc["kind"]]["kind"] == "document" and doc["doc"] == 0
    assert node(data, "t0")["doc"] == 0 and node(data, "t0")["line"] == 10
    names = [j["name"] for j in data["jurisdictions"]]
    assert names == ["六盘水市", "阳江市"]
    assert node(data, f"{PLACE_PREFIX}jurisdiction/阳江市")["jur"] == 1


# --- search ----------------------------------------------------------------------------------


def test_explorer_search_keys_fold_traditional_labels(data):
    key = node(data, "u3")["key"]
    assert "阳江市环境保护局" in key.split("\n")
    assert data["fold"]["環"] == "环" and data["fold"]["護"] == "护"
    assert node(data, "u1")["key"].split("\n") == ["六盘水市环境保护局", "市环保局"]
    assert "gb18597-2001" in node(data, "r1")["key"]


def test_explorer_search_table_only_holds_characters_that_can_match():
    small = query_table([search_key(["财政局"])])
    assert small == {"財": "财", "侷": "局"}
    table = query_table([search_key(["市环境保护局 GB"])])
    assert table["環"] == "环" and table["Ｇ"] == "g" and table["G"] == "g"


def test_explorer_focus_by_id_label_or_alias():
    g = contract_graph()
    ids = explorer_data(g)["nodes"]["id"]
    assert ids[explorer_data(g, focus="u2")["focus"]] == "u2"
    assert ids[explorer_data(g, focus="市环保局")["focus"]] == "u1"
    assert ids[explorer_data(g, focus="阳江市環境保護局")["focus"]] == "u3"
    with pytest.raises(ValueError, match="did you mean 六盘水市财政局"):
        explorer_data(g, focus="六盘水市财政")


# --- the page --------------------------------------------------------------------------------


def test_explorer_page_is_self_contained(page):
    tags = Tags(page)
    urls = [(t, n, v) for t, a in tags.tags for n, v in a.items()
            if n in {"src", "href", "action", "srcset", "poster", "data", "formaction"}]
    assert all(v.startswith("data:") for _, _, v in urls), urls
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert [a for a, _ in tags.scripts] == [{"type": "application/json", "id": "govkg-data"}, {}]
    assert ("link", {"rel": "stylesheet"}) not in [(t, {"rel": a.get("rel")}) for t, a in tags.tags]


def test_explorer_page_csp_allows_only_its_script(page):
    tags = Tags(page)
    (csp,) = [a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert "connect-src" not in directives and "'unsafe-inline'" not in directives["script-src"]
    script = tags.scripts[1][1]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert directives["script-src"] == f"'sha256-{digest}'"


def test_explorer_page_escapes_labels_in_the_json(page, data):
    assert IMG not in page and "<b>" not in page
    block = page.split('id="govkg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in block
    assert node(data, "u4")["label"] == IMG and node(data, "u4")["detail"] == '<b>"x"</b> & y'
    assert "<title>六盘水市 &lt;任务&gt; &amp; 图</title>" in page
    assert "<h1>六盘水市 &lt;任务&gt; &amp; 图</h1>" in page


def test_explorer_page_ships_task_evidence(data):
    t1 = node(data, "t1")
    assert t1["deadline"] == "2017-12-31" and t1["quote"] == "（2）规范危险废物贮存场所。"
    assert t1["text"] == ""  # the same as the label, shipped once
    roles = [data["roles"][r]["role"] for r in data["edges"]["role"]]
    assert sorted(set(roles)) == sorted(["lead", "cooperating", "responsible", "cites", "subject", "broader", "parent"])
    assert [r["role"] for r in data["roles"]] == list(ROLES) and [k["kind"] for k in data["kinds"]] == list(KINDS)


def test_explorer_page_uses_a_cjk_font_stack(page):
    for font in ('"Noto Sans CJK SC"', '"Source Han Sans SC"', '"PingFang SC"', '"Microsoft YaHei"'):
        assert font in page.split("</style>", 1)[0]
    assert "Noto Sans CJK SC" in page.split('id="govkg-data">', 1)[1]  # sigma's canvas labels


def test_explorer_page_has_every_control_the_script_wires(page):
    ids = {a.get("id") for _, a in Tags(page).tags}
    for wanted in ("search", "search-results", "details", "graph", "legend-kinds", "legend-roles",
                   "filter-topic", "filter-document", "filter-jurisdiction", "deadline-from",
                   "deadline-to", "filter-reset", "view-overview", "view-full", "export-png", "status"):
        assert wanted in ids, wanted


def test_explorer_page_is_deterministic_and_written_as_utf8(tmp_path):
    out = write_explorer(contract_graph(), tmp_path / "x.html", title="任务图", view="full")
    text = out.read_bytes().decode("utf-8")
    assert text == explorer_html(contract_graph(), title="任务图", view="full")
    assert data_block(text)["view"] == "full"


def test_explorer_rejects_a_node_id_clash_with_its_own_places():
    g = contract_graph()
    g.add_node(f"{PLACE_PREFIX}document/a.txt", kind="task", label="冲突")
    with pytest.raises(ValueError, match="clash"):
        explorer_html(g)


# --- size and speed --------------------------------------------------------------------------


def test_explorer_synthetic_graph_is_exact_realistic_and_in_contract():
    g = synthetic_graph(5000, 10000, seed=0)
    assert (len(g), g.number_of_edges()) == (5000, 10000)
    assert {k for _, k in g.nodes(data="kind")} == set(KINDS)
    assert {r for *_, r in g.edges(data="role")} == set(ROLES)
    labels = [label for _, label in g.nodes(data="label")]
    assert any(label.endswith("生态环境局") for label in labels)
    assert sum("环境保护局" in label for label in labels) >= 10
    read_graph(g)  # passes the contract


def test_explorer_layout_is_fast_and_short_edged_on_5000_nodes():
    g = synthetic_graph()
    catalog = read_graph(g)
    edges = np.array([(s, t) for s, t, _ in catalog.edges])
    started = time.perf_counter()
    xy = spread_layout(len(catalog), edges)
    assert time.perf_counter() - started < 8
    assert np.isfinite(xy).all()
    along = np.median(np.linalg.norm(xy[edges[:, 0]] - xy[edges[:, 1]], axis=1))
    pairs = np.random.default_rng(0).integers(0, len(xy), size=(5000, 2))
    assert along < 0.35 * np.median(np.linalg.norm(xy[pairs[:, 0]] - xy[pairs[:, 1]], axis=1))
    nearest, _ = cKDTree(xy).query(xy, k=2)
    assert np.median(nearest[:, 1]) > 0.2, "nodes must not pile up"


def test_explorer_page_of_5000_nodes_is_written_in_a_few_seconds():
    g = synthetic_graph()
    started = time.perf_counter()
    page = explorer_html(g)
    assert time.perf_counter() - started < 10
    assert len(data_block(page)["nodes"]["id"]) >= 5000


# --- the store adapter -----------------------------------------------------------------------


def test_explorer_adapter_reads_store_network_details(tmp_path):
    g = nx.MultiDiGraph()
    unit = "https://w3id.org/govkg/id/unit/%E9%98%B3%E6%B1%9F%E5%B8%82/x"
    (tmp_path / "a.txt").write_text("第一行\n（二）规范危险废物贮存场所\n", encoding="utf-8")
    g.add_node(unit, kind="collective", label="各县（市、区）政府", detail="各县（市、区）政府\n各县（市、区）政府、县政府")
    g.add_node("t", kind="task", label="规范危险废物贮存场所", detail="规范危险废物贮存场所\na.txt:2\n完成时限: 2019年9月底前")
    g.add_node("r", kind="regulation", label="标准", detail="标准\nGB18597-2001")
    g.add_edge("t", unit, role="lead")
    out = from_store_network(g, corpus=tmp_path)
    assert out.nodes[unit]["aliases"] == ["县政府"] and out.nodes[unit]["jurisdiction"] == "阳江市"
    assert out.nodes["t"]["quote"] == "（二）规范危险废物贮存场所"
    assert out.nodes["t"]["deadline"] == "2019-09-30" and out.nodes["t"]["line"] == 2
    assert out.nodes["r"]["detail"] == "GB18597-2001"
    assert read_graph(out).edges == ((0, 1, "lead"),)
