"""Content-Security-Policy: every page allows exactly the theme's inline scripts, by hash.

The hashes are computed here from the parsed HTML, independently of scripts/factcheck/csp.py.
JSON data blocks (`application/json`, `application/ld+json`) never run, so need no hash.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import parse_html
from factcheck.csp import PLACEHOLDER, finish_policy

DATA_TYPES = {"application/json", "application/ld+json"}
# What scripts may come from: the site itself, Pagefind's WebAssembly, and hashed inline code.
SCRIPT_KEYWORDS = {"'self'", "'wasm-unsafe-eval'"}
REQUIRED = ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'")


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in policy.split(";"):
        if directive.strip():
            name, *values = directive.split()
            parsed[name] = values
    return parsed


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def inline_scripts(soup: BeautifulSoup) -> list[str]:
    """The bodies of the scripts a browser would run from the page itself."""
    return [
        s.string or ""
        for s in soup.find_all("script")
        if not s.get("src") and s.get("type") not in DATA_TYPES
    ]


def policy_problems(soup: BeautifulSoup, where: str) -> list[str]:
    """Why this page's policy would let something run that it should not, or block the theme."""
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    if len(metas) != 1 or metas[0].find_parent("head") is None:
        return [f"{where}: {len(metas)} policies, expected one in <head>"]
    policy = metas[0]["content"]
    problems = [f"{where}: lacks {d!r}" for d in REQUIRED if d not in policy]
    script_src = directives(policy).get("script-src", [])
    hashes = {v for v in script_src if v.startswith("'sha256-")}
    if extra := set(script_src) - hashes - SCRIPT_KEYWORDS:
        problems.append(f"{where}: script-src also allows {sorted(extra)}")
    if PLACEHOLDER in policy:
        problems.append(f"{where}: policy never finished")
    inline = {sha256_source(body) for body in inline_scripts(soup)}
    if missing := inline - hashes:
        problems.append(f"{where}: {len(missing)} inline script(s) not allowed by hash")
    if unused := hashes - inline:
        problems.append(f"{where}: {len(unused)} hash(es) for scripts the page does not have")
    referrer = soup.find("meta", attrs={"name": "referrer"})
    if referrer is None or referrer["content"] != "strict-origin-when-cross-origin":
        problems.append(f"{where}: no strict referrer policy")
    return problems


def test_every_page_has_a_policy_covering_exactly_its_inline_scripts(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    problems = []
    for path in pages:
        problems += policy_problems(parse_html(path), str(path.relative_to(built_site)))
    assert problems == []
    assert inline_scripts(parse_html(built_site / "index.html")), "theme scripts not seen"


def script_src_of(html: str) -> list[str]:
    meta = BeautifulSoup(html, "html.parser").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"}
    )
    return directives(meta["content"])["script-src"]


def test_a_script_that_got_into_a_pages_content_is_not_allowed(built_site: Path) -> None:
    """Defence in depth: were escaping ever to fail, the browser still refuses the script."""
    built = (built_site / "claims" / "index.html").read_text(encoding="utf-8")
    allowed = script_src_of(built)
    hashes = " ".join(v for v in allowed if v.startswith("'sha256-"))
    unfinished = built.replace(hashes, PLACEHOLDER, 1)
    assert finish_policy(unfinished) == built  # the page as the build finished it

    injected = "<script>fcxss()</script>"
    page = unfinished.replace('<h1 id="all-fact-checks">', injected + "<h1>", 1)
    assert injected in page
    assert script_src_of(finish_policy(page)) == allowed
    assert sha256_source("fcxss()") not in allowed


def test_the_preview_lets_only_the_live_reload_script_run(built_site: Path) -> None:
    """`mkdocs serve` adds an inline live-reload script to each page it serves: that script,
    and no other, gets a nonce the policy names, fresh for each response."""
    from mkdocs.livereload import LiveReloadServer

    from factcheck.csp import allow_live_reload

    built = (built_site / "claims" / "index.html").read_text(encoding="utf-8")
    injected = "<script>fcxss()</script>"
    page = built.replace('<h1 id="all-fact-checks">', injected + "<h1>", 1).encode()
    served = LiveReloadServer._inject_js_into_html(None, page, 42)  # type: ignore[arg-type]
    allowed = allow_live_reload(served, "n0nce").decode()

    soup = BeautifulSoup(allowed, "html.parser")
    with_nonce = [s for s in soup.find_all("script") if s.get("nonce")]
    assert len(with_nonce) == 1 and "livereload(42," in with_nonce[0].string
    script_src = script_src_of(allowed)
    assert "'nonce-n0nce'" in script_src and "'unsafe-inline'" not in script_src
    assert soup.find("script", string="fcxss()").get("nonce") is None
    assert sha256_source("fcxss()") not in script_src
    assert allow_live_reload(page, "n0nce") == page  # a page MkDocs did not add to is untouched
