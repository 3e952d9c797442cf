"""Bad claim files: each gets one clear message naming file, line and field, and harms nothing.

Every file in tests/fixtures/bad/ is tests/fixtures/valid-base.yaml with exactly one defect
(for index.yaml and page-2.yaml, the file's name).
EXPECTED (tests/support.py) says where the checker must point and what it must say; the build
tests then feed each file to a build and check that the previous site and the sources survive.
Cases that need special file names, links or huge files are made by SPECIAL_CASES in a
temporary project instead of being committed; huge hostile files are built from the small
recipes in tests/fixtures/huge/ (see tests/huge_files.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from factcheck import load
from factcheck.problems import MAX_PROBLEMS_PER_FILE, count_problems
from factcheck.validate import check_claims_dir, check_paths
from huge_files import huge_file_text
from support import (
    BAD,
    EXPECTED,
    FIXTURES,
    ROOT,
    SETTINGS,
    WARNINGS_ONLY,
    Ran,
    build_with_mkdocs,
    copy_project,
    run_mkdocs_build,
)


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
    expected = EXPECTED[name]
    result = check_paths([BAD / f"{name}.yaml"], ROOT, SETTINGS)
    assert result.claims == []
    # one defect per fixture, so exactly one error: a second one would be noise for the editor
    assert len(result.errors) == 1, [p.format() for p in result.errors]
    problem = result.errors[0]
    assert (problem.line, problem.column, problem.field) == (
        expected.line,
        expected.column,
        expected.field,
    ), problem.format()
    assert expected.words in problem.format()
    assert problem.format().startswith(f"tests/fixtures/bad/{name}.yaml{expected.where}")


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    for name in ["rating-unknown-mostly-ture", "yaml-tab-indent", "empty-file"]:
        shutil.copy(BAD / f"{name}.yaml", claims / f"{name}.yaml")
    (claims / "three-problems.yaml").write_text(three_problems(), encoding="utf-8")
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
    assert sorted(by_file["claims/three-problems.yaml"]) == ["date", "sourcse", "verdict.rating"]


def three_problems() -> str:
    """valid-base.yaml with a mistyped rating, a mistyped key and a date that is not one."""
    text = (FIXTURES / "valid-base.yaml").read_text(encoding="utf-8")
    text = text.replace("rating: half-true", "rating: mostly-ture")
    return text.replace("sources:\n", "sourcse:\n").replace("date: 2014-03-31", "date: soon", 1)


def test_an_alias_bomb_is_refused_without_expanding_it() -> None:
    started = time.perf_counter()
    result = check_paths([BAD / "alias-billion-laughs.yaml"], ROOT, SETTINGS)
    assert result.errors and result.claims == []
    # Generous bound: expanding 9^8 items would take minutes and gigabytes.
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("yaml-escape-lone-surrogate", "1:8: claim: holds U+D83D, half of a UTF-16 surrogate"),
        ("yaml-escape-surrogate-pair", "12:12: verdict.summary: holds U+D83D, half of a UTF-16"),
        ("yaml-escape-beyond-unicode", "1:1: YAML error: chr() arg not in range(0x110000)"),
    ],
)
def test_without_libyaml_escapes_are_still_refused_without_a_traceback(
    name: str, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyYAML's own parser, used where libyaml is missing, reads these escapes differently."""
    monkeypatch.setattr(load, "_Loader", yaml.SafeLoader)
    (problem,) = check_paths([BAD / f"{name}.yaml"], ROOT, SETTINGS).errors
    assert f"{name}.yaml:{words}" in problem.format()


# (old, new) in valid-base.yaml: typography that is the editor's text, not YAML's syntax
TEXT_TYPOGRAPHY = {
    "curly-quotes-inside-straight-ones": (
        '"The arithmetic matches ICE records,',
        '"\u201cThe arithmetic\u201d matches ICE records,',
    ),
    "curly-quote-inside-unquoted-text": (
        "name: Center for Immigration Studies",
        "name: Center for \u2018Immigration\u2019 Studies",
    ),
    "no-break-space-before-a-colon-in-quotes": (
        '"Catch and Release: Interior',
        '"Catch and Release\u00a0: Interior',
    ),
    "no-break-space-and-curly-quote-in-a-block": (
        "  The report counts",
        "  \u00a0\u201cThe report\u201d counts",
    ),
}


@pytest.mark.parametrize("name", sorted(TEXT_TYPOGRAPHY))
def test_curly_quotes_and_no_break_spaces_inside_text_stay_allowed(
    name: str, tmp_path: Path
) -> None:
    old, new = TEXT_TYPOGRAPHY[name]
    assert old in VALID
    path = tmp_path / f"{name}.yaml"
    path.write_text(VALID.replace(old, new, 1), encoding="utf-8")
    result = check_paths([path], tmp_path, SETTINGS)
    assert result.errors == []
    assert len(result.claims) == 1


# --------------------------------------------------------------------------- special cases


VALID = (FIXTURES / "valid-base.yaml").read_text(encoding="utf-8")


def _names_not_slugs(claims: Path) -> None:
    (claims / "Bad Name.yaml").write_text(VALID, encoding="utf-8")
    (claims / "UPPER.yaml").write_text(VALID, encoding="utf-8")


def _same_slug_twice(claims: Path) -> None:
    (claims / "twin.yaml").write_text(VALID, encoding="utf-8")
    (claims / "twin.yml").write_text(VALID, encoding="utf-8")


def _link_outside(claims: Path) -> None:
    outside = claims.parent / "outside.yaml"
    outside.write_text(VALID, encoding="utf-8")
    (claims / "linked.yaml").symlink_to(outside)


def _link_loop(claims: Path) -> None:
    (claims / "loop.yaml").symlink_to(claims / "loop.yaml")


def _long_file_name(claims: Path) -> None:
    (claims / f"{'ice-released-68000-criminal-aliens-' * 3}2013.yaml").write_text(VALID)


def _over_a_megabyte(claims: Path) -> None:
    (claims / "huge.yaml").write_text(VALID + "#" * 1_100_000, encoding="utf-8")


def _nested_half_a_million_deep(claims: Path) -> None:
    # Under the size limit, but deep enough to crash libyaml's recursive composer outright.
    deep = "[" * 490_000 + "]" * 490_000
    (claims / "deep.yaml").write_text(VALID.replace("topics: [immigration]", "topics: " + deep))


def _huge(name: str) -> Callable[[Path], None]:
    def make(claims: Path) -> None:
        (claims / f"{name}.yaml").write_text(huge_file_text(name), encoding="utf-8")

    return make


# name -> (make the files in claims/, the lines the checker must print)
SPECIAL_CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "file-names-not-slugs": (
        _names_not_slugs,
        [
            "claims/Bad Name.yaml:1:1: file name 'Bad Name' is not a valid slug",
            "claims/UPPER.yaml:1:1: file name 'UPPER' is not a valid slug",
        ],
    ),
    "same-slug-yaml-and-yml": (
        _same_slug_twice,
        [
            "claims/twin.yaml:1:1: two files share the slug 'twin': "
            "claims/twin.yaml and claims/twin.yml"
        ],
    ),
    "link-outside-claims": (_link_outside, ["claims/linked.yaml:1:1: is a link to a file outside"]),
    "link-to-itself": (_link_loop, ["claims/loop.yaml:1:1: is a link that leads to no file"]),
    "file-name-too-long": (
        _long_file_name,
        [
            "claims/ice-released-68000-criminal-aliens-ice-released-68000-criminal-aliens-ice-"
            "released-68000-criminal-aliens-2013.yaml:1:1: file name is longer than 100 characters "
            "(109)"
        ],
    ),
    "over-a-megabyte": (
        _over_a_megabyte,
        ["claims/huge.yaml:1:1: file is 1,1", "bytes; the limit is 1,000,000"],
    ),
    "nested-half-a-million-deep": (
        _nested_half_a_million_deep,
        ["claims/deep.yaml:34:29: topics: lists and mappings are nested more than 20 levels deep"],
    ),
    # Issue 14: 1.3 million error lines and 1.9 GB, before the loader counted values.
    "empty-figures-flood": (
        _huge("empty-figures-flood"),
        [
            "claims/empty-figures-flood.yaml:16:14909: figures: the file passes 5,000 values "
            "(keys, texts and list items) here; a claim needs a few hundred"
        ],
    ),
    # The hint for this syntax error once searched the long line in quadratic time.
    "long-line-of-list-dashes": (
        _huge("long-line-of-list-dashes"),
        [
            "claims/long-line-of-list-dashes.yaml:11:2: YAML syntax error: "
            "did not find expected key (check quotes, colons and indentation from line 1 to "
            "this one; line 10 is 120,005 characters long, too long to search)"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(SPECIAL_CASES))
def test_files_that_cannot_be_claims_are_refused(case: str, tmp_path: Path) -> None:
    make, expected = SPECIAL_CASES[case]
    claims = tmp_path / "claims"
    claims.mkdir()
    make(claims)
    result = check_claims_dir(claims, tmp_path, SETTINGS)
    text = "\n".join(p.format() for p in result.errors)
    for words in expected:
        assert words in text
    assert result.claims == []


FLOODS_DIR = FIXTURES / "floods"


class Flood(NamedTuple):
    """A file with more problems than are shown: where the list starts and what ends it."""

    first: str  # `line:column: field: message` of the first problem shown
    more: str  # the line that counts the rest
    errors: int  # how many errors the file has in all

    @staticmethod
    def add(name: str, claims: Path) -> None:
        """Small floods are real files in fixtures/floods/; large ones are built from recipes."""
        if (FLOODS_DIR / f"{name}.yaml").is_file():
            shutil.copy(FLOODS_DIR / f"{name}.yaml", claims / f"{name}.yaml")
        else:
            _huge(name)(claims)


FLOODS = {
    # 100 figures, the most a claim may have, each lacking its four keys
    "empty-figures-at-the-list-limit": Flood(
        "16:11: figures[1].label: required key 'label' is missing",
        "16:26: and 380 more errors in this file, not shown (fix the ones above",
        400,
    ),
    # 20 related claims that do not exist, and two warnings: found once the claim was read
    "related-at-the-list-limit": Flood(
        "16:11: related[1]: no claim file is named 'x'",
        "12:5: warning: and 2 more warnings in this file, not shown",
        20,
    ),
    "unknown-keys-under-the-value-limit": Flood(
        "11:1: sourcse: unknown key 'sourcse'; did you mean 'sources'?",
        "35:1: and 2,381 more errors in this file, not shown",
        2401,
    ),
}


@pytest.mark.parametrize("name", sorted(FLOODS))
def test_a_flood_of_problems_shows_the_first_twenty_and_counts_the_rest(
    name: str, tmp_path: Path
) -> None:
    flood = FLOODS[name]
    claims = tmp_path / "claims"
    claims.mkdir()
    Flood.add(name, claims)
    result = check_claims_dir(claims, tmp_path, SETTINGS)
    lines = [p.format() for p in sorted(result.problems)]
    assert len(lines) == MAX_PROBLEMS_PER_FILE + 1
    assert lines[0].startswith(f"claims/{name}.yaml:{flood.first}")
    assert lines[-1].startswith(f"claims/{name}.yaml:{flood.more}")
    assert count_problems(result.errors) == flood.errors


# --------------------------------------------------------------------------- builds
# Every fixture goes through a build of the project: MkDocs' own build, in this process
# (support.build_with_mkdocs), which must fail with the file's message before the site folder
# is touched and leave docs/ and claims/ as they were. Three builds run the real `mkdocs build
# --strict` command as CI does (marked slow): several bad files at once, the file nested so
# deep that a parser's recursion would crash the process, and a file with warnings only.


def tree_digest(folder: Path) -> str:
    """Names, link targets and bytes of everything in a folder, without following links."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_symlink():
            digest.update(os.readlink(path).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def build_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project copy for all build tests; each test adds its files and removes them after."""
    return copy_project(tmp_path_factory.mktemp("bad-builds") / "project")


def fails_and_harms_nothing(build: Callable[[Path, Path], Ran], project: Path, site: Path) -> str:
    """Build into a site folder holding an earlier build; return what the build printed."""
    site.mkdir()
    (site / "sentinel.txt").write_text("previous build", encoding="utf-8")
    before = {part: tree_digest(project / part) for part in ("docs", "claims")}
    result = build(project, site)
    after = {part: tree_digest(project / part) for part in ("docs", "claims")}
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert (site / "sentinel.txt").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in site.iterdir()) == ["sentinel.txt"]
    assert after == before
    return output


@contextmanager
def added_to_claims(project: Path, make: Callable[[Path], None]) -> Iterator[Path]:
    """Claim files made by `make` in the project's claims/, removed again afterwards."""
    claims = project / "claims"
    existing = {p.name for p in claims.iterdir()}
    try:
        make(claims)
        yield claims
    finally:
        for path in claims.iterdir():
            if path.name not in existing:
                path.unlink()


def bad_fixture(name: str) -> Callable[[Path], None]:
    return lambda claims: shutil.copy(BAD / f"{name}.yaml", claims / f"{name}.yaml")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_build_fails_clearly_and_keeps_the_previous_site(
    name: str, build_project: Path, tmp_path: Path
) -> None:
    """In this process; the real command with bad files: test_mkdocs_build_reports_every_..."""
    expected = EXPECTED[name]
    with added_to_claims(build_project, bad_fixture(name)):
        output = fails_and_harms_nothing(build_with_mkdocs, build_project, tmp_path / "site")
    assert f"claims/{name}.yaml{expected.where}" in output
    assert expected.words in output
    assert "1 problem in claim files; site not built" in output  # this file's one defect


@pytest.mark.parametrize("case", sorted(SPECIAL_CASES))
def test_a_build_refuses_files_that_cannot_be_claims(
    case: str, build_project: Path, tmp_path: Path
) -> None:
    """In this process; the real command: test_mkdocs_build_refuses_a_file_nested_too_deep."""
    make, expected = SPECIAL_CASES[case]
    with added_to_claims(build_project, make):
        output = fails_and_harms_nothing(build_with_mkdocs, build_project, tmp_path / "site")
    for words in expected:
        assert words in output


@pytest.mark.parametrize("name", sorted(FLOODS))
def test_a_build_log_shows_the_first_problems_of_a_flood(
    name: str, build_project: Path, tmp_path: Path
) -> None:
    """In this process: what MkDocs logs is what its command prints."""
    flood = FLOODS[name]
    with added_to_claims(build_project, lambda claims: Flood.add(name, claims)):
        output = fails_and_harms_nothing(build_with_mkdocs, build_project, tmp_path / "site")
    logged = [line for line in output.splitlines() if f"claims/{name}.yaml:" in line]
    assert len(logged) == MAX_PROBLEMS_PER_FILE + 1
    assert any(f"claims/{name}.yaml:{flood.more}" in line for line in logged)
    assert f"{flood.errors} problems in claim files; site not built" in output


@pytest.mark.slow
def test_mkdocs_build_reports_every_problem_of_every_file_at_once(
    build_project: Path, tmp_path: Path
) -> None:
    names = ["rating-unknown-mostly-ture", "yaml-tab-indent", "non-utf8-latin1", "empty-file"]

    def make(claims: Path) -> None:
        for name in names:
            bad_fixture(name)(claims)
        (claims / "three-problems.yaml").write_text(three_problems(), encoding="utf-8")

    with added_to_claims(build_project, make):
        output = fails_and_harms_nothing(run_mkdocs_build, build_project, tmp_path / "site")
    for name in names:
        expected = EXPECTED[name]
        assert f"claims/{name}.yaml{expected.where}" in output
    assert (
        "claims/three-problems.yaml:12:11: verdict.rating: 'mostly-ture' is not a rating" in output
    )
    assert "claims/three-problems.yaml:16:1: sourcse: unknown key 'sourcse'" in output
    assert "claims/three-problems.yaml:6:7: date: 'soon' is not a date" in output
    assert "7 problems in claim files; site not built" in output


@pytest.mark.slow
def test_mkdocs_build_refuses_a_file_nested_too_deep(build_project: Path, tmp_path: Path) -> None:
    """Deep enough to crash a recursive parser, and with it the whole `mkdocs` process."""
    make, expected = SPECIAL_CASES["nested-half-a-million-deep"]
    with added_to_claims(build_project, make):
        output = fails_and_harms_nothing(run_mkdocs_build, build_project, tmp_path / "site")
    for words in expected:
        assert words in output


@pytest.mark.slow
def test_warnings_are_info_and_do_not_fail_a_strict_build(
    build_project: Path, tmp_path: Path
) -> None:
    def make(claims: Path) -> None:
        (claims / "three-warnings.yaml").write_text(WARNINGS_ONLY, encoding="utf-8")

    with added_to_claims(build_project, make):
        result = run_mkdocs_build(build_project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    log = result.stderr.splitlines()
    for fragment in (
        "claims/three-warnings.yaml:2:8: warning: claim: is 87 characters",
        "claims/three-warnings.yaml:21:5: warning: sources[2]: has no date",
        "claims/three-warnings.yaml:24:17: warning: counter_claims: is empty",
    ):
        assert [line for line in log if fragment in line and line.startswith("INFO")], fragment
    assert (tmp_path / "site" / "claims" / "three-warnings" / "index.html").is_file()
