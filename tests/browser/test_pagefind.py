"""Pagefind, the search that scales: its index holds the fact-checks (and nothing else), and the
Search page and the masthead's box answer in a browser with each result's verdict badge."""

from __future__ import annotations

import re
from functools import partial

import yaml
from playwright.sync_api import expect

from factcheck.settings import load_settings
from support import PHONE, ROOT, OpenTab, squash

SETTINGS = load_settings(ROOT / "mkdocs.yml")
SLUG = "ice-removed-216000-convicted-criminals"
CLAIMS = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "claims").glob("*.yaml"))
}


def test_pagefind_index_finds_a_claim_and_filters_by_rating_and_claimant(
    open_site: OpenTab,
) -> None:
    tab = open_site()
    tab.goto("find/")
    found = tab.page.evaluate(
        """async () => {
            const pagefind = await import("../pagefind/pagefind.js");
            const search = await pagefind.search("216,000");
            const pages = await Promise.all(search.results.map(r => r.data()));
            const filters = await pagefind.filters();
            const rated = await pagefind.search(null, {filters: {rating: "True"}});
            const everything = await pagefind.search(null, {sort: {published: "desc"}});
            return {
                urls: pages.map(p => p.url),
                filters: Object.keys(filters),
                ratings: Object.keys(filters.rating || {}),
                claimants: Object.keys(filters.claimant || {}),
                trueCount: rated.results.length,
                everything: everything.results.length,
            };
        }"""
    )
    assert any(url.endswith(f"/claims/{SLUG}/") for url in found["urls"]), found["urls"]
    assert all(re.search(r"/claims/[a-z0-9-]+/$", url) for url in found["urls"]), found["urls"]
    assert {"rating", "claimant"} <= set(found["filters"])
    assert "Mostly true" in found["ratings"]
    assert "U.S. Immigration and Customs Enforcement" in found["claimants"]
    expected_true = sum(1 for data in CLAIMS.values() if data["verdict"]["rating"] == "true")
    assert found["trueCount"] == expected_true
    assert found["everything"] == len(CLAIMS)  # fact-checks only: no list or index page


def test_the_masthead_box_on_a_claim_page_finds_claims_with_their_verdicts(
    open_site: OpenTab,
) -> None:
    """Typed into the masthead on a claim page: claim results, each with its badge, and no
    list pages among them."""
    for viewport in ({"width": 1366, "height": 900}, PHONE):
        tab = open_site(viewport=viewport)
        tab.goto(f"claims/{SLUG}/")
        box = tab.page.get_by_role("banner").get_by_role("searchbox", name="Search fact-checks")
        box.fill("68,000")
        tab.navigate(partial(box.press, "Enter"))
        tab.assert_clean()
        expect(tab.page).to_have_url(re.compile(r"/find/\?q=68%2C000$"))
        results = tab.page.locator(".fc-find__list > li")
        expect(results.first).to_be_visible()
        titles = {squash(data["claim"]): data for data in CLAIMS.values()}
        expect(tab.page.locator(".fc-find__status")).to_have_text(
            re.compile(rf"^{results.count()} fact-checks?$")
        )
        for result in results.all():
            link = result.locator("a.fc-card__claim")
            assert re.search(r"/claims/[a-z0-9-]+/$", link.get_attribute("href") or "")
            data = titles[squash(link.inner_text())]  # a claim, not a list page
            label = SETTINGS.ratings_by_key[data["verdict"]["rating"]].label
            expect(result.get_by_role("img", name=f"Rating: {label}", exact=True)).to_be_visible()
        # the search page's own box shows what was asked
        expect(tab.page.locator("#fc-find-q")).to_have_value("68,000")


def test_rating_filters_follow_the_scale_and_narrow_the_results(open_site: OpenTab) -> None:
    tab = open_site()
    tab.goto("find/?q=ICE")
    ratings = tab.page.get_by_role("group", name="Rating")
    boxes = ratings.get_by_role("checkbox")
    expect(boxes.first).to_be_visible()
    used = {data["verdict"]["rating"] for data in CLAIMS.values()}
    in_scale_order = [r.label for r in SETTINGS.rating_scale if r.key in used]
    names = [
        ratings.locator(".fc-badge").nth(i).get_attribute("aria-label")
        for i in range(boxes.count())
    ]
    assert names == [f"Rating: {label}" for label in in_scale_order]
    ratings.get_by_role("checkbox", name=re.compile(r"^Rating: Unproven")).check()
    results = tab.page.locator(".fc-find__list > li")
    unproven = sum(1 for data in CLAIMS.values() if data["verdict"]["rating"] == "unproven")
    expect(results).to_have_count(unproven)
    for result in results.all():
        expect(result.get_by_role("img", name="Rating: Unproven", exact=True)).to_be_visible()
    expect(tab.page).to_have_url(re.compile(r"rating=Unproven"))


def test_search_page_shows_results_a_reader_can_click(open_site: OpenTab) -> None:
    tab = open_site()
    tab.goto("find/")
    tab.page.locator("#fc-find-q").fill("216,000")
    result = tab.page.locator(".fc-find__list a.fc-card__claim").first
    result.wait_for()
    tab.follow(result)
    assert tab.page.url.endswith(f"/claims/{SLUG}/")
