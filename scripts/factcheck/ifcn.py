"""`factcheck ifcn`: which items of the IFCN Code of Principles the site shows readers yet.

The International Fact-Checking Network's Code asks signatories for five commitments:
non-partisanship and fairness, and transparency of sources, of funding and organisation, of
methodology, and an open and honest corrections policy. Most of what a reader can see of
them comes from the site's settings and its claim files, so the gaps can be listed without a
build. A value still holding a placeholder (an example.org address, REPLACE) counts as
missing: readers cannot use it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .model import Claim
from .result import CheckResult
from .settings import Settings
from .site import publishable

CODE_URL = "https://ifcncodeofprinciples.poynter.org/"
COMMITMENTS = (
    "Non-partisanship and fairness",
    "Transparency of sources",
    "Transparency of funding and organisation",
    "Transparency of methodology",
    "An open and honest corrections policy",
)
_PLACEHOLDER_HOST = re.compile(r"(^|[.@/])example\.(org|com|net)\b", re.IGNORECASE)
_POLICY_HEADING = re.compile(r"^#{1,6}\s.*\bcorrections? policy\b", re.IGNORECASE | re.MULTILINE)
OPTION = "under the factcheck plugin in mkdocs.yml"


@dataclass(frozen=True)
class Item:
    commitment: int  # 1-based, as numbered in COMMITMENTS
    what: str
    shown: bool
    detail: str  # what readers see, or how to show it

    def format(self) -> str:
        return f"  {'shown  ' if self.shown else 'MISSING'}  {self.what}: {self.detail}"


def is_placeholder(value: str | None) -> bool:
    return value is not None and ("REPLACE" in value or _PLACEHOLDER_HOST.search(value) is not None)


def _stated(value: str | None) -> bool:
    return bool(value and value.strip()) and not is_placeholder(value)


TRANSPARENCY_PAGE = "Who we are and who funds us (transparency/)"


def _setting(commitment: int, what: str, value: str | None, option: str) -> Item:
    if _stated(value):
        return Item(commitment, what, True, f"on {TRANSPARENCY_PAGE}")
    return Item(commitment, what, False, f"set `{option}` {OPTION}")


def report(settings: Settings, result: CheckResult, docs_dir: Path, today: dt.date) -> list[Item]:
    """Every item, in the Code's order; `result` is a check of the site's claim files."""
    claims = [v.claim for v in publishable(result.claims, today)]
    return [
        *_fairness(settings, claims),
        *_sources(claims),
        *_organisation(settings),
        *_methodology(settings),
        *_corrections(settings, docs_dir),
    ]


def _fairness(settings: Settings, claims: list[Claim]) -> list[Item]:
    answered = sum(1 for c in claims if c.counter_claims)
    return [
        _setting(
            1,
            "a statement of non-partisanship",
            settings.organisation.nonpartisanship,
            "organisation.nonpartisanship",
        ),
        Item(
            1,
            "the other side's response",
            answered == len(claims),
            f"{answered} of {len(claims)} published fact-checks record one",
        ),
    ]


def _sources(claims: list[Claim]) -> list[Item]:
    sources = [s for c in claims for s in c.sources]
    archived = sum(1 for s in sources if s.archive_url)
    return [
        Item(
            2,
            "every source named and linked",
            bool(claims),
            f"{len(sources)} sources on {len(claims)} published fact-checks",
        ),
        Item(
            2,
            "an archived copy of every source",
            archived == len(sources),
            f"{archived} of {len(sources)} sources have an `archive_url` "
            "(`factcheck links` names the others)",
        ),
    ]


def _organisation(settings: Settings) -> list[Item]:
    org = settings.organisation
    funding = org.funding if org.funding or not org.funders else "funders listed"
    team = len(settings.team)
    return [
        _setting(3, "who owns the site", org.ownership, "organisation.ownership"),
        _setting(3, "its legal status", org.legal_status, "organisation.legal_status"),
        _setting(3, "who funds it", funding, "organisation.funding` or `organisation.funders"),
        Item(
            3,
            "the people behind it, with bylines",
            bool(team),
            f"{team} on Our team (team/); every fact-check names its authors"
            if team
            else f"list them as `team` {OPTION}",
        ),
        _contact_item(3, "a way to contact the editors", settings, f"on {TRANSPARENCY_PAGE}"),
    ]


def _methodology(settings: Settings) -> list[Item]:
    count = len(settings.rating_scale)
    return [
        Item(
            4,
            "how claims are rated",
            bool(count),
            f"How we rate claims (methodology/) explains each of the {count} ratings",
        ),
        _contact_item(4, "a way for readers to suggest claims", settings, "on suggest/"),
    ]


def _corrections(settings: Settings, docs_dir: Path) -> list[Item]:
    policy = _corrections_policy(docs_dir)
    return [
        Item(
            5,
            "a public corrections policy",
            policy is not None,
            f"a 'Corrections policy' heading in {policy}"
            if policy
            else "add a page under docs/ with a 'Corrections policy' heading "
            "(fact-checks link to about/#corrections-policy)",
        ),
        Item(5, "a page listing every correction", True, "on Corrections (corrections/)"),
        _contact_item(
            5, "a way for readers to report errors", settings, "'Report an error' on each page"
        ),
    ]


def _contact_item(commitment: int, what: str, settings: Settings, where: str) -> Item:
    contact = settings.contact
    if _stated(contact.form_url):
        return Item(commitment, what, True, f"{where}, by the site's form")
    if _stated(contact.email):
        return Item(commitment, what, True, f"{where}, by email to {contact.email}")
    return Item(
        commitment,
        what,
        False,
        f"give a real `contact.email` or `contact.form_url` {OPTION}; "
        "a placeholder such as an example.org address reaches no one",
    )


def _corrections_policy(docs_dir: Path) -> str | None:
    """The hand-written page holding the corrections policy, if there is one."""
    if not docs_dir.is_dir():
        return None
    for page in sorted(docs_dir.rglob("*.md")):
        if _POLICY_HEADING.search(page.read_text(encoding="utf-8", errors="replace")):
            return page.relative_to(docs_dir.parent).as_posix()
    return None


def format_report(items: list[Item]) -> list[str]:
    lines = ["IFCN Code of Principles: what this site shows its readers", ""]
    for number, commitment in enumerate(COMMITMENTS, start=1):
        lines.append(f"{number}. {commitment}")
        lines.extend(item.format() for item in items if item.commitment == number)
    shown = sum(item.shown for item in items)
    lines += ["", f"{shown} of {len(items)} items shown; {len(items) - shown} missing.", CODE_URL]
    return lines
