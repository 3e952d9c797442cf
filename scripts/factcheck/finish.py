"""Finish a site that another engine built from `factcheck render` output.

The MkDocs plugin does three things to every built page that engines without it cannot: it
takes the theme's indentation out, it puts the hashes of the theme's inline scripts into the
Content-Security-Policy (without them the policy still names a placeholder, and a browser
blocks every inline script of the theme), and it builds the Pagefind search index. `factcheck
finish SITE` does the same to a built site folder, page by page, so a Zensical build of the
rendered sources ends up with the same policy and search as a MkDocs build.

Running it twice changes nothing more: a finished page has no placeholder left. Links are
never followed: a linked file or folder in the site is left alone, and each page is replaced
through a new file beside it rather than written through whatever the old name points to.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .csp import finish_policy
from .minify import squeeze_whitespace
from .search import build_search_index


@dataclass(frozen=True)
class FinishSummary:
    pages: int  # HTML files rewritten
    unchanged: int  # HTML files already finished
    skipped_links: int  # linked files and folders left alone


def finish_page(html: str) -> str:
    """What the MkDocs plugin does to each page after the theme has rendered it."""
    return finish_policy(squeeze_whitespace(html))


def html_files(site_dir: Path) -> tuple[list[Path], int]:
    """Every regular .html file under site_dir (links not followed), and how many links."""
    files, links = [], 0
    for folder, dirnames, filenames in os.walk(site_dir):  # never descends into linked folders
        base = Path(folder)
        links += sum(1 for name in dirnames if (base / name).is_symlink())
        dirnames.sort()
        for name in sorted(filenames):
            path = base / name
            if path.is_symlink():
                links += 1
            elif name.endswith(".html") and path.is_file():
                files.append(path)
    return files, links


def replace_text(path: Path, text: str) -> None:
    """Write a new file beside `path`, then rename it over `path` (never through a link)."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(partial, flags, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def finish_site(site_dir: Path, *, search: bool) -> FinishSummary:
    """Finish every page of the built site in site_dir, then (optionally) index it."""
    files, links = html_files(site_dir)
    changed = 0
    for path in files:
        html = path.read_text(encoding="utf-8")
        finished = finish_page(html)
        if finished != html:
            replace_text(path, finished)
            changed += 1
    if search:
        build_search_index(site_dir)
    return FinishSummary(pages=changed, unchanged=len(files) - changed, skipped_links=links)
