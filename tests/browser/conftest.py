"""Fixtures for real-browser tests: the built site on a loopback HTTP server, headless Chromium.

Chromium is Debian's (`apt-get install chromium`, which `.ci/run` does), never a browser build
downloaded by `playwright install`: this machine and CI reach package registries only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from devtools.chromium import CHROMIUM, headless_chromium
from support import OpenTab, serve_site, tabs_on


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
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the layout and language tests save their screenshots, for people to look at:
    FACTCHECK_SCREENSHOTS, or `screenshots/` in pytest's temporary folder."""
    folder = os.environ.get("FACTCHECK_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.getbasetemp() / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


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
    with headless_chromium() as browser:
        yield browser


@pytest.fixture
def open_site(chromium: Browser, site_url: str) -> Iterator[OpenTab]:
    """Opens tabs on the served site, each in a fresh context (no cookies, storage or cache
    shared between tests). Keyword arguments go to Browser.new_context, e.g. viewport or
    color_scheme. At the end, any late console error or off-site request still fails the test."""
    with tabs_on(chromium) as open_on:
        yield partial(open_on, site_url)
