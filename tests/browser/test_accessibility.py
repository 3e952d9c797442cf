"""Accessibility in a real browser: axe-core, the accessibility tree, keyboard and both palettes."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import expect

from factcheck.settings import load_settings
from support import DESKTOP, PHONE, ROOT, SCHEMES, OpenTab, Tab, blocking, describe

pytestmark = pytest.mark.browser

RATINGS = load_settings(ROOT / "mkdocs.yml").ratings_by_key
CLAIM_SLUGS = [path.stem for path in sorted((ROOT / "claims").glob("*.yaml"))]
ICE_216 = "ice-removed-216000-convicted-criminals"
# Every kind of page: readers' pages, the search page with results, the 404 page, and the
# editors' pages (the benchmark's wide table included).
AUDITED_PAGES = [
    "", f"claims/{ICE_216}/", "claims/", "ratings/", "ratings/mostly-true/", "claimants/",
    "claimants/center-for-immigration-studies/", "topics/", "topics/immigration/",
    "methodology/", "about/", "transparency/", "team/", "team/desk/", "suggest/",
    "corrections/", "find/?q=68%2C000", "no/such/page/", "benchmark/", "contributing/",
    "contributing/claim-format/", "contributing/engines/", "review/",
]  # fmt: skip
MISSING = "no/such/page/"


def rating_label(slug: str) -> str:
    data = yaml.safe_load((ROOT / "claims" / f"{slug}.yaml").read_text(encoding="utf-8"))
    return RATINGS[data["verdict"]["rating"]].label


def open_page(tab: Tab, path: str) -> None:
    tab.goto(path, status=404 if path == MISSING else 200)
    if path.startswith("find/?"):  # the results are drawn by the search script
        tab.page.locator(".fc-find__list .fc-card").first.wait_for()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", AUDITED_PAGES, ids=lambda p: p or "home")
def test_axe_finds_no_serious_or_critical_violations(
    open_site: OpenTab, path: str, viewport: dict[str, int]
) -> None:
    tab = open_site(viewport=viewport)
    open_page(tab, path)
    violations = blocking(tab.run_axe())
    assert not violations, describe(violations)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", AUDITED_PAGES, ids=lambda p: p or "home")
def test_text_contrast_passes_in_light_and_dark_palettes(
    open_site: OpenTab, path: str, scheme: str
) -> None:
    tab = open_site(color_scheme=scheme)
    open_page(tab, path)
    # The palette really switched: otherwise the dark run would test the light one twice.
    expect(tab.page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    violations = tab.run_axe({"runOnly": ["color-contrast", "link-in-text-block"]})
    assert not violations, describe(violations)


def test_every_verdict_is_announced_with_its_rating(open_site: OpenTab) -> None:
    """A screen reader hears "Rating: Mostly true", not an icon or a colour."""
    tab = open_site()
    for slug in CLAIM_SLUGS:
        tab.goto(f"claims/{slug}/")
        name = f"Rating: {rating_label(slug)}"
        verdict = tab.page.get_by_role("region", name=name, exact=True)
        heading = verdict.get_by_role("heading", level=2, name=name, exact=True)
        expect(heading).to_be_visible()
        # The badge is one image named in words (its label inside); its drawing is decoration.
        label = rating_label(slug)
        assert yaml.safe_load(heading.aria_snapshot()) == [
            {f'heading "{name}" [level=2]': [{f'img "{name}"': label}]}
        ]


def test_keyboard_alone_reaches_every_link_on_a_claim_page(open_site: OpenTab) -> None:
    tab = open_site()
    tab.goto(f"claims/{ICE_216}/")
    page = tab.page
    links = page.locator("article.md-content__inner a[href]")
    wanted = {link.evaluate("a => a.href") for link in links.all() if link.is_visible()}
    assert wanted, "the claim page has no links to reach"

    # Bounded: one full cycle through every focusable element on the page, and then some.
    focusable = page.locator("a[href], button, input, select, textarea, [tabindex]").count()
    reached: set[str] = set()
    for _ in range(focusable + 10):
        page.keyboard.press("Tab")
        href = page.evaluate("() => document.activeElement.href || null")
        if href:
            reached.add(href)
        if wanted <= reached:
            break
    assert wanted <= reached, f"not reachable by Tab: {sorted(wanted - reached)}"


def test_keyboard_reaches_the_benchmark_tables_scrolling_box(open_site: OpenTab) -> None:
    """A table wider than the page scrolls in its own box, which a keyboard user must be able to
    focus to scroll (axe: scrollable-region-focusable)."""
    tab = open_site(viewport=PHONE)
    tab.goto("benchmark/")
    page = tab.page
    box = page.locator(".md-typeset__scrollwrap").first
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_accessible_name("Benchmark")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('md-typeset__scrollwrap')"):
            break
    else:
        raise AssertionError("the table's box is never focused by Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    expect(box).not_to_have_js_property("scrollLeft", 0)
