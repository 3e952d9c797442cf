"""Running git for the build: the one place that tells "no repository" from "git failed".

Outside a git checkout there is no history to read, and that is fine. Inside one, a git that
cannot read it (not installed, "dubious ownership" on a CI runner, a shallow clone) must not
look the same, or every rule that reads history would quietly switch itself off.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

GIT_TIMEOUT = 60


class GitError(Exception):
    """git could not read a repository that is there; the message says why, in git's words."""

    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(message)
        self.stderr = stderr


def run_git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """git's output, or GitError with its message. Names in the output are exact bytes when
    the caller asks for -z (git otherwise quotes unusual names)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed (or not on PATH)") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"`git {args[0]}` took more than {GIT_TIMEOUT} s") from exc
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from exc
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"`git {args[0]}` failed: {stderr or f'exit {result.returncode}'}", stderr)
    return result.stdout


def has_git_folder(path: Path) -> bool:
    """Whether `path` or a folder above it holds `.git` (a folder, or a worktree's file)."""
    path = path.absolute()
    return any((folder / ".git").exists() for folder in [path, *path.parents])


def repository_root(path: Path) -> Path | None:
    """The top of the git checkout holding `path`; None when there is none.

    Raises GitError when there is a checkout (a `.git` above) that git cannot read."""
    if not has_git_folder(path):
        return None
    out = run_git(path, "rev-parse", "--show-toplevel")
    return Path(out.decode("utf-8", "surrogateescape").strip()).resolve()


def is_shallow(root: Path) -> bool:
    return run_git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"


def head_commit(root: Path) -> str | None:
    """The commit HEAD names; None in a repository with nothing committed yet."""
    try:
        out = run_git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    except GitError as exc:
        if exc.stderr:
            raise
        return None  # a new repository (git says nothing): nothing committed, so no history
    return out.decode("ascii", "replace").strip()


def has_commits(root: Path) -> bool:
    return head_commit(root) is not None


def tracked_files(root: Path, pathspecs: list[str]) -> list[str]:
    """Tracked files at or under each path (relative to `root`), named relative to `root`."""
    if not pathspecs:
        return []
    literal = [f":(literal){spec}" for spec in pathspecs]  # a `*` in a name is no wildcard
    out = run_git(root, "ls-files", "-z", "--", *literal)
    return [os_name(name) for name in out.split(b"\0") if name]


def os_name(raw: bytes) -> str:
    """A file name from git, as the filesystem spells it (undecodable bytes kept)."""
    return raw.decode("utf-8", "surrogateescape")
