"""Layout as readers get it, at 1366x900 and on a 375x812 phone: a newsroom's pages with no
documentation sidebars, nothing wider than the screen, every verdict badge shown and named, a
phone's first screen, a printed claim page.

Each page's full-length screenshot is saved, at both sizes (and dark for a few), to the folder
named by FACTCHECK_SCREENSHOTS, or else `screenshots/` in pytest's temporary folder, so a
person can look at what the tests saw. They are not committed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from support import PHONE, ROOT, OpenTab

pytestmark = pytest.mark.browser

CLAIM_SLUGS = [path.stem for path in sorted((ROOT / "claims").glob("*.yaml"))]
WIDE = {"width": 1366, "height": 900}
SIZES = {"desktop": WIDE, "phone": PHONE}
ICE_216 = "ice-removed-216000-convicted-criminals"
# Every readers' page kind, by the name its screenshot gets.
READER_PAGES = {
    "home": "",
    "claim": f"claims/{ICE_216}/",
    "claim-corrected": "claims/ice-released-68000-criminal-aliens/",
    "fact-checks": "claims/",
    "ratings": "ratings/",
    "rating": "ratings/mostly-true/",
    "claimants": "claimants/",
    "claimant": "claimants/center-for-immigration-studies/",
    "topics": "topics/",
    "topic": "topics/immigration/",
    "methodology": "methodology/",
    "about": "about/",
    "transparency": "transparency/",
    "team": "team/",
    "team-member": "team/desk/",
    "suggest": "suggest/",
    "corrections": "corrections/",
    "search": "find/?q=68%2C000",
    "not-found": "no/such/page/",
}
EDITORS_PAGES = {"contributing": "contributing/", "benchmark": "benchmark/"}
DARK_TOO = {"home", "claim", "search", "claimant"}


# Everything in the page's main parts whose right edge is past the screen's, unless it is hidden
# or a box inside the screen (matching `boxes`) clips it or scrolls it sideways by design: the
# menu on a phone, and on an editors' page a wide table. On a readers' page a table must fit.
OVERFLOW = """(boxes) => {
    const width = document.documentElement.clientWidth;
    const found = [];
    if (document.documentElement.scrollWidth > width) {
        found.push(`page is ${document.documentElement.scrollWidth}px wide`);
    }
    const inABox = (element) => {
        for (let a = element.parentElement; a && a !== document.body; a = a.parentElement) {
            const clips = getComputedStyle(a).overflowX !== "visible" && a.matches(boxes);
            if (clips && a.getBoundingClientRect().right <= width + 1) {
                return true;
            }
        }
        return false;
    };
    const parts = ".md-main *, .fc-masthead *, .fc-footer *";
    for (const element of document.querySelectorAll(parts)) {
        const box = element.getBoundingClientRect();
        const shown = box.width && getComputedStyle(element).visibility !== "hidden";
        const hidden = element.closest(".fc-visually-hidden, [hidden]");
        if (shown && !hidden && box.right > width + 1 && !inABox(element)) {
            const name = `${element.tagName.toLowerCase()}.${element.className}`;
            found.push(`${name} ends at ${Math.round(box.right)}px`);
        }
    }
    return found.slice(0, 5);
}"""


def sideways_overflow(page: Page, boxes: str = ".fc-menu__list") -> list[str]:
    """Anything wider than the screen: the page itself, or an element sticking out of it."""
    return page.evaluate(OVERFLOW, boxes)


def open_reader_page(open_site: OpenTab, name: str, path: str, **options: object) -> Page:
    tab = open_site(**options)
    tab.goto(path, status=404 if name == "not-found" else 200)
    if name == "search":
        tab.page.locator(".fc-find__list .fc-card").first.wait_for()
    return tab.page


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", READER_PAGES)
def test_readers_page_is_a_newsroom_page_that_fits_the_screen(
    open_site: OpenTab, screenshots: Path, name: str, size: str
) -> None:
    page = open_reader_page(open_site, name, READER_PAGES[name], viewport=SIZES[size])
    page.screenshot(path=screenshots / f"{name}-{size}.png", full_page=True)
    # no documentation chrome: no sidebar, no table of contents, no tabs
    for chrome in (".md-sidebar", ".md-tabs", ".md-nav", ".md-source-file"):
        assert page.locator(chrome).count() == 0 or not page.locator(chrome).first.is_visible()
    expect(
        page.get_by_role("banner").get_by_role("searchbox", name="Search fact-checks")
    ).to_be_visible()
    menu = page.get_by_role("navigation", name="Sections")
    for section in ("Fact-checks", "Who said it", "Topics", "How we rate", "About"):
        expect(menu.get_by_role("link", name=section, exact=True)).to_be_visible()
    assert sideways_overflow(page) == []
    # every verdict badge on the page is seen, and heard by its words
    badges = page.locator("main .fc-badge")
    for badge in badges.all():
        expect(badge).to_be_visible()
        assert badge.get_attribute("role") == "img"
        assert (badge.get_attribute("aria-label") or "").startswith("Rating: ")


@pytest.mark.parametrize("name", sorted(DARK_TOO))
def test_dark_pages_are_saved_for_a_look(open_site: OpenTab, screenshots: Path, name: str) -> None:
    for size, viewport in SIZES.items():
        page = open_reader_page(
            open_site, name, READER_PAGES[name], viewport=viewport, color_scheme="dark"
        )
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        page.screenshot(path=screenshots / f"{name}-{size}-dark.png", full_page=True)
        assert sideways_overflow(page) == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", EDITORS_PAGES)
def test_editors_pages_keep_their_guide_layout_and_fit_the_screen(
    open_site: OpenTab, screenshots: Path, name: str, size: str
) -> None:
    tab = open_site(viewport=SIZES[size])
    tab.goto(EDITORS_PAGES[name])
    tab.page.screenshot(path=screenshots / f"{name}-{size}.png", full_page=True)
    sidebar = tab.page.locator(".md-sidebar--primary")
    if size == "desktop":
        expect(sidebar).to_be_visible()
    else:  # on a phone the guide's pages are in a drawer behind the menu button
        tab.page.get_by_title("Pages for editors").click()
        expect(sidebar.get_by_role("link", name="Claim file format")).to_be_visible()
    assert sideways_overflow(tab.page, "*") == []


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
