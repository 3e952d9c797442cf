"""What a build takes from a checkout: its source, and nothing posing as the build's own.

A pull request can change any tracked file. The build reads claims, docs, templates, theme
overrides and the site config, and it writes the site folder, its caches and preview pages.
So before anything is read or written it refuses, naming the path and the fix:

- a file tracked by git under a path the tools keep for themselves (`.cache`, `.venv`, the
  site folder, the cache folder when it is inside the project): a committed cache or
  virtualenv would otherwise be taken for the build's own;
- a link, anywhere the build reads, that leads out of the project (or into `.git`, `.venv` or
  a cache): the build would publish whatever it points at;
- a site folder that is a link or holds one: cleaning it would empty, and writing it would
  fill, wherever the link leads.

Links in claims/ are refused per file by `files.find_claim_files`, with the other claim
problems, so a preview can still show them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .git import GitError, repository_root, tracked_files

# Paths in a project that belong to the tools, never to its source.
TOOL_PATHS = (".cache", ".venv")
# Inside the project, but no link may lead there: never published, and may hold secrets
# (a CI checkout keeps its access token in .git/config).
PRIVATE_PATHS = (".git", ".venv", ".cache")
MAX_EXAMPLES = 3


class UntrustedCheckout(Exception):
    """The checkout holds something the build must not trust; the message lists each."""


def check_checkout(
    root: Path,
    config_file: Path,
    config: dict[str, Any],
    *,
    templates_dir: Path,
    site_dir: Path | None,
    cache_dir: Path,
    scan_site: bool = True,
) -> None:
    """Raise UntrustedCheckout naming every problem; return when the checkout is source only.

    `config` is mkdocs.yml as plain data; `templates_dir` the site's own templates;
    `site_dir` is where this build writes (None: no site folder, as for `factcheck check`);
    `scan_site` also looks inside it for links."""
    private = [root / name for name in PRIVATE_PATHS] + [cache_dir]
    if site_dir is not None:
        private.append(site_dir)
    problems = [
        *_config_file_link(config_file),
        *_tracked_tool_files(root, [root / p for p in TOOL_PATHS] + [cache_dir, site_dir]),
        *_links_leaving(root, _read_paths(root, config_file, config, templates_dir), private),
        *_links_in_write_target(root, site_dir, "site folder", scan_site),
        *_links_in_write_target(root, cache_dir, "cache folder", False),
    ]
    if problems:
        raise UntrustedCheckout(
            f"{len(problems)} problem(s) with this checkout; nothing was built:\n"
            + "\n".join(problems)
        )


def _relative(path: Path | str, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _inside(path: Path | str, folder: Path | str) -> bool:
    path, folder = os.path.abspath(path), os.path.abspath(folder)
    return os.path.commonpath([path, folder]) == folder


def _tracked_tool_files(root: Path, paths: list[Path | None]) -> list[str]:
    """Files git tracks under a path that only the tools may fill."""
    inside = [p for p in paths if p is not None and _inside(p, root) and p != root]
    specs = list(dict.fromkeys(_relative(p, root) for p in inside))
    try:
        if repository_root(root) is None:
            return []  # not a git checkout: nothing was committed to plant
        tracked = tracked_files(root, specs)
    except GitError as exc:
        return [
            f"{root}: cannot ask git which files it tracks ({exc}); let git read the checkout "
            "(for 'dubious ownership': `git config --global --add safe.directory <folder>`)"
        ]
    problems = []
    for spec in specs:
        mine = [name for name in tracked if name == spec or name.startswith(f"{spec}/")]
        if not mine:
            continue
        examples = ", ".join(mine[:MAX_EXAMPLES]) + (", ..." if len(mine) > MAX_EXAMPLES else "")
        problems.append(
            f"{spec}: {len(mine)} file(s) here are committed to git ({examples}), but the "
            f"build keeps {spec} for itself and must never take it from a checkout: remove "
            f"them with `git rm -r --cached {spec}` and commit"
        )
    return problems


def _config_file_link(config_file: Path) -> list[str]:
    """mkdocs.yml itself: the project is the folder holding it, wherever a link leads."""
    folder = os.path.dirname(os.path.abspath(config_file))
    if os.path.islink(config_file) and not _inside(os.path.realpath(config_file), folder):
        return [
            f"{config_file.name}: is a link to {os.readlink(config_file)} (outside the "
            "project); the build never follows a link out of the project: put a copy of the "
            "file here instead"
        ]
    return []


def _read_paths(
    root: Path, config_file: Path, config: dict[str, Any], templates_dir: Path
) -> list[Path]:
    """Every file and folder the build reads besides claims/: the config and what it names."""
    paths = [config_file, templates_dir, root / str(config.get("docs_dir") or "docs")]
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        paths.append(root / theme["custom_dir"])
    if isinstance(config.get("INHERIT"), str):
        paths.append(config_file.parent / config["INHERIT"])
    return paths


def _links_leaving(root: Path, paths: list[Path], private: list[Path]) -> list[str]:
    problems = []
    for link in (link for path in paths for link in _links_at_or_under(root, path)):
        target = os.path.realpath(link)
        if not _inside(target, root):
            where = "outside the project"
        elif hidden := next((p for p in private if _inside(target, p)), None):
            where = f"into {_relative(hidden, root)}/, which is never published"
        else:
            continue  # a link to another file of the project, e.g. docs/changelog.md
        problems.append(
            f"{_relative(link, root)}: is a link to {os.readlink(link)} ({where}); the build "
            "never follows a link out of the project: put a copy of the file here instead"
        )
    return problems


def _links_at_or_under(root: Path, path: Path, descend: bool = True) -> Iterator[Path]:
    """Links among the folders leading from the project to `path`, `path`, and under it."""
    if _inside(path, root):
        for parent in reversed(Path(os.path.relpath(path, root)).parents[:-1]):
            if (root / parent).is_symlink():
                yield root / parent
                return
    if path.is_symlink():
        yield path
        return
    if not descend or not path.is_dir():
        return
    for folder, folders, files in os.walk(path):  # never descends into a linked folder
        for name in [*folders, *files]:
            if os.path.islink(os.path.join(folder, name)):
                yield Path(folder, name)


def _links_in_write_target(root: Path, target: Path | None, what: str, scan: bool) -> list[str]:
    """A folder the build empties or writes must be a real folder, holding no links."""
    if target is None:
        return []
    return [
        f"{_relative(link, root) if _inside(link, root) else link}: is a link (to "
        f"{os.readlink(link)}) where the build writes its {what}, which would empty or fill "
        "wherever the link leads: delete the link (the build makes the folder itself)"
        for link in _links_at_or_under(root, target, descend=scan)
    ]
