"""The built site, as a reader and a search engine get it: real MkDocs build, parsed HTML."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from factcheck.settings import load_settings
from support import ROOT, parse_html, squash, text_of

SETTINGS = load_settings(ROOT / "mkdocs.yml")
RATINGS = SETTINGS.ratings_by_key
CLAIM_FILES = sorted((ROOT / "claims").glob("*.yaml"))
Page = Callable[[str], BeautifulSoup]


def claim_data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_claim_file_is_bundled_and_published() -> None:
    assert len(CLAIM_FILES) >= 8


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.stem)
def test_claim_page_shows_claim_claimant_verdict_and_evidence(path: Path, page: Page) -> None:
    data = claim_data(path)
    soup = page(f"claims/{path.stem}")
    main = soup.select_one("article.md-content__inner")
    assert main is not None
    h1 = main.find("h1")
    assert squash(data["claim"]) in text_of(h1)

    claimant = text_of(main.select_one(".fc-claimant"))
    assert data["claimant"]["name"] in claimant
    assert main.select_one(".fc-claimant time")["datetime"] == data["date"].isoformat()
    appearance = data["appearance"]
    where = appearance.get("title") or urlsplit(appearance["url"]).hostname.removeprefix("www.")
    assert where in claimant

    rating = RATINGS[data["verdict"]["rating"]]
    verdict = main.select_one(".fc-verdict")
    heading = verdict.find("h2")
    assert text_of(heading) == rating.label
    # the badge is one image named in words; its drawing is decoration
    badge = heading.select_one(".fc-badge")
    assert (badge["role"], badge["aria-label"]) == ("img", f"Rating: {rating.label}")
    assert badge.find("svg")["aria-hidden"] == "true"
    assert squash(data["verdict"]["summary"]) in text_of(verdict)

    if data.get("analysis"):
        assert main.select_one(".fc-analysis p") is not None


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.stem)
def test_claim_page_lists_sources_counter_claims_and_figures(path: Path, page: Page) -> None:
    data = claim_data(path)
    main = page(f"claims/{path.stem}").select_one("article.md-content__inner")
    items = main.select(".fc-sources li")
    assert len(items) == len(data["sources"])
    for item, source in zip(items, data["sources"], strict=True):
        link = item.find("a")
        assert link["href"] == source["url"]
        assert squash(source["title"]) in text_of(link)
        assert squash(source["publisher"]) in text_of(item)
        if source.get("date"):
            assert item.find("time")["datetime"] == source["date"].isoformat()

    headings = [text_of(h) for h in main.find_all("h2")]
    assert any("What the other side says" in h for h in headings)
    quotes = main.select(".fc-counter-claims blockquote")
    assert len(quotes) == len(data["counter_claims"])
    for quote, counter in zip(quotes, data["counter_claims"], strict=True):
        assert squash(counter["statement"]) in text_of(quote)
        assert squash(counter["who"]) in text_of(quote)

    rows = main.select(".fc-figures tbody tr")
    assert len(rows) == len(data.get("figures", []))
    for row, figure in zip(rows, data.get("figures", []), strict=True):
        assert figure["value"] in text_of(row)


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.stem)
def test_claim_page_dates_related_links_and_head(path: Path, page: Page) -> None:
    data = claim_data(path)
    soup = page(f"claims/{path.stem}")
    dates = soup.select(".fc-dates time")
    assert dates[0]["datetime"] == data["published"].isoformat()
    if data.get("updated"):
        assert dates[1]["datetime"] == data["updated"].isoformat()
    topic_links = {a["href"] for a in soup.select(".fc-topics a")}
    assert topic_links == {f"../../topics/{t}/" for t in data.get("topics", [])}
    related = {a["href"] for a in soup.select(".fc-related .fc-list a")}
    for slug in data.get("related", []):
        assert f"../{slug}/" in related

    short = data.get("claim_short") or data["claim"]
    assert squash(short) in soup.title.get_text()
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert RATINGS[data["verdict"]["rating"]].label in description


def claim_links(soup: BeautifulSoup, selector: str) -> set[str]:
    """Links to claim pages inside the part of the page matched by selector."""
    links = set()
    for area in soup.select(selector):
        for a in area.find_all("a", href=True):
            if "claims/" in a["href"] and not a["href"].rstrip("/").endswith("claims"):
                links.add(a["href"])
    return links


@pytest.mark.parametrize("path", CLAIM_FILES[:3], ids=lambda p: p.stem)
def test_claim_pages_stay_out_of_the_sidebar(path: Path, page: Page) -> None:
    soup = page(f"claims/{path.stem}")
    assert claim_links(soup, "nav.md-nav--primary, .md-tabs") == set()


# --------------------------------------------------------------------------- JSON-LD


def claim_review(soup: BeautifulSoup) -> dict:
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.stem)
def test_claimreview_has_the_fields_google_requires(path: Path, page: Page) -> None:
    data = claim_data(path)
    review = claim_review(page(f"claims/{path.stem}"))
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == SETTINGS.page_url(f"claims/{path.stem}/")
    assert urlsplit(review["url"]).scheme == "https"
    reviewed = review["claimReviewed"]
    assert reviewed == (data.get("claim_short") or data["claim"])
    assert 0 < len(reviewed) <= 75
    assert review["datePublished"] == data["published"].isoformat()
    if data.get("updated"):
        assert review["dateModified"] == data["updated"].isoformat()
    assert review["author"] == {
        "@type": "Organization",
        "name": SETTINGS.organisation.name,
        "url": SETTINGS.organisation.url,
    }

    rating = RATINGS[data["verdict"]["rating"]]
    review_rating = review["reviewRating"]
    assert review_rating["@type"] == "Rating"
    assert review_rating["alternateName"] == rating.label
    if rating.value is not None:
        best, worst = review_rating["bestRating"], review_rating["worstRating"]
        assert review_rating["ratingValue"] == rating.value
        assert worst <= review_rating["ratingValue"] <= best

    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] == data["claimant"]["name"]
    assert item["author"]["@type"] in {"Person", "Organization"}
    assert item["datePublished"] == data["date"].isoformat()
    appearance = item["appearance"]
    assert appearance.get("url") or appearance.get("headline")


def test_pages_without_a_claim_carry_no_claimreview(page: Page) -> None:
    for url in ["", "claims", "methodology", "about"]:
        assert page(url).find("script", type="application/ld+json") is None


# --------------------------------------------------------------------------- index pages


def linked_slugs(soup: BeautifulSoup) -> list[str]:
    main = soup.select_one("article.md-content__inner")
    slugs = []
    for a in main.select(".fc-list a.fc-list__claim"):
        slugs.append(posixpath.basename(a["href"].rstrip("/")))
    return slugs


def test_home_lists_latest_fact_checks_with_badges(page: Page) -> None:
    soup = page("")
    slugs = linked_slugs(soup)
    assert slugs and set(slugs) <= {p.stem for p in CLAIM_FILES}
    for item in soup.select(".fc-latest .fc-list__item"):
        badge = text_of(item.select_one(".fc-badge"))
        assert any(r.label in badge for r in SETTINGS.rating_scale)
    rating_links = {a["href"] for a in soup.select(".fc-rating-counts a")}
    assert rating_links == {f"ratings/{key}/" for key in RATINGS}


def test_all_claims_index_lists_every_claim_once(page: Page) -> None:
    slugs = linked_slugs(page("claims"))
    assert sorted(slugs) == sorted(p.stem for p in CLAIM_FILES)


@pytest.mark.parametrize("key", list(RATINGS))
def test_each_rating_page_lists_exactly_its_claims(key: str, page: Page) -> None:
    expected = {p.stem for p in CLAIM_FILES if claim_data(p)["verdict"]["rating"] == key}
    soup = page(f"ratings/{key}")
    assert sorted(linked_slugs(soup)) == sorted(expected)
    assert RATINGS[key].meaning in text_of(soup.select_one(".fc-rating-meaning"))


def test_claimant_and_topic_pages_cover_every_claim(page: Page, built_site: Path) -> None:
    claimant_links = page("claimants").select(".fc-groups a")
    names = {squash(a.get_text()) for a in claimant_links}
    assert names == {squash(claim_data(p)["claimant"]["name"]) for p in CLAIM_FILES}
    seen: list[str] = []
    for a in claimant_links:
        seen += linked_slugs(page(f"claimants/{a['href'].rstrip('/')}"))
    assert sorted(seen) == sorted(p.stem for p in CLAIM_FILES)

    topics = {t for p in CLAIM_FILES for t in claim_data(p).get("topics", [])}
    topic_hrefs = {a["href"].rstrip("/") for a in page("topics").select(".fc-groups a")}
    assert topic_hrefs == topics
    for topic in topics:
        expected = {p.stem for p in CLAIM_FILES if topic in claim_data(p).get("topics", [])}
        assert set(linked_slugs(page(f"topics/{topic}"))) == expected


def test_methodology_page_explains_every_rating_of_the_scale(page: Page) -> None:
    soup = page("methodology")
    for rating in SETTINGS.rating_scale:
        term = soup.find("dt", id=rating.key)
        assert term is not None, rating.key
        assert rating.label in text_of(term)
        assert rating.meaning in text_of(term.find_next_sibling("dd"))


def test_about_page_has_a_corrections_policy(page: Page) -> None:
    headings = [text_of(h) for h in page("about").find_all("h2")]
    assert any("Corrections policy" in h for h in headings)


def test_every_internal_link_resolves_to_a_built_file(built_site: Path) -> None:
    broken = []
    for html_file in built_site.rglob("*.html"):
        here = html_file.relative_to(built_site).as_posix()
        soup = parse_html(html_file)
        for tag in soup.find_all(["a", "link"], href=True):
            href = tag["href"]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            # 404.html uses root-absolute links (the site is served from site_url's root)
            base = "" if parts.path.startswith("/") else posixpath.dirname(here)
            target = posixpath.normpath(posixpath.join(base, parts.path.lstrip("/")))
            path = built_site / target
            if href.endswith("/") or path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{here} -> {href}")
    assert broken == []


def test_no_page_lists_claims_in_its_navigation(built_site: Path) -> None:
    for html_file in built_site.rglob("*.html"):
        soup = parse_html(html_file)
        assert claim_links(soup, "nav.md-nav--primary, .md-tabs") == set(), html_file
