"""Finding claim files: which entries of claims/ are claims, and whether their names can be."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .load import CLAIM_SUFFIXES, display_path_for
from .problems import Problem
from .slugs import SLUG_MAX_LENGTH, is_reserved_slug, is_slug


def find_claim_files(claims_dir: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The claim files in a folder, refusing names and links that could escape it."""
    folder = list_claims_folder(claims_dir, root)
    return folder.files, folder.problems


@dataclass
class ClaimsFolder:
    files: list[Path] = field(default_factory=list)  # the claim files, by name
    problems: list[Problem] = field(default_factory=list)  # entries refused as claim files
    slugs: set[str] = field(default_factory=set)  # every claim-named entry's (known_slugs)


# (folder, name) -> its Path: the same 10,000 names are listed on every preview save, and a new
# Path for each cost more than the listing; a Path also keeps its text and hash once worked out.
_paths: dict[tuple[str, str], Path] = {}


def list_claims_folder(claims_dir: Path, root: Path) -> ClaimsFolder:
    """The claim files in a folder (see find_claim_files) and the slugs around them."""
    folder = ClaimsFolder()
    if not claims_dir.is_dir():
        return folder
    real_dir = os.path.realpath(claims_dir)
    with os.scandir(claims_dir) as scan:
        # most entries are plain files: scandir knows that without a system call per file
        plain = {e.name: e.is_file(follow_symlinks=False) for e in scan}
    where = str(claims_dir)
    if len(_paths) > 200_000:
        _paths.clear()
    for name in sorted(plain, key=os.path.normcase):  # in the order of sorted Paths
        stem, suffix = _stem_and_suffix(name)
        if suffix not in CLAIM_SUFFIXES:
            continue
        folder.slugs.add(stem)
        if name.startswith("."):
            continue
        entry = _paths.get((where, name))
        if entry is None:
            entry = _paths[where, name] = claims_dir / name
        if not plain[name] and (refusal := _refuse_entry(entry, real_dir)):
            folder.problems.append(Problem(display_path_for(entry, root), 0, 0, "", *refusal))
            continue
        folder.files.append(entry)
    return folder


def _stem_and_suffix(name: str) -> tuple[str, str]:
    """Path(name).stem and .suffix, without making a Path."""
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        return name[:dot], name[dot:]
    return name, ""


def _refuse_entry(entry: Path, real_dir: str) -> tuple[str, str] | None:
    """Why a claim-named entry cannot be read as a claim file, or None when it can."""
    # realpath never raises, even on a link that points at itself (Path.resolve does)
    target = os.path.realpath(entry)
    if entry.is_symlink() and not _inside(target, real_dir):
        return "is a link to a file outside claims/", "copy the file in instead of linking it"
    try:
        is_file = entry.is_file()
    except OSError:  # a link loop, or a file we may not look at
        is_file = False
    if is_file:
        return None
    if entry.is_symlink():
        return "is a link that leads to no file", "delete the link or copy the file in"
    if entry.is_dir():
        return "is a folder, not a claim file", "rename the folder; .yaml names are claim files"
    return "is not a regular file", "claim files are plain text files"


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def check_file_names(paths: list[Path], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    by_slug: dict[str, list[Path]] = {}
    for path in paths:
        stem = path.stem
        by_slug.setdefault(stem, []).append(path)
        if not is_slug(stem):
            problems.append(
                Problem(
                    display_path_for(path, root),
                    0,
                    0,
                    "",
                    f"file name {stem!r} is not a valid slug",
                    "use lowercase letters, digits and hyphens, e.g. ice-releases-2013.yaml",
                )
            )
        elif len(stem) > SLUG_MAX_LENGTH:
            problems.append(
                Problem(
                    display_path_for(path, root),
                    0,
                    0,
                    "",
                    f"file name is longer than {SLUG_MAX_LENGTH} characters ({len(stem)})",
                    "shorten it: the file name is the address of the claim's page",
                )
            )
        elif is_reserved_slug(stem):
            problems.append(
                Problem(
                    display_path_for(path, root),
                    0,
                    0,
                    "",
                    f"file name {stem!r} is reserved for the site's own pages",
                    "pick another name: claims/index/ and claims/page-2/ are the list of "
                    "fact-checks",
                )
            )
    for slug, same in by_slug.items():
        if len(same) > 1:
            names = " and ".join(display_path_for(p, root) for p in same)
            for path in same:
                problems.append(
                    Problem(
                        display_path_for(path, root),
                        0,
                        0,
                        "",
                        f"two files share the slug {slug!r}: {names}",
                        "keep one of them",
                    )
                )
    return problems


def known_slugs(paths: list[Path]) -> set[str]:
    """Slugs a `related` entry may name: the checked files and their neighbours in claims/."""
    slugs = {p.stem for p in paths}
    for folder in {p.parent for p in paths}:
        slugs.update(p.stem for p in folder.iterdir() if p.suffix in CLAIM_SUFFIXES)
    return slugs
