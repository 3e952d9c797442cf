"""The built site, beyond what tests/test_site.py checks: links that lead somewhere true.

tests/test_site.py checks each claim page, its JSON-LD and the index pages of the bundled site.
This module adds what a reader following links would notice: where the claim was made is a
link to it; the analysis reaches the page as written; a claim page's claimant and topic links
lead to pages that list it; every badge in every list shows that claim's own rating; counts
match the claim files; the head's URLs agree; every `#fragment` and every `src` exists.
The bundled claims all use the same optional fields, so a second build adds a claim that uses
the other branches: an `updated` date, a title-only appearance, no analysis, no figures, no
response from the other side, no topics, a person as claimant and a rating off the scale.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup

from support import (
    CLAIMS,
    RATINGS,
    SETTINGS,
    SLUGS,
    build_with_mkdocs,
    claim_data,
    claim_slug_of,
    copy_project,
    parse_html,
    resolve,
    squash,
    text_of,
)

Page = Callable[[str], BeautifulSoup]


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


@pytest.fixture(scope="module")
def all_pages(built_site: Path) -> dict[str, BeautifulSoup]:
    """Every built HTML page, parsed once for this module: site path -> parsed page."""
    return {
        path.relative_to(built_site).as_posix(): parse_html(path)
        for path in sorted(built_site.rglob("*.html"))
    }


# --------------------------------------------------------------------------- claim pages


@pytest.mark.parametrize("slug", SLUGS)
def test_claim_page_links_to_where_the_claim_was_made(slug: str, page: Page) -> None:
    data = CLAIMS[slug]
    claimant = page(f"claims/{slug}").select_one(".fc-claimant")
    assert claimant is not None
    appearance = data["appearance"]
    if appearance.get("url"):
        link = claimant.find("a", href=appearance["url"])
        assert link is not None
        # an address without a title is named by its site, never printed raw
        site = urlsplit(appearance["url"]).hostname.removeprefix("www.")
        assert text_of(link) == squash(appearance.get("title") or site)
    else:
        assert text_of(claimant.find("cite")) == squash(appearance["title"])
    if data["claimant"].get("url"):
        link = claimant.find("a", href=data["claimant"]["url"])
        assert link is not None and text_of(link) == squash(data["claimant"]["name"])


@pytest.mark.parametrize("slug", [s for s in SLUGS if CLAIMS[s].get("analysis")])
def test_claim_page_shows_the_analysis_as_written(slug: str, page: Page) -> None:
    # What the editor's Markdown says, read by the reference Markdown library itself
    written = BeautifulSoup(
        markdown.markdown(CLAIMS[slug]["analysis"], extensions=["tables", "sane_lists"]),
        "html.parser",
    )
    shown = page(f"claims/{slug}").select_one(".fc-analysis")
    assert text_of(shown) == text_of(written)
    assert [a["href"] for a in shown.find_all("a")] == [a["href"] for a in written.find_all("a")]
    # links an editor writes lead off the site and vouch for nothing, like every outside link
    for link in shown.find_all("a"):
        assert "nofollow" in link["rel"]


@pytest.mark.parametrize("slug", SLUGS)
def test_claimant_and_topic_links_lead_to_pages_listing_the_claim(
    slug: str, built_site: Path, all_pages: dict[str, BeautifulSoup]
) -> None:
    here = f"claims/{slug}/index.html"
    related = all_pages[here].select_one(".fc-related")
    assert related is not None
    targets = {
        resolve(built_site, here, a["href"])[0].relative_to(built_site).as_posix(): text_of(a)
        for a in related.find_all("a", href=True)
        if not a.find_parent(class_="fc-list")
    }
    topics = CLAIMS[slug].get("topics", [])
    assert {f"topics/{t}/index.html" for t in topics} <= set(targets)
    claimant_pages = [t for t in targets if t.startswith("claimants/")]
    assert len(claimant_pages) == 1
    assert targets[claimant_pages[0]] == squash(CLAIMS[slug]["claimant"]["name"])
    for target in [*claimant_pages, *(f"topics/{t}/index.html" for t in topics)]:
        listed = {
            claim_slug_of(built_site, target, a["href"])
            for a in all_pages[target].select("a.fc-list__claim")
        }
        assert slug in listed, target


@pytest.mark.parametrize("slug", SLUGS)
def test_claim_page_head_urls_and_description_agree(slug: str, page: Page) -> None:
    data = CLAIMS[slug]
    soup = page(f"claims/{slug}")
    url = SETTINGS.page_url(f"claims/{slug}/")
    review = json.loads(soup.find("script", type="application/ld+json").string)
    assert soup.find("link", rel="canonical")["href"] == url
    assert soup.find("meta", property="og:url")["content"] == url
    assert review["url"] == url
    label = RATINGS[data["verdict"]["rating"]].label
    description = f"{label}: {squash(data['verdict']['summary'])}"
    assert squash(soup.find("meta", attrs={"name": "description"})["content"]) == description
    assert squash(soup.find("meta", property="og:description")["content"]) == description
    assert soup.find("meta", property="og:type")["content"] == "article"
    if not data.get("updated") and not data.get("corrections"):
        assert "dateModified" not in review


# --------------------------------------------------------------------------- lists and counts


def test_every_listed_claim_shows_its_own_rating(
    built_site: Path, all_pages: dict[str, BeautifulSoup]
) -> None:
    """On every page, each item of a claim list carries the badge of that claim's rating."""
    checked = 0
    for here, soup in all_pages.items():
        if here == "corrections/index.html":
            continue  # lists corrections, not claims: see the corrections log test below
        for item in soup.select("li.fc-list__item"):
            slugs = {claim_slug_of(built_site, here, a["href"]) for a in item.find_all("a")}
            slugs.discard(None)
            assert len(slugs) == 1, (here, str(item)[:200])
            rating = RATINGS[CLAIMS[slugs.pop()]["verdict"]["rating"]]
            badge = item.select_one(".fc-badge")
            assert text_of(badge) == rating.label, here
            assert badge["aria-label"] == f"Rating: {rating.label}", here
            assert badge.find("svg", class_=f"fc-icon--{rating.shape}")["aria-hidden"] == "true"
            checked += 1
    # the home page, the claims index and each claim's page, rating, claimant and topics
    assert checked >= 5 * len(SLUGS)


def test_the_corrections_log_lists_every_correction_with_its_rating_change(
    built_site: Path, all_pages: dict[str, BeautifulSoup]
) -> None:
    """Each bundled correction is listed once; a change of rating shows the old and new rating."""
    here = "corrections/index.html"
    items = all_pages[here].select(".fc-corrections li.fc-list__item")
    key_of_label = {r.label: key for key, r in RATINGS.items()}
    expected = []
    for slug, data in CLAIMS.items():
        corrections = data.get("corrections", [])
        for index, correction in enumerate(corrections):
            later = [
                c["previous_rating"] for c in corrections[index + 1 :] if "previous_rating" in c
            ]
            new = later[0] if later else data["verdict"]["rating"]
            change = (
                (correction["previous_rating"], new) if "previous_rating" in correction else None
            )
            expected.append((slug, str(correction["date"]), change))
    assert expected, "no bundled claim has a correction"
    listed = []
    for item in items:
        slug = claim_slug_of(built_site, here, item.select_one("a.fc-list__claim")["href"])
        labels = [
            text_of(b).split("Rating:")[-1].strip() for b in item.select(".fc-change .fc-badge")
        ]
        change = tuple(key_of_label[label] for label in labels) or None
        listed.append((slug, item.time["datetime"], change))
    assert sorted(listed, key=str) == sorted(expected, key=str)


def expected_counts() -> dict[str, int]:
    return {key: sum(c["verdict"]["rating"] == key for c in CLAIMS.values()) for key in RATINGS}


def test_home_counts_each_rating_and_all_fact_checks(page: Page) -> None:
    soup = page("")
    shown = {}
    for item in soup.select(".fc-rating-counts li"):
        key = posixpath.basename(item.find("a")["href"].rstrip("/"))
        count = text_of(item.select_one(".fc-count"))
        number = int(count.split()[0])
        assert count == f"{number} fact-check{'' if number == 1 else 's'}"
        shown[key] = number
    assert shown == expected_counts()
    listed = soup.select(".fc-featured a.fc-list__claim, .fc-latest a.fc-list__claim")
    assert len(listed) == min(SETTINGS.latest_count, len(SLUGS))
    assert f"See all {len(SLUGS)} fact-checks" in text_of(soup.select_one(".fc-latest"))


def test_methodology_counts_each_rating(page: Page) -> None:
    soup = page("methodology")
    for key, count in expected_counts().items():
        link = soup.find("dt", id=key).find_next_sibling("dd").find("a")
        assert link["href"] == f"../ratings/{key}/"
        noun = "fact-check" if count == 1 else "fact-checks"
        assert text_of(link) == f"{count} {noun} rated {RATINGS[key].label}"


# --------------------------------------------------------------------------- links


def test_every_fragment_points_at_an_element_on_its_page(
    built_site: Path, all_pages: dict[str, BeautifulSoup]
) -> None:
    """`#history`, `methodology/#half-true`, `about/#corrections-policy`, the table of contents."""
    ids = {here: {tag["id"] for tag in soup.find_all(id=True)} for here, soup in all_pages.items()}
    broken = []
    for here, soup in all_pages.items():
        for a in soup.find_all("a", href=True):
            if not is_internal(a["href"]) or "#" not in a["href"]:
                continue
            path, fragment = resolve(built_site, here, a["href"])
            target = path.relative_to(built_site).as_posix()
            if fragment and fragment not in ids.get(target, set()):
                broken.append(f"{here} -> {a['href']}")
    assert broken == []


def test_every_script_and_image_source_exists(
    built_site: Path, all_pages: dict[str, BeautifulSoup]
) -> None:
    missing = []
    for here, soup in all_pages.items():
        for tag in soup.find_all(src=True):
            if is_internal(tag["src"]) and not resolve(built_site, here, tag["src"])[0].is_file():
                missing.append(f"{here} -> {tag['src']}")
    assert missing == []


# --------------------------------------------------------------------------- optional fields

EDGE_SLUG = "edge-case-claim"
EDGE_CLAIM = """\
claim: "The town library lends more e-books than printed books."
claimant:
  name: Jane Example
  kind: person
date: 2025-03-01
appearance:
  title: "Speech to the town council, March 2025"
published: 2025-04-01
updated: 2025-05-02
authors: [desk]
verdict:
  rating: unproven
  summary: "The library does not publish loan counts by format."
sources:
  - title: "Library annual report 2024"
    publisher: "Town Library"
    url: https://library.example.org/report-2024
counter_claims: []
"""


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("edge") / "project")
    (project / "claims" / f"{EDGE_SLUG}.yaml").write_text(EDGE_CLAIM, encoding="utf-8")
    site = project.parent / "site"
    result = build_with_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def edge_page(edge_site: Path) -> BeautifulSoup:
    return parse_html(edge_site / "claims" / EDGE_SLUG / "index.html")


def test_optional_fields_left_out_leave_no_empty_sections(edge_page: BeautifulSoup) -> None:
    main = edge_page.select_one("article.md-content__inner")
    headings = [text_of(h) for h in main.find_all("h2")]
    assert not any("Our analysis" in h or "Figures" in h or "Related" in h for h in headings)
    assert main.select_one(".fc-analysis, .fc-figures, .fc-related") is None
    assert any("What the other side says" in h for h in headings)
    counter = text_of(main.select_one(".fc-counter-claims"))
    assert counter == "We have not found or received a response."
    assert text_of(main.select_one(".fc-claimant cite")) == "Speech to the town council, March 2025"
    source = main.select_one(".fc-sources li")
    assert source.find("time") is None
    assert "Town Library" in text_of(source)


def test_updated_date_is_shown_and_is_the_claimreview_modified_date(
    edge_page: BeautifulSoup,
) -> None:
    dates = [t["datetime"] for t in edge_page.select(".fc-dates time")]
    assert dates == ["2025-04-01", "2025-05-02"]
    assert "Updated" in text_of(edge_page.select_one(".fc-dates"))
    review = json.loads(edge_page.find("script", type="application/ld+json").string)
    assert review["datePublished"] == "2025-04-01"
    assert review["dateModified"] == "2025-05-02"


def test_claimreview_of_a_rating_off_the_scale_by_a_person(edge_page: BeautifulSoup) -> None:
    review = json.loads(edge_page.find("script", type="application/ld+json").string)
    assert review["claimReviewed"] == "The town library lends more e-books than printed books."
    # "Unproven" has no place on the 1-5 scale: a number would tell search engines a verdict
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Jane Example"}
    assert item["datePublished"] == "2025-03-01"
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "headline": "Speech to the town council, March 2025",
    }


def test_lists_show_the_newest_fact_check_first(edge_site: Path) -> None:
    # The bundled claims share one publication date; the added claim is older than all of them.
    claims_dir = edge_site.parent / "project" / "claims"
    for here in ["index.html", "claims/index.html"]:
        soup = parse_html(edge_site / here)
        slugs = [claim_slug_of(edge_site, here, a["href"]) for a in soup.select("a.fc-list__claim")]
        published = [claim_data(slug, claims_dir)["published"] for slug in slugs]
        assert published == sorted(published, reverse=True), here
    claims_index = parse_html(edge_site / "claims" / "index.html")
    oldest = claims_index.select("a.fc-list__claim")[-1]["href"]
    assert claim_slug_of(edge_site, "claims/index.html", oldest) == EDGE_SLUG


@pytest.mark.parametrize("index", ["claims", "ratings/unproven", "claimants/jane-example"])
def test_a_new_claim_is_listed_on_its_index_pages(index: str, edge_site: Path) -> None:
    here = f"{index}/index.html"
    soup = parse_html(edge_site / here)
    slugs = [claim_slug_of(edge_site, here, a["href"]) for a in soup.select("a.fc-list__claim")]
    assert slugs.count(EDGE_SLUG) == 1
