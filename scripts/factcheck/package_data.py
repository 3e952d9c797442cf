"""Folders of files that ship inside the package: built-in templates and theme overrides.

A site replaces any of them file by file: templates from its own `templates/`, theme files
from its theme's `custom_dir`.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
BUILTIN_TEMPLATES = _HERE / "templates"
BUILTIN_THEME = _HERE / "theme"
DEFAULT_RATING_SCALE = _HERE / "rating_scale.yml"
STARTER = _HERE / "starter"  # the files `factcheck init` writes for a new site
