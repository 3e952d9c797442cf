"""What one site build needs from the generator, in plain data the MkDocs hook can hand over.

Kept free of MkDocs imports: the hook converts these results into MkDocs files and errors.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from .problems import Problem, Severity
from .project import Project
from .render import RenderedPage, Renderer
from .settings import SettingsError, settings_from_mapping


class GenerationError(Exception):
    """Something the editor or maintainer must fix; the message is ready to print."""


@dataclass
class Generation:
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def page_meta(self, src_uri: str) -> dict[str, Any] | None:
        """Values for MkDocs' page.meta, escaped once: themes print page.meta raw."""
        page = self.pages.get(src_uri)
        if page is None:
            return None
        meta: dict[str, Any] = {
            "title": html.escape(page.title, quote=True),
            "description": html.escape(page.description, quote=True),
        }
        if page.claimreview_json:
            meta["claimreview"] = page.claimreview_json
        return meta


def generate(
    config_file: Path,
    site_name: str,
    site_url: str | None,
    extra: dict[str, Any],
    *,
    preview: bool,
) -> Generation:
    """Check every claim and render every page.

    In a build, any error raises GenerationError before the site folder is touched. In a
    preview, valid claims are rendered and each broken claim gets a page showing its problems,
    so the editor sees them in the browser and the server keeps running.
    """
    try:
        settings = settings_from_mapping(site_name, site_url, extra)
    except SettingsError as exc:
        raise GenerationError(str(exc)) from exc
    project = Project(config_file.resolve().parent, settings)
    result = project.check()
    generation = Generation(errors=result.errors, warnings=result.warnings)
    if result.errors and not preview:
        return generation
    try:
        _site, pages = project.build(result)
        generation.pages = {p.src_uri: p for p in pages}
        if result.errors:
            renderer = Renderer(project.templates_dir)
            for slug in result.invalid_slugs:
                page = _error_page(renderer, slug, result.errors)
                generation.pages[page.src_uri] = page
    except TemplateSyntaxError as exc:
        raise GenerationError(
            f"templates/{exc.name or exc.filename}:{exc.lineno}: template error: {exc.message}"
        ) from exc
    except TemplateError as exc:
        raise GenerationError(f"template error: {exc}") from exc
    return generation


def _error_page(renderer: Renderer, slug: str, errors: list[Problem]) -> RenderedPage:
    mine = [p for p in errors if Path(p.path).stem == slug and p.severity is Severity.ERROR]
    url = f"claims/{slug}/"
    text = renderer.render("error.md.jinja", url, slug=slug, problems=mine)
    return RenderedPage(f"claims/{slug}.md", url, text, f"Problems in {slug}", "Preview error")
