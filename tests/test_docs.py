"""Documentation cannot drift from the code: every key, command, rating and example is real.

The editors' pages are checked against the pydantic model, the command line, the rating scale
in mkdocs.yml, the checker's actual output and the bundled claim files they quote.
"""

from __future__ import annotations

import argparse
import configparser
import json
import re
import socket
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from pydantic import BaseModel

from factcheck.cache import APP_NAME
from factcheck.cli import build_parser
from factcheck.links import LinkResult, citations, describe_failure, link_problems
from factcheck.load import parse_yaml
from factcheck.model import Claim
from factcheck.package_data import STARTER
from factcheck.project import Project
from factcheck.settings import load_settings
from support import ROOT

CONTRIBUTING = ROOT / "docs" / "contributing"
GUIDE = CONTRIBUTING / "index.md"
FORMAT = CONTRIBUTING / "claim-format.md"
# The bundled claim the guide's checker examples are run against.
GUIDE_EXAMPLE = ROOT / "claims" / "ice-removed-216000-convicted-criminals.yaml"
# Only this key's example may be a shortened part of the bundled text; every other value is
# copied whole, so an example can never show a fact the bundled claim does not state.
SHORTENED_TEXT_KEYS = {"analysis"}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def mkdocs_config() -> dict[str, Any]:
    return yaml.safe_load(read(ROOT / "mkdocs.yml"))


# ----------------------------------------------------------------------------- the model


def field_paths(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, bool]]:
    """Every key of a model as editors write it (`sources[].url`), and whether it is required."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        yield path, info.is_required()
        for inner, in_list in _models_in(info.annotation):
            yield from field_paths(inner, f"{path}[]." if in_list else f"{path}.")


def _models_in(annotation: Any, in_list: bool = False) -> Iterator[tuple[type[BaseModel], bool]]:
    """Models nested anywhere in an annotation (`X | None`, `list[X]`), and if inside a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, in_list
        return
    inside_list = in_list or typing.get_origin(annotation) is list
    for arg in typing.get_args(annotation):
        yield from _models_in(arg, inside_list)


MODEL_KEYS = dict(field_paths(Claim))


def documented_rows(page: str) -> dict[str, str]:
    """Key -> "Required" cell of each table row whose first cell is a key in backticks."""
    rows = {}
    for line in page.splitlines():
        match = re.match(r"^\|\s*`([^`]+)`\s*\|\s*([^|]*?)\s*\|", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def test_field_paths_walk_into_nested_models_and_lists() -> None:
    assert {"claim", "claimant.kind", "sources[].url", "counter_claims[].statement"} <= set(
        MODEL_KEYS
    )
    assert {"figures[].value", "corrections[].previous_rating"} <= set(MODEL_KEYS)
    assert MODEL_KEYS["claimant.name"] is True and MODEL_KEYS["claim_short"] is False


def test_every_claim_key_is_documented() -> None:
    page = read(FORMAT)
    missing = [path for path in MODEL_KEYS if f"`{path}`" not in page]
    assert missing == [], f"add these keys to {FORMAT.relative_to(ROOT)}"


def test_the_format_page_documents_no_key_the_model_lacks() -> None:
    rows = documented_rows(read(FORMAT))
    assert len(rows) >= len(MODEL_KEYS) // 2, "the key tables were not found"
    unknown = sorted(set(rows) - set(MODEL_KEYS))
    assert unknown == [], "documented keys that claim files may not use"


def test_the_required_column_matches_the_model() -> None:
    rows = documented_rows(read(FORMAT))
    wrong = {
        key: cell
        for key, cell in rows.items()
        if key in MODEL_KEYS and (cell == "yes") != MODEL_KEYS[key]
    }
    assert wrong == {}, "'yes' in the Required column must mean the checker requires the key"


# ----------------------------------------------------------------------------- the command line


def cli_commands() -> list[str]:
    subparsers = [
        action
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    ]
    return [name for action in subparsers for name in action.choices]


def test_every_cli_command_is_explained_to_editors() -> None:
    commands = cli_commands()
    assert "check" in commands and "new" in commands
    guide = read(GUIDE)
    assert [c for c in commands if f"factcheck {c}" not in guide] == []


def check_output(project_root: Path, claim_file: Path) -> list[str]:
    result = Project.from_config_file(project_root / "mkdocs.yml").check([claim_file])
    return [problem.format() for problem in sorted(result.problems)]


def test_the_guide_shows_the_checkers_real_error_for_a_mistyped_rating(
    project_copy: Path,
) -> None:
    claim_file = project_copy / "claims" / GUIDE_EXAMPLE.name
    text = read(claim_file)
    assert "  rating: mostly-true\n" in text
    claim_file.write_text(text.replace("rating: mostly-true", "rating: mostly-ture"), "utf-8")
    lines = check_output(project_copy, claim_file)
    assert len(lines) == 1 and "did you mean 'mostly-true'?" in lines[0]
    assert lines[0] in read(GUIDE), f"the checker now prints:\n{lines[0]}"


def test_the_guide_shows_the_checkers_real_warning_for_a_bundled_claim() -> None:
    lines = check_output(ROOT, GUIDE_EXAMPLE)
    assert any(": warning: " in line for line in lines)
    guide = read(GUIDE)
    assert any(line in guide for line in lines), "the checker now prints:\n" + "\n".join(lines)


# ----------------------------------------------------------------------------- example files


def yaml_blocks(page: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", page, flags=re.MULTILINE | re.DOTALL)


def bundled_claims() -> dict[str, tuple[Path, dict[str, Any]]]:
    claims = {}
    for path in sorted((ROOT / "claims").glob("*.yaml")):
        data, _ = parse_yaml(read(path), path.name)
        claims[data["claim"]] = (path, data)
    return claims


def excerpt_problems(example: Any, original: Any, where: str = "") -> list[str]:
    """Where an example differs from the bundled claim it says it is a shortened copy of."""
    if isinstance(example, dict) and isinstance(original, dict):
        problems = []
        for key, value in example.items():
            path = f"{where}.{key}" if where else key
            if key in original:
                problems.extend(excerpt_problems(value, original[key], path))
            else:
                problems.append(f"{path}: not in the bundled claim")
        return problems
    if isinstance(example, list) and isinstance(original, list):
        return [
            f"{where}[]: {item!r} is not an item of the bundled claim"
            for item in example
            if all(excerpt_problems(item, candidate, where) for candidate in original)
        ]
    shortened = where.split(".")[-1] in SHORTENED_TEXT_KEYS and isinstance(example, str)
    if shortened and " ".join(example.split()) in " ".join(str(original).split()):
        return []
    return [] if example == original else [f"{where}: {example!r} differs from {original!r}"]


def example_claims(page: Path) -> list[dict[str, Any]]:
    examples = []
    for block in yaml_blocks(read(page)):
        plain = yaml.safe_load(block)  # snippets such as a lone comment line are not claims
        if isinstance(plain, dict) and "claim" in plain:
            data, _ = parse_yaml(block, page.name)  # the loader editors' files go through
            examples.append(data)
    return examples


def example_cells(page: str) -> Iterator[tuple[str, str]]:
    """(key, example cell) of tables whose last column holds examples from bundled claims."""
    in_table = False
    for line in page.splitlines():
        if not line.startswith("|"):
            in_table = False
            continue
        cells = [c.strip() for c in re.split(r"\|(?=(?:[^`]*`[^`]*`)*[^`]*$)", line)[1:-1]]
        if cells[-1] == "Example from a bundled claim":
            in_table = True
        elif in_table and cells[0].startswith("`"):
            yield cells[0].strip("`"), cells[-1]


def test_table_examples_are_copied_from_bundled_claims() -> None:
    bundled = "\n".join(read(path) for path in sorted((ROOT / "claims").glob("*.yaml")))
    cells = list(example_cells(read(FORMAT)))
    assert len(cells) > 20, "the example column was not found"
    invented = [
        (key, value)
        for key, cell in cells
        if "not used in the bundled claims" not in cell
        for value in re.findall(r"`([^`]+)`", cell)
        if value not in bundled
    ]
    assert invented == []


@pytest.mark.parametrize("page", [GUIDE, FORMAT], ids=lambda p: p.name)
def test_example_claim_files_are_valid_excerpts_of_bundled_claims(page: Path) -> None:
    examples = example_claims(page)
    assert examples, f"{page.name} shows no example claim file"
    bundled = bundled_claims()
    rating_keys = set(load_settings(ROOT / "mkdocs.yml").ratings_by_key)
    for example in examples:
        assert example["claim"] in bundled, "the example is not taken from a bundled claim"
        path, original = bundled[example["claim"]]
        assert excerpt_problems(example, original) == [], f"compare with {path.name}"
        Claim.model_validate(example, context={"rating_keys": rating_keys})


def test_excerpt_check_catches_a_changed_figure() -> None:
    original = {"figures": [{"value": "67,879"}], "analysis": "One two.\n\nThree four."}
    assert excerpt_problems({"figures": [{"value": "67,879"}], "analysis": "Three"}, original) == []
    assert excerpt_problems({"figures": [{"value": "68,000"}]}, original) != []
    assert excerpt_problems({"analysis": "Five"}, original) != []


# ----------------------------------------------------------------------------- site and README


def test_every_contributing_page_is_in_the_nav_and_has_the_editors_layout() -> None:
    nav = mkdocs_config()["nav"]
    editors = next(item["For editors"] for item in nav if "For editors" in item)
    listed = {path for entry in editors for path in entry.values()}
    pages = {f"contributing/{p.name}" for p in CONTRIBUTING.glob("*.md")}
    assert pages - listed == set()
    # the editors' pages keep the documentation layout (sidebar, table of contents)
    for page in CONTRIBUTING.glob("*.md"):
        front = page.read_text(encoding="utf-8").split("---\n")[1]
        assert yaml.safe_load(front)["audience"] == "editors", page


def test_methodology_page_shows_every_configured_rating(
    page: Callable[[str], BeautifulSoup],
) -> None:
    soup = page("methodology")
    text = " ".join(soup.get_text(" ").split())
    scale = load_settings(ROOT / "mkdocs.yml").rating_scale
    assert scale
    for rating in scale:
        term = soup.find(id=rating.key)
        assert term is not None, rating.key
        assert rating.label in term.get_text(" ")
        assert " ".join(rating.meaning.split()) in text


def test_readme_gives_the_two_commands() -> None:
    readme = ROOT / "README.md"
    if not readme.is_file():
        pytest.skip("README.md is not written yet (the lead engineer writes it)")
    text = read(readme)
    assert "python3 scripts/dev.py serve" in text
    assert "python3 scripts/dev.py test" in text


def test_ci_runs_the_readmes_test_command() -> None:
    assert "python3 scripts/dev.py test" in read(ROOT / ".ci" / "run")
    workflow = yaml.safe_load(read(ROOT / ".github" / "workflows" / "ci.yml"))
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "python3 scripts/dev.py setup" in steps
    assert any(".ci/run" in step for step in steps)


@pytest.mark.parametrize("root", [ROOT, STARTER], ids=["this site", "factcheck init"])
def test_editors_tools_map_the_claim_schema_and_forbid_tabs(root: Path) -> None:
    dot = "." if root == ROOT else "dot-"
    settings = json.loads(read(root / f"{dot}vscode" / "settings.json"))
    assert settings["yaml.schemas"]["./schema/claim.schema.json"] == [
        "claims/*.yaml",
        "claims/*.yml",
    ]
    extensions = json.loads(read(root / f"{dot}vscode" / "extensions.json"))["recommendations"]
    assert "redhat.vscode-yaml" in extensions
    editorconfig = configparser.ConfigParser()
    editorconfig.read_string("[top]\n" + read(root / f"{dot}editorconfig"))
    assert editorconfig["*.{yaml,yml}"]["indent_style"] == "space"


def test_the_guide_shows_the_real_dead_link_line_for_the_offline_source() -> None:
    """`factcheck links` needs the internet, so the guide's example is the line it prints
    when the closed docstoc.com copy's server name no longer resolves."""
    result = Project.from_config_file(ROOT / "mkdocs.yml").check()
    slug = "ice-released-68000-criminal-aliens"
    valid = next(v for v in result.claims if v.slug == slug)
    (cited,) = [c for c in citations(valid.claim, result.loaded[slug]) if "docstoc" in c.url]
    failure = describe_failure(socket.gaierror(-2, "Name or service not known"), 15)
    (line,) = [
        p.format() for p in link_problems(cited, LinkResult(cited.url, 0.1, error=failure), 5)
    ]
    assert line in read(GUIDE), f"the command now prints:\n{line}"


@pytest.mark.parametrize(
    "workflow",
    [
        ROOT / ".github" / "workflows" / "ci.yml",
        ROOT / ".github" / "workflows" / "deploy.yml",
        STARTER / "dot-github" / "workflows" / "ci.yml",
        STARTER / "dot-github" / "workflows" / "deploy.yml",
    ],
    ids=lambda path: f"{path.parent.parent.parent.name}/{path.name}",
)
def test_workflows_that_build_keep_the_share_image_cache(workflow: Path) -> None:
    steps = [s for job in yaml.safe_load(read(workflow))["jobs"].values() for s in job["steps"]]
    builds = [i for i, s in enumerate(steps) if "build" in s.get("run", "")]
    caches = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@")]
    assert builds and caches and caches[0] < builds[-1], "restore the cache before building"
    cache = steps[caches[0]]["with"]
    assert cache["path"] == f"~/.cache/{APP_NAME}"  # where the build keeps it (cache.py)
    assert cache["restore-keys"] and cache["key"].startswith(cache["restore-keys"])
