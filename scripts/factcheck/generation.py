"""What one site build needs from the generator, in plain data the MkDocs hook can hand over.

Kept free of MkDocs imports: the hook converts these results into MkDocs files and errors.
"""

from __future__ import annotations

import datetime as dt
import gc
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from . import paths
from .cache import CacheError, CacheFolder, project_cache_dir
from .history import forget_history, last_changed
from .i18n import ENGLISH, Language
from .load import display_path_for
from .outputs import site_files
from .problems import Problem, Severity
from .project import Project
from .render import (
    PageCache,
    RenderedPage,
    Renderer,
    RenderError,
    markdown_to_safe_html,
)
from .settings import SettingsError, read_site_config
from .share_image import ShareImagePlan, plan_share_images, share_image_problems
from .slugs import is_reserved_slug
from .trust import UntrustedCheckout, check_checkout
from .validate import forget_validated


class GenerationError(Exception):
    """Something the editor or maintainer must fix; the message is ready to print."""


@dataclass
class Generation:
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    files: dict[str, bytes | Path] = field(default_factory=dict)  # feeds, data, images
    # Preview only: pages written to files that change only when their text changes, so
    # `mkdocs serve --dirty` rebuilds just the pages an edit affected.
    backing: dict[str, Path] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # preview only: pages this build rewrote
    # Every share image's site path: drawn here, or by the caller (generate's `start_images`).
    planned_images: set[str] = field(default_factory=set)
    site_url: str = ""
    docs_dates: dict[str, dt.date] = field(default_factory=dict)  # hand-written pages, from git
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    language: Language = ENGLISH  # of the dates on hand-written pages

    def page_meta(self, src_uri: str) -> dict[str, Any] | None:
        """Values for MkDocs' page.meta, escaped once: themes print page.meta raw.

        `revision_date` is when a hand-written page last changed (from git), which the page
        shows; generated pages show their own dates. `audience: editors` gives a page the
        editors' layout (hand-written pages say so in their front matter)."""
        page = self.pages.get(src_uri)
        if page is None:
            day = self.docs_dates.get(src_uri)
            return {"revision_date": self.language.date(day)} if day else None
        meta: dict[str, Any] = {
            "title": html.escape(page.title, quote=True),
            "description": html.escape(page.description, quote=True),
        }
        meta["section"] = paths.section_of(page.url)  # the readers' menu marks it
        if page.for_editors:
            meta["audience"] = "editors"
        if page.rating_label:
            meta["rating_label"] = html.escape(page.rating_label, quote=True)
        if page.claimreview_json:
            meta["claimreview"] = page.claimreview_json
            meta["og_type"] = "article"
        if page.feed:
            meta["feed"] = page.feed
        if page.translations:
            meta["translations"] = [
                {"language": html.escape(code, quote=True), "url": html.escape(url, quote=True)}
                for code, url in page.translations.items()
            ]
        image = paths.share_image(Path(page.src_uri).stem)
        if page.claimreview_json and (image in self.files or image in self.planned_images):
            meta["og_image"] = html.escape(self.site_url.rstrip("/") + "/" + image, quote=True)
        return meta


def generate(
    project: Project,
    *,
    preview: bool,
    link_base: str | None = None,
    config_file: Path | None = None,
    site_dir: Path | None = None,
    page_cache: PageCache | None = None,
    start_images: Callable[[ShareImagePlan], object] | None = None,
) -> Generation:
    """Check every claim and render every page.

    `start_images`: the caller draws the share images, and publishes them at each path of
    `planned_images`; it gets their plan before the pages are rendered, so it can draw them
    meanwhile. Without it, they are drawn here and are among the generated files.

    In a build, any error raises GenerationError before the site folder is touched. In a
    preview, valid claims are rendered and each broken claim gets a page showing its problems,
    so the editor sees them in the browser and the server keeps running. `link_base` makes
    links between generated pages start from the site's root (see Renderer): `factcheck
    render` writes pages for engines that resolve relative links differently.

    Before anything else, a checkout holding something the build must not trust (trust.py)
    raises GenerationError. `site_dir` is the folder the engine is about to clean and write.
    """
    config_file = config_file or project.root / "mkdocs.yml"
    try:
        cache_dir = project_cache_dir(project.root, project.settings.cache_dir)
        check_checkout(
            project.root, config_file, read_site_config(config_file),
            templates_dir=project.root / project.settings.templates_dir,
            site_dir=site_dir, cache_dir=cache_dir, scan_site=not preview,
        )  # fmt: skip
        return _generate(project, cache_dir, preview, link_base, page_cache, start_images)
    except (SettingsError, UntrustedCheckout, CacheError) as exc:
        raise GenerationError(str(exc)) from exc


def _generate(
    project: Project,
    cache_dir: Path,
    preview: bool,
    link_base: str | None,
    page_cache: PageCache | None,
    start_images: Callable[[ShareImagePlan], object] | None = None,
) -> Generation:
    settings = project.settings
    _require_team_photos(project)
    result = project.check()
    generation = Generation(errors=result.errors, warnings=result.warnings, language=settings.i18n)
    if result.errors and not preview:
        return generation
    try:
        site = project.site(result, preview=preview)
        # The preview is for pages: feeds and data files (like share images and the search
        # index) are made by a build, which keeps each save's rebuild quick in a large archive.
        plan = None
        if settings.share_images and not preview:
            plan = plan_share_images(site, cache_dir / "share-images")
            generation.planned_images = plan.site_paths
            generation.warnings += share_image_problems(site)
            if start_images is not None:
                start_images(plan)  # drawn while the pages below are rendered
        pages = project.pages(site, link_base=link_base, cache=page_cache if preview else None)
        generation.pages = {p.src_uri: p for p in pages}
        generation.files = {} if preview else dict(site_files(site, pages))
        generation.files[paths.RATINGS_STYLESHEET] = project.renderer().stylesheet(site)
        generation.site_url = settings.site_url
        generation.docs_dates = last_changed(project.docs_dir)
        if plan is not None and start_images is None:
            generation.files.update(plan.draw())
        if result.errors:
            renderer = project.renderer()
            for slug in result.invalid_slugs:
                if is_reserved_slug(slug):
                    continue  # its address is a page of the list: the log names the problem
                page = _error_page(renderer, slug, result.errors)
                generation.pages[page.src_uri] = page
        if preview:
            # after the error pages, so a page going from error back to normal is rewritten
            written = page_cache.written if page_cache is not None else None
            generation.backing, generation.changed = write_preview_pages(
                cache_dir / "preview", generation.pages, written
            )
        else:
            # A build runs once: caches that speed up the next preview build would only hold
            # memory (a tenth of a 10,000-claim build's) while MkDocs does its part.
            forget_validated()
            forget_history()
            markdown_to_safe_html.cache_clear()
            gc.collect()  # related claims link both ways: cycles only the collector frees
    except RenderError as exc:
        raise GenerationError(str(exc)) from exc
    except TemplateSyntaxError as exc:
        where = display_path_for(Path(exc.filename), project.root) if exc.filename else exc.name
        raise GenerationError(f"{where}:{exc.lineno}: template error: {exc.message}") from exc
    except TemplateError as exc:
        raise GenerationError(f"template error: {exc}") from exc
    return generation


def _require_team_photos(project: Project) -> None:
    """A team photo names a file under docs/; a typo there would show readers a broken image."""
    for index, member in enumerate(project.settings.team):
        if member.photo and not (project.docs_dir / member.photo).is_file():
            raise GenerationError(
                f"mkdocs.yml: plugins: factcheck: team[{index + 1}].photo: "
                f"docs/{member.photo} does not exist (put the picture there, or fix the path)"
            )


def write_preview_pages(
    folder: Path, pages: dict[str, RenderedPage], written: dict[str, str] | None = None
) -> tuple[dict[str, Path], set[str]]:
    """Write each page into the preview cache (never docs/), touching only changed ones, so
    `serve --dirty` rebuilds only those; return every page's file and the pages written.

    `written` remembers what each file holds from the last build, so an unchanged page costs
    no read (at 10,000 claims, reading every page back took a tenth of a second a save). Never
    reads or writes through a link."""
    cache = CacheFolder(folder)
    backing, changed = {}, set()
    for src_uri, page in pages.items():
        text = page.markdown
        known = written.get(src_uri) if written is not None else None
        if known is None or (known is not text and known != text):
            data = text.encode("utf-8")
            if known is not None or cache.read(src_uri) != data:
                cache.write(src_uri, data)
                changed.add(src_uri)
            if written is not None:
                written[src_uri] = text
        where = _preview_files.get((folder, src_uri))
        if where is None:
            if len(_preview_files) > 200_000:
                _preview_files.clear()
            where = _preview_files[folder, src_uri] = folder / src_uri
        backing[src_uri] = where
    return backing, changed


# (preview folder, page) -> the page's file there: the same 10,000 paths on every save
_preview_files: dict[tuple[Path, str], Path] = {}


def _error_page(renderer: Renderer, slug: str, errors: list[Problem]) -> RenderedPage:
    mine = [p for p in errors if Path(p.path).stem == slug and p.severity is Severity.ERROR]
    url = paths.claim(slug)
    text = renderer.render("error.md.jinja", url, slug=slug, problems=mine)
    return RenderedPage(paths.source_of(url), url, text, f"Problems in {slug}", "Preview error")
