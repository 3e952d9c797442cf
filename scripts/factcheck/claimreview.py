"""schema.org ClaimReview for a claim, following Google's fact-check markup guidelines."""

from __future__ import annotations

import json
from typing import Any

from .settings import Settings
from .site import Entry

# Inside <script> the HTML parser ends the element at "</script" whatever the JSON means, so
# these characters are written as JSON escapes; the JSON value is unchanged.
_SCRIPT_SAFE = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_for_script(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def claim_review(entry: Entry, settings: Settings) -> dict[str, Any]:
    claim = entry.claim
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": entry.rating.label}
    if entry.rating.value is not None:
        rating |= {
            "ratingValue": entry.rating.value,
            "bestRating": settings.best_value,
            "worstRating": settings.worst_value,
        }
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if claim.appearance.url:
        appearance["url"] = claim.appearance.url
    if claim.appearance.title:
        appearance["headline"] = claim.appearance.title
    kind = "Person" if claim.claimant.kind == "person" else "Organization"
    claimant: dict[str, Any] = {"@type": kind, "name": claim.claimant.name}
    if claim.claimant.url:
        claimant["sameAs"] = claim.claimant.url
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": settings.page_url(entry.url),
        "inLanguage": settings.i18n.tag,
        "claimReviewed": claim.claim_reviewed,
        "datePublished": claim.published.isoformat(),
        "author": {
            "@type": "Organization",
            "name": settings.organisation.name,
            "url": settings.organisation.url,
        },
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": claimant,
            "datePublished": claim.date.isoformat(),
            "appearance": appearance,
        },
    }
    if claim.updated or claim.corrections:
        review["dateModified"] = claim.last_modified.isoformat()
    return review
