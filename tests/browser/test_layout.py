"""Layout as readers get it: a phone's first screen, and a printed claim page."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import Page

from browser.conftest import PHONE, OpenTab
from conftest import ROOT

pytestmark = pytest.mark.browser

CLAIM_SLUGS = [path.stem for path in sorted((ROOT / "claims").glob("*.yaml"))]


def bottom_edge(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not rendered"
    return box["y"] + box["height"]


def first_screen_problems(page: Page) -> list[str]:
    """What a phone reader would have to scroll for: sideways at all, or down to the verdict."""
    problems = []
    assert page.evaluate("window.scrollY") == 0
    for what, selector in [("claim", "h1.fc-claim__text"), ("verdict", ".fc-verdict h2")]:
        if (bottom := bottom_edge(page, selector)) > PHONE["height"]:
            problems.append(f"{what} ends at {bottom:.0f}px, below the {PHONE['height']}px screen")
    width, viewport = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]",
    )
    if width > viewport:
        problems.append(f"page is {width}px wide on a {viewport}px screen")
    return problems


def test_every_claim_page_shows_claim_and_verdict_on_a_phones_first_screen(
    open_site: OpenTab,
) -> None:
    tab = open_site(viewport=PHONE)
    problems = {}
    for slug in CLAIM_SLUGS:
        tab.goto(f"claims/{slug}/")
        assert tab.page.evaluate("window.innerWidth") == PHONE["width"]
        if found := first_screen_problems(tab.page):
            problems[slug] = found
    assert not problems, problems


@pytest.mark.parametrize("slug", CLAIM_SLUGS)
def test_printed_claim_page_spells_out_each_source_url(open_site: OpenTab, slug: str) -> None:
    data = yaml.safe_load((ROOT / "claims" / f"{slug}.yaml").read_text(encoding="utf-8"))
    tab = open_site()
    tab.goto(f"claims/{slug}/")
    urls = tab.page.locator(".fc-source .fc-source__url")
    # On screen the link is enough; on paper nobody can click it, so the address is printed.
    assert [url.is_visible() for url in urls.all()] == [False] * len(data["sources"])

    tab.page.emulate_media(media="print")
    printed = [
        (url.evaluate("span => getComputedStyle(span).display"), url.inner_text())
        for url in urls.all()
    ]
    assert [text for _, text in printed] == [source["url"] for source in data["sources"]]
    assert all(display != "none" for display, _ in printed), printed
