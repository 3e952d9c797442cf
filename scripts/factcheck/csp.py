"""Content-Security-Policy for the static pages, with hashes of the theme's inline scripts.

The theme writes a few small inline scripts (they differ per page, e.g. relative base URLs), so
the policy is finished after each page is rendered: every inline script that a browser would
run is hashed and allowed by hash; nothing else inline can run. Claim text cannot add a script
here: it reaches the page only escaped.
"""

from __future__ import annotations

import base64
import hashlib
import re

PLACEHOLDER = "'fc-inline-script-hashes'"
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_DATA_TYPES = ("application/ld+json", "application/json")


def _runs(attrs: str) -> bool:
    lowered = attrs.lower()
    return "src=" not in lowered and not any(t in lowered for t in _DATA_TYPES)


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in _SCRIPT.finditer(html):
        if _runs(match.group("attrs")):
            digest = hashlib.sha256(match.group("body").encode()).digest()
            hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def finish_policy(html: str) -> str:
    if PLACEHOLDER not in html:
        return html
    return html.replace(PLACEHOLDER, " ".join(inline_script_hashes(html)), 1)
