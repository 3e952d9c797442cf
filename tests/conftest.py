"""Shared fixtures: the project built with real MkDocs, copies of it, a served preview.

Helpers that tests import live in tests/support.py. Builds shared by several modules are
session fixtures here, built once per test run (per worker, when pytest-xdist runs the suite)
in this process with MkDocs' own build (support.build_with_mkdocs).

A test that starts a real MkDocs, ProperDocs, Zensical or `factcheck` process, or a browser,
must carry the `slow` mark: the hooks at the end of this file fail one that does not, so
`pytest -m "not slow"` stays a quick run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from support import (
    ENV,
    PER_PAGE,
    ROOT,
    MkDocsServer,
    build_hostile_site,
    build_with_mkdocs,
    copy_project,
    in_language,
    parse_html,
    set_plugin_options,
)

# Material prints a notice about MkDocs 2 when its templates are imported, in builds run here too.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session", autouse=True)
def user_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Builds keep their caches in the user's cache folder; the tests' builds use their own."""
    folder = tmp_path_factory.mktemp("user-cache")
    ENV["XDG_CACHE_HOME"] = str(folder)  # builds run in their own processes
    os.environ["XDG_CACHE_HOME"] = str(folder)  # and builds and generations in this one
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project, built once per test run with real MkDocs into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = build_with_mkdocs(ROOT, site)
    assert result.returncode == 0, result.output
    return site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled claims plus one claim per hostile payload (support.build_hostile_site)."""
    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project with `claims_per_page: 2`, so every long list has several pages."""
    project = copy_project(tmp_path_factory.mktemp("paged") / "project")
    set_plugin_options(project, claims_per_page=PER_PAGE, search=False)
    site = project.parent / "site"
    result = build_with_mkdocs(project, site)
    assert result.returncode == 0, result.output
    return site


@pytest.fixture(scope="session")
def site_in_language(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The bundled project built with real MkDocs in a shipped language (`es`, `ar`...), once
    per language per test run, for every test module that asks for it."""
    built: dict[str, Path] = {}

    def build(language: str) -> Path:
        if language not in built:
            root = tmp_path_factory.mktemp(f"site-{language}")
            project = in_language(copy_project(root / "project"), language)
            site = root / "site"
            result = build_with_mkdocs(project, site)
            assert result.returncode == 0, result.output
            built[language] = site
        return built[language]

    return build


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def page(built_site: Path) -> Callable[[str], BeautifulSoup]:
    def load(url: str) -> BeautifulSoup:
        return parse_html(built_site / url / "index.html")

    return load


@pytest.fixture(params=["full", "dirty"])
def mkdocs_server(project_copy: Path, request: pytest.FixtureRequest) -> Iterator[MkDocsServer]:
    """`mkdocs serve` as MkDocs runs it, and with --dirty as `scripts/dev.py serve` runs it."""
    server = MkDocsServer(project_copy, *(["--dirty"] if request.param == "dirty" else []))
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------- real processes

# What a test without the `slow` mark may start: git, and Pagefind, which every build runs.
QUICK_PROGRAMS = {"git"}
QUICK_PYTHON_MODULES = {"pagefind"}
_running: list[pytest.Item] = []


def pytest_configure(config: pytest.Config) -> None:
    sys.addaudithook(_refuse_real_processes_in_quick_tests)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """Remembers the running test, whose fixtures and body may start processes."""
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()


def _refuse_real_processes_in_quick_tests(event: str, args: tuple[Any, ...]) -> None:
    if event != "subprocess.Popen" or not _running:
        return
    item = _running[-1]
    if item.get_closest_marker("slow") is not None:
        return
    command = [os.fsdecode(part) for part in ([args[1]] if isinstance(args[1], str) else args[1])]
    if not _is_quick(command):
        raise RuntimeError(
            f"{item.nodeid} starts `{' '.join(command)[:120]}` in a process of its own but is "
            "not marked slow: mark it @pytest.mark.slow, or run it in this process "
            "(tests/support.py: build_with_mkdocs, factcheck)"
        )


def _is_quick(command: list[str]) -> bool:
    program = Path(command[0]).name if command else ""
    if program in QUICK_PROGRAMS:
        return True
    runs_module = len(command) > 2 and command[1] == "-m"
    return program.startswith("python") and runs_module and command[2] in QUICK_PYTHON_MODULES
