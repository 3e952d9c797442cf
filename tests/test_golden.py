"""Golden files: the Markdown the generator renders, byte for byte, without MkDocs.

A deliberate change to a template changes these files. Regenerate them with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py`, then read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT
from factcheck.project import Project

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = {
    "claims/ice-released-68000-criminal-aliens.md": "claim-ice-released-68000-criminal-aliens.md",
    "methodology.md": "methodology.md",
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    project = Project.from_config_file(ROOT / "mkdocs.yml")
    result = project.check()
    assert result.errors == []
    _site, pages = project.build(result)
    return {page.src_uri: page.markdown for page in pages}


@pytest.mark.parametrize("src_uri", list(CASES))
def test_rendered_markdown_matches_golden_file(src_uri: str, rendered: dict[str, str]) -> None:
    golden = GOLDEN / CASES[src_uri]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered[src_uri], encoding="utf-8")
    assert rendered[src_uri] == golden.read_text(encoding="utf-8")
