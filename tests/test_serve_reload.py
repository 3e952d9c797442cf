"""Live reload under `mkdocs serve`, beyond tests/test_serve.py: claim text and removed claims.

tests/test_serve.py covers editing a summary, a rating and a template, and adding a claim.
Here: the claim text itself (heading, index and JSON-LD all follow), and a claim that is added
then deleted again, whose page, claimant page and topic page must go away with it, including
under `--dirty`, which `scripts/dev.py serve` uses and which never cleans the site folder.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup

from support import MkDocsServer

SLUG = "ice-removed-216000-convicted-criminals"  # has no claim_short: claimReviewed is `claim`
OLD_CLAIM = 'claim: "In Fiscal Year 2013 the agency removed 216,000 convicted criminals."'
NEW_CLAIM_TEXT = "In Fiscal Year 2013 the agency removed 216,001 convicted criminals, edited."
NEW_SLUG = "claim-added-then-deleted"
NEW_CLAIMANT = "Temporary Claimant Institute"
NEW_TOPIC = "temporary-topic"
pytestmark = pytest.mark.slow


def soup_of(body: str) -> BeautifulSoup:
    return BeautifulSoup(body, "html.parser")


def heading(body: str) -> str:
    h1 = soup_of(body).select_one("h1.fc-claim__text")
    return " ".join(h1.get_text().split()) if h1 else ""


def claim_reviewed(body: str) -> str | None:
    script = soup_of(body).find("script", type="application/ld+json")
    return json.loads(script.string)["claimReviewed"] if script else None


def listed_claims(body: str) -> list[str]:
    """Link texts of the claims an index page lists."""
    return [" ".join(a.get_text().split()) for a in soup_of(body).select("a.fc-list__claim")]


def status(server: MkDocsServer, path: str) -> int:
    try:
        with urllib.request.urlopen(server.url(path), timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_editing_the_claim_text_updates_heading_index_and_claimreview(
    mkdocs_server: MkDocsServer,
) -> None:
    page = f"claims/{SLUG}/"
    mkdocs_server.wait_for(page, lambda body: "216,000 convicted criminals" in heading(body))
    path = mkdocs_server.project / "claims" / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    assert OLD_CLAIM in text
    path.write_text(text.replace(OLD_CLAIM, f'claim: "{NEW_CLAIM_TEXT}"', 1), encoding="utf-8")

    body = mkdocs_server.wait_for(page, lambda body: heading(body) == f"Claim: {NEW_CLAIM_TEXT}")
    assert claim_reviewed(body) == NEW_CLAIM_TEXT
    assert NEW_CLAIM_TEXT in soup_of(body).title.get_text()
    mkdocs_server.wait_for("claims/", lambda body: NEW_CLAIM_TEXT in listed_claims(body))
    mkdocs_server.wait_for("", lambda body: NEW_CLAIM_TEXT in listed_claims(body))
    assert "216,000 convicted criminals." not in listed_claims(mkdocs_server.fetch("claims/"))
    assert "Traceback" not in mkdocs_server.output()


def new_claim_file(server: MkDocsServer) -> str:
    """A copy of a bundled claim under a new slug, claimant and topic that nothing else uses."""
    text = (server.project / "claims" / f"{SLUG}.yaml").read_text(encoding="utf-8")
    replacements = [
        (OLD_CLAIM, 'claim: "A claim that is added and then deleted again."'),
        ("  name: U.S. Immigration and Customs Enforcement", f"  name: {NEW_CLAIMANT}"),
        ("topics: [immigration,", f"topics: [{NEW_TOPIC}, immigration,"),
    ]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_a_claim_added_then_deleted_disappears_with_its_pages(mkdocs_server: MkDocsServer) -> None:
    pages = [
        f"claims/{NEW_SLUG}/",
        "claimants/temporary-claimant-institute/",
        f"topics/{NEW_TOPIC}/",
    ]
    mkdocs_server.wait_for("claims/", lambda body: SLUG in body)
    path = mkdocs_server.project / "claims" / f"{NEW_SLUG}.yaml"
    path.write_text(new_claim_file(mkdocs_server), encoding="utf-8")
    for page in pages:
        mkdocs_server.wait_for(page, lambda body: "A claim that is added" in body)

    path.unlink()
    mkdocs_server.wait_for("claims/", lambda body: "A claim that is added" not in body)
    for page in pages:
        # the index rebuilt without the claim, so the build that removed it has finished
        assert status(mkdocs_server, page) == 404, page
    assert "Traceback" not in mkdocs_server.output()


def linked_claims(body: str) -> set[str]:
    """Addresses of the claims an index page lists."""
    return {a["href"] for a in soup_of(body).select("a.fc-list__claim")}


def lists_the_claim(body: str) -> bool:
    return any(SLUG in href for href in linked_claims(body))


def test_a_new_rating_and_claimant_move_the_claim_between_lists(
    mkdocs_server: MkDocsServer,
) -> None:
    """A save rebuilds every list the claim leaves and joins, not only its own page."""
    old_claimant = "claimants/u-s-immigration-and-customs-enforcement/"
    new_claimant = "claimants/office-of-renamed-enforcement/"
    mkdocs_server.wait_for(old_claimant, lists_the_claim)
    assert lists_the_claim(mkdocs_server.fetch("ratings/mostly-true/"))
    assert status(mkdocs_server, new_claimant) == 404
    path = mkdocs_server.project / "claims" / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in [
        ("verdict:\n  rating: mostly-true", "verdict:\n  rating: mostly-false"),
        (
            "  name: U.S. Immigration and Customs Enforcement",
            "  name: Office of Renamed Enforcement",
        ),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")

    mkdocs_server.wait_for(new_claimant, lists_the_claim)
    assert not lists_the_claim(mkdocs_server.fetch(old_claimant))
    assert linked_claims(mkdocs_server.fetch(old_claimant)), "ICE's other claim is still listed"
    assert lists_the_claim(mkdocs_server.fetch("ratings/mostly-false/"))
    assert not lists_the_claim(mkdocs_server.fetch("ratings/mostly-true/"))
    assert "Office of Renamed Enforcement" in mkdocs_server.fetch("claimants/")
    assert "Traceback" not in mkdocs_server.output()
