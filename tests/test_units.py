"""Small pure functions that every page depends on."""

from __future__ import annotations

import json

import pytest

from factcheck.claimreview import json_for_script
from factcheck.minify import squeeze_whitespace
from factcheck.render import markdown_to_safe_html, relative_url


@pytest.mark.parametrize(
    ("target", "here", "expected"),
    [
        ("claims/x/", "claims/y/", "../x/"),
        ("", "claims/x/", "../../"),
        ("claims/x/", "claims/x/", "./"),
        ("topics/t/", "claims/x/", "../../topics/t/"),
        ("methodology/", "", "methodology/"),
        ("claims/", "claims/x/", "../"),
    ],
)
def test_relative_url_links_site_paths_from_any_page(target: str, here: str, expected: str) -> None:
    assert relative_url(target, here) == expected


def test_json_for_script_cannot_close_the_script_element_and_still_parses() -> None:
    value = {"claim": "</script><script>alert(1)</script><!-- & \u2028"}
    text = json_for_script(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_markdown_is_rendered_then_cleaned() -> None:
    html = markdown_to_safe_html(
        "**bold** [ok](https://example.org) [bad](javascript:alert(1)) <script>x()</script>"
    )
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="nofollow noopener noreferrer"' in html
    assert "javascript:" not in html and "<script" not in html


def test_squeezing_whitespace_keeps_preformatted_text() -> None:
    html = "<div>\n    <p>a\n      b</p>\n\n\n<pre>  keep\n    this</pre>"
    html += "\n  <textarea>\n  x</textarea>"
    assert squeeze_whitespace(html) == (
        "<div>\n<p>a\nb</p>\n<pre>  keep\n    this</pre>\n<textarea>\n  x</textarea>"
    )
