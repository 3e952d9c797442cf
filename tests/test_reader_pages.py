"""A newsroom's pages, not a documentation site: the built HTML of every page as a reader meets
it. Every readers' page has the masthead (logo, name, search box, menu of the sections) and the
footer, and none has documentation sidebars or generator branding; the editors' pages keep their
documentation layout. Lists are cards; claimants have a scorecard; `/ratings/` lists the scale;
plurals are words, never "(s)"."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from factcheck.render import pagefind_key
from factcheck.settings import load_settings
from support import ROOT, parse_html, squash, text_of

SETTINGS = load_settings(ROOT / "mkdocs.yml")
RATINGS = SETTINGS.ratings_by_key
CLAIMS = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "claims").glob("*.yaml"))
}


def built_path(page: Path) -> str:
    """docs/about.md -> about/index.html, docs/contributing/index.md -> contributing/index.html"""
    path = page.relative_to(ROOT / "docs").with_suffix("").as_posix().removesuffix("index")
    return f"{path.rstrip('/')}/index.html".lstrip("/")


def says_editors(page: Path) -> bool:
    text = page.read_text(encoding="utf-8")
    front = text.split("---\n")[1] if text.startswith("---\n") else ""
    return (yaml.safe_load(front) or {}).get("audience") == "editors"


# Hand-written pages whose front matter says so, and the generator's due-for-review list.
EDITORS_PAGES = {
    built_path(page) for page in (ROOT / "docs").rglob("*.md") if says_editors(page)
} | {"review/index.html"}
MENU = ["Fact-checks", "Who said it", "Topics", "How we rate", "About"]


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, BeautifulSoup]:
    """Every built page (redirects for renamed claims aside): site path -> parsed page."""
    found = {}
    for path in sorted(built_site.rglob("*.html")):
        soup = parse_html(path)
        if soup.find("meta", attrs={"http-equiv": "refresh"}) is None:
            found[path.relative_to(built_site).as_posix()] = soup
    return found


def reader_pages(pages: dict[str, BeautifulSoup]) -> Iterator[tuple[str, BeautifulSoup]]:
    return ((here, soup) for here, soup in pages.items() if here not in EDITORS_PAGES)


def target(here: str, href: str) -> str:
    """Where a relative or root-absolute link on the page at `here` leads, as a site path."""
    path = urlsplit(href).path
    base = "/" if path.startswith("/") else "/" + posixpath.dirname(here)
    resolved = posixpath.normpath(posixpath.join(base, path))
    return resolved.lstrip("/") + ("/" if path.endswith("/") and resolved != "/" else "")


def test_every_readers_page_has_the_masthead_menu_search_box_and_footer(
    pages: dict[str, BeautifulSoup],
) -> None:
    checked = 0
    for here, soup in reader_pages(pages):
        masthead = soup.select_one("header.fc-masthead")
        assert masthead is not None, here
        brand = masthead.select_one("a.fc-brand")
        assert text_of(brand) == SETTINGS.site_name, here
        assert target(here, brand.find("img")["src"]) == SETTINGS.organisation.logo, here
        menu = masthead.find("nav", attrs={"aria-label": "Sections"})
        assert [text_of(a) for a in menu.find_all("a")] == MENU, here
        search = masthead.find("form", role="search")
        assert target(here, search["action"]) == "find/", here
        assert search["method"] == "get" and search.find("input", attrs={"name": "q"}), here
        footer = soup.select_one("footer.fc-footer")
        links = {text_of(a): target(here, a["href"]) for a in footer.find_all("a")}
        assert links["About us"] == "about/", here
        assert links["How we rate"] == "methodology/", here
        assert links["Corrections policy"] == "about/", here  # #corrections-policy
        assert links["Contact"] == "transparency/", here  # #contact
        assert links["Our team"] == "team/", here
        assert links["Suggest a claim"] == "suggest/", here
        assert links["For editors"] == "contributing/", here
        assert text_of(footer.select_one(".fc-footer__licence")) == squash(
            yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["copyright"]
        )
        checked += 1
    assert checked > 20


def test_readers_pages_have_no_documentation_chrome(pages: dict[str, BeautifulSoup]) -> None:
    """No navigation sidebar, table of contents, tabs, repository link, book logo or generator
    credit; one h1 per page."""
    for here, soup in reader_pages(pages):
        assert soup.select(".md-sidebar, .md-tabs, .md-source, .md-header, .md-source-file") == []
        assert soup.select_one(".fc-reader") is not None, here
        assert "Made with" not in text_of(soup.find("body")), here
        assert len(soup.find_all("h1")) == 1, here
        menu_links = {a["href"] for a in soup.select(".fc-menu a")}
        assert not any("contributing" in href or "benchmark" in href for href in menu_links)


def test_editors_pages_keep_the_documentation_layout(pages: dict[str, BeautifulSoup]) -> None:
    assert {"contributing/index.html", "benchmark/index.html"} <= EDITORS_PAGES
    for here in EDITORS_PAGES:
        soup = pages[here]
        assert soup.select_one(".fc-reader") is None, here
        assert soup.select_one(".md-sidebar--primary nav.md-nav--primary") is not None, here
        assert soup.select_one("header.fc-masthead") is not None, here


def test_the_browser_tab_names_the_page_then_the_site_and_the_home_page_once(
    pages: dict[str, BeautifulSoup],
) -> None:
    assert pages["index.html"].title.get_text() == SETTINGS.site_name
    for here, soup in pages.items():
        if here not in ("index.html", "404.html"):
            title = soup.title.get_text()
            assert title.endswith(f" - {SETTINGS.site_name}"), (here, title)
            assert title != f"{SETTINGS.site_name} - {SETTINGS.site_name}"


def test_the_menu_marks_the_section_the_reader_is_in(pages: dict[str, BeautifulSoup]) -> None:
    def active(here: str) -> list[str]:
        return [text_of(a) for a in pages[here].select(".fc-menu a.fc-menu__link--active")]

    slug = next(iter(CLAIMS))
    assert active(f"claims/{slug}/index.html") == ["Fact-checks"]
    assert active("ratings/true/index.html") == ["Fact-checks"]
    assert active("claimants/index.html") == ["Who said it"]
    assert active("about/index.html") == ["About"]
    assert active("index.html") == []
    current = pages["methodology/index.html"].select('.fc-menu a[aria-current="page"]')
    assert [text_of(a) for a in current] == ["How we rate"]


def test_no_page_writes_a_plural_as_s_in_brackets(pages: dict[str, BeautifulSoup]) -> None:
    """ "1 claim(s)" is a form, not a sentence; "build (s)" (seconds) is fine."""
    plural = re.compile(r"\w\(s\)")
    offenders = {here: plural.findall(soup.get_text()) for here, soup in pages.items()}
    assert {here: found for here, found in offenders.items() if found} == {}


# --------------------------------------------------------------------------- lists as cards


def test_every_card_has_badge_claim_claimant_and_publication_date(
    pages: dict[str, BeautifulSoup],
) -> None:
    by_claim = {squash(data["claim"]): data for data in CLAIMS.values()}
    cards = 0
    for here, soup in pages.items():
        for card in soup.select("li.fc-card"):
            data = by_claim[text_of(card.select_one("a.fc-card__claim"))]
            assert card.select_one(".fc-badge")["aria-label"].endswith(
                RATINGS[data["verdict"]["rating"]].label
            )
            date = card.select_one(".fc-card__date time")
            # the date of the fact-check, not of the claim
            assert date["datetime"] == data["published"].isoformat(), here
            claimant = card.select_one(".fc-card__claimant")
            if here.startswith("claimants/") and here != "claimants/index.html":
                assert claimant is None, "a claimant's page repeats their name on every card"
            else:
                assert text_of(claimant) == squash(data["claimant"]["name"]), here
            cards += 1
    assert cards >= 5 * len(CLAIMS)


def test_home_features_the_latest_fact_check_then_lists_and_browses(
    pages: dict[str, BeautifulSoup],
) -> None:
    home = pages["index.html"]
    newest = max(CLAIMS.values(), key=lambda data: data["published"])
    featured = home.select_one(".fc-featured")
    assert featured.select_one(".fc-badge--large") is not None
    assert text_of(featured.select_one(".fc-featured__summary")) in {
        squash(data["verdict"]["summary"])
        for data in CLAIMS.values()
        if data["published"] == newest["published"]
    }
    sections = [h["id"] for h in home.select("main h2, article h2") if h.get("id")]
    assert sections[:2] == ["featured-heading", "latest-heading"]
    assert {"browse-heading", "people-heading"} <= set(sections)


# --------------------------------------------------------------------------- claimants and ratings


@pytest.mark.parametrize("claimant", sorted({d["claimant"]["name"] for d in CLAIMS.values()}))
def test_claimant_page_has_a_scorecard_and_their_website(
    claimant: str, pages: dict[str, BeautifulSoup]
) -> None:
    theirs = [data for data in CLAIMS.values() if data["claimant"]["name"] == claimant]
    slug = re.sub(r"[^a-z0-9]+", "-", claimant.lower()).strip("-")
    soup = pages[f"claimants/{slug}/index.html"]
    assert text_of(soup.find("h1")) == claimant
    counts = Counter(data["verdict"]["rating"] for data in theirs)
    rows = soup.select("table.fc-scorecard tbody tr")
    assert [r.select_one(".fc-badge")["aria-label"] for r in rows] == [
        f"Rating: {rating.label}" for rating in SETTINGS.rating_scale
    ]
    assert [int(text_of(r.select_one(".fc-scorecard__count"))) for r in rows] == [
        counts.get(rating.key, 0) for rating in SETTINGS.rating_scale
    ]
    websites = {data["claimant"].get("url") for data in theirs} - {None}
    link = soup.select_one("a.fc-claimant-site")
    if websites:
        assert link["href"] in websites
    else:
        assert link is None


def test_the_search_page_lists_each_rating_used_and_everyone_with_their_counts(
    pages: dict[str, BeautifulSoup],
) -> None:
    """The filters are written into the page (the index is not asked for them): each rating
    in use in the scale's order, and, with ten claimants or fewer, every claimant, most
    fact-checks first, with nothing left to show."""
    soup = pages["find/index.html"]

    def options(name: str) -> list[tuple[str, int]]:
        found = soup.select(f'[data-filter="{name}"] .fc-filter__option')
        return [(o.input["value"], int(text_of(o.select_one(".fc-filter__count")))) for o in found]

    ratings = Counter(data["verdict"]["rating"] for data in CLAIMS.values())
    assert options("rating") == [
        (r.label, ratings[r.key]) for r in SETTINGS.rating_scale if ratings[r.key]
    ]
    claimants = Counter(data["claimant"]["name"] for data in CLAIMS.values())
    assert len(claimants) <= 10
    leading = sorted(claimants.items(), key=lambda item: (-item[1], item[0].casefold()))
    # a checkbox sends the name as the index stores it: `&` in "Headlines & Global News"
    assert options("claimant") == [(pagefind_key(name), count) for name, count in leading]
    assert soup.select_one('[data-filter="claimant"] .fc-filter__all').has_attr("hidden")


def test_the_ratings_index_lists_the_scale_with_counts_and_links(
    pages: dict[str, BeautifulSoup],
) -> None:
    soup = pages["ratings/index.html"]
    items = soup.select("li.fc-scale__item")
    assert [item.select_one(".fc-badge")["aria-label"] for item in items] == [
        f"Rating: {rating.label}" for rating in SETTINGS.rating_scale
    ]
    for item, rating in zip(items, SETTINGS.rating_scale, strict=True):
        assert target("ratings/index.html", item.find("a")["href"]) == f"ratings/{rating.key}/"
        count = sum(data["verdict"]["rating"] == rating.key for data in CLAIMS.values())
        noun = "fact-check" if count == 1 else "fact-checks"
        assert text_of(item.select_one(".fc-count")) == f"{count} {noun}"
        assert rating.meaning in text_of(item)


# --------------------------------------------------------------------------- claim pages


@pytest.mark.parametrize("slug", sorted(CLAIMS))
def test_sources_of_figures_and_responses_are_named_never_raw_addresses(
    slug: str, pages: dict[str, BeautifulSoup]
) -> None:
    soup = pages[f"claims/{slug}/index.html"]
    publishers = {s["url"]: s["publisher"] for s in CLAIMS[slug]["sources"]}
    for cell in soup.select(".fc-figures td[data-label='Source']"):
        link = cell.find("a")
        assert not text_of(cell).startswith(("http://", "https://")), text_of(cell)
        if link and link["href"] in publishers:
            assert text_of(link) == squash(publishers[link["href"]])
    for footer in soup.select(".fc-counter footer"):
        assert "http" not in text_of(footer)


@pytest.mark.parametrize("slug", sorted(CLAIMS))
def test_the_claim_page_opens_with_the_byline_and_dates(
    slug: str, pages: dict[str, BeautifulSoup]
) -> None:
    head = pages[f"claims/{slug}/index.html"].select_one("article.fc-claim header.fc-claim__head")
    assert head.find("h1") is not None
    meta = head.select_one(".fc-article-meta")
    names = {m.key: m.name for m in SETTINGS.team}
    authors = [names[key] for key in CLAIMS[slug]["authors"]]
    assert text_of(meta.select_one(".fc-byline")).startswith(f"By {' and '.join(authors)}")
    assert meta.select_one(".fc-dates time")["datetime"] == CLAIMS[slug]["published"].isoformat()


# --------------------------------------------------------------------------- search


def pagefind_records(site: Path) -> list[dict]:
    records = []
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        records.append(json.loads(data[len(b"pagefind_dcd") :]))
    return records


def test_only_fact_checks_are_in_the_search_index(built_site: Path) -> None:
    records = pagefind_records(built_site)
    assert sorted(r["url"] for r in records) == sorted(f"/claims/{slug}/" for slug in CLAIMS)
    for record in records:
        slug = record["url"].split("/")[2]
        rating = RATINGS[CLAIMS[slug]["verdict"]["rating"]]
        assert record["meta"]["rating"] == rating.key
        assert record["filters"]["rating"] == [rating.label]
        assert record["meta"]["title"] == squash(CLAIMS[slug]["claim"])
        published = CLAIMS[slug]["published"]
        assert record["meta"]["published"] == f"{published.day} {published:%B %Y}"
        assert "Share this fact-check" not in record["content"]
