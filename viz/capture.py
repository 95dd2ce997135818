"""A PNG of a page, taken by headless Chromium (Debian's ``chromium`` package).

For ``govkg view --format png`` and the README's pictures. Chromium runs with a throw-away
profile, no network (a dead proxy, QUIC and background services off) and software WebGL, and
is given virtual time for the page to draw before the picture is taken.

>>> find_chromium() is None or find_chromium().name.startswith(("chromium", "google-chrome"))
True
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["screenshot", "find_chromium", "CHROMIUM_FLAGS"]

#: Flags for a quiet, offline, headless Chromium; the profile directory is added per run.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--proxy-server=http://127.0.0.1:9",
)
#: Virtual milliseconds the page gets to draw (the camera animates for 300).
DRAW_TIME_MS = 3000
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> Path | None:
    """``$GOVKG_CHROMIUM``, else the first Chromium or Chrome on ``PATH``, else None."""
    named = os.environ.get("GOVKG_CHROMIUM")
    if named:
        return Path(named)
    for name in _BROWSERS:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def screenshot(
    html_path: str | os.PathLike, png_path: str | os.PathLike, *, width: int = 1400, height: int = 900
) -> Path:
    """Open ``html_path`` in headless Chromium at ``width`` × ``height`` and save a PNG.

    >>> screenshot("missing.html", "out.png")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no page at missing.html to take a screenshot of
    """
    page = Path(html_path)
    if not page.is_file():
        raise FileNotFoundError(f"no page at {page} to take a screenshot of")
    browser = find_chromium()
    if browser is None:
        raise RuntimeError(
            "no Chromium found for the screenshot: install it (Debian: apt-get install chromium "
            "fonts-noto-cjk) or set GOVKG_CHROMIUM to the browser's path"
        )
    out = Path(png_path).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="govkg-chromium-") as profile:
        command = [
            str(browser), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
            f"--window-size={int(width)},{int(height)}", f"--virtual-time-budget={DRAW_TIME_MS}",
            f"--screenshot={out}", page.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(
            f"Chromium ({browser}) exited with {result.returncode} without writing {out}: "
            f"{result.stderr.strip()[-500:]}"
        )
    return out
