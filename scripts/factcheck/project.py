"""The pipeline in one place (load, validate, site, render) for the CLI and the hook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .history import rating_changes
from .render import RenderedPage, Renderer
from .settings import Settings, load_settings
from .site import Site, build_site
from .validate import CheckResult, check_claims_dir, check_paths, require_corrections


@dataclass
class Project:
    root: Path
    settings: Settings

    @property
    def claims_dir(self) -> Path:
        return self.root / "claims"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @classmethod
    def from_config_file(cls, config_file: Path) -> Project:
        return cls(config_file.resolve().parent, load_settings(config_file))

    def check(self, paths: list[Path] | None = None) -> CheckResult:
        if paths is None:
            result = check_claims_dir(self.claims_dir, self.root, self.settings)
        else:
            result = check_paths(paths, self.root, self.settings)
        current = {c.slug: c.claim.verdict.rating for c in result.claims}
        changes = rating_changes(self.claims_dir, current) if self.claims_dir.is_dir() else None
        if changes:
            require_corrections(result, changes)
        return result

    def build(self, result: CheckResult) -> tuple[Site, list[RenderedPage]]:
        site = build_site(result.claims, self.settings)
        return site, Renderer(self.templates_dir).render_site(site)
