"""The whole site as data: every claim with its rating, and the indexes, computed once a build."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from . import paths
from .model import Claim
from .result import ValidClaim
from .settings import Rating, Settings
from .slugs import slugify

RELATED_LIMIT = 5


@dataclass(frozen=True)
class HistoryItem:
    """One correction as readers see it; `old`/`new` are set when it changed the rating."""

    date: dt.date
    note: str
    old: Rating | None = None
    new: Rating | None = None


@dataclass
class Entry:
    """A claim with what pages need to show and link it."""

    slug: str
    claim: Claim
    rating: Rating
    source_file: str
    claimant_slug: str
    related: list[Entry] = field(default_factory=list)
    history: list[HistoryItem] = field(default_factory=list)

    @property
    def url(self) -> str:
        return paths.claim(self.slug)


@dataclass
class Group:
    """A set of claims shown on one index page (a claimant, a topic or a rating)."""

    slug: str
    name: str
    entries: list[Entry]
    url: str


@dataclass
class Site:
    settings: Settings
    entries: list[Entry]  # newest fact-check first
    by_rating: dict[str, Group]
    claimants: dict[str, Group]
    topics: dict[str, Group]
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def latest(self) -> list[Entry]:
        return self.entries[: self.settings.latest_count]

    @property
    def corrections(self) -> list[tuple[Entry, HistoryItem]]:
        """Every correction on the site, newest first."""
        items = [(e, h) for e in self.entries for h in e.history]
        return sorted(items, key=lambda pair: (pair[1].date, pair[0].slug), reverse=True)

    @property
    def due_for_review(self) -> list[Entry]:
        due = [e for e in self.entries if e.claim.review_by and e.claim.review_by < self.today]
        return sorted(due, key=lambda e: (e.claim.review_by, e.slug))

    def is_due(self, entry: Entry) -> bool:
        return bool(entry.claim.review_by and entry.claim.review_by < self.today)


def _newest_first(entry: Entry) -> tuple[str, str]:
    return (entry.claim.published.isoformat(), entry.slug)


def build_site(claims: list[ValidClaim], settings: Settings) -> Site:
    ratings = settings.ratings_by_key
    entries = [
        Entry(
            slug=v.slug,
            claim=v.claim,
            rating=ratings[v.claim.verdict.rating],
            source_file=v.source_file,
            claimant_slug=slugify(v.claim.claimant.name),
        )
        for v in claims
    ]
    for entry in entries:
        entry.history = _history(entry, ratings)
    entries.sort(key=_newest_first, reverse=True)
    by_rating = {
        r.key: Group(
            r.key, r.label, [e for e in entries if e.rating.key == r.key], paths.rating(r.key)
        )
        for r in settings.rating_scale
    }
    claimants = _group(
        entries, lambda e: [(e.claimant_slug, e.claim.claimant.name)], paths.claimant
    )
    topics = _group(
        entries, lambda e: [(t, t.replace("-", " ")) for t in e.claim.topics], paths.topic
    )
    _link_related(entries, topics)
    return Site(settings, entries, by_rating, claimants, topics)


def _history(entry: Entry, ratings: dict[str, Rating]) -> list[HistoryItem]:
    """Corrections in order; a rating change runs from its previous_rating to the next one's."""
    corrections = entry.claim.corrections
    items = []
    for index, correction in enumerate(corrections):
        old = new = None
        if correction.previous_rating in ratings:
            old = ratings[correction.previous_rating]
            later = [c.previous_rating for c in corrections[index + 1 :] if c.previous_rating]
            new = ratings.get(later[0]) if later else entry.rating
        items.append(HistoryItem(correction.date, correction.note, old, new))
    return items


def _group(entries: list[Entry], keys_of, url_of: Callable[[str], str]) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for entry in entries:
        for slug, name in keys_of(entry):
            group = groups.setdefault(slug, Group(slug, name, [], url_of(slug)))
            group.entries.append(entry)
    return dict(sorted(groups.items()))


def _link_related(entries: list[Entry], topics: dict[str, Group]) -> None:
    """Related claims: the editor's own list first, then claims sharing the most topics.

    Candidates come only from each claim's topic groups, so the work per claim grows with
    topic size, not with the whole archive.
    """
    by_slug = {e.slug: e for e in entries}
    order = {e.slug: i for i, e in enumerate(entries)}
    for entry in entries:
        chosen = [by_slug[s] for s in entry.claim.related if s in by_slug and s != entry.slug]
        shared: Counter[str] = Counter()
        for topic in entry.claim.topics:
            for other in topics[topic].entries[:200]:
                if other.slug != entry.slug:
                    shared[other.slug] += 1
        # Only the best few are needed: picking them costs far less than sorting hundreds.
        wanted = RELATED_LIMIT + len(chosen)  # enough even if the editor's picks come up again
        best = heapq.nsmallest(wanted, shared.items(), key=lambda kv: (-kv[1], order[kv[0]]))
        for slug, _count in best:
            if len(chosen) >= RELATED_LIMIT:
                break
            if by_slug[slug] not in chosen:
                chosen.append(by_slug[slug])
        entry.related = chosen[:RELATED_LIMIT]


def count_by_rating(entries: list[Entry]) -> dict[str, int]:
    counts: defaultdict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry.rating.key] += 1
    return dict(counts)
