"""Long lists split into pages: what a reader gets when a list outgrows `claims_per_page`.

The bundled nine claims fit on one page at the default size, so this module builds a copy of
the project with `claims_per_page: 2`: the list of all fact-checks then has five pages, and
every rating, claimant and topic with more than two claims has more than one. Each list is
read the way a reader (or a crawler) goes through it: from page 1, following rel="next".
"""

from __future__ import annotations

import math
import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from support import (
    CLAIMS,
    PAGES,
    PER_PAGE,
    RATINGS,
    SETTINGS,
    SLUGS,
    claim_slug_of,
    parse_html,
    resolve,
    text_of,
)


def here_of(site: Path, html_file: Path) -> str:
    return html_file.relative_to(site).as_posix()


def pager(soup: BeautifulSoup) -> Tag | None:
    return soup.select_one('article nav.fc-pager[aria-label="Pages"]')


def listed(site: Path, here: str, soup: BeautifulSoup) -> list[str]:
    """The claims a list page shows, as slugs."""
    links = soup.select("article .fc-index a.fc-list__claim")
    return [claim_slug_of(site, here, a["href"]) for a in links]


def rel_link(soup: BeautifulSoup, rel: str) -> Tag | None:
    nav = pager(soup)
    return nav.find("a", rel=rel) if nav else None


def walk(site: Path, first: str) -> list[tuple[str, BeautifulSoup]]:
    """Every page of one list, from page 1 (`first`, like 'claims/') along rel="next"."""
    pages = []
    here = f"{first}index.html"
    while True:
        soup = parse_html(site / here)
        pages.append((here, soup))
        following = rel_link(soup, "next")
        if following is None:
            return pages
        path, _fragment = resolve(site, here, following["href"])
        assert path.is_file(), following["href"]
        here = here_of(site, path)
        assert len(pages) <= len(SLUGS), "rel=next goes round in circles"


def page_url(first: str, number: int) -> str:
    return first if number == 1 else f"{first}page-{number}/"


# --------------------------------------------------------------------------- all fact-checks


def test_page_one_lists_its_share_and_links_to_page_two(paged_site: Path) -> None:
    soup = parse_html(paged_site / "claims" / "index.html")
    assert len(listed(paged_site, "claims/index.html", soup)) == PER_PAGE
    following = rel_link(soup, "next")
    assert following is not None and following["href"] == "page-2/"
    assert rel_link(soup, "prev") is None
    current = pager(soup).select('[aria-current="page"]')
    assert [text_of(c) for c in current] == [f"Page 1 of {PAGES}"]
    assert text_of(soup.find("h1")) == "All fact-checks"


def test_the_last_page_goes_back_and_no_further(paged_site: Path) -> None:
    here = f"claims/page-{PAGES}/index.html"
    soup = parse_html(paged_site / here)
    assert len(listed(paged_site, here, soup)) == len(SLUGS) - PER_PAGE * (PAGES - 1)
    assert rel_link(soup, "next") is None
    assert rel_link(soup, "prev")["href"] == f"../page-{PAGES - 1}/"
    assert text_of(pager(soup).select_one('[aria-current="page"]')) == f"Page {PAGES} of {PAGES}"


def test_every_claim_is_on_exactly_one_page_of_the_list_newest_first(paged_site: Path) -> None:
    pages = walk(paged_site, "claims/")
    assert [here for here, _soup in pages] == [
        f"{page_url('claims/', n)}index.html" for n in range(1, PAGES + 1)
    ]
    shown = [slug for here, soup in pages for slug in listed(paged_site, here, soup)]
    assert sorted(shown) == sorted(SLUGS)
    published = [CLAIMS[slug]["published"] for slug in shown]
    assert published == sorted(published, reverse=True)


@pytest.mark.parametrize("number", range(2, PAGES + 1))
def test_later_pages_say_which_page_they_are_and_count_the_whole_list(
    paged_site: Path, number: int
) -> None:
    soup = parse_html(paged_site / "claims" / f"page-{number}" / "index.html")
    title = f"All fact-checks (page {number} of {PAGES})"
    assert text_of(soup.find("h1")) == title
    assert text_of(soup.find("title")).startswith(title)
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith(f"Page {number} of {PAGES}. Every fact-check")
    assert f"{len(SLUGS)} fact-checks, newest first." in text_of(soup.select_one("article"))


def test_pager_links_to_first_and_last_and_nothing_more(paged_site: Path) -> None:
    here = "claims/page-3/index.html"
    soup = parse_html(paged_site / here)
    links = {a.get("aria-label", text_of(a)): a["href"] for a in pager(soup).find_all("a")}
    assert links == {
        "First page": "../",
        "Previous page": "../page-2/",
        f"Page 3 of {PAGES}": "./",
        "Next page": "../page-4/",
        "Last page": f"../page-{PAGES}/",
    }
    for href in links.values():
        assert resolve(paged_site, here, href)[0].is_file(), href
    # the arrows are decoration; each link's name holds the word it shows, so a reader using
    # voice control can say what they see
    visible = [text_of(a).strip("«‹›» ") for a in pager(soup).find_all("a")]
    assert visible == ["First", "Previous", f"Page 3 of {PAGES}", "Next", "Last"]
    for a in pager(soup).find_all("a"):
        assert text_of(a).strip("«‹›» ") in a.get("aria-label", text_of(a))
    for arrow in pager(soup).select("a > span[aria-hidden]"):
        assert text_of(arrow) in "«‹›»"


def test_only_page_one_is_in_the_navigation(paged_site: Path) -> None:
    """The site's navigation (the sidebar of the editors' pages) names each list once."""
    here = "contributing/index.html"
    nav = parse_html(paged_site / here).select_one("nav.md-nav--primary")
    targets = {
        here_of(paged_site, resolve(paged_site, here, a["href"])[0])
        for a in nav.find_all("a", href=True)
    }
    assert "claims/index.html" in targets
    assert not any("page-" in target for target in targets), targets
    for number in (1, 2):  # readers' pages have the masthead's menu, and no sidebar at all
        page = parse_html(paged_site / f"{page_url('claims/', number)}index.html")
        assert page.select_one("nav.md-nav--primary") is None


def test_the_sitemap_lists_every_page_of_the_list(paged_site: Path) -> None:
    locs = {
        loc.text
        for loc in ET.parse(paged_site / "sitemap.xml").iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    }
    for number in range(1, PAGES + 1):
        assert SETTINGS.page_url(page_url("claims/", number)) in locs


def test_the_home_page_and_feeds_ignore_the_page_size(paged_site: Path) -> None:
    home = parse_html(paged_site / "index.html")
    # the newest fact-check is featured, the others follow it in the list
    latest = home.select(".fc-featured a.fc-list__claim, .fc-latest a.fc-list__claim")
    assert len(latest) == min(SETTINGS.latest_count, len(SLUGS))
    assert f"See all {len(SLUGS)} fact-checks" in text_of(home.select_one(".fc-latest"))
    feed = ET.parse(paged_site / "feeds" / "all.xml")
    entries = feed.getroot().findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == len(SLUGS)


# --------------------------------------------------------------------------- groups


def expected_groups() -> dict[str, set[str]]:
    """List page 1 -> the claims it must show across its pages, for ratings and topics."""
    groups: dict[str, set[str]] = {f"ratings/{key}/": set() for key in RATINGS}
    for slug, data in CLAIMS.items():
        groups[f"ratings/{data['verdict']['rating']}/"].add(slug)
        for topic in data.get("topics", []):
            groups.setdefault(f"topics/{topic}/", set()).add(slug)
    return groups


def test_a_rating_with_more_claims_than_a_page_is_paginated(paged_site: Path) -> None:
    key, slugs = max(
        ((k, {s for s, c in CLAIMS.items() if c["verdict"]["rating"] == k}) for k in RATINGS),
        key=lambda pair: len(pair[1]),
    )
    assert len(slugs) > PER_PAGE, "the bundled claims no longer fill two pages of one rating"
    pages = walk(paged_site, f"ratings/{key}/")
    assert len(pages) == math.ceil(len(slugs) / PER_PAGE)
    here, soup = pages[1]
    assert here == f"ratings/{key}/page-2/index.html"
    assert text_of(soup.find("h1")) == f"{RATINGS[key].label} (page 2 of {len(pages)})"
    assert soup.title.get_text().startswith(f"Rated: {RATINGS[key].label} (page 2 of {len(pages)})")
    assert RATINGS[key].meaning in text_of(soup.select_one(".fc-rating-meaning"))


@pytest.mark.parametrize("first", sorted(expected_groups()))
def test_every_rating_and_topic_shows_each_of_its_claims_once(paged_site: Path, first: str) -> None:
    expected = expected_groups()[first]
    pages = walk(paged_site, first)
    assert len(pages) == max(1, math.ceil(len(expected) / PER_PAGE))
    shown = [slug for here, soup in pages for slug in listed(paged_site, here, soup)]
    assert sorted(shown) == sorted(expected)
    assert all(len(listed(paged_site, here, soup)) <= PER_PAGE for here, soup in pages)
    if len(pages) == 1:
        assert pager(pages[0][1]) is None  # no pager when there is nothing to page through


def test_claimant_pages_count_all_their_claims_on_every_page(paged_site: Path) -> None:
    claimants = parse_html(paged_site / "claimants" / "index.html").select(".fc-groups a")
    paginated = 0
    seen: list[str] = []
    for a in claimants:
        first = posixpath.normpath(f"claimants/{a['href']}") + "/"
        pages = walk(paged_site, first)
        shown = [slug for here, soup in pages for slug in listed(paged_site, here, soup)]
        for _here, soup in pages:
            assert f"{len(shown)} fact-checked claims." in text_of(soup.select_one("article"))
        paginated += len(pages) > 1
        seen += shown
    assert sorted(seen) == sorted(SLUGS)
    assert paginated, "no claimant has more claims than a page holds"


def test_later_pages_of_a_topic_advertise_the_topics_feed(paged_site: Path) -> None:
    topic = max(expected_groups(), key=lambda first: len(expected_groups()[first]))
    assert topic.startswith("topics/")
    soup = parse_html(paged_site / topic / "page-2" / "index.html")
    feeds = [link["href"] for link in soup.find_all("link", rel="feed")]
    name = topic.split("/")[1]
    assert any(href.endswith(f"feeds/topics/{name}.xml") for href in feeds), feeds
