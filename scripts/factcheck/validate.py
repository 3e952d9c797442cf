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

from .files import check_file_names, find_claim_files, known_slugs
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


def _load_and_validate(
    path: Path, display: str, root: Path, settings: Settings
) -> tuple[LoadedFile, Claim | None, list[Problem]]:
    where = os.path.abspath(path)
    context = (
        where, os.path.abspath(root), frozenset(settings.ratings_by_key),
        frozenset(settings.team_by_key), dt.date.today(),
    )  # fmt: skip
    try:
        stat = os.stat(path)
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    except OSError:
        stamp = None  # read_bytes reports it
    known = _digests.get(where)
    if stamp is not None and known is not None and known[0] == stamp:
        cached = _validated.get((known[1], *context))
        if cached is not None:
            return cached
    raw = read_bytes(path, display)  # raises the editor-facing error
    key = (hashlib.sha256(raw).hexdigest(), *context)
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


def check_paths(paths: list[Path], root: Path, settings: Settings) -> CheckResult:
    """Load and validate files; a file with any error is left out of the claims."""
    result = CheckResult()
    result.problems.extend(check_file_names(paths, root))
    bad_names = {p.path for p in result.problems}
    loaded_by_slug: dict[str, LoadedFile] = {}
    for path in paths:
        display = display_path_for(path, root)
        try:
            loaded, claim, problems = _load_and_validate(path, display, root, settings)
        except ClaimFileError as exc:
            result.problems.append(exc.problem)
            result.invalid_slugs.append(path.stem)
            continue
        result.problems.extend(problems)
        if claim is None or display in bad_names:
            result.invalid_slugs.append(path.stem)
            continue
        loaded_by_slug[path.stem] = loaded
        result.loaded[path.stem] = loaded
        result.claims.append(ValidClaim(path.stem, claim, display, loaded.digest))
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
    paths, link_problems = find_claim_files(claims_dir, root)
    result = check_paths(paths, root, settings)
    result.problems[:0] = link_problems
    return result
