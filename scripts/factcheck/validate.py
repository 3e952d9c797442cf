"""Check every claim file and report every problem at once, in an editor's words."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .history import RatingChange
from .load import (
    CLAIM_SUFFIXES,
    PLACEHOLDER,
    SLUG_RE,
    FieldPath,
    LoadedFile,
    display_path_for,
    format_field_path,
    load_claim_bytes,
    read_bytes,
)
from .model import CLAIM_REVIEWED_LIMIT, RESERVED_SLUG_PATTERN, Claim
from .problems import ClaimFileError, Problem, Severity
from .settings import Settings

RESERVED_SLUG_RE = re.compile(RESERVED_SLUG_PATTERN)


@dataclass(frozen=True)
class ValidClaim:
    slug: str
    claim: Claim
    source_file: str  # as shown to editors, e.g. claims/x.yaml


@dataclass
class CheckResult:
    claims: list[ValidClaim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    invalid_slugs: list[str] = field(default_factory=list)
    loaded: dict[str, LoadedFile] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def did_you_mean(word: str, choices: list[str]) -> str:
    matches = _close_matches(word, choices)
    return f"; did you mean {matches[0]!r}?" if matches else ""


# ----------------------------------------------------------------------------- finding files


def find_claim_files(claims_dir: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The claim files in a folder, refusing names and links that could escape it."""
    problems: list[Problem] = []
    found: list[Path] = []
    if not claims_dir.is_dir():
        return found, problems
    real_dir = os.path.realpath(claims_dir)
    for entry in sorted(claims_dir.iterdir()):
        if entry.name.startswith(".") or entry.suffix not in CLAIM_SUFFIXES:
            continue
        if refusal := _refuse_entry(entry, real_dir):
            problems.append(Problem(display_path_for(entry, root), 0, 0, "", *refusal))
            continue
        found.append(entry)
    return found, problems


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


def is_reserved_slug(slug: str) -> bool:
    """The list of fact-checks lives at claims/ and claims/page-<n>/ (render.Pager): a claim
    named index or page-2 would overwrite a page of it, or be overwritten."""
    return RESERVED_SLUG_RE.match(slug) is not None


def check_file_names(paths: list[Path], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    by_slug: dict[str, list[Path]] = {}
    for path in paths:
        by_slug.setdefault(path.stem, []).append(path)
        if not SLUG_RE.match(path.stem):
            problems.append(
                Problem(
                    display_path_for(path, root),
                    0,
                    0,
                    "",
                    f"file name {path.stem!r} is not a valid slug",
                    "use lowercase letters, digits and hyphens, e.g. ice-releases-2013.yaml",
                )
            )
        elif is_reserved_slug(path.stem):
            problems.append(
                Problem(
                    display_path_for(path, root),
                    0,
                    0,
                    "",
                    f"file name {path.stem!r} is reserved for the list of fact-checks",
                    "pick another name: 'index' and 'page-' with a number are the list's own pages",
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


# ----------------------------------------------------------------------------- one file


_FRIENDLY_TYPES = {
    "list_type": "a list (lines starting with `- `)",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "string_type": "text",
    "date_type": "a date (YYYY-MM-DD)",
}


def _describe_value(value: Any) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return f"{value!r}"


def _field_help(loc: FieldPath) -> str:
    model: Any = Claim
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return ""
        info = fields[part]
        if part == loc[-1]:
            return info.description or ""
        model = _inner_model(info.annotation)
    return ""


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        if hasattr(arg, "model_fields"):
            return arg
    return annotation


def _allowed_keys(loc: FieldPath) -> list[str]:
    model: Any = Claim
    for part in loc:
        if isinstance(part, int):
            continue
        model = _inner_model(model.model_fields[part].annotation)
    return list(getattr(model, "model_fields", {}))


def _without_missing_keys_that_were_misspelt(errors: list[Any]) -> list[Any]:
    """`sourcse:` makes `sources` missing too; the did-you-mean on the unknown key says it all."""
    suggested: set[FieldPath] = set()
    for error in errors:
        loc: FieldPath = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and loc:
            allowed = _allowed_keys(loc[:-1])
            suggested.update((*loc[:-1], k) for k in _close_matches(str(loc[-1]), allowed))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in suggested)]


def _close_matches(word: str, choices: list[str]) -> list[str]:
    return difflib.get_close_matches(word, choices, n=1, cutoff=0.6)


def problem_from_error(loaded: LoadedFile, error: dict[str, Any], settings: Settings) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    kind = error["type"]
    field_name = format_field_path(loc)
    line, column = loaded.locate(loc)
    message = str(error["msg"]).removeprefix("Value error, ")
    hint = ""
    if kind == "extra_forbidden":
        line, column = loaded.key_locations.get(loc, (line, column))
        allowed = _allowed_keys(loc[:-1])
        message = f"unknown key {loc[-1]!r}{did_you_mean(str(loc[-1]), allowed)}"
        hint = "allowed here: " + ", ".join(allowed)
    elif kind == "missing":
        message = f"required key {loc[-1]!r} is missing"
        hint = _field_help(loc) or "see the claim format page"
    elif kind in _FRIENDLY_TYPES:
        message = f"expected {_FRIENDLY_TYPES[kind]}, got {_describe_value(error.get('input'))}"
        hint = _field_help(loc)
    elif kind == "too_short" and loc and loc[-1] == "sources":
        message = "at least one source is required"
        hint = "list the documents that support the verdict"
    elif kind in ("string_too_short", "too_short") and isinstance(error.get("input"), str):
        message = "must not be empty"
        hint = _field_help(loc)
    elif kind in ("string_too_long", "too_long") and isinstance(error.get("input"), str):
        message = f"is longer than {CLAIM_REVIEWED_LIMIT} characters"
        hint = "shorten it; search engines cut it there"
    elif kind == "string_pattern_mismatch":
        message = f"{error.get('input')!r} is not a valid slug"
        hint = "use lowercase letters, digits and hyphens"
    elif loc and loc[-1] == "rating":
        written = loaded.raw_scalars.get(loc)
        hint, message = _rating_problem(error.get("input"), written, message, settings)
    elif "expected text" in message:
        hint = "put the value in double quotes"
    elif "an invisible" in message:
        hint = "delete it: retype the text around it, or paste it as plain text"
    return Problem(loaded.display_path, line, column, field_name, message, hint)


def _rating_problem(
    value: Any, written: str | None, message: str, settings: Settings
) -> tuple[str, str]:
    """The rating hint and message; `written` is the value as typed when YAML did not read text."""
    keys = list(settings.ratings_by_key)
    hint = "ratings: " + ", ".join(keys)
    word = written.lower() if written else ""
    if isinstance(value, bool) and word in keys:
        return (
            f'write rating: "{word}" with quotes; a bare {word} is a yes/no value in YAML',
            "expected a rating key, but YAML read a bare true/false value",
        )
    if isinstance(value, bool) and written:  # yes, no, on, off: YAML 1.1 booleans
        return hint, f"{written!r} is not a rating{did_you_mean(word, keys)}"
    if isinstance(value, str):
        return hint, f"{value!r} is not a rating{did_you_mean(value, keys)}"
    return hint, message


def cross_field_problems(loaded: LoadedFile, claim: Claim, settings: Settings) -> list[Problem]:
    problems: list[Problem] = []

    def at(loc: FieldPath, message: str, hint: str = "") -> None:
        problems.append(loaded.problem_at(loc, message, hint))

    keys = list(settings.ratings_by_key)
    for index, correction in enumerate(claim.corrections):
        previous = correction.previous_rating
        if previous is not None and previous not in settings.ratings_by_key:
            at(
                ("corrections", index, "previous_rating"),
                f"{previous!r} is not a rating{did_you_mean(previous, keys)}",
                "ratings: " + ", ".join(keys),
            )
    if claim.published < claim.date:
        at(("published",), "is before the claim's `date`", "a claim is checked after it is made")
    if claim.updated is not None and claim.updated < claim.published:
        at(("updated",), "is before `published`", "an update comes after publication")
    for index, correction in enumerate(claim.corrections):
        if correction.date < claim.published:
            at(("corrections", index, "date"), "is before `published`", "a correction follows it")
    seen: dict[str, int] = {}
    for index, source in enumerate(claim.sources):
        if source.url in seen:
            at(
                ("sources", index, "url"),
                f"repeats the web address of source {seen[source.url] + 1}",
                "list each source once",
            )
        seen.setdefault(source.url, index)
    return problems


def warnings_for(loaded: LoadedFile, claim: Claim) -> list[Problem]:
    problems: list[Problem] = []

    def warn(loc: FieldPath, message: str, hint: str) -> None:
        problems.append(loaded.problem_at(loc, message, hint, Severity.WARNING))

    if claim.claim_short is None and len(claim.claim) > CLAIM_REVIEWED_LIMIT:
        warn(
            ("claim",),
            f"is {len(claim.claim)} characters; search engines show only {CLAIM_REVIEWED_LIMIT}",
            "add a `claim_short:` of 75 characters or fewer",
        )
    for index, source in enumerate(claim.sources):
        if source.date is None:
            warn(("sources", index), "has no date", "add `date:` if the source shows one")
    if not claim.counter_claims:
        warn(
            ("counter_claims",),
            "is empty",
            "ask the claimant or the other side for a response and record it",
        )
    return problems


def placeholder_problems(loaded: LoadedFile) -> list[Problem]:
    """`factcheck new` marks what the editor must write with REPLACE; none may be published."""
    if not loaded.may_hold_placeholder:
        return []
    return [
        loaded.problem_at(
            loc,
            "still holds a REPLACE placeholder from `factcheck new`",
            "write the real value here",
        )
        for loc, value in _text_values(loaded.data, ())
        if PLACEHOLDER in value
    ]


def _text_values(value: Any, loc: FieldPath) -> list[tuple[FieldPath, str]]:
    if isinstance(value, str):
        return [(loc, value)]
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _text_values(v, (*loc, k))]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) for pair in _text_values(v, (*loc, i))]
    return []


def validate_loaded(loaded: LoadedFile, settings: Settings) -> tuple[Claim | None, list[Problem]]:
    placeholders = placeholder_problems(loaded)
    claim, problems = _validate_model(loaded, settings)
    if placeholders:
        return None, sorted(placeholders + [p for p in problems if p.severity is Severity.ERROR])
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
        errors = _without_missing_keys_that_were_misspelt(exc.errors())
        return None, sorted(problem_from_error(loaded, e, settings) for e in errors)  # by line
    problems = cross_field_problems(loaded, claim, settings)
    if problems:
        return None, problems
    return claim, warnings_for(loaded, claim)


# ----------------------------------------------------------------------------- all files


# Under `mkdocs serve` every save rebuilds the site: a file whose bytes did not change keeps its
# earlier result instead of being parsed and validated again. Keyed by content, so an editor's
# save without changes, or a checkout that only touches modification times, costs nothing.
_CacheKey = tuple[str, str, str, frozenset[str], dt.date]
_validated: dict[_CacheKey, tuple[LoadedFile, Claim | None, list[Problem]]] = {}
_CACHE_LIMIT = 100_000


def forget_validated() -> None:
    _validated.clear()


def _load_and_validate(
    path: Path, display: str, root: Path, settings: Settings
) -> tuple[LoadedFile, Claim | None, list[Problem]]:
    raw = read_bytes(path, display)  # raises the editor-facing error
    key = (
        hashlib.sha256(raw).hexdigest(), os.path.abspath(path), os.path.abspath(root),
        frozenset(settings.ratings_by_key), dt.date.today(),
    )  # fmt: skip
    if key not in _validated:
        if len(_validated) > _CACHE_LIMIT:  # a long preview session: forget old versions
            _validated.clear()
        loaded = load_claim_bytes(path, display, raw)
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
        result.claims.append(ValidClaim(path.stem, claim, display))
    slugs = known_slugs(paths)
    result.problems.extend(related_problems(result, loaded_by_slug, slugs))
    result.problems.extend(alias_problems(result, slugs))
    cross_file = ("related", "aliases")
    if any(
        p.severity is Severity.ERROR and p.field.startswith(cross_file) for p in result.problems
    ):
        bad = {p.path for p in result.problems if p.field.startswith(cross_file)}
        result.invalid_slugs.extend(c.slug for c in result.claims if c.source_file in bad)
        result.claims = [c for c in result.claims if c.source_file not in bad]
    return result


def known_slugs(paths: list[Path]) -> set[str]:
    """Slugs a `related` entry may name: the checked files and their neighbours in claims/."""
    slugs = {p.stem for p in paths}
    for folder in {p.parent for p in paths}:
        slugs.update(p.stem for p in folder.iterdir() if p.suffix in CLAIM_SUFFIXES)
    return slugs


def alias_problems(result: CheckResult, all_slugs: set[str]) -> list[Problem]:
    """An old address may lead to one claim only, and never shadow a claim that exists."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for valid in result.claims:
        loaded = result.loaded[valid.slug]
        for index, alias in enumerate(valid.claim.aliases):
            clash = "is the slug of an existing claim" if alias in all_slugs else ""
            if is_reserved_slug(alias):
                clash = "is the address of a page of the list of fact-checks"
            if alias in owner:
                clash = f"is already an alias of {owner[alias]!r}"
            owner.setdefault(alias, valid.slug)
            if clash:
                problems.append(
                    loaded.problem_at(
                        ("aliases", index),
                        f"{alias!r} {clash}",
                        "an alias is a former slug of this claim only",
                    )
                )
    return problems


def related_problems(
    result: CheckResult, loaded_by_slug: dict[str, LoadedFile], all_slugs: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    for valid in result.claims:
        loaded = loaded_by_slug[valid.slug]
        for index, slug in enumerate(valid.claim.related):
            if slug not in all_slugs:
                problems.append(
                    loaded.problem_at(
                        ("related", index),
                        f"no claim file is named {slug!r}{did_you_mean(slug, sorted(all_slugs))}",
                        "use the file name of another claim, without .yaml",
                    )
                )
    return problems


def check_claims_dir(claims_dir: Path, root: Path, settings: Settings) -> CheckResult:
    paths, link_problems = find_claim_files(claims_dir, root)
    result = check_paths(paths, root, settings)
    result.problems[:0] = link_problems
    return result


def require_corrections(result: CheckResult, changes: dict[str, list[RatingChange]]) -> None:
    """Every rating change found in history needs a `corrections` entry naming the old rating."""
    failed: set[str] = set()
    for valid in result.claims:
        unexplained = _unexplained(changes.get(valid.slug, []), valid.claim)
        loaded = result.loaded[valid.slug]
        for change in unexplained:
            result.problems.append(
                loaded.problem_at(
                    ("verdict", "rating"),
                    f"{change.describe()} on {change.date.isoformat()}, "
                    "but `corrections` does not record it",
                    f"add a correction with date, note and previous_rating: {change.previous}",
                )
            )
            failed.add(valid.slug)
    result.invalid_slugs.extend(sorted(failed))
    result.claims = [c for c in result.claims if c.slug not in failed]


def _unexplained(changes: list[RatingChange], claim: Claim) -> list[RatingChange]:
    recorded = [c.previous_rating for c in claim.corrections if c.previous_rating]
    missing = []
    for change in changes:
        if change.previous in recorded:
            recorded.remove(change.previous)
        else:
            missing.append(change)
    return missing
