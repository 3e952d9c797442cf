"""Corrections from git: a rating change is shown, logged, fed and dated, or the build stops."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import feedparser
import pytest
import yaml

from factcheck.history import CurrentClaim, read_history
from factcheck.project import Project
from support import (
    FIXTURES,
    build_with_mkdocs,
    committed_copy,
    copy_project,
    factcheck,
    git,
    parse_html,
    set_plugin_options,
)

SLUG = "ice-removed-216000-convicted-criminals"
pytestmark = pytest.mark.slow


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return committed_copy(tmp_path / "repo")


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
    result = build_with_mkdocs(repo, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"claims/{SLUG}.yaml:" in output
    assert "verdict.rating: rating changed from 'mostly-true' to 'half-true' in commit" in output
    assert "previous_rating: mostly-true" in output
    assert "Traceback" not in output


def test_an_uncommitted_rating_change_needs_a_correction_too(repo: Path, tmp_path: Path) -> None:
    change_rating(repo)
    result = build_with_mkdocs(repo, tmp_path / "site")
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
    result = factcheck("check", cwd=repo)
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
    result = build_with_mkdocs(repo, site)
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
    result = build_with_mkdocs(project, site)
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


# Corrections that cannot be dodged (issue 13), and renames that keep their readers (issue 12).
MOVED = "ice-60-percent-of-removals-convicted"
NEW_SLUG = "ice-says-60-percent-of-removals-convicted"
RELATED_TO_MOVED = "ice-removed-216000-convicted-criminals"  # lists MOVED in `related`


def point_related_links(repo: Path, to: str | None) -> None:
    """What an editor does on renaming or removing a claim: fix the `related` lists."""
    path = repo / "claims" / f"{RELATED_TO_MOVED}.yaml"
    text = path.read_text(encoding="utf-8")
    new = text.replace(f"{MOVED}, ", f"{to}, " if to else "", 1)
    assert new != text
    path.write_text(new, encoding="utf-8")


def rename_moved(repo: Path) -> None:
    git(repo, "mv", f"claims/{MOVED}.yaml", f"claims/{NEW_SLUG}.yaml")
    point_related_links(repo, NEW_SLUG)


def downgrade(repo: Path, slug: str = MOVED, extra: str = "") -> None:
    path = repo / "claims" / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8").replace('rating: "true"', "rating: mostly-true", 1)
    path.write_text(text + extra, encoding="utf-8")


def factcheck_output(repo: Path, *args: str) -> str:
    result = factcheck(*args, cwd=repo)
    return f"exit {result.returncode}\n{result.stdout}{result.stderr}"


def build_output(repo: Path, site: Path) -> tuple[int, str]:
    result = build_with_mkdocs(repo, site)
    return result.returncode, result.stdout + result.stderr


def test_renaming_a_claim_while_changing_its_rating_still_needs_a_correction(
    repo: Path, tmp_path: Path
) -> None:
    """git's rename detection follows the file, and the old slug kept in `aliases` keeps the
    old address working: neither may hide the new rating from the corrections rule."""
    downgrade(repo, extra=f"aliases:\n  - {MOVED}\n")
    rename_moved(repo)
    git(repo, "commit", "-q", "-am", "Rename the claim and downgrade it")
    code, output = build_output(repo, tmp_path / "site")
    assert code != 0
    assert f"claims/{NEW_SLUG}.yaml:" in output
    assert "rating changed from 'true' to 'mostly-true' in commit" in output
    assert not (tmp_path / "site").exists()


def test_a_rewritten_claim_under_a_new_name_is_joined_to_its_old_one_by_aliases(
    repo: Path, tmp_path: Path
) -> None:
    """Changed too much for git to call it a rename: the alias still carries the history."""
    old = repo / "claims" / f"{MOVED}.yaml"
    claim = yaml.safe_load(old.read_text(encoding="utf-8"))
    claim["verdict"]["rating"] = "mostly-true"
    claim["aliases"] = [MOVED]
    old.unlink()
    point_related_links(repo, None)
    git(repo, "commit", "-q", "-am", "Withdraw the claim")
    new = repo / "claims" / f"{NEW_SLUG}.yaml"
    new.write_text(yaml.safe_dump(claim, sort_keys=True, width=60), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Publish it again, rewritten")
    code, output = build_output(repo, tmp_path / "site")
    assert code != 0
    assert "rating changed from 'true' to 'mostly-true' in commit" in output


def test_an_uncommitted_rename_with_an_alias_needs_a_correction_too(repo: Path) -> None:
    downgrade(repo, extra=f"aliases:\n  - {MOVED}\n")
    (repo / "claims" / f"{MOVED}.yaml").rename(repo / "claims" / f"{NEW_SLUG}.yaml")
    point_related_links(repo, NEW_SLUG)
    output = factcheck_output(repo, "check")
    assert output.startswith("exit 1")
    assert f"claims/{NEW_SLUG}.yaml:" in output
    assert "in your uncommitted edit" in output


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    """The site config and one claim with nothing to warn about, committed: a warning the
    test causes is then the only thing that can make `check --strict` fail."""
    repo = tmp_path / "small"
    (repo / "claims").mkdir(parents=True)
    shutil.copy(copy_project(tmp_path / "full") / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copy(FIXTURES / "valid-base.yaml", repo / "claims" / f"{MOVED}.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Publish")
    assert factcheck_output(repo, "check", "--strict").startswith("exit 0")
    return repo


def test_a_renamed_claim_without_its_old_slug_in_aliases_gets_a_warning(
    small_repo: Path,
) -> None:
    git(small_repo, "mv", f"claims/{MOVED}.yaml", f"claims/{NEW_SLUG}.yaml")
    git(small_repo, "commit", "-q", "-m", "Rename the claim")
    output = factcheck_output(small_repo, "check")
    assert output.startswith("exit 0"), output
    lines = output.splitlines()
    assert lines[1].startswith(f"claims/{NEW_SLUG}.yaml:")
    assert f" warning: aliases: this claim was published as '{MOVED}' until commit" in lines[1]
    assert f"links to claims/{MOVED}/ now lead nowhere" in lines[1]
    assert f"(add `aliases: [{MOVED}]` so the old address redirects here)" in lines[1]
    assert factcheck_output(small_repo, "check", "--strict").startswith("exit 1")

    path = small_repo / "claims" / f"{NEW_SLUG}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"aliases:\n  - {MOVED}\n", "utf-8")
    assert factcheck_output(small_repo, "check", "--strict").startswith("exit 0")


def test_a_deleted_claim_without_an_alias_elsewhere_gets_a_warning(small_repo: Path) -> None:
    shutil.copy(FIXTURES / "valid-base.yaml", small_repo / "claims" / f"{NEW_SLUG}.yaml")
    git(small_repo, "add", "-A")
    git(small_repo, "commit", "-q", "-m", "A second claim")
    git(small_repo, "rm", "-q", f"claims/{MOVED}.yaml")
    git(small_repo, "commit", "-q", "-m", "Remove the first")
    output = factcheck_output(small_repo, "check")
    assert output.startswith("exit 0"), output
    assert f"claims/{MOVED}.yaml:1:1: warning: claim '{MOVED}' was removed in commit" in output
    assert f"add `aliases: [{MOVED}]` to that file" in output
    assert factcheck_output(small_repo, "check", "--strict").startswith("exit 1")

    path = small_repo / "claims" / f"{NEW_SLUG}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"aliases:\n  - {MOVED}\n", "utf-8")
    assert factcheck_output(small_repo, "check", "--strict").startswith("exit 0")


def test_a_rating_changed_while_resolving_a_merge_needs_a_correction(
    repo: Path, tmp_path: Path
) -> None:
    """`git log` lists a merge commit with no files, so a change made in the merge itself
    went unseen; history reads each merge as the change it made to the branch."""
    git(repo, "checkout", "-q", "-b", "sources")
    path = repo / "claims" / f"{SLUG}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# sources checked\n", "utf-8")
    git(repo, "commit", "-q", "-am", "Check the sources")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "--no-commit", "sources")
    change_rating(repo)
    git(repo, "commit", "-q", "-am", "Merge the source check")
    code, output = build_output(repo, tmp_path / "site")
    assert code != 0
    assert "rating changed from 'mostly-true' to 'half-true' in commit" in output


def test_a_claim_file_in_a_subfolder_is_not_part_of_any_claims_history(
    repo: Path, tmp_path: Path
) -> None:
    """Only claims/*.yaml are claims: an archived copy elsewhere never joins a history."""
    archive = repo / "claims" / "archive"
    archive.mkdir()
    text = (repo / "claims" / f"{SLUG}.yaml").read_text(encoding="utf-8")
    draft = archive / f"{SLUG}.yaml"
    draft.write_text(text.replace("mostly-true", "half-true", 1), "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Keep an old draft")
    draft.write_text(draft.read_text(encoding="utf-8") + "# kept for the record\n", "utf-8")
    git(repo, "commit", "-q", "-am", "Note why")
    published = repo / "claims" / f"{SLUG}.yaml"
    published.write_text(text + "# checked again, nothing changed\n", "utf-8")
    git(repo, "commit", "-q", "-am", "Review the published claim")
    code, output = build_output(repo, tmp_path / "site")
    assert code == 0, output
    assert "rating changed" not in output


def test_a_file_name_ending_in_a_newline_is_no_claim(repo: Path, tmp_path: Path) -> None:
    text = (repo / "claims" / f"{SLUG}.yaml").read_text(encoding="utf-8")
    (repo / "claims" / f"{NEW_SLUG}\n.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A name with a newline")
    output = factcheck_output(repo, "check")
    assert output.startswith("exit 1")
    # one line, the newline spelt out: a name cannot start a line of its own in the output
    assert (
        f"claims/{NEW_SLUG}\\n.yaml:1:1: file name {NEW_SLUG + chr(10)!r} is not a valid slug"
        in output
    )
    assert "Traceback" not in output


def test_history_names_files_exactly_whatever_their_characters(repo: Path) -> None:
    """git quotes unusual names unless asked not to; history must read them as written."""
    odd = "café-claim"
    path = repo / "claims" / f"{odd}.yaml"
    path.write_text("verdict:\n  rating: 'true'\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Add")
    path.write_text("verdict:\n  rating: 'false'\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Change")
    history = read_history(repo / "claims", {odd: CurrentClaim("false")})
    assert history is not None
    assert [(c.previous, c.rating) for c in history.changes[odd]] == [("true", "false")]


def test_history_read_again_after_each_commit_sees_the_new_one(repo: Path) -> None:
    """The preview keeps the history it read until HEAD moves: a rating changed in a commit
    made while it runs must still be found, in the commit and then in the next one."""
    path = repo / "claims" / "history-check.yaml"
    path.write_text("verdict:\n  rating: 'true'\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Add")
    history = read_history(repo / "claims", {"history-check": CurrentClaim("true")})
    assert history is not None
    assert history.changes.get("history-check", []) == []

    path.write_text("verdict:\n  rating: 'false'\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Change")
    history = read_history(repo / "claims", {"history-check": CurrentClaim("false")})
    assert history is not None
    [change] = history.changes["history-check"]
    assert (change.previous, change.rating) == ("true", "false")
    assert change.commit is not None

    path.write_text("verdict:\n  rating: half-true\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Change again")
    history = read_history(repo / "claims", {"history-check": CurrentClaim("half-true")})
    assert history is not None
    assert [(c.previous, c.rating) for c in history.changes["history-check"]] == [
        ("true", "false"),
        ("false", "half-true"),
    ]


def test_an_old_version_over_the_size_limit_is_never_read(repo: Path, tmp_path: Path) -> None:
    """A version too large to publish never held a rating readers saw, and is not parsed
    (12 MB of YAML is 30 KB in .git): history obeys the claim files' size limit."""
    path = repo / "claims" / f"{SLUG}.yaml"
    honest = path.read_text(encoding="utf-8")
    padding = "analysis: |\n" + "  An unclosed 'quote on every line.\n" * 360_000
    huge = honest.replace("rating: mostly-true", "rating: half-true", 1)
    path.write_text(huge.replace("analysis: |\n", padding, 1), encoding="utf-8")
    assert path.stat().st_size > 12_000_000
    git(repo, "commit", "-q", "-am", "An accident")
    path.write_text(honest, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Undo it")
    code, output = build_output(repo, tmp_path / "site")
    assert code == 0, output
    assert "rating changed" not in output


def test_a_history_git_cannot_read_stops_the_build(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a CI runner git refuses a checkout owned by another user ("dubious ownership"):
    the build must say so, not publish as though no rating had ever changed."""
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    shutil.copy(FIXTURES / "checkout" / "git-dubious-ownership.sh", fake)
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    code, output = build_output(repo, tmp_path / "site")
    assert code != 0
    assert "detected dubious ownership" in output
    assert "safe.directory" in output
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists()
    check = factcheck_output(repo, "check")
    assert check.startswith("exit 1") and "claims:1:1: cannot read the claims' git history" in check


def test_a_shallow_clone_stops_the_build_unless_history_is_switched_off(
    repo: Path, tmp_path: Path
) -> None:
    change_rating(repo)
    git(repo, "commit", "-q", "-am", "Downgrade the rating")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(clone))
    code, output = build_output(clone, tmp_path / "site")
    assert code != 0
    assert "shallow clone" in output and "corrections_from_history: false" in output

    set_plugin_options(clone, corrections_from_history=False)
    code, output = build_output(clone, tmp_path / "site")
    assert code == 0, output
