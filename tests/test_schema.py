"""The JSON Schema (for editors' autocompletion) and the validator agree on what is valid."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, ROOT
from factcheck.settings import load_settings
from factcheck.validate import check_paths
from test_bad_claims import EXPECTED

SCHEMA = json.loads((ROOT / "schema" / "claim.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
SETTINGS = load_settings(ROOT / "mkdocs.yml")

# Rules a JSON Schema cannot state: they depend on the YAML text itself, on today's date, on
# other fields or files, or on the file's bytes. The validator alone enforces them.
NOT_EXPRESSIBLE = {
    "alias-billion-laughs": "YAML aliases are resolved before a schema sees the data",
    "anchor-and-alias": "YAML aliases are resolved before a schema sees the data",
    "duplicate-key-claim": "a YAML parser keeps one of the duplicate keys",
    "date-impossible-feb-30": "YAML itself cannot read the date",
    "date-in-future": "depends on today's date",
    "duplicate-source-url": "compares items of a list by one field",
    "non-utf8-latin1": "about the file's bytes",
    "placeholder-left-in": "a scaffold marker, not a shape",
    "published-before-claim-date": "compares two fields",
    "related-slug-missing": "depends on other files",
    "tag-custom-include": "YAML tags are refused before parsing",
    "text-direction-override": "invisible characters are left to the validator's message",
    "tag-python-object": "YAML tags are refused before parsing",
    "yaml-syntax-unclosed-quote": "not YAML at all",
    "yaml-tab-indent": "not YAML at all",
}


def as_json(value: Any) -> Any:
    """What yaml-language-server validates: YAML dates are strings to it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def schema_errors(path: Path) -> list[str]:
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    return [error.message for error in VALIDATOR.iter_errors(data)]


def validator_accepts(path: Path) -> bool:
    return not check_paths([path], ROOT, SETTINGS).errors


def test_the_schema_itself_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_only_inexpressible_cases_are_exempt() -> None:
    assert set(NOT_EXPRESSIBLE) <= set(EXPECTED)
    assert len(set(EXPECTED) - set(NOT_EXPRESSIBLE)) >= 20


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - set(NOT_EXPRESSIBLE)))
def test_schema_rejects_what_the_validator_rejects(name: str) -> None:
    path = FIXTURES / "bad" / f"{name}.yaml"
    assert not validator_accepts(path)
    assert schema_errors(path), f"the schema accepts {name}"


@pytest.mark.parametrize("name", sorted(NOT_EXPRESSIBLE))
def test_inexpressible_cases_are_really_beyond_the_schema(name: str) -> None:
    """If the schema ever learns to reject one of these, move it out of NOT_EXPRESSIBLE."""
    path = FIXTURES / "bad" / f"{name}.yaml"
    assert not validator_accepts(path)
    if name.startswith("alias"):
        return  # loading it with a plain YAML parser is exactly what must not happen
    # A file that a YAML parser cannot read is beyond any schema too.
    with contextlib.suppress(yaml.YAMLError, UnicodeDecodeError, ValueError):
        assert not schema_errors(path)


VALID = [*sorted((ROOT / "claims").glob("*.yaml")), FIXTURES / "valid-base.yaml"]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_both_accept_every_valid_claim(path: Path) -> None:
    assert validator_accepts(path)
    assert schema_errors(path) == []
