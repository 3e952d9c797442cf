"""A reader's journeys through the built site in headless Chromium.

Every page a tab opens is checked by the `open_site` fixture: no console error, no uncaught
exception, no failed request or error status, and no request to anything but this machine.
"""

from __future__ import annotations

import re
from functools import partial

import pytest
from playwright.sync_api import Locator, Page, expect

from factcheck.settings import load_settings
from support import ROOT, OpenTab, Tab, claim_data, squash

pytestmark = pytest.mark.browser

RATINGS = load_settings(ROOT / "mkdocs.yml").ratings_by_key
CLAIM_SLUGS = [path.stem for path in sorted((ROOT / "claims").glob("*.yaml"))]
ICE_216 = "ice-removed-216000-convicted-criminals"


def site_menu(page: Page, name: str) -> Locator:
    """A link in the masthead's menu of the site's sections."""
    menu = page.get_by_role("navigation", name="Sections", exact=True)
    return menu.get_by_role("link", name=name, exact=True)


def content(page: Page) -> Locator:
    return page.locator("article.md-content__inner")


def expect_claim_page(page: Page, slug: str) -> dict:
    """The page is the claim's own: its URL, its claim as the title and its rating announced."""
    data = claim_data(slug)
    expect(page).to_have_url(re.compile(rf"/claims/{re.escape(slug)}/$"))
    expect(page.locator("h1.fc-claim__text")).to_contain_text(squash(data["claim"]))
    label = RATINGS[data["verdict"]["rating"]].label
    expect(page.get_by_role("heading", name=f"Rating: {label}", exact=True)).to_be_visible()
    return data


def search(tab: Tab, query: str) -> Locator:
    """Search as a reader does: type into the box in the masthead and press Enter."""
    box = tab.page.get_by_role("banner").get_by_role("searchbox", name="Search fact-checks")
    box.press_sequentially(query)
    tab.navigate(partial(box.press, "Enter"))
    tab.assert_clean()
    results = tab.page.locator("#fc-find .fc-find__list")
    expect(results.locator("a.fc-card__claim").first).to_be_visible()
    return results


def test_home_to_a_claim_through_the_index_then_its_sources(open_site: OpenTab) -> None:
    tab = open_site()
    tab.goto("")
    tab.follow(site_menu(tab.page, "Fact-checks"))
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("All fact-checks")

    data = claim_data(ICE_216)
    tab.follow(content(tab.page).get_by_role("link", name=squash(data["claim"]), exact=True))
    expect_claim_page(tab.page, ICE_216)

    # Each source is a visible link to the real document; the test does not leave the site.
    sources = tab.page.locator(".fc-sources li.fc-source > a")
    expect(sources).to_have_count(len(data["sources"]))
    for link, source in zip(sources.all(), data["sources"], strict=True):
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", source["url"])
        expect(link).to_have_text(squash(source["title"]))


def test_search_for_a_figure_leads_to_its_claim(open_site: OpenTab) -> None:
    tab = open_site()
    tab.goto("")
    results = search(tab, "216,000")
    # A result is a link named by the page's title; that is what the reader sees and clicks.
    hit = results.get_by_role("link", name=re.compile(r"removed 216,000 convicted"))
    tab.follow(hit.first)
    expect_claim_page(tab.page, ICE_216)


def test_search_narrowed_to_a_claimant_shows_only_their_claims(open_site: OpenTab) -> None:
    claimant = "Center for Immigration Studies"
    theirs = [s for s in CLAIM_SLUGS if claim_data(s)["claimant"]["name"] == claimant]
    tab = open_site()
    tab.goto("")
    results = search(tab, "ICE")
    filters = tab.page.get_by_role("group", name="Who said it")
    filters.get_by_role("checkbox", name=re.compile(rf"^{re.escape(claimant)}")).check()
    claims = results.locator("a.fc-card__claim")
    expect(claims).to_have_count(len(theirs))
    listed = sorted(squash(text) for text in claims.all_inner_texts())
    assert listed == sorted(squash(claim_data(s)["claim"]) for s in theirs)
    # the choice is in the address, so the narrowed results can be shared
    expect(tab.page).to_have_url(re.compile(r"claimant=Center\+for\+Immigration\+Studies"))
    tab.follow(claims.first)
    expect(tab.page.locator(".fc-claimant__name")).to_have_text(claimant)


def test_a_claim_leads_to_its_claimants_scorecard(open_site: OpenTab) -> None:
    data = claim_data(ICE_216)
    tab = open_site()
    tab.goto(f"claims/{ICE_216}/")
    related = tab.page.locator(".fc-more-from")
    tab.follow(related.get_by_role("link", name=data["claimant"]["name"], exact=True))
    expect(tab.page.get_by_role("heading", level=1)).to_have_text(data["claimant"]["name"])
    scorecard = tab.page.get_by_role(
        "table", name=f"How we rated claims by {data['claimant']['name']}"
    )
    expect(scorecard).to_be_visible()
    expect(
        scorecard.get_by_role("img", name=f"Rating: {RATINGS['mostly-true'].label}")
    ).to_be_visible()


def test_rating_page_lists_its_claims_and_leads_to_them(open_site: OpenTab) -> None:
    data = claim_data(ICE_216)
    rating = RATINGS[data["verdict"]["rating"]]
    tab = open_site()
    tab.goto(f"ratings/{rating.key}/")
    heading = tab.page.get_by_role("heading", level=1)
    expect(heading).to_have_accessible_name(f"Rating: {rating.label}")
    tab.follow(content(tab.page).get_by_role("link", name=squash(data["claim"]), exact=True))
    expect_claim_page(tab.page, ICE_216)


def test_missing_page_shows_the_sites_404_with_working_navigation(open_site: OpenTab) -> None:
    tab = open_site()
    tab.goto("no/such/claim/", status=404)
    expect(tab.page.get_by_role("heading", level=1)).to_have_text(re.compile("not found", re.I))
    # The 404 page is served at any depth, so its links must not be relative to where it is.
    tab.follow(site_menu(tab.page, "Fact-checks"))
    expect(tab.page).to_have_url(tab.url("claims/"))
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("All fact-checks")
