"""The whole site as data: every claim with its rating, and the indexes, computed once a build."""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from . import paths
from .model import Claim
from .result import ValidClaim
from .settings import Rating, Settings, TeamMember
from .slugs import slugify

RELATED_LIMIT = 5
# How many candidates a shared ranking keeps: room for the claim itself and a few editor's picks.
SHARED_RANKING = 2 * RELATED_LIMIT + 1


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
    digest: str = ""  # names this version of the claim file (see render.PageCache)
    related: list[Entry] = field(default_factory=list)
    history: list[HistoryItem] = field(default_factory=list)
    authors: list[TeamMember] = field(default_factory=list)
    editors: list[TeamMember] = field(default_factory=list)
    # "published", or why a build leaves it out: "draft", or "scheduled" for a later day.
    # Only the preview ever shows an entry that is not "published".
    state: str = "published"

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

    @property
    def size(self) -> int:
        return len(self.entries)


@dataclass
class Site:
    settings: Settings
    entries: list[Entry]  # newest fact-check first
    by_rating: dict[str, Group]
    claimants: dict[str, Group]
    topics: dict[str, Group]
    today: dt.date = field(default_factory=dt.date.today)
    team: dict[str, Group] = field(default_factory=dict)  # every member, in the config's order

    @property
    def latest(self) -> list[Entry]:
        return self.entries[: self.settings.latest_count]

    @property
    def claimants_by_size(self) -> list[Group]:
        """Who made the most of the claims checked first; equal counts by name."""
        return sorted(
            self.claimants.values(), key=lambda group: (-group.size, group.name.casefold())
        )

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


def publishable(claims: list[ValidClaim], day: dt.date) -> list[ValidClaim]:
    """The claims a build on `day` publishes: drafts and claims scheduled later are left out
    here, before any page, list, feed, data file or image is made from them."""
    return [v for v in claims if v.claim.is_published_by(day)]


def _state(claim: Claim, day: dt.date) -> str:
    if claim.status == "draft":
        return "draft"
    return "scheduled" if claim.published > day else "published"


def build_site(claims: list[ValidClaim], settings: Settings, today: dt.date | None = None) -> Site:
    ratings = settings.ratings_by_key
    team = settings.team_by_key
    day = today or dt.date.today()
    entries = [
        Entry(
            slug=v.slug,
            claim=v.claim,
            rating=ratings[v.claim.verdict.rating],
            source_file=v.source_file,
            digest=v.digest,
            claimant_slug=slugify(v.claim.claimant.name),
            # the validator has refused any key not on the team
            authors=[team[key] for key in v.claim.authors if key in team],
            editors=[team[key] for key in v.claim.editors if key in team],
            state=_state(v.claim, day),
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
    return Site(settings, entries, by_rating, claimants, topics, day, _team(entries, settings))


def _team(entries: list[Entry], settings: Settings) -> dict[str, Group]:
    """Each member with the fact-checks they wrote or edited, newest first."""
    groups = {m.key: Group(m.key, m.name, [], paths.team_member(m.key)) for m in settings.team}
    for entry in entries:
        for key in dict.fromkeys([*entry.claim.authors, *entry.claim.editors]):
            if key in groups:
                groups[key].entries.append(entry)
    return groups


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


# The last build's rankings, under the name of the topic lists they were drawn from: a preview
# save that changes no claim's topics or order uses them again (0.8 s a save at 10,000).
_rankings: dict[str, dict[tuple[str, ...], list[str]]] = {}


def _rankings_drawn_from(
    newest: dict[str, list[int]], entries: list[Entry]
) -> dict[tuple[str, ...], list[str]]:
    pool = hashlib.sha256()
    for topic in sorted(newest):
        pool.update(topic.encode())
        for index in newest[topic]:
            pool.update(b"\0" + entries[index].slug.encode())
        pool.update(b"\1")
    name = pool.hexdigest()
    rankings = _rankings.get(name, {})
    _rankings.clear()
    _rankings[name] = rankings
    return rankings


def _link_related(entries: list[Entry], topics: dict[str, Group]) -> None:
    """Related claims: the editor's own list first, then claims sharing the most topics.

    Candidates come only from each claim's topic groups, so the work per claim grows with
    topic size, not with the whole archive. Claims with the same topics share one ranking
    (itself included, and skipped when read), which most claims in a large archive do: at
    10,000 claims ranking each claim alone took 2.6 s of every build and every preview save.
    """
    by_slug = {e.slug: e for e in entries}
    # Each topic's newest 200 claims, as positions in `entries` (newest first): counting and
    # comparing small integers runs in C, where counting slugs ran in Python.
    position = {e.slug: i for i, e in enumerate(entries)}
    newest = {t: [position[e.slug] for e in g.entries[:200]] for t, g in topics.items()}
    rankings = _rankings_drawn_from(newest, entries)

    def ranking(topic_list: tuple[str, ...], length: int) -> list[str]:
        shared: Counter[int] = Counter()
        for topic in topic_list:
            shared.update(newest[topic])
        # Best first: most topics in common, then newest. One integer says both, so picking
        # the best few needs no key function: (fewer shared) * N + position.
        most = len(topic_list)
        scale = len(entries)
        keys = [(most - count) * scale + index for index, count in shared.items()]
        return [entries[key % scale].slug for key in heapq.nsmallest(length, keys)]

    for entry in entries:
        chosen = [by_slug[s] for s in entry.claim.related if s in by_slug and s != entry.slug]
        key = tuple(sorted(entry.claim.topics))
        # enough even if the editor's picks and the claim itself come up first
        wanted = RELATED_LIMIT + len(chosen) + 1
        if wanted <= SHARED_RANKING:
            if key not in rankings:
                rankings[key] = ranking(key, SHARED_RANKING)
            candidates = rankings[key]
        else:
            candidates = ranking(key, wanted)
        taken = {entry.slug, *(c.slug for c in chosen)}
        for slug in candidates:
            if len(chosen) >= RELATED_LIMIT:
                break
            if slug not in taken:
                chosen.append(by_slug[slug])
                taken.add(slug)
        entry.related = chosen[:RELATED_LIMIT]


def count_by_rating(entries: list[Entry]) -> dict[str, int]:
    counts: defaultdict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry.rating.key] += 1
    return dict(counts)
