"""`factcheck init`: what it writes, and what it refuses to write over."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from factcheck.cli import main
from factcheck.package_data import STARTER
from support import ROOT


def test_the_example_claim_is_a_bundled_claim_without_its_links_to_others() -> None:
    """The new site's one claim is journalism too: it must stay the bundled, checked claim."""
    (example,) = sorted((STARTER / "claims").glob("*.yaml"))
    bundled = yaml.safe_load((ROOT / "claims" / example.name).read_text(encoding="utf-8"))
    bundled.pop("related", None)
    assert yaml.safe_load(example.read_text(encoding="utf-8")) == bundled


def test_init_writes_dot_files_and_the_schema(tmp_path: Path, capsys) -> None:
    assert main(["init", str(tmp_path / "site"), "--name", "Desk", "--url", "https://d.test"]) == 0
    site = tmp_path / "site"
    for name in (
        ".gitignore",
        ".editorconfig",
        ".vscode/settings.json",
        "schema/claim.schema.json",
    ):
        assert (site / name).is_file(), name
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Desk" and config["site_url"] == "https://d.test/"
    assert not list(site.rglob("*.jinja")) and not list(site.rglob("dot-*"))
    assert "created a new fact-check site" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["non-empty folder", "file", "link"])
def test_init_refuses_anything_but_a_new_or_empty_folder(tmp_path: Path, kind: str, capsys) -> None:
    target = tmp_path / "target"
    if kind == "non-empty folder":
        target.mkdir()
        (target / "notes.txt").write_text("mine", encoding="utf-8")
    elif kind == "file":
        target.write_text("mine", encoding="utf-8")
    else:
        (tmp_path / "elsewhere").mkdir()
        target.symlink_to(tmp_path / "elsewhere")
    assert main(["init", str(target)]) == 1
    assert "cannot create the site" in capsys.readouterr().err
    assert not (tmp_path / "elsewhere" / "mkdocs.yml").exists()
