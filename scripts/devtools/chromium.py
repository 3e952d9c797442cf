"""The Chromium the browser tests and the benchmark drive: Debian's, through Playwright.

Never a browser that `playwright install` downloads: machines that reach only package
registries cannot fetch one. FACTCHECK_CHROMIUM points at another Chromium or Chrome.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium"))
# Known to work in a root container with no display, GPU or network beyond the registries.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def headless_chromium() -> Iterator[Any]:
    """A Playwright Browser on this Chromium, closed at the end."""
    from playwright.sync_api import sync_playwright  # a test tool, imported only when used

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()
