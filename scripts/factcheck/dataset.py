"""Machine-readable exports, from the same model as the pages.

- `claims.json`: every claim with its verdict, sources, counter-claims, dates and URLs, for
  researchers and other newsrooms. Its JSON Schema is generated from `DatasetEntry`.
- `claimreview-feed.json`: a schema.org DataFeed of ClaimReview items, the shape fact-check
  aggregators (such as the Data Commons fact-check feed) ingest.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from . import paths
from .claimreview import claim_review
from .model import Appearance, Claimant, CounterClaim, Figure, Source
from .settings import Settings, TeamMember
from .site import Entry, Site

# 2: authors and editors, corrections and each claim's rating history.
# 3: the site's language (`inLanguage`) and each claim's `translations`.
DATASET_VERSION = 3


class DatasetPerson(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(description="The person's key on the site's team.")
    name: str
    role: str
    url: str = Field(description="Absolute URL of their page on the site.")


class DatasetCorrection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: dt.date
    note: str
    previous_rating: str | None = Field(description="The rating it replaced, if it changed one.")
    rating: str | None = Field(description="The rating it gave, if it changed one.")


class DatasetRating(BaseModel):
    model_config = ConfigDict(extra="forbid")

    since: dt.date = Field(description="When the claim got this rating.")
    rating: str
    label: str


class DatasetVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: str = Field(description="Key on the site's rating scale.")
    label: str = Field(description="The rating as readers see it.")
    value: int | None = Field(description="Position on the scale; null when off the scale.")
    summary: str


class DatasetEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str
    url: str = Field(description="Absolute URL of the fact-check page.")
    claim: str
    claim_short: str | None
    claimant: Claimant
    date: dt.date
    appearance: Appearance
    published: dt.date
    updated: dt.date | None
    verdict: DatasetVerdict
    sources: list[Source]
    counter_claims: list[CounterClaim]
    figures: list[Figure]
    topics: list[str]
    related: list[str] = Field(description="Slugs of related fact-checks.")
    authors: list[DatasetPerson] = Field(description="Who wrote the fact-check.")
    editors: list[DatasetPerson] = Field(description="Who edited it.")
    corrections: list[DatasetCorrection] = Field(description="Corrections, oldest first.")
    rating_history: list[DatasetRating] = Field(
        description="Every rating the claim has had, oldest first; the last is the current one."
    )
    translations: dict[str, str] = Field(
        description="The same fact-check on the site's editions in other languages: language "
        "code (BCP 47) -> absolute URL."
    )


class Dataset(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    version: int = DATASET_VERSION
    publisher: str
    site_url: str
    in_language: str = Field(
        alias="inLanguage",
        description="The language of every claim and page (BCP 47, as schema.org's "
        "inLanguage), e.g. en-GB, es, ar.",
    )
    rating_scale: list[dict[str, Any]]
    claims: list[DatasetEntry]


def build_dataset(site: Site) -> Dataset:
    settings = site.settings
    entries = []
    for entry in site.entries:
        claim = entry.claim
        entries.append(
            DatasetEntry(
                slug=entry.slug,
                url=settings.page_url(entry.url),
                claim=claim.claim,
                claim_short=claim.claim_short,
                claimant=claim.claimant,
                date=claim.date,
                appearance=claim.appearance,
                published=claim.published,
                updated=claim.updated,
                verdict=DatasetVerdict(
                    rating=entry.rating.key,
                    label=entry.rating.label,
                    value=entry.rating.value,
                    summary=claim.verdict.summary,
                ),
                sources=claim.sources,
                counter_claims=claim.counter_claims,
                figures=claim.figures,
                topics=claim.topics,
                related=[r.slug for r in entry.related],
                authors=[_person(member, settings) for member in entry.authors],
                editors=[_person(member, settings) for member in entry.editors],
                corrections=_corrections(entry),
                rating_history=_rating_history(entry),
                translations=dict(claim.translations),
            )
        )
    return Dataset(
        publisher=settings.organisation.name,
        site_url=settings.page_url(""),
        in_language=settings.i18n.tag,
        rating_scale=[r.model_dump() for r in settings.rating_scale],
        claims=entries,
    )


def _person(member: TeamMember, settings: Settings) -> DatasetPerson:
    url = settings.page_url(paths.team_member(member.key))
    return DatasetPerson(key=member.key, name=member.name, role=member.role, url=url)


def _corrections(entry: Entry) -> list[DatasetCorrection]:
    return [
        DatasetCorrection(
            date=h.date,
            note=h.note,
            previous_rating=h.old.key if h.old else None,
            rating=h.new.key if h.new else None,
        )
        for h in entry.history
    ]


def _rating_history(entry: Entry) -> list[DatasetRating]:
    """The rating at publication, then each rating a correction gave it."""
    steps = [(entry.claim.published, entry.rating)]
    for h in entry.history:
        if h.old and h.new:
            if len(steps) == 1:
                steps[0] = (entry.claim.published, h.old)
            steps.append((h.date, h.new))
    return [DatasetRating(since=day, rating=r.key, label=r.label) for day, r in steps]


def claims_json(site: Site) -> bytes:
    return build_dataset(site).model_dump_json(indent=1, by_alias=True).encode("utf-8")


def dataset_json_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Dataset.model_json_schema(),
    }


def claimreview_feed(site: Site) -> bytes:
    items = [
        {
            "@type": "DataFeedItem",
            "dateCreated": entry.claim.published.isoformat(),
            "dateModified": entry.claim.last_modified.isoformat(),
            "item": [claim_review(entry, site.settings)],
        }
        for entry in site.entries
    ]
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": site.settings.i18n.gettext(
            "%(site)s: ClaimReview feed", site=site.settings.site_name
        ),
        "inLanguage": site.settings.i18n.tag,
        "url": site.settings.page_url(paths.CLAIMREVIEW_FEED),
        "dateModified": max(
            (e.claim.last_modified for e in site.entries), default=dt.date.today()
        ).isoformat(),
        "dataFeedElement": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8")
