"""Pagefind, the search that scales: its index is built with the site and answers in a browser."""

from __future__ import annotations

from conftest import ROOT

from .conftest import OpenTab

SLUG = "ice-removed-216000-convicted-criminals"


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
            return {
                urls: pages.map(p => p.url),
                filters: Object.keys(filters),
                ratings: Object.keys(filters.rating || {}),
                claimants: Object.keys(filters.claimant || {}),
                trueCount: rated.results.length,
            };
        }"""
    )
    assert any(url.endswith(f"/claims/{SLUG}/") for url in found["urls"]), found["urls"]
    assert {"rating", "claimant"} <= set(found["filters"])
    assert "Mostly true" in found["ratings"]
    assert "U.S. Immigration and Customs Enforcement" in found["claimants"]
    expected_true = sum(
        1 for p in (ROOT / "claims").glob("*.yaml") if 'rating: "true"' in p.read_text()
    )
    assert found["trueCount"] == expected_true


def test_search_page_shows_results_a_reader_can_click(open_site: OpenTab) -> None:
    tab = open_site()
    tab.goto("find/")
    tab.page.locator("#fc-find input.pagefind-ui__search-input").fill("216,000")
    result = tab.page.locator(".pagefind-ui__result-link").first
    result.wait_for()
    tab.follow(result)
    assert tab.page.url.endswith(f"/claims/{SLUG}/")
