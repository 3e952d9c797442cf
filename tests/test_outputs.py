"""What the site publishes for machines and for sharing: feeds, data, meta tags, images."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import jsonschema
import pytest
import yaml

from factcheck.dataset import dataset_json_schema
from factcheck.settings import load_settings
from support import ROOT, build_with_mkdocs, copy_project, parse_html

ATOM = "application/atom+xml"
CLAIM_FILES = sorted((ROOT / "claims").glob("*.yaml"))
RATINGS = load_settings(ROOT / "mkdocs.yml").ratings_by_key


def rating_label(path: Path) -> str:
    return RATINGS[yaml.safe_load(path.read_text(encoding="utf-8"))["verdict"]["rating"]].label


def test_every_feed_parses_and_links_to_real_pages(built_site: Path) -> None:
    feeds = sorted((built_site / "feeds").rglob("*.xml"))
    assert len(feeds) >= 3
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.bozo_exception)
        assert feed.feed.title
        for entry in feed.entries:
            assert entry.link.startswith("https://factcheck.example.org/claims/")
            slug = entry.link.split("/claims/")[1].split("/")[0]
            assert (built_site / "claims" / slug / "index.html").exists()
    everything = feedparser.parse((built_site / "feeds" / "all.xml").read_bytes())
    assert len(everything.entries) == len(CLAIM_FILES)
    assert all(e.summary.startswith("Rating: ") for e in everything.entries)


def test_pages_advertise_their_feeds(built_site: Path) -> None:
    home = parse_html(built_site / "index.html")
    hrefs = [link["href"] for link in home.find_all("link", rel="alternate", type=ATOM)]
    assert "feeds/all.xml" in hrefs
    topic = parse_html(built_site / "topics" / "immigration" / "index.html")
    hrefs = [link["href"] for link in topic.find_all("link", rel="alternate", type=ATOM)]
    assert "../../feeds/topics/immigration.xml" in hrefs


def test_claims_json_matches_its_schema_and_the_claim_files(built_site: Path) -> None:
    data = json.loads((built_site / "claims.json").read_text(encoding="utf-8"))
    published_schema = json.loads((built_site / "schema" / "claims.schema.json").read_text())
    assert published_schema == dataset_json_schema()
    jsonschema.Draft202012Validator(published_schema).validate(data)
    by_slug = {c["slug"]: c for c in data["claims"]}
    assert set(by_slug) == {p.stem for p in CLAIM_FILES}
    for path in CLAIM_FILES:
        source = yaml.safe_load(path.read_text(encoding="utf-8"))
        entry = by_slug[path.stem]
        assert entry["claim"] == source["claim"].strip()
        assert entry["verdict"]["rating"] == source["verdict"]["rating"]
        assert [s["url"] for s in entry["sources"]] == [s["url"] for s in source["sources"]]
        assert len(entry["counter_claims"]) == len(source["counter_claims"])
        assert entry["url"] == f"https://factcheck.example.org/claims/{path.stem}/"


def test_claimreview_data_feed_has_one_review_per_claim(built_site: Path) -> None:
    feed = json.loads((built_site / "claimreview-feed.json").read_text(encoding="utf-8"))
    assert feed["@type"] == "DataFeed"
    reviews = [item["item"][0] for item in feed["dataFeedElement"]]
    assert len(reviews) == len(CLAIM_FILES)
    assert {r["@type"] for r in reviews} == {"ClaimReview"}
    for review in reviews:
        slug = review["url"].rstrip("/").rsplit("/", 1)[1]
        page = parse_html(built_site / "claims" / slug / "index.html")
        assert json.loads(page.find("script", type="application/ld+json").string) == review


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.stem)
def test_claim_pages_carry_sharing_meta_and_a_share_image(path: Path, built_site: Path) -> None:
    soup = parse_html(built_site / "claims" / path.stem / "index.html")

    def meta(**attrs: str) -> str:
        tag = soup.find("meta", attrs=attrs)
        assert tag is not None, attrs
        return tag["content"]

    url = f"https://factcheck.example.org/claims/{path.stem}/"
    assert meta(property="og:url") == url
    assert meta(property="og:type") == "article"
    # A shared card leads with the verdict, so it never spreads the claim on its own.
    title = soup.title.get_text().rsplit(" - ", 1)[0]
    assert meta(property="og:title") == f"{rating_label(path)}: {title}"
    assert meta(name="twitter:title") == meta(property="og:title")
    assert meta(property="og:description").split(":")[0] in {
        "True", "Mostly true", "Half true", "Mostly false", "False", "Unproven"
    }  # fmt: skip
    image = meta(property="og:image")
    assert image == f"https://factcheck.example.org/assets/share/{path.stem}.png"
    assert meta(name="twitter:card") == "summary_large_image"
    assert png_size(built_site / "assets" / "share" / f"{path.stem}.png") == (1200, 630)
    assert soup.find("link", rel="canonical")["href"] == url


def test_helpful_404_page(built_site: Path) -> None:
    soup = parse_html(built_site / "404.html")
    assert "Page not found" in soup.find("h1").get_text()
    links = {a["href"] for a in soup.select("article a")}
    assert "/claims/" in links


def test_sitemap_lists_every_claim(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for path in CLAIM_FILES:
        assert f"https://factcheck.example.org/claims/{path.stem}/" in sitemap


def test_renamed_claim_redirects_and_stale_claims_are_flagged(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    old = project / "claims" / "ice-charged-195000-of-722000-aliens.yaml"
    new = project / "claims" / "ice-charged-a-quarter-of-deportable-aliens.yaml"
    text = old.read_text(encoding="utf-8")
    text += "aliases: [ice-charged-195000-of-722000-aliens]\nreview_by: 2020-01-01\n"
    new.write_text(text, encoding="utf-8")
    old.unlink()
    for other in (project / "claims").glob("*.yaml"):
        body = other.read_text(encoding="utf-8")
        other.write_text(body.replace("ice-charged-195000-of-722000-aliens", new.stem))
    new.write_text(text.replace(f"[{new.stem}]", "[ice-charged-195000-of-722000-aliens]"))
    site = tmp_path / "site"
    result = build_with_mkdocs(project, site)
    assert result.returncode == 0, result.stderr

    redirect = parse_html(site / "claims" / "ice-charged-195000-of-722000-aliens" / "index.html")
    refresh = redirect.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == f"0; url=../{new.stem}/"
    assert redirect.find("link", rel="canonical")["href"] == f"../{new.stem}/"

    page = parse_html(site / "claims" / new.stem / "index.html")
    assert "may be out of date" in page.select_one(".fc-review-due").get_text()
    due = parse_html(site / "review" / "index.html")
    assert f"../claims/{new.stem}/" in {a["href"] for a in due.select(".fc-list a")}


@pytest.mark.parametrize("path", CLAIM_FILES[:2], ids=lambda p: p.stem)
def test_claim_pages_offer_plain_share_links_and_no_third_party_script(
    path: Path, built_site: Path
) -> None:
    soup = parse_html(built_site / "claims" / path.stem / "index.html")
    share = soup.select_one(".fc-share")
    url = f"https://factcheck.example.org/claims/{path.stem}/"
    assert share.select_one("[data-fc-copy]")["data-fc-copy"] == url
    encoded = url.replace(":", "%3A")
    hrefs = [a["href"] for a in share.find_all("a")]
    assert len(hrefs) >= 4 and all(encoded in href for href in hrefs)
    # What a reader posts starts with the verdict, never the bare claim.
    label = rating_label(path)
    texts = {}
    for href in hrefs:
        query = parse_qs(urlsplit(href).query)
        for key in ("text", "subject"):
            if key in query:
                texts[urlsplit(href).netloc or "mailto"] = query[key][0]
    assert set(texts) == {"mailto", "bsky.app", "x.com"}, hrefs
    for where, text in texts.items():
        assert text.startswith(f"{label}: “"), (where, text)
    for script in soup.find_all("script", src=True):
        assert not script["src"].startswith(("http:", "https:", "//")), script["src"]


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def test_pages_say_in_words_when_they_were_published_or_last_changed(built_site: Path) -> None:
    """No unlabelled clock icon on a reader's page: a fact-check gives its publication and
    update dates at the top, a hand-written page says when it last changed."""
    for html_file in built_site.rglob("*.html"):
        soup = parse_html(html_file)
        if soup.select_one(".fc-reader") is not None:
            assert soup.select_one(".md-source-file") is None, html_file
    about = parse_html(built_site / "about" / "index.html")
    stamp = " ".join(about.select_one(".fc-page-date").get_text().split())
    assert re.fullmatch(r"Last updated \d{1,2} [A-Z][a-z]+ \d{4}", stamp), stamp
    for path in CLAIM_FILES:
        claim = yaml.safe_load(path.read_text(encoding="utf-8"))
        soup = parse_html(built_site / "claims" / path.stem / "index.html")
        shown = " ".join(soup.select_one(".fc-claim__head .fc-dates").get_text().split())
        expected = f"Published {long_date(claim['published'])}"
        if claim.get("updated"):
            expected += f" · Updated {long_date(claim['updated'])}"
        assert shown == expected
