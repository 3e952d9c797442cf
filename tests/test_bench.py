"""The benchmark runs end to end (at a tiny size): it proves the script works, not how fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import ENV, ROOT


@pytest.mark.slow
def test_benchmark_prints_a_row_per_size_with_a_ratio_against_plain_mkdocs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "devtools.bench", "--sizes", "20", "--runs", "2"],
        cwd=ROOT,
        env={**ENV, "PYTHONPATH": str(ROOT / "scripts")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    tables = [table(lines, start) for start, line in enumerate(lines) if line.startswith("| N |")]
    assert len(tables) == 2, result.stdout  # the figures, then the first search file by file
    (row,), (parts,) = tables
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
    assert parts["N"] == "20"
    assert abs(float(parts["total"]) - float(row["first search (KB)"])) <= 1
    for kind in ("scripts", "WebAssembly", "metadata", "index chunks", "results"):
        assert float(parts[kind]) > 0, kind
    assert "filters" not in parts  # the Search page lists them itself: none downloaded
    assert row["preview save to visible (s)"] == "not measured"  # only with --reload
    assert "Machine:" in result.stdout


def table(lines: list[str], start: int) -> list[dict[str, str]]:
    """The rows of the Markdown table whose header is lines[start], as dicts by column."""
    names = [cell.strip() for cell in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = (cell.strip() for cell in line.strip("|").split("|"))
        rows.append(dict(zip(names, cells, strict=True)))
    return rows
