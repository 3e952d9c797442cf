"""The plugin's typed options, each checked by the same pydantic field the CLI checks.

`Settings` (factcheck.settings) is the one definition of every option: its type, default and
limits. Each option here hands its value to that field, so MkDocs reports a bad value as
`plugins: factcheck: option 'claims_per_page': ...` and the CLI, reading mkdocs.yml without
MkDocs, accepts and refuses exactly the same values.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Generic, TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c
from pydantic import TypeAdapter, ValidationError

from ..settings import (
    OPTION_NAMES,
    Contact,
    Organisation,
    Rating,
    Settings,
    TeamMember,
    describe_errors,
)

T = TypeVar("T")
UNKNOWN = "Unrecognised configuration name: "


_FIELD_DEFAULT: Any = object()


class SettingOption(Generic[T], c.BaseConfigOption[T]):
    """`unset=None`: an option left out reaches Settings as None, for a default that depends
    on other options (the built-in rating scale is in the site's language)."""

    def __init__(self, name: str, unset: Any = _FIELD_DEFAULT) -> None:
        super().__init__()
        field = Settings.model_fields[name]
        self.name = name
        annotation = field.annotation
        if field.metadata:  # limits such as ge=1 travel as metadata beside the type
            annotation = Annotated[annotation, *field.metadata]
        self.adapter: TypeAdapter[Any] = TypeAdapter(annotation)
        # not `self.required`: MkDocs sets that on every option of a class-based config
        self.needs_value = field.is_required()
        if not self.needs_value:
            self.default = (
                field.get_default(call_default_factory=True) if unset is _FIELD_DEFAULT else unset
            )

    def run_validation(self, value: object) -> T:
        if value is None and self.needs_value:
            raise c.ValidationError("required option is missing")
        if value is None and self.default is None:
            return None  # type: ignore[return-value]
        try:
            return self.adapter.validate_python(value)
        except ValidationError as exc:
            raise c.ValidationError(describe_errors(exc, "")) from None


class FactcheckConfig(base.Config):
    claims_dir = SettingOption[str]("claims_dir")
    templates_dir = SettingOption[str]("templates_dir")
    organisation = SettingOption[Organisation]("organisation")
    contact = SettingOption[Contact]("contact")
    team = SettingOption[list[TeamMember]]("team")
    rating_scale = SettingOption[list[Rating] | None]("rating_scale", unset=None)
    latest_count = SettingOption[int]("latest_count")
    claims_per_page = SettingOption[int]("claims_per_page")
    share_images = SettingOption[bool]("share_images")
    search = SettingOption[bool]("search")
    cache_dir = SettingOption[str | None]("cache_dir")
    corrections_from_history = SettingOption[bool]("corrections_from_history")
    generator_credit = SettingOption[bool]("generator_credit")
    language = SettingOption[str | None]("language")


def unknown_options_as_errors(
    errors: list[tuple[str, Exception]], warnings: list[tuple[str, str]]
) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
    """MkDocs only warns about an option it does not know, and a typo (`claims_per_pge`) would
    then silently keep the default. Here it is an error that suggests the intended name."""
    kept = []
    for key, message in warnings:
        if message.startswith(UNKNOWN):
            close = difflib.get_close_matches(key, OPTION_NAMES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            known = ", ".join(sorted(OPTION_NAMES))
            errors.append((key, c.ValidationError(f"unknown option{hint} (options: {known})")))
        else:
            kept.append((key, message))
    return errors, kept
