"""The benchmark runs end to end (at a tiny size): it proves the script works, not how fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import ENV, ROOT


@pytest.mark.slow
def test_benchmark_prints_a_row_per_size_with_a_ratio_against_plain_mkdocs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "devtools.bench", "--sizes", "20"],
        cwd=ROOT,
        env={**ENV, "PYTHONPATH": str(ROOT / "scripts")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| N |"))
    rows = [line for line in lines if line.startswith("| 20 |")]
    assert len(rows) == 1, result.stdout
    names = [cell.strip() for cell in header.strip("|").split("|")]
    row = dict(zip(names, (cell.strip() for cell in rows[0].strip("|").split("|")), strict=True))
    build_s, plain_s, ratio = (float(row[k]) for k in ("build (s)", "plain MkDocs (s)", "ratio"))
    assert build_s > 0 and plain_s > 0
    # Each figure is printed rounded to 0.01 s, so the ratio of the printed times can differ
    # from the printed ratio by more than 0.01 when the times are short.
    half = 0.005
    lowest, highest = (build_s - half) / (plain_s + half), (build_s + half) / (plain_s - half)
    assert lowest - half <= ratio <= highest + half
    for column in (
        "full build (s)", "full / build", "peak RSS (MB)", "plain MkDocs peak RSS (MB)",
        "full build peak RSS (MB)", "site (MB)", "largest claim page (KB)", "index files (KB)",
        "share images (s)", "share images (ms each)", "Pagefind (s)", "Pagefind peak RSS (MB)",
        "`check` CLI (s)",
    ):  # fmt: skip
        assert float(row[column]) > 0, column
    for column in ("load (s)", "validate (s)", "render (s)"):  # 20 claims may take under 5 ms
        assert float(row[column]) >= 0, column
    assert float(row["first search (KB)"]) > 0  # measured in Chromium, which the tests have
    assert row["preview save to visible (s)"] == "not measured"  # only with --reload
    assert "Machine:" in result.stdout
