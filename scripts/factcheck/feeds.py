"""Atom feeds for readers and aggregators: all fact-checks, per claimant, per topic.

Built with ElementTree, so every piece of claim text is escaped as XML character data; nothing
from a claim is ever parsed as markup here. ElementTree writes characters XML cannot carry as
they are, and one of them makes the whole feed unreadable: validation refuses them in claims,
and `xml_text` drops any that still arrive (from the site's settings, say).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from . import paths
from .site import Entry, Site

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_LIMIT = 50  # newest entries per feed; the full archive is in claims.json

ET.register_namespace("", ATOM)
# Everything outside XML 1.0's Char production: C0 controls but tab and line breaks,
# lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Feed:
    path: str  # site path, e.g. "feeds/all.xml"
    title: str
    page_url: str  # the HTML page the feed mirrors
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class FeedItem:
    """One entry in a feed, already reduced to text."""

    id: str
    title: str
    link: str
    published: dt.date
    updated: dt.date
    summary: str
    category: str


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def xml_text(text: str) -> str:
    """The text without the characters XML cannot carry."""
    return _NOT_XML.sub("", text)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(
        parent, f"{{{ATOM}}}{tag}", {name: xml_text(value) for name, value in attrs.items()}
    )
    if text is not None:
        element.text = xml_text(text)
    return element


def claim_item(entry: Entry, site: Site) -> FeedItem:
    url = site.settings.page_url(entry.url)
    claim = entry.claim
    _ = site.settings.i18n.gettext
    return FeedItem(
        id=url,
        title=_("%(rating)s: %(claim)s", rating=entry.rating.label, claim=claim.claim_reviewed),
        link=url,
        published=claim.published,
        updated=claim.last_modified,
        summary=_(
            "Rating: %(rating)s. %(summary)s",
            rating=entry.rating.label,
            summary=claim.verdict.summary,
        ),
        category=entry.rating.key,
    )


def atom_document(
    title: str, self_url: str, page_url: str, items: Iterable[FeedItem], site: Site
) -> bytes:
    items = list(items)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: site.settings.i18n.tag})
    _el(feed, "id", self_url)
    _el(feed, "title", title)
    _el(feed, "link", href=self_url, rel="self", type="application/atom+xml")
    _el(feed, "link", href=page_url, rel="alternate", type="text/html")
    newest = max((i.updated for i in items), default=dt.date(2000, 1, 1))
    _el(feed, "updated", _timestamp(newest))
    author = _el(feed, "author")
    _el(author, "name", site.settings.organisation.name)
    _el(author, "uri", site.settings.organisation.url)
    for item in items:
        entry = _el(feed, "entry")
        _el(entry, "id", item.id)
        _el(entry, "title", item.title)
        _el(entry, "link", href=item.link, rel="alternate", type="text/html")
        _el(entry, "published", _timestamp(item.published))
        _el(entry, "updated", _timestamp(item.updated))
        _el(entry, "summary", item.summary)
        _el(entry, "category", term=item.category)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def site_feeds(site: Site) -> list[Feed]:
    _ = site.settings.i18n.gettext
    feeds = [
        Feed(
            paths.ALL_FEED,
            _("%(site)s: all fact-checks", site=site.settings.site_name),
            paths.CLAIMS,
            tuple(site.entries),
        )
    ]
    for group in site.claimants.values():
        feeds.append(
            Feed(
                paths.claimant_feed(group.slug),
                _("Fact-checks: %(claimant)s", claimant=group.name),
                group.url,
                tuple(group.entries),
            )
        )
    for group in site.topics.values():
        feeds.append(
            Feed(
                paths.topic_feed(group.slug),
                _("Fact-checks on %(topic)s", topic=group.name),
                group.url,
                tuple(group.entries),
            )
        )
    return feeds


def render_feed(feed: Feed, site: Site) -> bytes:
    newest_first = sorted(feed.entries, key=lambda e: (e.claim.last_modified, e.slug), reverse=True)
    items = [claim_item(e, site) for e in newest_first[:FEED_LIMIT]]
    return atom_document(
        feed.title,
        site.settings.page_url(feed.path),
        site.settings.page_url(feed.page_url),
        items,
        site,
    )
