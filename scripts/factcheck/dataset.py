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
from .site import Site

DATASET_VERSION = 1


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


class Dataset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = DATASET_VERSION
    publisher: str
    site_url: str
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
            )
        )
    return Dataset(
        publisher=settings.organisation.name,
        site_url=settings.page_url(""),
        rating_scale=[r.model_dump() for r in settings.rating_scale],
        claims=entries,
    )


def claims_json(site: Site) -> bytes:
    return build_dataset(site).model_dump_json(indent=1).encode("utf-8")


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
        "name": f"{site.settings.site_name}: ClaimReview feed",
        "url": site.settings.page_url(paths.CLAIMREVIEW_FEED),
        "dateModified": max(
            (e.claim.last_modified for e in site.entries), default=dt.date.today()
        ).isoformat(),
        "dataFeedElement": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8")
