"""Build caches that a checkout cannot plant, and that never lead the build out through a link.

Caches live outside the working tree by default (the user's cache folder, one folder per
project), so nothing committed to a repository is ever taken for a cached result. They hold
data only (images, Markdown), never pickles or code. Every folder and file is opened without
following links, and refused with a message naming it if it is one. A `ContentCache` entry
carries the SHA-256 of its content in its name and is checked against it before each use.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from pathlib import Path, PurePosixPath

import platformdirs

from .slugs import slugify

APP_NAME = "factcheck-site"
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows: the lstat checks remain
_BINARY = getattr(os, "O_BINARY", 0)
_KEY_RE = re.compile(r"[0-9a-z][0-9a-z-]{0,99}")


class CacheError(Exception):
    """A cache folder the build must not use; the message names it and says what to do."""


def project_cache_dir(root: Path, setting: str | None = None) -> Path:
    """The project's cache folder: `cache_dir` from the settings (relative to the project),
    else a folder of its own in the user's cache folder, named after the project's path."""
    if setting:
        path = Path(setting).expanduser()
        return path if path.is_absolute() else root / path
    digest = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]
    base = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    return base / f"{slugify(root.name)[:40]}-{digest}"


def _refuse_link(path: Path, what: str = "cache folder") -> None:
    if path.is_symlink():
        raise CacheError(
            f"{path}: this {what} is a link (to {os.readlink(path)}); the build never reads or "
            f"writes caches through a link: delete the link (the cache is rebuilt)"
        )


class CacheFolder:
    """A folder whose files are read and written without ever following a link."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._real_folders: set[Path] = set()
        self._ensure_folder(path, parents=True)

    def _ensure_folder(self, path: Path, parents: bool = False) -> None:
        if path in self._real_folders:
            return
        _refuse_link(path)
        try:
            path.mkdir(parents=parents, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            blocker = next((p for p in [path, *path.parents] if p.is_file()), path)
            raise CacheError(
                f"{blocker}: the cache needs a folder here, but this is a file: delete or "
                "move it, or set the factcheck plugin option `cache_dir` to another folder"
            ) from None
        except OSError as exc:
            raise CacheError(
                f"{path}: cannot create the cache folder: {exc.strerror}; set `cache_dir` "
                "(a factcheck plugin option) to a folder the build may write"
            ) from None
        _refuse_link(path)  # made a link between the two looks: still refused
        self._real_folders.add(path)

    def _locate(self, relative: str, create: bool) -> Path:
        parts = PurePosixPath(relative).parts
        if not parts or any(part in {"", ".", ".."} for part in parts) or relative[0] == "/":
            raise ValueError(f"not a path inside the cache: {relative!r}")
        folder = self.path
        for part in parts[:-1]:
            folder = folder / part
            if create:
                self._ensure_folder(folder)
            else:
                _refuse_link(folder)
        return folder / parts[-1]

    def read(self, relative: str) -> bytes | None:
        """The file's bytes; None when there is none. Refuses a link or a special file."""
        path = self._locate(relative, create=False)
        try:
            fd = os.open(path, os.O_RDONLY | _NO_FOLLOW | _BINARY)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            _refuse_link(path, "cached file")
            raise CacheError(f"{path}: cannot read the cache: {exc.strerror}") from None
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise CacheError(f"{path}: a cached file is not a regular file: delete it")
            return file.read()

    def write(self, relative: str, data: bytes) -> Path:
        """Write a file whole (a new file renamed into place), never through a link."""
        path = self._locate(relative, create=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | _BINARY
        try:
            with os.fdopen(os.open(partial, flags, 0o644), "wb") as file:
                file.write(data)
            os.replace(partial, path)  # replaces a link itself, never writes through it
        except OSError as exc:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise CacheError(f"{path}: cannot write to the cache: {exc.strerror}") from None
        return path


class ContentCache:
    """Files kept under a key, each named `<key>.<sha256 of its content><suffix>`.

    A file is used only after its content is hashed and matches its name: a half-written,
    damaged or swapped file is deleted and made again, never published."""

    def __init__(self, folder: Path, suffix: str) -> None:
        self.folder = CacheFolder(folder)
        self.suffix = suffix
        self._names: dict[str, list[str]] = {}
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.name.endswith(suffix) or entry.name.startswith("."):
                    continue
                if entry.is_symlink():
                    _refuse_link(Path(entry.path), "cached file")
                key, _, _digest = entry.name.removesuffix(suffix).rpartition(".")
                self._names.setdefault(key, []).append(entry.name)

    def get(self, key: str) -> Path | None:
        """The path of a verified file for `key`, or None."""
        _check_key(key)
        for name in self._names.get(key, []):
            data = self.folder.read(name)
            digest = name.removesuffix(self.suffix).rpartition(".")[2]
            if data is not None and hashlib.sha256(data).hexdigest() == digest:
                return self.folder.path / name
            with contextlib.suppress(OSError):
                (self.folder.path / name).unlink()
        self._names.pop(key, None)
        return None

    def put(self, key: str, data: bytes) -> Path:
        path = store(self.folder, key, data, self.suffix)
        self._names[key] = [path.name]
        return path

    def adopt(self, key: str, path: Path) -> None:
        """Know the file another process stored for `key` in this folder (with `store`)."""
        _check_key(key)
        if path.parent != self.folder.path or not path.name.endswith(self.suffix):
            raise ValueError(f"not a file of this cache: {path}")
        self._names[key] = [path.name]


def store(folder: CacheFolder, key: str, data: bytes, suffix: str) -> Path:
    """Write `data` into a ContentCache's folder under `key`, as ContentCache.put does: for
    processes that write into the cache without holding its index (share-image workers)."""
    _check_key(key)
    return folder.write(f"{key}.{hashlib.sha256(data).hexdigest()}{suffix}", data)


def _check_key(key: str) -> None:
    if not _KEY_RE.fullmatch(key):
        raise ValueError(f"cache keys are lowercase letters, digits and hyphens: {key!r}")
