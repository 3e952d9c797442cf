"""What a reader and an editor wait for, measured in real Chromium (see `bench`).

- The preview: seconds from saving a claim file to the open tab showing the change, under
  `mkdocs serve --dirty` (what `scripts/dev.py serve` runs), with MkDocs' live reload.
- The first search: the bytes a reader's browser downloads for the Search page's index and
  its first query (Pagefind's script, WebAssembly, metadata, filters, index chunks and result
  fragments), as a host that compresses text (as GitHub Pages does) sends them: Pagefind's
  index files come compressed already, its script is counted gzipped.

Both need Playwright (a test tool) and Chromium; without them they report nothing, and the
benchmark says "not measured".
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .chromium import CHROMIUM, headless_chromium

SAVES = 5  # a median of this many saves


def available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.is_file()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")


def preview_save_to_visible(project: Path, env: dict[str, str], slug: str, text: str) -> float:
    """Median seconds from saving `slug`'s claim file (its `text` replaced) to the open tab
    showing the edit."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/claims/{slug}/"
    claim = project / "claims" / f"{slug}.yaml"
    original = claim.read_text(encoding="utf-8")
    try:
        _wait_for(url, text, timeout=1800)  # the first build of a large archive takes minutes
        with headless_chromium() as browser:
            page = browser.new_page()
            page.goto(url, wait_until="load")
            page.wait_for_function("typeof livereload === 'function'", timeout=30_000)
            times = []
            for save in range(SAVES):
                time.sleep(1.0)  # let the watcher settle between saves
                marker = f"Edited {save} {time.time_ns()}"
                started = time.perf_counter()
                claim.write_text(original.replace(text, marker, 1), encoding="utf-8")
                page.wait_for_function(
                    "marker => document.body && document.body.innerText.includes(marker)",
                    arg=marker, timeout=120_000, polling=20,
                )  # fmt: skip
                times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        claim.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=60)


# What a first search downloads, by the ending of Pagefind's file names.
SEARCH_PARTS = {
    ".js": "scripts",
    ".pagefind": "WebAssembly",
    ".pf_meta": "metadata",
    ".json": "metadata",
    ".pf_index": "index chunks",
    ".pf_filter": "filters",
    ".pf_fragment": "results",
}


def _search_part(url: str) -> str:
    path = url.split("?", 1)[0]
    return next((part for end, part in SEARCH_PARTS.items() if path.endswith(end)), "other")


def _sent_size(url: str, body: bytes) -> int:
    if url.endswith((".js", ".json", ".css")):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)  # .pagefind and .pf_* files: gzipped by Pagefind itself


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def first_search_bytes(site: Path, query: str) -> dict[str, int]:
    """Bytes of Pagefind files a reader's browser fetches to open the Search page and see the
    results of `query` (its first query), by kind of file (see SEARCH_PARTS)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    fetched: dict[str, int] = {}
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        with headless_chromium() as browser:
            page = browser.new_page()

            def record(response: Any) -> None:
                if "/pagefind/" in response.url and response.ok:
                    with contextlib.suppress(Exception):
                        fetched[response.url] = _sent_size(response.url, response.body())

            page.on("response", record)
            page.goto(f"{base}find/?q={query}", wait_until="load")
            page.wait_for_selector(".fc-find__list a.fc-card__claim", timeout=60_000)
            page.wait_for_load_state("networkidle")
    finally:
        httpd.shutdown()
        httpd.server_close()
    parts = dict.fromkeys([*SEARCH_PARTS.values(), "other"], 0)
    for url, size in fetched.items():
        parts[_search_part(url)] += size
    return parts
