"""Time and memory of `mkdocs build --strict` on the bundled site with one hostile file added.

    .venv/bin/python tests/bench_limits.py                  # this checkout
    .venv/bin/python tests/bench_limits.py --source DIR     # another checkout of the project

Each case from tests/fixtures/limits/ (recipes and folders) and the hostile files in
tests/fixtures/bad/ named in CASES is added to a fresh copy of the project at --source, which
is then built under `/usr/bin/time -v`. The copy's own `scripts/` comes first on the import
path, so an older checkout is measured with its own generator. Nothing is asserted: these are
measurements, printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from limits_recipes import FIXTURES, LIMITS, recipe_names, write_recipe

ROOT = Path(__file__).resolve().parent.parent
# What a project held at one time or another (templates and overrides moved into the package).
PROJECT_PARTS = ["mkdocs.yml", "claims", "templates", "overrides", "docs", "scripts"]
BAD_CASES = [
    "claimant-name-too-long",
    "topic-too-long",
    "alias-too-long",
    "topic-reserved-index",
    "text-noncharacter-fffe",
    "text-noncharacter-ffff",
    "url-direction-override",
    "url-delete-character",
]
TIMEOUT_S = 600


def copy_project(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        path = source / part
        if not path.exists():
            continue
        if path.is_dir():
            shutil.copytree(path, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, target / part)
    return target


def add_case(case: str, claims: Path) -> None:
    if case in recipe_names():
        write_recipe(case, claims)
    elif (LIMITS / case).is_dir():
        for path in sorted((LIMITS / case).glob("*.yaml")):
            shutil.copy(path, claims / path.name)
    elif case != "(none)":
        shutil.copy(FIXTURES / "bad" / f"{case}.yaml", claims / f"{case}.yaml")


def measure(source: Path, case: str, workdir: Path) -> dict[str, str]:
    project = copy_project(source, workdir / case / "project")
    add_case(case, project / "claims")
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(project / "scripts"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "mkdocs", "build", "--strict"]
    command += ["-d", str(workdir / case / "site")]
    try:
        done = subprocess.run(
            command, cwd=project, env=env, capture_output=True, text=True, timeout=TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        return {"case": case, "outcome": f"killed after {TIMEOUT_S} s", "wall": "", "rss": ""}
    output = done.stdout + done.stderr
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", output)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", output)
    seconds = 0.0
    if wall:
        hours, minutes, secs = wall.groups()
        seconds = int(hours or 0) * 3600 + int(minutes) * 60 + float(secs)
    return {
        "case": case,
        "outcome": outcome(done.returncode, output, workdir / case / "site"),
        "wall": f"{seconds:.1f}",
        "rss": f"{int(rss.group(1)) / 1024:.0f}" if rss else "",
    }


def outcome(returncode: int, output: str, site: Path) -> str:
    if "Traceback" in output:
        last = [line for line in output.splitlines() if "Error" in line]
        return "traceback: " + (last[-1].strip()[:60] if last else "?")
    if returncode == 0:
        files = sum(1 for p in site.rglob("*") if p.is_file())
        return f"built ({files:,} files)"
    errors = [
        line for line in output.splitlines() if line.startswith("ERROR") and "claims/" in line
    ]
    return f"refused ({len(errors)} error{'s' if len(errors) != 1 else ''})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="checkout to build")
    parser.add_argument("cases", nargs="*", help="cases to run (default: all)")
    args = parser.parse_args(argv)
    folders = sorted(p.name for p in LIMITS.iterdir() if p.is_dir())
    cases = args.cases or ["(none)", *recipe_names(), *BAD_CASES, *folders]
    print("| case | outcome | wall s | peak MB |\n|---|---|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="bench-limits-") as tmp:
        for number, case in enumerate(cases):
            row = measure(args.source.resolve(), case, Path(tmp) / str(number))
            print(
                f"| {row['case']} | {row['outcome']} | {row['wall']} | {row['rss']} |", flush=True
            )
            shutil.rmtree(Path(tmp) / str(number), ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
