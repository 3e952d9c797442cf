"""Hostile content: no text in a claim file becomes live HTML, script or template code.

Every payload in tests/fixtures/hostile/ (one file each, named after what it tries) is written
into every free-text field of its own claim file; the real site is built once with all of them,
and every file MkDocs writes is inspected: HTML parsed with an HTML parser and compared with
what the theme writes on the clean site, JSON and XML parsed, the text of both search indexes
parsed as the HTML their search pages render. Each payload carries the marker `fcxss`.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from factcheck.render import pagefind_key
from support import (
    ACTIVE,
    BUILT,
    DATA_TYPES,
    FIXTURES,
    HOSTILE_URL,
    MARKER,
    PAYLOADS,
    REFUSED,
    SITE_NAME,
    SITE_URL,
    build_with_mkdocs,
    claimant_for,
    copy_project,
    dump,
    hostile_claim,
    live_problems,
    parse_html,
    policy_problems,
    slug_for,
    squash,
    text_for,
    with_material_search,
)

# The site's root as the theme's inline script names it, relative to each page.
THEME_SCOPE = re.compile(r'(__md_scope=new URL\()"([^"]*)"')
# What the analysis (the one Markdown field) may contain once rendered and cleaned.
ANALYSIS_MARKUP = {
    "p": set(), "br": set(), "hr": set(), "em": set(), "strong": set(), "b": set(), "i": set(),
    "code": set(), "pre": set(), "blockquote": set(), "q": set(), "ul": set(), "ol": set(),
    "li": set(), "h2": set(), "h3": set(), "h4": set(), "table": set(), "thead": set(),
    "tbody": set(), "tr": set(), "th": {"align"}, "td": {"align"}, "sup": set(), "sub": set(),
    "abbr": {"title"}, "del": set(), "ins": set(), "a": {"href", "title", "rel"},
}  # fmt: skip
EXTERNAL_REL = "nofollow noopener noreferrer"


@pytest.fixture(scope="module")
def hostile_pages(hostile_site: Path) -> dict[str, BeautifulSoup]:
    """Every HTML file of the hostile site, parsed once: site path -> document."""
    pages = {str(p.relative_to(hostile_site)): parse_html(p) for p in hostile_site.rglob("*.html")}
    assert len(pages) > len(BUILT)
    return pages


def claim_page(pages: dict[str, BeautifulSoup], name: str) -> BeautifulSoup:
    return pages[f"claims/{slug_for(name)}/index.html"]


def test_there_are_enough_payloads() -> None:
    assert len(PAYLOADS) >= 30
    assert all(MARKER in payload for payload in PAYLOADS.values())
    assert set(PAYLOADS) >= REFUSED


# --- every HTML file --------------------------------------------------------------------------


def scheme_of(url: str) -> str:
    """The scheme as a browser's URL parser reads it ("" for a relative address)."""
    url = re.sub(r"[\t\n\r]", "", url.strip("\x00\x20"))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() + ":" if match else ""


def test_no_page_has_a_live_element_handler_or_dangerous_url(
    hostile_pages: dict[str, BeautifulSoup],
) -> None:
    problems = []
    for where, soup in sorted(hostile_pages.items()):
        problems += live_problems(soup, where)
    assert problems == []


def site_path(url: str, page: str) -> str:
    """Where a URL on the page at site path `page` points, as a site path if it is ours."""
    url = url.strip()
    if url.startswith(SITE_URL):
        return "/" + url.removeprefix(SITE_URL)
    if urlsplit(url).scheme or url.startswith("//"):
        return url
    return posixpath.normpath(posixpath.join("/" + posixpath.dirname(page), url))


def fingerprint(element: Tag, page: str) -> str:
    """What makes an active element do what it does; text in attributes is left out.

    Attribute names, the attributes that select behaviour, what a `src` points at, and the
    code of inline scripts and styles (data blocks aside: they are checked as JSON).
    """
    attrs = element.attrs
    # `hidden` only shows or hides what the theme wrote (Show everyone, with few claimants)
    parts = [element.name, " ".join(sorted(set(attrs) - {"hidden"}))]
    for name in ("type", "rel", "http-equiv", "name", "property", "id", "class", "for"):
        if name in attrs:
            value = attrs[name]
            value = " ".join(value) if isinstance(value, list) else value
            if name in ("id", "for"):  # the Search page numbers its checkboxes: 1 to 10 here
                value = re.sub(r"-\d+$", "-N", value)
            parts.append(f"{name}={value}")
    if "src" in attrs:
        parts.append("src=" + site_path(str(attrs["src"]), page))
    if element.name in ("script", "style") and attrs.get("type") not in DATA_TYPES:
        parts.append(_scope_as_site_path(element.string or "", page))
    if element.name in ("svg", "math"):
        parts.append(element.decode_contents())
    return " | ".join(parts)


def _scope_as_site_path(code: str, page: str) -> str:
    """The theme's inline script names the site's root relative to the page (`"../.."`); a
    page deeper than any on the clean site (ratings/x/page-2/) must still match it."""
    return THEME_SCOPE.sub(lambda m: f'{m[1]}"{site_path(m[2], page)}"', code)


def active_elements(soup: BeautifulSoup, page: str) -> Iterator[tuple[str, Tag]]:
    for element in soup.find_all(ACTIVE):
        yield fingerprint(element, page), element


@pytest.fixture(scope="module")
def theme_fingerprints(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The active elements the theme writes on the clean site (no hostile claims), built with
    the same configuration as the hostile one."""
    root = tmp_path_factory.mktemp("clean")
    clean_site = root / "site"
    result = build_with_mkdocs(with_material_search(copy_project(root / "project")), clean_site)
    assert result.returncode == 0, result.stdout + result.stderr
    found = set()
    for path in clean_site.rglob("*.html"):
        page = str(path.relative_to(clean_site))
        found |= {print_ for print_, _ in active_elements(parse_html(path), page)}
    return found


def test_every_active_element_is_one_the_theme_writes_on_the_clean_site(
    hostile_pages: dict[str, BeautifulSoup], theme_fingerprints: set[str]
) -> None:
    """Catches what a payload makes live even where the marker is not inside the element."""
    problems = []
    for page, soup in sorted(hostile_pages.items()):
        for print_, element in active_elements(soup, page):
            if print_ not in theme_fingerprints:
                problems.append(f"{page}: {element.decode()[:120]}")
    assert problems == []


def test_every_page_keeps_a_policy_allowing_only_the_themes_scripts(
    hostile_pages: dict[str, BeautifulSoup],
) -> None:
    problems = []
    for where, soup in sorted(hostile_pages.items()):
        problems += policy_problems(soup, where)
    assert problems == []


# --- claim pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUILT)
def test_plain_text_shows_literally_where_readers_see_it(
    name: str, hostile_pages: dict[str, BeautifulSoup]
) -> None:
    """Escaped, not dropped, not escaped twice: the reader sees exactly what the editor wrote."""
    text = squash(text_for(name))
    soup = claim_page(hostile_pages, name)
    main = soup.select_one("article.md-content__inner")

    def shown(selector: str) -> list[str]:
        found = main.select(selector)
        assert found, selector
        return [squash(element.get_text()) for element in found]

    assert shown("h1") == [f"Claim: {text}"]  # claim
    claimant = squash(claimant_for(name))
    assert shown(".fc-claimant [data-pagefind-filter^=claimant]") == [claimant]  # claimant.name
    assert shown(".fc-claimant > a") == [text]  # appearance.title
    assert shown(".fc-verdict__summary") == [text]  # verdict.summary
    assert shown(".fc-source > a") == [text, text]  # sources[].title
    assert all(s.startswith(f"{text}, {text}, ") for s in shown(".fc-source"))  # .publisher
    assert shown(".fc-source__note") == [text, text]  # sources[].note
    assert shown(".fc-counter > p") == [text, text]  # counter_claims[].statement
    # a response's source: one of the claim's sources by its title, another address by its site
    assert shown(".fc-counter footer") == [f"— {text}, {text}", f"— {text}, example.org"]
    # figures[].label/value/who/source (a source named by its title is shown by its publisher)
    assert shown(".fc-figures tbody th, .fc-figures tbody td")[:4] == [text] * 4
    assert shown(".fc-history li")[1] == f"22 November 2026: Corrected. {text}"  # note

    assert squash(soup.title.get_text()) == f"{text} - {SITE_NAME}"
    assert "fcxss" not in squash(soup.select_one("header.fc-masthead").get_text())
    for attrs in ({"property": "og:title"}, {"name": "twitter:title"}):
        assert squash(soup.find("meta", attrs=attrs)["content"]) == f"Half true: {text}"
    share = [parse_qs(urlsplit(a["href"]).query) for a in soup.select(".fc-share a")]
    texts = [query[key][0] for query in share for key in ("text", "subject") if key in query]
    # claim_short, when set, is the same text: what is shared is the verdict, then the claim
    assert texts and all(squash(t).startswith(f"Half true: “{text}”") for t in texts), texts
    for attrs in ({"name": "description"}, {"property": "og:description"}):
        assert squash(soup.find("meta", attrs=attrs)["content"]) == f"Half true: {text}"


def links_to(soup: BeautifulSoup, slug: str) -> list[Tag]:
    return [
        a for a in soup.select("a.fc-list__claim") if a["href"].rstrip("/").split("/")[-1] == slug
    ]


def every_page_of(pages: dict[str, BeautifulSoup], listing: str) -> list[BeautifulSoup]:
    """Page 1 of a list such as 'claims/' and its later pages (there are more than 50 claims)."""
    later = re.compile(re.escape(listing) + r"page-\d+/index\.html")
    return [pages[f"{listing}index.html"]] + [
        soup for where, soup in pages.items() if later.fullmatch(where)
    ]


def test_the_hostile_claims_fill_more_than_one_page_of_a_list(
    hostile_pages: dict[str, BeautifulSoup],
) -> None:
    """So later pages of a list (deeper URLs, titles with page numbers) are inspected too."""
    for listing in ("claims/", "ratings/half-true/"):
        assert len(every_page_of(hostile_pages, listing)) > 1, listing


@pytest.mark.parametrize("name", BUILT)
def test_plain_text_shows_literally_on_the_pages_that_list_it(
    name: str, hostile_pages: dict[str, BeautifulSoup]
) -> None:
    text, slug = squash(text_for(name)), slug_for(name)
    for listing in ("claims/", "corrections/", "ratings/half-true/"):
        found = [a for soup in every_page_of(hostile_pages, listing) for a in links_to(soup, slug)]
        assert [squash(a.get_text()) for a in found] == [text], listing
    (claimant,) = (
        page
        for where, page in hostile_pages.items()
        if where.startswith("claimants/") and links_to(page, slug)
    )
    claimant_name = squash(claimant_for(name))
    assert squash(claimant.select_one("h1").get_text()) == claimant_name
    assert squash(claimant.title.get_text()) == f"Claims by {claimant_name} - {SITE_NAME}"


def test_json_ld_stays_one_parseable_script_with_the_payload_as_data(
    hostile_pages: dict[str, BeautifulSoup],
) -> None:
    for name in BUILT:
        text = text_for(name)
        scripts = claim_page(hostile_pages, name).find_all("script", type="application/ld+json")
        assert len(scripts) == 1, name
        code = scripts[0].string
        assert "<" not in code and ">" not in code and "&" not in code, name
        review = json.loads(code)
        assert review["claimReviewed"] == text, name
        item = review["itemReviewed"]
        assert item["author"]["name"] == claimant_for(name), name
        assert item["appearance"]["headline"] == text, name
        assert item["appearance"]["url"] == HOSTILE_URL, name


def test_analysis_keeps_only_allowed_markup_and_safe_links(
    hostile_pages: dict[str, BeautifulSoup],
) -> None:
    problems, external = [], 0
    for name in BUILT:
        analysis = claim_page(hostile_pages, name).select_one(".fc-analysis")
        for element in analysis.find_all(True):
            allowed = ANALYSIS_MARKUP.get(element.name)
            if allowed is None or set(element.attrs) - allowed:
                problems.append(f"{name}: {element.decode()[:100]}")
            if element.name == "a" and element.get("href"):
                href = element["href"]
                if scheme_of(href) not in ("http:", "https:", "mailto:", ""):
                    problems.append(f"{name}: link to {href!r}")
                if scheme_of(href) in ("http:", "https:"):
                    external += 1
                    if " ".join(element.get("rel", [])) != EXTERNAL_REL:
                        problems.append(f"{name}: external link without rel: {href!r}")
    assert problems == []
    assert external > 0, "no payload made an external link: the rel check proved nothing"


def test_markdown_in_the_analysis_is_still_markdown(
    hostile_pages: dict[str, BeautifulSoup],
) -> None:
    """The cleaning keeps what an honest analysis needs; it is not plain escaping."""
    analysis = claim_page(hostile_pages, "49-markdown-syntax-in-plain-text").select_one(
        ".fc-analysis"
    )
    assert analysis.find("strong").get_text() == MARKER
    assert analysis.find("pre").get_text().strip() == "indented code"
    assert analysis.find("h1") is None  # the page has one h1: the claim


def test_template_syntax_in_a_claim_is_never_evaluated(
    hostile_site: Path, hostile_pages: dict[str, BeautifulSoup]
) -> None:
    h1 = claim_page(hostile_pages, "29-jinja-expression").select_one("h1").get_text()
    assert "{{ 7*1907 }}" in h1
    h1 = claim_page(hostile_pages, "53-jinja-ssti").select_one("h1").get_text()
    assert '{% include "/etc/passwd" %} {{ self.__init__.__globals__ }} {{ lipsum }}' in h1
    for path in hostile_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}:
            assert "13349" not in path.read_text(encoding="utf-8", errors="replace"), path


# --- search indexes, feeds and data files -----------------------------------------------------


def test_material_search_index_is_inert_when_rendered_as_html(hostile_site: Path) -> None:
    """Material's search shows titles and text with innerHTML: they must be escaped HTML."""
    index = json.loads((hostile_site / "search" / "search_index.json").read_text())
    problems = []
    for doc in index["docs"]:
        for field in ("title", "text"):
            soup = BeautifulSoup(doc.get(field, ""), "html.parser")
            problems += live_problems(soup, f"search {doc['location']} {field}")
            if MARKER in doc.get(field, "") and soup.find(ACTIVE - {"meta"}):
                problems.append(f"search {doc['location']} {field}: markup from content")
    assert problems == []
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    for name in BUILT:
        shown = BeautifulSoup(titles[f"claims/{slug_for(name)}/"], "html.parser").get_text()
        assert squash(shown) == squash(text_for(name)), name


def pagefind_fragments(site: Path) -> Iterator[dict]:
    """Pagefind's per-page records: gzip, then a 12-byte signature, then JSON."""
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        yield json.loads(data[len(b"pagefind_dcd") :])


def test_pagefind_filters_are_inert_html_showing_the_names(hostile_site: Path) -> None:
    """Pagefind's search page shows filter values with innerHTML (titles and excerpts it
    escapes itself), so a claimant named `<meta http-equiv=refresh ...>` could send every
    reader of the search page elsewhere unless the stored value is escaped HTML."""
    fragments = {f["url"]: f for f in pagefind_fragments(hostile_site)}
    problems = []
    for name in BUILT:
        fragment = fragments[f"/claims/{slug_for(name)}/"]
        (claimant,) = fragment["filters"]["claimant"]
        soup = BeautifulSoup(claimant, "html.parser")
        problems += live_problems(soup, f"pagefind {name} claimant")
        if soup.find(True):
            problems.append(f"pagefind {name}: claimant filter has markup: {claimant[:80]!r}")
        if squash(soup.get_text()) != squash(claimant_for(name)):
            problems.append(f"pagefind {name}: claimant shown as {soup.get_text()[:80]!r}")
        if squash(text_for(name)) not in squash(fragment["meta"]["title"]):
            problems.append(f"pagefind {name}: title {fragment['meta']['title'][:80]!r}")
    assert problems == []
    clean = fragments["/claims/ice-released-68000-criminal-aliens/"]["filters"]
    assert clean == {"claimant": ["Center for Immigration Studies"], "rating": ["Unproven"]}


def test_search_page_filters_send_the_values_pagefind_stored(hostile_site: Path) -> None:
    """The Search page writes its filter checkboxes itself (a first search then loads no filter
    data from the index): each must send a value the index holds, however hostile the name,
    with the index's count, and the claimants listed must be those with most fact-checks."""
    stored: dict[str, Counter[str]] = {"rating": Counter(), "claimant": Counter()}
    for fragment in pagefind_fragments(hostile_site):
        for name, values in fragment["filters"].items():
            stored[name].update(values)
    page = BeautifulSoup((hostile_site / "find" / "index.html").read_text(), "html.parser")
    listed: dict[str, dict[str, int]] = {}
    for name in stored:
        options = page.select(f'[data-filter="{name}"] .fc-filter__option')
        listed[name] = {
            option.input["value"]: int(
                re.sub(r"\D", "", option.select_one(".fc-filter__count").text)
            )
            for option in options
        }
        assert listed[name], name
        assert all(stored[name][value] == count for value, count in listed[name].items()), name
    assert listed["rating"].keys() == stored["rating"].keys()
    assert len(listed["claimant"]) == 10 < len(stored["claimant"])
    unlisted = [
        count for value, count in stored["claimant"].items() if value not in listed["claimant"]
    ]
    assert min(listed["claimant"].values()) >= max(unlisted)
    assert not page.select_one('[data-filter="claimant"] button.fc-filter__all').has_attr("hidden")
    # every claimant's value as the page would write it, hostile names included
    assert {pagefind_key(claimant_for(name)) for name in BUILT} <= stored["claimant"].keys()


def test_every_json_and_xml_file_parses_and_feeds_hold_only_text(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = 0
    for path in hostile_site.rglob("*.xml"):
        tree = ET.parse(path)
        if path.name == "sitemap.xml":
            locations = [e.text for e in tree.iter() if e.tag.endswith("}loc")]
            assert locations and all(loc.startswith(SITE_URL) for loc in locations), path
            continue
        feeds += 1
        for element in tree.iter():
            assert element.tag.startswith(atom), (path, element.tag)
            if element.tag in (f"{atom}title", f"{atom}summary"):
                assert element.get("type") in (None, "text"), path  # shown as text by readers
    assert feeds > len(BUILT)  # one per hostile claimant, at least


def test_feeds_and_claims_json_hold_the_payload_as_plain_text(hostile_site: Path) -> None:
    data = json.loads((hostile_site / "claims.json").read_text(encoding="utf-8"))
    by_slug = {c["slug"]: c for c in data["claims"]}
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(hostile_site / "feeds" / "all.xml")
    titles = {
        e.findtext(f"{atom}id"): e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")
    }
    for name in BUILT:
        assert by_slug[slug_for(name)]["claim"] == text_for(name)
        title = titles.get(f"{SITE_URL}claims/{slug_for(name)}/")
        assert title in (None, f"Half true: {text_for(name)}"), name  # feeds keep the newest 50


# --- content the validator refuses ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [("40-bidi-override-in-name", "U+202E"), ("41-bidi-isolate-in-name", "U+2067")],
)
def test_text_direction_controls_are_refused_with_a_clear_message(
    name: str, code: str, tmp_path: Path
) -> None:
    """Decided behaviour: refused, not stripped. "gnp.exe" displayed as "exe.png" is a lie
    told by invisible characters; the editor is told which field and which character."""
    project = copy_project(tmp_path / "project")
    (project / "claims" / "bidi.yaml").write_text(dump(hostile_claim(PAYLOADS[name])))
    result = build_with_mkdocs(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "claims/bidi.yaml:" in output
    assert f"claimant.name: contains an invisible text-direction character ({code})" in output
    assert not (tmp_path / "site").exists()


def test_slugs_from_content_cannot_traverse_paths(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = yaml.safe_load((FIXTURES / "valid-base.yaml").read_text(encoding="utf-8"))
    data.update(
        topics=["immigration", "../x", "../../outside"],
        related=["../../etc/passwd", "/etc/passwd"],
        aliases=["../escape"],
    )
    (project / "claims" / "traversal.yaml").write_text(dump(data))
    result = build_with_mkdocs(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for field in ("topics[2]", "topics[3]", "related[1]", "related[2]", "aliases[1]"):
        assert "claims/traversal.yaml:" in output and f"{field}:" in output, field
    assert not (tmp_path / "x").exists() and not (tmp_path / "outside").exists()
    assert not (tmp_path / "escape").exists() and not (tmp_path / "site").exists()
