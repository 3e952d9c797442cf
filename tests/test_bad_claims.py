"""Bad claim files: each gets one clear message naming file, line and field, and harms nothing.

Every file in tests/fixtures/bad/ is tests/fixtures/valid-base.yaml with exactly one defect
(for index.yaml and page-2.yaml, the file's name).
EXPECTED says where the checker must point and what it must say; the build tests then feed
each file to a real `mkdocs build` and check that the previous site and the sources survive.
Cases that need special file names, links or huge files are made by SPECIAL_CASES in a
temporary project instead of being committed; huge hostile files are built from the small
recipes in tests/fixtures/huge/ (see tests/huge_files.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from conftest import FIXTURES, ROOT, copy_project, run_mkdocs_build
from factcheck import load
from factcheck.problems import MAX_PROBLEMS_PER_FILE, count_problems
from factcheck.settings import load_settings
from factcheck.validate import check_claims_dir, check_paths
from huge_files import huge_file_text

BAD = FIXTURES / "bad"
SETTINGS = load_settings(ROOT / "mkdocs.yml")


class Bad(NamedTuple):
    """Where the checker must point (line 0: the file as a whole) and what it must say."""

    line: int
    column: int
    field: str
    words: str
    # Why the JSON Schema cannot reject this file too; empty when it can (tests/test_schema.py)
    beyond_schema: str = ""

    @property
    def where(self) -> str:
        """`:line:column:` as printed; a problem with the whole file is shown at its start."""
        return f":{self.line or 1}:{self.column or 1}:"


NOT_YAML = "not a YAML document a schema could be given"
BYTES = "about the file's bytes, before any YAML"
ALIASES = "YAML aliases are resolved before a schema sees the data"
TAGS = "YAML tags are refused before parsing; a plain parser rejects or resolves them"
NAME = "about the file's name; a schema sees only what the file holds"
ESCAPE = "libyaml refuses this escape; the editor's YAML parser reads it as text"
CURLY = "a schema sees the text YAML read, not how it was quoted"
EXPECTED: dict[str, Bad] = {
    "alias-billion-laughs": Bad(13, 6, "", "anchors and aliases (&a) are not allowed", ALIASES),
    "alias-too-long": Bad(37, 11, "aliases[1]", "is longer than 100 characters (314)"),
    "anchor-and-alias": Bad(17, 16, "", "anchors and aliases (&cis) are not allowed", ALIASES),
    "alias-reserved": Bad(37, 28, "aliases[2]", "'page-3' is reserved for the site's own pages"),
    "author-not-on-team": Bad(
        35, 11, "authors[1]", "'dsek' is not on the team; did you mean 'desk'? (team: desk)"
    ),
    "authors-empty": Bad(35, 10, "authors", "at least one author is required (team: desk)"),
    "authors-missing": Bad(1, 1, "authors", "required key 'authors' is missing"),
    "appearance-empty": Bad(6, 13, "appearance", "give a `url` or a `title`"),
    "appearance-url-ftp": Bad(
        8, 8, "appearance.url", "'ftp://files.example.org/report.pdf' is not a web address"
    ),
    "appearance-url-invalid-ipv6": Bad(
        8,
        8,
        "appearance.url",
        "'http://[::1/report' is not a valid web address",
        "the pattern cannot tell a broken host in brackets from a good one",
    ),
    "bom-only": Bad(0, 0, "", "file is empty"),
    "claim-is-a-number": Bad(1, 8, "claim", "expected text but YAML read 68000 as a number"),
    "claim-short-too-long": Bad(
        2, 14, "claim_short", "claim_short: is longer than 75 characters (96) (shorten it;"
    ),
    "claimant-name-too-long": Bad(4, 9, "claimant.name", "is longer than 200 characters (309)"),
    "claimant-is-text": Bad(2, 11, "claimant", "expected a mapping of keys, got text"),
    "comments-only": Bad(0, 0, "", "file is empty"),
    "date-ambiguous-day-and-month": Bad(
        23,
        11,
        "sources[2].date",
        "'04/01/2014' is not a date in the form YYYY-MM-DD; it could be 4 January 2014 or "
        "1 April 2014, so write the one you mean: 2014-01-04 or 2014-04-01",
    ),
    "date-impossible-feb-30": Bad(5, 7, "date", "'2014-02-30' is not a real date"),
    "date-in-future": Bad(5, 7, "date", "2099-01-01 is in the future", "depends on today"),
    "date-not-a-date": Bad(5, 7, "date", "'last spring' is not a date in the form YYYY-MM-DD"),
    "date-with-slashes-year-first": Bad(
        9,
        12,
        "published",
        "'2026/11/22' is not a date in the form YYYY-MM-DD; did you mean 2026-11-22?",
    ),
    "date-written-out-day-first": Bad(
        5,
        7,
        "date",
        "'31 March 2014' is not a date in the form YYYY-MM-DD; did you mean 2014-03-31?",
    ),
    "date-written-out-month-first": Bad(
        19,
        11,
        "sources[1].date",
        "'March 31, 2014' is not a date in the form YYYY-MM-DD; did you mean 2014-03-31?",
    ),
    "duplicate-key-claim": Bad(
        2, 1, "claim", "key 'claim' appears twice", "a YAML parser keeps one of the two keys"
    ),
    "duplicate-source-url": Bad(
        22,
        10,
        "sources[2].url",
        "repeats the web address of source 1",
        "compares items of a list by one field",
    ),
    "empty-file": Bad(0, 0, "", "file is empty"),
    # claims/ is the list of fact-checks, claims/page-2/ its second page
    "index": Bad(0, 0, "", "file name 'index' is reserved for the site's own pages", NAME),
    "merge-key": Bad(
        3, 3, "claimant", "YAML merge keys (<<) are not allowed", "merge keys are resolved first"
    ),
    "missing-claim": Bad(1, 1, "claim", "required key 'claim' is missing"),
    "missing-counter-claims": Bad(
        1, 1, "counter_claims", "required key 'counter_claims' is missing"
    ),
    "missing-verdict-summary": Bad(11, 3, "verdict.summary", "required key 'summary' is missing"),
    "nesting-too-deep": Bad(33, 29, "topics", "nested more than 20 levels deep"),
    "non-utf8-latin1": Bad(3, 18, "", "byte 0xE9 is not valid UTF-8", BYTES),
    "page-2": Bad(0, 0, "", "file name 'page-2' is reserved for the site's own pages", NAME),
    "placeholder-left-in": Bad(
        12,
        12,
        "verdict.summary",
        "still holds a REPLACE placeholder",
        "a scaffold marker, not a shape",
    ),
    "previous-rating-unknown": Bad(
        39,
        22,
        "corrections[1].previous_rating",
        "'halftrue' is not a rating; did you mean 'half-true'?",
    ),
    "published-before-claim-date": Bad(
        9, 12, "published", "is before the claim's `date`", "compares two fields"
    ),
    "rating-bare-false": Bad(
        11, 11, "verdict.rating", 'bare true/false value (write rating: "false" with quotes'
    ),
    "rating-bare-yes": Bad(11, 11, "verdict.rating", "'yes' is not a rating"),
    "rating-number": Bad(11, 11, "verdict.rating", "expected text but YAML read 3 as a number"),
    "rating-unknown-mostly-ture": Bad(
        11,
        11,
        "verdict.rating",
        "'mostly-ture' is not a rating; did you mean 'mostly-true'? (ratings: true, mostly-true",
    ),
    "related-path-traversal": Bad(34, 11, "related[1]", "'../../etc/passwd' is not a valid slug"),
    "related-slug-missing": Bad(
        34,
        11,
        "related[1]",
        "no claim file is named 'ice-releasd-68000'",
        "depends on other files",
    ),
    "source-archive-url-not-a-web-address": Bad(
        23,
        18,
        "sources[2].archive_url",
        "'web.archive.org/web/2014/https://cis.org/Vaughan/Catch-and-Release-Responding-Critics'"
        " is not a web address",
    ),
    "source-url-javascript": Bad(
        22, 10, "sources[2].url", "'javascript:alert(1)' is not a web address"
    ),
    "status-unknown": Bad(
        36, 9, "status", "'publish' is not allowed here; did you mean 'published'?"
    ),
    "sources-empty-list": Bad(15, 10, "sources", "at least one source is required"),
    "sources-is-text": Bad(
        15, 10, "sources", "expected a list (lines starting with `- `), got text"
    ),
    "summary-empty": Bad(12, 12, "verdict.summary", "must not be empty"),
    "tag-custom-include": Bad(13, 11, "analysis", "YAML tag '!include' is not allowed", TAGS),
    "tag-python-object": Bad(
        1, 8, "claim", "YAML tag '!!python/object/apply:os.system' is not allowed", TAGS
    ),
    "text-control-character": Bad(
        1,
        8,
        "claim",
        "contains an invisible control character (U+0007)",
        "invisible characters are left to the validator's message",
    ),
    "text-noncharacter-fffe": Bad(
        2,
        8,
        "claim",
        "contains an invisible noncharacter (U+FFFE), which is not text and which feeds cannot",
        "invisible characters are left to the validator's message",
    ),
    "text-noncharacter-ffff": Bad(
        13,
        12,
        "verdict.summary",
        "contains an invisible noncharacter (U+FFFF)",
        "invisible characters are left to the validator's message",
    ),
    "text-direction-override": Bad(
        3,
        9,
        "claimant.name",
        "invisible text-direction character (U+202E)",
        "invisible characters are left to the validator's message",
    ),
    "top-level-list": Bad(1, 1, "", "the file must be a mapping of keys"),
    "top-level-text": Bad(1, 1, "", "the file must be a mapping of keys"),
    "topic-reserved-index": Bad(
        34, 23, "topics[2]", "'index' is reserved for the site's own pages; pick another name"
    ),
    "topic-not-a-slug": Bad(33, 10, "topics[1]", "'Immigration Policy' is not a valid slug"),
    "topic-too-long": Bad(34, 10, "topics[1]", "is longer than 100 characters (299)"),
    "two-documents": Bad(36, 1, "", "a claim file holds one YAML document", NOT_YAML),
    "unknown-key-sourcse": Bad(15, 1, "sourcse", "unknown key 'sourcse'; did you mean 'sources'?"),
    "unknown-nested-key-ratng": Bad(
        11, 3, "verdict.ratng", "unknown key 'ratng'; did you mean 'rating'?"
    ),
    "updated-before-published": Bad(
        10, 10, "updated", "is before `published`", "compares two fields"
    ),
    "url-delete-character": Bad(
        9,
        8,
        "appearance.url",
        "contains an invisible control character (U+007F)",
        "invisible characters are left to the validator's message",
    ),
    "url-direction-override": Bad(
        23,
        10,
        "sources[2].url",
        "contains an invisible text-direction character (U+202E)",
        "invisible characters are left to the validator's message",
    ),
    "url-without-scheme": Bad(
        4,
        8,
        "claimant.url",
        "'cis.org' is not a web address starting with https:// or http://; "
        "did you mean 'https://cis.org'?",
    ),
    "url-without-scheme-www": Bad(
        22,
        10,
        "sources[2].url",
        "is not a web address starting with https:// or http://; did you mean "
        "'https://www.cis.org/Vaughan/Catch-and-Release-Responding-Critics'?",
    ),
    "yaml-control-character-raw": Bad(
        3, 15, "", "invisible control character U+0007 is not allowed", NOT_YAML
    ),
    "yaml-curly-quotes-around-value": Bad(
        12,
        12,
        "verdict.summary",
        "begins with the curly quote \u201c (U+201C), which YAML reads as text, not as a quote "
        '(use straight quotes around the text: "\u2026"',
        CURLY,
    ),
    "yaml-curly-quotes-break-syntax": Bad(
        7, 10, "", "begins with the curly quote \u201c (U+201C)", NOT_YAML
    ),
    "yaml-escape-beyond-unicode": Bad(
        21, 48, "", "`\\U00110000` is not a Unicode character (the last one is", NOT_YAML
    ),
    "yaml-escape-lone-surrogate": Bad(
        1, 80, "", "`\\ud83d` is half of a UTF-16 surrogate pair, not a character", ESCAPE
    ),
    "yaml-escape-short-hex": Bad(
        26, 59, "", "`\\x2` is not an escape: `\\x` takes 2 hex digits", NOT_YAML
    ),
    "yaml-escape-surrogate-pair": Bad(
        12,
        93,
        "",
        "`\\ud83d\\udea8` is a UTF-16 surrogate pair, which YAML does not read as one "
        "character (write `\\U0001F6A8` instead",
        ESCAPE,
    ),
    "yaml-escape-unknown": Bad(
        7, 13, "", "`\\R` is not an escape YAML knows (in double quotes a backslash", NOT_YAML
    ),
    "yaml-no-break-space-after-colon": Bad(
        3,
        8,
        "",
        "U+00A0 (no-break space) follows `name:`; YAML needs an ordinary space after a key's colon",
        NOT_YAML,
    ),
    "yaml-no-break-space-as-indentation": Bad(
        4,
        1,
        "",
        "U+00A0 (no-break space) is used as indentation; YAML reads it as part of the key `url`",
    ),
    "yaml-no-break-space-before-colon": Bad(
        3,
        7,
        "claimant",
        "U+00A0 (no-break space) stands between the key `name` and its colon",
    ),
    "yaml-no-break-space-indent-breaks-syntax": Bad(
        3, 1, "", "U+00A0 (no-break space) is used as indentation; YAML reads it as text", NOT_YAML
    ),
    "yaml-syntax-missing-colon": Bad(
        12, 10, "", "YAML syntax error: mapping values are not allowed", NOT_YAML
    ),
    "yaml-syntax-stray-quote": Bad(
        12, 36, "", "text holding `: ` must be inside double quotes", NOT_YAML
    ),
    "yaml-syntax-unclosed-quote": Bad(
        12, 12, "", "the quote opened here is not closed on this line", NOT_YAML
    ),
    "yaml-tab-indent": Bad(3, 1, "", "tab character used for indentation", NOT_YAML),
    "yaml-zero-width-space-in-key": Bad(
        15, 5, "", "the key `sources` holds the invisible U+200B (zero width space)"
    ),
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


# A valid claim with each of the three warnings: a long claim without claim_short, a source
# without date, and no counter-claims.
WARNINGS_ONLY = (
    (FIXTURES / "valid-base.yaml")
    .read_text(encoding="utf-8")
    .replace("    date: 2014-04-01\n", "", 1)  # a source without a date
    .replace(" instead of deporting them.", " instead of deporting them, says the report.")
    .replace(
        "counter_claims:\n  - who: U.S. Immigration and Customs Enforcement\n"
        '    statement: "ICE accused CIS of distorting the numbers."\n'
        "    source: https://cis.org/Vaughan/Catch-and-Release-Responding-Critics\n",
        "counter_claims: []\n",
    )
)


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


# --------------------------------------------------------------------------- real builds


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


def build_and_check_nothing_was_harmed(project: Path, site: Path) -> str:
    """Build into a site folder holding an earlier build; return MkDocs' output."""
    site.mkdir()
    (site / "sentinel.txt").write_text("previous build", encoding="utf-8")
    before = {part: tree_digest(project / part) for part in ("docs", "claims")}
    result = run_mkdocs_build(project, site)
    after = {part: tree_digest(project / part) for part in ("docs", "claims")}
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert (site / "sentinel.txt").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in site.iterdir()) == ["sentinel.txt"]
    assert after == before
    return output


def remove_added(claims: Path, before: set[str]) -> None:
    for path in claims.iterdir():
        if path.name not in before:
            path.unlink()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_mkdocs_build_fails_clearly_and_keeps_the_previous_site(
    name: str, build_project: Path, tmp_path: Path
) -> None:
    expected = EXPECTED[name]
    target = build_project / "claims" / f"{name}.yaml"
    shutil.copy(BAD / f"{name}.yaml", target)
    try:
        output = build_and_check_nothing_was_harmed(build_project, tmp_path / "site")
    finally:
        target.unlink()
    assert f"claims/{name}.yaml{expected.where}" in output
    assert expected.words in output


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(SPECIAL_CASES))
def test_mkdocs_build_refuses_files_that_cannot_be_claims(
    case: str, build_project: Path, tmp_path: Path
) -> None:
    make, expected = SPECIAL_CASES[case]
    claims = build_project / "claims"
    existing = {p.name for p in claims.iterdir()}
    try:
        make(claims)
        output = build_and_check_nothing_was_harmed(build_project, tmp_path / "site")
    finally:
        remove_added(claims, existing)
    for words in expected:
        assert words in output


@pytest.mark.slow
def test_mkdocs_build_reports_every_problem_of_every_file_at_once(
    build_project: Path, tmp_path: Path
) -> None:
    claims = build_project / "claims"
    existing = {p.name for p in claims.iterdir()}
    names = ["rating-unknown-mostly-ture", "yaml-tab-indent", "non-utf8-latin1", "empty-file"]
    try:
        for name in names:
            shutil.copy(BAD / f"{name}.yaml", claims / f"{name}.yaml")
        (claims / "three-problems.yaml").write_text(three_problems(), encoding="utf-8")
        output = build_and_check_nothing_was_harmed(build_project, tmp_path / "site")
    finally:
        remove_added(claims, existing)
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
@pytest.mark.parametrize("name", sorted(FLOODS))
def test_mkdocs_build_log_shows_the_first_problems_of_a_flood(
    name: str, build_project: Path, tmp_path: Path
) -> None:
    flood = FLOODS[name]
    claims = build_project / "claims"
    existing = {p.name for p in claims.iterdir()}
    try:
        Flood.add(name, claims)
        output = build_and_check_nothing_was_harmed(build_project, tmp_path / "site")
    finally:
        remove_added(claims, existing)
    logged = [line for line in output.splitlines() if f"claims/{name}.yaml:" in line]
    assert len(logged) == MAX_PROBLEMS_PER_FILE + 1
    assert any(f"claims/{name}.yaml:{flood.more}" in line for line in logged)
    assert f"{flood.errors} problems in claim files; site not built" in output


@pytest.mark.slow
def test_warnings_are_info_and_do_not_fail_a_strict_build(
    build_project: Path, tmp_path: Path
) -> None:
    target = build_project / "claims" / "three-warnings.yaml"
    target.write_text(WARNINGS_ONLY, encoding="utf-8")
    try:
        result = run_mkdocs_build(build_project, tmp_path / "site")
    finally:
        target.unlink()
    assert result.returncode == 0, result.stderr
    log = result.stderr.splitlines()
    for fragment in (
        "claims/three-warnings.yaml:2:8: warning: claim: is 87 characters",
        "claims/three-warnings.yaml:21:5: warning: sources[2]: has no date",
        "claims/three-warnings.yaml:24:17: warning: counter_claims: is empty",
    ):
        assert [line for line in log if fragment in line and line.startswith("INFO")], fragment
    assert (tmp_path / "site" / "claims" / "three-warnings" / "index.html").is_file()
