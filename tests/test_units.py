"""Small pure functions that every page depends on, and the site's grouping of claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from factcheck.claimreview import json_for_script
from factcheck.generation import generate
from factcheck.minify import squeeze_whitespace
from factcheck.package_data import BUILTIN_TEMPLATES
from factcheck.project import Project
from factcheck.render import (
    PageCache,
    Renderer,
    markdown_to_safe_html,
    paginate,
    relative_url,
)
from factcheck.settings import Settings, SettingsError, settings_from_options
from factcheck.site import RELATED_LIMIT, Entry, build_site
from factcheck.slugs import is_reserved_slug
from support import copy_project, set_plugin_options, valid_claim


@pytest.mark.parametrize(
    ("target", "here", "expected"),
    [
        ("claims/x/", "claims/y/", "../x/"),
        ("", "claims/x/", "../../"),
        ("claims/x/", "claims/x/", "./"),
        ("topics/t/", "claims/x/", "../../topics/t/"),
        ("methodology/", "", "methodology/"),
        ("claims/", "claims/x/", "../"),
        ("", "", "./"),
        ("feeds/all.xml", "claims/x/", "../../feeds/all.xml"),
        ("assets/javascripts/find.js", "find/", "../assets/javascripts/find.js"),
    ],
)
def test_relative_url_links_site_paths_from_any_page(target: str, here: str, expected: str) -> None:
    assert relative_url(target, here) == expected


def test_json_for_script_cannot_close_the_script_element_and_still_parses() -> None:
    value = {"claim": "</script><script>alert(1)</script><!-- & \u2028"}
    text = json_for_script(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_json_for_script_survives_an_html_parser_inside_a_script_element() -> None:
    value = {"claim": "a </script><!-- <script> b", "n": 1}
    html = f'<script type="application/ld+json">{json_for_script(value)}</script><p>after</p>'
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == 1
    assert json.loads(soup.script.string) == value
    assert soup.p.get_text() == "after"


def test_markdown_is_rendered_then_cleaned() -> None:
    html = markdown_to_safe_html(
        "**bold** [ok](https://example.org) [bad](javascript:alert(1)) <script>x()</script>"
    )
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="nofollow noopener noreferrer"' in html
    assert "javascript:" not in html and "<script" not in html


def test_squeezing_whitespace_keeps_preformatted_text() -> None:
    html = "<div>\n    <p>a\n      b</p>\n\n\n<pre>  keep\n    this</pre>"
    html += "\n  <textarea>\n  x</textarea>"
    assert squeeze_whitespace(html) == (
        "<div>\n<p>a\nb</p>\n<pre>  keep\n    this</pre>\n<textarea>\n  x</textarea>"
    )


# --------------------------------------------------------------------------- build_site

SETTINGS: Settings = settings_from_options(
    "Test desk",
    "https://desk.example.org/",
    {
        "organisation": {"name": "Test desk", "url": "https://desk.example.org/about/"},
        "contact": {"email": "editors@desk.example.org"},
        "team": [{"key": "jo", "name": "Jo Doe", "role": "Fact-checker", "bio": "Checks."}],
        "rating_scale": [
            {"key": "true", "label": "True", "shape": "tick", "value": 2, "meaning": "Right."},
            {"key": "false", "label": "False", "shape": "cross", "value": 1, "meaning": "Wrong."},
            {"key": "unproven", "label": "Unproven", "shape": "question", "meaning": "Unknown."},
        ],
    },
)


def slugs(entries: list[Entry]) -> list[str]:
    return [e.slug for e in entries]


def test_entries_are_newest_first_and_every_rating_has_a_group() -> None:
    site = build_site(
        [
            valid_claim("old", published="2024-01-05"),
            valid_claim(
                "new", published="2024-03-01", verdict={"rating": "false", "summary": "No"}
            ),
            valid_claim("middle", published="2024-02-10"),
        ],
        SETTINGS,
    )
    assert slugs(site.entries) == ["new", "middle", "old"]
    assert list(site.by_rating) == ["true", "false", "unproven"]
    assert slugs(site.by_rating["true"].entries) == ["middle", "old"]
    assert slugs(site.by_rating["false"].entries) == ["new"]
    assert site.by_rating["unproven"].entries == []
    assert site.by_rating["false"].url == "ratings/false/"
    assert site.by_rating["false"].name == "False"


def test_claims_are_grouped_by_claimant_under_a_slug_of_the_name() -> None:
    site = build_site(
        [
            valid_claim("a", claimant={"name": "José Álvarez"}, published="2024-01-01"),
            valid_claim("b", claimant={"name": "Ministry of Health"}),
            valid_claim("c", claimant={"name": "José Álvarez"}, published="2024-03-01"),
        ],
        SETTINGS,
    )
    assert list(site.claimants) == ["jose-alvarez", "ministry-of-health"]
    jose = site.claimants["jose-alvarez"]
    assert jose.name == "José Álvarez"
    assert jose.url == "claimants/jose-alvarez/"
    assert slugs(jose.entries) == ["c", "a"]
    assert slugs(site.claimants["ministry-of-health"].entries) == ["b"]


def test_claims_are_grouped_by_each_of_their_topics() -> None:
    site = build_site(
        [
            valid_claim("a", topics=["health-care", "budget"]),
            valid_claim("b", topics=["budget"]),
            valid_claim("c"),
        ],
        SETTINGS,
    )
    assert list(site.topics) == ["budget", "health-care"]
    assert site.topics["health-care"].name == "health care"
    assert site.topics["health-care"].url == "topics/health-care/"
    assert sorted(slugs(site.topics["budget"].entries)) == ["a", "b"]
    assert slugs(site.topics["health-care"].entries) == ["a"]


def test_related_claims_put_the_editors_choice_first_then_shared_topics() -> None:
    site = build_site(
        [
            valid_claim("main", topics=["x", "y"], related=["chosen", "missing", "main"]),
            valid_claim("chosen"),
            valid_claim("one-topic", topics=["x"], published="2024-03-01"),
            valid_claim("two-topics", topics=["x", "y"]),
            valid_claim("unrelated", topics=["z"]),
        ],
        SETTINGS,
    )
    by_slug = {e.slug: e for e in site.entries}
    # an unknown slug and the claim itself are left out; more shared topics rank higher
    assert slugs(by_slug["main"].related) == ["chosen", "two-topics", "one-topic"]
    assert by_slug["unrelated"].related == []
    assert slugs(by_slug["chosen"].related) == []


def test_related_claims_are_capped() -> None:
    claims = [valid_claim(f"c{i}", topics=["shared"]) for i in range(RELATED_LIMIT + 3)]
    site = build_site(claims, SETTINGS)
    assert all(len(e.related) == RELATED_LIMIT for e in site.entries)


def test_each_rating_change_in_corrections_runs_to_the_next_rating() -> None:
    corrections = [
        {"date": "2024-03-01", "note": "First.", "previous_rating": "unproven"},
        {"date": "2024-04-01", "note": "Typo fixed."},
        {"date": "2024-05-01", "note": "Second.", "previous_rating": "true"},
    ]
    verdict = {"rating": "false", "summary": "No."}
    site = build_site([valid_claim("a", corrections=corrections, verdict=verdict)], SETTINGS)
    history = site.entries[0].history
    assert [(h.old and h.old.key, h.new and h.new.key) for h in history] == [
        ("unproven", "true"),
        (None, None),
        ("true", "false"),
    ]
    assert [h.note for h in history] == ["First.", "Typo fixed.", "Second."]


# --------------------------------------------------------------------------- pagination


def test_a_list_is_cut_into_pages_and_page_one_keeps_its_address() -> None:
    entries = build_site([valid_claim(f"c{n}") for n in range(5)], SETTINGS).entries
    pages = paginate(entries, 2, "ratings/true/")
    assert [len(chunk) for _pager, chunk in pages] == [2, 2, 1]
    assert [e for _pager, chunk in pages for e in chunk] == entries
    assert [pager.url for pager, _chunk in pages] == [
        "ratings/true/",
        "ratings/true/page-2/",
        "ratings/true/page-3/",
    ]
    first, middle, last = (pager for pager, _chunk in pages)
    assert (first.previous_url, first.next_url) == (None, "ratings/true/page-2/")
    assert (middle.previous_url, middle.next_url) == ("ratings/true/", "ratings/true/page-3/")
    assert (last.previous_url, last.next_url) == ("ratings/true/page-2/", None)
    assert middle.last_url == "ratings/true/page-3/" and middle.first_url == "ratings/true/"
    assert first.title("Rated: True") == "Rated: True"
    assert middle.title("Rated: True") == "Rated: True (page 2 of 3)"


def test_an_empty_list_still_has_its_first_page() -> None:
    assert [(p.number, p.count, chunk) for p, chunk in paginate([], 50, "claims/")] == [(1, 1, [])]


def test_later_pages_stay_out_of_the_nav_and_count_the_whole_list() -> None:
    settings = SETTINGS.model_copy(update={"claims_per_page": 2})
    site = build_site([valid_claim(f"c{n}") for n in range(5)], settings)
    pages = {p.src_uri: p for p in Renderer([BUILTIN_TEMPLATES]).render_site(site)}
    assert {"claims/page-2.md", "claims/page-3.md", "ratings/true/page-3.md"} <= set(pages)
    assert "claims/page-4.md" not in pages and "ratings/false/page-2.md" not in pages
    assert pages["claims/index.md"].in_nav and not pages["claims/page-2.md"].in_nav
    assert pages["claims/page-2.md"].url == "claims/page-2/"
    assert pages["claims/page-2.md"].title == "All fact-checks (page 2 of 3)"
    assert pages["ratings/true/page-2.md"].description == (
        "Page 2 of 3. 5 fact-checks: Rated: True"
    )
    assert "5 fact-checks, newest first." in pages["claims/page-3.md"].markdown


def test_the_page_size_must_be_at_least_one() -> None:
    extra: dict = {"organisation": {"name": "D", "url": "https://d.example/"}, "claims_per_page": 0}
    extra["contact"] = {"email": "editors@d.example"}
    extra["rating_scale"] = [{"key": "x", "label": "X", "shape": "tick", "meaning": "X."}]
    with pytest.raises(SettingsError, match=r"plugins: factcheck: claims_per_page: "):
        settings_from_options("D", None, extra)


@pytest.mark.parametrize(
    ("slug", "reserved"),
    [
        ("index", True),
        ("page-2", True),
        ("page-10", True),
        ("page-0", True),
        ("page", False),
        ("page-2x", False),
        ("pages-2", False),
        ("front-page-2", False),
        ("index-of-prices", False),
    ],
)
def test_slugs_the_list_of_fact_checks_uses_are_reserved(slug: str, reserved: bool) -> None:
    assert is_reserved_slug(slug) is reserved


def test_a_preview_never_puts_an_error_page_over_the_list_of_fact_checks(tmp_path: Path) -> None:
    """`index.yaml` is refused; its error must not hide claims/index.md in the preview."""
    project = copy_project(tmp_path / "project")
    (project / "claims" / "index.yaml").write_text("claim: [", encoding="utf-8")
    (project / "claims" / "broken.yaml").write_text("claim: [", encoding="utf-8")
    generation = generate(Project.from_config_file(project / "mkdocs.yml"), preview=True)
    assert any("index.yaml" in p.path for p in generation.errors)
    assert generation.pages["claims/index.md"].title == "All fact-checks"
    assert generation.pages["claims/broken.md"].title == "Problems in broken"  # others get one


def preview_pages(project: Path, cache: PageCache | None = None) -> dict[str, str]:
    """Every page of a preview generation, as Markdown; `cache` carries pages between saves."""
    generation = generate(
        Project.from_config_file(project / "mkdocs.yml"), preview=True, page_cache=cache
    )
    return {src: page.markdown for src, page in generation.pages.items()}


def test_a_preview_that_reuses_pages_between_saves_shows_what_a_fresh_one_shows(
    tmp_path: Path,
) -> None:
    """The preview keeps pages, list summaries and paths between saves; after each kind of
    save, every page must read as a preview started afresh would render it."""
    project = copy_project(tmp_path / "project")
    set_plugin_options(project, claims_per_page=2)  # lists of several pages
    claims = project / "claims"
    cache = PageCache()
    preview_pages(project, cache)
    saves = [
        (
            "ice-removed-216000-convicted-criminals.yaml",
            "rating: mostly-true",
            "rating: mostly-false",
        ),
        (
            "ice-removed-216000-convicted-criminals.yaml",
            "  name: U.S. Immigration and Customs Enforcement",
            "  name: Office of Renamed Enforcement",
        ),
        ("re-arrested-immigrants-58000-crimes.yaml", "topics: [", "topics: [new-topic, "),
    ]
    for name, old, new in saves:
        text = (claims / name).read_text(encoding="utf-8")
        assert old in text, old
        (claims / name).write_text(text.replace(old, new, 1), encoding="utf-8")
        assert preview_pages(project, cache) == preview_pages(project)
    # a claim file deleted, then a new one: its lists lose it, then gain it
    removed = claims / "ice-interior-enforcement-down-40-percent.yaml"
    text = removed.read_text(encoding="utf-8")
    removed.unlink()
    kept = preview_pages(project, cache)
    assert kept == preview_pages(project)
    assert "claims/ice-interior-enforcement-down-40-percent.md" not in kept
    (claims / "a-new-claim.yaml").write_text(text, encoding="utf-8")
    assert preview_pages(project, cache) == preview_pages(project)
