"""The editors' command line: what each command prints and its exit code.

The commands run in this process (support.factcheck: main() with its own working folder and
output), which is what they do in a terminal apart from starting Python. One test starts the
installed console script itself, as editors type it, so that path is covered end to end.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.problems import MAX_PROBLEMS_PER_FILE
from support import ENV, EXPECTED, FIXTURES, ROOT, WARNINGS_ONLY, factcheck, set_plugin_options

# The console script pip installed next to this Python, as editors type it.
CONSOLE_SCRIPT = Path(sys.executable).parent / "factcheck"


def project_with(tmp_path: Path, claims: dict[str, str]) -> Path:
    """A folder holding the site config and the given claim files, nothing else."""
    (tmp_path / "claims").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for name, text in claims.items():
        (tmp_path / "claims" / name).write_text(text, encoding="utf-8")
    return tmp_path


def where(name: str) -> str:
    """The start of the line the checker prints for a bad fixture."""
    return f"tests/fixtures/bad/{name}.yaml{EXPECTED[name].where}"


@pytest.mark.slow
def test_the_console_script_passes_the_bundled_claims() -> None:
    result = subprocess.run(
        [CONSOLE_SCRIPT, "check"], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked 9 claim file(s)" in result.stderr
    assert "0 error(s)" in result.stderr
    assert "error" not in result.stdout  # warnings only


# One fixture of each kind of failure: reading, YAML, the model, between fields, between files.
@pytest.mark.parametrize(
    "name",
    [
        "non-utf8-latin1",
        "yaml-tab-indent",
        "yaml-syntax-unclosed-quote",
        "alias-billion-laughs",
        "tag-python-object",
        "rating-unknown-mostly-ture",
        "unknown-key-sourcse",
        "date-impossible-feb-30",
        "duplicate-source-url",
        "related-slug-missing",
        "empty-file",
    ],
)
def test_check_fails_on_a_bad_file_with_its_location(name: str) -> None:
    result = factcheck("check", f"tests/fixtures/bad/{name}.yaml")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(where(name)), result.stdout
    assert EXPECTED[name].words in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_check_reports_every_bad_fixture_in_one_run_without_a_traceback() -> None:
    result = factcheck("check", "tests/fixtures/bad")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for name, expected in EXPECTED.items():
        mine = [line for line in lines if line.startswith(f"tests/fixtures/bad/{name}.yaml:")]
        assert len(mine) == 1, (name, mine)
        assert mine[0].startswith(where(name)) and expected.words in mine[0], mine[0]
    assert f"{len(EXPECTED)} error(s)" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_github_format_prints_a_workflow_annotation_for_every_problem() -> None:
    result = factcheck("check", "--format", "github", "tests/fixtures/bad")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXPECTED)
    annotations = {re.match(r"::error file=([^,:]+)", line)[1]: line for line in lines}
    for name, expected in EXPECTED.items():
        line = annotations[f"tests/fixtures/bad/{name}.yaml"]
        if expected.line:
            assert f",line={expected.line},col={expected.column}::" in line
        else:  # about the whole file: GitHub shows it on the file, not on one line
            assert line.startswith(f"::error file=tests/fixtures/bad/{name}.yaml::")
        assert expected.words in line
    rating = annotations["tests/fixtures/bad/rating-unknown-mostly-ture.yaml"]
    assert rating.startswith(
        "::error file=tests/fixtures/bad/rating-unknown-mostly-ture.yaml,line=11,col=11::"
        "verdict.rating: 'mostly-ture' is not a rating; did you mean 'mostly-true'?"
    )


def test_github_format_annotates_a_flood_with_twenty_problems_and_a_count(
    tmp_path: Path,
) -> None:
    """Issue 14: one file printed 1,288,000 annotations; a pull request shows only the first."""
    name = "empty-figures-at-the-list-limit"
    text = (FIXTURES / "floods" / f"{name}.yaml").read_text(encoding="utf-8")
    project = project_with(tmp_path, {f"{name}.yaml": text})
    result = factcheck("check", "--format", "github", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == MAX_PROBLEMS_PER_FILE + 1
    assert all(line.startswith(f"::error file=claims/{name}.yaml,line=16,col=") for line in lines)
    assert lines[-1].endswith(
        "::and 380 more errors in this file, not shown (fix the ones above and check again)"
    )
    assert "400 error(s)" in result.stderr


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"three-warnings.yaml": WARNINGS_ONLY})
    relaxed = factcheck("check", cwd=project)
    assert relaxed.returncode == 0, relaxed.stdout
    assert relaxed.stdout.splitlines() == [
        "claims/three-warnings.yaml:2:8: warning: claim: is 87 characters; search engines show "
        "only 75 (add a `claim_short:` of 75 characters or fewer)",
        "claims/three-warnings.yaml:21:5: warning: sources[2]: has no date "
        "(add `date:` if the source shows one)",
        "claims/three-warnings.yaml:24:17: warning: counter_claims: is empty "
        "(ask the claimant or the other side for a response and record it)",
    ]
    assert "0 error(s), 3 warning(s)" in relaxed.stderr
    strict = factcheck("check", "--strict", cwd=project)
    assert strict.returncode == 1
    assert strict.stdout == relaxed.stdout
    github = factcheck("check", "--format", "github", cwd=project)
    assert github.stdout.startswith("::warning file=claims/three-warnings.yaml,line=2,col=8::")


def test_check_finds_the_project_from_inside_claims(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"three-warnings.yaml": WARNINGS_ONLY})
    result = factcheck("check", "three-warnings.yaml", cwd=project / "claims")
    assert result.returncode == 0
    assert result.stdout.startswith("claims/three-warnings.yaml:2:8: warning: claim:")


def test_check_refuses_paths_that_do_not_exist() -> None:
    result = factcheck("check", "claims/no-such-claim.yaml")
    assert result.returncode == 2
    assert "claims/no-such-claim.yaml: no such file or folder" in result.stderr


def test_new_scaffolds_a_file_that_check_asks_to_fill_in(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    created = factcheck("new", "my-new-claim", cwd=project)
    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == "created claims/my-new-claim.yaml"
    path = project / "claims" / "my-new-claim.yaml"
    again = factcheck("new", "my-new-claim", cwd=project)
    assert again.returncode == 1 and "already exists" in again.stderr

    checked = factcheck("check", cwd=project)
    assert checked.returncode == 1
    problems = checked.stdout.splitlines()
    # every problem is a placeholder to fill in: the scaffold is otherwise a valid claim
    assert len(problems) >= 8
    for line in problems:
        assert line.startswith("claims/my-new-claim.yaml:")
        assert "still holds a REPLACE placeholder from `factcheck new`" in line
    assert "Traceback" not in checked.stdout + checked.stderr
    # the rating too must be chosen, not left at a default; and it is named once, not twice
    scaffold = path.read_text(encoding="utf-8").splitlines()
    rating = scaffold.index('  rating: "REPLACE: a rating from the list above"') + 1
    assert [line for line in problems if "verdict.rating" in line] == [
        f"claims/my-new-claim.yaml:{rating}:11: verdict.rating: still holds a REPLACE placeholder "
        "from `factcheck new` (write the real value here)"
    ]

    filled = path.read_text(encoding="utf-8").replace("REPLACE: ", "Filled in: ")
    filled = filled.replace("https://example.org/REPLACE", "https://example.org/report")
    filled = filled.replace("authors: [REPLACE]", "authors: [desk]")
    filled = filled.replace('rating: "Filled in: a rating from the list above"', 'rating: "false"')
    path.write_text(filled, encoding="utf-8")
    done = factcheck("check", cwd=project)
    assert done.returncode == 0, done.stdout


def test_new_refuses_a_name_that_is_not_a_slug(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    result = factcheck("new", "../escape", cwd=project)
    assert result.returncode == 2
    assert "not a valid slug" in result.stderr
    assert not (tmp_path / "escape.yaml").exists()


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("ICE Released 68,000", "ice-released-68000"),
        ("claims/Don't deport.yaml", "dont-deport"),
        ("my_claim.yml", "my-claim"),
        ("Index", None),  # the list of fact-checks' own name: no suggestion is better
    ],
)
def test_new_suggests_a_valid_slug_for_an_invalid_one(
    name: str, suggested: str | None, tmp_path: Path
) -> None:
    project = project_with(tmp_path, {})
    result = factcheck("new", name, cwd=project)
    assert result.returncode == 2
    first = f"{name.removesuffix('.yaml')!r} is not a valid slug: use lowercase letters, digits "
    first += "and hyphens"
    if suggested:
        assert result.stderr.strip() == f"{first}; try: factcheck new {suggested}"
    else:
        assert result.stderr.strip() == first
    assert list((project / "claims").iterdir()) == []


@pytest.mark.parametrize("slug", ["index", "page-2"])
def test_new_refuses_a_name_the_list_of_fact_checks_uses(slug: str, tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    result = factcheck("new", slug, cwd=project)
    assert result.returncode == 2
    assert f"{slug!r} is reserved for the list of fact-checks" in result.stderr
    assert list((project / "claims").iterdir()) == []


def test_new_never_writes_through_a_dangling_link(tmp_path: Path) -> None:
    project = project_with(tmp_path / "site", {})
    outside = tmp_path / "outside.yaml"
    (project / "claims" / "taken.yaml").symlink_to(outside)
    result = factcheck("new", "taken", cwd=project)
    assert result.returncode == 1 and "already exists" in result.stderr
    assert not outside.exists()


def test_committed_schema_is_what_the_model_generates(tmp_path: Path) -> None:
    output = tmp_path / "claim.schema.json"
    result = factcheck("schema", "-o", str(output))
    assert result.returncode == 0
    committed = json.loads((ROOT / "schema" / "claim.schema.json").read_text(encoding="utf-8"))
    assert json.loads(output.read_text(encoding="utf-8")) == committed, (
        "schema/claim.schema.json is stale: run `.venv/bin/factcheck schema`"
    )


def test_schema_is_written_into_the_project_wherever_it_is_run(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    result = factcheck("schema", cwd=project / "claims")
    assert result.returncode == 0, result.stderr
    written = (project / "schema" / "claim.schema.json").read_text(encoding="utf-8")
    assert written == (ROOT / "schema" / "claim.schema.json").read_text(encoding="utf-8")
    assert sorted(p.name for p in (project / "claims").iterdir()) == []


def test_a_broken_site_config_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [factcheck]\n", encoding="utf-8")
    result = factcheck("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "mkdocs.yml" in result.stderr and "organisation" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_site_config_anywhere_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = factcheck("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "no mkdocs.yml in" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_refuses_a_misspelt_plugin_option_as_the_build_does(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    set_plugin_options(project, claims_per_pge=5)
    result = factcheck("check", cwd=project)
    assert result.returncode == 2
    assert "plugins: factcheck: claims_per_pge: unknown option" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reads_claims_from_the_configured_folder(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    (project / "claims").rmdir()
    shutil.copytree(ROOT / "claims", project / "fact-checks")
    set_plugin_options(project, claims_dir="fact-checks")
    result = factcheck("check", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked 9 claim file(s)" in result.stderr
