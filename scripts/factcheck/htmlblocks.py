"""Hand MkDocs the raw HTML of generated pages set aside, so it parses only their Markdown.

Generated pages are nearly all raw HTML blocks (that is how claim text stays text). MkDocs and
Python-Markdown each run Python's html.parser over every raw block, which was two thirds of a
plain MkDocs build of these pages. The generator wrote that HTML and knows its shape, so before
Markdown runs, each top-level raw block is replaced by a one-word placeholder paragraph, and
after Markdown has run the placeholder is swapped back for the block, byte for byte. Headings
and any other Markdown a template writes still go through Markdown (table of contents, heading
anchors and attribute lists unchanged).

Blocks are found by counting open and close tags line by line. Claim text cannot add tags:
autoescaping turns its `<` into `&lt;`, and the analysis HTML comes balanced from the
sanitiser. Whenever the count does not come out even (a template with an unclosed tag, say),
the page goes to Markdown untouched, exactly as without this module.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

# Python-Markdown's block-level elements that templates start blocks with. A line that starts
# with any other tag (`<span>`, `<a>`) is a Markdown paragraph, and stays one.
_BLOCK_LEVEL = {
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl",
    "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
}  # fmt: skip
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def _depth_change(line: str) -> int:
    if "<" not in line:
        return 0  # most lines of analysis text
    if "<!--" in line:
        line = _COMMENT.sub("", line)
    change = 0
    for closing, name, self_closing in _TAG.findall(line):
        name = name.lower()
        if name in _VOID or self_closing:
            continue
        change += -1 if closing else 1
    return change


def _first_tag(line: str) -> str:
    match = _TAG.match(line.lstrip())
    return match.group(2).lower() if match and not match.group(1) else ""


def split_blocks(markdown: str) -> tuple[list[str | int], list[str]] | None:
    """The page as Markdown lines, with block numbers where blocks stood, and the blocks.

    Returns None when the page's tags do not balance; then nothing is set aside."""
    lines = markdown.split("\n")
    out: list[str | int] = []
    blocks: list[str] = []
    current: list[str] = []
    depth = 0

    def flush() -> None:
        if any(line.strip() for line in current):
            out.extend(["", len(blocks), ""])
            blocks.append("\n".join(current).strip("\n"))
        current.clear()

    for line in lines:
        if depth == 0:
            if not line.strip():
                if current:
                    current.append(line)
                else:
                    out.append(line)
                continue
            if _first_tag(line) not in _BLOCK_LEVEL:
                flush()
                if _depth_change(line) != 0:  # a tag left open in Markdown: not ours to judge
                    return None
                out.append(line)
                continue
        current.append(line)
        depth += _depth_change(line)
        if depth < 0:
            return None
    if depth != 0:
        return None
    flush()
    return out, blocks


@dataclass
class HtmlBlocks:
    """Blocks set aside per page between MkDocs' on_page_markdown and on_page_content."""

    # A fresh word per build: claim text cannot guess it, so it cannot fake a placeholder.
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))
    pages: dict[str, list[str]] = field(default_factory=dict)

    def placeholder(self, index: int) -> str:
        return f"fcblock{self.nonce}n{index}"

    def set_aside(self, key: str, markdown: str) -> str:
        split = split_blocks(markdown)
        if split is None:
            return markdown
        lines, blocks = split
        self.pages[key] = blocks
        return "\n".join(
            self.placeholder(line) if isinstance(line, int) else line for line in lines
        )

    def put_back(self, key: str, html: str) -> tuple[str, set[str]]:
        """The page's HTML with its blocks back in place, and the element ids they hold (MkDocs
        checks links to a page's anchors against those)."""
        blocks = self.pages.pop(key, None)
        if not blocks:
            return html, set()
        ids: set[str] = set()
        for index, block in enumerate(blocks):
            marker = f"<p>{self.placeholder(index)}</p>"
            if marker not in html:
                raise RuntimeError(f"{key}: Markdown changed a placeholder ({marker})")
            html = html.replace(marker, block, 1)
            ids.update(_ID.findall(block))
        return html, ids
