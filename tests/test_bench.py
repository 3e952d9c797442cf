"""The benchmark runs end to end (at a tiny size): it proves the script works, not how fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ENV, ROOT


@pytest.mark.slow
def test_benchmark_prints_a_row_per_size_with_a_ratio_against_plain_mkdocs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "factcheck.bench", "--sizes", "20"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| 20 |")]
    assert len(rows) == 1, result.stdout
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    build_s, plain_s, ratio = (float(c) for c in cells[1:4])
    assert build_s > 0 and plain_s > 0
    assert ratio == pytest.approx(build_s / plain_s, abs=0.01)
    full_build_s, site_mb, largest_kb = float(cells[4]), float(cells[6]), float(cells[7])
    material_kb, pagefind_kb = float(cells[8]), float(cells[9])
    assert full_build_s > 0 and site_mb > 0 and largest_kb > 0
    assert material_kb > 0 and pagefind_kb > 0
    assert "Machine:" in result.stdout
