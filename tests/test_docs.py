"""Documentation cannot drift from the code: every key, command and rating is documented."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator

from bs4 import BeautifulSoup
from pydantic import BaseModel

from conftest import ROOT
from factcheck.cli import build_parser
from factcheck.model import Claim
from factcheck.settings import load_settings

CONTRIBUTING = ROOT / "docs" / "contributing"


def field_paths(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        yield path
        for inner in _models_in(info.annotation):
            is_list = typing.get_origin(info.annotation) is list
            yield from field_paths(inner, f"{path}[]." if is_list else f"{path}.")


def _models_in(annotation: object) -> list[type[BaseModel]]:
    found = []
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            found.append(arg)
    return found


def test_every_claim_key_is_documented() -> None:
    page = (CONTRIBUTING / "claim-format.md").read_text(encoding="utf-8")
    paths = list(field_paths(Claim))
    assert "sources[].url" in paths and "claimant.kind" in paths
    missing = [path for path in paths if f"`{path}`" not in page]
    assert missing == []


def test_every_cli_command_is_explained_to_editors() -> None:
    guide = (CONTRIBUTING / "index.md").read_text(encoding="utf-8")
    subparsers = next(a for a in build_parser()._actions if a.choices and "check" in a.choices)
    for command in subparsers.choices:
        assert f"factcheck {command}" in guide, command


def test_methodology_page_shows_every_configured_rating(
    page: Callable[[str], BeautifulSoup],
) -> None:
    settings = load_settings(ROOT / "mkdocs.yml")
    soup = page("methodology")
    for rating in settings.rating_scale:
        assert soup.find(id=rating.key) is not None


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 scripts/dev.py serve" in readme
    assert "python3 scripts/dev.py test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 scripts/dev.py test" in ci
