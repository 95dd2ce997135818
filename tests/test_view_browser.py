"""The explorer's acceptance bar, in a real headless Chromium with the network cut off.

The whole-corpus page and a 5,000-node page: type 环境保护局 into ``#search``, click the first
match in ``#search-results``, read ``#details``. Budgets, in the page's own clock
(``performance.now()``): the whole corpus interactive in under 3 s, 5,000 nodes searchable with a
search in under 100 ms. Then the focused views open on what they are about.

Pages are served by a local ``http.server``; Chromium's only proxy is a dead port. Skipped only
when chromium or chromedriver is missing; ``GOVKG_REQUIRE_BROWSER=1`` makes that a failure.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from govkg.graph.build import build_store
from govkg.graph.view import view_page
from govkg.viz import explorer_html, synthetic_graph

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    reason = (
        "headless browser tests need chromium and chromedriver on PATH "
        f"(found chromium={CHROMIUM}, chromedriver={CHROMEDRIVER}); "
        "install them with: apt-get install -y chromium chromium-driver fonts-noto-cjk"
    )
    if os.environ.get("GOVKG_REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

#: Time to interactive, in ms since navigation, of the whole corpus.
CORPUS_READY_MS = 3000
#: Time to interactive of the 5,000-node page (the explorer's own bar for it).
LARGE_READY_MS = 3000
#: One search, its matches listed, in ms.
SEARCH_MS = 100
#: Console messages of software WebGL that say nothing about the page.
GL_NOISE = ("GL Driver Message", "GPU stall due to ReadPixels")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        self.server.requested.append(self.path)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("view-site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    server.requested = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader",
        "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--window-size=1400,900",
        f"--user-data-dir={tmp_path_factory.mktemp('view-profile')}",
        "--proxy-server=http://127.0.0.1:9",
    ]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    store = tmp_path_factory.mktemp("view-browser-corpus") / "kg"
    build_store([CORPUS], store, progress=None)
    return store


def open_page(browser, site, page: str, name: str) -> float:
    """Serve ``page``, load it, wait until it is interactive; its time to interactive in ms."""
    root, base = site
    (root / name).write_text(page, encoding="utf-8")
    url = f"{base}/{name}"
    browser.get_log("performance")
    browser.get_log("browser")
    browser.get(url)
    deadline = time.monotonic() + 60
    while not browser.execute_script("return window.__govkgReady"):
        assert time.monotonic() < deadline, f"{name} did not become interactive"
        time.sleep(0.05)
    log = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    requested = [m["params"]["request"]["url"] for m in log if m["method"] == "Network.requestWillBeSent"]
    assert [u for u in requested if u != url and u.startswith(("http:", "https:", "ws:", "wss:"))] == []
    return browser.execute_script("return window.__govkgReady")


def search_and_open(browser, text: str) -> tuple[float, int, str]:
    """Type ``text`` into #search, click the first match; (search ms, matches, #details text)."""
    box = browser.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text)
    deadline = time.monotonic() + 10
    while not (hits := browser.find_elements(By.CSS_SELECTOR, "#search-results button[data-node]")):
        assert time.monotonic() < deadline, f"no match listed for {text!r}"
        time.sleep(0.05)
    searched = browser.execute_script("return window.__govkgSearchMs")
    count = browser.execute_script("return window.__govkgSearchHits")
    hits[0].click()
    return searched, count, browser.find_element(By.ID, "details").text


def details_title(browser) -> str:
    return browser.execute_script("var h = document.querySelector('#details h2'); return h ? h.textContent : null")


def console_problems(browser) -> list[dict]:
    return [e for e in browser.get_log("browser")
            if e["level"] in {"SEVERE", "WARNING"} and not any(n in e["message"] for n in GL_NOISE)]


@pytest.mark.slow
def test_view_browser_whole_corpus_within_budget(browser, site, corpus):
    page, summary = view_page(corpus)
    ready = open_page(browser, site, page, "corpus.html")
    assert ready < CORPUS_READY_MS, f"the whole corpus ({summary.nodes} nodes) took {ready:.0f} ms"
    searched, count, details = search_and_open(browser, "环境保护局")
    assert searched < SEARCH_MS, f"search took {searched:.1f} ms"
    assert count >= 3  # 六盘水市, 阳江市 and 朔州市 have one
    assert "环境保护局" in details_title(browser)
    assert "任务 Tasks" in details and "牵头 lead" in details
    assert console_problems(browser) == []
    print(f"\nwhole corpus: {summary.nodes} nodes, ready {ready:.0f} ms, search {searched:.1f} ms")


def test_view_browser_5000_nodes_searchable_within_budget(browser, site):
    graph = synthetic_graph(5000, 10000, seed=0)
    ready = open_page(browser, site, explorer_html(graph, title="5000"), "large.html")
    assert ready < LARGE_READY_MS, f"the 5,000-node page took {ready:.0f} ms"
    searched, count, details = search_and_open(browser, "环境保护局")
    assert searched < SEARCH_MS, f"search took {searched:.1f} ms"
    assert count >= 10
    assert "环境保护局" in details_title(browser) and "任务 Tasks" in details
    worst = browser.execute_script(
        "var worst = 0; for (var q of ['环保', '环境保护局', '危险废物', '六盘水市生态环境局', 'txt']) {"
        "  var t = performance.now(); govkgExplorer.search(q); worst = Math.max(worst, performance.now() - t); }"
        "return worst;")
    assert worst < SEARCH_MS, f"the slowest search took {worst:.1f} ms"
    assert console_problems(browser) == []
    print(f"\n5,000 nodes: ready {ready:.0f} ms, search {searched:.1f} ms, slowest of five {worst:.1f} ms")


@pytest.mark.slow
@pytest.mark.parametrize(("options", "title", "panel"), [
    ({"unit": "市环境保护局", "jurisdiction": "六盘水市"}, "六盘水市环境保护局", "任务 Tasks"),
    ({"topic": "危险废物"}, "危险废物", "下位主题 Narrower"),
    ({"regulation": "GB 18597—2001"}, "危险废物贮存污染控制标准", "须遵守的单位 Who must follow it"),
])
def test_view_browser_focused_views_open_on_their_focus(browser, site, corpus, options, title, panel):
    page, summary = view_page(corpus, **options)
    # a page name per view: the same URL twice can come from the browser's cache
    ready = open_page(browser, site, page, f"focused-{'-'.join(options)}.html")
    assert ready < CORPUS_READY_MS
    assert details_title(browser) == title
    assert panel in browser.find_element(By.ID, "details").text
    shown = browser.execute_script(
        "var x = govkgExplorer, n = 0; for (var i = 0; i < x.model.n; i++)"
        "  if (!x.renderer.getNodeDisplayData(String(i)).hidden) n++; return n;")
    assert shown >= summary.nodes  # every node of the view is drawn (and the page's own document and place nodes)
    assert console_problems(browser) == []
