"""A bad edit under `mkdocs serve`: the error is shown, the server survives, a fix recovers."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import MkDocsServer

SLUG = "ice-60-percent-of-removals-convicted"
PAGE = f"claims/{SLUG}/"
pytestmark = pytest.mark.slow


def shows_claim(body: str) -> bool:
    heading = BeautifulSoup(body, "html.parser").select_one(".fc-verdict h2")
    return heading is not None and "Rating: True" in " ".join(heading.get_text().split())


def error_items(body: str) -> list[str]:
    soup = BeautifulSoup(body, "html.parser")
    return [li.get_text() for li in soup.select(".fc-error li")]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'rating: "true"',
            "rating: mostly-ture",
            "verdict.rating: 'mostly-ture' is not a rating; did you mean 'mostly-true'?",
        ),
        ("verdict:\n", "verdict:\n\tbroken: [\n", "tab character used for indentation"),
    ],
    ids=["bad-rating", "broken-yaml"],
)
def test_bad_edit_shows_an_error_page_and_a_fix_recovers(
    mkdocs_server: MkDocsServer, old: str, new: str, expected: str
) -> None:
    path = mkdocs_server.project / "claims" / f"{SLUG}.yaml"
    good = path.read_text(encoding="utf-8")
    mkdocs_server.wait_for(PAGE, shows_claim)
    assert old in good
    path.write_text(good.replace(old, new, 1), encoding="utf-8")

    body = mkdocs_server.wait_for(PAGE, lambda b: "This claim file has problems" in b)
    items = error_items(body)
    assert any(f"claims/{SLUG}.yaml:" in item and expected in item for item in items), items
    terminal = mkdocs_server.output()
    assert f"claims/{SLUG}.yaml:" in terminal and expected in terminal
    assert "Traceback" not in terminal
    assert mkdocs_server.process.poll() is None
    # the rest of the site is still served while one file is broken
    assert "ice-removed-216000-convicted-criminals" in mkdocs_server.fetch("claims/")

    path.write_text(good, encoding="utf-8")
    mkdocs_server.wait_for(PAGE, shows_claim)
    assert "Traceback" not in mkdocs_server.output()
