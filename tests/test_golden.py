"""Golden files: the Markdown the generator renders, byte for byte, without MkDocs.

A deliberate change to a template changes these files. Regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

then read the diff (`git diff tests/golden/`) before committing. The claim's dates are fixed in
its YAML file and the one date-dependent part of a page (the "may be out of date" notice after
`review_by`) is rendered for a fixed day, so the output does not change from one day to the next.
The methodology page counts the bundled claims, so adding a claim changes its golden file too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest

from factcheck.project import Project
from support import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = {
    "claims/ice-released-68000-criminal-aliens.md": "claim-ice-released-68000-criminal-aliens.md",
    "methodology.md": "methodology.md",
}
BUILD_DAY = dt.date(2026, 11, 22)  # the day the bundled claims were published
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    project = Project.from_config_file(ROOT / "mkdocs.yml")
    result = project.check()
    assert result.errors == []
    site, _pages = project.build(result)
    site = dataclasses.replace(site, today=BUILD_DAY)
    pages = project.renderer().render_site(site)
    return {page.src_uri: page.markdown for page in pages}


@pytest.mark.parametrize("src_uri", list(CASES))
def test_rendered_markdown_matches_golden_file(src_uri: str, rendered: dict[str, str]) -> None:
    golden = GOLDEN / CASES[src_uri]
    if UPDATE:
        golden.write_text(rendered[src_uri], encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing; run UPDATE_GOLDEN=1 pytest {__file__}"
    assert rendered[src_uri] == golden.read_text(encoding="utf-8")
