"""Hostile content in a real browser: nothing from a claim file runs, loads or navigates.

tests/test_hostile.py inspects the built files; this opens the same hostile site in Chromium,
where the search pages turn their indexes into HTML with JavaScript. Every payload calls
`fcxss()` if it ever runs; the page defines that function to count calls. A payload that
tries to run and is blocked by the Content-Security-Policy shows up as a console error.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from support import (
    BUILT,
    CLAIMS,
    DESKTOP,
    Tab,
    claimant_for,
    open_tab,
    serve_site,
    slug_for,
    squash,
    text_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# Runs before any script of the page, through the DevTools protocol (not subject to the CSP).
COUNT_CALLS = "window.fcxssCalls = 0; window.fcxss = () => { window.fcxssCalls += 1; };"


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve_site(hostile_site) as url:
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


def test_search_page_shows_hostile_claimants_and_titles_as_text(tab: Tab) -> None:
    tab.goto("find/")
    tab.page.locator("#fc-find-q").fill("fcxss")
    try:
        tab.page.locator(".fc-find__list a.fc-card__claim").first.wait_for()
    except PlaywrightTimeoutError:
        assert_nothing_ran(tab, "find/?q=fcxss")  # the likelier cause: a payload took the page away
        raise
    # the page lists the claimants with most fact-checks; the others come from the index
    tab.page.get_by_role("button", name="Show everyone").click()
    expect(tab.page.get_by_role("button", name="Show everyone")).to_be_hidden()
    labels = tab.page.locator('[data-filter="claimant"] .fc-filter__label').all_text_contents()
    for name in ("21-meta-refresh", "03-img-onerror", "50-pre-escaped-entities"):
        assert any(squash(label).startswith(squash(text_for(name))) for label in labels), name
    assert_nothing_ran(tab, "find/?q=fcxss")


def test_a_first_search_loads_no_filter_data_and_everyone_comes_on_request(tab: Tab) -> None:
    filter_files: list[str] = []
    tab.page.on("request", lambda r: "/pagefind/filter/" in r.url and filter_files.append(r.url))
    tab.goto("find/?q=fcxss")
    tab.page.locator(".fc-find__list a.fc-card__claim").first.wait_for()
    claimants = tab.page.get_by_role("group", name="Who said it").get_by_role("checkbox")
    expect(claimants).to_have_count(10)
    assert filter_files == []  # the page itself lists ratings and the leading claimants
    tab.page.get_by_role("button", name="Show everyone").click()
    everyone = {squash(claimant_for(n)) for n in BUILT}
    everyone |= {squash(data["claimant"]["name"]) for data in CLAIMS.values()}  # bundled claims
    expect(claimants).to_have_count(len(everyone))
    assert filter_files != []
    # keyboard users carry on from the first name added, the eleventh
    focused = tab.page.evaluate("document.activeElement.id")
    assert focused == claimants.nth(10).get_attribute("id")
    assert_nothing_ran(tab, "find/?q=fcxss")


def test_a_link_filtering_by_an_unlisted_claimant_shows_their_fact_checks(tab: Tab) -> None:
    tab.goto("find/")
    group = tab.page.get_by_role("group", name="Who said it")
    expect(group.get_by_role("checkbox")).to_have_count(10)
    listed = {squash(label) for label in group.locator(".fc-filter__label").all_text_contents()}
    name = next(
        claimant_for(n)
        for n in BUILT
        if not any(s.startswith(squash(claimant_for(n))) for s in listed)
    )
    tab.goto("find/?" + urlencode({"claimant": " ".join(name.split())}))
    results = tab.page.locator(".fc-find__list > li")
    expect(results).to_have_count(1)
    expect(results.locator(".fc-card__claimant")).to_have_text(squash(name))
    checked = group.locator("input:checked")
    expect(checked).to_have_count(1)
    assert squash(
        group.locator(f'label[for="{checked.get_attribute("id")}"]').inner_text()
    ).startswith(squash(name))
    assert_nothing_ran(tab, "find/?" + urlencode({"claimant": " ".join(name.split())}))


def test_the_masthead_search_shows_hostile_titles_as_text(tab: Tab) -> None:
    path = f"claims/{slug_for('01-script-tag')}/"
    tab.goto(path)
    box = tab.page.locator("#fc-search-q")
    box.fill("onerror")
    tab.navigate(partial(box.press, "Enter"))
    results = tab.page.locator(".fc-find__list a.fc-card__claim")
    results.first.wait_for()
    titles = [squash(t) for t in results.all_text_contents()]
    assert any("<img src=x onerror=fcxss()>" in title for title in titles), titles
    excerpts = tab.page.locator(".fc-card__excerpt")
    assert excerpts.locator("*:not(mark)").count() == 0  # only Pagefind's highlights are markup
    assert_nothing_ran(tab, "find/?q=onerror")
