"""Shared fixtures: real MkDocs builds of the project (or a copy) in temporary folders."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from factcheck.settings import plugin_options

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_PARTS = ["mkdocs.yml", "claims", "templates", "docs", "scripts"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def copy_project(target: Path) -> Path:
    """A throwaway copy of the project, so a test may break claims without touching ours."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def edit_config(project: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change a copied project's mkdocs.yml as data (its comments are not kept)."""
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    change(config)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    config_file.write_text(text, encoding="utf-8")


def set_plugin_options(project: Path, **options: object) -> None:
    """Set options of the factcheck plugin in a copied project's mkdocs.yml."""

    def change(config: dict[str, Any]) -> None:
        found = plugin_options(config)
        assert isinstance(found, dict), "the factcheck plugin has no options mapping"
        found.update(options)

    edit_config(project, change)


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """Real git in a throwaway repository, as an editor with no git configuration runs it."""
    return subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def committed_copy(target: Path) -> Path:
    """A copy of the project as a fresh git repository with everything committed."""
    project = copy_project(target)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Publish the fact-checks")
    return project


@pytest.fixture(scope="session", autouse=True)
def user_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Builds keep their caches in the user's cache folder; the tests' builds use their own."""
    folder = tmp_path_factory.mktemp("user-cache")
    ENV["XDG_CACHE_HOME"] = str(folder)  # builds run in their own processes
    os.environ["XDG_CACHE_HOME"] = str(folder)  # and some tests generate in this one
    return folder


def run_mkdocs_build(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir), *extra],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project, built once per test run with real MkDocs into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def page(built_site: Path) -> Callable[[str], BeautifulSoup]:
    def load(url: str) -> BeautifulSoup:
        return parse_html(built_site / url / "index.html")

    return load


class MkDocsServer:
    """A real `mkdocs serve` on a free loopback port, with its terminal output kept in a file."""

    def __init__(self, project: Path, *args: str) -> None:
        self.project = project
        self.port = free_port()
        self.log_path = project.parent / "serve.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", *args],
            cwd=project,
            env=ENV,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def fetch(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url(path), timeout=5) as response:
                return response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.read().decode("utf-8", "replace")

    def wait_for(self, path: str, predicate: Callable[[str], bool], timeout: float = 90) -> str:
        """Poll until the served page satisfies predicate; bounded, never waits forever."""
        deadline = time.monotonic() + timeout
        body = ""
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"mkdocs serve exited:\n{self.output()}"
            try:
                body = self.fetch(path)
                if predicate(body):
                    return body
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"/{path} never matched; last body:\n{body[:2000]}\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["full", "dirty"])
def mkdocs_server(project_copy: Path, request: pytest.FixtureRequest) -> Iterator[MkDocsServer]:
    """`mkdocs serve` as MkDocs runs it, and with --dirty as `scripts/dev.py serve` runs it."""
    server = MkDocsServer(project_copy, *(["--dirty"] if request.param == "dirty" else []))
    try:
        yield server
    finally:
        server.stop()
