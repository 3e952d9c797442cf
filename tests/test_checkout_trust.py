"""A pull request cannot smuggle anything past the build (issue 13): caches, links, folders.

Each case is a throwaway git repository holding the project and what an attacker with a
contributor's access could commit, built with MkDocs' own build in the test process (or run
with scripts/dev.py or `mkdocs serve`) as CI and the deploy job would. The build must refuse,
naming the path and the fix, before anything is read from the planted file or written anywhere.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from factcheck.cache import CacheError
from factcheck.generation import write_preview_pages
from factcheck.package_data import BUILTIN_TEMPLATES, BUILTIN_THEME
from factcheck.render import RenderedPage
from support import (
    ENV,
    FIXTURES,
    ROOT,
    MkDocsServer,
    build_with_mkdocs,
    committed_copy,
    edit_config,
    git,
    parse_html,
    set_plugin_options,
)

pytestmark = pytest.mark.slow

SECRET = "SECRET-7f3a-only-on-the-build-machine"
SLUG = "ice-removed-216000-convicted-criminals"


def build(project: Path, site_dir: Path | None = None) -> tuple[int, str]:
    """`mkdocs build --strict` in the project as CI runs it, with MkDocs' own build in this
    process (support.build_with_mkdocs); exit code and all output."""
    result = build_with_mkdocs(project, site_dir)
    return result.returncode, result.output


def outside(tmp_path: Path, name: str, text: str = SECRET) -> Path:
    """A file of the build machine's, outside the project."""
    path = tmp_path / "outside" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def publishes_secret(site: Path) -> bool:
    return site.exists() and any(
        SECRET.encode() in path.read_bytes() for path in site.rglob("*") if path.is_file()
    )


def commit_everything(repo: Path, message: str) -> None:
    git(repo, "add", "-A", "-f")  # -f: as an attacker would, past .gitignore
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return committed_copy(tmp_path / "repo")


# Caches -------------------------------------------------------------------------------------


def plant_template_cache(project: Path) -> None:
    """A "compiled template" for every built-in template, at the name Jinja's on-disk cache
    would load: its pickled checksum runs code that creates the file PWNED."""
    payload = bc_magic + (FIXTURES / "checkout" / "jinja-bytecode-payload.pickle").read_bytes()
    cache = project / ".cache" / "templates"
    cache.mkdir(parents=True)
    for template in BUILTIN_TEMPLATES.rglob("*.jinja"):
        name = template.relative_to(BUILTIN_TEMPLATES).as_posix()
        key = hashlib.sha1(f"{name}|{template}".encode()).hexdigest()
        (cache / f"__jinja2_{key}.cache").write_bytes(payload)


def test_a_committed_template_cache_is_refused_and_never_runs(repo: Path) -> None:
    plant_template_cache(repo)
    commit_everything(repo, "Speed up the build")
    code, output = build(repo)
    assert code != 0
    assert ".cache: " in output and "are committed to git (.cache/templates/__jinja2_" in output
    assert "git rm -r --cached .cache" in output
    assert not (repo / "PWNED").exists()
    assert not (repo / "site").exists()
    assert "Traceback" not in output


def test_a_template_cache_left_in_the_checkout_is_never_loaded(repo: Path) -> None:
    plant_template_cache(repo)  # not committed: left over, or put there by anything else
    code, output = build(repo)
    assert code == 0, output
    assert not (repo / "PWNED").exists()


def test_a_committed_share_image_link_is_refused(repo: Path, tmp_path: Path) -> None:
    images = repo / ".cache" / "share-images"
    images.mkdir(parents=True)
    (images / "4f0c2a9e1b7d3c5e8a6f.png").symlink_to(outside(tmp_path, "id_rsa"))
    commit_everything(repo, "Cached images")
    code, output = build(repo)
    assert code != 0
    assert ".cache/share-images/4f0c2a9e1b7d3c5e8a6f.png" in output
    assert not publishes_secret(repo / "site")


def use_cache_folder(project: Path, folder: Path) -> None:
    set_plugin_options(project, cache_dir=str(folder))


def test_a_link_in_the_cache_folder_is_refused(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    use_cache_folder(repo, cache)
    code, output = build(repo, tmp_path / "first")
    assert code == 0, output
    cached = sorted((cache / "share-images").glob("*.png"))
    assert len(cached) == 9
    cached[0].unlink()
    cached[0].symlink_to(outside(tmp_path, "id_rsa"))
    code, output = build(repo, tmp_path / "second")
    assert code != 0
    assert f"{cached[0]}: this cached file is a link" in output
    assert not (tmp_path / "second").exists()


def test_a_damaged_cached_image_is_drawn_again(repo: Path, tmp_path: Path) -> None:
    """Each cached file is checked against the content hash in its name before use."""
    cache = tmp_path / "cache"
    use_cache_folder(repo, cache)
    assert build(repo, tmp_path / "first")[0] == 0
    for image in (cache / "share-images").glob("*.png"):
        image.write_text(SECRET, encoding="utf-8")
    code, output = build(repo, tmp_path / "second")
    assert code == 0, output
    image = tmp_path / "second" / "assets" / "share" / f"{SLUG}.png"
    assert image.read_bytes().startswith(b"\x89PNG")
    assert not publishes_secret(tmp_path / "second")


def test_caches_live_outside_the_project_by_default(repo: Path) -> None:
    code, output = build(repo)
    assert code == 0, output
    assert not (repo / ".cache").exists()
    assert (repo / "site" / "assets" / "share" / f"{SLUG}.png").is_file()


def test_serve_refuses_a_committed_preview_link(repo: Path, tmp_path: Path) -> None:
    """`serve` wrote each claim's page into .cache/preview/: a committed link there made it
    write claim text into any file the editor's account may write."""
    victim = outside(tmp_path, "bashrc", "untouched\n")
    preview = repo / ".cache" / "preview" / "claims"
    preview.mkdir(parents=True)
    (preview / f"{SLUG}.md").symlink_to(victim)
    commit_everything(repo, "Preview pages")
    server = MkDocsServer(repo, "--dirty")
    try:
        deadline = time.monotonic() + 60
        while server.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert server.process.poll() not in (None, 0), server.output()
    finally:
        server.stop()
    assert ".cache/preview/claims/" in server.log_path.read_text(encoding="utf-8")
    assert victim.read_text(encoding="utf-8") == "untouched\n"


def test_preview_pages_are_never_written_through_a_link(tmp_path: Path) -> None:
    victim = outside(tmp_path, "bashrc", "untouched\n")
    folder = tmp_path / "cache" / "preview"
    (folder / "claims").mkdir(parents=True)
    (folder / "claims" / "x.md").symlink_to(victim)
    page = RenderedPage("claims/x.md", "claims/x/", "# Claim text\n", "Title", "Description")
    with pytest.raises(CacheError, match=r"claims/x\.md: this cached file is a link"):
        write_preview_pages(folder, {page.src_uri: page})
    assert victim.read_text(encoding="utf-8") == "untouched\n"

    (folder / "claims" / "x.md").unlink()
    (folder / "claims").rmdir()
    (folder / "claims").symlink_to(victim.parent, target_is_directory=True)
    with pytest.raises(CacheError, match=r"preview/claims: this cache folder is a link"):
        write_preview_pages(folder, {page.src_uri: page})
    assert sorted(p.name for p in victim.parent.iterdir()) == ["bashrc"]


def test_a_cache_that_is_a_file_does_not_stop_the_build(repo: Path) -> None:
    (repo / ".cache").write_text("not a folder\n", encoding="utf-8")
    code, output = build(repo)
    assert code == 0, output


def test_a_cache_dir_setting_that_names_a_file_is_a_clear_error(repo: Path, tmp_path: Path) -> None:
    use_cache_folder(repo, outside(tmp_path, "a-file"))
    code, output = build(repo)
    assert code != 0
    assert "a-file: the cache needs a folder here, but this is a file" in output
    assert "Traceback" not in output


# Links --------------------------------------------------------------------------------------


def link_docs_page(repo: Path, tmp_path: Path) -> str:
    (repo / "docs" / "leak.md").symlink_to(outside(tmp_path, "secret.md"))
    return "docs/leak.md"


def link_template(repo: Path, tmp_path: Path) -> str:
    """A site template replaces the built-in one of its name."""
    text = (BUILTIN_TEMPLATES / "claim.md.jinja").read_text(encoding="utf-8") + SECRET
    (repo / "templates" / "claim.md.jinja").symlink_to(outside(tmp_path, "claim.md.jinja", text))
    return "templates/claim.md.jinja"


def link_theme_override(repo: Path, tmp_path: Path) -> str:
    """A site's theme `custom_dir` replaces theme files one by one."""
    (repo / "overrides").mkdir()
    text = (BUILTIN_THEME / "main.html").read_text(encoding="utf-8") + SECRET
    (repo / "overrides" / "main.html").symlink_to(outside(tmp_path, "main.html", text))
    edit_config(repo, lambda config: config["theme"].update(custom_dir="overrides"))
    return "overrides/main.html"


def link_config_include(repo: Path, tmp_path: Path) -> str:
    (repo / "base.yml").symlink_to(outside(tmp_path, "base.yml", f"copyright: {SECRET}\n"))
    config = repo / "mkdocs.yml"
    config.write_text("INHERIT: base.yml\n" + config.read_text(encoding="utf-8"), "utf-8")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\ncopyright:", "\n# copyright:", 1), "utf-8")
    return "base.yml"


def link_config_file(repo: Path, tmp_path: Path) -> str:
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("\ncopyright:", f"\ncopyright: {SECRET}\n#")
    config.unlink()
    config.symlink_to(outside(tmp_path, "mkdocs.yml", text))
    return "mkdocs.yml"


def link_into_git(repo: Path, tmp_path: Path) -> str:
    """actions/checkout leaves the job's access token in .git/config."""
    git(repo, "config", "http.extraheader", f"AUTHORIZATION: basic {SECRET}")
    (repo / "docs" / "settings.md").symlink_to("../.git/config")
    return "docs/settings.md"


@pytest.mark.parametrize(
    "plant",
    [
        link_docs_page,
        link_template,
        link_theme_override,
        link_config_file,
        link_config_include,
        link_into_git,
    ],
)
def test_a_link_out_of_the_project_is_refused(repo: Path, tmp_path: Path, plant) -> None:
    name = plant(repo, tmp_path)
    commit_everything(repo, "Add a page")
    code, output = build(repo)
    assert code != 0
    assert f"{name}: is a link to " in output
    assert "put a copy of the file here instead" in output
    assert not publishes_secret(repo / "site")
    assert "Traceback" not in output


def test_a_link_to_another_file_of_the_project_is_fine(repo: Path) -> None:
    (repo / "docs" / "policy.md").symlink_to("about.md")
    commit_everything(repo, "The policy under a second address")
    code, output = build(repo)
    assert code == 0, output
    assert (repo / "site" / "policy" / "index.html").is_file()


@pytest.mark.parametrize("committed", [True, False], ids=["committed", "untracked"])
def test_a_site_folder_that_is_a_link_is_refused(
    repo: Path, tmp_path: Path, committed: bool
) -> None:
    """MkDocs empties the site folder first: through a link, it emptied another folder."""
    keep = outside(tmp_path, "thesis/chapter-1.md", "years of work\n")
    (repo / "site").symlink_to(keep.parent, target_is_directory=True)
    if committed:
        commit_everything(repo, "A site link")  # `site/` in .gitignore never matched a link
    code, output = build(repo)
    assert code != 0
    assert "site: is a link (to " in output and "delete the link" in output
    assert keep.read_text(encoding="utf-8") == "years of work\n"


def test_a_link_inside_the_site_folder_is_refused(repo: Path, tmp_path: Path) -> None:
    """A link to a folder survives MkDocs' cleaning, and the build then wrote through it."""
    keep = outside(tmp_path, "thesis/chapter-1.md", "years of work\n")
    (repo / "site").mkdir()
    (repo / "site" / "claims").symlink_to(keep.parent, target_is_directory=True)
    code, output = build(repo)
    assert code != 0
    assert "site/claims: is a link (to " in output
    assert sorted(p.name for p in keep.parent.iterdir()) == ["chapter-1.md"]


# scripts/dev.py -----------------------------------------------------------------------------


def fake_program(path: Path, marker: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\ntouch '{marker}'\n", encoding="utf-8")
    path.chmod(0o755)


def dev_py_checkout(tmp_path: Path) -> Path:
    repo = committed_copy(tmp_path / "repo")
    for name in ["requirements.txt", "requirements-dev.txt", "pyproject.toml"]:
        shutil.copy(ROOT / name, repo / name)
    return repo


def run_dev_py(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/dev.py", *args],
        cwd=repo,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_dev_py_never_runs_programs_from_a_committed_venv(tmp_path: Path) -> None:
    repo = dev_py_checkout(tmp_path)
    marker = tmp_path / "PWNED"
    for program in ["python", "mkdocs", "pip"]:
        fake_program(repo / ".venv" / "bin" / program, marker)
    # the stamp scripts/dev.py wrote after installing: all it checked before running .venv
    digest = hashlib.sha256()
    for name in ["requirements.txt", "pyproject.toml"]:
        digest.update((repo / name).read_bytes())
    (repo / ".venv" / ".installed").write_text(digest.hexdigest(), encoding="utf-8")
    commit_everything(repo, "Vendor the tools")
    result = run_dev_py(repo, "build")
    assert result.returncode != 0
    assert ".venv: 4 file(s) there are committed to git" in result.stderr
    assert "git rm -r --cached .venv" in result.stderr
    assert not marker.exists()


def test_dev_py_refuses_a_venv_that_is_a_link(tmp_path: Path) -> None:
    repo = dev_py_checkout(tmp_path)
    marker = tmp_path / "PWNED"
    fake_program(tmp_path / "elsewhere" / "bin" / "mkdocs", marker)
    (repo / ".venv").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = run_dev_py(repo, "build")
    assert result.returncode != 0
    assert ".venv is a link" in result.stderr
    assert not marker.exists()


# Names --------------------------------------------------------------------------------------


def test_a_hand_written_page_with_a_non_ascii_name_gets_its_date(repo: Path) -> None:
    """git quotes such names unless asked not to: reading them crashed the date lookup."""
    shutil.copy(repo / "docs" / "about.md", repo / "docs" / "café.md")
    commit_everything(repo, "A page with an accent")
    code, output = build(repo)
    assert code == 0, output
    page = parse_html(repo / "site" / "café" / "index.html")
    updated = page.select_one(".fc-page-date")  # "Last updated <date>" on a readers' page
    assert updated is not None and str(time.gmtime().tm_year) in updated.get_text()


def test_the_bundled_project_is_trusted_as_it_is() -> None:
    """Nothing in this repository is under a path the build keeps for itself."""
    listed = subprocess.run(
        ["git", "ls-files", "-ci", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout == ""
    assert not os.path.islink(ROOT / "site")
