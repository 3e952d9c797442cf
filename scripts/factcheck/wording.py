"""Turning pydantic's validation errors into problems worded for an editor."""

from __future__ import annotations

import difflib
import re
from typing import Any

from .load import FieldPath, LoadedFile, format_field_path
from .model import CLAIM_REVIEWED_LIMIT, Claim
from .problems import MAX_PROBLEMS_PER_FILE, Problem, more_problems
from .settings import Settings


def did_you_mean(word: str, choices: list[str]) -> str:
    matches = _close_matches(word, choices)
    return f"; did you mean {matches[0]!r}?" if matches else ""


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


def without_missing_keys_that_were_misspelt(errors: list[Any]) -> list[Any]:
    """`sourcse:` makes `sources` missing too; the did-you-mean on the unknown key says it all."""
    # Only a mapping that lacks a key can have it misspelt: no search elsewhere, however many
    # unknown keys a file holds.
    lacking = {tuple(e["loc"])[:-1] for e in errors if e["type"] == "missing" and e["loc"]}
    suggested: set[FieldPath] = set()
    for error in errors:
        loc: FieldPath = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and loc and loc[:-1] in lacking:
            allowed = _allowed_keys(loc[:-1])
            suggested.update((*loc[:-1], k) for k in _close_matches(str(loc[-1]), allowed))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in suggested)]


def problems_from_errors(
    loaded: LoadedFile, errors: list[dict[str, Any]], settings: Settings
) -> list[Problem]:
    """The first errors in the file's order, worded, and one line counting the rest.

    Only the errors shown are worded: a file of thousands of empty list items would otherwise
    build (and search did-you-means for) thousands of messages nobody reads."""
    order = sorted(
        range(len(errors)),
        key=lambda i: (*error_location(loaded, errors[i]), format_field_path(errors[i]["loc"])),
    )
    shown = sorted(
        problem_from_error(loaded, errors[i], settings) for i in order[:MAX_PROBLEMS_PER_FILE]
    )
    if len(order) > len(shown):
        first = problem_from_error(loaded, errors[order[len(shown)]], settings)
        shown.append(more_problems(first, len(order) - len(shown)))
    return shown


def error_location(loaded: LoadedFile, error: dict[str, Any]) -> tuple[int, int]:
    """Where the editor must look: an unknown or wrong key at the key, anything else at its
    value."""
    loc, wrong_key = _field_of(error)
    if (error["type"] == "extra_forbidden" or wrong_key) and loc in loaded.key_locations:
        return loaded.key_locations[loc]
    return loaded.locate(loc)


def _field_of(error: dict[str, Any]) -> tuple[FieldPath, bool]:
    """The field an error is about, and whether the fault is in its key: pydantic names a
    mapping's key that fails its check (a language code in `translations`) `...x.[key]`."""
    loc: FieldPath = tuple(error["loc"])
    if loc and loc[-1] == "[key]":
        return loc[:-1], True
    return loc, False


def _close_matches(word: str, choices: list[str]) -> list[str]:
    return difflib.get_close_matches(word, choices, n=1, cutoff=0.6)


def problem_from_error(loaded: LoadedFile, error: dict[str, Any], settings: Settings) -> Problem:
    loc, _wrong_key = _field_of(error)
    kind = error["type"]
    field_name = format_field_path(loc)
    line, column = error_location(loaded, error)
    message = str(error["msg"]).removeprefix("Value error, ")
    hint = ""
    if kind == "extra_forbidden":
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
    elif kind == "too_short" and loc and loc[-1] == "authors":
        message = "at least one author is required"
        hint = team_hint(settings)
    elif kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        value = error.get("input")
        near = did_you_mean(value, choices) if isinstance(value, str) else ""
        message = f"{value!r} is not allowed here{near}"
        hint = "write one of: " + ", ".join(choices)
    elif kind in ("string_too_short", "too_short") and isinstance(error.get("input"), str):
        message = "must not be empty"
        hint = _field_help(loc)
    elif kind in ("string_too_long", "too_long") and isinstance(error.get("input"), str):
        limit = error["ctx"]["max_length"]
        message = f"is longer than {limit:,} characters ({len(error['input'].strip()):,})"
        hint = (
            "shorten it; search engines cut it there"
            if limit == CLAIM_REVIEWED_LIMIT
            else "shorten it; the claim format page lists every limit"
        )
    elif kind == "too_long":
        limit, length = error["ctx"]["max_length"], error["ctx"].get("actual_length")
        count = f" ({length:,})" if length else ""
        message = f"has more than {limit:,} items{count}"
        hint = "keep the ones that matter most; the claim format page lists every limit"
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


def team_hint(settings: Settings) -> str:
    keys = list(settings.team_by_key)
    return "team: " + ", ".join(keys) if keys else "the site has no `team` in mkdocs.yml yet"


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
