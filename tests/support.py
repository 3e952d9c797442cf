"""What the tests share: the project and copies of it, ways to build and run it, the expected
problems of the bad claim files, the hostile payloads, and the browser's tab on a served site.

Fixtures live in conftest.py (and browser/conftest.py); everything else a second test module
needs lives here, so no test module imports another.

How the tests run the project, cheapest first:
- the library (`factcheck.generation.generate`, `Project.check`): what a build checks and
  generates, without MkDocs;
- `build_with_mkdocs` and `factcheck`: MkDocs' own build, and the `factcheck` command's main(), run
  in the test process, with the output an editor's terminal shows;
- `run_mkdocs_build`, `MkDocsServer` and the console script: real processes, as editors and
  CI start them. A test that starts one (or Chromium) is marked `slow`; conftest.py fails a
  test that starts one without the mark.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import hashlib
import io
import logging
import math
import os
import posixpath
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

from factcheck.cli import main as factcheck_main
from factcheck.csp import PLACEHOLDER
from factcheck.model import Claim
from factcheck.result import ValidClaim
from factcheck.settings import load_settings, plugin_options

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Locator,
        Page,
        Request,
        Response,
    )

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_PARTS = ["mkdocs.yml", "claims", "templates", "docs", "scripts"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def copy_project(target: Path) -> Path:
    """A throwaway copy of the project, so a test may break claims without touching ours."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def edit_config(project: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change a copied project's mkdocs.yml as data (its comments are not kept)."""
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    change(config)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    config_file.write_text(text, encoding="utf-8")


def set_plugin_options(project: Path, **options: object) -> None:
    """Set options of the factcheck plugin in a copied project's mkdocs.yml."""

    def change(config: dict[str, Any]) -> None:
        found = plugin_options(config)
        assert isinstance(found, dict), "the factcheck plugin has no options mapping"
        found.update(options)

    edit_config(project, change)


def in_language(project: Path, language: str) -> Path:
    """A copied project switched to another language the way a newsroom does it: Material's
    `theme.language`, and no plugin `language` of its own (the bundled site sets en-GB)."""

    def change(config: dict[str, Any]) -> None:
        config["theme"]["language"] = language
        options = plugin_options(config)
        if isinstance(options, dict):
            options.pop("language", None)

    edit_config(project, change)
    return project


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """Real git in a throwaway repository, as an editor with no git configuration runs it."""
    return subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def committed_copy(target: Path) -> Path:
    """A copy of the project as a fresh git repository with everything committed."""
    project = copy_project(target)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Publish the fact-checks")
    return project


# --------------------------------------------------------------------------- running the project


@dataclass
class Ran:
    """What a command left on the terminal, as subprocess.CompletedProcess has it."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def factcheck(*args: str, cwd: Path = ROOT) -> Ran:
    """`factcheck ARGS` typed in `cwd`: the command's main() in this process, with its exit
    code and what it prints. tests/test_cli.py starts the installed console script itself once,
    so the program as editors run it is covered end to end."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(cwd),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        try:
            code = factcheck_main(list(args))
        except SystemExit as exc:  # argparse's answer to a bad command line
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return Ran(code, stdout.getvalue(), stderr.getvalue())


class _Terminal(logging.Handler):
    """MkDocs' log as `mkdocs build` prints it: `LEVEL    -  message`, one record a line."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


def build_with_mkdocs(project: Path, site_dir: Path | None = None) -> Ran:
    """`mkdocs build --strict -d SITE_DIR` in the project, run in this process: MkDocs' own
    config loading, plugin events and build, as its command line calls them. Everything MkDocs
    logs at INFO and above is in `stderr`; an aborted build has exit code 1.

    What this leaves out is only the process itself: `run_mkdocs_build` starts the real
    command, for tests about what its terminal and exit code tell an editor or CI."""
    from mkdocs import config as mkdocs_config
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    terminal = _Terminal()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(terminal)
    code = 0
    try:
        with contextlib.chdir(project), warnings.catch_warnings():
            # As `mkdocs build` does: deprecations are logged, so --strict counts them.
            warnings.simplefilter("module", DeprecationWarning)
            warnings.showwarning = _log_warning
            given = {"site_dir": str(site_dir)} if site_dir else {}  # else the config's own
            config = mkdocs_config.load_config(
                config_file=str(project / "mkdocs.yml"), strict=True, **given
            )
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build.build(config, dirty=False)
            finally:
                config.plugins.on_shutdown()
    except MkDocsException as exc:  # what the command prints before it exits with 1
        terminal.lines.append(exc.format_message())
        code = 1
    finally:
        logger.removeHandler(terminal)
        logger.setLevel(level)
    return Ran(code, "", "".join(f"{line}\n" for line in terminal.lines))


def _log_warning(message: Warning | str, category: type[Warning], *args: object) -> None:
    logging.getLogger("mkdocs").warning(f"{category.__name__}: {message}")


def run_mkdocs_build(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """The real `mkdocs build --strict` command, in its own process (mark the test `slow`)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir), *extra],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )


def valid_claim(slug: str, **fields: Any) -> ValidClaim:
    """A claim as the validator hands it over; `fields` replace the defaults below."""
    data: dict[str, Any] = {
        "claim": f"Claim {slug}.",
        "claimant": {"name": "Jane Doe"},
        "date": "2024-01-01",
        "appearance": {"title": "A speech"},
        "published": "2024-02-01",
        "verdict": {"rating": "true", "summary": "Because."},
        "sources": [{"title": "Report", "publisher": "Office", "url": "https://example.org/r"}],
        "counter_claims": [],
        "authors": ["jo"],
    }
    data.update(fields)
    return ValidClaim(slug, Claim.model_validate(data), f"claims/{slug}.yaml")


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def squash(text: str) -> str:
    return " ".join(text.split())


class MkDocsServer:
    """A real `mkdocs serve` on a free loopback port, with its terminal output kept in a file."""

    def __init__(self, project: Path, *args: str, own_session: bool = False) -> None:
        """`own_session`: in a process group of its own, as a terminal runs it (so Ctrl+C can
        be sent to the group)."""
        self.project = project
        self.port = free_port()
        self.log_path = project.parent / "serve.log"
        self.log = self.log_path.open("w")
        command, cwd = self.launch(list(args))
        self.process = subprocess.Popen(
            command, cwd=cwd, env=ENV, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=own_session,
        )  # fmt: skip

    def launch(self, args: list[str]) -> tuple[list[str], Path]:
        """The command that starts the preview, and the folder it runs in."""
        command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"]
        return [*command, *args], self.project

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def fetch(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url(path), timeout=5) as response:
                return response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.read().decode("utf-8", "replace")

    def wait_for(self, path: str, predicate: Callable[[str], bool], timeout: float = 90) -> str:
        """Poll until the served page satisfies predicate; bounded, never waits forever."""
        deadline = time.monotonic() + timeout
        body = ""
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"mkdocs serve exited:\n{self.output()}"
            try:
                body = self.fetch(path)
                if predicate(body):
                    return body
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"/{path} never matched; last body:\n{body[:2000]}\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class DevServe(MkDocsServer):
    """`python3 scripts/dev.py serve`, as the README has editors start the preview, pointed at
    a copy of the project (the checkout's own .venv runs it)."""

    def launch(self, args: list[str]) -> tuple[list[str], Path]:
        command = [sys.executable, str(ROOT / "scripts" / "dev.py"), "serve"]
        command += ["-f", str(self.project / "mkdocs.yml"), "-a", f"127.0.0.1:{self.port}"]
        return [*command, *args], ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------- the bundled claims


SETTINGS = load_settings(ROOT / "mkdocs.yml")
RATINGS = SETTINGS.ratings_by_key
CLAIM_FILES = sorted((ROOT / "claims").glob("*.yaml"))
SLUGS = [p.stem for p in CLAIM_FILES]

# The paged site (conftest.py `paged_site`): two claims a page, so every long list has pages.
PER_PAGE = 2
PAGES = math.ceil(len(SLUGS) / PER_PAGE)  # of the list of all fact-checks


def claim_data(slug: str, claims_dir: Path = ROOT / "claims") -> dict:
    return yaml.safe_load((claims_dir / f"{slug}.yaml").read_text(encoding="utf-8"))


CLAIMS = {slug: claim_data(slug) for slug in SLUGS}


def text_of(soup: BeautifulSoup | None) -> str:
    assert soup is not None
    return squash(soup.get_text(" "))


def resolve(site: Path, here: str, href: str) -> tuple[Path, str]:
    """The built file and fragment that `href`, on the page built at `here`, leads to.

    Relative links resolve against the page's folder, a folder URL means its index.html, and
    root-absolute links (only 404.html has them) start from the site's root.
    """
    parts = urlsplit(href)
    if not parts.path:
        return site / here, parts.fragment
    base = "" if parts.path.startswith("/") else posixpath.dirname(here)
    path = site / posixpath.normpath(posixpath.join(base, parts.path.lstrip("/")))
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


def claim_slug_of(site: Path, here: str, href: str) -> str | None:
    path, _fragment = resolve(site, here, href)
    relative = path.relative_to(site).as_posix() if path.is_relative_to(site) else ""
    parts = relative.split("/")
    if len(parts) == 3 and parts[0] == "claims" and parts[2] == "index.html":
        return parts[1]
    return None


# ------------------------------------------------------------ bad claim files


BAD = FIXTURES / "bad"


class Bad(NamedTuple):
    """Where the checker must point (line 0: the file as a whole) and what it must say."""

    line: int
    column: int
    field: str
    words: str
    # Why the JSON Schema cannot reject this file too; empty when it can (tests/test_schema.py)
    beyond_schema: str = ""

    @property
    def where(self) -> str:
        """`:line:column:` as printed; a problem with the whole file is shown at its start."""
        return f":{self.line or 1}:{self.column or 1}:"


NOT_YAML = "not a YAML document a schema could be given"
BYTES = "about the file's bytes, before any YAML"
ALIASES = "YAML aliases are resolved before a schema sees the data"
TAGS = "YAML tags are refused before parsing; a plain parser rejects or resolves them"
NAME = "about the file's name; a schema sees only what the file holds"
ESCAPE = "libyaml refuses this escape; the editor's YAML parser reads it as text"
CURLY = "a schema sees the text YAML read, not how it was quoted"
EXPECTED: dict[str, Bad] = {
    "alias-billion-laughs": Bad(13, 6, "", "anchors and aliases (&a) are not allowed", ALIASES),
    "alias-too-long": Bad(37, 11, "aliases[1]", "is longer than 100 characters (314)"),
    "anchor-and-alias": Bad(17, 16, "", "anchors and aliases (&cis) are not allowed", ALIASES),
    "alias-reserved": Bad(37, 28, "aliases[2]", "'page-3' is reserved for the site's own pages"),
    "author-not-on-team": Bad(
        35, 11, "authors[1]", "'dsek' is not on the team; did you mean 'desk'? (team: desk)"
    ),
    "authors-empty": Bad(35, 10, "authors", "at least one author is required (team: desk)"),
    "authors-missing": Bad(1, 1, "authors", "required key 'authors' is missing"),
    "appearance-empty": Bad(6, 13, "appearance", "give a `url` or a `title`"),
    "appearance-url-ftp": Bad(
        8, 8, "appearance.url", "'ftp://files.example.org/report.pdf' is not a web address"
    ),
    "appearance-url-invalid-ipv6": Bad(
        8,
        8,
        "appearance.url",
        "'http://[::1/report' is not a valid web address",
        "the pattern cannot tell a broken host in brackets from a good one",
    ),
    "bom-only": Bad(0, 0, "", "file is empty"),
    "claim-is-a-number": Bad(1, 8, "claim", "expected text but YAML read 68000 as a number"),
    "claim-short-too-long": Bad(
        2, 14, "claim_short", "claim_short: is longer than 75 characters (96) (shorten it;"
    ),
    "claimant-name-too-long": Bad(4, 9, "claimant.name", "is longer than 200 characters (309)"),
    "claimant-is-text": Bad(2, 11, "claimant", "expected a mapping of keys, got text"),
    "comments-only": Bad(0, 0, "", "file is empty"),
    "date-ambiguous-day-and-month": Bad(
        23,
        11,
        "sources[2].date",
        "'04/01/2014' is not a date in the form YYYY-MM-DD; it could be 4 January 2014 or "
        "1 April 2014, so write the one you mean: 2014-01-04 or 2014-04-01",
    ),
    "date-impossible-feb-30": Bad(5, 7, "date", "'2014-02-30' is not a real date"),
    "date-in-future": Bad(5, 7, "date", "2099-01-01 is in the future", "depends on today"),
    "date-not-a-date": Bad(5, 7, "date", "'last spring' is not a date in the form YYYY-MM-DD"),
    "date-with-slashes-year-first": Bad(
        9,
        12,
        "published",
        "'2026/11/22' is not a date in the form YYYY-MM-DD; did you mean 2026-11-22?",
    ),
    "date-written-out-day-first": Bad(
        5,
        7,
        "date",
        "'31 March 2014' is not a date in the form YYYY-MM-DD; did you mean 2014-03-31?",
    ),
    "date-written-out-month-first": Bad(
        19,
        11,
        "sources[1].date",
        "'March 31, 2014' is not a date in the form YYYY-MM-DD; did you mean 2014-03-31?",
    ),
    "duplicate-key-claim": Bad(
        2, 1, "claim", "key 'claim' appears twice", "a YAML parser keeps one of the two keys"
    ),
    "duplicate-source-url": Bad(
        22,
        10,
        "sources[2].url",
        "repeats the web address of source 1",
        "compares items of a list by one field",
    ),
    "empty-file": Bad(0, 0, "", "file is empty"),
    # claims/ is the list of fact-checks, claims/page-2/ its second page
    "index": Bad(0, 0, "", "file name 'index' is reserved for the site's own pages", NAME),
    "merge-key": Bad(
        3, 3, "claimant", "YAML merge keys (<<) are not allowed", "merge keys are resolved first"
    ),
    "missing-claim": Bad(1, 1, "claim", "required key 'claim' is missing"),
    "missing-counter-claims": Bad(
        1, 1, "counter_claims", "required key 'counter_claims' is missing"
    ),
    "missing-verdict-summary": Bad(11, 3, "verdict.summary", "required key 'summary' is missing"),
    "nesting-too-deep": Bad(33, 29, "topics", "nested more than 20 levels deep"),
    "non-utf8-latin1": Bad(3, 18, "", "byte 0xE9 is not valid UTF-8", BYTES),
    "page-2": Bad(0, 0, "", "file name 'page-2' is reserved for the site's own pages", NAME),
    "placeholder-left-in": Bad(
        12,
        12,
        "verdict.summary",
        "still holds a REPLACE placeholder",
        "a scaffold marker, not a shape",
    ),
    "previous-rating-unknown": Bad(
        39,
        22,
        "corrections[1].previous_rating",
        "'halftrue' is not a rating; did you mean 'half-true'?",
    ),
    "published-before-claim-date": Bad(
        9, 12, "published", "is before the claim's `date`", "compares two fields"
    ),
    "rating-bare-false": Bad(
        11, 11, "verdict.rating", 'bare true/false value (write rating: "false" with quotes'
    ),
    "rating-bare-yes": Bad(11, 11, "verdict.rating", "'yes' is not a rating"),
    "rating-number": Bad(11, 11, "verdict.rating", "expected text but YAML read 3 as a number"),
    "rating-unknown-mostly-ture": Bad(
        11,
        11,
        "verdict.rating",
        "'mostly-ture' is not a rating; did you mean 'mostly-true'? (ratings: true, mostly-true",
    ),
    "related-path-traversal": Bad(34, 11, "related[1]", "'../../etc/passwd' is not a valid slug"),
    "related-slug-missing": Bad(
        34,
        11,
        "related[1]",
        "no claim file is named 'ice-releasd-68000'",
        "depends on other files",
    ),
    "source-archive-url-not-a-web-address": Bad(
        23,
        18,
        "sources[2].archive_url",
        "'web.archive.org/web/2014/https://cis.org/Vaughan/Catch-and-Release-Responding-Critics'"
        " is not a web address",
    ),
    "source-url-javascript": Bad(
        22, 10, "sources[2].url", "'javascript:alert(1)' is not a web address"
    ),
    "status-unknown": Bad(
        36, 9, "status", "'publish' is not allowed here; did you mean 'published'?"
    ),
    "sources-empty-list": Bad(15, 10, "sources", "at least one source is required"),
    "sources-is-text": Bad(
        15, 10, "sources", "expected a list (lines starting with `- `), got text"
    ),
    "summary-empty": Bad(12, 12, "verdict.summary", "must not be empty"),
    "tag-custom-include": Bad(13, 11, "analysis", "YAML tag '!include' is not allowed", TAGS),
    "tag-python-object": Bad(
        1, 8, "claim", "YAML tag '!!python/object/apply:os.system' is not allowed", TAGS
    ),
    "text-control-character": Bad(
        1,
        8,
        "claim",
        "contains an invisible control character (U+0007)",
        "invisible characters are left to the validator's message",
    ),
    "text-noncharacter-fffe": Bad(
        2,
        8,
        "claim",
        "contains an invisible noncharacter (U+FFFE), which is not text and which feeds cannot",
        "invisible characters are left to the validator's message",
    ),
    "text-noncharacter-ffff": Bad(
        13,
        12,
        "verdict.summary",
        "contains an invisible noncharacter (U+FFFF)",
        "invisible characters are left to the validator's message",
    ),
    "text-direction-override": Bad(
        3,
        9,
        "claimant.name",
        "invisible text-direction character (U+202E)",
        "invisible characters are left to the validator's message",
    ),
    "top-level-list": Bad(1, 1, "", "the file must be a mapping of keys"),
    "top-level-text": Bad(1, 1, "", "the file must be a mapping of keys"),
    "topic-reserved-index": Bad(
        34, 23, "topics[2]", "'index' is reserved for the site's own pages; pick another name"
    ),
    "topic-not-a-slug": Bad(33, 10, "topics[1]", "'Immigration Policy' is not a valid slug"),
    "topic-too-long": Bad(34, 10, "topics[1]", "is longer than 100 characters (299)"),
    "translations-own-language": Bad(
        39, 3, "translations.en", "'en' is this site's own language", "compares with the site"
    ),
    "translations-unknown-language": Bad(
        39,
        3,
        "translations.xx-yy",
        "'xx-yy' is not a known language code",
        "the schema checks a code's form; only Babel knows which languages exist",
    ),
    "translations-url-ftp": Bad(
        38, 7, "translations.fr", "'ftp://fr.example.org/claims/catch-and-release/' is not a web"
    ),
    "two-documents": Bad(36, 1, "", "a claim file holds one YAML document", NOT_YAML),
    "unknown-key-sourcse": Bad(15, 1, "sourcse", "unknown key 'sourcse'; did you mean 'sources'?"),
    "unknown-nested-key-ratng": Bad(
        11, 3, "verdict.ratng", "unknown key 'ratng'; did you mean 'rating'?"
    ),
    "updated-before-published": Bad(
        10, 10, "updated", "is before `published`", "compares two fields"
    ),
    "url-delete-character": Bad(
        9,
        8,
        "appearance.url",
        "contains an invisible control character (U+007F)",
        "invisible characters are left to the validator's message",
    ),
    "url-direction-override": Bad(
        23,
        10,
        "sources[2].url",
        "contains an invisible text-direction character (U+202E)",
        "invisible characters are left to the validator's message",
    ),
    "url-without-scheme": Bad(
        4,
        8,
        "claimant.url",
        "'cis.org' is not a web address starting with https:// or http://; "
        "did you mean 'https://cis.org'?",
    ),
    "url-without-scheme-www": Bad(
        22,
        10,
        "sources[2].url",
        "is not a web address starting with https:// or http://; did you mean "
        "'https://www.cis.org/Vaughan/Catch-and-Release-Responding-Critics'?",
    ),
    "yaml-control-character-raw": Bad(
        3, 15, "", "invisible control character U+0007 is not allowed", NOT_YAML
    ),
    "yaml-curly-quotes-around-value": Bad(
        12,
        12,
        "verdict.summary",
        "begins with the curly quote \u201c (U+201C), which YAML reads as text, not as a quote "
        '(use straight quotes around the text: "\u2026"',
        CURLY,
    ),
    "yaml-curly-quotes-break-syntax": Bad(
        7, 10, "", "begins with the curly quote \u201c (U+201C)", NOT_YAML
    ),
    "yaml-escape-beyond-unicode": Bad(
        21, 48, "", "`\\U00110000` is not a Unicode character (the last one is", NOT_YAML
    ),
    "yaml-escape-lone-surrogate": Bad(
        1, 80, "", "`\\ud83d` is half of a UTF-16 surrogate pair, not a character", ESCAPE
    ),
    "yaml-escape-short-hex": Bad(
        26, 59, "", "`\\x2` is not an escape: `\\x` takes 2 hex digits", NOT_YAML
    ),
    "yaml-escape-surrogate-pair": Bad(
        12,
        93,
        "",
        "`\\ud83d\\udea8` is a UTF-16 surrogate pair, which YAML does not read as one "
        "character (write `\\U0001F6A8` instead",
        ESCAPE,
    ),
    "yaml-escape-unknown": Bad(
        7, 13, "", "`\\R` is not an escape YAML knows (in double quotes a backslash", NOT_YAML
    ),
    "yaml-no-break-space-after-colon": Bad(
        3,
        8,
        "",
        "U+00A0 (no-break space) follows `name:`; YAML needs an ordinary space after a key's colon",
        NOT_YAML,
    ),
    "yaml-no-break-space-as-indentation": Bad(
        4,
        1,
        "",
        "U+00A0 (no-break space) is used as indentation; YAML reads it as part of the key `url`",
    ),
    "yaml-no-break-space-before-colon": Bad(
        3,
        7,
        "claimant",
        "U+00A0 (no-break space) stands between the key `name` and its colon",
    ),
    "yaml-no-break-space-indent-breaks-syntax": Bad(
        3, 1, "", "U+00A0 (no-break space) is used as indentation; YAML reads it as text", NOT_YAML
    ),
    "yaml-syntax-missing-colon": Bad(
        12, 10, "", "YAML syntax error: mapping values are not allowed", NOT_YAML
    ),
    "yaml-syntax-stray-quote": Bad(
        12, 36, "", "text holding `: ` must be inside double quotes", NOT_YAML
    ),
    "yaml-syntax-unclosed-quote": Bad(
        12, 12, "", "the quote opened here is not closed on this line", NOT_YAML
    ),
    "yaml-tab-indent": Bad(3, 1, "", "tab character used for indentation", NOT_YAML),
    "yaml-zero-width-space-in-key": Bad(
        15, 5, "", "the key `sources` holds the invisible U+200B (zero width space)"
    ),
}


# A valid claim with each of the three warnings: a long claim without claim_short, a source
# without date, and no counter-claims.
WARNINGS_ONLY = (
    (FIXTURES / "valid-base.yaml")
    .read_text(encoding="utf-8")
    .replace("    date: 2014-04-01\n", "", 1)  # a source without a date
    .replace(" instead of deporting them.", " instead of deporting them, says the report.")
    .replace(
        "counter_claims:\n  - who: U.S. Immigration and Customs Enforcement\n"
        '    statement: "ICE accused CIS of distorting the numbers."\n'
        "    source: https://cis.org/Vaughan/Catch-and-Release-Responding-Critics\n",
        "counter_claims: []\n",
    )
)


# ------------------------------------------------------------ hostile content


HOSTILE = FIXTURES / "hostile"
PAYLOADS = {p.stem: p.read_text(encoding="utf-8").rstrip("\n") for p in sorted(HOSTILE.glob("*"))}
# Invisible text-direction controls are refused by the validator, with a message (tested below).
REFUSED = {"40-bidi-override-in-name", "41-bidi-isolate-in-name"}
BUILT = sorted(set(PAYLOADS) - REFUSED)
MARKER = "fcxss"
HOSTILE_URL = 'https://example.org/?q="><svg/onload=fcxss()>&x=<script>fcxss()</script>'
MKDOCS = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_URL, SITE_NAME = MKDOCS["site_url"], MKDOCS["site_name"]
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "srcset", "codebase", "cite", "longdesc", "usemap", "ping", "manifest",
}  # fmt: skip
# Elements that run, load, submit or restyle something. On a page of the hostile site each one
# must be an element the theme also writes on the clean site (see `fingerprint`).
ACTIVE = {
    "script", "style", "link", "meta", "base", "iframe", "frame", "frameset", "object", "embed",
    "applet", "img", "picture", "source", "video", "audio", "track", "svg", "math", "form",
    "input", "button", "textarea", "select", "noscript", "template", "portal", "xmp", "marquee",
}  # fmt: skip
DATA_TYPES = {"application/json", "application/ld+json"}


class PlainDumper(yaml.SafeDumper):
    """Writes repeated values out in full: claim files may not use anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False)


def slug_for(name: str) -> str:
    return "hostile-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def text_for(name: str) -> str:
    """What every plain-text field of the payload's claim holds (the validator strips it)."""
    return f"{PAYLOADS[name]} {MARKER}".strip()


def claimant_for(name: str) -> str:
    """The claimant's name: the payload and the fixture's number. Two different names never
    share a claimant's page, and two payloads differ only in characters a slug drops (03, 09)."""
    return f"{text_for(name)} {name[:2]}"


def hostile_claim(payload: str, claimant: str | None = None) -> dict:
    """The base claim with the payload in every free-text field (and hostile but valid URLs).

    Fields: claim, claim_short (when the text fits in 75 characters), claimant.name,
    appearance.title, verdict.summary, analysis (Markdown), sources[].title/publisher/note,
    counter_claims[].who/statement/source, figures[].label/value/who/source, corrections[].note;
    URLs: claimant.url, appearance.url, sources[].url, translations (another language's
    edition), and the sources written as links.
    """
    text = f"{payload} {MARKER}"
    claim = yaml.safe_load((FIXTURES / "valid-base.yaml").read_text(encoding="utf-8"))
    claim.update(claim=text, analysis=f"{payload}\n\nMore analysis: {payload}")
    if len(text.strip()) <= 75:
        claim["claim_short"] = text
    claim["claimant"] = {"name": claimant or text, "url": HOSTILE_URL}
    claim["appearance"] = {"title": text, "url": HOSTILE_URL}
    claim["verdict"]["summary"] = text
    for index, source in enumerate(claim["sources"]):
        source.update(title=text, publisher=text, note=text, url=f"{HOSTILE_URL}&n={index}")
    claim["counter_claims"] = [
        {"who": text, "statement": text, "source": text},
        {"who": text, "statement": text, "source": HOSTILE_URL},
    ]
    claim["figures"] = [
        {"label": text, "value": text, "who": text, "source": text},
        {"label": text, "value": text, "who": text, "source": f"https://example.org/?q={text}"},
    ]
    claim["corrections"] = [{"date": claim["published"], "note": text}]
    claim["translations"] = {"fr": HOSTILE_URL}
    return claim


def with_material_search(project: Path) -> Path:
    """Material's search is off by default, but a small site may turn it on: its index, which
    the theme renders as HTML, must be inert too."""
    edit_config(project, lambda config: config["plugins"].insert(0, "search"))
    return project


def build_hostile_site(root: Path) -> Path:
    """The bundled project plus one claim per payload, built with real MkDocs under root."""
    project = with_material_search(copy_project(root / "project"))
    for name in BUILT:
        data = dump(hostile_claim(PAYLOADS[name], claimant_for(name)))
        (project / "claims" / f"{slug_for(name)}.yaml").write_text(data, encoding="utf-8")
    site = root / "site"
    result = build_with_mkdocs(project, site)
    assert result.returncode == 0, result.output
    return site


def looks_dangerous(url: str) -> bool:
    """Errs on the side of alarm: whitespace and control characters anywhere are dropped."""
    return re.sub(r"[\x00-\x20\x7f]", "", url).lower().startswith(DANGEROUS_SCHEMES)


def loads_from_outside(element: Tag, attribute: str, value: str) -> bool:
    """A resource the browser would fetch by itself from the attacker's host (links to other
    sites are fine: a reader chooses to follow them, with rel="nofollow noopener noreferrer")."""
    follows = element.name == "a" and attribute == "href"
    return not follows and "evil.example" in urlsplit(value.strip()).netloc.lower()


def is_redirect_for_an_alias(element: Tag) -> bool:
    """outputs.redirect_page writes these for renamed claims; their target is a slug only."""
    content = str(element.get("content", ""))
    return re.fullmatch(r"0; url=\.\./[a-z0-9]+(?:-[a-z0-9]+)*/", content) is not None


def live_problems(soup: BeautifulSoup, where: str) -> list[str]:
    """Anything in a parsed document that a browser would run or load because of a payload.

    Escaped payload text inside an attribute (a meta description, a link title) is inert and
    allowed; an element, handler or address that a payload created is not.
    """
    problems = []
    for element in soup.find_all(True):
        for name, raw in element.attrs.items():
            value = " ".join(raw) if isinstance(raw, list) else str(raw)
            if name.lower().startswith("on"):
                problems.append(f"{where}: <{element.name} {name}=...>")
            if name.lower() in URL_ATTRIBUTES and looks_dangerous(value):
                problems.append(f"{where}: <{element.name} {name}={value[:60]!r}>")
            if name.lower() in URL_ATTRIBUTES and loads_from_outside(element, name, value):
                problems.append(f"{where}: <{element.name} {name}> loads {value[:60]!r}")
        refresh = str(element.get("http-equiv", "")).lower() == "refresh"
        if element.name == "meta" and refresh and not is_redirect_for_an_alias(element):
            problems.append(f"{where}: <meta http-equiv=refresh>")
        code = element.name in ACTIVE - {"meta", "link"} and element.get("type") not in DATA_TYPES
        if code and MARKER in _without_data(element).decode():
            problems.append(f"{where}: live <{element.name}> from content")
    return problems


def _without_data(element: Tag) -> Tag:
    """The element less an attribute that holds only data: a form field's value is text the
    browser sends or shows, never runs (the Search page's checkboxes carry claimants' names)."""
    if element.name != "input" or "value" not in element.attrs:
        return element
    bare = copy.copy(element)
    del bare["value"]
    return bare


# ---------------------------------------------------- content-security-policy


# What scripts may come from: the site itself, Pagefind's WebAssembly, and hashed inline code.
SCRIPT_KEYWORDS = {"'self'", "'wasm-unsafe-eval'"}
REQUIRED = ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'")


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in policy.split(";"):
        if directive.strip():
            name, *values = directive.split()
            parsed[name] = values
    return parsed


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def inline_scripts(soup: BeautifulSoup) -> list[str]:
    """The bodies of the scripts a browser would run from the page itself."""
    return [
        s.string or ""
        for s in soup.find_all("script")
        if not s.get("src") and s.get("type") not in DATA_TYPES
    ]


def policy_problems(soup: BeautifulSoup, where: str) -> list[str]:
    """Why this page's policy would let something run that it should not, or block the theme."""
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    if len(metas) != 1 or metas[0].find_parent("head") is None:
        return [f"{where}: {len(metas)} policies, expected one in <head>"]
    policy = metas[0]["content"]
    problems = [f"{where}: lacks {d!r}" for d in REQUIRED if d not in policy]
    script_src = directives(policy).get("script-src", [])
    hashes = {v for v in script_src if v.startswith("'sha256-")}
    if extra := set(script_src) - hashes - SCRIPT_KEYWORDS:
        problems.append(f"{where}: script-src also allows {sorted(extra)}")
    if PLACEHOLDER in policy:
        problems.append(f"{where}: policy never finished")
    inline = {sha256_source(body) for body in inline_scripts(soup)}
    if missing := inline - hashes:
        problems.append(f"{where}: {len(missing)} inline script(s) not allowed by hash")
    if unused := hashes - inline:
        problems.append(f"{where}: {len(unused)} hash(es) for scripts the page does not have")
    referrer = soup.find("meta", attrs={"name": "referrer"})
    if referrer is None or referrer["content"] != "strict-origin-when-cross-origin":
        problems.append(f"{where}: no strict referrer policy")
    return problems


# ------------------------------------------------- a browser on a served site


AXE_SCRIPT = Path(__file__).resolve().parent / "browser" / "vendor" / "axe.min.js"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Schemes whose "requests" never touch the network.
LOCAL_SCHEMES = {"data", "blob", "about"}
# How long a tab must see no request before its page counts as settled (Tab.settle).
QUIET_SECONDS = 0.1
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


class StaticSiteHandler(SimpleHTTPRequestHandler):
    """Serves a built site like a static host does: files as they are, 404.html when missing."""

    site: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found_page = self.site / "404.html"
        if code != HTTPStatus.NOT_FOUND or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found_page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest output is for failures, not for an access log."""


@contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """A built site on a free loopback port, served from a background thread."""
    handler = type("SiteHandler", (StaticSiteHandler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class Traffic:
    """Everything a tab did on the network or the console that a reader would suffer from."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[tuple[int, str]] = field(default_factory=list)
    # Pages a test opens on purpose expecting an error status (the 404 page).
    expected_error_pages: set[str] = field(default_factory=set)
    # Requests sent and not yet answered or failed, and when the last one started or ended.
    in_flight: set[Request] = field(default_factory=set)
    last_activity: float = field(default_factory=time.monotonic)

    def record_request(self, request: Request) -> None:
        self.requests.append(request.url)
        self.in_flight.add(request)
        self.last_activity = time.monotonic()

    def record_done(self, request: Request) -> None:
        self.in_flight.discard(request)
        self.last_activity = time.monotonic()

    def record_failure(self, request: Request) -> None:
        self.failed_requests.append(f"{request.url} ({request.failure})")
        self.record_done(request)

    def record_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # Chromium logs a page's own error status too; for an expected 404 that is no fault.
        if message.location.get("url") in self.expected_error_pages and message.text.startswith(
            "Failed to load resource: the server responded with a status of"
        ):
            return
        self.console_errors.append(message.text)

    def record_response(self, response: Response) -> None:
        if response.status >= 400:
            self.error_responses.append((response.status, response.url))

    def problems(self) -> list[str]:
        return [
            *(f"request left localhost: {url}" for url in self.requests if not is_local(url)),
            *(f"console error: {text}" for text in self.console_errors),
            *(f"uncaught exception: {text}" for text in self.page_errors),
            *(f"request failed: {text}" for text in self.failed_requests),
            *(
                f"HTTP {status}: {url}"
                for status, url in self.error_responses
                if url not in self.expected_error_pages
            ),
        ]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


@dataclass
class Tab:
    """A browser tab on the test site that watches its own traffic on every page it visits."""

    page: Page
    base_url: str
    traffic: Traffic
    # Set once a check has failed, so the end-of-test check does not report the same again.
    reported: bool = False

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def goto(self, path: str, status: int = HTTPStatus.OK) -> Response:
        """Open a site path, wait until it settles, and check it loaded cleanly."""
        if status >= 400:
            self.traffic.expected_error_pages.add(self.url(path))
        response = self.page.goto(self.url(path), wait_until="load")
        self.settle()
        assert response is not None, f"no response for /{path}"
        assert response.status == status, f"/{path}: HTTP {response.status}, expected {status}"
        self.assert_clean()
        return response

    def follow(self, link: Locator) -> None:
        """Click a link as a reader does, wait for the page it opens to settle, check that page."""
        self.navigate(link.click)
        self.assert_clean()

    def navigate(self, action: Callable[[], object]) -> None:
        """Do what opens another page (a click, Enter in a search box) and wait until that page
        has loaded and settled."""
        with self.page.expect_navigation(wait_until="load"):
            action()
        self.settle()

    def settle(self, timeout: float = 10) -> None:
        """Wait until no request has been in flight for QUIET_SECONDS, so that everything the
        page fetches by itself has been seen, and checked, before the test goes on.

        Playwright's "networkidle" does the same with 500 ms of quiet after every page, which
        was most of these tests' time: pages of this site make their last request within a
        few milliseconds of loading."""
        deadline = time.monotonic() + timeout
        while True:
            quiet = time.monotonic() - self.traffic.last_activity
            if not self.traffic.in_flight and quiet >= QUIET_SECONDS:
                return
            pending = sorted(request.url for request in self.traffic.in_flight)
            assert time.monotonic() < deadline, f"{self.page.url} never settled: {pending[:5]}"
            wait = QUIET_SECONDS - quiet if not self.traffic.in_flight else QUIET_SECONDS / 4
            self.page.wait_for_timeout(max(wait, 0.01) * 1000)  # lets Playwright report events

    def assert_clean(self) -> None:
        problems = self.traffic.problems()
        self.reported = bool(problems)
        assert not problems, "\n".join([f"on {self.page.url}:", *problems])

    def inject_axe(self) -> None:
        """Load axe-core into the page. Injected <script> tags would be refused by the site's
        Content-Security-Policy (script-src 'self' + hashes), so the file's text is evaluated
        through the DevTools protocol instead, which the policy does not govern."""
        self.page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))

    def run_axe(self, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """axe-core's violations for the whole document."""
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.inject_axe()
        result = self.page.evaluate(
            "options => axe.run(document, options)",
            {"resultTypes": ["violations"], **(options or {})},
        )
        return result["violations"]


def open_tab(context: BrowserContext, base_url: str) -> Tab:
    page = context.new_page()
    traffic = Traffic()
    page.on("request", traffic.record_request)
    page.on("requestfinished", traffic.record_done)
    page.on("requestfailed", traffic.record_failure)
    page.on("response", traffic.record_response)
    page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
    page.on("console", traffic.record_console)
    return Tab(page=page, base_url=base_url, traffic=traffic)


OpenTab = Callable[..., Tab]


@contextmanager
def tabs_on(chromium: Browser) -> Iterator[Callable[..., Tab]]:
    """Opens tabs at a base URL, each in a fresh context (no cookies, storage or cache shared).
    Keyword arguments go to Browser.new_context (viewport, color_scheme, ...). At the end, any
    late console error or off-site request still fails the test."""
    tabs: list[Tab] = []
    contexts: list[BrowserContext] = []

    def open_one(base_url: str, **context_options: Any) -> Tab:
        context = chromium.new_context(**{"viewport": DESKTOP, **context_options})
        # A local page settles in well under a second; fail fast rather than after 30 s.
        context.set_default_timeout(10_000)
        contexts.append(context)
        tabs.append(open_tab(context, base_url))
        return tabs[-1]

    try:
        yield open_one
    finally:
        late = [p for tab in tabs if not tab.reported for p in tab.traffic.problems()]
        for context in contexts:
            context.close()
    assert not late, "\n".join(late)


BLOCKING_IMPACTS = {"serious", "critical"}
# Material picks its palette from prefers-color-scheme (mkdocs.yml `palette: media:`).
SCHEMES = {"light": "default", "dark": "slate"}


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']} {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']} {summary}")
    return "\n".join(lines)


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
