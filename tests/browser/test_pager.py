"""The pager of a long list in a real browser: accessible, readable in both palettes, usable on
a phone, and a reader can page through with it. Uses the site of tests/test_pagination.py
(the bundled claims, two per page)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support import PAGES, PHONE, SCHEMES, OpenTab, blocking, describe, serve_site

pytestmark = pytest.mark.browser

PAGED = ["claims/", "claims/page-3/", f"claims/page-{PAGES}/", "ratings/mostly-true/page-2/"]
# WCAG 2.2 target size (minimum), 2.5.8: 24 by 24 CSS pixels.
SMALLEST_TARGET = 24


@pytest.fixture(scope="module")
def site_url(paged_site: Path) -> Iterator[str]:
    """Overrides the bundled site's: `open_site` opens tabs on the paged site instead."""
    with serve_site(paged_site) as url:
        yield url


@pytest.mark.parametrize("path", PAGED)
def test_axe_finds_no_serious_or_critical_violations_on_paged_lists(
    open_site: OpenTab, path: str
) -> None:
    tab = open_site()
    tab.goto(path)
    violations = blocking(tab.run_axe())
    assert not violations, describe(violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_pager_text_contrast_passes_in_light_and_dark_palettes(
    open_site: OpenTab, scheme: str
) -> None:
    tab = open_site(color_scheme=scheme)
    tab.goto("claims/page-3/")
    expect(tab.page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    violations = tab.run_axe(
        {"runOnly": ["color-contrast", "link-in-text-block"], "include": [[".fc-pager"]]}
    )
    assert not violations, describe(violations)


def test_pager_fits_a_phone_with_targets_a_thumb_can_hit(open_site: OpenTab) -> None:
    tab = open_site(viewport=PHONE)
    tab.goto("claims/page-3/")
    page = tab.page
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport, f"page is {width}px wide on a {viewport}px screen"
    links = page.locator("nav.fc-pager a")
    assert links.count() == 5
    for link in links.all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport
        assert box["height"] >= SMALLEST_TARGET and box["width"] >= SMALLEST_TARGET, box


def test_a_reader_pages_through_the_list_and_back(open_site: OpenTab) -> None:
    tab = open_site()
    tab.goto("claims/")
    pager = tab.page.get_by_role("navigation", name="Pages")
    expect(pager.get_by_role("link", name="Previous page")).to_have_count(0)
    tab.follow(pager.get_by_role("link", name="Next page"))
    expect(tab.page).to_have_url(tab.url("claims/page-2/"))
    current = pager.locator('[aria-current="page"]')
    expect(current).to_have_text(f"Page 2 of {PAGES}")
    tab.follow(pager.get_by_role("link", name="Last page"))
    expect(tab.page).to_have_url(tab.url(f"claims/page-{PAGES}/"))
    expect(pager.get_by_role("link", name="Next page")).to_have_count(0)
    tab.follow(pager.get_by_role("link", name="First page"))
    expect(tab.page).to_have_url(tab.url("claims/"))
