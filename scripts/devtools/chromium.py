"""The Chromium the browser tests and the benchmark drive: Debian's, through Playwright.

Never a browser that `playwright install` downloads: machines that reach only package
registries cannot fetch one. FACTCHECK_CHROMIUM points at another Chromium or Chrome.
"""

from __future__ import annotations

import os
from pathlib import Path

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
