"""Trust and transparency as readers meet them: bylines and the team, the way to report an
error or suggest a claim, who owns and funds the site, and what claims.json says about each
fact-check's authors and corrections. `factcheck ifcn` lists what is still missing.

The bundled site is checked as built; a copy with every newsroom option set (two people, an
editor, a photo, a web form, funders, an archived source) is built once more.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from factcheck.generation import GenerationError, generate
from factcheck.project import Project
from factcheck.settings import load_settings
from support import (
    FIXTURES,
    ROOT,
    build_with_mkdocs,
    copy_project,
    factcheck,
    parse_html,
    set_plugin_options,
    text_of,
)

SETTINGS = load_settings(ROOT / "mkdocs.yml")
CLAIM_FILES = sorted((ROOT / "claims").glob("*.yaml"))
Page = Callable[[str], BeautifulSoup]


def claim_data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- bylines


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.stem)
def test_every_claim_page_names_its_authors_and_links_to_them(path: Path, page: Page) -> None:
    byline = page(f"claims/{path.stem}").select_one(".fc-byline")
    team = SETTINGS.team_by_key
    authors = [team[key] for key in claim_data(path)["authors"]]
    assert text_of(byline).startswith("By " + " and ".join(m.name for m in authors))
    hrefs = [a["href"] for a in byline.find_all("a", rel="author")]
    assert hrefs == [f"../../team/{m.key}/" for m in authors]


def test_the_team_page_lists_everyone_with_their_fact_checks(page: Page) -> None:
    soup = page("team")
    sections = soup.select(".fc-team .fc-member")
    assert [s["id"] for s in sections] == [m.key for m in SETTINGS.team]
    for member, section in zip(SETTINGS.team, sections, strict=True):
        text = text_of(section)
        assert member.name in text and member.role in text and member.bio in text
        theirs = {p.stem for p in CLAIM_FILES if member.key in claim_data(p)["authors"]}
        own_page = page(f"team/{member.key}")
        linked = {a["href"].split("/")[-2] for a in own_page.select(".fc-index .fc-list__claim")}
        assert linked == theirs and theirs
        noun = "fact-check" if len(theirs) == 1 else "fact-checks"
        assert f"{len(theirs)} {noun} written or edited" in text_of(own_page)


def test_claimreview_keeps_the_organisation_as_author(page: Page) -> None:
    """Google's rules ask for the publisher as ClaimReview author, not the journalist."""
    for path in CLAIM_FILES:
        script = page(f"claims/{path.stem}").find("script", type="application/ld+json")
        assert json.loads(script.string)["author"]["@type"] == "Organization"


def test_an_editor_not_on_the_team_is_an_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "claims").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    set_plugin_options(
        tmp_path,
        team=[
            *(m.model_dump(exclude_none=True) for m in SETTINGS.team),
            {"key": "jane-doe", "name": "Jane Doe", "role": "Editor", "bio": "Edits."},
        ],
    )
    text = (FIXTURES / "valid-base.yaml").read_text(encoding="utf-8")
    text = text.replace("authors: [desk]\n", "authors: [desk]\neditors: [desk, jane-do]\n")
    (tmp_path / "claims" / "edited.yaml").write_text(text, encoding="utf-8")
    result = factcheck("check", cwd=tmp_path)
    assert result.returncode == 1
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("editors:"))
    assert result.stdout.splitlines() == [
        f"claims/edited.yaml:{line}:17: editors[2]: 'jane-do' is not on the team; "
        "did you mean 'jane-doe'? (team: desk, jane-doe)"
    ]


# ----------------------------------------------------------------------------- readers' reports


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.stem)
def test_every_claim_page_has_a_working_report_an_error_link(path: Path, page: Page) -> None:
    link = page(f"claims/{path.stem}").select_one("a.fc-report__link")
    assert text_of(link) == "Report an error"
    href = urlsplit(link["href"])
    assert href.scheme == "mailto" and href.path == SETTINGS.contact.email
    query = parse_qs(href.query, strict_parsing=True)
    url = SETTINGS.page_url(f"claims/{path.stem}/")
    assert query["subject"] == [f"Report an error: {url}"]
    assert url in query["body"][0]


def test_a_page_invites_readers_to_suggest_claims_by_the_same_channel(page: Page) -> None:
    soup = page("suggest")
    suggest = urlsplit(soup.select_one("a.fc-suggest__link")["href"])
    assert suggest.scheme == "mailto" and suggest.path == SETTINGS.contact.email
    assert parse_qs(suggest.query)["subject"] == ["Claim to check"]
    report = urlsplit(soup.select_one("a.fc-report__link")["href"])
    assert report.path == SETTINGS.contact.email
    about = page("about")
    assert "../suggest/#report-an-error" in {a["href"] for a in about.select("article a")}


# ----------------------------------------------------------------------------- transparency


def test_the_transparency_page_says_what_the_config_says_and_no_more(page: Page) -> None:
    soup = page("transparency")
    org = SETTINGS.organisation
    assert org.ownership and org.funding
    assert text_of(soup.select_one(".fc-ownership")) == " ".join(org.ownership.split())
    assert text_of(soup.select_one(".fc-funding")) == " ".join(org.funding.split())
    # the bundled site makes no statement it cannot stand behind
    assert org.nonpartisanship is None and soup.select_one(".fc-nonpartisanship") is None
    assert org.legal_status is None and soup.select_one(".fc-legal-status") is None
    contact = soup.select_one(".fc-contact")
    assert f"mailto:{SETTINGS.contact.email}" in {a["href"] for a in contact.find_all("a")}


def test_claims_json_carries_authors_corrections_and_rating_history(built_site: Path) -> None:
    data = json.loads((built_site / "claims.json").read_text(encoding="utf-8"))
    assert data["version"] == 3
    for entry in data["claims"]:
        source = claim_data(ROOT / "claims" / f"{entry['slug']}.yaml")
        assert [a["key"] for a in entry["authors"]] == source["authors"]
        assert entry["authors"][0]["url"] == SETTINGS.page_url(f"team/{source['authors'][0]}/")
        corrections = source.get("corrections", [])
        assert [c["note"] for c in entry["corrections"]] == [c["note"] for c in corrections]
        history = entry["rating_history"]
        assert history[-1]["rating"] == source["verdict"]["rating"]
        assert history[0]["since"] == source["published"].isoformat()
        changes = [c for c in corrections if c.get("previous_rating")]
        assert len(history) == 1 + len(changes)
        if changes:
            assert history[0]["rating"] == changes[0]["previous_rating"]
            assert history[1]["since"] == changes[0]["date"].isoformat()


def test_the_bundled_claims_include_a_corrected_rating() -> None:
    """Else the rating-history test above would never see a change."""
    assert any(
        c.get("previous_rating") for p in CLAIM_FILES for c in claim_data(p).get("corrections", [])
    )


# ----------------------------------------------------------------------------- the IFCN report


def test_ifcn_report_lists_honestly_what_the_bundled_site_lacks() -> None:
    result = factcheck("ifcn")
    assert result.returncode == 1
    missing = sorted(
        line.split("MISSING", 1)[1].split(":")[0].strip()
        for line in result.stdout.splitlines()
        if line.strip().startswith("MISSING")
    )
    assert missing == [
        "a statement of non-partisanship",
        "a way for readers to report errors",
        "a way for readers to suggest claims",
        "a way to contact the editors",
        "an archived copy of every source",
        "its legal status",
    ]
    assert "a placeholder such as an example.org address reaches no one" in result.stdout
    assert "8 of 14 items shown; 6 missing." in result.stdout


FULL_OPTIONS = {
    "organisation": {
        "name": "Harbour Fact Desk",
        "url": "https://harbour.example.net/about/",
        "ownership": "Owned by the Harbour Media Trust, which has no other business.",
        "legal_status": "A registered charity in Harbourland, number 1234.",
        "funding": "Readers' donations and two grants, listed below.",
        "funders": [
            {"name": "Open Press Fund", "amount": "EUR 20,000", "year": 2026},
            {"name": "Town Foundation", "year": 2025, "url": "https://fund.test/town"},
        ],
        "nonpartisanship": "We support no party.\n\nWe check claims from every side alike.",
    },
    "contact": {
        "email": "desk@harbour.test",
        "form_url": "https://forms.harbour.test/report?page={url}",
        "address": "1 Quay Street, Harbourtown",
    },
    "team": [
        {
            "key": "desk",
            "name": "Harbour desk <script>fcxss()</script>",
            "role": "Fact-checker",
            "bio": "Writes fact-checks.",
            "photo": "assets/team/desk.png",
        },
        {"key": "ana-lima", "name": "Ana Lima", "role": "Editor", "bio": "Edits them."},
    ],
}


def full_project(root: Path) -> Path:
    project = copy_project(root)
    set_plugin_options(project, **FULL_OPTIONS)
    (project / "docs" / "assets" / "team").mkdir(parents=True)
    Image.new("RGB", (96, 96), "#336699").save(project / "docs/assets/team/desk.png")
    for path in (project / "claims").glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace(
            "authors: [desk]\n", "authors: [desk]\neditors: [ana-lima]\n"
        )
        # every source gets an archived copy (of the same address: enough for the report)
        lines = []
        for line in text.splitlines(keepends=True):
            lines.append(line)
            if line.startswith("    url: ") and lines[-2].startswith("    publisher: "):
                lines.append(line.replace("url:", "archive_url:"))
        path.write_text("".join(lines), encoding="utf-8")
    return project


def test_ifcn_report_is_clean_when_the_site_shows_everything(tmp_path: Path) -> None:
    project = full_project(tmp_path / "project")
    result = factcheck("ifcn", cwd=project)
    assert "MISSING" not in result.stdout, result.stdout
    assert "14 of 14 items shown; 0 missing." in result.stdout
    assert result.returncode == 0


def test_a_team_photo_that_is_not_there_stops_the_build(tmp_path: Path) -> None:
    project = full_project(tmp_path / "project")
    (project / "docs/assets/team/desk.png").unlink()
    with pytest.raises(GenerationError, match=r"team\[1\]\.photo: docs/assets/team/desk.png"):
        generate(Project.from_config_file(project / "mkdocs.yml"), preview=False)


@pytest.fixture(scope="module")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("newsroom")
    project = full_project(root / "project")
    result = build_with_mkdocs(project, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


SLUG = "ice-removed-216000-convicted-criminals"


def test_a_full_config_shows_bylines_editors_and_the_form(full_site: Path) -> None:
    soup = parse_html(full_site / "claims" / SLUG / "index.html")
    byline = soup.select_one(".fc-byline")
    assert text_of(byline) == "By Harbour desk <script>fcxss()</script> . Edited by Ana Lima ."
    assert byline.find("script") is None  # a name is text, wherever it comes from
    assert [a["href"] for a in byline.find_all("a")] == ["../../team/desk/", "../../team/ana-lima/"]
    report = soup.select_one("a.fc-report__link")["href"]
    page_url = f"https://factcheck.example.org/claims/{SLUG}/"
    assert report.startswith("https://forms.harbour.test/report?page=")
    assert unquote(report.split("page=", 1)[1]) == page_url
    archived = soup.select("a.fc-source__archive")
    assert archived and all(text_of(a) == "Archived copy" for a in archived)


def test_a_full_config_shows_the_team_with_photos(full_site: Path) -> None:
    team = parse_html(full_site / "team" / "index.html")
    photo = team.select_one("#desk img.fc-member__photo")
    assert photo is not None and (full_site / "team" / photo["src"]).resolve().is_file()
    assert team.select_one("#ana-lima img") is None
    editor = parse_html(full_site / "team" / "ana-lima" / "index.html")
    assert len(editor.select(".fc-index .fc-list__claim")) == len(CLAIM_FILES)


def test_a_full_config_shows_ownership_funders_and_contact(full_site: Path) -> None:
    soup = parse_html(full_site / "transparency" / "index.html")
    org = FULL_OPTIONS["organisation"]
    assert [text_of(p) for p in soup.select(".fc-nonpartisanship")] == [
        "We support no party.",
        "We check claims from every side alike.",
    ]
    assert text_of(soup.select_one(".fc-ownership")) == org["ownership"]
    assert text_of(soup.select_one(".fc-legal-status")) == org["legal_status"]
    rows = [[text_of(td) for td in tr.find_all("td")] for tr in soup.select(".fc-funders tbody tr")]
    assert rows == [
        ["Open Press Fund", "EUR 20,000", "2026"],
        ["Town Foundation", "not disclosed", "2025"],
    ]
    contact = text_of(soup.select_one(".fc-contact"))
    assert "desk@harbour.test" in contact and "1 Quay Street, Harbourtown" in contact
