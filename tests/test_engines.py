"""The ways past Material for MkDocs' end of life, built for real and compared with MkDocs.

- ProperDocs (the community fork of MkDocs 1.6.1) builds the project as it is, plugin and all.
- Any engine can build the folder `factcheck render` writes, with the config it writes there:
  MkDocs without our plugin, and Zensical (the Material team's successor), each followed by
  `factcheck finish`.

Each page is compared with the MkDocs build of the bundled project (the `built_site` fixture):
the article as a reader gets it (every link resolved to the address it leads to), the title,
description, social and feed tags, and the ClaimReview JSON-LD. What differs by design is
normalised: the generator tag names the engine, and Zensical adds a skip-link target. Pages
generated from claims must match exactly; hand-written pages must show the same text.
docs/contributing/engines.md says what each path keeps and loses.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from support import (
    BUILT,
    ENV,
    PAYLOADS,
    ROOT,
    SITE_NAME,
    build_with_mkdocs,
    claimant_for,
    copy_project,
    dump,
    factcheck,
    hostile_claim,
    live_problems,
    parse_html,
    policy_problems,
    slug_for,
    text_for,
)

pytestmark = pytest.mark.slow

SITE_URL = "https://factcheck.example.org/"
BIN = Path(sys.executable).parent


def address_of(page: Path) -> str:
    """Site path of a hand-written page: docs/about.md -> about/, docs/find/index.md -> find/."""
    path = page.relative_to(ROOT / "docs").with_suffix("").as_posix()
    path = path.removesuffix("index").rstrip("/")
    return path + "/" if path else ""


HAND_WRITTEN = {address_of(page) for page in (ROOT / "docs").rglob("*.md")}
# Zensical's own additions inside the article: the target of its skip link.
ENGINE_EXTRAS = "a#__skip"
HEAD_TAGS = [
    'meta[name="description"]',
    'meta[property^="og:"]',
    'meta[name^="twitter:"]',
    'link[rel="canonical"]',
    'link[type="application/atom+xml"]',
]


def run(command: list[str | Path], cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command, cwd=cwd, env={**ENV, "NO_COLOR": "1"}, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def page_urls(site: Path) -> list[str]:
    """Site path of every page ('claims/x/'), redirects for renamed claims aside."""
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "pagefind" not in p.parts and 'http-equiv="refresh"' not in p.read_text()[:400]
    )


def resolved(soup: BeautifulSoup, url: str) -> BeautifulSoup:
    """Every link and source (and the search bundle, which find.js resolves the same way) as
    the absolute address a browser would go to from `url`."""
    for element in soup.find_all(True):
        for name in ("href", "src", "data-bundle"):
            if element.has_attr(name):
                element[name] = urljoin(SITE_URL + url, element[name])
    return soup


def article(soup: BeautifulSoup, url: str) -> list[str]:
    """The page's content, one normalised line per tag or run of text."""
    content = soup.select_one("article.md-content__inner")
    assert content is not None, url
    content = BeautifulSoup(str(content), "html.parser")
    for extra in content.select(ENGINE_EXTRAS):
        extra.decompose()
    lines = resolved(content, url).prettify().splitlines()
    return [" ".join(line.split()) for line in lines if line.strip()]


def head(soup: BeautifulSoup, url: str) -> dict[str, object]:
    """Title, description, social and feed tags and JSON-LD, as a crawler reads them."""
    tags = resolved(BeautifulSoup(str(soup.head), "html.parser"), url)
    found: dict[str, object] = {"title": soup.title.get_text() if soup.title else None}
    for selector in HEAD_TAGS:
        found[selector] = sorted(str(sorted(t.attrs.items())) for t in tags.select(selector))
    # the site's own stylesheets and scripts (extra_css, extra_javascript), not the theme's
    page = resolved(BeautifulSoup(str(soup), "html.parser"), url)
    found["own assets"] = sorted(
        str(t.get("href") or t.get("src"))
        for t in page.select('link[rel="stylesheet"], script[src]')
        if ".min." not in str(t.get("href") or t.get("src"))
    )
    found["json-ld"] = [
        json.loads(s.string or "") for s in soup.find_all("script", type="application/ld+json")
    ]
    return found


def text(soup: BeautifulSoup) -> str:
    """The article's characters, whatever tags and spaces an engine puts between them."""
    content = soup.select_one("article.md-content__inner")
    return "".join(content.get_text().split()) if content else ""


def compared(site: Path, url: str) -> tuple[str | list[str], dict[str, object]]:
    """What `differences` compares of one page: the article (the text alone for a hand-written
    page: Markdown options differ between engines, code colouring for one) and the head."""
    soup = parse_html(site / url / "index.html")
    shown = text(soup) if url in HAND_WRITTEN else article(soup, url)
    return shown, head(soup, url)


# Each engine's site is compared with the same MkDocs build: read each of its pages once.
compared_reference = functools.cache(compared)


def differences(reference: Path, other: Path) -> list[str]:
    """Pages of `other` that a reader or a crawler would find different from `reference`."""
    problems = []
    urls = page_urls(reference)
    assert len(urls) > 30
    if missing := sorted(set(urls) - set(page_urls(other))):
        problems.append(f"missing pages: {missing}")
    for url in urls:
        if not (other / url / "index.html").is_file():
            continue
        mine_shown, mine_head = compared_reference(reference, url)
        theirs_shown, theirs_head = compared(other, url)
        if mine_shown != theirs_shown:
            problems.append(f"{url}: {'text' if url in HAND_WRITTEN else 'article'} differs")
        if mine_head != theirs_head:
            problems.append(f"{url}: head differs: {theirs_head}")
    return problems


def policy_problems_of(site: Path) -> list[str]:
    problems = []
    for path in sorted(site.rglob("*.html")):
        if "pagefind" not in path.parts and 'http-equiv="refresh"' not in path.read_text()[:400]:
            problems += policy_problems(parse_html(path), str(path.relative_to(site)))
    return problems


DATA_FILES = [
    "claims.json",
    "claimreview-feed.json",
    "schema/claims.schema.json",
    "feeds/all.xml",
    "feeds/corrections.xml",
    "assets/share/ice-released-68000-criminal-aliens.png",
]


def data_file_differences(reference: Path, other: Path) -> list[str]:
    names = DATA_FILES + [
        p.relative_to(reference).as_posix() for p in reference.glob("feeds/*/*.xml")
    ]
    return [n for n in names if (reference / n).read_bytes() != (other / n).read_bytes()]


# --- ProperDocs: the same project, plugin and all ----------------------------------------------


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("properdocs") / "site"
    # `-f mkdocs.yml`: ProperDocs reads it as MkDocs does (its own default is properdocs.yml)
    run([BIN / "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", site], ROOT)
    return site


def test_properdocs_builds_every_page_as_mkdocs_does(
    properdocs_site: Path, built_site: Path
) -> None:
    assert differences(built_site, properdocs_site) == []


def test_properdocs_names_itself_and_keeps_the_policy_and_search(
    properdocs_site: Path, built_site: Path
) -> None:
    generator = parse_html(properdocs_site / "index.html").find("meta", attrs={"name": "generator"})
    assert generator["content"].startswith("mkdocs-ProperDocs 1.6.")
    assert policy_problems_of(properdocs_site) == []
    assert data_file_differences(built_site, properdocs_site) == []
    assert indexed_pages(properdocs_site) == indexed_pages(built_site)


def indexed_pages(site: Path) -> int:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return entry["languages"]["en"]["page_count"]


# --- the rendered folder, built by engines that do not run our plugin -------------------------


def render(project: Path, out: Path) -> Path:
    """`factcheck render` of the project whose mkdocs.yml is in `project`, into `out`.

    The bundled project is rendered from the checkout itself, whose git history gives
    hand-written pages their last-update dates; render writes nothing there."""
    config = str(project / "mkdocs.yml")
    result = factcheck("--config", config, "render", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.output
    return out


def build_and_finish(out: Path, *engine: str | Path) -> tuple[str, Path]:
    """Build the rendered folder with its own config, then `factcheck finish` the site.

    The engine runs as a process of its own; with no engine, MkDocs builds in this process
    (support.build_with_mkdocs). `factcheck` runs in this process too."""
    if engine:
        result = run([*engine, "build", "--strict", "-f", out / "mkdocs.yml"], out)
    else:
        result = build_with_mkdocs(out, out / "site")
        assert result.returncode == 0, result.output
    site = out / "site"
    finished = factcheck("--config", str(ROOT / "mkdocs.yml"), "finish", str(site), cwd=out)
    assert finished.returncode == 0, finished.output
    return result.stdout + result.stderr, site


@pytest.fixture(scope="module")
def plain_mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = render(ROOT, tmp_path_factory.mktemp("plain") / "render")
    _, site = build_and_finish(out)
    return site


def test_mkdocs_without_our_plugin_builds_the_rendered_folder_into_the_same_site(
    plain_mkdocs_site: Path, built_site: Path
) -> None:
    assert differences(built_site, plain_mkdocs_site) == []
    assert policy_problems_of(plain_mkdocs_site) == []
    assert data_file_differences(built_site, plain_mkdocs_site) == []


def zensical_build(project: Path, out: Path) -> Path:
    output, site = build_and_finish(render(project, out), BIN / "zensical")
    assert "No issues found" in output
    return site


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return zensical_build(ROOT, tmp_path_factory.mktemp("zensical") / "render")


def test_zensical_builds_every_page_as_mkdocs_does(zensical_site: Path, built_site: Path) -> None:
    assert differences(built_site, zensical_site) == []


def test_zensical_names_itself(zensical_site: Path) -> None:
    generator = parse_html(zensical_site / "index.html").find("meta", attrs={"name": "generator"})
    assert generator["content"].startswith("zensical-")


def test_zensical_site_keeps_the_feeds_data_files_and_share_images(
    zensical_site: Path, built_site: Path
) -> None:
    assert data_file_differences(built_site, zensical_site) == []


def test_zensical_site_after_finish_allows_exactly_the_themes_scripts(
    zensical_site: Path,
) -> None:
    assert policy_problems_of(zensical_site) == []


def test_zensical_site_after_finish_has_the_search_index(
    zensical_site: Path, built_site: Path
) -> None:
    assert indexed_pages(zensical_site) == indexed_pages(built_site)
    find = parse_html(zensical_site / "find/index.html")
    assert find.select_one('script[src="/assets/javascripts/find.js"]') is not None
    assert find.select_one("#fc-find")["data-bundle"] == "/pagefind/"


def test_zensicals_404_page_links_from_the_sites_root(zensical_site: Path) -> None:
    page = parse_html(zensical_site / "404.html")
    links = [a["href"] for a in page.select("article a[href]")]
    assert links[:4] == ["/", "/claims/", "/ratings/", "/corrections/"]
    assert page.select_one("article form[role=search]")["action"] == "/find/"


@pytest.fixture(scope="module")
def zensical_hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("zensical-hostile")
    project = copy_project(root / "project")
    for name in BUILT:
        path = project / "claims" / f"{slug_for(name)}.yaml"
        path.write_text(dump(hostile_claim(PAYLOADS[name], claimant_for(name))), encoding="utf-8")
    return zensical_build(project, root / "render")


def test_zensical_makes_no_claim_text_live(zensical_hostile_site: Path) -> None:
    """Zensical's Markdown runs other extensions (SuperFences) over the raw HTML blocks:
    every payload of tests/fixtures/hostile/ must still stay text."""
    problems = []
    for path in sorted(zensical_hostile_site.rglob("*.html")):
        where = str(path.relative_to(zensical_hostile_site))
        problems += live_problems(parse_html(path), where)
    assert problems == []
    assert policy_problems_of(zensical_hostile_site) == []


@pytest.mark.parametrize("name", BUILT)
def test_zensical_shows_hostile_claim_text_literally(
    name: str, zensical_hostile_site: Path
) -> None:
    soup = parse_html(zensical_hostile_site / "claims" / slug_for(name) / "index.html")
    shown = " ".join(text_for(name).split())
    content = soup.select_one("article.md-content__inner")
    assert " ".join(content.select_one("h1").get_text().split()) == f"Claim: {shown}"
    summary = content.select_one(".fc-verdict__summary").get_text()
    assert " ".join(summary.split()) == shown
    assert " ".join(soup.title.get_text().split()) == f"{shown} - {SITE_NAME}"
