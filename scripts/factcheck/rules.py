"""Rules beyond the shape of one field: across fields of a claim, and across claim files."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from .history import ClaimHistory, GitError, RatingChange
from .load import PLACEHOLDER, FieldPath, LoadedFile, display_path_for
from .model import CLAIM_REVIEWED_LIMIT, Claim
from .problems import Problem, Severity
from .result import CheckResult, ValidClaim
from .settings import Settings
from .slugs import is_reserved_slug, is_slug, slugify
from .wording import did_you_mean, team_hint

# A fact-check scheduled further ahead than this is more likely a mistyped year.
EMBARGO_LIMIT = dt.timedelta(days=366)


def cross_field_problems(loaded: LoadedFile, claim: Claim, settings: Settings) -> list[Problem]:
    problems: list[Problem] = []

    def at(loc: FieldPath, message: str, hint: str = "") -> None:
        problems.append(loaded.problem_at(loc, message, hint))

    keys = list(settings.ratings_by_key)
    for index, correction in enumerate(claim.corrections):
        previous = correction.previous_rating
        if previous is not None and previous not in settings.ratings_by_key:
            at(
                ("corrections", index, "previous_rating"),
                f"{previous!r} is not a rating{did_you_mean(previous, keys)}",
                "ratings: " + ", ".join(keys),
            )
    problems.extend(team_problems(loaded, claim, settings))
    if claim.published < claim.date:
        at(("published",), "is before the claim's `date`", "a claim is checked after it is made")
    if claim.updated is not None and claim.updated < claim.published:
        at(("updated",), "is before `published`", "an update comes after publication")
    for index, correction in enumerate(claim.corrections):
        if correction.date < claim.published:
            at(("corrections", index, "date"), "is before `published`", "a correction follows it")
    seen: dict[str, int] = {}
    for index, source in enumerate(claim.sources):
        if source.url in seen:
            at(
                ("sources", index, "url"),
                f"repeats the web address of source {seen[source.url] + 1}",
                "list each source once",
            )
        seen.setdefault(source.url, index)
    problems.extend(translation_problems(loaded, claim, settings))
    return problems


def translation_problems(loaded: LoadedFile, claim: Claim, settings: Settings) -> list[Problem]:
    """`translations` names the other editions; this site's own language is this page."""
    own = settings.i18n.tag
    return [
        loaded.problem_at(
            ("translations", code),
            f"{code!r} is this site's own language",
            "list only the fact-check's pages on the sites in other languages",
            at_key=True,
        )
        for code in claim.translations
        if code.split("-")[0].lower() == own.split("-")[0].lower()
    ]


def team_problems(loaded: LoadedFile, claim: Claim, settings: Settings) -> list[Problem]:
    """Every author and editor must be a key of the site's `team`, so the byline can name them."""
    keys = list(settings.team_by_key)
    hint = team_hint(settings)
    problems = []
    for role, people in (("authors", claim.authors), ("editors", claim.editors)):
        for index, key in enumerate(people):
            if key not in settings.team_by_key:
                message = f"{key!r} is not on the team{did_you_mean(key, keys)}"
                problems.append(loaded.problem_at((role, index), message, hint))
    return problems


def warnings_for(loaded: LoadedFile, claim: Claim) -> list[Problem]:
    problems: list[Problem] = []

    def warn(loc: FieldPath, message: str, hint: str) -> None:
        problems.append(loaded.problem_at(loc, message, hint, Severity.WARNING))

    if claim.claim_short is None and len(claim.claim) > CLAIM_REVIEWED_LIMIT:
        warn(
            ("claim",),
            f"is {len(claim.claim)} characters; search engines show only {CLAIM_REVIEWED_LIMIT}",
            "add a `claim_short:` of 75 characters or fewer",
        )
    if claim.published > dt.date.today() + EMBARGO_LIMIT:
        warn(
            ("published",),
            f"is more than a year away ({claim.published.isoformat()})",
            "a date in the future keeps the fact-check off the site until then; check the year",
        )
    for index, source in enumerate(claim.sources):
        if source.date is None:
            warn(("sources", index), "has no date", "add `date:` if the source shows one")
    if not claim.counter_claims:
        warn(
            ("counter_claims",),
            "is empty",
            "ask the claimant or the other side for a response and record it",
        )
    return problems


def placeholder_problems(loaded: LoadedFile) -> list[Problem]:
    """`factcheck new` marks what the editor must write with REPLACE; none may be published."""
    if not loaded.may_hold_placeholder:
        return []
    return [
        loaded.problem_at(
            loc,
            "still holds a REPLACE placeholder from `factcheck new`",
            "write the real value here",
        )
        for loc, value in _text_values(loaded.data, ())
        if PLACEHOLDER in value
    ]


def _text_values(value: Any, loc: FieldPath) -> list[tuple[FieldPath, str]]:
    if isinstance(value, str):
        return [(loc, value)]
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _text_values(v, (*loc, k))]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) for pair in _text_values(v, (*loc, i))]
    return []


def alias_problems(result: CheckResult, all_slugs: set[str]) -> list[Problem]:
    """An old address may lead to one claim only, and never shadow a claim that exists."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for valid in result.claims:
        loaded = result.loaded[valid.slug]
        for index, alias in enumerate(valid.claim.aliases):
            clash = "is the slug of an existing claim" if alias in all_slugs else ""
            if is_reserved_slug(alias):
                clash = "is reserved for the site's own pages"
            if alias in owner:
                clash = f"is already an alias of {owner[alias]!r}"
            owner.setdefault(alias, valid.slug)
            if clash:
                problems.append(
                    loaded.problem_at(
                        ("aliases", index),
                        f"{alias!r} {clash}",
                        "an alias is a former slug of this claim only",
                    )
                )
    return problems


def claimant_slug_problems(result: CheckResult) -> list[Problem]:
    """Two different claimant names never share a page, a feed or a row of the index.

    'Müller' and 'Muller', 'ICE' and 'Ice', or two names in another script that are spelled
    alike in ASCII would all be merged into one claimant under whichever name came first.
    """
    problems: list[Problem] = []
    first: dict[str, ValidClaim] = {}
    for valid in result.claims:
        name = unicodedata.normalize("NFC", valid.claim.claimant.name)
        slug = slugify(name)
        other = first.setdefault(slug, valid)
        other_name = unicodedata.normalize("NFC", other.claim.claimant.name)
        if other_name != name:
            problems.append(
                result.loaded[valid.slug].problem_at(
                    ("claimant", "name"),
                    f"{name!r} would share the page claimants/{slug}/ with {other_name!r} "
                    f"in {other.source_file}",
                    "spell the same claimant the same way in every file; tell different "
                    "claimants apart in the name, e.g. with their role in brackets",
                )
            )
    return problems


def related_problems(
    result: CheckResult, loaded_by_slug: dict[str, LoadedFile], all_slugs: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    for valid in result.claims:
        loaded = loaded_by_slug[valid.slug]
        for index, slug in enumerate(valid.claim.related):
            if slug not in all_slugs:
                problems.append(
                    loaded.problem_at(
                        ("related", index),
                        f"no claim file is named {slug!r}{did_you_mean(slug, sorted(all_slugs))}",
                        "use the file name of another claim, without .yaml",
                    )
                )
    return problems


def require_corrections(result: CheckResult, changes: dict[str, list[RatingChange]]) -> None:
    """Every rating change found in history needs a `corrections` entry naming the old rating."""
    failed: set[str] = set()
    for valid in result.claims:
        unexplained, unused = _unexplained(changes.get(valid.slug, []), valid.claim)
        loaded = result.loaded[valid.slug]
        for change in unexplained:
            result.problems.append(_unrecorded_change(loaded, valid.claim, change, unused))
            failed.add(valid.slug)
    result.invalid_slugs.extend(sorted(failed))
    result.claims = [c for c in result.claims if c.slug not in failed]


def _unrecorded_change(
    loaded: LoadedFile, claim: Claim, change: RatingChange, unused: list[int]
) -> Problem:
    """The problem for a change no correction names: at a correction whose `previous_rating`
    names no change (likeliest the one meant for it; one dated from the change's day on, if
    any, as a correction is often committed days after the date it gives), or else at the
    rating."""
    when = f"{change.describe()} on {change.date.isoformat()}"
    meant = [i for i in unused if claim.corrections[i].date >= change.date] or unused
    if meant:
        index = meant[0]
        unused.remove(index)
        written = claim.corrections[index].previous_rating
        return loaded.problem_at(
            ("corrections", index, "previous_rating"),
            f"is {written!r}, but the rating before the change was {change.previous!r}: {when}",
            f"write previous_rating: {change.previous}",
        )
    return loaded.problem_at(
        ("verdict", "rating"),
        f"{when}, but `corrections` does not record it",
        f"add a correction with date, note and previous_rating: {change.previous}",
    )


def _unexplained(changes: list[RatingChange], claim: Claim) -> tuple[list[RatingChange], list[int]]:
    """The changes no correction names as its previous rating, and the corrections (by index,
    oldest first) whose previous rating names no change."""
    unused = [i for i, c in enumerate(claim.corrections) if c.previous_rating]
    missing = []
    for change in changes:
        match = next(
            (i for i in unused if claim.corrections[i].previous_rating == change.previous), None
        )
        if match is None:
            missing.append(change)
        else:
            unused.remove(match)
    return missing, unused


def moved_claim_warnings(
    result: CheckResult, history: ClaimHistory, claims_dir: Path, root: Path
) -> list[Problem]:
    """A claim file renamed or removed without an alias breaks every link readers saved."""
    kept = {alias for valid in result.claims for alias in valid.claim.aliases}
    problems: list[Problem] = []
    for valid in result.claims:
        for old, commit in history.renamed_from.get(valid.slug, []):
            if old in kept or not is_slug(old):
                continue
            kept.add(old)
            problems.append(
                result.loaded[valid.slug].problem_at(
                    ("aliases",),
                    f"this claim was published as {old!r} until commit {commit[:7]} renamed "
                    f"its file: links to claims/{old}/ now lead nowhere",
                    f"add `aliases: [{old}]` so the old address redirects here",
                    Severity.WARNING,
                )
            )
    folder = display_path_for(claims_dir, root)
    for old, commit in sorted(history.removed.items()):
        if old in kept:
            continue
        when = f"in commit {commit[:7]}" if commit else "in your uncommitted change"
        problems.append(
            Problem(
                f"{folder}/{old}.yaml",
                0,
                0,
                "",
                f"claim {old!r} was removed {when}: links to claims/{old}/ now lead nowhere",
                f"if the claim moved to another file, add `aliases: [{old}]` to that file",
                Severity.WARNING,
            )
        )
    return problems


def history_unreadable(folder: str, error: GitError) -> Problem:
    """git could not read the history the corrections rule needs: never publish regardless."""
    return Problem(
        folder,
        0,
        0,
        "",
        f"cannot read the claims' git history, which shows any rating change that needs a "
        f"correction: {error}",
        "let git read the whole history (a CI checkout needs `fetch-depth: 0`, and for "
        "'dubious ownership' `git config --global --add safe.directory <folder>`); a site "
        "with no history can set `corrections_from_history: false` in the factcheck plugin's "
        "options in mkdocs.yml",
    )
