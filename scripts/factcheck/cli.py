"""Editors' command line: check claim files, start a new one, write the JSON Schema, start a
new site; and, for engines that run no MkDocs plugins, write the site's sources and finish
what they build.

Runs without MkDocs. Every failure an editor can cause ends in a message and an exit code,
never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import NoReturn

from anyascii import anyascii

from . import ifcn
from .export import (
    ExportError,
    check_destination,
    custom_dir_of,
    outside_protected,
    site_root_path,
    write_export,
)
from .files import find_claim_files
from .finish import finish_site
from .generation import GenerationError, generate
from .links import DEFAULT_SLOW, DEFAULT_TIMEOUT, DEFAULT_WORKERS, check_links
from .problems import Problem, count_problems
from .project import Project
from .result import CheckResult
from .scaffold import NewSite, ScaffoldError, create_site
from .schema import claim_json_schema
from .search import SearchIndexError
from .settings import SettingsError, read_site_config
from .slugs import SLUG_MAX_LENGTH, is_reserved_slug, is_slug
from .theme_context import theme_settings

SCAFFOLD = """\
# yaml-language-server: $schema=../schema/claim.schema.json
# A new fact-check. Fill in every key that is not marked optional, then run:
#   factcheck check claims/{slug}.yaml
# The claim format page in the site's Contributing section explains each key.

# The claim as it was made: one or two sentences, plain text.
claim: "REPLACE: the claim, as it was said"
# Optional, but needed when `claim` is over 75 characters: a faithful shorter version.
# claim_short: ""
claimant:
  name: "REPLACE: who said it"
  # url: https://...          # optional: a page about them
  # kind: person              # optional: person or organisation (the default)
# When the claim was made (YYYY-MM-DD).
date: {today}
# Where it was said: a url, a title, or both.
appearance:
  title: "REPLACE: the article, speech or post"
  # url: https://...
# When this fact-check is published, and (optional) when it was last updated. A date in the
# future keeps it off the site until that day; the preview shows it at once.
published: {today}
# updated: {today}
# Who wrote it, and (optional) who edited it: keys of the team in mkdocs.yml ({team}).
authors: [REPLACE]
# editors: []
# Optional: `status: draft` keeps it out of the published site while you work on it.
# status: draft
verdict:
  # One of: {ratings}. Always quote "true" and "false".
  rating: "REPLACE: a rating from the list above"
  summary: "REPLACE: one or two sentences shown at the top of the page."
# Optional: the reasoning, in Markdown.
analysis: |
  REPLACE: explain what the evidence shows and why the rating fits.
# At least one, linked on its publisher's own site where possible.
sources:
  - title: "REPLACE: document title"
    publisher: "REPLACE: who published it"
    url: https://example.org/REPLACE
    # archive_url: https://web.archive.org/...   # optional: a copy in a web archive
    # date: YYYY-MM-DD        # optional
    # note: what this source shows   # optional
# The other side's response; may be empty ([]), but ask for one.
counter_claims:
  - who: "REPLACE: who responded"
    statement: "REPLACE: what they said"
    source: "REPLACE: a URL or the title of a source above"
# Optional: disputed numbers, one row per figure.
# figures:
#   - label: what is counted
#     value: "67,879"
#     who: who gave this number
#     source: a URL or a source title
# Optional: topic slugs and related claims (file names without .yaml).
topics: []
related: []
"""


CONFIG_NAME = "mkdocs.yml"
SCHEMA_PATH = Path("schema") / "claim.schema.json"


def _project(config: str | None) -> Project:
    return Project.from_config_file(find_config(config, Path.cwd()))


def find_config(config: str | None, start: Path) -> Path:
    """The given config, or the nearest mkdocs.yml in this folder or above (as git finds .git).

    Editors often run the command from inside claims/.
    """
    if config is not None:
        return Path(config)
    for folder in [start, *start.parents]:
        if (folder / CONFIG_NAME).is_file():
            return folder / CONFIG_NAME
    raise SettingsError(
        f"no {CONFIG_NAME} in {start} or any folder above it: run factcheck inside the site's "
        "folder, or pass --config path/to/mkdocs.yml"
    )


def _claim_paths(arguments: list[str], root: Path) -> tuple[list[Path], list[Problem], list[str]]:
    """Files to check, problems with entries of named folders, and arguments that do not exist."""
    paths: list[Path] = []
    problems: list[Problem] = []
    missing: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found, refused = find_claim_files(path, root)
            paths.extend(found)
            problems.extend(refused)
        elif path.is_file():
            paths.append(path)
        else:
            missing.append(argument)
    # a file named twice (`check claims claims/x.yaml`) is one file, not two with the same slug
    unique = {os.path.abspath(path): path for path in paths}
    return list(unique.values()), problems, missing


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    project = _project(args.config)
    paths, problems = None, []
    if args.paths:
        paths, problems, missing = _claim_paths(args.paths, project.root)
        for argument in missing:
            print(f"{argument}: no such file or folder", file=sys.stderr)
        if missing:
            return 2
    result = project.check(paths)
    result.problems[:0] = problems
    for problem in sorted(result.problems):
        if args.format == "github":
            print(problem.format_github())
        else:
            print(problem.format())
    elapsed = time.perf_counter() - started
    checked = len(result.claims) + len(set(result.invalid_slugs))
    errors, warnings = count_problems(result.errors), count_problems(result.warnings)
    print(
        f"checked {checked} claim file(s) in {elapsed:.2f}s: "
        f"{errors:,} error(s), {warnings:,} warning(s){_unpublished(result)}",
        file=sys.stderr,
    )
    if errors or (args.strict and warnings):
        return 1
    return 0


def _checked(args: argparse.Namespace) -> tuple[Project, CheckResult] | None:
    """The project and its checked claims (all, or the files and folders named); None when a
    named path does not exist."""
    project = _project(args.config)
    if not args.paths:
        return project, project.check()
    paths, _problems, missing = _claim_paths(args.paths, project.root)
    for argument in missing:
        print(f"{argument}: no such file or folder", file=sys.stderr)
    return None if missing else (project, project.check(paths))


def cmd_links(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    checked = _checked(args)
    if checked is None:
        return 2
    project, result = checked
    if result.errors:
        print(
            f"{len(set(result.invalid_slugs))} claim file(s) with errors skipped: "
            "run `factcheck check`",
            file=sys.stderr,
        )
    report = check_links(
        result,
        site_url=project.settings.site_url,
        timeout=args.timeout,
        slow=args.slow,
        workers=args.workers,
    )
    for problem in report.problems:
        print(problem.format_github() if args.format == "github" else problem.format())
    print(
        f"checked {report.checked} web address(es) in {report.files} claim file(s) in "
        f"{time.perf_counter() - started:.1f}s: {report.dead} dead, "
        f"{report.count('redirected')} redirected, {report.count('slow')} slow; "
        f"{report.without_archive} source(s) without an archived copy",
        file=sys.stderr,
    )
    return 1 if report.dead else 0


def cmd_ifcn(args: argparse.Namespace) -> int:
    project = _project(args.config)
    result = project.check()
    if result.errors:
        print(
            f"{len(result.errors)} problem(s) in claim files: run `factcheck check`; "
            "files with errors are left out below",
            file=sys.stderr,
        )
    items = ifcn.report(project.settings, result, project.docs_dir, dt.date.today())
    print("\n".join(ifcn.format_report(items)))
    return 0 if all(item.shown for item in items) else 1


def _unpublished(result: CheckResult) -> str:
    """How many valid claims a build today would leave out, so nobody is surprised."""
    today = dt.date.today()
    drafts = sum(1 for v in result.claims if v.claim.status == "draft")
    later = sum(1 for v in result.claims if v.claim.status != "draft" and v.claim.published > today)
    parts = [f"{drafts} draft(s)" if drafts else "", f"{later} scheduled" if later else ""]
    shown = ", ".join(part for part in parts if part)
    return f"; not published yet: {shown}" if shown else ""


def cmd_new(args: argparse.Namespace) -> int:
    slug = args.slug.removesuffix(".yaml")
    if not is_slug(slug):
        print(
            f"{slug!r} is not a valid slug: use lowercase letters, digits and hyphens"
            + _slug_suggestion(args.slug),
            file=sys.stderr,
        )
        return 2
    if is_reserved_slug(slug):
        print(
            f"{slug!r} is reserved for the list of fact-checks: pick another name",
            file=sys.stderr,
        )
        return 2
    project = _project(args.config)
    target = project.claims_dir / f"{slug}.yaml"
    # lexists: a dangling link counts too, or writing would follow it out of claims/
    if any(os.path.lexists(p) for p in (target, target.with_suffix(".yml"))):
        print(f"{target.relative_to(project.root)} already exists", file=sys.stderr)
        return 1
    ratings = ", ".join(r.key for r in project.settings.rating_scale)
    today = dt.date.today().isoformat()
    team = ", ".join(project.settings.team_by_key) or "none yet: add `team:` to mkdocs.yml"
    text = SCAFFOLD.format(slug=slug, today=today, ratings=ratings, team=team)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as file:  # "x": never overwrite
            file.write(text)
    except OSError as exc:
        print(f"{target}: cannot create: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"created {target.relative_to(project.root)}")
    return 0


# Thousands separators and apostrophes join what they separate: 68,000 -> 68000, don't -> dont.
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_JOINED = re.compile(r"(?<=\d)[,.](?=\d)|['\u2019]")


def _slug_suggestion(name: str) -> str:
    """`; try: factcheck new ice-released-68000` for `ICE released 68,000` or a path to one."""
    stem = Path(name).name.removesuffix(".yaml").removesuffix(".yml")
    # Not slugify(): to keep every claimant apart it adds a hash where letters alone would not
    # do (a reserved or an empty result), which no editor would choose as a file name.
    slug = _NOT_SLUG.sub("-", anyascii(_JOINED.sub("", stem)).lower()).strip("-")
    if not is_slug(slug) or is_reserved_slug(slug) or len(slug) > SLUG_MAX_LENGTH:
        return ""
    return f"; try: factcheck new {slug}"


def cmd_schema(args: argparse.Namespace) -> int:
    project = _project(args.config)
    text = json.dumps(claim_json_schema(project.settings), indent=2, ensure_ascii=False) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    # The default is the project's own copy, wherever the command is run from.
    output = Path(args.output) if args.output else project.root / SCHEMA_PATH
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{output}: cannot write: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {output}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    site_url = args.url if args.url.endswith("/") else args.url + "/"
    site = NewSite(site_name=args.name, site_url=site_url, organisation=args.name)
    try:
        written = create_site(folder, site)
    except (ScaffoldError, OSError) as exc:
        print(f"{folder}: cannot create the site: {exc}", file=sys.stderr)
        return 1
    print(f"created a new fact-check site in {folder} ({len(written)} files). Next:")
    print(f"  cd {folder}")
    print("  mkdocs serve        # preview it at http://127.0.0.1:8000/")
    print("  factcheck new my-first-claim")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config_file = find_config(args.config, Path.cwd())
    project = Project.from_config_file(config_file)
    out = Path(args.out)
    try:
        target = check_destination(out, [project.docs_dir, project.claims_dir])
    except ExportError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        link_base = site_root_path(project.settings.site_url)
        generation = generate(project, preview=False, link_base=link_base)
    except GenerationError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for problem in sorted(generation.errors + generation.warnings):
        print(problem.format())
    if generation.errors:
        print(f"{len(generation.errors)} error(s) in claim files: nothing written", file=sys.stderr)
        return 1
    try:
        summary = write_export(
            generation,
            docs_dir=project.docs_dir,
            custom_dir=custom_dir_of(config_file, read_site_config(config_file)),
            config_file=config_file,
            out=target,
            theme_data=theme_settings(project.settings, project.docs_dir),
        )
    except ExportError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(
        f"wrote {summary.pages} generated page(s), {summary.files} data file(s), "
        f"{summary.docs} file(s) from docs/ and {summary.theme} theme file(s) to {out} "
        f"in {time.perf_counter() - started:.2f}s",
        file=sys.stderr,
    )
    return 0


def cmd_finish(args: argparse.Namespace) -> int:
    project = _project(args.config)
    site = Path(args.site)
    try:
        target = outside_protected(site, [project.docs_dir, project.claims_dir])
    except ExportError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not target.is_dir():
        print(f"{site}: no such folder; build the site first", file=sys.stderr)
        return 2
    try:
        summary = finish_site(target, search=project.settings.search)
    except SearchIndexError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{exc.filename or site}: cannot finish: {exc.strerror or exc}", file=sys.stderr)
        return 1
    search = ", built the search index" if project.settings.search else ""
    links = f"; left {summary.skipped_links} link(s) alone" if summary.skipped_links else ""
    print(
        f"finished {summary.pages} page(s) in {site} ({summary.unchanged} already finished)"
        f"{search}{links}",
        file=sys.stderr,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck", description=__doc__)
    parser.add_argument(
        "--config", help="site config (default: mkdocs.yml here or in the nearest folder above)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate claim files without building the site")
    check.add_argument(
        "paths", nargs="*", help="files or folders to check (default: all of claims/)"
    )
    check.add_argument("--format", choices=["text", "github"], default="text")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="create claims/<slug>.yaml with every key explained")
    new.add_argument("slug")
    new.set_defaults(func=cmd_new)

    schema = sub.add_parser("schema", help="write the JSON Schema for claim files")
    schema.add_argument(
        "-o", "--output", help=f"file to write, or - for standard output (default: {SCHEMA_PATH})"
    )
    schema.set_defaults(func=cmd_schema)

    links = sub.add_parser(
        "links",
        help="check that every web address the claim files cite still works (needs internet)",
    )
    links.add_argument(
        "paths", nargs="*", help="files or folders to check (default: all of claims/)"
    )
    links.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds to wait for an answer"
    )
    links.add_argument(
        "--slow", type=float, default=DEFAULT_SLOW, help="seconds after which a link is slow"
    )
    links.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help="addresses checked at once"
    )
    links.add_argument("--format", choices=["text", "github"], default="text")
    links.set_defaults(func=cmd_links)

    report = sub.add_parser(
        "ifcn", help="list what the IFCN Code of Principles asks that the site does not show yet"
    )
    report.set_defaults(func=cmd_ifcn)

    init = sub.add_parser("init", help="create a new fact-check site in a new or empty folder")
    init.add_argument("folder")
    init.add_argument("--name", default="Fact Check Desk", help="the site's and newsroom's name")
    init.add_argument(
        "--url", default="https://factcheck.example.org/", help="where the site will be published"
    )
    init.set_defaults(func=cmd_init)

    render = sub.add_parser(
        "render",
        help="write every page and data file of the site, with docs/ and the theme files, "
        "into a folder that engines without MkDocs plugins (Zensical) can build",
    )
    render.add_argument(
        "--out", required=True, help="folder to write (new, empty, or an earlier render's)"
    )
    render.set_defaults(func=cmd_render)

    finish = sub.add_parser(
        "finish",
        help="give a site another engine built from `render` output the Content-Security-"
        "Policy hashes and search index of a MkDocs build",
    )
    finish.add_argument("site", help="the built site folder")
    finish.set_defaults(func=cmd_finish)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `factcheck check | head`: the reader left; say nothing more, and no traceback at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def run() -> NoReturn:
    """The `factcheck` command: main(), then exit without tearing the process down.

    Python frees every object one by one at exit; after checking 10,000 claims that took half
    a second and did nothing for anyone. Output is flushed first, so nothing is lost."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `factcheck check | head`: the reader has left
        pass
    os._exit(code)


if __name__ == "__main__":
    run()
