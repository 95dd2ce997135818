"""Headless Chromium for the browser tests: finding it, a loopback site to serve pages from,
and a sealed driver.

:func:`require_browser` skips the calling test module when chromium or chromedriver is missing,
or fails it when ``GOVKG_REQUIRE_BROWSER=1`` (set by ``.ci/run``). :func:`serving` serves a
folder on 127.0.0.1 and records every path asked for. :func:`headless_chromium` starts a
driver whose every request but loopback goes to a closed port, with the browser console and
network logs kept.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def require_browser() -> None:
    """Skip (or, with ``GOVKG_REQUIRE_BROWSER=1``, fail) the module without a browser."""
    if CHROMIUM and CHROMEDRIVER:
        return
    reason = (
        "headless browser tests need chromium and chromedriver on PATH "
        f"(found chromium={CHROMIUM}, chromedriver={CHROMEDRIVER}); "
        "install them with: apt-get install -y chromium chromium-driver fonts-noto-cjk"
    )
    if os.environ.get("GOVKG_REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves one directory and records every path asked for, without printing."""

    def log_message(self, format, *args):  # noqa: A002  (the base class's name)
        self.server.requested.append(self.path)


@contextmanager
def serving(root: Path) -> Iterator[tuple[str, list[str]]]:
    """``root`` served on 127.0.0.1 at a free port: its base URL and the paths asked for."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    server.requested = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", server.requested
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def headless_chromium(profile: Path, *, width: int = 1400, height: int = 900):
    """A headless Chromium driver with its own ``profile`` folder; ``quit()`` it when done."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader",
        "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", f"--window-size={width},{height}",
        f"--user-data-dir={profile}",
        # every request but loopback goes to a closed port; loopback bypasses proxies by default
        "--proxy-server=http://127.0.0.1:9",
    ]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver
