"""Drafts and embargoes: a fact-check with `status: draft`, or a `published` date still to come,
is in the preview with a banner saying so, and in no file of a build at all.

The build test copies the project, adds a draft and a scheduled claim that would otherwise
reach every kind of output (their own claimant, topic and alias, a related link from a
published claim), builds it with real MkDocs and Pagefind, and then reads every file the
build wrote, unpacking compressed ones, for their slugs and words only they contain.
"""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from factcheck.generation import generate
from factcheck.model import Claim
from factcheck.project import Project
from factcheck.result import ValidClaim
from factcheck.site import publishable
from support import FIXTURES, MkDocsServer, build_with_mkdocs, copy_project, parse_html

DRAFT = "zz-draft-claim"
SCHEDULED = "zz-scheduled-claim"
# Words no bundled claim contains: if any file holds one, the claim leaked into it.
DRAFT_WORD = "Quillfeather"
SCHEDULED_WORD = "Marrowbridge"
PUBLISHED_WORD = "Brightwater"  # in a published claim: proves the scan can find such words
IN_A_MONTH = dt.date.today() + dt.timedelta(days=30)
LINKING_CLAIM = "ice-removed-216000-convicted-criminals"


def claim_text(word: str, **changes: object) -> str:
    """valid-base.yaml with its own claimant, topic and wording, and the given keys changed."""
    data = yaml.safe_load((FIXTURES / "valid-base.yaml").read_text(encoding="utf-8"))
    data["claim"] = f"The {word} report says 68,000 criminal aliens were released."
    data["claimant"] = {"name": f"{word} Institute"}
    data["verdict"]["summary"] = f"The {word} figures do not support it."
    data["topics"] = [word.lower()]
    data.update(changes)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def add_unpublished_claims(project: Path) -> None:
    claims = project / "claims"
    (claims / f"{DRAFT}.yaml").write_text(
        claim_text(DRAFT_WORD, status="draft", aliases=["zz-old-draft-address"]), encoding="utf-8"
    )
    (claims / f"{SCHEDULED}.yaml").write_text(
        claim_text(SCHEDULED_WORD, published=IN_A_MONTH.isoformat()), encoding="utf-8"
    )
    (claims / "zz-published-claim.yaml").write_text(claim_text(PUBLISHED_WORD), encoding="utf-8")
    # a published claim that links to both: the build must drop the links, not break them
    linking = claims / f"{LINKING_CLAIM}.yaml"
    text = linking.read_text(encoding="utf-8")
    text = text.replace("related: [", f"related: [{DRAFT}, {SCHEDULED}, ", 1)
    linking.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("drafts") / "project")
    add_unpublished_claims(project)
    return project


@pytest.fixture(scope="module")
def built(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("drafts-site") / "site"
    result = build_with_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    return site


def readable_bytes(path: Path) -> bytes:
    """A file's bytes, unpacked if gzip-compressed (sitemap.xml.gz, Pagefind's index)."""
    data = path.read_bytes()
    try:
        return gzip.decompress(data)
    except (OSError, EOFError):
        return data


def files_holding(site: Path, marker: str) -> list[str]:
    needle = marker.encode()
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if marker in path.relative_to(site).as_posix()
        or (path.is_file() and needle in readable_bytes(path))
    )


@pytest.mark.parametrize("marker", [DRAFT, DRAFT_WORD, SCHEDULED, SCHEDULED_WORD])
def test_an_unpublished_claim_is_in_no_file_of_the_build(built: Path, marker: str) -> None:
    assert files_holding(built, marker) == []


def test_the_scan_finds_a_published_claim_in_every_kind_of_output(built: Path) -> None:
    """The same kind of claim, published, is in pages, lists, feeds, data, images and search."""
    found = files_holding(built, PUBLISHED_WORD) + files_holding(built, "zz-published-claim")
    expected = [
        "claims/zz-published-claim/index.html",
        "claims/index.html",
        "claimants/brightwater-institute/index.html",
        "topics/brightwater/index.html",
        "feeds/all.xml",
        "claims.json",
        "claimreview-feed.json",
        "sitemap.xml",
        "sitemap.xml.gz",
        "assets/share/zz-published-claim.png",
    ]
    for path in expected:
        assert path in found, path
    assert any(path.startswith("pagefind/fragment/") for path in found)


def test_a_published_claim_keeps_its_other_related_links(built: Path) -> None:
    page = parse_html(built / "claims" / LINKING_CLAIM / "index.html")
    related = [a["href"] for a in page.select(".fc-related .fc-list a")]
    assert related and not [href for href in related if "zz-" in href]


def test_the_preview_shows_drafts_and_scheduled_claims_with_a_banner(project: Path) -> None:
    generation = generate(Project.from_config_file(project / "mkdocs.yml"), preview=True)
    assert generation.errors == []
    draft = generation.pages[f"claims/{DRAFT}.md"].markdown
    scheduled = generation.pages[f"claims/{SCHEDULED}.md"].markdown
    assert 'data-fc-state="draft"' in draft and "<strong>DRAFT</strong>" in draft
    assert 'data-fc-state="scheduled"' in scheduled
    assert f'<time datetime="{IN_A_MONTH.isoformat()}">' in scheduled
    assert DRAFT in generation.pages["claims/index.md"].markdown
    published = generation.pages[f"claims/{LINKING_CLAIM}.md"].markdown
    assert "fc-preview-banner" not in published


def test_a_build_leaves_them_out_before_any_page_is_made(project: Path) -> None:
    generation = generate(Project.from_config_file(project / "mkdocs.yml"), preview=False)
    assert f"claims/{DRAFT}.md" not in generation.pages
    assert f"claims/{SCHEDULED}.md" not in generation.pages
    assert "claims/zz-published-claim.md" in generation.pages
    assert "claims/zz-old-draft-address/index.html" not in generation.files
    assert not [p for p in generation.pages.values() if "fc-preview-banner" in p.markdown]


def test_a_scheduled_claim_is_published_from_its_day_on() -> None:
    data = yaml.safe_load(claim_text(SCHEDULED_WORD, published="2027-01-15"))
    claim = ValidClaim(SCHEDULED, Claim.model_validate(data), f"claims/{SCHEDULED}.yaml")
    assert publishable([claim], dt.date(2027, 1, 14)) == []
    assert publishable([claim], dt.date(2027, 1, 15)) == [claim]
    draft = ValidClaim(DRAFT, claim.claim.model_copy(update={"status": "draft"}), "x")
    assert publishable([draft], dt.date(2099, 1, 1)) == []


@pytest.mark.slow
def test_mkdocs_serve_shows_the_draft_page(project: Path, tmp_path: Path) -> None:
    preview = copy_project(tmp_path / "serve")
    add_unpublished_claims(preview)
    server = MkDocsServer(preview)
    try:
        body = server.wait_for(f"claims/{DRAFT}/", lambda text: "fc-preview-banner" in text)
    finally:
        server.stop()
    banner = BeautifulSoup(body, "html.parser").select_one(".fc-preview-banner")
    assert banner is not None and "DRAFT" in banner.get_text()
