"""Site-wide settings (organisation, rating scale), read from mkdocs.yml `extra:`.

The CLI reads mkdocs.yml itself so that checking claims needs no MkDocs import; the hook passes
the `extra` mapping MkDocs already parsed. Either way the same model validates it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from .slugs import is_slug

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class Rating(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    label: str
    meaning: str
    icon: str = Field(description="A short symbol shown beside the label; never the only cue.")
    value: int | None = Field(
        default=None, description="Position on the scale for ClaimReview ratingValue; null if none."
    )
    # The one place a rating's colour is set: pages, badges and share images all take it from
    # here. Each must keep 4.5:1 contrast with white text (light) or the dark page (dark).
    colour: Colour = Field(default="#4a4f58", description="On light backgrounds; hex #rrggbb.")
    colour_dark: Colour = Field(default="#c4c8cf", description="In dark mode; hex #rrggbb.")

    @field_validator("key")
    @classmethod
    def key_is_slug(cls, key: str) -> str:
        if not is_slug(key):
            raise ValueError("rating keys are lowercase words joined by hyphens")
        return key


class Organisation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    url: str
    logo: str | None = None


class Settings(BaseModel):
    """What the generator needs to know about the site."""

    model_config = ConfigDict(extra="ignore")

    site_name: str = "Fact checks"
    site_url: str = ""
    organisation: Organisation
    rating_scale: list[Rating] = Field(min_length=1)
    latest_count: int = 10
    # Long lists (all fact-checks, a rating, a claimant, a topic) are split into pages of this
    # many claims, so no page's size or build time grows with the archive.
    claims_per_page: int = Field(default=50, ge=1)
    share_images: bool = True  # draw a PNG card per claim for social media (cached)

    @field_validator("rating_scale")
    @classmethod
    def keys_unique(cls, ratings: list[Rating]) -> list[Rating]:
        keys = [r.key for r in ratings]
        if len(set(keys)) != len(keys):
            raise ValueError("rating keys must be unique")
        return ratings

    @property
    def ratings_by_key(self) -> dict[str, Rating]:
        return {r.key: r for r in self.rating_scale}

    @property
    def best_value(self) -> int | None:
        values = [r.value for r in self.rating_scale if r.value is not None]
        return max(values) if values else None

    @property
    def worst_value(self) -> int | None:
        values = [r.value for r in self.rating_scale if r.value is not None]
        return min(values) if values else None

    def page_url(self, path: str) -> str:
        """Absolute URL of a site path such as 'claims/x/' (relative when site_url is unset)."""
        base = self.site_url.rstrip("/") + "/" if self.site_url else "/"
        return base + path.lstrip("/")


class SettingsError(Exception):
    pass


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, which may hold MkDocs-only tags such as !ENV; we ignore their values."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def settings_from_mapping(site_name: str, site_url: str | None, extra: dict[str, Any]) -> Settings:
    try:
        return Settings.model_validate(
            {**extra, "site_name": site_name, "site_url": site_url or ""}
        )
    except ValidationError as exc:
        details = "; ".join(
            f"extra.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise SettingsError(f"mkdocs.yml: {details}") from exc


def load_settings(config_file: Path) -> Settings:
    try:
        raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise SettingsError(f"{config_file}: cannot read site settings: {exc}") from exc
    if not isinstance(raw, dict):
        raise SettingsError(f"{config_file}: not a mapping")
    return settings_from_mapping(
        str(raw.get("site_name", "")), raw.get("site_url"), raw.get("extra") or {}
    )
