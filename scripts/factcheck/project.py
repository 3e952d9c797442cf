"""The pipeline in one place (load, validate, site, render) for the CLI and the hook."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .history import CurrentClaim, GitError, read_history
from .load import display_path_for
from .package_data import BUILTIN_TEMPLATES
from .render import PageCache, RenderedPage, Renderer
from .rules import history_unreadable, moved_claim_warnings, require_corrections
from .settings import Settings, load_settings
from .site import Site, build_site, publishable
from .validate import CheckResult, check_claims_dir, check_paths


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Loading and rendering make dozens of objects per claim that all live until the build
    ends, and Python's cycle collector rescans them over and over: at 10,000 claims that was
    a third of `check`. This work makes no reference cycles, so the collector can wait."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Project:
    root: Path
    settings: Settings

    @property
    def claims_dir(self) -> Path:
        return self.root / self.settings.claims_dir

    @property
    def template_dirs(self) -> list[Path]:
        """The site's own templates first: each replaces the built-in one of the same name."""
        return [self.root / self.settings.templates_dir, BUILTIN_TEMPLATES]

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    def renderer(self, link_base: str | None = None, cache: PageCache | None = None) -> Renderer:
        """See Renderer for `link_base` (default: links relative to each page) and `cache`."""
        return Renderer(
            self.template_dirs, link_base=link_base, cache=cache, language=self.settings.i18n
        )

    @classmethod
    def from_config_file(cls, config_file: Path) -> Project:
        return cls(config_file.resolve().parent, load_settings(config_file))

    def check(self, paths: list[Path] | None = None) -> CheckResult:
        with collector_paused():
            return self._check(paths)

    def _check(self, paths: list[Path] | None) -> CheckResult:
        if paths is None:
            result = check_claims_dir(self.claims_dir, self.root, self.settings)
        else:
            result = check_paths(paths, self.root, self.settings)
        if self.settings.corrections_from_history and self.claims_dir.is_dir():
            self._apply_history(result, everything=paths is None)
        return result

    def _apply_history(self, result: CheckResult, everything: bool) -> None:
        """Rating changes need corrections; renamed and removed claims need their old address
        kept. Removals are only looked for when all of claims/ was checked."""
        # only what readers can see: an unpublished claim's rating may change freely
        current = {
            c.slug: CurrentClaim(c.claim.verdict.rating, tuple(c.claim.aliases))
            for c in publishable(result.claims, dt.date.today())
        }
        present = {c.slug for c in result.claims} | set(result.invalid_slugs)
        try:
            history = read_history(self.claims_dir, current, present if everything else None)
        except GitError as exc:
            result.problems.append(
                history_unreadable(display_path_for(self.claims_dir, self.root), exc)
            )
            return
        if history is None:
            return
        result.problems.extend(moved_claim_warnings(result, history, self.claims_dir, self.root))
        require_corrections(result, history.changes)

    def build(
        self,
        result: CheckResult,
        *,
        preview: bool = False,
        link_base: str | None = None,
        cache: PageCache | None = None,
    ) -> tuple[Site, list[RenderedPage]]:
        """The site and its pages (see `site` and `pages`)."""
        site = self.site(result, preview=preview)
        return site, self.pages(site, link_base=link_base, cache=cache)

    def site(self, result: CheckResult, *, preview: bool = False) -> Site:
        """What the site shows, without its pages. A build leaves out drafts and claims
        scheduled for a later day; the preview shows them, each page marked as such."""
        today = dt.date.today()
        claims = result.claims if preview else publishable(result.claims, today)
        with collector_paused():
            return build_site(claims, self.settings, today)

    def pages(
        self, site: Site, *, link_base: str | None = None, cache: PageCache | None = None
    ) -> list[RenderedPage]:
        with collector_paused():
            return self.renderer(link_base, cache).render_site(site)
