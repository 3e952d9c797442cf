"""The JSON Schema (for editors' autocompletion) and the validator agree on what is valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from factcheck.settings import load_settings
from factcheck.validate import check_paths
from support import BYTES, EXPECTED, FIXTURES, NOT_YAML, ROOT, TAGS

SCHEMA = json.loads((ROOT / "schema" / "claim.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
SETTINGS = load_settings(ROOT / "mkdocs.yml")
BAD = FIXTURES / "bad"

# Rules a JSON Schema cannot state (they depend on the YAML text itself, on today's date, on
# other fields or files, or on the file's bytes) are marked in the fixture table, with the reason.
NOT_EXPRESSIBLE = {name: bad.beyond_schema for name, bad in EXPECTED.items() if bad.beyond_schema}
# Files a YAML parser refuses before any schema could look at them.
UNREADABLE = {NOT_YAML, TAGS, BYTES}


class EditorLoader(yaml.SafeLoader):
    """YAML as yaml-language-server gives it to the schema: dates stay the text written."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema_errors_for_text(text: str) -> list[str]:
    data: Any = yaml.load(text, Loader=EditorLoader)
    return [error.message for error in VALIDATOR.iter_errors(data)]


def schema_errors(path: Path) -> list[str]:
    return schema_errors_for_text(path.read_text(encoding="utf-8"))


def validator_errors(path: Path) -> list[str]:
    return [p.format() for p in check_paths([path], ROOT, SETTINGS).errors]


def test_the_schema_itself_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_editor_loader_keeps_dates_as_text() -> None:
    assert yaml.load("date: 2014-02-30", Loader=EditorLoader) == {"date": "2014-02-30"}


def test_most_cases_are_checked_by_the_schema_too() -> None:
    assert len(set(EXPECTED) - set(NOT_EXPRESSIBLE)) >= 25


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - set(NOT_EXPRESSIBLE)))
def test_schema_rejects_what_the_validator_rejects(name: str) -> None:
    path = BAD / f"{name}.yaml"
    assert validator_errors(path)
    assert schema_errors(path), f"the schema accepts {name}"


@pytest.mark.parametrize("name", sorted(NOT_EXPRESSIBLE))
def test_inexpressible_cases_are_really_beyond_the_schema(name: str) -> None:
    """If the schema ever learns to reject one of these, take its reason out of the table."""
    path = BAD / f"{name}.yaml"
    assert validator_errors(path)
    if name == "alias-billion-laughs":
        return  # expanding it with a plain YAML parser is exactly what must never happen
    if NOT_EXPRESSIBLE[name] in UNREADABLE:
        # ValueError: bytes that are not UTF-8, or an escape past the last character
        with pytest.raises((yaml.YAMLError, ValueError)):
            schema_errors(path)
    else:
        assert schema_errors(path) == []


VALID = [*sorted((ROOT / "claims").glob("*.yaml")), FIXTURES / "valid-base.yaml"]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_both_accept_every_valid_claim(path: Path) -> None:
    assert validator_errors(path) == []
    assert schema_errors(path) == []


BASE = (FIXTURES / "valid-base.yaml").read_text(encoding="utf-8")
# valid-base.yaml with optional keys and other valid spellings; (old, new) replacements
VALID_VARIANTS: dict[str, list[tuple[str, str]]] = {
    "every-optional-key": [
        ("claimant:\n", 'claim_short: "ICE released 68,000 criminal aliens in 2013"\nclaimant:\n'),
        ("  url: https://cis.org\n", "  url: https://cis.org\n  kind: organisation\n"),
        ("published: 2026-11-22\n", "published: 2014-04-02\nupdated: 2026-11-22\n"),
        (
            "related: []\n",
            "related: []\ncorrections:\n  - date: 2026-11-22\n"
            '    note: "The rating was lowered after new figures."\n'
            "    previous_rating: mostly-true\n"
            "review_by: 2099-12-31\naliases: [ice-68000-released]\n",
        ),
        ("    date: 2014-04-01\n", "    date: 2014-04-01\n    note: The group's reply.\n"),
        ("authors: [desk]\n", "authors: [desk]\neditors: [desk]\nstatus: draft\n"),
        (
            "    url: https://cis.org/Vaughan/Catch-and-Release-Responding-Critics\n",
            "    url: https://cis.org/Vaughan/Catch-and-Release-Responding-Critics\n"
            "    archive_url: https://web.archive.org/web/2014/https://cis.org/Vaughan\n",
        ),
    ],
    "scheduled-for-later": [("published: 2026-11-22\n", "published: 2099-01-01\n")],
    "rating-quoted-true": [("rating: half-true", 'rating: "true"')],
    "rating-quoted-false": [("rating: half-true", "rating: 'false'")],
    "appearance-title-only": [
        ("  url: https://www.scribd.com/document/215401342/Vaughan-Catch-and-Release\npub", "pub")
    ],
    "claimant-person": [("  url: https://cis.org\n", "  kind: person\n")],
    "http-and-uppercase-scheme": [("url: https://cis.org\n", "url: HTTP://cis.org/\n")],
    "no-counter-claims-yet": [
        (
            "counter_claims:\n  - who: U.S. Immigration and Customs Enforcement\n"
            '    statement: "ICE accused CIS of distorting the numbers."\n'
            "    source: https://cis.org/Vaughan/Catch-and-Release-Responding-Critics\n",
            "counter_claims: []\n",
        )
    ],
    "no-optional-lists": [("topics: [immigration]\nrelated: []\n", "")],
    "analysis-folded-markdown": [
        ("analysis: |\n", "analysis: >-\n  **Bold**, [a link](https://example.org) and\n")
    ],
}


@pytest.mark.parametrize("name", sorted(VALID_VARIANTS))
def test_both_accept_every_valid_variant(name: str, tmp_path: Path) -> None:
    text = BASE
    for old, new in VALID_VARIANTS[name]:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    assert validator_errors(path) == []
    assert schema_errors(path) == []


def test_schema_offers_the_rating_scale_for_both_rating_keys() -> None:
    keys = [r.key for r in SETTINGS.rating_scale]
    assert SCHEMA["$defs"]["Verdict"]["properties"]["rating"]["enum"] == keys
    previous = SCHEMA["$defs"]["Correction"]["properties"]["previous_rating"]["anyOf"]
    assert {"enum": keys, "minLength": 1, "maxLength": 100, "type": "string"} in previous
