"""Write the whole generated site as plain files, for engines that run no MkDocs plugins.

The `factcheck` MkDocs plugin hands MkDocs the generated pages in memory, sets each page's
meta (title, description, ClaimReview JSON-LD, share image, feed, revision date), adds the
package's theme overrides to the theme and its stylesheets and scripts to the config. Engines
that run no MkDocs plugins (Zensical reads mkdocs.yml but runs neither hooks nor plugins) need
all of that on disk instead. `factcheck render --out DIR` writes:

- DIR/docs/: every generated page's Markdown at its source path, with the meta as YAML front
  matter; every generated data file (Atom feeds, claims.json, the ClaimReview feed and its
  schema, the ratings stylesheet, redirects for renamed claims, share images); and a copy of
  the hand-written `docs/` folder (regular files only);
- DIR/theme/: the package's theme overrides, with the site's own `custom_dir` files on top;
- DIR/mkdocs.yml: a config that takes everything else from the site's own mkdocs.yml, and
  that Zensical, MkDocs and ProperDocs all build as it is (none of them runs our plugin).

Front matter values are the plugin's values, HTML-escaped once, because Material-style themes
print `page.meta.title` and `page.meta.description` raw; YAML quoting is applied on top. Links
between generated pages start from the site's root (see `site_root_path`). Generated pages
and files replace a hand-written file at the same path, as in a build.

DIR is built beside itself under a temporary name and then put in place, so a failed run
leaves the previous output untouched and no file of an earlier render lingers. Nothing is ever
written into the project's `docs/` or `claims/`, and no symbolic link is followed: the staging
folder is new and made by this process, and every file in it is created exclusively.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import paths
from .generation import Generation
from .package_data import BUILTIN_THEME
from .theme_context import EXTRA_KEY

# Marks a folder as written by `factcheck render`, so a later run may replace it; any other
# folder that is not empty is refused rather than deleted.
MARKER = ".factcheck-render"
MARKER_TEXT = "Written by `factcheck render`; replaced whole by the next run. Do not edit.\n"
DOCS, THEME, CONFIG = "docs", "theme", "mkdocs.yml"


class ExportError(Exception):
    """The output folder cannot be used, or a file cannot be written; the message is ready."""


@dataclass(frozen=True)
class ExportSummary:
    pages: int  # generated Markdown pages
    files: int  # generated data files, feeds, redirects and images
    docs: int  # hand-written files copied from docs/
    theme: int  # theme files


def site_root_path(site_url: str) -> str:
    """The path the site is published under ("/" or "/factcheck/"), from `site_url`.

    Links between generated pages start from here in the rendered files: Zensical reads a
    relative link in a page's HTML as relative to the page's Markdown file, MkDocs as relative
    to the page's address, and for `claims/x.md` (address `claims/x/`) the two differ by a
    folder. A link from the site's root means the same to both."""
    path = urlsplit(site_url).path if site_url else ""
    return path if path.endswith("/") else path + "/"


def outside_protected(path: Path, protected: list[Path]) -> Path:
    """`path` made absolute, or ExportError when it is a link, or inside or around a folder
    that factcheck never writes to."""
    if path.is_symlink():
        raise ExportError(f"{path}: is a symbolic link; give the real folder")
    target = path.resolve()
    for folder in protected:
        folder = folder.resolve()
        if target == folder or target.is_relative_to(folder):
            raise ExportError(f"{path}: is inside {folder}, which factcheck never writes to")
        if folder.is_relative_to(target):
            raise ExportError(f"{path}: holds {folder}, which factcheck never writes to")
    return target


def check_destination(out: Path, protected: list[Path]) -> Path:
    """The absolute output folder, or ExportError when writing there could harm the project.

    `protected` are folders that must never be written to (the project's docs/ and claims/):
    the output may be neither inside one of them nor around one."""
    target = outside_protected(out, protected)
    if target.exists():
        if not target.is_dir():
            raise ExportError(f"{out}: exists and is not a folder")
        if any(target.iterdir()) and not (target / MARKER).is_file():
            raise ExportError(
                f"{out}: is not empty and was not written by `factcheck render`; "
                "give a new or empty folder"
            )
    return target


def front_matter(meta: dict[str, Any]) -> str:
    """A YAML front matter block; the values stay exactly as given (already HTML-escaped).

    Every value is one double-quoted line, with line breaks and control characters escaped,
    so no text can end the block early (a line `---`) or be read as more YAML."""
    text = yaml.safe_dump(
        meta, allow_unicode=True, sort_keys=False, default_style='"', width=1_000_000_000
    )
    return f"---\n{text}---\n\n"


def has_front_matter(text: str) -> bool:
    return text.startswith(("---\n", "---\r\n"))


def with_own_front_matter(text: str, meta: dict[str, Any]) -> str | None:
    """A page whose own front matter (say `audience: editors`) keeps every value it sets and
    gains the ones the plugin adds that it does not set (the date of its last change); None
    when that front matter is not a plain mapping, and then the page is copied as written."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n") == "---":
            try:
                own = yaml.safe_load("".join(lines[1:index]))
            except yaml.YAMLError:
                return None
            if not isinstance(own, dict):
                return None
            return front_matter({**meta, **own}) + "".join(lines[index + 1 :]).lstrip("\r\n")
    return None


def regular_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to folder, file) for every file under folder, sorted; a link anywhere
    is an ExportError, so nothing outside the folder is ever copied."""
    if not folder.is_dir():
        return
    for parent, dirnames, filenames in os.walk(folder):  # os.walk never enters linked folders
        base = Path(parent)
        for name in sorted(dirnames):
            if (base / name).is_symlink():
                raise ExportError(f"{base / name}: is a symbolic link; a render copies no links")
        dirnames.sort()
        for name in sorted(filenames):
            path = base / name
            if path.is_symlink() or not path.is_file():
                raise ExportError(f"{path}: is not a regular file; a render copies no links")
            yield path.relative_to(folder).as_posix(), path


def docs_files(
    generation: Generation, hand_written: list[tuple[str, Path]]
) -> dict[str, bytes | Path]:
    """Path in the docs folder -> content (bytes, or a file to copy), hand-written first."""
    planned: dict[str, bytes | Path] = {}
    for relative, source in hand_written:
        planned[relative] = source
        meta = generation.page_meta(relative) if relative.endswith(".md") else None
        if meta:
            text = source.read_text(encoding="utf-8")
            if not has_front_matter(text):
                planned[relative] = (front_matter(meta) + text).encode()
            elif (merged := with_own_front_matter(text, meta)) is not None:
                planned[relative] = merged.encode()
    for path, content in generation.files.items():
        planned[path] = content
    for src_uri, page in generation.pages.items():
        meta = generation.page_meta(src_uri) or {}
        planned[src_uri] = (front_matter(meta) + page.markdown).encode()
    return planned


def custom_dir_of(config_file: Path, config: dict[str, Any]) -> Path | None:
    """The site's own theme folder (`theme: custom_dir:` in mkdocs.yml), if it sets one."""
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return config_file.resolve().parent / custom if isinstance(custom, str) else None


def theme_files(custom_dir: Path | None) -> dict[str, Path]:
    """The package's theme overrides, each replaced by the site's file of the same name."""
    files = dict(regular_files(BUILTIN_THEME))
    if custom_dir is not None:
        files.update(regular_files(custom_dir))
    return files


def engine_config(config_file: Path, out: Path, theme_data: dict[str, Any]) -> str:
    """A config that takes everything else from the site's mkdocs.yml, for any engine.

    Zensical adds the lists of an INHERITed file to this file's, MkDocs replaces them, and
    both merge mappings. So the stylesheets and scripts the plugin adds are listed here (the
    site's mkdocs.yml lists none), and `plugins:` is a mapping, which replaces the site's list
    (naming our plugin) in both."""
    parent = Path(os.path.relpath(config_file.resolve(), out)).as_posix()
    settings = {
        "INHERIT": parent,
        "docs_dir": DOCS,
        "site_dir": "site",
        "theme": {"custom_dir": THEME, "variant": "classic"},
        "extra_css": [paths.SITE_STYLESHEET, paths.RATINGS_STYLESHEET],
        "extra_javascript": list(paths.SITE_SCRIPTS),
        # The search is Pagefind's, built by `factcheck finish`; Zensical's own is on unless
        # turned off. `enabled: false` also turns a plugin off in MkDocs.
        "plugins": {"search": {"enabled": False}},
        # What the theme's masthead, menu and footer show, as the plugin gives it to MkDocs
        # (factcheck.theme_context); `extra` is a mapping, merged with the site's own.
        "extra": {EXTRA_KEY: theme_data},
    }
    header = (
        "# Written by `factcheck render`, and replaced by its next run. Build this folder with\n"
        "# `zensical build` (or `mkdocs build`), then run `factcheck finish` on its\n"
        "# site/ folder. Everything else comes from the site's own config, named below.\n"
    )
    return header + yaml.safe_dump(settings, sort_keys=False)


def safe_relative(path: str) -> PurePosixPath:
    """A relative path that stays inside the output folder (site paths come from slugs)."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or not relative.parts or ".." in relative.parts:
        raise ExportError(f"{path}: not a path inside the output folder")
    return relative


def write_file(root: Path, path: str, content: bytes | Path) -> None:
    target = root.joinpath(*safe_relative(path).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.read_bytes() if isinstance(content, Path) else content
    # O_EXCL: each file is created here, never opened through a link or written twice.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(target, flags, 0o666)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


def write_export(
    generation: Generation,
    *,
    docs_dir: Path,
    custom_dir: Path | None,
    config_file: Path,
    out: Path,
    theme_data: dict[str, Any],
) -> ExportSummary:
    """Write the site's sources into `out` (already checked by check_destination)."""
    hand_written = list(regular_files(docs_dir))
    planned: dict[str, bytes | Path] = {
        f"{DOCS}/{path}": content for path, content in docs_files(generation, hand_written).items()
    }
    theme = theme_files(custom_dir)
    planned.update({f"{THEME}/{path}": source for path, source in theme.items()})
    planned[CONFIG] = engine_config(config_file, out, theme_data).encode()
    planned[MARKER] = MARKER_TEXT.encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.render-{secrets.token_hex(4)}"
    staging.mkdir()  # fails rather than reuse anything already there
    try:
        for path, content in planned.items():
            write_file(staging, path, content)
        replace_folder(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ExportError(f"{out}: cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ExportSummary(
        pages=len(generation.pages),
        files=len(generation.files),
        docs=len(hand_written),
        theme=len(theme),
    )


def replace_folder(new: Path, out: Path) -> None:
    """Put `new` where `out` is, removing an earlier render only once the new one is in place."""
    if not out.exists():
        new.rename(out)
        return
    old = out.parent / f".{out.name}.old-{secrets.token_hex(4)}"
    out.rename(old)
    try:
        new.rename(out)
    except OSError:
        with contextlib.suppress(OSError):
            old.rename(out)
        raise
    shutil.rmtree(old)  # rmtree removes links, never what they point to
