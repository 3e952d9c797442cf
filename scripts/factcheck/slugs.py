"""Slugs: what a claim, topic or alias name may look like, which names the site keeps for its
own pages, and how a claimant's name becomes the address of its page.

Claim file names, topics, related claims, aliases and rating keys all share one pattern, and
every check matches the whole string (a `$` would let a trailing newline through).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from anyascii import anyascii

from .paths import PAGE_PREFIX

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN.removeprefix("^").removesuffix("$"))
# Long enough for any honest name; short enough for a file name on every disk (claimants/<slug>/,
# feeds/topics/<slug>.xml) and for an address a reader can read.
SLUG_MAX_LENGTH = 100

# Every list (claims/, topics/, claimants/, ratings/<key>/) owns index and page-<n> below it
# (paths.list_page); the other names are the site's own sections, kept from data so that no page
# added later under a list can already be taken by a claim, topic or claimant. A claim named
# index would overwrite the list, or be overwritten. The claim schema carries the same pattern,
# so an editor's YAML extension flags such a name as it is typed. Extend the set here.
RESERVED_NAMES = ("index", "feeds", "assets", "search", "find")
RESERVED_SLUG_PATTERN = rf"^({'|'.join(RESERVED_NAMES)}|{PAGE_PREFIX}[0-9]+)$"
_RESERVED_SLUG_RE = re.compile(RESERVED_SLUG_PATTERN.removeprefix("^").removesuffix("$"))

_NOT_SLUG_CHARACTERS = re.compile(r"[^a-z0-9]+")
_DIGEST_LENGTH = 8


def is_slug(text: str) -> bool:
    return SLUG_RE.fullmatch(text) is not None


def is_reserved_slug(slug: str) -> bool:
    return _RESERVED_SLUG_RE.fullmatch(slug) is not None


@functools.lru_cache(maxsize=100_000)  # a claimant's name is slugified for each of its claims
def slugify(name: str) -> str:
    """The slug of a name in any script: 'Владимир Путин' -> 'vladimir-putin', '习近平' ->
    'xijinping'.

    The same name always gets the same slug. A name that leaves nothing to spell in ASCII, or
    whose slug would be one of the site's own names or too long for a file name, gets a short
    hash of the name instead of (or after) its letters, so it is still its own. Two different
    names can still share a slug ('Müller' and 'Muller'): rules.claimant_slug_problems refuses
    that, naming both files.
    """
    name = unicodedata.normalize("NFC", name)
    slug = _NOT_SLUG_CHARACTERS.sub("-", anyascii(name).lower()).strip("-")
    if not slug:
        return f"name-{_digest(name)}"
    if len(slug) > SLUG_MAX_LENGTH or is_reserved_slug(slug):
        kept = slug[: SLUG_MAX_LENGTH - _DIGEST_LENGTH - 1].rstrip("-")
        return f"{kept}-{_digest(name)}"
    return slug


def _digest(name: str) -> str:
    # surrogatepass: validation refuses lone surrogates, but a slug must never be what fails
    data = name.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:_DIGEST_LENGTH]
