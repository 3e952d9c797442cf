"""Pagefind: a static search index that stays small for readers at any archive size.

Readers download only the index chunks their query needs, not one index of the whole site
(Material's built-in search index grows linearly: about 6.5 MB at 1,000 claims). Pagefind
runs after MkDocs has written the site; it is a binary shipped in the `pagefind[bin]` wheel.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from . import paths

PAGEFIND_TIMEOUT = 600


class SearchIndexError(Exception):
    pass


# Index the article only (not menus or footers), without heading permalink symbols.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = ".headerlink, .fc-visually-hidden, .md-source-file"


# Only claim pages are results (each marks its searchable parts with data-pagefind-body), so
# Pagefind need not read the rest of the site: at 10,000 claims that saved a tenth of its memory.
PAGES = f"{paths.CLAIMS}*/index.html"


def pagefind_command(site_dir: Path) -> list[str]:
    return [
        sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent", "--glob", PAGES,
        "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE_SELECTORS,
    ]  # fmt: skip


def build_search_index(site_dir: Path) -> None:
    command = pagefind_command(site_dir)
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed:\n{result.stdout}{result.stderr}")
