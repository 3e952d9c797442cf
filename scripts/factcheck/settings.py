"""Site-wide settings (organisation, rating scale, folders, switches): the generator's options.

They are written in mkdocs.yml as the options of the `factcheck` plugin. The plugin hands over
the options MkDocs has parsed; the CLI reads mkdocs.yml itself, so that checking claims needs no
MkDocs import. Either way this one model validates them, and an unknown key is an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from .badges import Shape
from .i18n import Language, LanguageError, parse_locale, translated_scale
from .package_data import DEFAULT_RATING_SCALE
from .slugs import SLUG_MAX_LENGTH, is_reserved_slug, is_slug

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
WebAddress = Annotated[str, StringConstraints(pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/]+\S*$")]
# Enough to catch a pasted name or a missing @; whether mail arrives only sending can tell.
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s<>\"?&]+@[^@\s<>\"?&]+\.[^@\s<>\"?&]+$")]


class Rating(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    label: str
    meaning: str
    shape: Shape = Field(
        description="The badge's shape (tick, tick-ring, half, cross-ring, cross, question, "
        "exclamation, bar): with the label and colour, it tells the ratings apart."
    )
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


class Funder(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="Who gave the money.")
    amount: str | None = Field(
        default=None, description="How much, as text with its currency, e.g. 'EUR 20,000'."
    )
    year: int | None = Field(default=None, ge=1900, le=2200, description="The year it covers.")
    url: WebAddress | None = Field(default=None, description="The funder's own page.")


def file_of_the_site(path: str | None, example: str) -> str | None:
    """A path inside docs/ (images are the site's own: its policy loads no others)."""
    if path is None:
        return path
    parts = path.split("/")
    if path.startswith("/") or ".." in parts or ":" in path or "\\" in path or "" in parts:
        raise ValueError(f"give a file inside docs/, such as {example}")
    return path


class Organisation(BaseModel):
    """Who publishes the site. `name` and `url` identify it in ClaimReview; the rest is what
    the IFCN Code of Principles asks a fact-checker to disclose, shown on the transparency
    page. Each is optional: `factcheck ifcn` lists those not stated yet."""

    model_config = ConfigDict(extra="forbid")

    name: str
    url: str
    logo: str | None = Field(
        default=None,
        description="An image in docs/ shown in the masthead, e.g. assets/logo.svg; "
        "without one the masthead shows the site's name alone.",
    )
    ownership: str | None = Field(default=None, description="Who owns and runs the site.")
    legal_status: str | None = Field(
        default=None, description="Its legal form, e.g. a registered charity or a company."
    )
    funding: str | None = Field(
        default=None, description="How the work is paid for, in a sentence or two."
    )
    funders: list[Funder] = Field(default_factory=list, description="Each funder, with amounts.")
    nonpartisanship: str | None = Field(
        default=None, description="The site's statement of non-partisanship and fairness."
    )

    @field_validator("logo")
    @classmethod
    def logo_is_a_file_of_the_site(cls, logo: str | None) -> str | None:
        return file_of_the_site(logo, "assets/logo.svg")


class Contact(BaseModel):
    """How readers reach the editors: the Report an error and Suggest a claim links use the
    form when there is one, else a pre-filled email."""

    model_config = ConfigDict(extra="forbid")

    email: Email | None = Field(default=None, description="The editors' address.")
    form_url: WebAddress | None = Field(
        default=None,
        description="A web form for error reports and suggestions, used instead of email. "
        "`{url}` in it is replaced by the address of the page the reader came from.",
    )
    address: str | None = Field(default=None, description="A postal address, if published.")

    @model_validator(mode="after")
    def has_a_channel(self) -> Contact:
        if self.email is None and self.form_url is None:
            raise ValueError("give an `email` or a `form_url`, so readers can report errors")
        return self

    def report_link(self, subject: str, body: str, page_url: str) -> str:
        """Where a reader's "Report an error" or "Suggest a claim" link leads."""
        if self.form_url:
            return self.form_url.replace("{url}", quote(page_url, safe=""))
        query = urlencode({"subject": subject, "body": body}, quote_via=quote)
        return f"mailto:{self.email}?{query}"


class TeamMember(BaseModel):
    """Someone who writes or edits fact-checks; claim files name them by `key`."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(description="What claim files write under `authors` and `editors`.")
    name: str = Field(min_length=1)
    role: str = Field(min_length=1, description="e.g. Fact-checker, Editor.")
    bio: str = Field(min_length=1, description="A sentence or two, shown on the team page.")
    url: WebAddress | None = Field(default=None, description="A page about them (optional).")
    # A file of the site, not a web address: the pages' Content-Security-Policy loads images
    # from the site only, and readers' browsers should not call a third party to show a face.
    photo: str | None = Field(
        default=None, description="A portrait: a file under docs/, e.g. assets/team/jane.jpg."
    )

    @field_validator("key")
    @classmethod
    def key_is_slug(cls, key: str) -> str:
        if not is_slug(key) or len(key) > SLUG_MAX_LENGTH:
            raise ValueError(
                f"team keys are lowercase words joined by hyphens, e.g. jane-doe, of at most "
                f"{SLUG_MAX_LENGTH} characters"
            )
        if is_reserved_slug(key):  # team/<key>/ would replace the team page or a page of it
            raise ValueError(f"{key!r} is reserved for the site's own pages; pick another key")
        return key

    @field_validator("photo")
    @classmethod
    def photo_is_a_file_of_the_site(cls, photo: str | None) -> str | None:
        return file_of_the_site(photo, "assets/team/jane.jpg")


def default_rating_scale(language: str = "en") -> list[Rating]:
    """The built-in six-step scale, for a site whose mkdocs.yml sets none, with its labels and
    meanings in the site's language where the package has them (locales/<language>/)."""
    data = yaml.safe_load(DEFAULT_RATING_SCALE.read_text(encoding="utf-8"))
    return [Rating.model_validate(rating) for rating in translated_scale(data, language)]


class Settings(BaseModel):
    """What the generator needs to know about the site."""

    model_config = ConfigDict(extra="forbid")

    # From MkDocs' own settings, not the plugin's options.
    site_name: str = "Fact checks"
    site_url: str = ""
    theme_language: str = "en"  # theme.language, which Material's own words follow

    # The language of every word the generator writes, and of its dates and numbers: the
    # theme's language unless set here (say `en-GB` under `theme.language: en`, for
    # "31 March 2014" rather than "March 31, 2014").
    language: str | None = Field(
        default=None,
        description="The site's language, e.g. es, fr, pt-BR, ar (default: theme.language).",
    )

    # Folders, relative to the folder of mkdocs.yml.
    claims_dir: str = Field(default="claims", description="Claim files, one YAML file each.")
    templates_dir: str = Field(
        default="templates",
        description="The site's own page templates; each overrides the built-in one of its name.",
    )
    organisation: Organisation
    rating_scale: list[Rating] = Field(
        default_factory=lambda: default_rating_scale(),
        min_length=1,
        description="Ratings best to worst, then those off the scale (default: the built-in, "
        "in the site's language).",
    )
    contact: Contact = Field(
        description="How readers reach the editors: an email address, a web form, or both."
    )
    team: list[TeamMember] = Field(
        default_factory=list,
        description="Who writes and edits the fact-checks; claim files name them by key.",
    )
    latest_count: int = Field(default=10, ge=1, description="Claims on the home page.")
    # Long lists (all fact-checks, a rating, a claimant, a topic) are split into pages of this
    # many claims, so no page's size or build time grows with the archive.
    claims_per_page: int = Field(default=50, ge=1)
    share_images: bool = Field(
        default=True, description="Draw a PNG card per claim for social media (cached)."
    )
    search: bool = Field(
        default=True, description="Build the Pagefind search index after `mkdocs build`."
    )
    # Where build caches (share images, preview pages) live: outside the working tree by
    # default (the user's cache folder, one folder per project), so a checkout cannot plant
    # them. A relative path is taken from the folder holding mkdocs.yml.
    cache_dir: str | None = Field(
        default=None,
        description="Folder for build caches (default: one per project in the user's cache).",
    )
    # A rating change found in git history needs a `corrections` entry, and a build whose
    # history git cannot read fails. Only a site kept without git history turns this off.
    corrections_from_history: bool = Field(
        default=True,
        description="Read rating changes from git history; false only for a site without one.",
    )
    generator_credit: bool = Field(
        default=False, description="Say in the footer which software made the site."
    )

    @model_validator(mode="before")
    @classmethod
    def built_in_scale_in_the_site_language(cls, data: Any) -> Any:
        """No `rating_scale` (or null, as the plugin passes an unset one): the built-in scale,
        in the site's language."""
        if isinstance(data, dict) and data.get("rating_scale") is None:
            language = data.get("language") or data.get("theme_language") or "en"
            try:
                scale = default_rating_scale(str(language))
            except LanguageError:
                scale = default_rating_scale()  # the language's own check reports the code
            data = {**data, "rating_scale": scale}
        return data

    @field_validator("language")
    @classmethod
    def language_known(cls, language: str | None) -> str | None:
        if language is not None:
            parse_locale(language)  # LanguageError is a ValueError: pydantic words it
        return language

    @model_validator(mode="after")
    def theme_language_known(self) -> Settings:
        if self.language is None:
            try:
                parse_locale(self.theme_language)
            except LanguageError as exc:
                raise ValueError(
                    f"theme.language: {exc}; set the factcheck plugin's `language` option to "
                    "a code Babel knows"
                ) from None
        return self

    @property
    def i18n(self) -> Language:
        """The site's language: its catalogue, plural forms, dates and numbers."""
        return Language(self.language or self.theme_language)

    @field_validator("rating_scale")
    @classmethod
    def keys_unique(cls, ratings: list[Rating]) -> list[Rating]:
        keys = [r.key for r in ratings]
        if len(set(keys)) != len(keys):
            raise ValueError("rating keys must be unique")
        shapes = [r.shape for r in ratings]
        if len(set(shapes)) != len(shapes):
            raise ValueError("each rating needs a shape of its own, so colour is not the only cue")
        return ratings

    @field_validator("team")
    @classmethod
    def team_keys_unique(cls, team: list[TeamMember]) -> list[TeamMember]:
        keys = [member.key for member in team]
        if len(set(keys)) != len(keys):
            raise ValueError("team keys must be unique")
        return team

    @property
    def team_by_key(self) -> dict[str, TeamMember]:
        return {member.key: member for member in self.team}

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


PLUGIN_NAME = "factcheck"
# Keys that come from MkDocs' own settings; the rest are the plugin's options.
SITE_KEYS = ("site_name", "site_url", "theme_language")
OPTION_NAMES = tuple(name for name in Settings.model_fields if name not in SITE_KEYS)


def describe_errors(exc: ValidationError, prefix: str) -> str:
    """pydantic's errors as `prefix` + `rating_scale[2].label: message`, joined by '; '."""
    described = []
    for error in exc.errors():
        where = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
        where = where.lstrip(".")
        described.append(f"{prefix}{where}: {_message(error)}" if where else _message(error))
    return "; ".join(described)


def _message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown option"
    return str(error["msg"]).removeprefix("Value error, ")


def settings_from_options(
    site_name: str, site_url: str | None, options: dict[str, Any], theme_language: str = "en"
) -> Settings:
    site = {"site_name": site_name, "site_url": site_url or "", "theme_language": theme_language}
    try:
        return Settings.model_validate({**options, **site})
    except ValidationError as exc:
        where = f"mkdocs.yml: plugins: {PLUGIN_NAME}: "
        raise SettingsError(describe_errors(exc, where)) from exc


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The `factcheck` plugin's options in a parsed mkdocs.yml; None when it is not listed.

    MkDocs accepts `plugins:` as a list of names or one-key mappings, or as one mapping."""
    plugins = config.get("plugins")
    entries = list(plugins.items()) if isinstance(plugins, dict) else []
    if isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, str):
                entries.append((item, {}))
            elif isinstance(item, dict) and len(item) == 1:
                entries.extend(item.items())
    for name, options in entries:
        if name == PLUGIN_NAME:
            return options or {}
    return None


def read_site_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data (values behind MkDocs-only tags such as !ENV are None)."""
    try:
        raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise SettingsError(f"{config_file}: cannot read site settings: {exc}") from exc
    if not isinstance(raw, dict):
        raise SettingsError(f"{config_file}: not a mapping")
    return raw


def load_settings(config_file: Path) -> Settings:
    raw = read_site_config(config_file)
    options = plugin_options(raw)
    if options is None:
        raise SettingsError(
            f"{config_file}: the {PLUGIN_NAME} plugin is not listed under `plugins:`; "
            f"add `- {PLUGIN_NAME}:` with the site's options (see `factcheck init`)"
        )
    if not isinstance(options, dict):
        raise SettingsError(f"{config_file}: plugins: {PLUGIN_NAME}: options must be a mapping")
    return settings_from_options(
        str(raw.get("site_name", "")), raw.get("site_url"), options, theme_language(raw)
    )


def theme_language(config: dict[str, Any]) -> str:
    """`theme.language` of a parsed mkdocs.yml; English, as in Material, when it sets none."""
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return language if isinstance(language, str) and language else "en"
