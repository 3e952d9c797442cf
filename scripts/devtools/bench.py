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
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factcheck import paths
from factcheck.files import find_claim_files
from factcheck.load import load_claim_file
from factcheck.package_data import BUILTIN_THEME
from factcheck.project import Project, collector_paused
from factcheck.search import pagefind_command
from factcheck.settings import plugin_options
from factcheck.share_image import cores, share_images
from factcheck.site import Site
from factcheck.slugs import is_reserved_slug
from factcheck.theme_context import EXTRA_KEY, theme_settings
from factcheck.validate import validate_loaded

from . import bench_browser, bench_profile

SEARCH_WORD = "enforcement"  # in many synthetic claims' analysis
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
    pagefind_kb: float = 0.0  # estimated from the index's files (without a browser)
    first_search_kb: float | None = None  # measured in Chromium
    first_search_parts: dict[str, int] = field(default_factory=dict)  # bytes by kind of file
    share_images_s: float = 0.0
    pagefind_s: float = 0.0
    pagefind_rss_mb: float = 0.0
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

    @property
    def full_ratio(self) -> float:
        return self.full_build_s / self.build_s if self.build_s else float("nan")


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
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    return timed_process(command, project, env)


# Linux counts into a process's peak memory the memory of the process that started it (at
# fork and exec), and the benchmark itself holds a whole site at large N. So each measured
# command is started by this small launcher, which reports the command's own figures.
_LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_pid, status, usage = os.wait4(process.pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def timed_process(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process (the largest of it and its children)."""
    result = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *command],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"{command[2]} failed in {cwd}:\n{result.stderr}")
    elapsed, max_rss_kb = result.stdout.split()[-2:]
    return float(elapsed), int(max_rss_kb) / 1024


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
    row.share_images_s, count = _time_share_images(site)
    row.share_image_ms = 1000 * row.share_images_s / max(1, count)
    row.check_s = _time_cli_check(project)


def _time_share_images(site: Site) -> tuple[float, int]:
    """Seconds to draw every share image into an empty cache on all cores, alone (a build
    draws them beside MkDocs), and how many there are."""
    with tempfile.TemporaryDirectory(prefix="factcheck-share-") as cache:
        started = time.perf_counter()
        images = share_images(site, Path(cache), workers=cores())
        elapsed = time.perf_counter() - started
    return elapsed, len(images)


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


def fastest(timings: list[tuple[float, float]]) -> tuple[float, float]:
    """The shortest of several (seconds, peak MB) timings, with the largest peak."""
    return min(t for t, _mb in timings), max(mb for _t, mb in timings)


def run_size(
    n: int, workdir: Path, source: Path, env: dict[str, str], reload: bool, runs: int = 1
) -> Row:
    """Every column for N claims. `reload`: also time a save under the preview in Chromium."""
    row = Row(n)
    project = make_project(workdir, source, n)
    generator_split(project, row)
    site = workdir / f"site{n}"
    # The pages alone, to compare with plain MkDocs, then the full build a site gets (share
    # images drawn into an empty cache, Pagefind index), which plain MkDocs lacks; `runs`
    # times each, alternately, keeping the fastest (a busy machine only ever adds time) and
    # the most memory.
    builds, fulls = [], []
    for run in range(runs):
        set_extras(project, enabled=False)
        builds.append(timed_build(project, site, env))
        set_extras(project, enabled=True)
        empty_cache = {**env, "XDG_CACHE_HOME": str(workdir / f"cache-{n}-{run}")}
        fulls.append(timed_build(project, site, empty_cache))
    row.build_s, row.peak_rss_mb = fastest(builds)
    row.full_build_s, row.full_rss_mb = fastest(fulls)
    row.site_mb = dir_bytes(site) / 1e6
    # claims/page-2/ and on are pages of the list of fact-checks, not claims
    pages = (site / "claims").glob("*/index.html")
    claim_pages = [p for p in pages if not is_reserved_slug(p.parent.name)]
    row.largest_claim_kb = max(p.stat().st_size for p in claim_pages) / 1e3
    row.pagefind_kb = pagefind_first_search_bytes(site) / 1e3
    # Pagefind alone, on the full build's pages: its own time and memory
    shutil.rmtree(site / paths.PAGEFIND_BUNDLE)
    row.pagefind_s, row.pagefind_rss_mb = timed_process(pagefind_command(site), project, env)
    if bench_browser.available():
        row.first_search_parts = bench_browser.first_search_bytes(site, SEARCH_WORD)
        row.first_search_kb = sum(row.first_search_parts.values()) / 1e3
    plain = plain_project(workdir, project, n)
    plains = [timed_build(plain, workdir / f"plainsite{n}", env) for _run in range(runs)]
    row.plain_s, row.plain_rss_mb = fastest(plains)
    if reload and bench_browser.available():
        row.reload_s = bench_browser.preview_save_to_visible(
            project, env, "claim-00000", "Claim number 0:"
        )
    return row


COLUMNS = [
    ("N", lambda r: f"{r.n:,}"),
    ("build (s)", lambda r: f"{r.build_s:.2f}"),
    ("plain MkDocs (s)", lambda r: f"{r.plain_s:.2f}"),
    ("ratio", lambda r: f"{r.ratio:.2f}"),
    ("full build (s)", lambda r: f"{r.full_build_s:.2f}"),
    ("full / build", lambda r: f"{r.full_ratio:.2f}"),
    ("peak RSS (MB)", lambda r: f"{r.peak_rss_mb:.0f}"),
    ("plain MkDocs peak RSS (MB)", lambda r: f"{r.plain_rss_mb:.0f}"),
    ("full build peak RSS (MB)", lambda r: f"{r.full_rss_mb:.0f}"),
    ("share images (s)", lambda r: f"{r.share_images_s:.2f}"),
    ("share images (ms each)", lambda r: f"{r.share_image_ms:.1f}"),
    ("Pagefind (s)", lambda r: f"{r.pagefind_s:.2f}"),
    ("Pagefind peak RSS (MB)", lambda r: f"{r.pagefind_rss_mb:.0f}"),
    ("first search (KB)", lambda r: _optional(r.first_search_kb, "{:.0f}")),
    ("index files (KB)", lambda r: f"{r.pagefind_kb:.0f}"),
    ("site (MB)", lambda r: f"{r.site_mb:.1f}"),
    ("largest claim page (KB)", lambda r: f"{r.largest_claim_kb:.1f}"),
    ("load (s)", lambda r: f"{r.load_s:.2f}"),
    ("validate (s)", lambda r: f"{r.validate_s:.2f}"),
    ("render (s)", lambda r: f"{r.render_s:.2f}"),
    ("`check` CLI (s)", lambda r: f"{r.check_s:.2f}"),
    ("preview save to visible (s)", lambda r: _optional(r.reload_s, "{:.2f}")),
]


def _optional(value: float | None, form: str) -> str:
    return form.format(value) if value is not None else "not measured"


def format_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(name for name, _cell in COLUMNS) + " |"]
    lines.append("|" + "---|" * len(COLUMNS))
    for row in rows:
        lines.append("| " + " | ".join(cell(row) for _name, cell in COLUMNS) + " |")
    return "\n".join(lines)


def format_search_parts(rows: list[Row]) -> str:
    """What each first search downloaded, by kind of file, in KB."""
    measured = [row for row in rows if row.first_search_parts]
    if not measured:
        return ""
    kinds = [
        k for k in measured[-1].first_search_parts if any(r.first_search_parts[k] for r in measured)
    ]
    lines = ["| N | " + " | ".join(kinds) + " | total |", "|" + "---|" * (len(kinds) + 2)]
    for row in measured:
        cells = [f"{row.first_search_parts[k] / 1e3:.1f}" for k in kinds]
        lines.append(f"| {row.n:,} | " + " | ".join(cells) + f" | {row.first_search_kb:.0f} |")
    return "\n".join(lines)


def machine_line() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; {dt.date.today().isoformat()}"
    )


def benchmark_page(
    table: str,
    profile: str = "",
    command: str = "python3 scripts/dev.py bench",
    search_parts: str = "",
) -> str:
    where = (
        f"""
## Where the seconds go

One build of the largest archive above, without share images or the search index, run under
Python's profiler; each stage's share of it is applied to the unprofiled build's time. Share
images and the index run in other processes and are timed apart.

{profile}

What is left to take: the generator's own templates are a third of the build (the claim page
is many small templates, and each sentence a reader sees passes through the language's
catalogue); Material's templates are a quarter, the same menus and header drawn again for
every page, which only the theme or another engine can change; MkDocs' own bookkeeping per
page is most of the rest. Reading and checking the claim files is about a tenth. A full build
adds the search index, which Pagefind can only build from the finished pages. Its service
mode could take each page as MkDocs writes it, but its Python wrapper waits a tenth of a
second for every reply (100 s for 1,000 pages), and even with a client of our own, writing
the index still took 4 of the 12 seconds at 10,000 claims.
"""
        if profile
        else ""
    )
    search = (
        f"""
## The first search, file by file

What the **first search** column is made of, in KB as sent. Pagefind's script, its
WebAssembly and its metadata (a few bytes for every page, and the order of every page by
date, which a search by rating or claimant alone needs) are downloaded whatever the query;
then the index chunk holding the query's word, and the results shown (ten). Filters are
written into the Search page itself, and the full list of claimants is fetched only when a
reader asks for it.

{search_parts}
"""
        if search_parts
        else ""
    )
    return f"""---
# An editors' page: the documentation layout, with its sidebar, not the readers'.
audience: editors
---

# Benchmark

Figures written by `{command}`
on {machine_line()}. Run it on your own machine to compare; nothing here is a promise.

{table}
{where}{search}
## What the columns mean

- **build**: `mkdocs build` of N synthetic claims with the generator (every field, four
  sources, two counter-claims, three figures, four paragraphs of analysis), without share
  images or the search index. **plain MkDocs**: the very same Markdown pages written out as
  files and built by MkDocs + Material with no generator. **ratio** is build over plain.
- **full build** is what `python3 scripts/dev.py build` does from an empty cache: the pages,
  a share image per claim and the Pagefind search index. **full / build** is how much longer
  that takes than the pages alone. Share images are drawn from the moment the claims are
  checked, while the generator renders its pages and MkDocs builds the site, in worker
  processes on every core at a lower priority than the build (they take what it leaves idle,
  then every core once it is done); each card is encoded by the generator's own PNG writer,
  which compresses the rows every card of a rating shares only once. Pagefind needs the
  finished pages, so it runs after them, while the images are copied into the site. Later
  builds (and CI and the deploy, which keep the cache) draw only images whose claim, rating,
  colours, fonts or drawing code changed. With `--runs K`, the pages-only, full and plain
  MkDocs builds are each timed K times, alternately, and the fastest time is shown (a busy
  machine only ever adds time), with the highest peak memory.
- **peak RSS**: the most memory the build process held, generator and MkDocs together; beside
  it, plain MkDocs on the same pages, and the full build (which includes Pagefind).
- **share images**: drawing every image into an empty cache on all cores, alone, in seconds
  and in milliseconds per image.
- **Pagefind** and its **peak RSS**: the search indexer alone, on the built site. It reads
  only claim pages and indexes the claim, who made it, the verdict and the analysis.
- **first search**: the bytes Chromium downloads from the index for the Search page and its
  first query (script, WebAssembly, metadata, filters, index chunks and results), as a host
  that compresses text sends them (Pagefind's index files come compressed; its script is
  counted gzipped). **index files** estimates it from file sizes alone, uncompressed.
- **largest claim page**: the biggest `claims/*/index.html`. Lists are paginated
  (`claims_per_page`), so no page grows with the archive.
- **load**, **validate** and **render**: the generator's own stages, each timed alone, apart
  from MkDocs: reading the YAML files, checking them against the claim model, and rendering
  every page with the templates.
- **`check` CLI**: `factcheck check` on all N files, as a new process, start-up included.
- **preview save to visible**: with the preview (`mkdocs serve --dirty`, as
  `python3 scripts/dev.py serve` runs it) open on a claim page in Chromium, the median of five
  saves of that claim's file, from the save to the tab showing the edit.

## How the generator keeps up

- Claim files are read with libyaml (`CSafeLoader`), keeping no positions: positions are
  read again only for a file with a problem, so error messages still name line and column.
- Python's cycle collector waits while claims load and pages render; nothing there makes
  reference cycles worth chasing.
- Related claims and every index are computed once a build, from topic groups; claims with the
  same topics share one ranking.
- Generated pages are mostly raw HTML, which MkDocs and Python-Markdown each parse with
  Python's `html.parser`. The generator sets each HTML block aside before Markdown runs and
  puts it back after, byte for byte.
- Templates write typographic marks as HTML entities, so a page of plain text is held in
  memory at one byte a character, not two.
- Material's search plugin is off: its single index grew to 73 MB at 10,000 claims, for every
  reader who searched. Pagefind replaces it.

## The preview

`python3 scripts/dev.py serve` runs `mkdocs serve --dirty`. On a save, claim files whose size
and time did not change are not read again, pages whose inputs did not change are not
rendered again, and MkDocs is handed only the pages the save changed (with those in the
navigation and those hand-written pages link to): the rest of the site is already built.
A change to `mkdocs.yml` or a theme file rebuilds every page. The preview makes no share
images, feeds, data files or search index: `mkdocs build` makes those.

The generator watches `claims/` itself, looking only at the files directly in it (MkDocs'
own poll of a 10,000-file folder took a fifth of a second of Python twice a second). Once the
first build is done, what it keeps for later saves is set aside from Python's cycle
collector, which otherwise went through all of it again every few saves.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--with-10k", action="store_true", help="also run N = 10,000")
    parser.add_argument("--with-20k", action="store_true", help="also run N = 20,000")
    parser.add_argument(
        "--reload", action="store_true", help="time a save under the preview, in Chromium"
    )
    parser.add_argument(
        "--profile", action="store_true", help="where the largest N's build spends its time"
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="time each build this many times, keep the fastest"
    )
    parser.add_argument("--write-docs", action="store_true", help="write docs/benchmark.md")
    parser.add_argument("--root", default=".", help="project to benchmark (default: here)")
    args = parser.parse_args(argv)
    source = Path(args.root).resolve()
    extra = [10_000] * args.with_10k + [20_000] * args.with_20k
    sizes = sorted(set(args.sizes + extra))
    rows = []
    profile = ""
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        # builds cache share images in the user's cache folder: keep the bench's with it
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": f"{tmp}/cache"}
        for n in sizes:
            print(f"N = {n:,} ...", file=sys.stderr, flush=True)
            rows.append(run_size(n, Path(tmp), source, env, args.reload, max(1, args.runs)))
        if args.profile:
            profile = profile_largest(Path(tmp), rows[-1], env)
    table = format_table(rows)
    search_parts = format_search_parts(rows)
    print(f"Machine: {machine_line()}")
    print(table)
    if search_parts:
        print()
        print(search_parts)
    if profile:
        print()
        print(profile)
    if args.write_docs:
        arguments = sys.argv[1:] if argv is None else argv
        page = benchmark_page(
            table,
            profile,
            shlex.join(["python3", "scripts/dev.py", "bench", *arguments]),
            search_parts,
        )
        (source / "docs" / "benchmark.md").write_text(page, encoding="utf-8")
        print("wrote docs/benchmark.md", file=sys.stderr)
    return 0


def profile_largest(workdir: Path, row: Row, env: dict[str, str]) -> str:
    """The stages of the largest N's build (no share images or index), profiled here."""
    project = workdir / f"n{row.n}"
    set_extras(project, enabled=False)
    os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
    stages = bench_profile.profile_build(project, workdir / f"profiled{row.n}", row.build_s)
    beside = [
        bench_profile.Stage(
            "share images, drawn beside it at a lower priority", row.share_images_s
        ),
        bench_profile.Stage(
            "search index (Pagefind), after the pages, while the images are copied", row.pagefind_s
        ),
    ]
    return bench_profile.format_profile(stages, beside, row.n)


if __name__ == "__main__":
    sys.exit(main())
