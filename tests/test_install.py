"""The package as another newsroom gets it: installed (not run from this checkout), with every
dependency declared, and `factcheck init` making a site that builds at once."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from factcheck.i18n import Language
from support import ENV, ROOT, parse_html

PACKAGE = ROOT / "scripts" / "factcheck"


def declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {Requirement(line).name.lower() for line in project["dependencies"]}


def imported_modules() -> set[str]:
    """Top-level names of every module the package imports, from its source."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_every_third_party_import_is_a_declared_dependency() -> None:
    distributions = packages_distributions()
    third_party = {
        name: {d.lower() for d in distributions[name]}
        for name in imported_modules()
        if name in distributions and name not in sys.stdlib_module_names and name != "factcheck"
    }
    assert {"yaml", "pydantic", "jinja2", "mkdocs", "PIL"} <= set(third_party)
    undeclared = {n: d for n, d in third_party.items() if not d & declared_distributions()}
    assert undeclared == {}, f"imported but not in pyproject.toml dependencies: {undeclared}"


def source_copy(target: Path) -> Path:
    """What git tracks of the package, copied out: setuptools writes build/ and egg-info
    beside the source, and a stale build/ in the checkout could hide a missing package file."""
    tracked = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--", "pyproject.toml", "README.md", "scripts"],
        capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, tracked):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    return target


@pytest.mark.slow
def test_a_fresh_install_creates_a_site_that_builds_strictly(tmp_path: Path) -> None:
    # A new virtual environment with the project installed from source as a wheel would be.
    # Its dependencies come from this checkout's environment (added to the path), so the test
    # needs no network; the test above checks that each of them is declared.
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    site_packages = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(site_packages, "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    # the build backend too: the pinned setuptools, not the older one ensurepip brings
    uninstall = [python, "-m", "pip", "uninstall", "--quiet", "--yes", "setuptools"]
    subprocess.run(uninstall, capture_output=True, check=False, timeout=120)
    install = [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    install += ["--no-build-isolation", str(source_copy(tmp_path / "source"))]
    result = subprocess.run(install, capture_output=True, text=True, env=ENV, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

    where = subprocess.run(
        [python, "-c", "import factcheck; print(factcheck.__file__)"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout.strip()  # fmt: skip
    assert Path(where).is_relative_to(environment), f"factcheck came from {where}"

    bin_dir = environment / "bin"
    env = {**ENV, "PATH": f"{bin_dir}{os.pathsep}{ENV.get('PATH', '')}"}
    site = tmp_path / "new-site"
    created = subprocess.run(
        [bin_dir / "factcheck", "init", site, "--name", "Example Checks"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    built = subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict"],
        capture_output=True, text=True, env=env, cwd=site, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    home = parse_html(site / "site" / "index.html")
    assert "Example Checks" in home.title.get_text()
    claims = sorted((site / "claims").glob("*.yaml"))
    assert len(claims) == 1
    claim_page = parse_html(site / "site" / "claims" / claims[0].stem / "index.html")
    assert claim_page.select_one(".fc-verdict") is not None
    assert claim_page.find("script", type="application/ld+json") is not None
    for page in ("about", "methodology", "contributing", "find"):
        assert (site / "site" / page / "index.html").is_file(), page
    assert (site / ".github" / "workflows" / "ci.yml").is_file()
    assert (site / ".github" / "workflows" / "deploy.yml").is_file()
    checked = subprocess.run(
        [bin_dir / "factcheck", "check", "--strict"],
        capture_output=True, text=True, env=env, cwd=site, timeout=120,
    )  # fmt: skip
    assert "0 error(s)" in checked.stderr, checked.stdout + checked.stderr

    # The catalogues ship with the package: the same site, switched to Spanish, speaks it.
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("language: en\n", "language: es\n")
    )
    in_spanish = subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict", "-d", "site-es"],
        capture_output=True, text=True, env=env, cwd=site, timeout=300,
    )  # fmt: skip
    assert in_spanish.returncode == 0, in_spanish.stdout + in_spanish.stderr
    spanish_page = parse_html(site / "site-es" / "claims" / claims[0].stem / "index.html")
    assert spanish_page.html is not None and spanish_page.html["lang"] == "es"
    claimed_by = Language("es").gettext("Claimed by %(claimant)s", claimant="").strip()
    assert claimed_by != "Claimed by"
    assert claimed_by in spanish_page.select_one(".fc-claimant").get_text()
