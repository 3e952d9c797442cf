"""MkDocs glue: validate before the site folder is cleaned, then add the pages in memory.

All logic lives in the `factcheck` package; this file only hands MkDocs' objects over.
"""

import contextlib
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from factcheck.csp import finish_policy
from factcheck.generation import Generation, GenerationError, generate
from factcheck.htmlblocks import HtmlBlocks
from factcheck.minify import squeeze_whitespace
from factcheck.search import SearchIndexError, build_search_index

log = logging.getLogger("mkdocs.factcheck")
_state: dict = {
    "preview": False,
    "generation": Generation(),
    "outputs": set(),
    "blocks": HtmlBlocks(),
}


def on_startup(command, dirty):
    _state["preview"] = command == "serve"
    # `scripts/dev.py serve` uses --dirty on purpose; MkDocs' warning about it on every save
    # would only alarm editors (a published build is always clean).
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(lambda record: "'dirty' build" not in record.getMessage())


def on_pre_build(config):
    try:
        generation = generate(
            Path(config.config_file_path),
            config.site_name,
            config.site_url,
            dict(config.extra),
            preview=_state["preview"],
        )
    except GenerationError as exc:
        raise PluginError(str(exc)) from None
    for problem in generation.warnings:
        log.info(problem.format())  # editorial warnings; `factcheck check --strict` fails on them
    for problem in generation.errors:
        log.error(problem.format())
    if generation.errors and not _state["preview"]:
        raise PluginError(f"{len(generation.errors)} problem(s) in claim files; site not built")
    _state["generation"] = generation


def on_files(files, config):
    for src_uri, page in _state["generation"].pages.items():
        if existing := files.get_file_from_path(src_uri):
            files.remove(existing)
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        if backing := _state["generation"].backing.get(src_uri):
            file = File.generated(config, src_uri, abs_src_path=str(backing), inclusion=inclusion)
        else:
            file = File.generated(config, src_uri, content=page.markdown, inclusion=inclusion)
        files.append(file)
    for path, content in _state["generation"].files.items():
        if isinstance(content, Path):
            files.append(File.generated(config, path, abs_src_path=str(content)))
        else:
            files.append(File.generated(config, path, content=content))
    if _state["preview"]:
        _remove_stale_outputs({file.abs_dest_path for file in files})
    return files


def _remove_stale_outputs(outputs: set[str]) -> None:
    """`serve --dirty` never cleans the site folder: without this, a deleted claim (or a topic
    left empty) would still be served from the last build that made it."""
    for stale in _state["outputs"] - outputs:
        path = Path(stale)
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # keep a folder that still holds other files
            path.parent.rmdir()
    _state["outputs"] = outputs


def on_page_markdown(markdown, page, config, files):
    if meta := _state["generation"].page_meta(page.file.src_uri):
        page.meta.update(meta)
    if page.file.src_uri in _state["generation"].pages:
        return _state["blocks"].set_aside(page.file.src_uri, markdown)
    return markdown


def on_page_content(html, page, config, files):
    html, anchors = _state["blocks"].put_back(page.file.src_uri, html)
    if anchors and page.present_anchor_ids is not None:
        page.present_anchor_ids |= anchors  # links to #anchors on this page still validate
    return html


def on_post_page(output, page, config):
    return finish_policy(squeeze_whitespace(output))


def on_post_template(output_content, template_name, config):
    # 404.html is a theme template, not a page: without this its inline scripts stay blocked.
    return finish_policy(squeeze_whitespace(output_content))


def on_post_build(config):
    # Skipped in preview: the index takes seconds at scale and editors preview single pages.
    if config.extra.get("pagefind", True) and not _state["preview"]:
        try:
            build_search_index(Path(config.site_dir))
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None
