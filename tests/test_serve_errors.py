"""A bad edit under `mkdocs serve`: the error is shown, the server survives, a fix recovers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup

from support import MkDocsServer, copy_project

SLUG = "ice-60-percent-of-removals-convicted"
PAGE = f"claims/{SLUG}/"
FILE = f"claims/{SLUG}.yaml"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["full", "dirty"])
def serving(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MkDocsServer]:
    """One `mkdocs serve` (and one with --dirty) for every bad edit: each test puts the file
    back as it found it, and waits for the good page before it breaks the file again."""
    project = copy_project(tmp_path_factory.mktemp("serve-errors") / "project")
    server = MkDocsServer(project, *(["--dirty"] if request.param == "dirty" else []))
    try:
        yield server
    finally:
        server.stop()


def shows_claim(body: str) -> bool:
    badge = BeautifulSoup(body, "html.parser").select_one(".fc-verdict h2 .fc-badge")
    return badge is not None and badge["aria-label"] == "Rating: True"


def error_items(body: str) -> list[str]:
    soup = BeautifulSoup(body, "html.parser")
    return [li.get_text() for li in soup.select(".fc-error li")]


def shows_error(body: str) -> bool:
    return bool(error_items(body))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'rating: "true"',
            "rating: mostly-ture",
            f"{FILE}:14:11: verdict.rating: 'mostly-ture' is not a rating; "
            "did you mean 'mostly-true'?",
        ),
        (
            "verdict:\n",
            "verdict:\n\tbroken: [\n",
            f"{FILE}:14:1: tab character used for indentation",
        ),
        (
            'previously convicted of a crime."\n',
            "previously convicted of a crime.\n",
            f"{FILE}:15:12: the quote opened here is not closed on this line",
        ),
    ],
    ids=["bad-rating", "tab-indent", "unclosed-quote"],
)
def test_bad_edit_shows_an_error_page_and_a_fix_recovers(
    serving: MkDocsServer, old: str, new: str, expected: str
) -> None:
    mkdocs_server = serving
    path = mkdocs_server.project / FILE
    good = path.read_text(encoding="utf-8")
    mkdocs_server.wait_for(PAGE, shows_claim, timeout=60)
    assert old in good
    path.write_text(good.replace(old, new, 1), encoding="utf-8")

    body = mkdocs_server.wait_for(PAGE, shows_error, timeout=60)
    items = error_items(body)
    assert len(items) == 1 and items[0].startswith(expected), items
    heading = BeautifulSoup(body, "html.parser").select_one(".fc-error h1")
    assert heading is not None and heading.get_text() == "This claim file has problems"
    terminal = mkdocs_server.output()
    assert f"ERROR   -  {expected}" in terminal
    assert "Traceback" not in terminal
    assert mkdocs_server.process.poll() is None
    # the rest of the site is still served while one file is broken
    index = BeautifulSoup(mkdocs_server.fetch("claims/"), "html.parser")
    assert index.select_one('a[href$="ice-removed-216000-convicted-criminals/"]') is not None

    path.write_text(good, encoding="utf-8")
    body = mkdocs_server.wait_for(PAGE, shows_claim, timeout=60)
    assert error_items(body) == []
    assert "Traceback" not in mkdocs_server.output()
    assert mkdocs_server.process.poll() is None


def test_the_terminal_shows_warnings_for_the_file_being_edited_and_counts_the_rest(
    mkdocs_server: MkDocsServer,
) -> None:
    """The archive's old warnings would bury an editor's own: only the edited file's are listed."""
    path = mkdocs_server.project / FILE
    mkdocs_server.wait_for(PAGE, shows_claim, timeout=60)
    first = mkdocs_server.output()
    assert "WARNING -  claims/" not in first  # nothing edited yet: no file's warnings listed
    assert "warnings in " in first and "run `factcheck check` to list them" in first

    text = path.read_text(encoding="utf-8")
    undated = "sources:\n  - title: Edited source\n    publisher: Me\n    url: https://x.example/\n"
    path.write_text(text.replace("sources:\n", undated, 1), encoding="utf-8")
    mkdocs_server.wait_for(PAGE, lambda body: "Edited source" in body, timeout=60)
    terminal = mkdocs_server.output()[len(first) :]
    assert f"WARNING -  {FILE}:" in terminal and "sources[1]: has no date" in terminal
    listed = [line for line in terminal.splitlines() if line.startswith("WARNING -  claims/")]
    assert all(line.startswith(f"WARNING -  {FILE}:") for line in listed), listed
    assert "other file" in terminal
