"""Content-Security-Policy: every page allows exactly the theme's inline scripts, by hash.

The hashes are computed here from the parsed HTML, independently of scripts/factcheck/csp.py.
JSON data blocks (`application/json`, `application/ld+json`) never run, so need no hash.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from factcheck.csp import PLACEHOLDER, finish_policy
from support import directives, inline_scripts, parse_html, policy_problems, sha256_source


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
