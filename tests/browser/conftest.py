"""Fixtures for real-browser tests: the built site on a loopback HTTP server, headless Chromium.

Chromium is Debian's (`apt-get install chromium`, which `.ci/run` does), never a browser build
downloaded by `playwright install`: this machine and CI reach package registries only.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Response,
    sync_playwright,
)

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
AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Schemes whose "requests" never touch the network.
LOCAL_SCHEMES = {"data", "blob", "about"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives Chromium: mark it `browser` even if its file forgot."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


class StaticSiteHandler(SimpleHTTPRequestHandler):
    """Serves a built site like a static host does: files as they are, 404.html when missing."""

    site: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found_page = self.site / "404.html"
        if code != HTTPStatus.NOT_FOUND or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found_page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest output is for failures, not for an access log."""


@contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """A built site on a free loopback port, served from a background thread."""
    handler = type("SiteHandler", (StaticSiteHandler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The session's built site, served for the whole test run."""
    with serve_site(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test gets its own fresh context."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `apt-get update && apt-get install -y chromium` (.ci/run does).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Traffic:
    """Everything a tab did on the network or the console that a reader would suffer from."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[tuple[int, str]] = field(default_factory=list)
    # Pages a test opens on purpose expecting an error status (the 404 page).
    expected_error_pages: set[str] = field(default_factory=set)

    def record_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # Chromium logs a page's own error status too; for an expected 404 that is no fault.
        if message.location.get("url") in self.expected_error_pages and message.text.startswith(
            "Failed to load resource: the server responded with a status of"
        ):
            return
        self.console_errors.append(message.text)

    def record_response(self, response: Response) -> None:
        if response.status >= 400:
            self.error_responses.append((response.status, response.url))

    def problems(self) -> list[str]:
        return [
            *(f"request left localhost: {url}" for url in self.requests if not is_local(url)),
            *(f"console error: {text}" for text in self.console_errors),
            *(f"uncaught exception: {text}" for text in self.page_errors),
            *(f"request failed: {text}" for text in self.failed_requests),
            *(
                f"HTTP {status}: {url}"
                for status, url in self.error_responses
                if url not in self.expected_error_pages
            ),
        ]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


@dataclass
class Tab:
    """A browser tab on the test site that watches its own traffic on every page it visits."""

    page: Page
    base_url: str
    traffic: Traffic
    # Set once a check has failed, so the end-of-test check does not report the same again.
    reported: bool = False

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def goto(self, path: str, status: int = HTTPStatus.OK) -> Response:
        """Open a site path, wait until it settles, and check it loaded cleanly."""
        if status >= 400:
            self.traffic.expected_error_pages.add(self.url(path))
        response = self.page.goto(self.url(path), wait_until="networkidle")
        assert response is not None, f"no response for /{path}"
        assert response.status == status, f"/{path}: HTTP {response.status}, expected {status}"
        self.assert_clean()
        return response

    def follow(self, link: Locator) -> None:
        """Click a link as a reader does, wait for the page it opens to settle, check that page."""
        with self.page.expect_navigation(wait_until="networkidle"):
            link.click()
        self.assert_clean()

    def assert_clean(self) -> None:
        problems = self.traffic.problems()
        self.reported = bool(problems)
        assert not problems, "\n".join([f"on {self.page.url}:", *problems])

    def inject_axe(self) -> None:
        """Load axe-core into the page. Injected <script> tags would be refused by the site's
        Content-Security-Policy (script-src 'self' + hashes), so the file's text is evaluated
        through the DevTools protocol instead, which the policy does not govern."""
        self.page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))

    def run_axe(self, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """axe-core's violations for the whole document."""
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.inject_axe()
        result = self.page.evaluate(
            "options => axe.run(document, options)",
            {"resultTypes": ["violations"], **(options or {})},
        )
        return result["violations"]


def open_tab(context: BrowserContext, base_url: str) -> Tab:
    page = context.new_page()
    traffic = Traffic()
    page.on("request", lambda request: traffic.requests.append(request.url))
    page.on("requestfailed", lambda r: traffic.failed_requests.append(f"{r.url} ({r.failure})"))
    page.on("response", traffic.record_response)
    page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
    page.on("console", traffic.record_console)
    return Tab(page=page, base_url=base_url, traffic=traffic)


OpenTab = Callable[..., Tab]


@pytest.fixture
def open_site(chromium: Browser, site_url: str) -> Iterator[OpenTab]:
    """Opens tabs on the served site, each in a fresh context (no cookies, storage or cache
    shared between tests). Keyword arguments go to Browser.new_context, e.g. viewport or
    color_scheme. At the end, any late console error or off-site request still fails the test."""
    tabs: list[Tab] = []
    contexts: list[BrowserContext] = []

    def open_one(**context_options: Any) -> Tab:
        options = {"viewport": DESKTOP, **context_options}
        context = chromium.new_context(**options)
        # A local page settles in well under a second; fail fast rather than after 30 s.
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = open_tab(context, site_url)
        tabs.append(tab)
        return tab

    try:
        yield open_one
    finally:
        late = [p for tab in tabs if not tab.reported for p in tab.traffic.problems()]
        for context in contexts:
            context.close()
    assert not late, "\n".join(late)
