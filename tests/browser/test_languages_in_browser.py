"""The bundled site in Arabic (right to left) and Spanish, as readers' browsers show it.

The Arabic site must pass what the English one passes: nothing wider than a phone's screen,
the claim and its verdict on a phone's first screen, no serious axe-core violation, and the
search page answering in Arabic with the plural form the count needs. Screenshots of the
claim pages (desktop and phone) are saved for a person to look at, beside test_layout's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from browser.test_layout import first_screen_problems, sideways_overflow
from factcheck.i18n import Language
from support import DESKTOP, PHONE, ROOT, Tab, blocking, describe, serve_site, tabs_on

pytestmark = pytest.mark.browser

CLAIM_SLUGS = [path.stem for path in sorted((ROOT / "claims").glob("*.yaml"))]
CORRECTED = "claims/ice-released-68000-criminal-aliens/"
READER_PAGES = [
    "", CORRECTED, "claims/", "ratings/", "ratings/mostly-true/", "claimants/",
    "claimants/center-for-immigration-studies/", "topics/immigration/", "methodology/",
    "transparency/", "team/", "suggest/", "corrections/", "find/?q=68%2C000", "no/such/page/",
]  # fmt: skip
MISSING = "no/such/page/"


@pytest.fixture(scope="module")
def served(site_in_language: Callable[[str], Path]) -> Iterator[dict[str, str]]:
    """The Arabic and Spanish builds, each on its own loopback port."""
    with serve_site(site_in_language("ar")) as arabic, serve_site(site_in_language("es")) as es:
        yield {"ar": arabic, "es": es}


@pytest.fixture
def open_in(chromium: Browser, served: dict[str, str]) -> Iterator[Callable[..., Tab]]:
    """Opens a tab on one language's site; any late console error still fails the test."""
    with tabs_on(chromium) as open_on:

        def open_one(language: str, viewport: dict[str, int] = DESKTOP) -> Tab:
            return open_on(served[language], viewport=viewport)

        yield open_one


def visit(tab: Tab, path: str) -> None:
    tab.goto(path, status=404 if path == MISSING else 200)
    if path.startswith("find/?"):  # the results are drawn by the search script
        tab.page.locator(".fc-find__list .fc-card").first.wait_for()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_arabic_pages_run_right_to_left_and_fit_the_screen(
    open_in: Callable[..., Tab], viewport: dict[str, int]
) -> None:
    tab = open_in("ar", viewport)
    problems = {}
    for path in READER_PAGES:
        visit(tab, path)
        expect(tab.page.locator("html")).to_have_attribute("lang", "ar")
        expect(tab.page.locator("body")).to_have_attribute("dir", "rtl")
        if overflow := sideways_overflow(tab.page):
            problems[path] = overflow
    assert not problems, problems


def test_arabic_masthead_reads_from_the_right(open_in: Callable[..., Tab]) -> None:
    """The site's name starts at the right edge, the search box and palette are on the left,
    and the menu's first section is its rightmost."""
    tab = open_in("ar")
    tab.goto(CORRECTED)
    page = tab.page
    brand = page.locator(".fc-brand").bounding_box()
    search = page.locator(".fc-search").bounding_box()
    items = [item.bounding_box() for item in page.locator(".fc-menu__item").all()]
    assert brand and search and all(items)
    assert brand["x"] > search["x"]
    lefts = [box["x"] for box in items if box]
    assert lefts == sorted(lefts, reverse=True)


def test_every_arabic_claim_page_shows_claim_and_verdict_on_a_phones_first_screen(
    open_in: Callable[..., Tab],
) -> None:
    tab = open_in("ar", PHONE)
    problems = {}
    for slug in CLAIM_SLUGS:
        tab.goto(f"claims/{slug}/")
        if found := first_screen_problems(tab.page):
            problems[slug] = found
    assert not problems, problems


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", READER_PAGES, ids=lambda p: p or "home")
def test_axe_finds_no_serious_violation_on_the_arabic_site(
    open_in: Callable[..., Tab], path: str, viewport: dict[str, int]
) -> None:
    tab = open_in("ar", viewport)
    visit(tab, path)
    violations = blocking(tab.run_axe())
    assert not violations, describe(violations)


def test_arabic_search_counts_results_with_the_plural_they_need(
    open_in: Callable[..., Tab],
) -> None:
    tab = open_in("ar")
    tab.goto("find/?q=ICE")
    status = tab.page.locator(".fc-find__status")
    expect(status).not_to_be_empty()
    shown = tab.page.locator(".fc-find__list .fc-card")
    shown.first.wait_for()
    total = tab.page.evaluate(
        """async () => {
            const pagefind = await import("../pagefind/pagefind.js");
            return (await pagefind.search("ICE")).results.length;
        }"""
    )
    assert total > 2
    arabic = Language("ar")
    assert status.inner_text() == arabic.ngettext(
        "%(num)s fact-check", "%(num)s fact-checks", total
    )


@pytest.mark.parametrize("language", ["ar", "es"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_claim_pages_are_saved_for_a_look(
    open_in: Callable[..., Tab], screenshots: Path, language: str, viewport: dict[str, int]
) -> None:
    tab = open_in(language, viewport)
    tab.goto(CORRECTED)
    size = "phone" if viewport == PHONE else "desktop"
    tab.page.screenshot(path=screenshots / f"claim-{language}-{size}.png")
    tab.page.screenshot(path=screenshots / f"claim-{language}-{size}-full.png", full_page=True)
    assert sideways_overflow(tab.page) == []
