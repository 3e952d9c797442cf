"""`mkdocs serve` as an editor uses it: save a file, see the page change, no restart."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from factcheck.package_data import BUILTIN_TEMPLATES
from support import DevServe, MkDocsServer, copy_project

SLUG = "ice-removed-216000-convicted-criminals"
pytestmark = pytest.mark.slow


def verdict(body: str) -> str:
    """The verdict as a screen reader announces it: the badge's name, such as "Rating: True"."""
    badge = BeautifulSoup(body, "html.parser").select_one(".fc-verdict h2 .fc-badge")
    return badge["aria-label"] if badge else ""


def edit(server: MkDocsServer, relative: str, old: str, new: str) -> None:
    path = server.project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_editing_a_claim_or_a_template_updates_the_served_page(mkdocs_server) -> None:
    page = f"claims/{SLUG}/"
    mkdocs_server.wait_for(page, lambda body: "216,000 convicted criminals" in body)

    edit(
        mkdocs_server,
        f"claims/{SLUG}.yaml",
        "verdict:\n  rating: mostly-true",
        "verdict:\n  rating: half-true",
    )
    edit(
        mkdocs_server,
        f"claims/{SLUG}.yaml",
        "  summary: \"ICE's own",
        "  summary: \"Edited summary. ICE's own",
    )
    body = mkdocs_server.wait_for(page, lambda body: "Edited summary." in body)
    assert "Rating: Half true" in verdict(body)
    # pages that show this claim are rebuilt too, not only its own page
    mkdocs_server.wait_for("ratings/half-true/", lambda body: SLUG in body)

    # A template of the same name in the site's templates/ replaces the built-in one.
    override = mkdocs_server.project / "templates" / "claim.md.jinja"
    shutil.copy(BUILTIN_TEMPLATES / "claim.md.jinja", override)
    edit(
        mkdocs_server,
        "templates/claim.md.jinja",
        '>{{ _("Sources") }}</h2>',
        ">Sources we used</h2>",
    )
    mkdocs_server.wait_for(page, lambda body: "Sources we used" in body)
    assert "Traceback" not in mkdocs_server.output()


def test_a_new_claim_file_appears_while_serving(mkdocs_server) -> None:
    mkdocs_server.wait_for("claims/", lambda body: SLUG in body)
    source = mkdocs_server.project / "claims" / f"{SLUG}.yaml"
    text = source.read_text(encoding="utf-8").replace(
        'claim: "In Fiscal Year 2013', 'claim: "A brand-new claim: in Fiscal Year 2013', 1
    )
    text = text.replace("related: [", "related: [" + SLUG + ", ", 1)
    (mkdocs_server.project / "claims" / "a-brand-new-claim.yaml").write_text(text, encoding="utf-8")
    body = mkdocs_server.wait_for("claims/a-brand-new-claim/", lambda b: "A brand-new claim" in b)
    assert "Rating: Mostly true" in verdict(body)
    mkdocs_server.wait_for("claims/", lambda body: "a-brand-new-claim/" in body)


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.parametrize("stop", ["SIGTERM to the script", "Ctrl+C in its terminal"])
def test_stopping_dev_py_serve_stops_the_preview_it_started(stop: str, tmp_path: Path) -> None:
    """The script runs `mkdocs serve` as a child process: stopping the script must not leave
    the preview running on its port, and Ctrl+C prints no traceback."""
    server = DevServe(copy_project(tmp_path / "project"), own_session=True)
    try:
        server.wait_for(f"claims/{SLUG}/", lambda body: "fc-verdict" in body)
        if stop.startswith("SIGTERM"):
            server.process.terminate()
        else:
            os.killpg(server.process.pid, signal.SIGINT)  # what a terminal does on Ctrl+C
        server.process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while answers(server.port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not answers(server.port), server.output()
        assert "Traceback" not in server.output()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
        server.stop()
