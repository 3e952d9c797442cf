"""Content-Security-Policy for the static pages, with hashes of the theme's inline scripts.

The theme writes a few small inline scripts (they differ per page, e.g. relative base URLs), so
the policy is finished after each page is rendered: every inline script of the theme is hashed
and allowed by hash; nothing else inline can run. Claim text reaches a page only escaped, and
the policy is the second line of defence should that ever fail: a script inside the page's
content (the theme's `<article class="md-content__inner">`) is never hashed, so a browser
refuses to run it even if it got there.
"""

from __future__ import annotations

import base64
import hashlib
import re

PLACEHOLDER = "'fc-inline-script-hashes'"
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_DATA_TYPES = ("application/ld+json", "application/json")
# Material puts the page's content, and only that, inside this element. Content cannot end it
# early in a way that matters: whatever it writes lies between the theme's opening tag (the
# first) and the theme's closing tag (the last), so that whole span is treated as content.
_CONTENT_START = '<article class="md-content__inner'
_CONTENT_END = "</article>"


def _runs(attrs: str) -> bool:
    lowered = attrs.lower()
    return "src=" not in lowered and not any(t in lowered for t in _DATA_TYPES)


def content_span(html: str) -> range:
    """Character positions of the page's content; empty when the page has none."""
    start = html.find(_CONTENT_START)
    end = html.rfind(_CONTENT_END)
    if start == -1 or end < start:
        return range(0)
    return range(start, end + len(_CONTENT_END))


def inline_script_hashes(html: str) -> list[str]:
    content = content_span(html)
    hashes = []
    for match in _SCRIPT.finditer(html):
        if match.start() in content or not _runs(match.group("attrs")):
            continue
        digest = hashlib.sha256(match.group("body").encode()).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def finish_policy(html: str) -> str:
    if PLACEHOLDER not in html:
        return html
    return html.replace(PLACEHOLDER, " ".join(inline_script_hashes(html)), 1)


# MkDocs' live-reload script, as `mkdocs serve` adds it before </body>.
_LIVE_RELOAD_START = b"<script>\nvar livereload = function("
_POLICY_SCRIPT_SRC = b"script-src "


def allow_live_reload(html: bytes, nonce: str) -> bytes:
    """A served preview page whose policy lets MkDocs' live-reload script run, and only it.

    The script gets a nonce that its response alone carries; the published site never
    contains one, so its policy stays as strict as before."""
    start = html.rfind(_LIVE_RELOAD_START)
    if start == -1:
        return html
    tag = f'<script nonce="{nonce}">'.encode()
    html = html[:start] + tag + html[start + len(b"<script>") :]
    return html.replace(_POLICY_SCRIPT_SRC, _POLICY_SCRIPT_SRC + f"'nonce-{nonce}' ".encode(), 1)
