"""Rating changes read from git history, so no correction can go unrecorded.

One `git log` of the branch's own states (merges included) with git's rename detection
follows each claim file through renames; a claim's
`aliases` join the history of the files it was once published as, so renaming a file while
changing its rating still needs a correction. Only files directly in claims/ are claims, and
names are read exactly (`-z`), whatever their characters. `git cat-file --batch` then reads
only the versions that can show a change, each held to the same size limit and reader as a
claim file in the working tree.

Outside a git checkout there is no history, and the claim files' own `corrections` lists are
the record. A checkout whose history git cannot read raises GitError: the caller must not
publish as if there had been no change.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .git import (
    GitError,
    has_commits,
    head_commit,
    is_shallow,
    os_name,
    repository_root,
    run_git,
)
from .load import CLAIM_SUFFIXES, MAX_FILE_BYTES, load_claim_bytes
from .problems import ClaimFileError
from .slugs import is_slug

__all__ = ["ClaimHistory", "CurrentClaim", "GitError", "RatingChange", "read_history"]

# `git log --name-status` statuses; R and C carry a similarity score and two names.
_STATUS_RE = re.compile(rb"\n?([ACDMRTUXB])[0-9]*")


@dataclass(frozen=True)
class RatingChange:
    date: dt.date
    previous: str
    rating: str
    commit: str | None  # None: the change is in the working tree, not committed yet

    def describe(self) -> str:
        where = f"in commit {self.commit[:7]}" if self.commit else "in your uncommitted edit"
        return f"rating changed from {self.previous!r} to {self.rating!r} {where}"


@dataclass(frozen=True)
class CurrentClaim:
    """A valid claim in the working tree, as far as history needs to know it."""

    rating: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Version:
    order: int  # position in history, oldest first
    commit: str
    day: dt.date
    path: str  # repository path, exactly as git names it


@dataclass(eq=False)
class _Lineage:
    """One claim file followed through every rename git detected."""

    versions: list[_Version] = field(default_factory=list)
    deleted_in: str | None = None  # the commit that deleted it, while it stays deleted

    @property
    def path(self) -> str:
        return self.versions[-1].path

    @property
    def slugs(self) -> list[str]:
        """Every name it has had, oldest first, without repeats."""
        return list(dict.fromkeys(_slug(v.path) for v in self.versions))

    def renamed_in(self, slug: str) -> str:
        """The commit that moved the file away from `slug` (the first version under a new name)."""
        previous = None
        for version in self.versions:
            if previous == slug and _slug(version.path) != slug:
                return version.commit
            previous = _slug(version.path)
        return self.versions[-1].commit


@dataclass
class ClaimHistory:
    """What git history says about the claim files."""

    changes: dict[str, list[RatingChange]] = field(default_factory=dict)
    # current slug -> [(a slug it was published under, the commit that renamed it)]
    renamed_from: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # slug of a claim no longer in claims/ -> the commit that removed it (None: uncommitted)
    removed: dict[str, str | None] = field(default_factory=dict)


@functools.lru_cache(maxsize=100_000)  # each claim's paths, on every preview save
def _slug(path: str) -> str:
    return PurePosixPath(path).stem


def _relative(folder: Path, root: Path) -> str:
    """A folder's path in the repository, "" for the repository's top."""
    relative = folder.resolve().relative_to(root).as_posix()
    return "" if relative == "." else relative


class _Log:
    """Claim files' lineages from one `git log`, oldest commit first."""

    def __init__(self, claims_path: str) -> None:
        self.claims_path = claims_path  # claims/ relative to the repository, "" at its top
        self.live: dict[str, _Lineage] = {}  # repository path at HEAD -> its lineage
        self.deleted: dict[str, _Lineage] = {}  # path -> the lineage last deleted there

    # Read once the whole log is parsed (it never changes after).
    @functools.cached_property
    def live_by_slug(self) -> dict[str, _Lineage]:
        return {_slug(path): lineage for path, lineage in self.live.items()}

    @functools.cached_property
    def deleted_by_slug(self) -> dict[str, _Lineage]:
        return {_slug(path): lineage for path, lineage in self.deleted.items()}

    def lineages_of(self, slug: str, aliases: tuple[str, ...], known: set[str]) -> list[_Lineage]:
        """The file now named `slug`, and the files its aliases name: each deleted in a commit,
        or still at HEAD but gone from the working tree (a rename not committed yet)."""
        live, deleted = self.live_by_slug, self.deleted_by_slug
        found = [live[slug]] if slug in live else []
        for alias in aliases:
            old = deleted.get(alias)
            if old is None and alias not in known:
                old = live.get(alias)
            if old is not None and old not in found:
                found.append(old)
        return found

    def is_claim(self, path: str) -> bool:
        """What files.find_claim_files reads: only files directly in claims/ (a
        claims/old/x.yaml is not the claim x), and no hidden ones."""
        folder, name = posixpath.split(path)
        return (
            folder == self.claims_path
            and not name.startswith(".")
            and posixpath.splitext(name)[1] in CLAIM_SUFFIXES
        )

    def add(self, path: str, version: _Version, lineage: _Lineage | None = None) -> None:
        if lineage is None:
            # a file re-created at a name readers knew continues that name's history
            lineage = self.live.get(path) or self.deleted.pop(path, None) or _Lineage()
        else:
            self.deleted.pop(path, None)
        lineage.deleted_in = None
        lineage.versions.append(version)
        self.live[path] = lineage

    def remove(self, path: str, commit: str) -> None:
        if lineage := self.live.pop(path, None):
            lineage.deleted_in = commit
            self.deleted[path] = lineage

    def apply(self, status: str, names: list[str], order: int, commit: str, day: dt.date) -> None:
        def version(path: str) -> _Version:
            return _Version(order, commit, day, path)

        if status in "RC":
            old, new = names
            moving = self.live.pop(old, None) if status == "R" and self.is_claim(old) else None
            if self.is_claim(new):
                self.add(new, version(new), moving)
            elif moving is not None:  # moved out of claims/ (or into a subfolder): gone
                self.live[old] = moving
                self.remove(old, commit)
        elif self.is_claim(names[0]):
            if status == "D":
                self.remove(names[0], commit)
            else:
                self.add(names[0], version(names[0]))


def _parse_log(out: bytes, claims_path: str) -> _Log:
    """Parse `git log -z --name-status --format=%x01%H %cs`, oldest commit first.

    With -z every name is a NUL-terminated token, exactly as stored; a status token starts each
    change, so a name can never be mistaken for a commit header whatever bytes it holds."""
    log = _Log(claims_path)
    tokens = out.split(b"\0")
    order, index = 0, 0
    commit, day = "", dt.date.min
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.startswith(b"\x01"):
            sha, date = token[1:].decode("ascii").split()
            commit, day, order = sha, dt.date.fromisoformat(date), order + 1
            continue
        status = _STATUS_RE.fullmatch(token)
        if status is None:
            continue  # the empty token after the last NUL
        kind = status.group(1).decode("ascii")
        count = 2 if kind in "RC" else 1
        names = [os_name(name) for name in tokens[index : index + count]]
        index += count
        if len(names) == count:
            log.apply(kind, names, order, commit, day)
    return log


# The last history read: (repository, claims/ in it, the commit HEAD named) -> its log. Until
# a commit moves HEAD the log is the same, so a preview save parses it again only then (a
# tenth of a second at 10,000 claims).
_logs: dict[tuple[Path, str, str], _Log] = {}
# "commit:path" -> the rating readers saw in that version (`_ratings`): a committed version
# never changes, so each is read from git and parsed once, not on every preview save.
_version_ratings: dict[str, str | None] = {}


def forget_history() -> None:
    _logs.clear()
    _version_ratings.clear()


def _cached_log(root: Path, claims_path: str, head: str) -> _Log:
    key = (root, claims_path, head)
    log = _logs.get(key)
    if log is None:
        log = _read_log(root, claims_path)
        _logs.clear()
        _logs[key] = log
    return log


def _read_log(root: Path, claims_path: str) -> _Log:
    # --first-parent -m: the states the branch itself went through, each merge shown as the
    # change it made to the branch. A rating changed while resolving a merge is then seen
    # (plain `git log` shows merges with no files), and commits of a merged branch are not
    # interleaved by date with the branch's own, which read as changes back and forth.
    out = run_git(
        root, "log", "-z", "--reverse", "--first-parent", "-m", "-M", "--name-status",
        "--format=%x01%H %cs", "--", f":(literal){claims_path or '.'}",
    )  # fmt: skip
    return _parse_log(out, claims_path)


def _changed_since_head(root: Path, claims_path: str) -> set[str]:
    """Repository paths of claim files whose working copy differs from HEAD (or is gone)."""
    out = run_git(
        root, "diff", "-z", "--name-only", "--no-renames", "HEAD", "--",
        f":(literal){claims_path or '.'}",
    )  # fmt: skip
    return {os_name(name) for name in out.split(b"\0") if name}


def _read_blobs(root: Path, specs: list[str]) -> list[bytes | None]:
    """Contents of `commit:path` specs; None where a version is missing or over the size limit
    (a version that large could never have been published, so it shows no rating)."""
    # cat-file reads one spec a line: a name holding a newline (never a valid slug) is skipped
    askable = [spec for spec in specs if "\n" not in spec]
    if not askable:
        return [None] * len(specs)
    request = "".join(f"{spec}\n" for spec in askable).encode("utf-8", "surrogateescape")
    sizes = run_git(root, "cat-file", "--batch-check=%(objecttype) %(objectsize)", stdin=request)
    wanted = []
    for spec, line in zip(askable, sizes.rstrip(b"\n").split(b"\n"), strict=True):
        kind, _, size = line.partition(b" ")
        if kind == b"blob" and size.isdigit() and int(size) <= MAX_FILE_BYTES:
            wanted.append(spec)
    contents = dict(zip(wanted, _cat_blobs(root, wanted), strict=True))
    return [contents.get(spec) for spec in specs]


def _cat_blobs(root: Path, specs: list[str]) -> list[bytes]:
    if not specs:
        return []
    request = "".join(f"{spec}\n" for spec in specs).encode("utf-8", "surrogateescape")
    out = run_git(root, "cat-file", "--batch", stdin=request)
    blobs: list[bytes] = []
    position = 0
    for _spec in specs:
        newline = out.index(b"\n", position)
        size = int(out[position:newline].split()[2])
        position = newline + 1
        blobs.append(out[position : position + size])
        position += size + 1
    return blobs


def rating_of(raw: bytes | None, path: str = "history", day: dt.date | None = None) -> str | None:
    """The rating readers saw in this version of a file, committed on `day`, read as a claim
    file is read; None when it cannot be read or was not public: a draft, or a fact-check not
    due out until later, has no readers, so changing its rating then is editing, not a
    correction."""
    if raw is None:
        return None
    try:
        data = load_claim_bytes(Path(path), path, raw).data
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


def read_history(
    claims_dir: Path,
    current: dict[str, CurrentClaim],
    present: set[str] | None = None,
    today: dt.date | None = None,
) -> ClaimHistory | None:
    """Rating changes, renames and removals of the claim files; None outside a git checkout.

    `current` maps each valid claim's slug to its working-tree rating and aliases, so an edit
    not yet committed is held to the same rule as a committed one. `present` is every claim
    slug in claims/ (valid or not), when all of claims/ was checked: removals are only
    reported then. Raises GitError when the checkout's history cannot be read whole.
    """
    root = repository_root(claims_dir)
    if root is None:
        return None
    if is_shallow(root):
        raise GitError("this is a shallow clone, so the claims' history is incomplete")
    history = ClaimHistory()
    head = head_commit(root)
    if head is None:
        return history
    claims_path = _relative(claims_dir, root)
    log = _cached_log(root, claims_path, head)
    changed = _changed_since_head(root, claims_path)
    known = present if present is not None else set(current)
    timelines: dict[str, list[_Version]] = {}
    edited: set[str] = set()  # claims whose working copy is not their last committed version
    for slug, claim in current.items():
        lineages = log.lineages_of(slug, claim.aliases, known)
        versions = sorted((v for lin in lineages for v in lin.versions), key=lambda v: v.order)
        if not versions:
            continue  # never committed: no history yet
        if lineages != [log.live_by_slug.get(slug)] or lineages[0].path in changed:
            edited.add(slug)
        if len(versions) > 1 or slug in edited:  # else the one version is the working copy
            timelines[slug] = versions
        history.renamed_from[slug] = _former_names(slug, lineages, known)
    ratings = _ratings(root, [v for versions in timelines.values() for v in versions])
    day = today or dt.date.today()
    for slug, versions in timelines.items():
        timeline = [(v.commit, v.day, ratings[id(v)]) for v in versions]
        if slug in edited:
            timeline.append((None, day, current[slug].rating))
        history.changes[slug] = _changes(timeline)
    if present is not None:
        history.removed = _removed(log, changed, present, current)
    return history


def _former_names(slug: str, lineages: list[_Lineage], known: set[str]) -> list[tuple[str, str]]:
    """Slugs a claim was published under before, with the commit that renamed each."""
    return [
        (old, lineage.renamed_in(old))
        for lineage in lineages
        for old in lineage.slugs
        if old != slug and old not in known
    ]


def _ratings(root: Path, versions: list[_Version]) -> dict[int, str | None]:
    """The rating readers saw in each version, by id(version)."""
    specs = {f"{v.commit}:{v.path}": v for v in versions}
    unread = [spec for spec in specs if spec not in _version_ratings]
    if len(_version_ratings) + len(unread) > 200_000:
        _version_ratings.clear()
        unread = list(specs)
    for spec, raw in zip(unread, _read_blobs(root, unread), strict=True):
        version = specs[spec]  # a version's day is its commit's: the same for the same spec
        _version_ratings[spec] = rating_of(raw, version.path, version.day)
    return {id(v): _version_ratings[f"{v.commit}:{v.path}"] for v in versions}


def _removed(
    log: _Log, changed: set[str], present: set[str], current: dict[str, CurrentClaim]
) -> dict[str, str | None]:
    """Published claims whose file is gone, with no claim taking their address as an alias."""
    aliases = {alias for claim in current.values() for alias in claim.aliases}
    removed: dict[str, str | None] = {}
    candidates = [(path, lin.deleted_in) for path, lin in log.deleted.items()]
    candidates += [(path, None) for path in log.live if path in changed]  # deleted, uncommitted
    for path, commit in candidates:
        slug = _slug(path)
        if is_slug(slug) and slug not in present and slug not in aliases:
            removed[slug] = commit
    return removed


def _changes(versions: list[tuple[str | None, dt.date, str | None]]) -> list[RatingChange]:
    changes = []
    previous: str | None = None
    for sha, day, rating in versions:
        if rating is None:
            continue  # unreadable, or too large: it was never published with a rating
        if previous is not None and rating != previous:
            changes.append(RatingChange(day, previous, rating, sha))
        previous = rating
    return changes


def last_changed(folder: Path) -> dict[str, dt.date]:
    """Path relative to `folder` -> date of the last commit that touched it.

    Only a date shown on hand-written pages: without git, or when git cannot read the
    checkout, pages simply show none."""
    try:
        root = repository_root(folder)
        if root is None or not has_commits(root):
            return {}
        relative = _relative(folder, root)
        log = run_git(
            root, "log", "-z", "--format=%x01%cs", "--name-only", "--",
            f":(literal){relative or '.'}",
        )  # fmt: skip
    except (GitError, ValueError):
        return {}
    dates: dict[str, dt.date] = {}
    day = dt.date.min
    prefix = f"{relative}/" if relative else ""
    after_header = False
    for token in log.split(b"\0"):
        if token.startswith(b"\x01"):
            day = dt.date.fromisoformat(token[1:].decode("ascii"))
            after_header = True
            continue
        if after_header:  # git puts a newline between a commit's header and its first name
            token, after_header = token.removeprefix(b"\n"), False
        if token:
            dates.setdefault(os_name(token).removeprefix(prefix), day)  # newest commit first
    return dates
