"""Benchmark: build N synthetic claims with the generator and the same pages with plain MkDocs.

    python3 scripts/dev.py bench                 # N = 100 and 1,000
    python3 scripts/dev.py bench --sizes 20      # a quick run
    python3 scripts/dev.py bench --with-10k      # adds N = 10,000 (takes several minutes)
    python3 scripts/dev.py bench --write-docs    # also writes docs/benchmark.md

For each N it prints wall time, peak memory, site size, the largest claim page, the bytes a
reader downloads for a first search, and the generator's own time split, then the ratio of the
generator's build time to a plain MkDocs + Material build of the very same Markdown pages.
Nothing is asserted: these are measurements, to be read and compared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import paths
from .files import find_claim_files
from .load import load_claim_file
from .package_data import BUILTIN_THEME
from .project import Project, collector_paused
from .settings import plugin_options
from .share_image import share_images
from .site import Site
from .slugs import is_reserved_slug
from .theme_context import EXTRA_KEY, theme_settings
from .validate import validate_loaded

RELOAD_MAX_N = 1_000  # a first `serve` build of 10,000 claims takes minutes before timing starts
PROJECT_PARTS = ["mkdocs.yml", "templates", "docs", "scripts"]
TOPICS = [f"topic-{i:02d}" for i in range(40)]
WORDS = [
    "agency",
    "report",
    "figure",
    "records",
    "data",
    "year",
    "percent",
    "removal",
    "enforcement",
    "statement",
    "official",
    "review",
    "count",
    "released",
    "charged",
    "convicted",
    "interior",
    "border",
    "policy",
    "analysis",
    "source",
    "document",
]


@dataclass
class Row:
    n: int
    build_s: float = 0.0
    full_build_s: float = 0.0
    pagefind_kb: float = 0.0
    plain_s: float = 0.0
    peak_rss_mb: float = 0.0
    plain_rss_mb: float = 0.0
    full_rss_mb: float = 0.0
    site_mb: float = 0.0
    largest_claim_kb: float = 0.0
    load_s: float = 0.0
    validate_s: float = 0.0
    render_s: float = 0.0
    share_image_ms: float = 0.0
    check_s: float = 0.0
    reload_s: float | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.build_s / self.plain_s if self.plain_s else float("nan")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def synthetic_claim(index: int, rng: random.Random, slugs: list[str]) -> str:
    """A realistic claim file: every field, several sources, counter-claims and paragraphs."""
    rating = rng.choice(["true", "mostly-true", "half-true", "mostly-false", "false", "unproven"])
    topics = rng.sample(TOPICS, 3)
    related = rng.sample(slugs, 2) if len(slugs) > 2 else []
    paragraphs = "\n\n".join(
        "  " + "\n  ".join(_sentence(rng, 14) for _ in range(5)) for _ in range(4)
    )
    sources = "".join(
        f"""  - title: "{_sentence(rng, 6)}"
    publisher: Publisher {rng.randint(1, 50)}
    url: https://example.org/{index}/source-{s}
    date: 2014-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}
    note: "{_sentence(rng, 12)}"
"""
        for s in range(4)
    )
    counters = "".join(
        f"""  - who: Spokesperson {c}
    statement: "{_sentence(rng, 25)}"
    source: https://example.org/{index}/source-{c}
"""
        for c in range(2)
    )
    figures = "".join(
        f"""  - label: "{_sentence(rng, 5)}"
    value: "{rng.randint(1000, 99999):,}"
    who: Party {f}
    source: https://example.org/{index}/source-{f}
"""
        for f in range(3)
    )
    return f"""claim: "Claim number {index}: {_sentence(rng, 12)}"
claim_short: "Claim number {index}"
claimant:
  name: Claimant {index % max(1, len(slugs) // 10 + 1)}
date: 2014-03-{rng.randint(10, 28)}
appearance:
  title: "{_sentence(rng, 6)}"
  url: https://example.org/{index}/appearance
published: 2014-04-{rng.randint(10, 28)}
authors: [desk]
verdict:
  rating: "{rating}"
  summary: "{_sentence(rng, 30)}"
analysis: |
{paragraphs}
sources:
{sources}counter_claims:
{counters}figures:
{figures}topics: [{", ".join(topics)}]
related: [{", ".join(related)}]
"""


def make_project(root: Path, source: Path, n: int) -> Path:
    project = root / f"n{n}"
    project.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, project / part)
    claims = project / "claims"
    claims.mkdir()
    rng = random.Random(n)
    slugs = [f"claim-{i:05d}" for i in range(n)]
    for i, slug in enumerate(slugs):
        (claims / f"{slug}.yaml").write_text(synthetic_claim(i, rng, slugs), encoding="utf-8")
    return project


def timed_build(project: Path, site: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `mkdocs build` in its own process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"build failed in {project}:\n{error}")
    return elapsed, usage.ru_maxrss / 1024


def plain_project(root: Path, project: Path, n: int) -> Path:
    """The generator's own Markdown pages, as files, with the same theme but no plugin."""
    plain = root / f"plain{n}"
    shutil.copytree(project / "docs", plain / "docs")
    gen = Project.from_config_file(project / "mkdocs.yml")
    _site, pages = gen.build(gen.check())
    for page in pages:
        target = plain / "docs" / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")

    # The theme's masthead and footer read the site's settings from `extra`, which the plugin
    # fills in; without the plugin, the config says the same.
    theme = theme_settings(gen.settings, project / "docs")

    def without_plugin(config: dict[str, Any]) -> None:
        config["plugins"] = [
            p for p in config["plugins"] if plugin_options({"plugins": [p]}) is None
        ]
        config.setdefault("extra", {})[EXTRA_KEY] = theme
        config["theme"]["custom_dir"] = str(BUILTIN_THEME)  # the same theme overrides
        config["extra_css"] = [paths.SITE_STYLESHEET]
        config["extra_javascript"] = list(paths.SITE_SCRIPTS)
        config["not_in_nav"] = "/claims/*\n/claimants/*\n/topics/*\n/ratings/*\n"

    shutil.copy2(project / "mkdocs.yml", plain / "mkdocs.yml")
    edit_config(plain / "mkdocs.yml", without_plugin)
    return plain


def edit_config(config_file: Path, change: Callable[[dict[str, Any]], None]) -> None:
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    change(config)
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def set_extras(project: Path, enabled: bool) -> None:
    """Share images and the search index on or off."""

    def switch(config: dict[str, Any]) -> None:
        options = plugin_options(config)
        assert isinstance(options, dict)
        options.update(share_images=enabled, search=enabled)

    edit_config(project / "mkdocs.yml", switch)


def pagefind_first_search_bytes(site: Path) -> int:
    """A first Pagefind query: its script and WebAssembly, the entry and meta files, one
    index chunk and a page of five result fragments (average sizes; chunks are per word)."""
    bundle = site / "pagefind"
    if not bundle.is_dir():
        return 0
    fixed = [bundle / "pagefind.js", bundle / "pagefind-entry.json"]
    fixed += list(bundle.glob("wasm.*.pagefind"))[:1] + list(bundle.glob("pagefind.*.pf_meta"))

    def average(folder: str) -> float:
        sizes = [p.stat().st_size for p in (bundle / folder).glob("*")]
        return sum(sizes) / len(sizes) if sizes else 0.0

    return int(
        sum(p.stat().st_size for p in fixed if p.exists())
        + average("index")
        + 5 * average("fragment")
    )


def dir_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def generator_split(project: Path, row: Row) -> None:
    """The generator's own stages, each timed alone: reading YAML, checking it, rendering."""
    gen = Project.from_config_file(project / "mkdocs.yml")
    paths, _refused = find_claim_files(gen.claims_dir, gen.root)
    with collector_paused():  # as Project.check runs them
        started = time.perf_counter()
        loaded = [load_claim_file(path, gen.root) for path in paths]
        row.load_s = time.perf_counter() - started
        started = time.perf_counter()
        for claim_file in loaded:
            validate_loaded(claim_file, gen.settings)
        row.validate_s = time.perf_counter() - started
    result = gen.check()  # the whole pipeline (cross-file checks too), for the pages
    started = time.perf_counter()
    site, _pages = gen.build(result)
    row.render_s = time.perf_counter() - started
    row.share_image_ms = _time_share_images(site)
    row.check_s = _time_cli_check(project)


def _time_share_images(site: Site) -> float:
    """Milliseconds per image to draw every share image into an empty cache, as a first
    build does (in worker processes, one per core, when there are many)."""
    with tempfile.TemporaryDirectory(prefix="factcheck-share-") as cache:
        started = time.perf_counter()
        images = share_images(site, Path(cache))
        elapsed = time.perf_counter() - started
    return 1000 * elapsed / max(1, len(images))


def _time_cli_check(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "factcheck.cli", "check"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def measure_reload(project: Path, env: dict[str, str], port: int = 8765) -> float:
    """Seconds from saving one claim file to the served page showing the change."""
    server = subprocess.Popen(
        # as `scripts/dev.py serve` runs it: --dirty rebuilds only the pages whose text changed
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/claims/claim-00000/"
    try:
        _wait_for(url, "Claim number 0", timeout=600)
        claim = project / "claims" / "claim-00000.yaml"
        marker = f"edited-{time.time_ns()}"
        text = claim.read_text(encoding="utf-8").replace("Claim number 0:", f"{marker}:", 1)
        started = time.perf_counter()
        claim.write_text(text, encoding="utf-8")
        _wait_for(url, marker, timeout=600)
        return time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(url: str, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout} s")


def run_size(n: int, workdir: Path, source: Path, env: dict[str, str], reload: bool) -> Row:
    row = Row(n)
    project = make_project(workdir, source, n)
    generator_split(project, row)
    site = workdir / f"site{n}"
    # First the pages alone, to compare with plain MkDocs; then the full build a site gets
    # (share images drawn into an empty cache, Pagefind index), which plain MkDocs lacks.
    set_extras(project, enabled=False)
    row.build_s, row.peak_rss_mb = timed_build(project, site, env)
    set_extras(project, enabled=True)
    row.full_build_s, row.full_rss_mb = timed_build(project, site, env)
    row.site_mb = dir_bytes(site) / 1e6
    # claims/page-2/ and on are pages of the list of fact-checks, not claims
    pages = (site / "claims").glob("*/index.html")
    claim_pages = [p for p in pages if not is_reserved_slug(p.parent.name)]
    row.largest_claim_kb = max(p.stat().st_size for p in claim_pages) / 1e3
    row.pagefind_kb = pagefind_first_search_bytes(site) / 1e3
    plain = plain_project(workdir, project, n)
    row.plain_s, row.plain_rss_mb = timed_build(plain, workdir / f"plainsite{n}", env)
    if reload:
        row.reload_s = measure_reload(project, env)
    return row


HEADER = (
    "| N | build (s) | plain MkDocs (s) | ratio | full build (s) | peak RSS (MB) "
    "| plain MkDocs peak RSS (MB) | full build peak RSS (MB) | site (MB) "
    "| largest claim page (KB) | first search (KB) "
    "| load (s) | validate (s) | render (s) | share images (ms each) | `check` CLI (s) "
    "| serve --dirty reload (s) |"
)


def format_table(rows: list[Row]) -> str:
    lines = [HEADER, "|" + "---|" * 17]
    for r in rows:
        reload = f"{r.reload_s:.2f}" if r.reload_s is not None else "not measured"
        lines.append(
            f"| {r.n:,} | {r.build_s:.2f} | {r.plain_s:.2f} | {r.ratio:.2f} | "
            f"{r.full_build_s:.2f} | {r.peak_rss_mb:.0f} | {r.plain_rss_mb:.0f} | "
            f"{r.full_rss_mb:.0f} | "
            f"{r.site_mb:.1f} | "
            f"{r.largest_claim_kb:.1f} | {r.pagefind_kb:.0f} | "
            f"{r.load_s:.2f} | {r.validate_s:.2f} | {r.render_s:.2f} | "
            f"{r.share_image_ms:.1f} | {r.check_s:.2f} | "
            f"{reload} |"
        )
    return "\n".join(lines)


def machine_line() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; {dt.date.today().isoformat()}"
    )


def benchmark_page(table: str) -> str:
    return f"""---
# An editors' page: the documentation layout, with its sidebar, not the readers'.
audience: editors
---

# Benchmark

Figures written by `python3 scripts/dev.py bench --with-10k --reload --write-docs` on
{machine_line()}. Run it on your own machine to compare; nothing here is a promise.

{table}

## What the columns mean

- **build**: `mkdocs build` of N synthetic claims with the generator (every field, four
  sources, two counter-claims, three figures, four paragraphs of analysis), without share
  images or the search index. **plain MkDocs**: the very same Markdown pages written out as
  files and built by MkDocs + Material with no generator. **ratio** is build over plain. It
  can be below 1: the generator hands MkDocs its pages' HTML ready-made (see below), which a
  plain build of the same pages must parse.
- **full build** adds what plain MkDocs does not make: a share image per claim, drawn into an
  empty cache (later builds reuse it), and the Pagefind search index.
- **peak RSS**: the most memory the build process held, generator and MkDocs together; beside
  it, plain MkDocs on the same pages. **full build peak RSS** is the most any process of the
  full build held: at scale that is the Pagefind indexer, a separate program that runs after
  MkDocs has finished and needs about 200 KB per page. On a machine with little memory, set
  `search: false` in the factcheck plugin's options and index elsewhere.
- **largest claim page**: the biggest `claims/*/index.html`. Lists are paginated
  (`claims_per_page`), so no page grows with the archive.
- **first search**: what a reader downloads for a first query on the Search page: Pagefind's
  script and WebAssembly, its entry files, one index chunk and five result fragments.
- **load**, **validate** and **render**: the generator's own stages, each timed alone, apart
  from MkDocs: reading the YAML files, checking them against the claim model, and rendering
  every page with the templates.
- **share images**: milliseconds per claim to draw every share image into an empty cache,
  in worker processes (one per core) when there are many; a later build reuses them.
- **`check` CLI**: `factcheck check` on all N files, as a new process, start-up included.
- **serve --dirty reload**: seconds from saving one claim file to the served page showing
  the change, under `python3 scripts/dev.py serve` (`mkdocs serve --dirty`).

## How the generator keeps up

- Claim files are read with libyaml (`CSafeLoader`), keeping no positions: positions are
  read again only for a file with a problem, so error messages still name line and column.
- Python's cycle collector waits while claims load and pages render; nothing there makes
  reference cycles worth chasing, and rescanning 10,000 loaded claims cost a third of `check`.
- Related claims and every index are computed once a build, from topic groups, not per page.
- Generated pages are mostly raw HTML, which MkDocs and Python-Markdown each parse with
  Python's `html.parser`: two thirds of a plain build of these pages. The generator sets
  each HTML block aside before Markdown runs and puts it back after, byte for byte.
- Material's search plugin is off: its single index grew to 73 MB at 10,000 claims, for every
  reader who searched, and added a third to the build's time and memory. Pagefind replaces it.

## Previews and their trade-off

`mkdocs serve` rebuilds the whole site on every save. `python3 scripts/dev.py serve` runs it
with `--dirty` instead: claims whose file did not change are not parsed again (results are
kept by content hash), and pages whose text did not change are not rebuilt. The trade-off:
a dirty build does not refresh pages whose only change is in the navigation or theme, and
the preview has no search index. Neither affects claims (they are not in the navigation), a
restart gives a clean preview, and `mkdocs build` is always a full, clean build.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--with-10k", action="store_true", help="also run N = 10,000")
    parser.add_argument(
        "--reload", action="store_true", help=f"time a save under serve, for N <= {RELOAD_MAX_N:,}"
    )
    parser.add_argument("--write-docs", action="store_true", help="write docs/benchmark.md")
    parser.add_argument("--root", default=".", help="project to benchmark (default: here)")
    args = parser.parse_args(argv)
    source = Path(args.root).resolve()
    sizes = sorted(set(args.sizes + ([10_000] if args.with_10k else [])))
    rows = []
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        # builds cache share images in the user's cache folder: keep the bench's with it
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": f"{tmp}/cache"}
        for n in sizes:
            reload = args.reload and n <= RELOAD_MAX_N
            print(f"N = {n:,} ...", file=sys.stderr, flush=True)
            rows.append(run_size(n, Path(tmp), source, env, reload))
    table = format_table(rows)
    print(f"Machine: {machine_line()}")
    print(table)
    if args.write_docs:
        (source / "docs" / "benchmark.md").write_text(benchmark_page(table), encoding="utf-8")
        print("wrote docs/benchmark.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
