"""Which claim files an editor is working on, so the preview's terminal shows their warnings."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import subprocess
from pathlib import Path
from typing import Any

from ..load import CLAIM_SUFFIXES, display_path_for


class EditedFiles:
    """Claim files saved since the previous preview build, or not yet committed to git."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def since_last_build(self, claims_dir: Path, root: Path) -> set[str]:
        stamps = _modification_times(claims_dir, root)
        first = not self._seen
        changed = {path for path, stamp in stamps.items() if self._seen.get(path) != stamp}
        self._seen = stamps
        edited = _uncommitted(claims_dir, root)
        return edited if first else edited | changed


def _modification_times(claims_dir: Path, root: Path) -> dict[str, int]:
    stamps: dict[str, int] = {}
    if not claims_dir.is_dir():
        return stamps
    with os.scandir(claims_dir) as entries:
        for entry in entries:
            if entry.name.endswith(CLAIM_SUFFIXES) and entry.is_file(follow_symlinks=False):
                stamps[display_path_for(Path(entry.path), root)] = entry.stat().st_mtime_ns
    return stamps


def _uncommitted(claims_dir: Path, root: Path) -> set[str]:
    """Claim files git shows as changed or new; empty outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "-z", "--", str(claims_dir)],
            capture_output=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return set()
    if result.returncode != 0:
        return set()
    top = _toplevel(root)
    if top is None:
        return set()
    return {display_path_for(top / name, root) for name in _porcelain_paths(result.stdout)}


def _porcelain_paths(output: bytes) -> list[str]:
    """Paths in `git status --porcelain -z`: "XY path", a rename followed by its old path."""
    records = output.decode("utf-8", "replace").split("\0")
    names, index = [], 0
    while index < len(records):
        record = records[index]
        index += 1
        if len(record) > 3:
            names.append(record[3:])
            if record[0] in "RC":
                index += 1  # the path it was renamed or copied from
    return names


def _toplevel(root: Path) -> Path | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return Path(out.stdout.decode().strip()) if out.returncode == 0 else None


def look_fingerprint(config_file: Path, theme_dirs: list[str]) -> str:
    """What every page depends on besides its own text: the site config and the theme files.

    `serve --dirty` rebuilds only pages whose source changed; when this changes, every page
    must be rebuilt, or the open tab would keep showing the old name, menu or layout."""
    digest = hashlib.sha256(config_file.read_bytes() if config_file.is_file() else b"")
    for folder in theme_dirs:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                digest.update(f"{path}\0{path.stat().st_mtime_ns}\0".encode())
    return digest.hexdigest()


def page_output(url: str) -> str:
    """Where MkDocs writes a page with this address (directory URLs): 'claims/x/index.html'."""
    return f"{url}index.html"


# A Markdown link or image to a page: [text](target.md) or [text](target.md#part)
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>#]+\.md)(?:#[^)\s]*)?>?(?:\s+\"[^\"]*\")?\s*\)")


class DocsLinks:
    """Which generated pages the hand-written pages link to, read again only from files that
    changed since the last preview build."""

    def __init__(self) -> None:
        self._by_file: dict[str, tuple[int, set[str]]] = {}

    def targets(self, files: Any, docs_dir: Path) -> set[str]:
        found: set[str] = set()
        for file in files.documentation_pages():
            if file.generated_by or not file.abs_src_path:
                continue
            stamp = os.stat(file.abs_src_path).st_mtime_ns
            known = self._by_file.get(file.src_uri)
            if known is None or known[0] != stamp:
                text = Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace")
                known = (stamp, _link_targets(file.src_uri, text))
                self._by_file[file.src_uri] = known
            found |= known[1]
        return found


def _link_targets(src_uri: str, text: str) -> set[str]:
    folder = posixpath.dirname(src_uri)
    targets = set()
    for match in _MARKDOWN_LINK.finditer(text):
        target = match.group(1)
        if "://" in target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        targets.add(posixpath.normpath(path))
    return targets
