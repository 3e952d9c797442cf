"""Where a build's seconds go: one `mkdocs build` profiled in this process (see `bench`).

Python's profiler slows everything it watches by about the same factor, so each stage is
reported as its share of the profiled build, applied to the same build's time unprofiled.
Share images and the search index run in other processes and are timed on their own.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import time
from dataclasses import dataclass
from pathlib import Path

from factcheck.render import markdown_to_safe_html
from factcheck.validate import forget_validated

# stage -> functions whose cumulative time is that stage: (file name ends with, function name)
STAGES: list[tuple[str, list[tuple[str, str]]]] = [
    ("reading YAML (claim files)", [("factcheck/load.py", "parse_yaml")]),
    ("checking claims (validation, rules, history)", [("factcheck/project.py", "check")]),
    ("site indexes and related claims", [("factcheck/site.py", "build_site")]),
    ("rendering pages (Jinja templates)", [("factcheck/render.py", "render_site")]),
    ("feeds and data files", [("factcheck/outputs.py", "site_files")]),
    ("MkDocs: Markdown to HTML", [("mkdocs/structure/pages.py", "render")]),
    ("MkDocs: theme templates", [("mkdocs/commands/build.py", "_build_page")]),
    ("writing files", [("mkdocs/utils/__init__.py", "write_file")]),
]


@dataclass
class Stage:
    name: str
    seconds: float


def _cumulative(stats: pstats.Stats, where: str, name: str) -> float:
    total = 0.0
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        if function == name and filename.replace(os.sep, "/").endswith(where):
            total += row[3]
    return total


def profile_build(project: Path, site_dir: Path, wall: float) -> list[Stage]:
    """The stages of one build of `project` (no share images or search index), scaled to a
    build that took `wall` seconds without the profiler."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # as a new process would: nothing already read or drawn (the benchmark ran stages here)
    forget_validated()
    markdown_to_safe_html.cache_clear()
    here = Path.cwd()
    os.chdir(project)
    try:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        build(config)
        profiler.disable()
        profiled = time.perf_counter() - started
    finally:
        os.chdir(here)
    stats = pstats.Stats(profiler)
    raw = {name: sum(_cumulative(stats, w, f) for w, f in spots) for name, spots in STAGES}
    # nested stages: YAML is inside checking, and writing files inside the theme's stage
    raw["checking claims (validation, rules, history)"] -= raw["reading YAML (claim files)"]
    raw["MkDocs: theme templates"] -= raw["writing files"]
    scale = wall / profiled
    stages = [Stage(name, seconds * scale) for name, seconds in raw.items()]
    stages.append(Stage("MkDocs: everything else", wall - sum(s.seconds for s in stages)))
    return stages


def format_profile(stages: list[Stage], extra: list[Stage], n: int) -> str:
    total = sum(s.seconds for s in stages)
    lines = [
        f"| stage ({n:,} claims) | seconds | share of the pages' build |",
        "|---|---|---|",
    ]
    lines += [f"| {s.name} | {s.seconds:.2f} | {100 * s.seconds / total:.0f}% |" for s in stages]
    lines.append(f"| **the pages' build** | **{total:.2f}** | 100% |")
    lines += [f"| {s.name} | {s.seconds:.2f} | beside or after it |" for s in extra]
    return "\n".join(lines)
