"""Editors' command line: check claim files, start a new one, write the JSON Schema.

Runs without MkDocs. Every failure an editor can cause ends in a message and an exit code,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .load import SLUG_RE
from .project import Project
from .schema import claim_json_schema
from .settings import SettingsError

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
# When this fact-check is published, and (optional) when it was last updated.
published: {today}
# updated: {today}
verdict:
  # One of: {ratings}. Always quote "true" and "false".
  rating: "unproven"
  summary: "REPLACE: one or two sentences shown at the top of the page."
# Optional: the reasoning, in Markdown.
analysis: |
  REPLACE: explain what the evidence shows and why the rating fits.
# At least one. Archived links are best.
sources:
  - title: "REPLACE: document title"
    publisher: "REPLACE: who published it"
    url: https://example.org/REPLACE
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


def _project(config: str) -> Project:
    return Project.from_config_file(Path(config))


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    project = _project(args.config)
    paths = [Path(p) for p in args.paths] if args.paths else None
    if paths is not None:
        missing = [p for p in paths if not p.is_file()]
        if missing:
            for p in missing:
                print(f"{p}: no such file", file=sys.stderr)
            return 2
    result = project.check(paths)
    for problem in sorted(result.problems):
        if args.format == "github":
            print(problem.format_github())
        else:
            print(problem.format())
    elapsed = time.perf_counter() - started
    checked = len(result.claims) + len(set(result.invalid_slugs))
    errors, warnings = len(result.errors), len(result.warnings)
    print(
        f"checked {checked} claim file(s) in {elapsed:.2f}s: "
        f"{errors} error(s), {warnings} warning(s)",
        file=sys.stderr,
    )
    if errors or (args.strict and warnings):
        return 1
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    import datetime as dt

    slug = args.slug.removesuffix(".yaml")
    if not SLUG_RE.match(slug):
        print(
            f"{slug!r} is not a valid slug: use lowercase letters, digits and hyphens",
            file=sys.stderr,
        )
        return 2
    project = _project(args.config)
    target = project.claims_dir / f"{slug}.yaml"
    if target.exists() or target.with_suffix(".yml").exists():
        print(f"{target.relative_to(project.root)} already exists", file=sys.stderr)
        return 1
    ratings = ", ".join(r.key for r in project.settings.rating_scale)
    target.parent.mkdir(parents=True, exist_ok=True)
    today = dt.date.today().isoformat()
    target.write_text(SCAFFOLD.format(slug=slug, today=today, ratings=ratings), encoding="utf-8")
    print(f"created {target.relative_to(project.root)}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    project = _project(args.config)
    text = json.dumps(claim_json_schema(project.settings), indent=2, ensure_ascii=False) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck", description=__doc__)
    parser.add_argument("--config", default="mkdocs.yml", help="site config (default mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate claim files without building the site")
    check.add_argument("paths", nargs="*", help="files to check (default: all of claims/)")
    check.add_argument("--format", choices=["text", "github"], default="text")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="create claims/<slug>.yaml with every key explained")
    new.add_argument("slug")
    new.set_defaults(func=cmd_new)

    schema = sub.add_parser("schema", help="write the JSON Schema for claim files")
    schema.add_argument("-o", "--output", default="schema/claim.schema.json")
    schema.set_defaults(func=cmd_schema)
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


if __name__ == "__main__":
    sys.exit(main())
