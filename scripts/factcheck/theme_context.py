"""What the theme's own templates (masthead, menu, footer, 404) know about the site."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from . import paths as site_paths
from .settings import Settings


@dataclass(frozen=True)
class ThemeContext:
    settings: Settings
    editors_guide: str | None  # the editors' guide's address, when the site has one
    paths: ModuleType = site_paths
