"""No single claim file can hang, crash or hijack the build (issue 14, data side).

The hostile files are in tests/fixtures/limits/: recipes for the ones too large to commit
(tests/limits_recipes.py makes them), folders of claim files for cases that need several files.
The one-defect files (overlong names, reserved topics, characters XML cannot carry) are in
tests/fixtures/bad/ with the other bad claims. Each case fails clearly in `check` and in a real
`mkdocs build --strict`; names in any script get pages of their own. tests/bench_limits.py
measures each case's build time and memory.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from factcheck.settings import load_settings
from factcheck.site import build_site
from factcheck.slugs import is_reserved_slug, is_slug, slugify
from factcheck.validate import check_claims_dir, check_paths
from limits_recipes import LIMITS, PlainDumper, recipe_names, write_recipe
from support import ROOT, build_with_mkdocs, copy_project, parse_html, set_plugin_options

SETTINGS = load_settings(ROOT / "mkdocs.yml")
LONGEST_SLUG = 100  # as docs/contributing/claim-format.md promises

# recipe -> (field, words of the one error it must get)
RECIPES = {
    "analysis-10000-html-tags": ("analysis", "the analysis has 10,000 `<`; the limit is 100"),
    "analysis-20000-brackets": (
        "analysis",
        "the paragraph at line 1 of the analysis has 20,000 `[`; the limit is 50 a paragraph",
    ),
    "analysis-20000-html-tags": ("analysis", "is longer than 40,000 characters"),
    "analysis-list-nested-250-tabs": (
        "analysis",
        "line 11 of the analysis nests lists or quotes 11 levels deep; the limit is 10",
    ),
    "analysis-list-nested-300": ("analysis", "is longer than 40,000 characters"),
    # 15,000 topics are 15,000 values: the loader refuses the file before building it
    "topics-15000": ("topics", "the file passes 5,000 values (keys, texts and list items) here"),
}
NON_LATIN = {"习近平": "xijinping", "Владимир Путин": "vladimir-putin", "محمد": "mhmd"}


def test_every_recipe_has_an_expectation() -> None:
    assert set(recipe_names()) == set(RECIPES)


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_check_refuses_each_hostile_recipe_naming_file_line_and_field(
    name: str, tmp_path: Path
) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    write_recipe(name, claims)
    result = check_claims_dir(claims, tmp_path, SETTINGS)
    field, words = RECIPES[name]
    assert [p.field for p in result.errors] == [field]
    text = result.errors[0].format()
    assert text.startswith(f"claims/{name}.yaml:") and f": {field}: " in text
    assert words in text
    assert result.claims == []


def claims_from(folder: str, tmp_path: Path) -> Path:
    claims = tmp_path / "claims"
    shutil.copytree(LIMITS / folder, claims)
    return claims


def test_names_in_other_scripts_are_transliterated_into_slugs_of_their_own() -> None:
    assert {name: slugify(name) for name in NON_LATIN} == NON_LATIN


def test_a_name_with_nothing_to_transliterate_still_gets_its_own_stable_slug() -> None:
    first, second = slugify("\u200b"), slugify("\u200c")  # zero-width space and non-joiner
    assert is_slug(first) and is_slug(second) and first != second
    assert slugify("\u200b") == first


@pytest.mark.parametrize("name", ["Index", "Page 2", "index"])
def test_a_name_whose_slug_is_reserved_gets_a_slug_of_its_own(name: str) -> None:
    slug = slugify(name)
    assert is_slug(slug) and not is_reserved_slug(slug)
    assert slug.startswith(slugify(name + " x").removesuffix("-x"))


def test_slugs_of_long_names_are_bounded_and_stay_distinct() -> None:
    base = "Committee for the Study of Very Long Organisation Names " * 4
    first, second = slugify(base + "North"), slugify(base + "South")
    assert len(first) <= LONGEST_SLUG and len(second) <= LONGEST_SLUG
    assert first != second and is_slug(first) and is_slug(second)


def test_names_spelled_alike_in_ascii_are_an_error_naming_both_files(tmp_path: Path) -> None:
    claims = claims_from("names-alike", tmp_path)
    result = check_claims_dir(claims, tmp_path, SETTINGS)
    assert len(result.errors) == 1
    problem = result.errors[0]
    assert (problem.path, problem.line, problem.field) == (
        "claims/claimant-li-ming-2.yaml",
        3,
        "claimant.name",
    )
    assert "'黎明' would share the page claimants/liming/ with '李明'" in problem.message
    assert "in claims/claimant-li-ming-1.yaml" in problem.message
    assert [c.slug for c in result.claims] == ["claimant-li-ming-1"]


def test_the_same_name_in_several_files_is_one_claimant(tmp_path: Path) -> None:
    claims = claims_from("non-latin-claimants", tmp_path)
    shutil.copy(claims / "claimant-chinese.yaml", claims / "claimant-chinese-again.yaml")
    result = check_claims_dir(claims, tmp_path, SETTINGS)
    assert result.errors == []
    site = build_site(result.claims, SETTINGS)
    assert len(site.claimants["xijinping"].entries) == 2


def test_markdown_the_converter_cannot_handle_is_a_clear_error_not_a_traceback() -> None:
    from factcheck.render import MarkdownError, markdown_to_safe_html

    deep = "1. " * 4_000 + "a list in a list, 4,000 times"
    with pytest.raises(MarkdownError, match="nested too deeply"):
        markdown_to_safe_html(deep)
    after = markdown_to_safe_html("A **bold** [link](https://example.org/).")
    assert "<strong>bold</strong>" in after and "<a " in after  # the converter still works


def test_honest_markdown_within_the_bounds_is_accepted() -> None:
    from factcheck.markdown_limits import markdown_problems

    nested = "\n".join("    " * level + f"- level {level + 1}" for level in range(10))
    links = " ".join(f"[source {n}](https://example.org/{n})" for n in range(50))
    quotes = "> " * 10 + "quoted"
    tags = " ".join(["<sup>1</sup>"] * 50)  # 100 `<`
    assert markdown_problems("\n\n".join([nested, links, quotes, tags, r"\[" * 500])) == []


def test_feeds_drop_characters_xml_cannot_carry_from_the_settings() -> None:
    from factcheck.feeds import render_feed, site_feeds

    organisation = SETTINGS.organisation.model_copy(
        update={"name": "Desk\x01\ufffe", "url": "https://example.org/\uffff"}
    )
    settings = SETTINGS.model_copy(
        update={"site_name": "Fact\x0b checks", "organisation": organisation}
    )
    site = build_site(check_paths([], ROOT, settings).claims, settings)
    feed = ET.fromstring(render_feed(site_feeds(site)[0], site))
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.findtext(f"{atom}title") == "Fact checks: all fact-checks"
    assert feed.findtext(f"{atom}author/{atom}name") == "Desk"


# --------------------------------------------------------------------------- real builds


def test_the_build_refuses_every_hostile_file_before_touching_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    for name in RECIPES:
        write_recipe(name, project / "claims")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sentinel.txt").write_text("previous build", encoding="utf-8")
    result = build_with_mkdocs(project, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for name, (field, words) in RECIPES.items():
        line = next(ln for ln in output.splitlines() if f"claims/{name}.yaml:" in ln)
        assert f": {field}: " in line and words in line, line
    assert sorted(p.name for p in site.iterdir()) == ["sentinel.txt"]


@pytest.fixture(scope="module")
def names_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project plus claimants named in three scripts, 'Index' and 'Page 2'."""
    root = tmp_path_factory.mktemp("names")
    project = copy_project(root / "project")
    for folder in ("non-latin-claimants", "reserved-claimant"):
        for path in (LIMITS / folder).glob("*.yaml"):
            shutil.copy(path, project / "claims" / path.name)
    result = build_with_mkdocs(project, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def index_rows(site: Path) -> dict[str, str]:
    """Who said it: name -> link of each row."""
    page = parse_html(site / "claimants" / "index.html")
    groups = page.select_one("ul.fc-groups")
    assert groups is not None
    return {a.get_text(strip=True): str(a["href"]) for a in groups.select("li > a")}


def heading(page: BeautifulSoup) -> str:
    h1 = page.find("h1")
    assert h1 is not None
    return h1.get_text(" ", strip=True)


def test_claimants_in_any_script_each_get_their_own_page_row_and_feed(names_site: Path) -> None:
    rows = index_rows(names_site)
    for name, slug in NON_LATIN.items():
        assert rows[name] == f"{slug}/"
        page = parse_html(names_site / "claimants" / slug / "index.html")
        assert heading(page) == name
        assert page.title.get_text().startswith(f"Claims by {name} - ")
        feed = ET.parse(names_site / "feeds" / "claimants" / f"{slug}.xml").getroot()
        assert feed.findtext("{http://www.w3.org/2005/Atom}title") == f"Fact-checks: {name}"
    assert not (names_site / "claimants" / "unnamed").exists()


def test_a_claimant_named_index_cannot_replace_who_said_it(names_site: Path) -> None:
    assert heading(parse_html(names_site / "claimants" / "index.html")) == "Who said it"
    rows = index_rows(names_site)
    for name in ("Index", "Page 2"):
        slug = rows[name].rstrip("/")
        assert not is_reserved_slug(slug)
        page = parse_html(names_site / "claimants" / slug / "index.html")
        assert heading(page) == name
        assert page.title.get_text().startswith(f"Claims by {name} - ")


HOSTILE_CONFIG = {
    "site_name": '<i>Fact</i> & "Desk" <script>fcxss()</script>',
    "site_description": '"><b>fcxss</b>',
    "site_author": '"><b>fcxss</b>',
    "copyright": "<b>fcxss</b> &copy;",
    "repo_url": 'https://example.org/"><b>fcxss</b>',
    "repo_name": "<b>fcxss</b>",
}


def test_the_site_name_and_other_config_strings_are_shown_as_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    (project / "mkdocs.yml").write_text(
        yaml.dump({**config, **HOSTILE_CONFIG}, Dumper=PlainDumper, allow_unicode=True),
        encoding="utf-8",
    )
    organisation = '<b>fcxss</b> "Org" & Co'
    set_plugin_options(project, organisation={"name": organisation, "url": "https://example.org/"})
    result = build_with_mkdocs(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    name = HOSTILE_CONFIG["site_name"]
    pages = ["index.html", "about/index.html", "claims/index.html", "404.html"]
    for path in [*pages, "contributing/index.html"]:
        page = parse_html(tmp_path / "site" / path)
        assert page.find(["i", "b"]) is None, path
        assert all("fcxss" not in (s.string or "") for s in page.find_all("script")), path
        assert page.select_one(".fc-brand__name").get_text(strip=True) == name
        assert page.select_one(".fc-brand__org").get_text(strip=True) == organisation
        assert page.select_one(".fc-footer__name").get_text(strip=True) == name
        assert page.title is not None and page.title.get_text().endswith(name), path
        licence = page.select_one(".fc-footer__licence").get_text(strip=True)
        assert licence == HOSTILE_CONFIG["copyright"]
    # the editors' pages keep Material's navigation, with its drawer and repository link
    page = parse_html(tmp_path / "site" / "contributing" / "index.html")
    assert page.select_one("label.md-nav__title").get_text(strip=True) == name
    assert (
        page.select_one(".md-source__repository").get_text(strip=True)
        == (HOSTILE_CONFIG["repo_name"])
    )
    assert page.select_one("a.md-source")["href"] == HOSTILE_CONFIG["repo_url"]
