#!/usr/bin/env python3
"""Set up the project and run it, with nothing but Python 3.11+.

    python3 scripts/dev.py serve    # install into .venv, then preview the site at http://127.0.0.1:8000
    python3 scripts/dev.py build    # install, then build the site into site/
    python3 scripts/dev.py test     # install with test tools, lint, then run the whole test suite
    python3 scripts/dev.py bench    # install, then benchmark the generator against plain MkDocs
    python3 scripts/dev.py messages # install, then update the message catalogues from the code

Each command creates `.venv` on first use and reinstalls only when the pinned requirements
change, so the second run starts at once. Extra arguments go to the underlying tool.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _requirements_digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in [*files, ROOT / "pyproject.toml"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _in_git_checkout() -> bool:
    return any((folder / ".git").exists() for folder in [ROOT, *ROOT.parents])


def refuse_committed_venv() -> None:
    """Programs in a .venv that came with the checkout are the checkout's code, not ours: a
    pull request that commits .venv/bin/mkdocs and a matching stamp must not get it run."""
    if VENV.is_symlink():
        sys.exit(
            f".venv is a link (to {os.readlink(VENV)}); scripts/dev.py only runs programs from "
            "the .venv it made itself: delete the link and run again."
        )
    if not _in_git_checkout():
        return
    try:
        result = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "-z", "--", ":(literal).venv"],
            capture_output=True,
            check=False,
        )
    except OSError:
        sys.exit("git is needed to check this checkout, and it cannot run here: install git.")
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip()
        sys.exit(
            f"git cannot read this checkout, so scripts/dev.py cannot tell whether .venv "
            f"came with it: {reason}"
        )
    tracked = [name for name in result.stdout.decode("utf-8", "replace").split("\0") if name]
    if tracked:
        sys.exit(
            f".venv: {len(tracked)} file(s) there are committed to git (e.g. {tracked[0]}). "
            "scripts/dev.py never runs programs that came with a checkout. Remove them from "
            "git (`git rm -r --cached .venv`, then commit), delete .venv, and run again."
        )


def ensure_environment(dev: bool) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (this file runs under any system Python)
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    refuse_committed_venv()
    requirements = ROOT / ("requirements-dev.txt" if dev else "requirements.txt")
    site_only = _requirements_digest([ROOT / "requirements.txt"])
    with_tools = _requirements_digest([ROOT / "requirements.txt", ROOT / "requirements-dev.txt"])
    stamp = VENV / (".installed-dev" if dev else ".installed")
    wanted = with_tools if dev else site_only
    if PYTHON.exists() and _stamped(stamp, wanted):
        return
    # `setup` and `test` install the site's packages and the test tools: `serve` needs no more.
    if not dev and PYTHON.exists() and _stamped(VENV / ".installed-dev", with_tools):
        return
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    print(f"Installing pinned packages from {requirements.name} ...", flush=True)
    subprocess.run([*pip, "-r", str(requirements)], check=True, cwd=ROOT)
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", "."], check=True, cwd=ROOT)
    stamp.write_text(wanted)


def _stamped(stamp: Path, wanted: str) -> bool:
    return stamp.is_file() and stamp.read_text() == wanted


CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")


def ensure_chromium() -> None:
    """The browser tests drive a real Chromium. Debian's package is installed when missing
    (as root, with apt-get); elsewhere set FACTCHECK_CHROMIUM to a Chromium or Chrome binary.
    Playwright's own browser download is never used: it fails where only package registries
    are reachable."""
    if os.path.exists(CHROMIUM):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Chromium missing: installing Debian's chromium package ...", flush=True)
        started = time.monotonic()
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        quiet = {"stdout": subprocess.DEVNULL, "stdin": subprocess.DEVNULL, "env": env}
        ok = subprocess.run(["apt-get", "update"], **quiet).returncode == 0 and (
            subprocess.run(["apt-get", "install", "-y", "chromium"], **quiet).returncode == 0
        )
        if ok and os.path.exists(CHROMIUM):
            print(f"Chromium installed in {time.monotonic() - started:.0f} s.", flush=True)
            return
    sys.exit(
        f"The browser tests need Chromium at {CHROMIUM}, and it could not be installed here. "
        "Install it (Debian/Ubuntu: `apt-get install chromium`) or set FACTCHECK_CHROMIUM "
        "to a Chromium or Chrome binary, then run the tests again."
    )


def run(*command: str, **extra_env: str) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra_env}
    process = subprocess.Popen([str(BIN / command[0]), *command[1:]], cwd=ROOT, env=env)
    # A stop request sent to this script (a supervisor's or a test's SIGTERM) must stop the
    # command too, or `serve` would outlive it. Ctrl+C already reaches both, as a terminal
    # signals the whole process group: the command then ends as it sees fit, and this script
    # waits for it rather than printing a traceback.
    signal.signal(signal.SIGTERM, lambda signum, _frame: process.send_signal(signum))
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"serve", "build", "test", "setup", "bench", "messages"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    # the benchmark measures the preview and the search page in Chromium, a test tool
    ensure_environment(dev=command in {"test", "setup", "bench"})
    if command == "serve":
        # --dirty: after the first build, rebuild only pages whose text changed (the generator
        # keeps unchanged pages' files untouched). `build` is always a clean, full build.
        return run("mkdocs", "serve", "--dirty", *rest)
    if command == "build":
        return run("mkdocs", "build", "--strict", *rest)
    if command == "setup":
        return 0
    if command == "bench":
        ensure_chromium()
        # the benchmark is a maintainers' tool beside the package, never installed with it
        return run("python", "-m", "devtools.bench", *rest, PYTHONPATH=str(ROOT / "scripts"))
    if command == "messages":  # docs/contributing/languages.md
        return run("python", "-m", "factcheck.messages", *rest)
    ensure_chromium()
    for lint in (
        ["ruff", "check", "scripts", "tests"],
        ["ruff", "format", "--check", "scripts", "tests"],
    ):
        if code := run(*lint):
            print("Lint failed: run `.venv/bin/ruff format scripts tests` and fix what remains.")
            return code
    return run("pytest", *rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
