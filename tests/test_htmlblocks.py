"""Setting generated pages' raw HTML aside must not change a byte a reader could notice.

Every page the bundled claims and the hostile fixtures produce is converted twice with the
site's Markdown extensions: as is, and with its HTML blocks set aside and put back. The HTML
must be the same apart from whitespace between tags.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from factcheck.htmlblocks import HtmlBlocks, split_blocks
from factcheck.project import Project
from support import BUILT, PAYLOADS, ROOT, claimant_for, copy_project, dump, hostile_claim, slug_for

EXTENSIONS = ["toc", "attr_list", "admonition", "tables"]


def convert(text: str) -> str:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    return md.convert(text)


def through_blocks(key: str, text: str) -> str:
    blocks = HtmlBlocks()
    html, _ids = blocks.put_back(key, convert(blocks.set_aside(key, text)))
    return html


def same_html(a: str, b: str) -> bool:
    def squeeze(html: str) -> str:
        return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()

    return squeeze(a) == squeeze(b)


def generated_pages(root: Path) -> list[tuple[str, str]]:
    project = Project.from_config_file(root / "mkdocs.yml")
    _site, pages = project.build(project.check())
    return [(page.src_uri, page.markdown) for page in pages]


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    for name in BUILT:
        data = dump(hostile_claim(PAYLOADS[name], claimant_for(name)))
        (project / "claims" / f"{slug_for(name)}.yaml").write_text(data, encoding="utf-8")
    return project


def test_bundled_pages_are_unchanged() -> None:
    pages = generated_pages(ROOT)
    assert len(pages) > 20
    for src_uri, text in pages:
        assert same_html(convert(text), through_blocks(src_uri, text)), src_uri


def test_hostile_pages_are_unchanged(hostile_project: Path) -> None:
    pages = generated_pages(hostile_project)
    claim_pages = [p for p in pages if p[0].startswith("claims/") and p[0] != "claims/index.md"]
    assert len(claim_pages) > 30
    for src_uri, text in pages:
        assert same_html(convert(text), through_blocks(src_uri, text)), src_uri


def test_blocks_are_set_aside_and_headings_kept() -> None:
    text = (
        '<article class="x">\n<h1 id="claim">A</h1>\n</article>\n\n'
        "## Sources\n\n<ul>\n<li>s</li>\n</ul>\n"
    )
    blocks = HtmlBlocks()
    markdown_left = blocks.set_aside("page.md", text)
    assert "<article" not in markdown_left and "<ul>" not in markdown_left
    assert "## Sources" in markdown_left
    html, ids = blocks.put_back("page.md", convert(markdown_left))
    assert ids == {"claim"}
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("article h1#claim").get_text() == "A"
    assert soup.select_one("h2#sources") is not None


def test_heading_text_inside_a_block_stays_text() -> None:
    # analysis text can put "## x" or "[a](javascript:...)" at the start of a line in a block
    text = (
        '<div class="fc-analysis">\n<p>one\n## not a heading\n'
        "[a](javascript:alert(1))</p>\n</div>\n"
    )
    html = through_blocks("page.md", text)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h2") is None and soup.find("a") is None
    assert "## not a heading" in soup.get_text()


def test_markdown_between_blocks_is_still_markdown() -> None:
    text = "<div>\n<p>x</p>\n</div>\n\nSome **bold** text.\n\n<span>inline</span> *em*\n"
    html = through_blocks("page.md", text)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("strong").get_text() == "bold"
    assert soup.find("em").get_text() == "em"  # a line opening with an inline tag is Markdown


@pytest.mark.parametrize(
    "text",
    [
        "<div>\n<p>never closed\n\n## Heading\n",  # a template that forgot a closing tag
        "</div>\n<p>x</p>\n",  # a stray closing tag
        "text <span>left open\n\n<div>x</div>\n",
    ],
)
def test_unbalanced_pages_go_to_markdown_untouched(text: str) -> None:
    assert split_blocks(text) is None
    assert HtmlBlocks().set_aside("page.md", text) == text


def test_a_placeholder_cannot_be_guessed() -> None:
    assert HtmlBlocks().placeholder(0) != HtmlBlocks().placeholder(0)
