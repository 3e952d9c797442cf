"""Everything a build publishes besides pages: feeds and data files, from the same Site."""

from __future__ import annotations

import json
from html import escape

from . import paths
from .dataset import claimreview_feed, claims_json, dataset_json_schema
from .feeds import FeedItem, atom_document, render_feed, site_feeds
from .i18n import Language
from .render import RenderedPage, relative_url
from .site import Site


def corrections_feed(site: Site) -> bytes:
    _ = site.settings.i18n.gettext
    items = [
        FeedItem(
            id=f"{site.settings.page_url(entry.url)}#correction-{h.date.isoformat()}-{index}",
            title=_("Correction: %(claim)s", claim=entry.claim.claim_reviewed),
            link=site.settings.page_url(entry.url) + "#history",
            published=h.date,
            updated=h.date,
            summary=(
                _(
                    "Rating changed from %(old)s to %(new)s. %(note)s",
                    old=h.old.label,
                    new=h.new.label,
                    note=h.note,
                )
                if h.old and h.new
                else h.note
            ),
            category="correction",
        )
        for index, (entry, h) in enumerate(site.corrections)
    ]
    return atom_document(
        _("%(site)s: corrections", site=site.settings.site_name),
        site.settings.page_url(paths.CORRECTIONS_FEED),
        site.settings.page_url(paths.CORRECTIONS),
        items,
        site,
    )


def redirect_page(target_url: str, language: Language) -> bytes:
    """A static redirect for a renamed claim (slugs only: no claim text reaches this page;
    the words come from the site's catalogue and are escaped all the same)."""
    link = f'<a href="{target_url}">{target_url}</a>'
    moved = language.gettext("This fact-check has moved to %(address)s.", address="\0")
    sentence = escape(moved).replace("\0", link)
    return (
        f'<!doctype html>\n<html lang="{language.tag}" dir="{language.direction}"><head>'
        f'<meta charset="utf-8"><title>{escape(language.gettext("Moved"))}</title>'
        f'<link rel="canonical" href="{target_url}">'
        f'<meta http-equiv="refresh" content="0; url={target_url}">'
        '<meta name="robots" content="noindex"></head>'
        f"<body><p>{sentence}</p></body></html>\n"
    ).encode()


def site_files(site: Site, pages: list[RenderedPage]) -> dict[str, bytes]:
    """Site path -> content for every generated non-page file; marks pages with their feed."""
    files: dict[str, bytes] = {}
    feeds = site_feeds(site)
    for feed in feeds:
        files[feed.path] = render_feed(feed, site)
    files[paths.CORRECTIONS_FEED] = corrections_feed(site)
    files[paths.CLAIMS_JSON] = claims_json(site)
    files[paths.CLAIMREVIEW_FEED] = claimreview_feed(site)
    files[paths.CLAIMS_JSON_SCHEMA] = json.dumps(dataset_json_schema(), indent=1).encode()
    for entry in site.entries:
        for alias in entry.claim.aliases:
            files[paths.redirect(alias)] = redirect_page(
                relative_url(entry.url, paths.claim(alias)), site.settings.i18n
            )
    by_page = {feed.page_url: feed.path for feed in feeds}
    by_page[paths.CORRECTIONS] = paths.CORRECTIONS_FEED
    by_page[paths.HOME] = paths.ALL_FEED
    for page in pages:
        # every page of a long list advertises its list's feed, not only page 1
        page.feed = by_page.get(page.list_url or page.url, paths.ALL_FEED)
    return files
