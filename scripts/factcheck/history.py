"""Rating changes read from git history, so no correction can go unrecorded.

One `git log` lists which commits touched which claim files; `git cat-file --batch` then reads
only the versions that can show a change (files with more than one commit, or edited in the
working tree). Outside a git checkout, or without git, there is no history to read and the
claim files' own `corrections` lists are the record.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .load import parse_yaml
from .problems import ClaimFileError

GIT_TIMEOUT = 60


@dataclass(frozen=True)
class RatingChange:
    date: dt.date
    previous: str
    rating: str
    commit: str | None  # None: the change is in the working tree, not committed yet

    def describe(self) -> str:
        where = f"in commit {self.commit[:7]}" if self.commit else "in your uncommitted edit"
        return f"rating changed from {self.previous!r} to {self.rating!r} {where}"


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _commits_by_file(root: Path, claims_dir: Path) -> dict[str, list[tuple[str, dt.date]]]:
    """Repository path of each claim file -> its commits, oldest first."""
    log = _git(
        root, "log", "--reverse", "--no-renames", "--format=%x00%H %cs", "--name-only",
        "--", claims_dir.relative_to(root).as_posix(),
    )  # fmt: skip
    commits: dict[str, list[tuple[str, dt.date]]] = {}
    if not log:
        return commits
    for block in log.decode("utf-8", "replace").split("\0")[1:]:
        header, *names = block.strip().splitlines()
        sha, day = header.split()
        for name in filter(None, names):
            commits.setdefault(name, []).append((sha, dt.date.fromisoformat(day)))
    return commits


def _read_blobs(root: Path, specs: list[str]) -> list[str | None]:
    """Contents of `commit:path` specs in one git process; None where a version is missing."""
    if not specs:
        return []
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in specs).encode())
    if out is None:
        return [None] * len(specs)
    blobs: list[str | None] = []
    position = 0
    for _spec in specs:
        newline = out.index(b"\n", position)
        header = out[position:newline].split()
        position = newline + 1
        if len(header) < 3 or header[1] != b"blob":
            blobs.append(None)
            continue
        size = int(header[2])
        blobs.append(out[position : position + size].decode("utf-8", "replace"))
        position += size + 1
    return blobs


def rating_of(text: str | None, day: dt.date | None = None) -> str | None:
    """The rating readers saw in this version of a file, committed on `day`; None when there
    was none: a draft, or a fact-check not due out until later, is not yet public, so changing
    its rating then is editing, not a correction."""
    if text is None:
        return None
    try:
        data, _walker = parse_yaml(text, "history")
    except ClaimFileError:
        return None
    if day is not None and not _public_on(data, day):
        return None
    verdict = data.get("verdict")
    rating = verdict.get("rating") if isinstance(verdict, dict) else None
    return rating if isinstance(rating, str) else None


def _public_on(data: dict, day: dt.date) -> bool:
    published = data.get("published")
    if isinstance(published, dt.datetime):
        published = published.date()
    if isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published.strip())
        except ValueError:
            published = None
    scheduled = isinstance(published, dt.date) and published > day
    return data.get("status") != "draft" and not scheduled


def _changed_in_worktree(root: Path, claims_dir: Path) -> set[str]:
    out = _git(root, "diff", "--name-only", "HEAD", "--", claims_dir.relative_to(root).as_posix())
    return set(out.decode().split()) if out else set()


def rating_changes(
    claims_dir: Path, current: dict[str, str], today: dt.date | None = None
) -> dict[str, list[RatingChange]] | None:
    """Slug -> every rating change in its history, oldest first; None without git history.

    `current` maps each valid claim's slug to its rating in the working tree, so an edit not
    yet committed is held to the same rule as a committed one.
    """
    top = _git(claims_dir, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    root = Path(top.decode().strip()).resolve()
    claims_dir = claims_dir.resolve()
    commits = _commits_by_file(root, claims_dir)
    edited = _changed_in_worktree(root, claims_dir)
    wanted = [(name, sha, day) for name, versions in commits.items()
              if len(versions) > 1 or name in edited for sha, day in versions]  # fmt: skip
    blobs = _read_blobs(root, [f"{sha}:{name}" for name, sha, _day in wanted])
    history: dict[str, list[tuple[str | None, dt.date, str | None]]] = {}
    for (name, sha, day), text in zip(wanted, blobs, strict=True):
        history.setdefault(Path(name).stem, []).append((sha, day, rating_of(text, day)))
    for name in edited:
        slug = Path(name).stem
        if slug in current:
            history.setdefault(slug, []).append((None, today or dt.date.today(), current[slug]))
    return {slug: _changes(versions) for slug, versions in history.items()}


def _changes(versions: list[tuple[str | None, dt.date, str | None]]) -> list[RatingChange]:
    changes = []
    previous: str | None = None
    for sha, day, rating in versions:
        if rating is None:
            continue
        if previous is not None and rating != previous:
            changes.append(RatingChange(day, previous, rating, sha))
        previous = rating
    return changes


def last_changed(folder: Path) -> dict[str, dt.date]:
    """Path relative to `folder` -> date of the last commit that touched it (empty without git)."""
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None:
        return {}
    root = Path(top.decode().strip()).resolve()
    folder = folder.resolve()
    log = _git(
        root, "log", "--format=%x00%cs", "--name-only", "--", folder.relative_to(root).as_posix()
    )
    dates: dict[str, dt.date] = {}
    for block in (log or b"").decode("utf-8", "replace").split("\0")[1:]:
        day, *names = block.strip().splitlines()
        for name in filter(None, names):
            relative = (root / name).relative_to(folder).as_posix()
            dates.setdefault(relative, dt.date.fromisoformat(day))  # newest commit comes first
    return dates
