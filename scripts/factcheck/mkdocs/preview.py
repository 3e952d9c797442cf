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
    """Claim files saved since the previous preview build, or not yet committed to git.

    `start` asks git before the build and `since_last_build` reads its answer after it, so
    git looks through a large checkout while the generator works, not after it."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}
        self._git: subprocess.Popen[bytes] | None = None
        self._top: dict[Path, Path] = {}  # project root -> its git checkout's top folder
        self._displays: dict[tuple[Path, Path, str], str] = {}

    def start(self, claims_dir: Path, root: Path) -> None:
        self._finish_git()
        self._git = _start_git_status(claims_dir, root)

    def since_last_build(self, claims_dir: Path, root: Path) -> set[str]:
        stamps = self._modification_times(claims_dir, root)
        first = not self._seen
        changed = {path for path, stamp in stamps.items() if self._seen.get(path) != stamp}
        self._seen = stamps
        if self._git is None:
            self.start(claims_dir, root)
        edited = self._uncommitted(root)
        return edited if first else edited | changed

    def _modification_times(self, claims_dir: Path, root: Path) -> dict[str, int]:
        stamps: dict[str, int] = {}
        if not claims_dir.is_dir():
            return stamps
        with os.scandir(claims_dir) as entries:
            for entry in entries:
                if entry.name.endswith(CLAIM_SUFFIXES) and entry.is_file(follow_symlinks=False):
                    stamps[self._display(claims_dir, root, entry)] = entry.stat().st_mtime_ns
        return stamps

    def _display(self, claims_dir: Path, root: Path, entry: os.DirEntry[str]) -> str:
        # the same names on every save: display_path_for once per name, not 10,000 times
        key = (claims_dir, root, entry.name)
        display = self._displays.get(key)
        if display is None:
            if len(self._displays) > 100_000:
                self._displays.clear()
            display = self._displays[key] = display_path_for(Path(entry.path), root)
        return display

    def _uncommitted(self, root: Path) -> set[str]:
        """Claim files git shows as changed or new; empty outside a git checkout."""
        output = self._finish_git()
        if output is None:
            return set()
        top = self._top.get(root) or _toplevel(root)
        if top is None:
            return set()
        self._top[root] = top
        return {display_path_for(top / name, root) for name in _porcelain_paths(output)}

    def _finish_git(self) -> bytes | None:
        """What the running `git status` printed; None if it failed (or none was started)."""
        process, self._git = self._git, None
        if process is None:
            return None
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return None
        return output if process.returncode == 0 else None


def _start_git_status(claims_dir: Path, root: Path) -> subprocess.Popen[bytes] | None:
    try:
        return subprocess.Popen(
            ["git", "-C", str(root), "status", "--porcelain", "-z", "--", str(claims_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None


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
