"""Fixtures for real-browser tests: the built site on a loopback HTTP server, headless Chromium.

Chromium is Debian's (`apt-get install chromium`, which `.ci/run` does), never a browser build
downloaded by `playwright install`: this machine and CI reach package registries only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from devtools.chromium import CHROMIUM, LAUNCH_ARGS
from support import DESKTOP, OpenTab, Tab, open_tab, serve_site


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives Chromium, a real process: mark it `browser` and `slow`
    even if its file forgot."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


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
