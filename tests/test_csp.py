"""Content-Security-Policy: every page allows exactly its own inline scripts, by hash."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from conftest import parse_html

DATA_TYPES = {"application/json", "application/ld+json"}


def script_src(policy: str) -> list[str]:
    for directive in policy.split(";"):
        name, *values = directive.split()
        if name == "script-src":
            return values
    raise AssertionError(f"no script-src in {policy!r}")


def test_every_page_has_a_policy_covering_exactly_its_inline_scripts(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        soup = parse_html(path)
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, path
        policy = meta["content"]
        allowed = script_src(policy)
        assert "'unsafe-inline'" not in allowed and "'unsafe-eval'" not in allowed, path
        assert "'fc-inline-script-hashes'" not in policy, path
        for directive in ("object-src 'none'", "base-uri 'self'", "default-src 'self'"):
            assert directive in policy, (path, directive)
        inline = [
            s
            for s in soup.find_all("script")
            if not s.get("src") and s.get("type") not in DATA_TYPES
        ]
        hashes = {
            "'sha256-" + base64.b64encode(hashlib.sha256(s.string.encode()).digest()).decode() + "'"
            for s in inline
        }
        assert hashes <= set(allowed), path
        assert {v for v in allowed if v.startswith("'sha256-")} == hashes, path
        referrer = soup.find("meta", attrs={"name": "referrer"})
        assert referrer["content"] == "strict-origin-when-cross-origin", path
