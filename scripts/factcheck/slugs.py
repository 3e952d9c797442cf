"""Slugs: what a claim, topic or alias name may look like, and which names the site keeps for
its own pages.

Claim file names, topics, related claims, aliases and rating keys all share one pattern, and
every check matches the whole string (a `$` would let a trailing newline through).
"""

from __future__ import annotations

import re
import unicodedata

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN.removeprefix("^").removesuffix("$"))
# Long enough for any honest name; short enough for a file name on every disk (claimants/<slug>/,
# feeds/topics/<slug>.xml) and for an address a reader can read.
SLUG_MAX_LENGTH = 100

# Every list (claims/, topics/, claimants/, ratings/<key>/) owns index and page-<n> below it
# (render.Pager); the other names are the site's own sections, kept from data so that no page
# added later under a list can already be taken by a claim, topic or claimant. A claim named
# index would overwrite the list, or be overwritten. The claim schema carries the same pattern,
# so an editor's YAML extension flags such a name as it is typed. Extend the set here.
RESERVED_NAMES = ("index", "feeds", "assets", "search", "find")
RESERVED_SLUG_PATTERN = rf"^({'|'.join(RESERVED_NAMES)}|page-[0-9]+)$"
_RESERVED_SLUG_RE = re.compile(RESERVED_SLUG_PATTERN.removeprefix("^").removesuffix("$"))


def is_slug(text: str) -> bool:
    return SLUG_RE.fullmatch(text) is not None


def is_reserved_slug(slug: str) -> bool:
    return _RESERVED_SLUG_RE.fullmatch(slug) is not None


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "unnamed"
