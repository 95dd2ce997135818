"""The page in a real headless Chromium with the network cut off.

The page is served by a local ``http.server`` on 127.0.0.1; Chromium's only proxy is a dead
port (loopback is bypassed by default, so only the local server is reachable), and the test
reads Chromium's own request log to prove the page asked for nothing but itself.

Skipped only when chromium or chromedriver is not installed; with ``GOVKG_REQUIRE_BROWSER=1``
(set by ``.ci/run``) a missing browser is a failure instead.
"""

from __future__ import annotations

import importlib.util
import json
import struct
import time
from pathlib import Path

import networkx as nx
import pytest

from govkg.viz import LABEL_CHARS, NODE_STYLES, write_html

pytestmark = pytest.mark.browser

_spec = importlib.util.spec_from_file_location("browser_helpers", Path(__file__).resolve().parent / "browser.py")
browser_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser_helpers)
browser_helpers.require_browser()


TASK = "组织开展大气污染防治专项执法检查，对重点排污单位实行在线监控，确保按期完成治理任务"
SCRIPT = "<script>window.__govkgPwned=1</script>"
IMG = '<img src=x onerror="window.__govkgPwned=2">'


def small_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("u1", kind="unit", label="市环境保护局", detail="别名：市环保局", jurisdiction="六盘水市")
    g.add_node("u2", kind="unit", label=SCRIPT, detail=IMG)
    g.add_node("c1", kind="collective", label="各县（市、区）政府")
    g.add_node("t1", kind="task", label=TASK, detail="a.txt:123")
    g.add_node("r1", kind="regulation", label="《中华人民共和国大气污染防治法》")
    g.add_node("p1", kind="topic", label="大气污染")
    g.add_edge("u1", "t1", role="lead")
    g.add_edge("c1", "t1", role="cooperating")
    g.add_edge("u2", "t1", role="responsible")
    g.add_edge("t1", "r1", role="cites")
    g.add_edge("t1", "p1", role="subject")
    return g


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A threaded HTTP server on 127.0.0.1 and a random port, serving a fresh directory."""
    root = tmp_path_factory.mktemp("site")
    with browser_helpers.serving(root) as (base, requested):
        yield root, base, requested


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = browser_helpers.headless_chromium(tmp_path_factory.mktemp("chromium-profile"), width=1280, height=1024)
    yield driver
    driver.quit()


def open_page(browser, site, graph: nx.MultiDiGraph, name: str, timeout: float = 60.0) -> str:
    """Write ``graph``, load it, wait until vis-network has laid it out; return its URL."""
    root, base, _ = site
    write_html(graph, root / name, title="六盘水市 任务分解")
    url = f"{base}/{name}"
    browser.get_log("performance")  # start the request log afresh
    browser.get(url)
    deadline = time.monotonic() + timeout
    while not browser.execute_script("return !!(window.govkg && govkg.stabilized && govkg.drawn)"):
        assert time.monotonic() < deadline, f"{name} was not drawn within {timeout} s"
        time.sleep(0.1)
    return url


def hover_tooltip(browser, node_id: str) -> dict:
    """Move the real mouse onto a node and return the tooltip vis-network shows."""
    x, y, under = browser.execute_script(
        "var p = network.canvasToDOM(network.getPosition(arguments[0]));"
        "var r = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
        "return [r.left + p.x, r.top + p.y, network.getNodeAt(p)];",
        node_id,
    )
    assert under == node_id, f"node {node_id} is hidden under {under} on the canvas"
    browser.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
    deadline = time.monotonic() + 10
    while True:
        tip = browser.execute_script(
            "var t = document.querySelector('.vis-tooltip');"
            "if (!t || t.style.visibility !== 'visible') return null;"
            "return {text: t.innerText, tags: Array.from(t.children, c => c.tagName)};"
        )
        if tip:
            away = {"type": "mouseMoved", "x": 1, "y": 1}
            browser.execute_cdp_cmd("Input.dispatchMouseEvent", away)
            return tip
        assert time.monotonic() < deadline, f"no tooltip appeared over node {node_id}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def page(browser, site):
    return open_page(browser, site, small_graph(), "small.html")


def test_page_browser_draws_every_node_and_edge(browser, page):
    counts = browser.execute_script(
        "return [network.body.data.nodes.length, network.body.nodeIndices.length,"
        " network.body.data.edges.length, network.body.edgeIndices.length]"
    )
    assert counts == [6, 6, 5, 5]


def test_page_browser_chinese_label_round_trips(browser, page):
    get = "return network.body.data.nodes.get(arguments[0]).label"
    assert browser.execute_script(get, "u1") == "市环境保护局"
    assert browser.execute_script(get, "t1") == TASK[:LABEL_CHARS] + "…"
    assert browser.execute_script("return document.title") == "六盘水市 任务分解"


def test_page_browser_tooltip_shows_full_task_text(browser, page):
    tip = hover_tooltip(browser, "t1")
    assert tip["text"].splitlines() == [TASK, "任务/task", "a.txt:123"]


def test_page_browser_markup_in_labels_is_shown_not_run(browser, page):
    assert browser.execute_script("return window.__govkgPwned") is None
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    assert browser.execute_script("return document.scripts.length") == 3
    drawn = browser.execute_script(
        "return network.body.nodes[arguments[0]].labelModule.lines"
        ".map(l => l.blocks.map(b => b.text).join('')).join('\\n')",
        "u2",
    )
    assert drawn == SCRIPT[:LABEL_CHARS] + "…"
    tip = hover_tooltip(browser, "u2")
    assert tip["text"].splitlines() == [SCRIPT, "单位/unit", IMG]
    assert set(tip["tags"]) <= {"BR"}, "the tooltip must hold text and line breaks only"
    assert browser.execute_script("return window.__govkgPwned") is None


def test_page_browser_requests_nothing_but_the_page(browser, site, page):
    requested = [
        message["params"]["request"]["url"]
        for entry in browser.get_log("performance")
        if (message := json.loads(entry["message"])["message"])["method"]
        == "Network.requestWillBeSent"
    ]
    assert page in requested
    network = ("http:", "https:", "ws:", "wss:", "ftp:")
    assert [url for url in requested if url != page and url.startswith(network)] == []
    assert site[2] == ["/small.html"]


def test_page_browser_canvas_shows_the_kind_colours(browser, page, tmp_path):
    colours = browser.execute_script(
        "var c = document.querySelector('#mynetwork canvas');"
        "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "var seen = {};"
        "for (var i = 0; i < d.length; i += 4) {"
        "  if (d[i + 3] < 255) continue;"
        "  var hex = '#' + [d[i], d[i + 1], d[i + 2]]"
        "    .map(v => v.toString(16).padStart(2, '0')).join('');"
        "  seen[hex] = (seen[hex] || 0) + 1;"
        "}"
        "return seen;"
    )
    for kind in ("unit", "collective", "task", "regulation", "topic"):
        assert colours.get(NODE_STYLES[kind].color, 0) > 50, f"no {kind} fill on the canvas"
    shot = tmp_path / "page.png"
    assert browser.save_screenshot(str(shot))
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == tuple(browser.execute_script("return [innerWidth, innerHeight]"))
    assert len(png) > 20_000, "a screenshot of a drawn graph is not that small"


def test_page_browser_logs_no_console_errors(browser, page):
    # last test on this page: the log covers loading, layout and hovering
    problems = [e for e in browser.get_log("browser") if e["level"] in {"SEVERE", "WARNING"}]
    assert problems == []


def test_page_browser_loads_a_large_graph(browser, site):
    g = nx.MultiDiGraph()
    kinds = ["unit", "task", "regulation", "topic"]
    for i in range(2_000):
        g.add_node(f"n{i}", kind=kinds[i % 4], label=f"节点{i}", detail=f"a.txt:{i + 1}")
    for i in range(1, 2_000):
        g.add_edge(f"n{i}", f"n{(i * 7) % i}", role="lead" if i % 3 else "cites")
        g.add_edge(f"n{i}", f"n{i // 2}", role="subject")
    started = time.monotonic()
    open_page(browser, site, g, "large.html", timeout=90)
    assert browser.execute_script("return network.body.nodeIndices.length") == 2_000
    assert browser.execute_script("return network.physics.physicsEnabled") is False
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    assert time.monotonic() - started < 90
