"""The explorer page in a real headless Chromium with the network cut off.

As in ``test_viz_browser.py``: pages are served by a local ``http.server``; Chromium's only
proxy is a dead port, and its own request log shows that a page asked for nothing but itself.
Times are the page's own (``performance.now()``): ``window.__govkgReady`` is set once the
first frame is drawn and every control works.

Skipped only when chromium or chromedriver is missing; ``GOVKG_REQUIRE_BROWSER=1`` (set by
``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import struct
import time
from pathlib import Path

import networkx as nx
import pytest

from govkg.viz import from_store_network, screenshot, synthetic_graph, write_explorer

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
_spec = importlib.util.spec_from_file_location("browser_helpers", Path(__file__).resolve().parent / "browser.py")
browser_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser_helpers)
browser_helpers.require_browser()

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

#: Time to interactive, in ms since navigation, for the whole corpus and for 5,000 nodes.
READY_BUDGET_MS = 3000
#: A search over 5,000 nodes, results listed, in ms.
SEARCH_BUDGET_MS = 100
IMG = "<img src=x onerror=alert(1)>"
PWN = '<img src=x onerror="window.__govkgPwned=1">'
#: Console messages of software WebGL that say nothing about the page.
GL_NOISE = ("GL Driver Message", "GPU stall due to ReadPixels")


def contract_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("u1", kind="unit", label="六盘水市环境保护局", aliases=["市环保局"], jurisdiction="六盘水市")
    g.add_node("u2", kind="unit", label="六盘水市财政局", jurisdiction="六盘水市")
    g.add_node("u3", kind="unit", label="阳江市環境保護局", jurisdiction="阳江市")
    g.add_node("u4", kind="unit", label=IMG, jurisdiction="阳江市")
    g.add_node("u5", kind="unit", label=PWN, detail=PWN)
    g.add_node("c1", kind="collective", label="各县（市、区）人民政府", jurisdiction="六盘水市")
    texts = ["组织开展大气污染防治专项执法检查", "规范危险废物贮存场所", "编制环保资金预算", "开展环保宣传教育"]
    for i, text in enumerate(texts):
        g.add_node(f"t{i}", kind="task", label=text, document="a.txt", line=10 + i,
                   quote=f"（{i + 1}）{text}。", deadline=f"201{6 + i}-12-31")
    g.add_node("r1", kind="regulation", label="《危险废物贮存污染控制标准》", detail="GB18597-2001")
    g.add_node("p1", kind="topic", label="危险废物")
    g.add_node("p0", kind="topic", label="固体废物")
    for u, t, role in [("u1", "t0", "lead"), ("u2", "t0", "cooperating"), ("u1", "t1", "lead"),
                       ("u2", "t1", "responsible"), ("u2", "t2", "lead"), ("u3", "t3", "lead"),
                       ("u4", "t3", "cooperating"), ("u5", "t3", "cooperating"), ("c1", "t1", "cooperating")]:
        g.add_edge(u, t, role=role)
    g.add_edge("t1", "r1", role="cites")
    g.add_edge("t1", "p1", role="subject")
    g.add_edge("t0", "p0", role="subject")
    g.add_edge("p1", "p0", role="broader")
    return g


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("explorer-site")
    with browser_helpers.serving(root) as (base, requested):
        yield root, base, requested


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = browser_helpers.headless_chromium(tmp_path_factory.mktemp("explorer-profile"))
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def corpus_graph(tmp_path_factory):
    from govkg.graph.cli import main
    from govkg.graph.network import store_network

    store = tmp_path_factory.mktemp("explorer-corpus") / "kg"
    assert main(["build", str(CORPUS), "--store", str(store)]) == 0
    return from_store_network(store_network(store), corpus=CORPUS)


def open_explorer(browser, site, graph, name: str, **options) -> str:
    root, base, _ = site
    write_explorer(graph, root / name, **options)
    url = f"{base}/{name}"
    browser.get_log("performance")
    browser.get_log("browser")
    browser.get(url)
    deadline = time.monotonic() + 60
    while not browser.execute_script("return window.__govkgReady"):
        assert time.monotonic() < deadline, f"{name} did not become interactive"
        time.sleep(0.05)
    return url


def type_search(browser, text: str) -> list:
    box = browser.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text)
    deadline = time.monotonic() + 10
    while True:
        hits = browser.find_elements(By.CSS_SELECTOR, "#search-results button[data-node]")
        if hits or time.monotonic() > deadline:
            return hits
        time.sleep(0.05)


def shown_edges(browser, role: str) -> int:
    return browser.execute_script(
        "var x = govkgExplorer, role = arguments[0], n = 0;"
        "x.graph.forEachEdge(function (k, a) {"
        "  if (a.e !== undefined && x.model.role[a.e] === role && !x.renderer.getEdgeDisplayData(k).hidden) n++;"
        "});"
        "return n;",
        role,
    )


def shown_nodes(browser, kind: str) -> list[str]:
    return browser.execute_script(
        "var x = govkgExplorer, kind = arguments[0], out = [];"
        "for (var i = 0; i < x.model.n; i++)"
        "  if (x.model.kind[i] === kind && !x.renderer.getNodeDisplayData(String(i)).hidden)"
        "    out.push(x.model.N.id[i]);"
        "return out;",
        kind,
    )


def details_title(browser) -> str:
    return browser.execute_script("var h = document.querySelector('#details h2'); return h ? h.textContent : null")


def console_problems(browser) -> list[dict]:
    return [e for e in browser.get_log("browser")
            if e["level"] in {"SEVERE", "WARNING"} and not any(n in e["message"] for n in GL_NOISE)]


# --- a small graph in the contract -----------------------------------------------------------


@pytest.fixture(scope="module")
def small(browser, site):
    return open_explorer(browser, site, contract_graph(), "small.html", title="六盘水市 任务", view="full")


def test_explorer_browser_requests_nothing_but_the_page(browser, site, small):
    log = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    requested = [m["params"]["request"]["url"] for m in log if m["method"] == "Network.requestWillBeSent"]
    failed = [m["params"] for m in log if m["method"] == "Network.loadingFailed"]
    network = ("http:", "https:", "ws:", "wss:", "ftp:")
    assert small in requested
    assert [u for u in requested if u != small and u.startswith(network)] == []
    assert failed == []
    assert site[2][-1] == "/small.html"
    assert console_problems(browser) == []


def test_explorer_browser_search_lists_matches_in_both_scripts(browser, small):
    hits = type_search(browser, "环境保护局")
    labels = [h.get_attribute("title") for h in hits]
    assert labels[:2] == ["六盘水市环境保护局", "阳江市環境保護局"]
    assert [h.get_attribute("title") for h in type_search(browser, "環境保護局")] == labels
    # the alias first, then names holding its characters in order (市…环…保…局)
    assert [h.get_attribute("title") for h in type_search(browser, "市环保局")] == labels[:2]
    assert [h.get_attribute("title") for h in type_search(browser, "gb18597")] == ["《危险废物贮存污染控制标准》"]


def test_explorer_browser_choosing_a_match_fills_details(browser, small):
    type_search(browser, "环境保护局")[0].click()
    assert details_title(browser) == "六盘水市环境保护局"
    text = browser.find_element(By.ID, "details").text
    assert "牵头 lead · 2" in text and "组织开展大气污染防治专项执法检查" in text
    assert "六盘水市财政局" in text  # closest partner
    assert browser.find_element(By.ID, "search-results").find_elements(By.TAG_NAME, "li") == []
    # every item of the panel moves on
    browser.find_element(By.CSS_SELECTOR, "#details .role.lead button.item").click()
    assert details_title(browser) == "组织开展大气污染防治专项执法检查"
    text = browser.find_element(By.ID, "details").text
    assert "2016-12-31" in text and "（1）组织开展大气污染防治专项执法检查。" in text and "a.txt" in text
    assert "配合 cooperating · 1" in text


def test_explorer_browser_regulation_shows_who_must_follow_it(browser, small):
    browser.execute_script("govkgExplorer.select(govkgExplorer.model.N.id.indexOf('r1'), true)")
    text = browser.find_element(By.ID, "details").text
    assert "须遵守的单位 Who must follow it · 3" in text
    assert "六盘水市环境保护局" in text and "规范危险废物贮存场所" in text


def test_explorer_browser_role_filter_hides_cooperating_edges(browser, small):
    browser.execute_script("govkgExplorer.unselect()")
    assert shown_edges(browser, "cooperating") == 4
    box = browser.find_element(By.ID, "role-cooperating")
    box.click()
    assert not box.is_selected()
    assert shown_edges(browser, "cooperating") == 0
    assert shown_edges(browser, "lead") == 4
    box.click()
    assert shown_edges(browser, "cooperating") == 4


def test_explorer_browser_legend_toggles_kinds_and_filters_narrow(browser, small):
    legend = browser.find_element(By.CSS_SELECTOR, '#legend-kinds button[data-kind="task"]')
    legend.click()
    assert shown_nodes(browser, "task") == [] and legend.get_attribute("aria-pressed") == "false"
    legend.click()
    assert len(shown_nodes(browser, "task")) == 4
    topic = Select(browser.find_element(By.ID, "filter-topic"))
    topic.select_by_visible_text("固体废物")  # with its narrower topic 危险废物
    assert sorted(shown_nodes(browser, "task")) == ["t0", "t1"]
    browser.execute_script("var d = document.getElementById('deadline-from'); d.value = '2017-06-01';"
                           "d.dispatchEvent(new Event('change'))")
    assert shown_nodes(browser, "task") == ["t1"]
    browser.find_element(By.ID, "filter-reset").click()
    assert len(shown_nodes(browser, "task")) == 4


def test_explorer_browser_markup_in_labels_stays_text(browser, small):
    hits = type_search(browser, "onerror")
    spans = [h.find_element(By.CSS_SELECTOR, ".hit-label").text for h in hits]
    assert sorted(spans) == sorted([IMG, PWN])
    hits[0].click()
    assert details_title(browser) in {IMG, PWN}
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    assert browser.execute_script("return window.__govkgPwned") is None
    assert browser.execute_script("return document.scripts.length") == 2


def test_explorer_browser_exports_the_view_as_png(browser, small):
    url = browser.execute_script("return govkgExplorer.snapshot()")
    png = base64.b64decode(url.split(",", 1)[1])
    assert url.startswith("data:image/png;base64,") and png[:8] == b"\x89PNG\r\n\x1a\n"
    width, _ = struct.unpack(">II", png[16:24])
    assert width >= browser.execute_script("return document.getElementById('graph').clientWidth")
    assert len(png) > 5_000, "a drawn graph is not that small"


def test_explorer_browser_logs_no_console_errors(browser, small):
    assert console_problems(browser) == []


# --- the example corpus ----------------------------------------------------------------------


def test_explorer_browser_corpus_is_interactive_within_budget(browser, site, corpus_graph):
    open_explorer(browser, site, corpus_graph, "corpus.html", title="示例语料")
    ready = browser.execute_script("return window.__govkgReady")
    assert ready < READY_BUDGET_MS, f"corpus page took {ready:.0f} ms"
    assert shown_nodes(browser, "task") == [], "the overview opens without tasks"
    hits = type_search(browser, "环境保护局")
    assert len(hits) >= 3
    assert browser.execute_script("return window.__govkgSearchMs") < SEARCH_BUDGET_MS
    hits[0].click()
    title = details_title(browser)
    assert "环境保护局" in title
    unit = browser.execute_script("return govkgExplorer.view.state.selected")
    tasks = shown_nodes(browser, "task")
    assert len(tasks) > 10, "opening a unit shows its tasks"
    own = set(browser.execute_script(
        "var x = govkgExplorer; return x.model.tasksOf(arguments[0]).map(function (t) { return x.model.N.id[t]; })", unit))
    assert set(tasks) == own
    assert "任务 Tasks" in browser.find_element(By.ID, "details").text
    assert console_problems(browser) == []


# --- 5,000 nodes -----------------------------------------------------------------------------


def test_explorer_browser_5000_nodes_stay_fast(browser, site):
    graph = synthetic_graph(5000, 10000, seed=0)
    open_explorer(browser, site, graph, "large.html", title="5000")
    ready = browser.execute_script("return window.__govkgReady")
    assert ready < READY_BUDGET_MS, f"5,000-node page took {ready:.0f} ms"
    assert browser.execute_script("return govkgExplorer.model.n") >= 5000
    hits = type_search(browser, "环境保护局")
    assert len(hits) >= 10
    assert browser.execute_script("return window.__govkgSearchMs") < SEARCH_BUDGET_MS
    worst = browser.execute_script(
        "var worst = 0; for (var q of ['环保', '危险废物', '六盘水市生态环境局', 'txt', '完成']) {"
        "  var t = performance.now(); govkgExplorer.search(q); worst = Math.max(worst, performance.now() - t); }"
        "return worst;")
    assert worst < SEARCH_BUDGET_MS
    hits[0].click()
    assert "环境保护局" in details_title(browser)
    browser.find_element(By.ID, "view-full").click()
    assert len(shown_nodes(browser, "task")) == 4350
    redraw = browser.execute_script(
        "var r = govkgExplorer.renderer, c = r.getCamera(), t = performance.now();"
        "c.setState({x: 0.3, y: 0.6, ratio: 0.5}); r.refresh(); return performance.now() - t;")
    assert redraw < 500, f"one redraw of the full 5,000-node view took {redraw:.0f} ms"
    assert console_problems(browser) == []


def test_explorer_browser_screenshot_helper_writes_a_png(tmp_path):
    page = write_explorer(contract_graph(), tmp_path / "page.html", focus="u1")
    out = screenshot(page, tmp_path / "page.png", width=1000, height=700)
    png = out.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1000, 700)
    assert len(png) > 20_000
