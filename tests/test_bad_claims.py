"""Bad claim files: each gets one clear message naming file, line and field, and harms nothing.

Every file in tests/fixtures/bad/ is tests/fixtures/valid-base.yaml with exactly one defect.
EXPECTED says where the checker must point and what it must say; the build tests then feed
each file to a real `mkdocs build` and check that the previous site and the sources survive.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, copy_project, run_mkdocs_build
from factcheck.settings import load_settings
from factcheck.validate import check_claims_dir, check_paths

BAD = FIXTURES / "bad"
SETTINGS = load_settings(ROOT / "mkdocs.yml")

# file -> (line, field, words the message must contain); line 0 = the file as a whole
EXPECTED: dict[str, tuple[int, str, str]] = {
    "alias-billion-laughs": (13, "", "anchors and aliases (&a) are not allowed"),
    "anchor-and-alias": (17, "", "anchors and aliases (&cis) are not allowed"),
    "appearance-empty": (6, "appearance", "give a `url` or a `title`"),
    "appearance-url-ftp": (8, "appearance.url", "is not a web address starting with https://"),
    "claim-is-a-number": (1, "claim", "expected text but YAML read 68000 as a number"),
    "claim-short-too-long": (2, "claim_short", "is longer than 75 characters"),
    "claimant-is-text": (2, "claimant", "expected a mapping of keys, got text"),
    "comments-only": (0, "", "file is empty"),
    "date-impossible-feb-30": (5, "date", "day is out of range for month"),
    "date-in-future": (9, "published", "2099-01-01 is in the future"),
    "date-not-a-date": (5, "date", "'last spring' is not a date in the form YYYY-MM-DD"),
    "duplicate-key-claim": (2, "claim", "key 'claim' appears twice"),
    "duplicate-source-url": (22, "sources[2].url", "repeats the web address of source 1"),
    "empty-file": (0, "", "file is empty"),
    "missing-claim": (1, "claim", "required key 'claim' is missing"),
    "missing-counter-claims": (1, "counter_claims", "required key 'counter_claims' is missing"),
    "missing-verdict-summary": (11, "verdict.summary", "required key 'summary' is missing"),
    "non-utf8-latin1": (3, "", "is not valid UTF-8"),
    "placeholder-left-in": (12, "verdict.summary", "still holds a REPLACE placeholder"),
    "published-before-claim-date": (9, "published", "is before the claim's `date`"),
    "rating-bare-false": (11, "verdict.rating", 'bare true/false value (write rating: "false"'),
    "rating-number": (11, "verdict.rating", "expected text but YAML read 3 as a number"),
    "rating-unknown-mostly-ture": (
        11,
        "verdict.rating",
        "'mostly-ture' is not a rating; did you mean 'mostly-true'? (ratings: true, mostly-true",
    ),
    "related-path-traversal": (34, "related[1]", "'../../etc/passwd' is not a valid slug"),
    "related-slug-missing": (34, "related[1]", "no claim file is named 'ice-releasd-68000'"),
    "source-url-javascript": (22, "sources[2].url", "'javascript:alert(1)' is not a web address"),
    "sources-empty-list": (15, "sources", "at least one source is required"),
    "sources-is-text": (15, "sources", "expected a list (lines starting with `- `), got text"),
    "summary-empty": (12, "verdict.summary", "must not be empty"),
    "tag-custom-include": (13, "analysis", "YAML tag '!include' is not allowed"),
    "tag-python-object": (1, "claim", "python/object/apply:os.system' is not allowed"),
    "text-direction-override": (3, "claimant.name", "invisible text-direction character (U+202E)"),
    "top-level-list": (1, "", "the file must be a mapping of keys"),
    "top-level-text": (1, "", "the file must be a mapping of keys"),
    "topic-not-a-slug": (33, "topics[1]", "'Immigration Policy' is not a valid slug"),
    "unknown-key-sourcse": (15, "sourcse", "unknown key 'sourcse'; did you mean 'sources'?"),
    "unknown-nested-key-ratng": (
        11,
        "verdict.ratng",
        "unknown key 'ratng'; did you mean 'rating'?",
    ),
    "yaml-syntax-unclosed-quote": (12, "", "YAML syntax error"),
    "yaml-tab-indent": (3, "", "tab character used for indentation"),
}


def test_every_fixture_has_an_expectation_and_there_are_enough() -> None:
    names = {p.stem for p in BAD.glob("*.yaml")}
    assert names == set(EXPECTED)
    assert len(names) >= 25


def test_the_base_of_the_fixtures_is_itself_valid() -> None:
    result = check_paths([FIXTURES / "valid-base.yaml"], FIXTURES, SETTINGS)
    assert result.errors == []
    assert len(result.claims) == 1


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_checker_points_at_the_line_and_field(name: str) -> None:
    line, field, words = EXPECTED[name]
    result = check_paths([BAD / f"{name}.yaml"], ROOT, SETTINGS)
    assert result.claims == []
    matching = [p for p in result.errors if words in p.format()]
    assert matching, [p.format() for p in result.errors]
    problem = matching[0]
    assert (problem.line, problem.field) == (line, field)
    assert problem.format().startswith(f"tests/fixtures/bad/{name}.yaml:")


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    for name in ["rating-unknown-mostly-ture", "yaml-tab-indent", "empty-file"]:
        shutil.copy(BAD / f"{name}.yaml", claims / f"{name}.yaml")
    many = (FIXTURES / "valid-base.yaml").read_text(encoding="utf-8")
    many = many.replace("rating: half-true", "rating: mostly-ture")
    many = many.replace("sources:\n", "sourcse:\n").replace("date: 2014-03-31", "date: soon", 1)
    (claims / "three-problems.yaml").write_text(many, encoding="utf-8")
    result = check_claims_dir(claims, tmp_path, SETTINGS)
    by_file: dict[str, list[str]] = {}
    for problem in result.errors:
        by_file.setdefault(problem.path, []).append(problem.field)
    assert set(by_file) == {
        "claims/rating-unknown-mostly-ture.yaml",
        "claims/yaml-tab-indent.yaml",
        "claims/empty-file.yaml",
        "claims/three-problems.yaml",
    }
    assert {"verdict.rating", "sourcse", "date"} <= set(by_file["claims/three-problems.yaml"])


def test_file_names_and_links_that_cannot_be_slugs_are_refused(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    valid = (FIXTURES / "valid-base.yaml").read_text(encoding="utf-8")
    for name in ["Bad Name.yaml", "UPPER.yaml", "twin.yaml", "twin.yml"]:
        (claims / name).write_text(valid, encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text(valid, encoding="utf-8")
    (claims / "linked.yaml").symlink_to(outside)
    (claims / "huge.yaml").write_text(valid + "#" * 1_100_000, encoding="utf-8")
    messages = [p.format() for p in check_claims_dir(claims, tmp_path, SETTINGS).errors]
    text = "\n".join(messages)
    assert "claims/Bad Name.yaml: file name 'Bad Name' is not a valid slug" in text
    assert "claims/UPPER.yaml: file name 'UPPER' is not a valid slug" in text
    assert "two files share the slug 'twin': claims/twin.yaml and claims/twin.yml" in text
    assert "claims/linked.yaml: is a link to a file outside claims/" in text
    assert "claims/huge.yaml: file is 1,1" in text and "the limit is 1,000,000" in text


def test_an_alias_bomb_is_refused_without_expanding_it() -> None:
    started = time.perf_counter()
    result = check_paths([BAD / "alias-billion-laughs.yaml"], ROOT, SETTINGS)
    assert result.errors and result.claims == []
    # Generous bound: expanding 9^8 items would take minutes and gigabytes.
    assert time.perf_counter() - started < 5


# --------------------------------------------------------------------------- real builds


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def build_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("bad-builds") / "project")


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_mkdocs_build_fails_clearly_and_keeps_the_previous_site(
    name: str, build_project: Path, tmp_path: Path
) -> None:
    line, _field, words = EXPECTED[name]
    target = build_project / "claims" / f"{name}.yaml"
    shutil.copy(BAD / f"{name}.yaml", target)
    site = tmp_path / "site"
    site.mkdir()
    (site / "sentinel.txt").write_text("previous build", encoding="utf-8")
    before = {part: tree_digest(build_project / part) for part in ("docs", "claims")}
    try:
        result = run_mkdocs_build(build_project, site)
        after = {part: tree_digest(build_project / part) for part in ("docs", "claims")}
    finally:
        os.remove(target)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    location = f"claims/{name}.yaml:{line}:" if line else f"claims/{name}.yaml:"
    assert location in output
    assert words in output
    assert "Traceback" not in output
    assert (site / "sentinel.txt").read_text(encoding="utf-8") == "previous build"
    assert after == before
