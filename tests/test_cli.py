"""The editors' command line, run as editors run it: a real process, its output and exit code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, FIXTURES, ROOT
from test_bad_claims import EXPECTED


def factcheck(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_passes_on_the_bundled_claims() -> None:
    result = factcheck("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stderr
    assert "checked 9 claim file(s)" in result.stderr or "checked" in result.stderr


@pytest.mark.parametrize(
    "name", ["rating-unknown-mostly-ture", "yaml-tab-indent", "non-utf8-latin1"]
)
def test_check_fails_on_a_bad_file_with_its_location(name: str) -> None:
    line, _field, words = EXPECTED[name]
    result = factcheck("check", f"tests/fixtures/bad/{name}.yaml")
    assert result.returncode == 1
    assert f"tests/fixtures/bad/{name}.yaml:{line}:" in result.stdout
    assert words in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_check_reports_every_bad_fixture_in_one_run_without_a_traceback() -> None:
    result = factcheck("check", *sorted(str(p) for p in (FIXTURES / "bad").glob("*.yaml")))
    assert result.returncode == 1
    for name in EXPECTED:
        assert f"tests/fixtures/bad/{name}.yaml:" in result.stdout, name
    assert "Traceback" not in result.stdout + result.stderr


def test_github_format_prints_workflow_annotations() -> None:
    result = factcheck(
        "check", "--format", "github", "tests/fixtures/bad/rating-unknown-mostly-ture.yaml"
    )
    assert result.returncode == 1
    line = result.stdout.strip().splitlines()[0]
    assert line.startswith(
        "::error file=tests/fixtures/bad/rating-unknown-mostly-ture.yaml,line=11,col=11::"
    )
    assert "verdict.rating: 'mostly-ture' is not a rating" in line


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    text = (FIXTURES / "valid-base.yaml").read_text(encoding="utf-8")
    text = text.replace("    date: 2014-04-01\n", "", 1)  # a source without a date
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "undated-source.yaml").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    relaxed = factcheck("check", cwd=tmp_path)
    assert relaxed.returncode == 0
    assert "claims/undated-source.yaml:21:5: warning: sources[2]: has no date" in relaxed.stdout
    strict = factcheck("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1


def test_new_scaffolds_a_file_that_check_asks_to_fill_in(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    created = factcheck("new", "my-new-claim", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    path = tmp_path / "claims" / "my-new-claim.yaml"
    assert path.exists()
    again = factcheck("new", "my-new-claim", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    checked = factcheck("check", cwd=tmp_path)
    assert checked.returncode == 1
    assert "claims/my-new-claim.yaml:" in checked.stdout
    assert "REPLACE placeholder" in checked.stdout
    assert "Traceback" not in checked.stdout + checked.stderr

    filled = path.read_text(encoding="utf-8").replace("REPLACE: ", "Filled in: ")
    filled = filled.replace("https://example.org/REPLACE", "https://example.org/report")
    path.write_text(filled, encoding="utf-8")
    assert factcheck("check", cwd=tmp_path).returncode == 0


def test_new_refuses_a_name_that_is_not_a_slug(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = factcheck("new", "../escape", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a valid slug" in result.stderr
    assert not (tmp_path / "escape.yaml").exists()


def test_committed_schema_is_what_the_model_generates(tmp_path: Path) -> None:
    output = tmp_path / "claim.schema.json"
    result = factcheck("schema", "-o", str(output))
    assert result.returncode == 0
    committed = json.loads((ROOT / "schema" / "claim.schema.json").read_text(encoding="utf-8"))
    assert json.loads(output.read_text(encoding="utf-8")) == committed, (
        "schema/claim.schema.json is stale: run `.venv/bin/factcheck schema`"
    )


def test_a_broken_site_config_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra: {}\n", encoding="utf-8")
    result = factcheck("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "mkdocs.yml" in result.stderr and "organisation" in result.stderr
    assert "Traceback" not in result.stderr
