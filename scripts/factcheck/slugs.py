"""Slugs: the one definition of what a claim, topic or alias name may look like.

Claim file names, topics, related claims, aliases and rating keys all share one pattern, and
every check matches the whole string (a `$` would let a trailing newline through).
"""

from __future__ import annotations

import re
import unicodedata

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN.removeprefix("^").removesuffix("$"))

# The list of fact-checks owns claims/index and claims/page-<n> (render.Pager): a claim named
# index or page-2 would overwrite a page of it, or be overwritten. The claim schema carries the
# same pattern, so an editor's YAML extension flags such an alias as it is typed.
RESERVED_SLUG_PATTERN = r"^(index|page-[0-9]+)$"
_RESERVED_SLUG_RE = re.compile(RESERVED_SLUG_PATTERN.removeprefix("^").removesuffix("$"))


def is_slug(text: str) -> bool:
    return SLUG_RE.fullmatch(text) is not None


def is_reserved_slug(slug: str) -> bool:
    return _RESERVED_SLUG_RE.fullmatch(slug) is not None


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "unnamed"
