"""Hostile content in a real browser: nothing from a claim file runs, loads or navigates.

tests/test_hostile.py inspects the built files; this opens the same hostile site in Chromium,
where the search pages turn their indexes into HTML with JavaScript. Every payload calls
`fcxss()` if it ever runs; the page defines that function to count calls. A payload that
tries to run and is blocked by the Content-Security-Policy shows up as a console error.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from browser.conftest import DESKTOP, Tab, open_tab, serve_site
from test_hostile import BUILT, build_hostile_site, slug_for, squash, text_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# Runs before any script of the page, through the DevTools protocol (not subject to the CSP).
COUNT_CALLS = "window.fcxssCalls = 0; window.fcxss = () => { window.fcxssCalls += 1; };"


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_site(build_hostile_site(tmp_path_factory.mktemp("hostile-browser"))) as url:
        yield url


@pytest.fixture
def tab(chromium: Browser, hostile_url: str) -> Iterator[Tab]:
    context = chromium.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    context.add_init_script(COUNT_CALLS)
    try:
        yield open_tab(context, hostile_url)
    finally:
        context.close()


def assert_nothing_ran(tab: Tab, path: str) -> None:
    tab.assert_clean()  # no console error (a blocked script is one), no off-site request
    assert tab.page.url == tab.url(path), "the page navigated away"
    assert tab.page.evaluate("window.fcxssCalls") == 0


def test_no_hostile_claim_page_runs_or_loads_anything(tab: Tab) -> None:
    for name in BUILT:
        path = f"claims/{slug_for(name)}/"
        tab.goto(path)
        assert_nothing_ran(tab, path)
    for path in ("", "claims/", "claimants/", "corrections/", "ratings/half-true/"):
        tab.goto(path)
        assert_nothing_ran(tab, path)


def test_search_page_shows_hostile_claimants_as_text(tab: Tab) -> None:
    tab.goto("find/")
    tab.page.locator("#fc-find input.pagefind-ui__search-input").fill("fcxss")
    try:
        tab.page.locator(".pagefind-ui__result-link").first.wait_for()
    except PlaywrightTimeoutError:
        assert_nothing_ran(tab, "find/")  # the likelier cause: a payload took the page away
        raise
    labels = tab.page.locator("#fc-find .pagefind-ui__filter-label").all_text_contents()
    for name in ("21-meta-refresh", "03-img-onerror", "50-pre-escaped-entities"):
        assert any(label.startswith(squash(text_for(name))) for label in labels), name
    assert_nothing_ran(tab, "find/")


def test_site_search_shows_hostile_titles_as_text(tab: Tab) -> None:
    path = f"claims/{slug_for('01-script-tag')}/"
    tab.goto(path)
    tab.page.keyboard.press("/")  # Material's shortcut to the search box
    tab.page.locator("input.md-search__input").press_sequentially("onerror", delay=20)
    results = tab.page.locator(".md-search-result__item")
    results.first.wait_for()
    titles = [squash(t) for t in results.locator("h1").all_text_contents()]
    assert any("<img src=x onerror=fcxss()>" in title for title in titles), titles
    assert_nothing_ran(tab, path)
