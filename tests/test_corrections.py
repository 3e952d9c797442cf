"""Corrections from git: a rating change is shown, logged, fed and dated, or the build stops."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from conftest import ENV, copy_project, parse_html, run_mkdocs_build
from factcheck.project import Project

SLUG = "ice-removed-216000-convicted-criminals"
pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "repo")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Publish the fact-checks")
    return project


def change_rating(repo: Path, correction: str = "") -> None:
    path = repo / "claims" / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8").replace("rating: mostly-true", "rating: half-true", 1)
    # Without `updated`, the page's last change is the correction's date, which ClaimReview's
    # dateModified must then show.
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("updated:")]
    path.write_text("".join(lines) + correction, encoding="utf-8")


CORRECTION_DATE = "2026-11-25"  # after `published` (2026-11-22), so dateModified can show it
CORRECTION = f"""corrections:
  - date: {CORRECTION_DATE}
    note: "We gave too little weight to the border cases in the total."
    previous_rating: mostly-true
"""


def test_rating_change_without_a_correction_stops_the_build(repo: Path, tmp_path: Path) -> None:
    change_rating(repo)
    git(repo, "commit", "-q", "-am", "Downgrade the rating")
    result = run_mkdocs_build(repo, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"claims/{SLUG}.yaml:" in output
    assert "verdict.rating: rating changed from 'mostly-true' to 'half-true' in commit" in output
    assert "previous_rating: mostly-true" in output
    assert "Traceback" not in output


def test_an_uncommitted_rating_change_needs_a_correction_too(repo: Path, tmp_path: Path) -> None:
    change_rating(repo)
    result = run_mkdocs_build(repo, tmp_path / "site")
    assert result.returncode != 0
    assert "in your uncommitted edit" in result.stdout + result.stderr


def test_a_correction_naming_the_wrong_previous_rating_says_which_is_right(repo: Path) -> None:
    """The likeliest slip: the new rating written as the previous one."""
    change_rating(
        repo, CORRECTION.replace("previous_rating: mostly-true", "previous_rating: half-true")
    )
    lines = (repo / "claims" / f"{SLUG}.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("    previous_rating: half-true") + 1  # its value starts in column 22
    git(repo, "commit", "-q", "-am", "Downgrade the rating, with a mistaken correction")
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "check"],
        cwd=repo,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert (
        f"claims/{SLUG}.yaml:{line}:22: corrections[1].previous_rating: is 'half-true', but the "
        "rating before the change was 'mostly-true': rating changed from 'mostly-true' to "
        "'half-true' in commit "
    ) in result.stdout
    assert "(write previous_rating: mostly-true)" in result.stdout
    assert "does not record it" not in result.stdout


def test_a_recorded_correction_appears_on_page_log_feed_and_claimreview(
    repo: Path, tmp_path: Path
) -> None:
    change_rating(repo, CORRECTION)
    git(repo, "commit", "-q", "-am", "Downgrade the rating, with a correction")
    site = tmp_path / "site"
    result = run_mkdocs_build(repo, site)
    assert result.returncode == 0, result.stderr

    page = parse_html(site / "claims" / SLUG / "index.html")
    notice = page.select_one(".fc-correction")
    assert notice is not None
    text = " ".join(notice.get_text(" ").split())
    assert "changed our rating from" in text
    assert "Mostly true" in text and "Half true" in text
    assert "too little weight" in text
    history = " ".join(page.select_one(".fc-history").get_text(" ").split())
    assert "rating changed from Mostly true to Half true" in history

    review = json.loads(page.find("script", type="application/ld+json").string)
    assert review["dateModified"] == CORRECTION_DATE
    assert review["reviewRating"]["alternateName"] == "Half true"

    # The bundled claims carry corrections of their own; this claim's is listed once among them.
    log = parse_html(site / "corrections" / "index.html")
    entries = log.select(".fc-corrections li")
    ours = [li for li in entries if f"../claims/{SLUG}/" in {a["href"] for a in li.find_all("a")}]
    assert len(ours) == 1
    assert "Rating changed from" in ours[0].get_text() and "too little weight" in ours[0].get_text()
    assert ours[0].time["datetime"] == CORRECTION_DATE

    feed = feedparser.parse((site / "feeds" / "corrections.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == len(entries)
    (entry,) = [e for e in feed.entries if e.link.endswith(f"/claims/{SLUG}/#history")]
    assert "Rating changed from Mostly true to Half true" in entry.summary


def test_without_git_the_yaml_corrections_are_the_record(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "plain")  # not a git repository
    change_rating(project, CORRECTION)
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    page = parse_html(site / "claims" / SLUG / "index.html")
    assert page.select_one(".fc-correction") is not None


def test_a_rating_may_change_freely_before_publication(repo: Path) -> None:
    """A draft, or a fact-check scheduled for later, has no readers yet: changing its rating
    is editing. Once it is out, the same change needs a correction."""
    path = repo / "claims" / f"{SLUG}.yaml"
    published = path.read_text(encoding="utf-8")
    path.write_text(published.replace("authors: [desk]\n", "authors: [desk]\nstatus: draft\n"))
    git(repo, "commit", "-q", "-am", "Back to draft")
    draft = path.read_text(encoding="utf-8")
    path.write_text(draft.replace("rating: mostly-true", "rating: half-true", 1))
    git(repo, "commit", "-q", "-am", "Rethink the draft's rating")
    project = Project.from_config_file(repo / "mkdocs.yml")
    assert project.check().errors == []

    later = draft.replace("status: draft\n", "").replace("updated: 2026-11-30\n", "")
    later = later.replace("rating: mostly-true", "rating: mostly-false", 1)
    soon = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    path.write_text(later.replace("published: 2026-11-22", f"published: {soon}", 1))
    git(repo, "commit", "-q", "-am", "Schedule it for later, with another rating")
    assert project.check().errors == []

    path.write_text(later)
    git(repo, "commit", "-q", "-am", "Publish it")
    errors = [p.format() for p in project.check().errors]
    # readers saw mostly-true before it went back to draft, and now see mostly-false
    assert len(errors) == 1, errors
    assert "rating changed from 'mostly-true' to 'mostly-false'" in errors[0]
