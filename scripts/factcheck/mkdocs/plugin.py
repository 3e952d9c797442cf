"""The `factcheck` MkDocs plugin: checks claims before the site folder is touched, then hands
MkDocs the generated pages and files in memory (nothing is written into docs/ or claims/).

All logic lives in the core package; this class converts between its results and MkDocs'
objects. State lives on the instance, which MkDocs keeps for the whole of `mkdocs serve`
because the class defines `on_startup`.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from .. import paths
from ..csp import allow_live_reload, finish_policy
from ..generation import Generation, GenerationError, generate
from ..htmlblocks import HtmlBlocks
from ..minify import squeeze_whitespace
from ..package_data import BUILTIN_THEME
from ..problems import count_problems
from ..project import Project
from ..render import MemoryBytecodeCache, PageCache
from ..search import SearchIndexError, build_search_index
from ..settings import OPTION_NAMES, Settings, SettingsError, settings_from_options
from ..share_image import ShareImagePlan
from ..theme_context import EXTRA_KEY, theme_settings
from .config import FactcheckConfig, unknown_options_as_errors
from .images import ShareImageDrawing
from .preview import DocsLinks, EditedFiles, look_fingerprint, page_output
from .watch import FolderPoller, rebuild_request, stop_quietly

log = logging.getLogger("mkdocs.plugins.factcheck")
_theme_bytecode = MemoryBytecodeCache()  # the theme's templates, compiled once per process


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
    def __init__(self) -> None:
        self.preview = False
        self.settings: Settings | None = None
        self.project: Project | None = None
        self.generation = Generation()
        self.blocks = HtmlBlocks()
        self.outputs: set[str] = set()  # every file the last preview build published
        self.edited = EditedFiles()
        self.dirty = False
        self.page_cache = PageCache()  # the preview's pages, reused while unchanged
        self.built_once = False  # a preview has written every page into the site folder
        self.docs_links = DocsLinks()
        self.drawing: ShareImageDrawing | None = None  # share images drawn beside the build
        self.look = ""  # the site config and theme files the last preview build used
        self.claims_watcher: FolderPoller | None = None  # claims/ under `serve` (watch.py)
        self.page_outputs: dict[tuple[str, str], str] = {}  # (site folder, page URL) -> file

    # ------------------------------------------------------------------ configuration

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[Any, Any]:
        errors, warnings = super().load_config(options, config_file_path)
        return unknown_options_as_errors(errors, warnings)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve"
        self.dirty = dirty
        # `scripts/dev.py serve` uses --dirty on purpose; MkDocs' warning about it on every save
        # would only alarm editors (a published build is always clean).
        build_log = logging.getLogger("mkdocs.commands.build")
        build_log.addFilter(lambda record: "'dirty' build" not in record.getMessage())

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        options = {name: self.config[name] for name in OPTION_NAMES}
        try:
            self.settings = settings_from_options(
                config.site_name, config.site_url, options, _theme_language(config)
            )
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        root = Path(config.config_file_path).resolve().parent
        self.project = Project(root, self.settings)
        _escape_config_strings(config)
        # What the theme's masthead, menu and footer show (factcheck.theme_context), escaped as
        # the config strings above are: MkDocs prints it without escaping.
        theme = theme_settings(self.settings, Path(config.docs_dir))
        config.extra[EXTRA_KEY] = _escaped(theme)
        # The site's own custom_dir (if any) stays first, so its files override ours one by one.
        position = 1 if config.theme.custom_dir else 0
        if str(BUILTIN_THEME) not in config.theme.dirs:
            config.theme.dirs.insert(position, str(BUILTIN_THEME))
        for stylesheet in (paths.SITE_STYLESHEET, paths.RATINGS_STYLESHEET):
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)
        for script in paths.SITE_SCRIPTS:
            if script not in config.extra_javascript:
                config.extra_javascript.append(script)
        return config

    # ------------------------------------------------------------------ building

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.project is not None
        if self.preview and self.dirty:
            self._rebuild_everything_when_the_look_changed(config)
        if self.preview:
            self.edited.start(self.project.claims_dir, self.project.root)  # read in _report
        try:
            generation = generate(
                self.project,
                preview=self.preview,
                config_file=Path(config.config_file_path),
                site_dir=Path(config.site_dir),
                page_cache=self.page_cache if self.preview else None,
                start_images=self._start_drawing,
            )
        except GenerationError as exc:
            raise PluginError(str(exc)) from None
        self._report(generation)
        if generation.errors and not self.preview:
            count = count_problems(generation.errors)  # with those a long list leaves out
            noun = "problem" if count == 1 else "problems"
            raise PluginError(f"{count} {noun} in claim files; site not built")
        self.generation = generation

    def _start_drawing(self, plan: ShareImagePlan) -> None:
        # before the generator renders its pages: the images are drawn meanwhile, and while
        # MkDocs builds, in processes of their own (mkdocs/images.py)
        self.drawing = ShareImageDrawing(plan)

    def _rebuild_everything_when_the_look_changed(self, config: MkDocsConfig) -> None:
        # the theme files a site can change: its own custom_dir and ours (an installed theme
        # such as Material does not change under a running preview, and has thousands)
        own = [d for d in (config.theme.custom_dir, str(BUILTIN_THEME)) if d]
        look = look_fingerprint(Path(config.config_file_path), own)
        if self.look and look != self.look:
            clean_directory(config.site_dir)  # every page is then older than its source
            self.outputs = set()
            self.built_once = False  # so MkDocs gets every page again
        self.look = look

    def _report(self, generation: Generation) -> None:
        """Errors always; warnings in full only for the files being edited (in a preview), so
        an editor's own file is not lost among the archive's. `factcheck check` lists all."""
        for problem in generation.errors:
            log.error(problem.format())
        if not self.preview:
            for problem in generation.warnings:
                log.info(problem.format())  # `factcheck check --strict` fails on them
            return
        assert self.project is not None
        edited = self.edited.since_last_build(self.project.claims_dir, self.project.root)
        shown = [p for p in generation.warnings if p.path in edited]
        for problem in shown:
            log.warning(problem.format())
        if others := len(generation.warnings) - len(shown):
            files = len({p.path for p in generation.warnings if p.path not in edited})
            other = " other" if shown else ""
            log.info(
                f"{others} warning{'s' if others != 1 else ''} in {files}{other} "
                f"file{'s' if files != 1 else ''}: run `factcheck check` to list them"
            )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        generation = self.generation
        handed = self._pages_to_hand_over(files, config)
        for src_uri, page in generation.pages.items():
            if handed is not None and src_uri not in handed:
                continue
            if existing := files.get_file_from_path(src_uri):
                files.remove(existing)
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if backing := generation.backing.get(src_uri):
                file = File.generated(
                    config, src_uri, abs_src_path=str(backing), inclusion=inclusion
                )
            else:
                file = File.generated(config, src_uri, content=page.markdown, inclusion=inclusion)
            files.append(file)
        for path, content in generation.files.items():
            if existing := files.get_file_from_path(path):
                files.remove(existing)
            if isinstance(content, Path):
                files.append(File.generated(config, path, abs_src_path=str(content)))
            else:
                files.append(File.generated(config, path, content=content))
        if self.preview:
            kept = {self._page_output(config.site_dir, p.url) for p in generation.pages.values()}
            self._remove_stale_outputs({file.abs_dest_path for file in files} | kept)
        return files

    def _page_output(self, site_dir: str, url: str) -> str:
        """The file a page's HTML is written to; worked out once per page, not on every save."""
        key = (site_dir, url)
        output = self.page_outputs.get(key)
        if output is None:
            output = self.page_outputs[key] = str(Path(site_dir) / page_output(url))
        return output

    def _pages_to_hand_over(self, files: Files, config: MkDocsConfig) -> set[str] | None:
        """In a preview after its first build, the generated pages MkDocs must see: those this
        save changed, those in the nav, and those hand-written pages link to (MkDocs resolves
        a link only to a page it knows). The other pages' HTML is already in the site folder,
        which `serve --dirty` never cleans; handing MkDocs 10,000 unchanged pages cost it a
        second a save. None: every page (a build, or a preview's first or full rebuild)."""
        if not (self.preview and self.dirty and self.built_once):
            return None
        generation = self.generation
        in_nav = {src for src, page in generation.pages.items() if page.in_nav}
        linked = self.docs_links.targets(files, Path(config.docs_dir))
        return generation.changed | in_nav | linked

    def _remove_stale_outputs(self, outputs: set[str]) -> None:
        """`serve --dirty` never cleans the site folder: without this, a deleted claim (or a
        topic left empty) would still be served from the last build that made it."""
        for stale in self.outputs - outputs:
            path = Path(stale)
            path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # keep a folder that still holds other files
                path.parent.rmdir()
        self.outputs = outputs

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs makes a new theme environment for every build, so under `serve` Material's
        # templates and ours were compiled again on every save (a sixth of a second); compiled
        # code is kept in memory, never on disk (see render.MemoryBytecodeCache).
        env.bytecode_cache = _theme_bytecode
        return env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if meta := self.generation.page_meta(page.file.src_uri):
            page.meta.update(meta)
        if page.file.src_uri in self.generation.pages:
            return self.blocks.set_aside(page.file.src_uri, markdown)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        html, anchors = self.blocks.put_back(page.file.src_uri, html)
        if anchors and page.present_anchor_ids is not None:
            page.present_anchor_ids |= anchors  # links to #anchors on this page still validate
        return html

    # ------------------------------------------------------------------ finishing pages
    # Whitespace goes first, late enough to follow other plugins' changes; the policy's script
    # hashes are taken last of all, from the final text of every inline script.

    @event_priority(-90)
    def _squeeze_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return squeeze_whitespace(output)

    @event_priority(-100)
    def _finish_page_policy(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return finish_policy(output)

    on_post_page = CombinedEvent(_squeeze_page, _finish_page_policy)

    # 404.html is a theme template, not a page: without these its inline scripts stay blocked.
    @event_priority(-90)
    def _squeeze_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        return squeeze_whitespace(output)

    @event_priority(-100)
    def _finish_template_policy(
        self, output: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return finish_policy(output)

    on_post_template = CombinedEvent(_squeeze_template, _finish_template_policy)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_drawing()

    def _stop_drawing(self) -> None:
        if self.drawing is not None:
            self.drawing.wait()
            self.drawing = None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.built_once = True
        site_dir = Path(config.site_dir)
        # Skipped in preview: the index takes seconds at scale and editors preview single pages.
        if not (self.settings and self.settings.search and not self.preview):
            self._publish_share_images(site_dir)
            return
        # The index reads only the pages, so it is built while the last share images are drawn.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index") as pool:
            indexing = pool.submit(build_search_index, site_dir)
            self._publish_share_images(site_dir)  # the pool waits for the index either way
        try:
            indexing.result()
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None

    def _publish_share_images(self, site_dir: Path) -> None:
        if self.drawing is not None:
            drawing, self.drawing = self.drawing, None
            try:
                drawing.publish(site_dir)
            except OSError as exc:
                raise PluginError(f"share images: {exc}") from None

    # ------------------------------------------------------------------ preview

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        assert self.project is not None
        claims = self.project.claims_dir
        request = rebuild_request(server)
        if request is not None and claims.is_dir():
            stop_quietly(self.claims_watcher)
            self.claims_watcher = FolderPoller(claims, request)
            self.claims_watcher.start()
        elif claims.is_dir():
            server.watch(str(claims))
        for folder in (*self.project.template_dirs, BUILTIN_THEME):
            if folder.is_dir():
                server.watch(str(folder))
        _let_live_reload_run(server)
        _set_aside_what_the_first_build_keeps()
        return server

    def on_shutdown(self) -> None:
        stop_quietly(self.claims_watcher)
        self.claims_watcher = None


# Settings Material prints into every page. MkDocs renders theme templates without
# autoescaping, so a site name such as `<i>Desk</i> & Co` would become markup.
_PRINTED_CONFIG = ("site_name", "site_description", "site_author", "copyright", "repo_name")


def _escape_config_strings(config: MkDocsConfig) -> None:
    """Each printed setting becomes escaped Markup: templates print it as text, and Jinja's
    `| e` in the few places that already escape leaves it as it is (no double escaping)."""
    for key in _PRINTED_CONFIG:
        value = config[key]
        if isinstance(value, str) and not isinstance(value, Markup):
            config[key] = Markup(escape(value))
    if config.repo_url and not isinstance(config.repo_url, Markup):
        config.repo_url = Markup(escape(config.repo_url))


def _theme_language(config: MkDocsConfig) -> str:
    language = config.theme.get("language")
    return language if isinstance(language, str) and language else "en"


def _escaped(value: Any) -> Any:
    """Every string in nested data as escaped Markup, for templates that print it raw."""
    if isinstance(value, str):
        return Markup(escape(value))
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def _set_aside_what_the_first_build_keeps() -> None:
    """Called once the first build is done and its leftovers are garbage: what remains (every
    claim read and validated, every page rendered, kept for the next saves) lives as long as
    the preview. Python's cycle collector otherwise went through all of it again every few
    saves, holding a save's rebuild up by two thirds of a second at 10,000 claims. Frozen
    objects are still freed when nothing refers to them any more; only a reference cycle among
    them would outlive them, and these caches make none."""
    gc.collect()
    gc.freeze()


def _let_live_reload_run(server: LiveReloadServer) -> None:
    """MkDocs adds an inline script to every page it serves, which polls for rebuilds and
    reloads the tab. The site's Content-Security-Policy allows no inline script it has not
    hashed, so the browser would refuse it and the preview would never update. Each served
    page gets a fresh nonce for that one script, and nothing else: the published build's
    policy is unchanged, and a script from a claim is still refused in the preview."""
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None:  # a future MkDocs: the browser test for live reload says so
        log.warning("live reload may be blocked by the page's Content-Security-Policy")
        return

    def inject_with_nonce(content: bytes, epoch: int) -> bytes:
        return allow_live_reload(inject(content, epoch), secrets.token_urlsafe(18))

    server._inject_js_into_html = inject_with_nonce  # type: ignore[method-assign]
