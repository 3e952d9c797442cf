"""Check every claim file and report every problem at once, in an editor's words.

The jobs are split by module: `files` finds the claim files and checks their names, `load`
reads one file, the pydantic models in `model` check each field and `wording` words their
errors, and `rules` holds the rules across fields and across files. This module runs them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from pathlib import Path

from pydantic import ValidationError

from .files import check_file_names, known_slugs, list_claims_folder
from .load import LoadedFile, display_path_for, load_claim_bytes, read_bytes
from .model import Claim
from .problems import ClaimFileError, Problem, Severity, at_most_per_file
from .result import CheckResult, ValidClaim
from .rules import (
    alias_problems,
    claimant_slug_problems,
    cross_field_problems,
    placeholder_problems,
    related_problems,
    warnings_for,
)
from .settings import Settings
from .wording import problems_from_errors, without_missing_keys_that_were_misspelt

__all__ = ["CheckResult", "ValidClaim", "check_claims_dir", "check_paths", "validate_loaded"]


def validate_loaded(loaded: LoadedFile, settings: Settings) -> tuple[Claim | None, list[Problem]]:
    placeholders = placeholder_problems(loaded)
    claim, problems = _validate_model(loaded, settings)
    if placeholders:
        # `authors: [REPLACE]` is no team key either; the placeholder message says it all
        marked = {p.field for p in placeholders}
        others = [p for p in problems if p.severity is Severity.ERROR and p.field not in marked]
        return None, sorted(at_most_per_file(placeholders + others))
    return claim, problems


def _validate_model(loaded: LoadedFile, settings: Settings) -> tuple[Claim | None, list[Problem]]:
    try:
        claim = Claim.model_validate(
            loaded.data,
            context={
                "rating_keys": set(settings.ratings_by_key),
                "text_is_plain": not loaded.may_hide_characters,
            },
        )
    except ValidationError as exc:
        errors = without_missing_keys_that_were_misspelt(exc.errors(include_url=False))
        return None, problems_from_errors(loaded, errors, settings)
    problems = cross_field_problems(loaded, claim, settings)
    if problems:
        return None, problems
    return claim, warnings_for(loaded, claim)


# Under `mkdocs serve` every save rebuilds the site: a file whose bytes did not change keeps its
# earlier result instead of being parsed and validated again. Keyed by content, so an editor's
# save without changes, or a checkout that only touches modification times, costs nothing.
_Context = tuple[str, frozenset[str], frozenset[str], dt.date]  # see _validation_context
_CacheKey = tuple[str, str, str, frozenset[str], frozenset[str], dt.date]
_validated: dict[_CacheKey, tuple[LoadedFile, Claim | None, list[Problem]]] = {}
_CACHE_LIMIT = 100_000


# path -> (its size, modification time and inode when last read, the digest of its bytes):
# a preview save reads only the files that changed, not all 10,000 (a third of a second).
# As git does, a file changed less than a second before it was read is read again next time:
# a second write within the same clock tick could otherwise keep its first version's stamp.
_digests: dict[str, tuple[tuple[int, int, int], str]] = {}
_RACY_NS = 1_000_000_000


def forget_validated() -> None:
    _validated.clear()
    _digests.clear()
    _where.clear()


# (path, project root) -> the path as editors see it, and the absolute path: worked out once
# per file rather than on every preview save. Only for absolute paths, which mean the same
# whatever the working folder.
_where: dict[tuple[Path, Path], tuple[str, str]] = {}


def _display_and_absolute(path: Path, root: Path) -> tuple[str, str]:
    known = _where.get((path, root))
    if known is None:
        known = (display_path_for(path, root), os.path.abspath(path))
        if path.is_absolute() and root.is_absolute():
            if len(_where) > _CACHE_LIMIT:
                _where.clear()
            _where[path, root] = known
    return known


def _load_and_validate(
    path: Path, display: str, where: str, context: _Context, settings: Settings
) -> tuple[LoadedFile, Claim | None, list[Problem]]:
    """`where`: the file's absolute path; `context`: what else a claim's checks depend on
    (_validation_context)."""
    try:
        stat = os.stat(where)
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    except OSError:
        stamp = None  # read_bytes reports it
    known = _digests.get(where)
    if stamp is not None and known is not None and known[0] == stamp:
        cached = _validated.get((known[1], where, *context))
        if cached is not None:
            return cached
    raw = read_bytes(path, display)  # raises the editor-facing error
    key: _CacheKey = (hashlib.sha256(raw).hexdigest(), where, *context)
    if stamp is not None and time.time_ns() - stamp[1] > _RACY_NS:
        _digests[where] = (stamp, key[0])
    else:
        _digests.pop(where, None)
    if key not in _validated:
        if len(_validated) > _CACHE_LIMIT:  # a long preview session: forget old versions
            _validated.clear()
            _digests.clear()
        loaded = load_claim_bytes(path, display, raw)
        loaded.digest = key[0]
        claim, problems = validate_loaded(loaded, settings)
        loaded.data = None  # the Claim holds the values now; keeping both doubled the memory
        _validated[key] = (loaded, claim, problems)
    return _validated[key]


def _validation_context(root: Path, settings: Settings) -> _Context:
    """Besides a file's bytes and path, what its checks depend on: once per run, not per file."""
    return (
        os.path.abspath(root), frozenset(settings.ratings_by_key),
        frozenset(settings.team_by_key), dt.date.today(),
    )  # fmt: skip


def check_paths(
    paths: list[Path], root: Path, settings: Settings, slugs: set[str] | None = None
) -> CheckResult:
    """Load and validate files; a file with any error is left out of the claims. `slugs`: the
    slugs a `related` entry may name, if already known (else files.known_slugs)."""
    result = CheckResult()
    result.problems.extend(check_file_names(paths, root))
    bad_names = {p.path for p in result.problems}
    loaded_by_slug: dict[str, LoadedFile] = {}
    context = _validation_context(root, settings)
    for path in paths:
        display, where = _display_and_absolute(path, root)
        slug = path.stem
        try:
            loaded, claim, problems = _load_and_validate(path, display, where, context, settings)
        except ClaimFileError as exc:
            result.problems.append(exc.problem)
            result.invalid_slugs.append(slug)
            continue
        result.problems.extend(problems)
        if claim is None or display in bad_names:
            result.invalid_slugs.append(slug)
            continue
        loaded_by_slug[slug] = loaded
        result.loaded[slug] = loaded
        result.claims.append(ValidClaim(slug, claim, display, loaded.digest))
    if slugs is None:
        slugs = known_slugs(paths)
    result.problems.extend(related_problems(result, loaded_by_slug, slugs))
    result.problems.extend(alias_problems(result, slugs))
    result.problems.extend(claimant_slug_problems(result))
    cross_file = ("related", "aliases", "claimant.name")
    if any(
        p.severity is Severity.ERROR and p.field.startswith(cross_file) for p in result.problems
    ):
        bad = {p.path for p in result.problems if p.field.startswith(cross_file)}
        result.invalid_slugs.extend(c.slug for c in result.claims if c.source_file in bad)
        result.claims = [c for c in result.claims if c.source_file not in bad]
    result.problems = at_most_per_file(result.problems)
    return result


def check_claims_dir(claims_dir: Path, root: Path, settings: Settings) -> CheckResult:
    folder = list_claims_folder(claims_dir, root)
    result = check_paths(folder.files, root, settings, folder.slugs)
    result.problems[:0] = folder.problems
    return result
