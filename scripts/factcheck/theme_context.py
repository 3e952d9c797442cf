"""What the theme's own templates (masthead, menu, footer, 404) know about the site.

They read it as `config.extra.factcheck`: the plugin puts it into MkDocs' config, and
`factcheck render` writes it into the config it makes for engines that run no plugins
(Zensical), so the theme needs nothing but plain data and no Python in its templates.

That includes their words: `text` holds each one already translated into the site's language
(`fc.text.search`), as engines without plugins offer theme templates no gettext. The English
here is each string's msgid in the catalogue; N_ marks it for extraction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import paths
from .i18n import N_, Language
from .settings import Settings

EXTRA_KEY = "factcheck"


def editors_guide(docs_dir: Path) -> str | None:
    """The editors' guide's address, when the site has one (the footer links to it)."""
    return paths.EDITORS_GUIDE if (docs_dir / paths.EDITORS_GUIDE / "index.md").is_file() else None


# Name in the templates -> the English text, translated for each site.
THEME_TEXT = {
    "skip": N_("Skip to content"),
    "editors_pages": N_("Pages for editors"),
    "search_fact_checks": N_("Search fact-checks"),
    "search": N_("Search"),
    "sections": N_("Sections"),
    "fact_checks": N_("Fact-checks"),
    "who_said_it": N_("Who said it"),
    "topics": N_("Topics"),
    "how_we_rate": N_("How we rate"),
    "about": N_("About"),
    "about_this_site": N_("About this site"),
    "about_us": N_("About us"),
    "corrections_policy": N_("Corrections policy"),
    "corrections": N_("Corrections"),
    "who_we_are": N_("Who we are and who funds us"),
    "our_team": N_("Our team"),
    "contact": N_("Contact"),
    "suggest_a_claim": N_("Suggest a claim"),
    "feed": N_("Feed"),
    "for_editors": N_("For editors"),
    # Followed by the organisation's name as a link.
    "published_by": N_("Published by"),
    # Followed by links to MkDocs and Material for MkDocs.
    "made_with": N_("Made with"),
    # Followed by the date a hand-written page last changed.
    "last_updated": N_("Last updated"),
    "table": N_("Table"),
    "page_not_found": N_("Page not found"),
    "not_found_lead": N_(
        "We could not find that page. It may have moved, or the address may be mistyped."
    ),
    "search_our_fact_checks": N_("Search our fact-checks"),
    "or_go_to": N_("Or go to"),
    "home_latest": N_("Home: the latest fact-checks"),
    "all_fact_checks": N_("All fact-checks"),
    "by_rating": N_("Fact-checks by rating"),
}


def theme_text(settings: Settings) -> dict[str, str]:
    language = settings.i18n
    text = {name: language.gettext(message) for name, message in THEME_TEXT.items()}
    text["all_feed_title"] = language.gettext("%(site)s: all fact-checks", site=settings.site_name)
    return text


def language_settings(language: Language) -> dict[str, str]:
    return {"code": language.tag, "direction": language.direction}


def theme_settings(settings: Settings, docs_dir: Path) -> dict[str, Any]:
    organisation = settings.organisation
    return {
        "text": theme_text(settings),
        "language": language_settings(settings.i18n),
        "organisation": {
            "name": organisation.name,
            "url": organisation.url,
            "logo": organisation.logo,
        },
        "search": settings.search,
        "generator_credit": settings.generator_credit,
        "editors_guide": editors_guide(docs_dir),
        "paths": {
            "claims": paths.CLAIMS,
            "ratings": paths.RATINGS,
            "claimants": paths.CLAIMANTS,
            "topics": paths.TOPICS,
            "methodology": paths.METHODOLOGY,
            "about": paths.ABOUT,
            "corrections": paths.CORRECTIONS,
            "search": paths.SEARCH,
            "team": paths.TEAM,
            "transparency": paths.TRANSPARENCY,
            "suggest": paths.SUGGEST,
            "all_feed": paths.ALL_FEED,
        },
    }
