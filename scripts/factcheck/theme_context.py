"""What the theme's own templates (masthead, menu, footer, 404) know about the site.

They read it as `config.extra.factcheck`: the plugin puts it into MkDocs' config, and
`factcheck render` writes it into the config it makes for engines that run no plugins
(Zensical), so the theme needs nothing but plain data and no Python in its templates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import paths
from .settings import Settings

EXTRA_KEY = "factcheck"


def editors_guide(docs_dir: Path) -> str | None:
    """The editors' guide's address, when the site has one (the footer links to it)."""
    return paths.EDITORS_GUIDE if (docs_dir / paths.EDITORS_GUIDE / "index.md").is_file() else None


def theme_settings(settings: Settings, docs_dir: Path) -> dict[str, Any]:
    organisation = settings.organisation
    return {
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
